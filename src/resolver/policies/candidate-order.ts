/**
 * The order the solver tries a project's usable releases in (it takes the first one the
 * partial solution allows):
 *
 * 1. the resolution strategy: `highest` first, `lowest` first, or `lowest-direct` (lowest
 *    for the projects a root requirement names, highest for the others), as uv;
 * 2. `--prefer-binary` (pip): every release with a usable wheel before any release with
 *    only an sdist, whatever their versions;
 * 3. a preferred version (an existing pin, kept while it satisfies, as pip-compile does)
 *    before everything.
 */
import type { Version } from '../../pep440/version.js';
import type { ResolutionStrategy } from '../lock-request.js';

export interface OrderedRelease {
  readonly version: Version;
  /** The release has a wheel the target can use. */
  readonly hasWheel: boolean;
}

export interface CandidateOrder {
  strategy: ResolutionStrategy;
  /** A root requirement names the project (for `lowest-direct`). */
  direct: boolean;
  preferBinary: boolean;
  preferred?: Version;
}

/** `releases` (highest version first) in the order to try them. */
export function orderCandidates<R extends OrderedRelease>(releases: readonly R[], o: CandidateOrder): R[] {
  const lowest = o.strategy === 'lowest' || (o.strategy === 'lowest-direct' && o.direct);
  let order = lowest ? [...releases].reverse() : [...releases];
  if (o.preferBinary) order = [...order.filter((r) => r.hasWheel), ...order.filter((r) => !r.hasWheel)];
  const preferred = o.preferred;
  if (preferred !== undefined) {
    const i = order.findIndex((r) => r.version.equals(preferred));
    if (i > 0) order = [order[i]!, ...order.slice(0, i), ...order.slice(i + 1)];
  }
  return order;
}

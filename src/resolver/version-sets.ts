/**
 * The PubGrub solver bound to PEP 440: versions are `Version`, sets of versions are
 * `VersionRange` (sorted unions of intervals). Pre-release policy is not part of a range;
 * the provider applies it to the candidates it lists.
 */
import { Cut } from '../pep440/cut.js';
import { VersionRange } from '../pep440/range.js';
import { Version } from '../pep440/version.js';
import type { VersionSetOps } from './pubgrub/version-set.js';

/**
 * A range in the words users write. The solver excludes candidates one at a time, and a
 * candidate `V` is exactly `V`, not its local versions (`V+local` is another candidate):
 * written exactly, such sets read `==1.0 (excl. local versions)` and
 * `<1.0 (incl. pre-releases of 1.0) | >1.0 (incl. local and post-releases of 1.0)`. For
 * people they are `==1.0` and `!=1.0`: a hole of one version is widened to its local
 * versions for the text (only for the text: the sets stay exact).
 */
function describeRange(range: VersionRange): string {
  const intervals = range.intervals;
  if (intervals.length === 1) {
    const { lower } = intervals[0]!;
    if (lower.kind === 'before' && lower.version !== null && range.equals(VersionRange.singleton(lower.version))) {
      return `==${lower.version}`;
    }
  }
  let widened = false;
  const shown = intervals.map((iv, i) => {
    const previous = intervals[i - 1];
    const v = iv.lower.version;
    if (previous === undefined || iv.lower.kind !== 'after' || v === null || v.hasLocal) return iv;
    if (previous.upper.kind !== 'before' || previous.upper.version === null || !previous.upper.version.equals(v)) return iv;
    widened = true;
    return { lower: Cut.afterLocals(v), upper: iv.upper };
  });
  return (widened ? VersionRange.fromIntervals(shown) : range).toString();
}

export const pep440VersionSets: VersionSetOps<Version, VersionRange> = {
  full: () => VersionRange.full(),
  empty: () => VersionRange.empty(),
  singleton: (v) => VersionRange.singleton(v),
  intersect: (a, b) => a.intersect(b),
  union: (a, b) => a.union(b),
  complement: (a) => a.complement(),
  isEmpty: (a) => a.isEmpty(),
  contains: (a, v) => a.contains(v),
  isSubsetOf: (a, b) => a.isSubsetOf(b),
  equals: (a, b) => a.equals(b),
  toString: describeRange,
  versionToString: (v) => v.toString(),
  compare: (a, b) => Version.compare(a, b),
  between: (lower, upper) => VersionRange.between(lower === undefined ? Cut.MIN : Cut.before(lower), upper === undefined ? Cut.MAX : Cut.before(upper)),
};

/**
 * The derivation graph as plain data (for `--json`): every node once, with the
 * incompatibility's terms and cause in words and in structure.
 */
import type { Incompatibility } from './incompatibility.js';
import { Wording, type ExplainContext } from './wording.js';

export interface DerivationTermJSON {
  readonly package: string;
  /** false: the term says "not in versions". */
  readonly positive: boolean;
  /** As `toString` of the version set; `*` for every version. */
  readonly versions: string;
}

export type DerivationCauseJSON =
  | { readonly kind: 'root'; readonly package: string; readonly versions: string; readonly source?: string }
  | { readonly kind: 'constraint'; readonly package: string; readonly versions: string; readonly source?: string }
  | { readonly kind: 'no-versions'; readonly package: string; readonly versions: string }
  | { readonly kind: 'unavailable'; readonly package: string; readonly versions: string; readonly reason: string }
  | {
      readonly kind: 'dependency';
      readonly package: string;
      readonly versions: string;
      readonly dependency: string;
      readonly dependencyVersions: string;
    }
  | { readonly kind: 'derived'; readonly cause1: number; readonly cause2: number };

export interface DerivationNodeJSON {
  readonly id: number;
  readonly terms: readonly DerivationTermJSON[];
  readonly cause: DerivationCauseJSON;
}

export interface DerivationTreeJSON {
  /** The id of the empty incompatibility that proves there is no solution. */
  readonly root: number;
  /** Causes before the incompatibilities derived from them. */
  readonly nodes: readonly DerivationNodeJSON[];
}

export function derivationTreeToJSON<P, V, S>(
  root: Incompatibility<P, S>,
  context: ExplainContext<P, V, S>,
): DerivationTreeJSON {
  const w = new Wording(context);
  const range = (s: S) => (w.isFull(s) ? '*' : context.sets.toString(s));
  const nodes: DerivationNodeJSON[] = [];
  const seen = new Set<Incompatibility<P, S>>();
  const visit = (i: Incompatibility<P, S>): void => {
    if (seen.has(i)) return;
    seen.add(i);
    const c = i.cause;
    if (c.kind === 'derived') {
      visit(c.cause1);
      visit(c.cause2);
    }
    const terms = i.terms.map((t) => ({ package: w.name(t.package), positive: t.term.positive, versions: range(t.term.set) }));
    nodes.push({ id: i.id, terms, cause: causeJSON() });
    function causeJSON(): DerivationCauseJSON {
      switch (c.kind) {
        case 'derived':
          return { kind: 'derived', cause1: c.cause1.id, cause2: c.cause2.id };
        case 'root':
        case 'constraint':
          return {
            kind: c.kind,
            package: w.name(c.package),
            versions: range(c.versions),
            ...(c.source === undefined ? {} : { source: c.source }),
          };
        case 'no-versions':
          return { kind: c.kind, package: w.name(c.package), versions: range(c.versions) };
        case 'unavailable':
          return { kind: c.kind, package: w.name(c.package), versions: range(c.versions), reason: c.reason };
        case 'dependency':
          return {
            kind: c.kind,
            package: w.name(c.package),
            versions: range(c.versions),
            dependency: w.name(c.dependency),
            dependencyVersions: range(c.dependencyVersions),
          };
      }
    }
  };
  visit(root);
  return { root: root.id, nodes };
}

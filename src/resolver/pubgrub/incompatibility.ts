/**
 * Incompatibilities: sets of terms that must not all hold (solver.md, "Incompatibility").
 *
 * External incompatibilities record a fact about the world and say which one (`cause`);
 * derived ones record the two incompatibilities they were resolved from, which makes the
 * set of them a derivation graph the explanation walks.
 *
 * There is no root package here: a root requirement is the one-term incompatibility
 * `{not foo S}` ("foo must be selected in S"), and the empty incompatibility `{}` means
 * that no solution exists.
 */
import type { Term, TermOps } from './term.js';

export interface PackageTerm<P, S> {
  readonly package: P;
  readonly term: Term<S>;
}

/** Why an incompatibility holds. */
export type IncompatibilityCause<P, S> =
  /** `{not package versions}`: the caller requires package in versions. */
  | { readonly kind: 'root'; readonly package: P; readonly versions: S; readonly source?: string }
  /** `{package ¬versions}`: if package is selected, it is in versions. */
  | { readonly kind: 'constraint'; readonly package: P; readonly versions: S; readonly source?: string }
  /** `{package versions}`: the provider lists no candidate in versions. */
  | { readonly kind: 'no-versions'; readonly package: P; readonly versions: S }
  /** `{package versions}`: these candidates cannot be used, for the provider's reason. */
  | { readonly kind: 'unavailable'; readonly package: P; readonly versions: S; readonly reason: string }
  /** `{package versions, not dependency dependencyVersions}`. */
  | {
      readonly kind: 'dependency';
      readonly package: P;
      readonly versions: S;
      readonly dependency: P;
      readonly dependencyVersions: S;
    }
  /** Resolved from two others during conflict resolution. */
  | { readonly kind: 'derived'; readonly cause1: Incompatibility<P, S>; readonly cause2: Incompatibility<P, S> };

export type ExternalCause<P, S> = Exclude<IncompatibilityCause<P, S>, { kind: 'derived' }>;

export class Incompatibility<P, S> {
  /** Set when a wider incompatibility with the same meaning replaced this one in the store. */
  retired = false;

  constructor(
    /** Unique within one solve; increasing in creation order. */
    readonly id: number,
    /** At most one term per package; no term that always holds. */
    readonly terms: readonly PackageTerm<P, S>[],
    readonly cause: IncompatibilityCause<P, S>,
  ) {}

  get isDerived(): boolean {
    return this.cause.kind === 'derived';
  }

  /** The empty incompatibility: no solution exists. */
  get isTerminal(): boolean {
    return this.terms.length === 0;
  }

  termFor(pkg: P): Term<S> | undefined {
    for (const pt of this.terms) if (pt.package === pkg) return pt.term;
    return undefined;
  }
}

/**
 * Normalizes a list of terms: terms of the same package are intersected, terms that
 * always hold are dropped (solver.md: "normalized so that at most one term refers to
 * any given package name").
 */
export function normalizeTerms<P, V, S>(
  terms: Iterable<PackageTerm<P, S>>,
  ops: TermOps<V, S>,
): PackageTerm<P, S>[] {
  const out: PackageTerm<P, S>[] = [];
  for (const pt of terms) {
    const i = out.findIndex((o) => o.package === pt.package);
    if (i < 0) out.push(pt);
    else out[i] = { package: pt.package, term: ops.intersect(out[i]!.term, pt.term) };
  }
  return out.filter((pt) => !ops.isAny(pt.term));
}

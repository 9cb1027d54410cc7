/**
 * What the solver needs to know about versions and sets of versions.
 *
 * The solver is generic: a version `V` is opaque, and a set of versions `S` is only ever
 * handled through these operations. The PEP 440 binding passes `VersionRange` (a sorted
 * union of intervals); the tests pass a small interval set of their own.
 *
 * Sets must be values: no operation may mutate its arguments.
 */
export interface VersionSetOps<V, S> {
  /** Every version. */
  full(): S;
  /** No version. */
  empty(): S;
  /** Exactly `v`. */
  singleton(v: V): S;
  intersect(a: S, b: S): S;
  union(a: S, b: S): S;
  /** Every version not in `a`. */
  complement(a: S): S;
  isEmpty(a: S): boolean;
  contains(a: S, v: V): boolean;
  /** `a ⊆ b`. */
  isSubsetOf(a: S, b: S): boolean;
  /** Same versions (not merely the same spelling). */
  equals(a: S, b: S): boolean;
  /**
   * The set in the words users write, without the package name: `>=2`, `==1.0`,
   * `>=1,<2`. Explanations write the bare name for the full set and never ask for it;
   * the empty set (a requirement no version can meet) must have a spelling too.
   */
  toString(a: S): string;
  /** A version as users write it: `1.0`. */
  versionToString(v: V): string;
  /**
   * Optional: total order of versions (negative when a < b). With `between` it lets the
   * explanation print `foo>=1.0,<1.2` instead of `foo==1.0 || ==1.1` when both mean the
   * same available versions (as pub does for the ranges of dependers).
   */
  compare?(a: V, b: V): number;
  /** Optional: `lower <= v < upper`; `undefined` is unbounded on that side. */
  between?(lower: V | undefined, upper: V | undefined): S;
}

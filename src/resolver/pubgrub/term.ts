/**
 * Terms: statements about one package (pub's solver.md, "Term").
 *
 * A term denotes a set of states of its package, a state being "not selected" or one
 * selected version. `positive(S)` holds when a version in S is selected; `negative(S)`
 * holds when no version in S is selected, including when the package is not selected at
 * all. So `negative(∅)` is always true, and `positive(full)` means "selected".
 */
import type { VersionSetOps } from './version-set.js';

export interface Term<S> {
  readonly positive: boolean;
  readonly set: S;
}

/** How a set of assignments relates to a term (solver.md, "Term"). */
export const Relation = { Satisfied: 0, Contradicted: 1, Inconclusive: 2 } as const;
export type Relation = (typeof Relation)[keyof typeof Relation];

/** Term algebra over one version-set implementation. */
export class TermOps<V, S> {
  /** The term that always holds: `not ∅`; the accumulated term of an untouched package. */
  readonly any: Term<S>;

  constructor(readonly sets: VersionSetOps<V, S>) {
    this.any = { positive: false, set: sets.empty() };
  }

  positive(set: S): Term<S> {
    return { positive: true, set };
  }

  negative(set: S): Term<S> {
    return { positive: false, set };
  }

  exact(v: V): Term<S> {
    return { positive: true, set: this.sets.singleton(v) };
  }

  negate(t: Term<S>): Term<S> {
    return { positive: !t.positive, set: t.set };
  }

  intersect(a: Term<S>, b: Term<S>): Term<S> {
    const s = this.sets;
    if (a.positive && b.positive) return { positive: true, set: s.intersect(a.set, b.set) };
    if (a.positive) return { positive: true, set: s.intersect(a.set, s.complement(b.set)) };
    if (b.positive) return { positive: true, set: s.intersect(b.set, s.complement(a.set)) };
    return { positive: false, set: s.union(a.set, b.set) };
  }

  union(a: Term<S>, b: Term<S>): Term<S> {
    return this.negate(this.intersect(this.negate(a), this.negate(b)));
  }

  /** `a ⊆ b` as sets of states. */
  isSubset(a: Term<S>, b: Term<S>): boolean {
    const s = this.sets;
    if (a.positive) {
      return b.positive ? s.isSubsetOf(a.set, b.set) : this.disjointSets(a.set, b.set);
    }
    // A negative term holds for "not selected", which no positive term does.
    return b.positive ? false : s.isSubsetOf(b.set, a.set);
  }

  /** `a ∩ b = ∅` as sets of states. */
  isDisjoint(a: Term<S>, b: Term<S>): boolean {
    if (a.positive && b.positive) return this.disjointSets(a.set, b.set);
    if (a.positive) return this.sets.isSubsetOf(a.set, b.set);
    if (b.positive) return this.sets.isSubsetOf(b.set, a.set);
    return false;
  }

  /** The relation of `accumulated` (what the partial solution knows) to `term`. */
  relation(accumulated: Term<S>, term: Term<S>): Relation {
    if (this.isSubset(accumulated, term)) return Relation.Satisfied;
    if (this.isDisjoint(accumulated, term)) return Relation.Contradicted;
    return Relation.Inconclusive;
  }

  /** True for a term no state satisfies (`positive(∅)`). */
  isEmpty(t: Term<S>): boolean {
    return t.positive && this.sets.isEmpty(t.set);
  }

  /** True for a term every state satisfies (`negative(∅)`). */
  isAny(t: Term<S>): boolean {
    return !t.positive && this.sets.isEmpty(t.set);
  }

  contains(t: Term<S>, v: V): boolean {
    return t.positive === this.sets.contains(t.set, v);
  }

  equals(a: Term<S>, b: Term<S>): boolean {
    return a.positive === b.positive && this.sets.equals(a.set, b.set);
  }

  private disjointSets(a: S, b: S): boolean {
    return this.sets.isEmpty(this.sets.intersect(a, b));
  }
}

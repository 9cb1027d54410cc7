/**
 * The partial solution: the ordered list of assignments (decisions and derivations) the
 * solver currently believes (solver.md, "Partial Solution").
 *
 * Each package keeps its own assignments with their running intersection, so that "what
 * is known of foo" is one lookup and finding the satisfier of an incompatibility is a
 * binary search per term (the running intersection only ever narrows).
 */
import { InternalError } from '../../errors.js';
import type { Incompatibility } from './incompatibility.js';
import type { Term, TermOps } from './term.js';

export interface Assignment<P, V, S> {
  readonly package: P;
  readonly term: Term<S>;
  /** Number of decisions at or before this assignment. */
  readonly level: number;
  /** Position in the partial solution. */
  readonly index: number;
  /** The incompatibility this was derived from; undefined for decisions. */
  readonly cause: Incompatibility<P, S> | undefined;
  /** The chosen version, for decisions. */
  readonly version: V | undefined;
  /** Intersection of the package's assignments up to and including this one. */
  readonly accumulated: Term<S>;
}

interface PackageState<P, V, S> {
  readonly assignments: Assignment<P, V, S>[];
  decided: boolean;
}

export interface Satisfier<P, V, S> {
  /** The earliest assignment after which the incompatibility is satisfied. */
  readonly satisfier: Assignment<P, V, S>;
  /** The incompatibility's term for the satisfier's package. */
  readonly term: Term<S>;
  /** Decision level of the previous satisfier; 0 when there is none. */
  readonly previousLevel: number;
}

export class PartialSolution<P, V, S> {
  private readonly trail: Assignment<P, V, S>[] = [];
  private readonly states = new Map<P, PackageState<P, V, S>>();
  level = 0;

  constructor(private readonly terms: TermOps<V, S>) {}

  /** What the partial solution says of `pkg`: the intersection of its assignments. */
  accumulated(pkg: P): Term<S> {
    const list = this.states.get(pkg)?.assignments;
    return list && list.length > 0 ? list[list.length - 1]!.accumulated : this.terms.any;
  }

  isDecided(pkg: P): boolean {
    return this.states.get(pkg)?.decided ?? false;
  }

  /** Must be selected (a positive derivation) but has no version decided yet. */
  isPending(pkg: P): boolean {
    const state = this.states.get(pkg);
    if (!state || state.decided) return false;
    const list = state.assignments;
    return list.length > 0 && list[list.length - 1]!.accumulated.positive;
  }

  decide(pkg: P, version: V): Assignment<P, V, S> {
    this.level++;
    return this.push(pkg, this.terms.exact(version), undefined, version);
  }

  derive(pkg: P, term: Term<S>, cause: Incompatibility<P, S>): Assignment<P, V, S> {
    return this.push(pkg, term, cause, undefined);
  }

  /** Removes every assignment above `level`; returns the packages that lost one. */
  backtrack(level: number): Set<P> {
    const touched = new Set<P>();
    while (this.trail.length > 0 && this.trail[this.trail.length - 1]!.level > level) {
      const a = this.trail.pop()!;
      const state = this.states.get(a.package)!;
      state.assignments.pop();
      if (a.cause === undefined) state.decided = false;
      if (state.assignments.length === 0) this.states.delete(a.package);
      touched.add(a.package);
    }
    this.level = level;
    return touched;
  }

  /** The decided versions. */
  decisions(): Map<P, V> {
    const out = new Map<P, V>();
    for (const a of this.trail) if (a.cause === undefined) out.set(a.package, a.version as V);
    return out;
  }

  get size(): number {
    return this.trail.length;
  }

  /**
   * For an incompatibility the partial solution satisfies: its satisfier and the level
   * of its previous satisfier (solver.md, "Conflict Resolution").
   */
  satisfier(incompat: Incompatibility<P, S>): Satisfier<P, V, S> {
    let best: Assignment<P, V, S> | undefined;
    let bestTerm: Term<S> | undefined;
    let bestPosition = 0;
    let previous: Assignment<P, V, S> | undefined;
    for (const { package: pkg, term } of incompat.terms) {
      const position = this.earliestSatisfying(pkg, term);
      const a = this.states.get(pkg)!.assignments[position]!;
      if (best === undefined || a.index > best.index) {
        if (best !== undefined && (previous === undefined || best.index > previous.index)) previous = best;
        best = a;
        bestTerm = term;
        bestPosition = position;
      } else if (previous === undefined || a.index > previous.index) {
        previous = a;
      }
    }
    if (best === undefined || bestTerm === undefined) {
      throw new InternalError('conflict resolution reached an incompatibility without terms');
    }
    const own = this.earliestSatisfyingWith(best, bestPosition, bestTerm);
    if (own !== undefined && (previous === undefined || own.index > previous.index)) previous = own;
    return { satisfier: best, term: bestTerm, previousLevel: previous?.level ?? 0 };
  }

  private push(pkg: P, term: Term<S>, cause: Incompatibility<P, S> | undefined, version: V | undefined) {
    let state = this.states.get(pkg);
    if (!state) this.states.set(pkg, (state = { assignments: [], decided: false }));
    const list = state.assignments;
    const previous = list.length > 0 ? list[list.length - 1]!.accumulated : undefined;
    const accumulated = previous === undefined ? term : this.terms.intersect(previous, term);
    const a: Assignment<P, V, S> = { package: pkg, term, level: this.level, index: this.trail.length, cause, version, accumulated };
    list.push(a);
    this.trail.push(a);
    if (cause === undefined) state.decided = true;
    return a;
  }

  /** Position (in the package's list) of its first assignment after which `term` is satisfied. */
  private earliestSatisfying(pkg: P, term: Term<S>): number {
    const list = this.states.get(pkg)?.assignments;
    if (!list || list.length === 0 || !this.terms.isSubset(list[list.length - 1]!.accumulated, term)) {
      throw new InternalError('conflict resolution on an incompatibility the partial solution does not satisfy');
    }
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.terms.isSubset(list[mid]!.accumulated, term)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * The first assignment of the satisfier's package, before it, that together with the
   * satisfier satisfies `term` (solver.md: the satisfier may not satisfy the term alone).
   */
  private earliestSatisfyingWith(
    satisfier: Assignment<P, V, S>,
    end: number,
    term: Term<S>,
  ): Assignment<P, V, S> | undefined {
    const list = this.states.get(satisfier.package)!.assignments;
    const holds = (i: number) => this.terms.isSubset(this.terms.intersect(list[i]!.accumulated, satisfier.term), term);
    if (end <= 0 || !holds(end - 1)) return undefined;
    let lo = 0;
    let hi = end - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (holds(mid)) hi = mid;
      else lo = mid + 1;
    }
    return list[lo];
  }
}

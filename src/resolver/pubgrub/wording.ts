/**
 * Packages and version sets in words, for explanations: the context the caller gives
 * (names, candidates) and the simplification of ranges against the candidates.
 */
import type { VersionSetOps } from './version-set.js';

export interface ExplainContext<P, V, S> {
  readonly sets: VersionSetOps<V, S>;
  /** How a package is written: `foo`, `foo[bar]`. */
  display(pkg: P): string;
  /** The package's candidates when the solver listed them (for simpler ranges); else undefined. */
  candidates(pkg: P): readonly V[] | undefined;
}

/** Writes packages and version sets; simplifies ranges against the known candidates. */
export class Wording<P, V, S> {
  private readonly sorted = new Map<P, readonly V[] | undefined>();

  constructor(readonly context: ExplainContext<P, V, S>) {}

  name(pkg: P): string {
    return this.context.display(pkg);
  }

  isFull(set: S): boolean {
    const sets = this.context.sets;
    return sets.equals(set, sets.full());
  }

  /** `foo>=1,<2`; `foo` for every version. */
  versions(pkg: P, set: S): string {
    return this.isFull(set) ? this.name(pkg) : `${this.name(pkg)}${this.context.sets.toString(set)}`;
  }

  /**
   * The simplest set that holds the same candidates as `set` (pub writes `foo>=1.0,<1.2`
   * for "foo 1.0 and 1.1", the versions between being unknown to it). Kept as given when
   * the candidates are unknown, when no candidate is in it, or when it is not shorter.
   */
  simplify(pkg: P, set: S): S {
    const sets = this.context.sets;
    const sorted = this.sortedCandidates(pkg);
    if (sorted === undefined || sorted.length === 0 || sets.between === undefined) return set;
    let simple = sets.empty();
    let runStart = -1;
    let count = 0;
    let only: V | undefined;
    for (let i = 0; i <= sorted.length; i++) {
      const inside = i < sorted.length && sets.contains(set, sorted[i]!);
      if (inside) {
        count++;
        only = sorted[i];
      }
      if (inside && runStart < 0) runStart = i;
      if (!inside && runStart >= 0) {
        const lower = runStart === 0 ? undefined : sorted[runStart];
        const upper = i === sorted.length ? undefined : sorted[i];
        simple = sets.union(simple, sets.between(lower, upper));
        runStart = -1;
      }
    }
    if (sets.isEmpty(simple) || sets.equals(simple, set)) return set;
    if (this.isFull(simple)) return simple;
    if (this.isFull(set)) return set;
    // One candidate: name it (`foo==1.0`), not the gap around it (`foo>=1.0,<1.1`).
    if (count === 1 && only !== undefined) simple = sets.singleton(only);
    return sets.toString(simple).length < sets.toString(set).length ? simple : set;
  }

  /**
   * Whether every candidate in `inner` is in `outer` (the candidates are what the
   * explanation talks about); `inner ⊆ outer` when the candidates are unknown.
   */
  covers(pkg: P, inner: S, outer: S): boolean {
    const sets = this.context.sets;
    const candidates = this.context.candidates(pkg);
    if (candidates === undefined) return sets.isSubsetOf(inner, outer);
    return candidates.every((v) => !sets.contains(inner, v) || sets.contains(outer, v));
  }

  /** The subject of a sentence: `foo==1.0`, `every version of foo`. */
  subject(pkg: P, set: S): string {
    const simple = this.simplify(pkg, set);
    return this.isFull(simple) ? `every version of ${this.name(pkg)}` : this.versions(pkg, simple);
  }

  /**
   * What a conclusion says is required: the range as it is, unless it has holes between
   * its candidates (left by candidates the solver excluded one by one), then simplified:
   * `foo>=16` rather than `foo==16 || ==17 || ==18`.
   */
  required(pkg: P, set: S): string {
    const sets = this.context.sets;
    const inside = this.sortedCandidates(pkg)?.filter((v) => sets.contains(set, v));
    if (inside === undefined || inside.length < 2 || sets.between === undefined) return this.versions(pkg, set);
    const first = inside[0]!;
    const last = inside[inside.length - 1]!;
    const hull = sets.union(sets.between(first, last), sets.singleton(last));
    return sets.isSubsetOf(hull, set) ? this.versions(pkg, set) : this.versions(pkg, this.simplify(pkg, set));
  }

  /** A positive term in a list: `foo==1.0`, `foo`. */
  selected(pkg: P, set: S): string {
    return this.versions(pkg, this.simplify(pkg, set));
  }

  private sortedCandidates(pkg: P): readonly V[] | undefined {
    if (this.sorted.has(pkg)) return this.sorted.get(pkg);
    const compare = this.context.sets.compare;
    const list = this.context.candidates(pkg);
    const sorted = list === undefined || compare === undefined ? undefined : [...list].sort((a, b) => compare(a, b));
    this.sorted.set(pkg, sorted);
    return sorted;
  }
}

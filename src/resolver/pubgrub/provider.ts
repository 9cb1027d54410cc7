/**
 * The solver knows the world only through a provider (as in resolvelib and pubgrub-rs)
 * and tells what it does only through a reporter.
 *
 * Packages `P` are opaque keys compared with `===` (use strings such as `name` or
 * `name[extra]`, or interned objects); versions `V` are the very values the provider
 * listed (the solver hands them back, never copies). A virtual package such as
 * `foo[bar]` is only a package whose dependencies include `foo==<same version>`.
 */
import type { Incompatibility } from './incompatibility.js';

/** `package` in `versions`. */
export interface Dependency<P, S> {
  readonly package: P;
  readonly versions: S;
}

/** What one candidate needs, or why it cannot be used (no metadata, no compatible file…). */
export type Dependencies<P, S> =
  | { readonly kind: 'available'; readonly dependencies: readonly Dependency<P, S>[] }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** A package's candidates in preference order, or why it has none (e.g. not on the index). */
export type PackageVersions<V> = readonly V[] | { readonly unavailable: string };

/** What the solver knows of a package when it chooses which one to decide next. */
export interface PriorityContext<S> {
  /** The versions the partial solution currently allows. */
  readonly versions: S;
  /** How many candidates are in `versions`. */
  readonly candidates: number;
  /** How many conflicts the package has taken part in so far. */
  readonly conflicts: number;
  /** When the solver first met the package: 0, 1, … (root requirements first, in order). */
  readonly discovery: number;
  /** A root requirement names the package. */
  readonly direct: boolean;
}

export interface DependencyProvider<P, V, S> {
  /**
   * Every candidate version, most preferred first: the solver tries the first one the
   * partial solution allows (highest first, lowest first, an existing pin first…).
   * Called at most once per package; the answer must not change during a solve.
   */
  getVersions(pkg: P): Promise<PackageVersions<V>> | PackageVersions<V>;
  /** The dependencies of one candidate. Called at most once per (package, version). */
  getDependencies(pkg: P, version: V): Promise<Dependencies<P, S>> | Dependencies<P, S>;
  /** How the package is written in explanations (default: `String(pkg)`). */
  display?(pkg: P): string;
  /**
   * A hint, called as soon as a dependency on `pkg` is seen — by the solver, or in an
   * answer it fetched ahead — before anything of `pkg` is needed, so that the provider
   * can start fetching (it may be called many times for one package). The solver itself
   * also asks early (see `SolveOptions.speculate`); both are about time, never results.
   */
  prefetch?(pkg: P, versions: S): void;
  /**
   * Which pending package to decide next: the highest number wins; ties go to the
   * package met first. Default: no candidate left, then exactly one candidate, then
   * packages in 5 or more conflicts, then discovery order (root requirements first).
   */
  prioritize?(pkg: P, context: PriorityContext<S>): number;
  /**
   * Which candidate to try, from those allowed (`candidates`, in preference order, all
   * in `versions`). Default: the first. Return one of `candidates` (the same value), or
   * undefined to use none. Also used to guess what to fetch ahead.
   */
  chooseVersion?(pkg: P, versions: S, candidates: readonly V[]): V | undefined;
}

/** Counters a reporter and the result expose; for diagnostics and benchmarks. */
export interface SolverStats {
  /** Versions decided (tentatively chosen), including those later undone. */
  decisions: number;
  /** Incompatibilities found satisfied by the partial solution. */
  conflicts: number;
  /** Jumps back in the partial solution. */
  backtracks: number;
  /** Candidates whose dependencies were read but which were not chosen. */
  rejections: number;
  /** Derivations made by unit propagation. */
  derivations: number;
  /** Incompatibilities created (external, learned and intermediate). */
  incompatibilities: number;
  /** Distinct packages met. */
  packages: number;
  /** Times the solver had to wait for the provider (answers not already there). */
  waits: number;
}

/** Diagnostics, as resolvelib's reporter: every method is optional and must not throw. */
export interface Reporter<P, V, S> {
  /** `pkg==version` was chosen, opening decision level `level`. */
  decided?(pkg: P, version: V, level: number): void;
  /** `pkg==version` was read but not chosen: it conflicts with the partial solution. */
  rejected?(pkg: P, version: V, incompatibility: Incompatibility<P, S>): void;
  /** The partial solution satisfies `incompatibility`: conflict resolution starts. */
  conflict?(incompatibility: Incompatibility<P, S>): void;
  /** Conflict resolution learned `learned` and jumped back to decision level `level`. */
  backtracked?(level: number, learned: Incompatibility<P, S>): void;
  /** Called after each decision step, with running counters. */
  progress?(stats: Readonly<SolverStats>): void;
}

/** The candidates of a `PackageVersions`, or undefined when the package is unavailable. */
export function candidateList<V>(versions: PackageVersions<V>): readonly V[] | undefined {
  return Array.isArray(versions) ? (versions as readonly V[]) : undefined;
}

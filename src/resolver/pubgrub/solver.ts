/**
 * The PubGrub solver (pub's doc/solver.md): unit propagation, decision making, and
 * conflict resolution that learns a new incompatibility and jumps back, until every
 * required package has a version or the empty incompatibility is derived.
 *
 * Asynchronous: the provider may answer with promises; questions are asked early (see
 * ProviderCache) so that a provider behind a network works on many at once. Results do
 * not depend on timing.
 */
import { InternalError } from '../../errors.js';
import type { Incompatibility, PackageTerm } from './incompatibility.js';
import { IncompatibilityStore } from './incompatibility-store.js';
import { NoSolutionError } from './no-solution-error.js';
import { PartialSolution } from './partial-solution.js';
import { PriorityQueue } from './priority-queue.js';
import {
  candidateList,
  type Dependency,
  type DependencyProvider,
  type PriorityContext,
  type Reporter,
  type SolverStats,
} from './provider.js';
import { ProviderCache } from './provider-cache.js';
import { Relation, TermOps, type Term } from './term.js';
import type { VersionSetOps } from './version-set.js';

/** A requirement of the caller: `package` must be installed, in `versions`. */
export interface RootRequirement<P, S> {
  readonly package: P;
  readonly versions: S;
  /** Where it comes from, shown in explanations: `requirements.in:3`. */
  readonly source?: string;
}

export interface SolveOptions<P, V, S> {
  readonly sets: VersionSetOps<V, S>;
  readonly provider: DependencyProvider<P, V, S>;
  /** What must be installed. */
  readonly requirements: readonly RootRequirement<P, S>[];
  /** Constraints (pip's `-c`): if the package is installed at all, it is in `versions`. */
  readonly constraints?: readonly RootRequirement<P, S>[];
  readonly reporter?: Reporter<P, V, S>;
  /** Stops the solve (between steps, or while waiting for the provider); rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Fetch the likely next candidates' dependencies before the solver needs them
   * (default true). Only timing depends on it.
   */
  readonly speculate?: boolean;
}

export interface Resolution<P, V, S> {
  /** One version per installed package, in the order they were decided. */
  readonly versions: ReadonlyMap<P, V>;
  /** The dependencies of each chosen version, as the provider gave them. */
  readonly dependencies: ReadonlyMap<P, readonly Dependency<P, S>[]>;
  readonly stats: Readonly<SolverStats>;
}

/** After this many conflicts a package is decided earlier (uv does the same). */
const CONFLICT_THRESHOLD = 5;
/** At most this many candidates of a package that keeps failing are fetched ahead. */
const MAX_LOOKAHEAD = 32;

/** Finds versions for every requirement, or throws NoSolutionError explaining why none exist. */
export async function solve<P, V, S>(options: SolveOptions<P, V, S>): Promise<Resolution<P, V, S>> {
  const solver = new Solver(options);
  try {
    return await solver.run();
  } finally {
    solver.close();
  }
}

type Check<P, S> =
  | { readonly relation: typeof Relation.Satisfied }
  | { readonly relation: typeof Relation.Contradicted }
  | { readonly relation: typeof Relation.Inconclusive; readonly unsatisfied: PackageTerm<P, S> | undefined };

class Solver<P, V, S> {
  private readonly terms: TermOps<V, S>;
  private readonly store: IncompatibilityStore<P, V, S>;
  private readonly solution: PartialSolution<P, V, S>;
  private readonly cache: ProviderCache<P, V, S>;
  private readonly queue = new PriorityQueue<P>();
  /** Packages whose place in the queue must be recomputed. */
  private readonly dirty = new Set<P>();
  private readonly stamps = new Map<P, number>();
  private readonly discovery = new Map<P, number>();
  private readonly direct = new Set<P>();
  private readonly conflictCounts = new Map<P, number>();
  /** Candidates of each package rejected or given up by a conflict. */
  private readonly failures = new Map<P, number>();
  /** Incompatibility id → decision level at which it was found contradicted. */
  private readonly contradicted = new Map<number, number>();
  /** Per decision level, the ids recorded in `contradicted` at that level. */
  private readonly contradictedByLevel: number[][] = [[]];
  private readonly stats: SolverStats = {
    decisions: 0,
    conflicts: 0,
    backtracks: 0,
    rejections: 0,
    derivations: 0,
    incompatibilities: 0,
    packages: 0,
    waits: 0,
  };

  constructor(private readonly options: SolveOptions<P, V, S>) {
    this.terms = new TermOps(options.sets);
    this.store = new IncompatibilityStore(this.terms);
    this.solution = new PartialSolution(this.terms);
    this.cache = new ProviderCache(options.provider, options.sets, options.speculate ?? true);
  }

  close(): void {
    this.cache.close();
  }

  async run(): Promise<Resolution<P, V, S>> {
    const start = new Set<P>();
    for (const req of this.options.requirements) {
      this.direct.add(req.package);
      this.discover(req.package, req.versions);
      const incompat = this.store.create([{ package: req.package, term: this.terms.negative(req.versions) }], {
        kind: 'root',
        package: req.package,
        versions: req.versions,
        ...(req.source === undefined ? {} : { source: req.source }),
      });
      this.addIncompatibility(incompat);
      start.add(req.package);
    }
    for (const c of this.options.constraints ?? []) {
      const sets = this.options.sets;
      const incompat = this.store.create(
        [{ package: c.package, term: this.terms.positive(sets.complement(c.versions)) }],
        { kind: 'constraint', package: c.package, versions: c.versions, ...(c.source === undefined ? {} : { source: c.source }) },
      );
      this.addIncompatibility(incompat);
      start.add(c.package);
    }
    for (const pkg of start) this.propagate(pkg);
    for (;;) {
      this.options.signal?.throwIfAborted();
      const next = await this.decide();
      this.options.reporter?.progress?.(this.stats);
      if (next === undefined) break;
      this.propagate(next);
    }
    return this.result();
  }

  private result(): Resolution<P, V, S> {
    const versions = this.solution.decisions();
    const dependencies = new Map<P, readonly Dependency<P, S>[]>();
    for (const [pkg, v] of versions) {
      const deps = this.cache.dependencies(pkg, v);
      if (deps instanceof Promise || deps.kind !== 'available') {
        throw new InternalError(`the dependencies of a chosen version of ${this.display(pkg)} are not known`);
      }
      dependencies.set(pkg, deps.dependencies);
    }
    return { versions, dependencies, stats: { ...this.stats } };
  }

  private display(pkg: P): string {
    return this.options.provider.display?.(pkg) ?? String(pkg);
  }

  private addIncompatibility(incompat: Incompatibility<P, S>): void {
    this.stats.incompatibilities++;
    if (incompat.isTerminal) this.fail(incompat);
    this.store.add(incompat);
  }

  private fail(incompat: Incompatibility<P, S>): never {
    throw new NoSolutionError(incompat, {
      sets: this.options.sets,
      display: (p) => this.display(p),
      candidates: (p) => {
        const known = this.cache.knownVersions(p);
        return known === undefined ? undefined : candidateList(known);
      },
    }, this.stats);
  }

  /** A dependency on `pkg` was met: give it a place in the discovery order (once) and fetch ahead. */
  private discover(pkg: P, versions: S): void {
    if (!this.discovery.has(pkg)) {
      this.discovery.set(pkg, this.discovery.size);
      this.stats.packages++;
    }
    this.cache.noticeDependency(pkg, versions);
  }

  // Unit propagation ------------------------------------------------------------------

  /** solver.md, "Unit Propagation". */
  private propagate(start: P): void {
    const changed: P[] = [start];
    const queued = new Set<P>(changed);
    while (changed.length > 0) {
      const pkg = changed.pop()!;
      queued.delete(pkg);
      const list = this.store.forPackage(pkg);
      for (let i = list.length - 1; i >= 0; i--) {
        const incompat = list[i]!;
        if (incompat.retired || this.contradicted.has(incompat.id)) continue;
        const check = this.check(incompat);
        if (check.relation === Relation.Contradicted) {
          this.markContradicted(incompat);
        } else if (check.relation === Relation.Satisfied) {
          const learned = this.resolveConflict(incompat);
          const after = this.check(learned);
          if (after.relation !== Relation.Inconclusive || after.unsatisfied === undefined) {
            throw new InternalError('conflict resolution learned an incompatibility that is not almost satisfied');
          }
          this.deriveFrom(learned, after.unsatisfied);
          changed.length = 0;
          queued.clear();
          changed.push(after.unsatisfied.package);
          queued.add(after.unsatisfied.package);
          break;
        } else if (check.unsatisfied !== undefined) {
          this.deriveFrom(incompat, check.unsatisfied);
          const q = check.unsatisfied.package;
          if (!queued.has(q)) {
            queued.add(q);
            changed.push(q);
          }
        }
      }
    }
  }

  /** Satisfied, contradicted, almost satisfied (one inconclusive term) or inconclusive. */
  private check(incompat: Incompatibility<P, S>): Check<P, S> {
    let unsatisfied: PackageTerm<P, S> | undefined;
    let inconclusive = 0;
    for (const pt of incompat.terms) {
      const r = this.terms.relation(this.solution.accumulated(pt.package), pt.term);
      if (r === Relation.Contradicted) return { relation: Relation.Contradicted };
      if (r === Relation.Inconclusive) {
        if (++inconclusive > 1) return { relation: Relation.Inconclusive, unsatisfied: undefined };
        unsatisfied = pt;
      }
    }
    return unsatisfied === undefined
      ? { relation: Relation.Satisfied }
      : { relation: Relation.Inconclusive, unsatisfied };
  }

  private deriveFrom(incompat: Incompatibility<P, S>, unsatisfied: PackageTerm<P, S>): void {
    this.solution.derive(unsatisfied.package, this.terms.negate(unsatisfied.term), incompat);
    this.stats.derivations++;
    this.dirty.add(unsatisfied.package);
    // The incompatibility now has a contradicted term, until we backtrack past here.
    this.markContradicted(incompat);
  }

  private markContradicted(incompat: Incompatibility<P, S>): void {
    const level = this.solution.level;
    this.contradicted.set(incompat.id, level);
    while (this.contradictedByLevel.length <= level) this.contradictedByLevel.push([]);
    this.contradictedByLevel[level]!.push(incompat.id);
  }

  // Conflict resolution ---------------------------------------------------------------

  /** solver.md, "Conflict Resolution": returns the root cause, having jumped back. */
  private resolveConflict(conflict: Incompatibility<P, S>): Incompatibility<P, S> {
    this.stats.conflicts++;
    this.options.reporter?.conflict?.(conflict);
    for (const { package: pkg } of conflict.terms) this.countConflict(pkg);
    let incompat = conflict;
    for (;;) {
      if (incompat.isTerminal) this.fail(incompat);
      const { satisfier, term, previousLevel } = this.solution.satisfier(incompat);
      if (satisfier.cause === undefined || previousLevel !== satisfier.level) {
        if (incompat !== conflict) this.addIncompatibility(incompat);
        this.backtrack(previousLevel);
        this.options.reporter?.backtracked?.(previousLevel, incompat);
        return incompat;
      }
      const cause = satisfier.cause;
      const pkg = satisfier.package;
      const causeTerm = cause.termFor(pkg);
      if (causeTerm === undefined) throw new InternalError('a derivation whose cause does not mention its package');
      // Resolution: {t1, q} and {t2, r} give {q, r, t1 ∪ t2} (solver.md).
      const merged: PackageTerm<P, S>[] = [];
      for (const pt of incompat.terms) if (pt.package !== pkg) merged.push(pt);
      for (const pt of cause.terms) if (pt.package !== pkg) merged.push(pt);
      merged.push({ package: pkg, term: this.terms.union(term, causeTerm) });
      incompat = this.store.create(merged, { kind: 'derived', cause1: incompat, cause2: cause });
      this.stats.incompatibilities++;
    }
  }

  private backtrack(level: number): void {
    this.stats.backtracks++;
    for (const pkg of this.solution.backtrack(level)) this.dirty.add(pkg);
    for (let l = this.contradictedByLevel.length - 1; l > level; l--) {
      for (const id of this.contradictedByLevel[l]!) {
        if (this.contradicted.get(id) === l) this.contradicted.delete(id);
      }
      this.contradictedByLevel.pop();
    }
  }

  private countConflict(pkg: P): void {
    this.conflictCounts.set(pkg, (this.conflictCounts.get(pkg) ?? 0) + 1);
    this.dirty.add(pkg);
    this.lookAhead(pkg);
  }

  /**
   * A candidate of `pkg` failed: fetch the dependencies of its next candidates in
   * parallel, 2, 4, 8… of them (up to MAX_LOOKAHEAD), as uv prefetches after
   * repeated backtracking. Without this, walking down a long list of versions costs one
   * round trip per version.
   */
  private lookAhead(pkg: P): void {
    const n = (this.failures.get(pkg) ?? 0) + 1;
    this.failures.set(pkg, n);
    const acc = this.solution.accumulated(pkg);
    if (acc.positive) this.cache.prefetchCandidates(pkg, acc.set, Math.min(MAX_LOOKAHEAD, 2 ** n));
  }

  // Decision making -------------------------------------------------------------------

  /** solver.md, "Decision Making": returns the package decided on, or undefined when done. */
  private async decide(): Promise<P | undefined> {
    const pkg = await this.nextPackage();
    if (pkg === undefined) return undefined;
    const acc = this.solution.accumulated(pkg);
    const known = await this.wait(this.cache.versions(pkg));
    const list = candidateList(known);
    if (list === undefined) {
      const reason = (known as { unavailable: string }).unavailable;
      this.stats.incompatibilities++;
      this.store.addUnavailable(pkg, this.options.sets.full(), reason);
      return pkg;
    }
    const version = this.chooseVersion(pkg, acc, list);
    if (version === undefined) {
      this.addIncompatibility(
        this.store.create([{ package: pkg, term: acc }], { kind: 'no-versions', package: pkg, versions: acc.set }),
      );
      return pkg;
    }
    const deps = await this.wait(this.cache.dependencies(pkg, version));
    if (deps.kind === 'unavailable') {
      this.stats.incompatibilities++;
      const incompat = this.store.addUnavailable(pkg, this.options.sets.singleton(version), deps.reason);
      this.stats.rejections++;
      this.lookAhead(pkg);
      this.options.reporter?.rejected?.(pkg, version, incompat);
      return pkg;
    }
    const added = this.addDependencies(pkg, version, deps.dependencies);
    const blocking = added.find((i) => this.wouldConflict(i, pkg));
    if (blocking !== undefined) {
      this.stats.rejections++;
      this.lookAhead(pkg);
      this.options.reporter?.rejected?.(pkg, version, blocking);
      return pkg;
    }
    this.solution.decide(pkg, version);
    this.stats.decisions++;
    this.dirty.add(pkg);
    this.options.reporter?.decided?.(pkg, version, this.solution.level);
    return pkg;
  }

  /** Awaits the provider (counting the times the solver had to), or the abort signal. */
  private wait<T>(answer: T | Promise<T>): T | Promise<T> {
    if (!(answer instanceof Promise)) return answer;
    this.stats.waits++;
    const signal = this.options.signal;
    if (signal === undefined) return answer;
    return new Promise<T>((resolve, reject) => {
      const abort = () => reject(signal.reason);
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      answer.then(
        (value) => {
          signal.removeEventListener('abort', abort);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', abort);
          reject(err);
        },
      );
    });
  }

  private chooseVersion(pkg: P, acc: Term<S>, list: readonly V[]): V | undefined {
    const sets = this.options.sets;
    const choose = this.options.provider.chooseVersion;
    if (choose === undefined) return list.find((v) => sets.contains(acc.set, v));
    const candidates = list.filter((v) => sets.contains(acc.set, v));
    const v = choose.call(this.options.provider, pkg, acc.set, candidates);
    if (v !== undefined && !candidates.includes(v)) {
      throw new InternalError(`chooseVersion returned a version of ${this.display(pkg)} that is not a candidate`);
    }
    return v;
  }

  /** Turns one candidate's dependencies into incompatibilities (one per dependency package). */
  private addDependencies(pkg: P, version: V, deps: readonly Dependency<P, S>[]): Incompatibility<P, S>[] {
    const sets = this.options.sets;
    const byPackage = new Map<P, S>();
    for (const d of deps) {
      const prev = byPackage.get(d.package);
      byPackage.set(d.package, prev === undefined ? d.versions : sets.intersect(prev, d.versions));
    }
    const added: Incompatibility<P, S>[] = [];
    for (const [dep, versions] of byPackage) {
      this.stats.incompatibilities++;
      if (dep === pkg) {
        // A package that depends on itself: harmless if this version is allowed, else fatal for it.
        if (sets.contains(versions, version)) continue;
        const self = this.store.create([{ package: pkg, term: this.terms.exact(version) }], {
          kind: 'dependency',
          package: pkg,
          versions: sets.singleton(version),
          dependency: pkg,
          dependencyVersions: versions,
        });
        added.push(this.store.add(self));
        continue;
      }
      this.discover(dep, versions);
      added.push(this.store.addDependency(pkg, version, dep, versions));
    }
    return added;
  }

  /** Would deciding `pkg` (in the incompatibility's range) satisfy `incompat`? */
  private wouldConflict(incompat: Incompatibility<P, S>, pkg: P): boolean {
    for (const pt of incompat.terms) {
      if (pt.package === pkg) continue;
      if (!this.terms.isSubset(this.solution.accumulated(pt.package), pt.term)) return false;
    }
    return true;
  }

  /** The pending package to decide next, by priority; undefined when none is pending. */
  private async nextPackage(): Promise<P | undefined> {
    if (this.dirty.size > 0) {
      const pending = [...this.dirty].filter((p) => this.solution.isPending(p));
      for (const p of this.dirty) this.stamps.set(p, (this.stamps.get(p) ?? 0) + 1);
      this.dirty.clear();
      const waiting = pending.filter((p) => this.cache.knownVersions(p) === undefined);
      if (waiting.length > 0) await this.wait(Promise.all(waiting.map((p) => this.cache.versions(p))));
      for (const p of pending) {
        // The solver will want this package's best candidate: ask for it now.
        const acc = this.solution.accumulated(p);
        this.cache.prefetchCandidates(p, acc.set, 1);
        this.queue.push({
          package: p,
          priority: this.priority(p),
          discovery: this.discovery.get(p) ?? Number.MAX_SAFE_INTEGER,
          stamp: this.stamps.get(p)!,
        });
      }
    }
    for (;;) {
      const top = this.queue.peek();
      if (top === undefined) return undefined;
      if (top.stamp === this.stamps.get(top.package) && this.solution.isPending(top.package)) return top.package;
      this.queue.pop();
    }
  }

  private priority(pkg: P): number {
    const acc = this.solution.accumulated(pkg);
    const list = candidateList(this.cache.knownVersions(pkg)!) ?? [];
    const sets = this.options.sets;
    const conflicts = this.conflictCounts.get(pkg) ?? 0;
    const prioritize = this.options.provider.prioritize;
    if (prioritize !== undefined) {
      let candidates = 0;
      for (const v of list) if (sets.contains(acc.set, v)) candidates++;
      const context: PriorityContext<S> = {
        versions: acc.set,
        candidates,
        conflicts,
        discovery: this.discovery.get(pkg) ?? Number.MAX_SAFE_INTEGER,
        direct: this.direct.has(pkg),
      };
      return prioritize.call(this.options.provider, pkg, context);
    }
    let candidates = 0;
    for (const v of list) {
      if (sets.contains(acc.set, v) && ++candidates > 1) break;
    }
    if (candidates === 0) return 3;
    if (candidates === 1) return 2;
    return conflicts >= CONFLICT_THRESHOLD ? 1 : 0;
  }
}

/**
 * Asks the provider each question once, and asks early.
 *
 * Answers are kept (a promise while in flight, the value once known, so that the solver
 * does not wait a tick for what it already has). Speculation: for every dependency met —
 * by the solver or in any answer — the candidate the solver would take for that range
 * is looked up and its dependencies fetched, whose answer leads on to theirs, without
 * waiting for the solver to get there. Packages that keep failing get their next
 * candidates fetched in parallel, and pending packages their best one. With a provider
 * behind a network this turns a walk of the graph into parallel requests. Speculation
 * changes only when answers arrive, never which answers the solver uses.
 */
import { candidateList, type Dependencies, type DependencyProvider, type PackageVersions } from './provider.js';
import type { VersionSetOps } from './version-set.js';

/** Distinct dependency ranges per package whose best candidate is fetched ahead. */
const MAX_RANGES_PER_PACKAGE = 16;

interface Entry<T> {
  promise: Promise<T>;
  settled: boolean;
  value?: T;
}

export class ProviderCache<P, V, S> {
  private readonly versionLists = new Map<P, Entry<PackageVersions<V>>>();
  private readonly dependencyLists = new Map<P, Map<V, Entry<Dependencies<P, S>>>>();
  private readonly speculatedRanges = new Map<P, S[]>();
  private closed = false;
  /** Provider calls started, for statistics. */
  calls = 0;

  constructor(
    private readonly provider: DependencyProvider<P, V, S>,
    private readonly sets: VersionSetOps<V, S>,
    private readonly speculate: boolean,
  ) {}

  /** Stops starting speculative requests (the solve is over). */
  close(): void {
    this.closed = true;
  }

  /** The candidates, synchronously when already known. */
  versions(pkg: P): PackageVersions<V> | Promise<PackageVersions<V>> {
    const entry = this.versionEntry(pkg);
    return entry.settled ? entry.value! : entry.promise;
  }

  /** The candidates if already known. */
  knownVersions(pkg: P): PackageVersions<V> | undefined {
    const entry = this.versionLists.get(pkg);
    return entry?.settled ? entry.value : undefined;
  }

  dependencies(pkg: P, version: V): Dependencies<P, S> | Promise<Dependencies<P, S>> {
    const entry = this.dependencyEntry(pkg, version);
    return entry.settled ? entry.value! : entry.promise;
  }

  /**
   * A dependency on `pkg` in `versions` was met (by the solver, or in an answer fetched
   * ahead): tell the provider, and fetch the dependencies of the candidate the solver
   * would take for that range, whose answer leads on to its own dependencies.
   */
  noticeDependency(pkg: P, versions: S): void {
    this.provider.prefetch?.(pkg, versions);
    if (!this.speculate || this.closed) return;
    // Once per distinct range, and for a few ranges per package: enough to guess well.
    let ranges = this.speculatedRanges.get(pkg);
    if (!ranges) this.speculatedRanges.set(pkg, (ranges = []));
    if (ranges.length >= MAX_RANGES_PER_PACKAGE || ranges.some((r) => this.sets.equals(r, versions))) return;
    ranges.push(versions);
    const known = this.knownVersions(pkg);
    if (known !== undefined) this.speculateBest(pkg, versions, known);
    else this.versionEntry(pkg).promise.then((list) => this.speculateBest(pkg, versions, list), ignore);
  }

  /**
   * Makes sure the dependencies of the first `window` candidates in `versions` are asked
   * for: the solver will want the first soon, and the next ones if it keeps failing.
   */
  prefetchCandidates(pkg: P, versions: S, window: number): void {
    if (!this.speculate || this.closed) return;
    const known = this.knownVersions(pkg);
    const list = known === undefined ? undefined : candidateList(known);
    if (list === undefined) return;
    let seen = 0;
    for (const v of list) {
      if (seen >= window) break;
      if (!this.sets.contains(versions, v)) continue;
      seen++;
      this.dependencyEntry(pkg, v);
    }
  }

  private speculateBest(pkg: P, versions: S, known: PackageVersions<V>): void {
    const list = candidateList(known);
    if (this.closed || list === undefined) return;
    const best = this.provider.chooseVersion
      ? this.provider.chooseVersion(
          pkg,
          versions,
          list.filter((v) => this.sets.contains(versions, v)),
        )
      : list.find((v) => this.sets.contains(versions, v));
    if (best !== undefined) this.dependencyEntry(pkg, best);
  }

  private versionEntry(pkg: P): Entry<PackageVersions<V>> {
    let entry = this.versionLists.get(pkg);
    if (!entry) {
      this.calls++;
      entry = track(() => this.provider.getVersions(pkg));
      this.versionLists.set(pkg, entry);
    }
    return entry;
  }

  private dependencyEntry(pkg: P, version: V): Entry<Dependencies<P, S>> {
    let byVersion = this.dependencyLists.get(pkg);
    if (!byVersion) this.dependencyLists.set(pkg, (byVersion = new Map()));
    let entry = byVersion.get(version);
    if (!entry) {
      this.calls++;
      entry = track(() => this.provider.getDependencies(pkg, version));
      byVersion.set(version, entry);
      // Whoever asked, the answer shows where the solver may go next.
      entry.promise.then((deps) => {
        if (this.closed || deps.kind !== 'available') return;
        for (const d of deps.dependencies) this.noticeDependency(d.package, d.versions);
      }, ignore);
    }
    return entry;
  }
}

/** Starts `ask`, records its value when it settles; a synchronous answer is settled at once. */
function track<T>(ask: () => T | Promise<T>): Entry<T> {
  let answer: T | Promise<T>;
  try {
    answer = ask();
  } catch (err) {
    answer = Promise.reject(err);
  }
  if (!isThenable(answer)) {
    return { promise: Promise.resolve(answer), settled: true, value: answer };
  }
  const promise = Promise.resolve(answer);
  const entry: Entry<T> = { promise, settled: false };
  promise.then(
    (value) => {
      entry.settled = true;
      entry.value = value;
    },
    () => {
      // Kept rejected in `promise`; whoever awaits it gets the error. Not "unhandled".
    },
  );
  return entry;
}

/** A failed request is reported when (and if) the solver itself needs the answer. */
function ignore(): void {}

function isThenable<T>(x: T | Promise<T>): x is Promise<T> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/**
 * Asks the provider each question once, and asks early.
 *
 * Answers are kept (a promise while in flight, the value once known, so that the solver
 * does not wait a tick for what it already has). Speculation: when a dependency on a
 * package is first seen, its candidates are listed and the dependencies of the candidate
 * the solver would most likely choose are fetched, then recursively those of its own new
 * dependencies — without waiting for the solver to get there. With a provider behind a
 * network this turns a walk of the graph into parallel requests. Speculation changes
 * only when answers arrive, never which questions the solver asks or what it decides.
 */
import { candidateList, type Dependencies, type DependencyProvider, type PackageVersions } from './provider.js';
import type { VersionSetOps } from './version-set.js';

interface Entry<T> {
  promise: Promise<T>;
  settled: boolean;
  value?: T;
}

export class ProviderCache<P, V, S> {
  private readonly versionLists = new Map<P, Entry<PackageVersions<V>>>();
  private readonly dependencyLists = new Map<P, Map<V, Entry<Dependencies<P, S>>>>();
  private readonly speculated = new Set<P>();
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

  /** The solver met a dependency on `pkg`: tell the provider, and start fetching. */
  noticeDependency(pkg: P, versions: S): void {
    this.provider.prefetch?.(pkg, versions);
    if (!this.speculate || this.speculated.has(pkg)) return;
    this.speculated.add(pkg);
    void this.speculateOn(pkg, versions);
  }

  /** Fetches the dependencies of up to `count` more candidates in `versions` (after conflicts). */
  prefetchCandidates(pkg: P, versions: S, count: number): void {
    if (!this.speculate || this.closed) return;
    const known = this.knownVersions(pkg);
    const list = known === undefined ? undefined : candidateList(known);
    if (list === undefined) return;
    const fetched = this.dependencyLists.get(pkg);
    let started = 0;
    for (const v of list) {
      if (started >= count) break;
      if (!this.sets.contains(versions, v) || fetched?.has(v)) continue;
      this.dependencyEntry(pkg, v);
      started++;
    }
  }

  private async speculateOn(pkg: P, versions: S): Promise<void> {
    try {
      const list = candidateList(await this.versionEntry(pkg).promise);
      if (this.closed || list === undefined) return;
      const candidates = list.filter((v) => this.sets.contains(versions, v));
      const best = this.provider.chooseVersion
        ? this.provider.chooseVersion(pkg, versions, candidates)
        : candidates[0];
      if (best === undefined || this.closed) return;
      const deps = await this.dependencyEntry(pkg, best).promise;
      if (this.closed || deps.kind !== 'available') return;
      for (const d of deps.dependencies) this.noticeDependency(d.package, d.versions);
    } catch {
      // A failed request is reported when (and if) the solver itself needs the answer.
    }
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

function isThenable<T>(x: T | Promise<T>): x is Promise<T> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/**
 * Every incompatibility the solver knows, indexed by package so that unit propagation
 * only looks at those that mention a package whose assignments changed (solver.md,
 * "Unit Propagation").
 *
 * Facts about adjacent candidates are merged as they arrive, as pub and pubgrub-rs do:
 * `{foo ==2, not bar R}` and `{foo ==1, not bar R}` become `{foo {1, 2}, not bar R}`, so
 * that what the solver learns covers several versions at once, and the explanation
 * speaks of ranges. The narrower incompatibility is retired (skipped, then compacted).
 */
import { Incompatibility, normalizeTerms, type IncompatibilityCause, type PackageTerm } from './incompatibility.js';
import type { TermOps } from './term.js';

/** How many earlier dependency facts of the same pair a new one is compared with. */
const MERGE_WINDOW = 8;

interface PackageList<P, S> {
  items: Incompatibility<P, S>[];
  retired: number;
}

export class IncompatibilityStore<P, V, S> {
  private nextId = 0;
  private readonly byPackage = new Map<P, PackageList<P, S>>();
  /** depender → dependency → live dependency incompatibilities. */
  private readonly dependencies = new Map<P, Map<P, Incompatibility<P, S>[]>>();
  /** package → reason → the live unavailable incompatibility. */
  private readonly unavailable = new Map<P, Map<string, Incompatibility<P, S>>>();
  /** Live incompatibilities. */
  size = 0;

  constructor(private readonly terms: TermOps<V, S>) {}

  /** Creates an incompatibility (normalizing its terms) without adding it. */
  create(terms: Iterable<PackageTerm<P, S>>, cause: IncompatibilityCause<P, S>): Incompatibility<P, S> {
    return new Incompatibility(this.nextId++, normalizeTerms(terms, this.terms), cause);
  }

  add(incompat: Incompatibility<P, S>): Incompatibility<P, S> {
    this.size++;
    for (const { package: pkg } of incompat.terms) {
      let list = this.byPackage.get(pkg);
      if (!list) this.byPackage.set(pkg, (list = { items: [], retired: 0 }));
      list.items.push(incompat);
    }
    return incompat;
  }

  /** The incompatibilities that mention `pkg`, oldest first; skip the `retired` ones. */
  forPackage(pkg: P): readonly Incompatibility<P, S>[] {
    return this.byPackage.get(pkg)?.items ?? [];
  }

  /** Adds `{pkg ==v, not dep R}`, merged with an earlier one of the same dependency. */
  addDependency(pkg: P, v: V, dep: P, depSet: S): Incompatibility<P, S> {
    const sets = this.terms.sets;
    let byDep = this.dependencies.get(pkg);
    if (!byDep) this.dependencies.set(pkg, (byDep = new Map()));
    const live = byDep.get(dep) ?? [];
    let versions = sets.singleton(v);
    // Candidates are read in preference order, so a neighbour is among the latest few.
    let same = -1;
    for (let k = live.length - 1; k >= Math.max(0, live.length - MERGE_WINDOW); k--) {
      const c = live[k]!.cause;
      if (c.kind === 'dependency' && sets.equals(c.dependencyVersions, depSet)) {
        same = k;
        break;
      }
    }
    if (same >= 0) {
      const old = live[same]!;
      if (old.cause.kind === 'dependency') versions = sets.union(old.cause.versions, versions);
      this.retire(old);
      live.splice(same, 1);
    }
    const incompat = this.create(
      [
        { package: pkg, term: this.terms.positive(versions) },
        { package: dep, term: this.terms.negative(depSet) },
      ],
      { kind: 'dependency', package: pkg, versions, dependency: dep, dependencyVersions: depSet },
    );
    live.push(incompat);
    byDep.set(dep, live);
    return this.add(incompat);
  }

  /** Adds `{pkg versions}` for `reason`, merged with earlier ones of the same reason. */
  addUnavailable(pkg: P, versions: S, reason: string): Incompatibility<P, S> {
    const sets = this.terms.sets;
    let byReason = this.unavailable.get(pkg);
    if (!byReason) this.unavailable.set(pkg, (byReason = new Map()));
    const old = byReason.get(reason);
    if (old && old.cause.kind === 'unavailable') {
      versions = sets.union(old.cause.versions, versions);
      this.retire(old);
    }
    const incompat = this.create([{ package: pkg, term: this.terms.positive(versions) }], {
      kind: 'unavailable',
      package: pkg,
      versions,
      reason,
    });
    byReason.set(reason, incompat);
    return this.add(incompat);
  }

  private retire(incompat: Incompatibility<P, S>): void {
    incompat.retired = true;
    this.size--;
    for (const { package: pkg } of incompat.terms) {
      const list = this.byPackage.get(pkg);
      if (!list) continue;
      list.retired++;
      if (list.retired > 16 && list.retired * 2 > list.items.length) {
        // A new array: a loop already iterating the old one is not disturbed.
        list.items = list.items.filter((i) => !i.retired);
        list.retired = 0;
      }
    }
  }
}

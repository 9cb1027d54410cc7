/**
 * A provider over an in-memory universe of packages, for tests and the benchmark.
 *
 *   { foo: { '1.0.0': { bar: '^1.0.0' }, '2.0.0': { unavailable: 'no wheel' } } }
 */
import {
  solve,
  type Dependencies,
  type DependencyProvider,
  type PackageVersions,
  type Reporter,
  type Resolution,
} from '../../../../src/resolver/index.js';
import { compareVersions, intervalOps, range, type IntervalSet, type Version } from './interval-set.js';

export type VersionSpec = Readonly<Record<string, string>> | { readonly unavailable: string };
export type Universe = Readonly<Record<string, Readonly<Record<Version, VersionSpec>>>>;

export interface MemoryProviderOptions {
  /** Answer after this many milliseconds (a network); a function gets the question. */
  readonly delayMs?: number | ((question: string) => number);
  /** Preference: highest versions first (default) or lowest. */
  readonly order?: 'highest' | 'lowest';
  /** Packages the index does not have, with the reason. */
  readonly missing?: Readonly<Record<string, string>>;
}

export class MemoryProvider implements DependencyProvider<string, Version, IntervalSet> {
  readonly versionCalls: string[] = [];
  readonly dependencyCalls: string[] = [];
  /** Calls started and not yet answered, and the most there ever were (with `delayMs`). */
  outstanding = 0;
  maxOutstanding = 0;
  outstandingDependencies = 0;
  maxOutstandingDependencies = 0;
  /** Set by a test to see the solver's hints. */
  prefetch?: (pkg: string, versions: IntervalSet) => void;

  constructor(
    readonly universe: Universe,
    readonly options: MemoryProviderOptions = {},
  ) {}

  getVersions(pkg: string): PackageVersions<Version> | Promise<PackageVersions<Version>> {
    this.versionCalls.push(pkg);
    const missing = this.options.missing?.[pkg];
    const versions = Object.keys(this.universe[pkg] ?? {}).sort(compareVersions);
    if (this.options.order !== 'lowest') versions.reverse();
    return this.answer(pkg, missing === undefined ? versions : { unavailable: missing });
  }

  getDependencies(pkg: string, version: Version): Dependencies<string, IntervalSet> | Promise<Dependencies<string, IntervalSet>> {
    this.dependencyCalls.push(`${pkg}==${version}`);
    const spec = this.universe[pkg]?.[version];
    if (spec === undefined) throw new Error(`the solver asked for ${pkg}==${version}, which was never listed`);
    if ('unavailable' in spec && typeof spec.unavailable === 'string' && Object.keys(spec).length === 1) {
      return this.answer(`${pkg}==${version}`, { kind: 'unavailable', reason: spec.unavailable });
    }
    const dependencies = Object.entries(spec as Record<string, string>).map(([name, r]) => ({
      package: name,
      versions: range(r),
    }));
    return this.answer(`${pkg}==${version}`, { kind: 'available', dependencies });
  }

  private answer<T>(question: string, value: T): T | Promise<T> {
    const option = this.options.delayMs;
    if (option === undefined) return value;
    const delay = typeof option === 'number' ? option : option(question);
    const isDependencies = question.includes('==');
    this.outstanding++;
    this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
    if (isDependencies) {
      this.outstandingDependencies++;
      this.maxOutstandingDependencies = Math.max(this.maxOutstandingDependencies, this.outstandingDependencies);
    }
    return new Promise((resolve) =>
      setTimeout(() => {
        this.outstanding--;
        if (isDependencies) this.outstandingDependencies--;
        resolve(value);
      }, delay),
    );
  }
}

export interface SolveUniverseOptions extends MemoryProviderOptions {
  readonly constraints?: Readonly<Record<string, string>>;
  readonly sources?: Readonly<Record<string, string>>;
  readonly reporter?: Reporter<string, Version, IntervalSet>;
  readonly speculate?: boolean;
}

/** Solves `requirements` (name → range) in `universe`; returns name → version. */
export async function solveUniverse(
  universe: Universe,
  requirements: Readonly<Record<string, string>>,
  options: SolveUniverseOptions = {},
): Promise<Record<string, Version>> {
  const resolution = await solveUniverseFull(universe, requirements, options);
  return Object.fromEntries([...resolution.versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function solveUniverseFull(
  universe: Universe,
  requirements: Readonly<Record<string, string>>,
  options: SolveUniverseOptions = {},
  provider: MemoryProvider = new MemoryProvider(universe, options),
): Promise<Resolution<string, Version, IntervalSet>> {
  return solve({
    sets: intervalOps,
    provider,
    requirements: Object.entries(requirements).map(([name, r]) => ({
      package: name,
      versions: range(r),
      ...(options.sources?.[name] === undefined ? {} : { source: options.sources[name] }),
    })),
    constraints: Object.entries(options.constraints ?? {}).map(([name, r]) => ({ package: name, versions: range(r) })),
    ...(options.reporter === undefined ? {} : { reporter: options.reporter }),
    ...(options.speculate === undefined ? {} : { speculate: options.speculate }),
  });
}

/**
 * Benchmark of the PubGrub solver on synthetic universes (not a test: it prints times).
 *
 *   npm run bench:resolver              all scenarios
 *   npm run bench:resolver -- large     only those whose name contains "large"
 *
 * CPU scenarios use a provider that answers at once; network scenarios one that answers
 * after a fixed latency (as an index 20 ms away), with and without speculation.
 */
import { performance } from 'node:perf_hooks';
import { NoSolutionError, solve, type Resolution } from '../src/index.js';
import { intervalOps, range, type IntervalSet } from '../test/resolver/pubgrub/support/interval-set.js';
import { MemoryProvider, type Universe, type VersionSpec } from '../test/resolver/pubgrub/support/memory-provider.js';

/** mulberry32: a small seeded generator, so every run solves the same universes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GraphOptions {
  packages: number;
  versions: number;
  seed: number;
  /** Consecutive versions share their dependencies in eras of this many releases. */
  era: number;
  maxDeps: number;
  /** Make every dependency range admit a planted version, so that a solution exists. */
  planted: boolean;
}

/** Packages p0…pN-1; pi depends only on pj with j > i (a DAG with locality), ranges change per era. */
function randomGraph(o: GraphOptions): Universe {
  const rnd = random(o.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const planted = Array.from({ length: o.packages }, () => int(1, o.versions));
  const universe: Record<string, Record<string, VersionSpec>> = {};
  for (let i = 0; i < o.packages; i++) {
    const versions: Record<string, VersionSpec> = {};
    let deps: Record<string, string> = {};
    for (let v = 1; v <= o.versions; v++) {
      if ((v - 1) % o.era === 0 || v === planted[i]) {
        deps = {};
        const n = i + 1 >= o.packages ? 0 : int(0, o.maxDeps);
        for (let k = 0; k < n; k++) {
          const j = Math.min(o.packages - 1, i + int(1, 40));
          const lo = int(1, o.versions - 5);
          const hi = Math.min(o.versions + 1, lo + int(5, 30));
          let r = `>=${lo},<${hi}`;
          if (o.planted && v === planted[i]) r = `${r} || ==${planted[j]}`;
          deps[`p${j}`] = r;
        }
      }
      versions[`${v}`] = deps;
      if (v === planted[i]) deps = {}; // the next era starts fresh
    }
    universe[`p${i}`] = versions;
  }
  return universe;
}

/**
 * Shaped like PyPI: package i depends on a few packages with lower numbers (basic ones,
 * depended on by many), mostly with lower bounds (`>=x`), sometimes capped (`<y`);
 * dependencies change every few releases.
 */
function pypiLike(packages: number, seed: number, capRate = 0.1): Universe {
  const rnd = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const counts = Array.from({ length: packages }, () => int(10, 50));
  const universe: Record<string, Record<string, VersionSpec>> = {};
  for (let i = 0; i < packages; i++) {
    const versions: Record<string, VersionSpec> = {};
    let deps: Record<string, string> = {};
    for (let v = 1; v <= counts[i]!; v++) {
      if ((v - 1) % 8 === 0) {
        deps = { ...deps };
        const n = i < 5 ? 0 : int(0, 4);
        for (let k = 0; k < n; k++) {
          // Skewed towards the most basic packages.
          const j = Math.floor(i * rnd() * rnd());
          const top = counts[j]!;
          const lo = int(1, Math.max(1, Math.floor(top * 0.6)));
          deps[`p${j}`] = rnd() < capRate ? `>=${lo},<${Math.min(top + 1, lo + int(5, 20))}` : `>=${lo}`;
        }
      }
      versions[`${v}`] = deps;
    }
    universe[`p${i}`] = versions;
  }
  return universe;
}

/** A depends on C==i for its version i; B pins C==1: the solver must walk A down to 1. */
function walkDown(n: number): Universe {
  const a: Record<string, VersionSpec> = {};
  const c: Record<string, VersionSpec> = {};
  for (let i = 1; i <= n; i++) {
    a[`${i}`] = { c: `==${i}` };
    c[`${i}`] = {};
  }
  return { a, b: { '1': { c: '==1' } }, c };
}

/**
 * No solution, found late: twenty packages with 50 versions each are decided first,
 * then z, whose every version needs y>=100 (which does not exist).
 */
function lateConflict(): Universe {
  const u: Record<string, Record<string, VersionSpec>> = {};
  for (let i = 0; i < 20; i++) {
    u[`q${i}`] = Object.fromEntries(Array.from({ length: 50 }, (_, v) => [`${v + 1}`, i < 19 ? { [`q${i + 1}`]: '*' } : { z: '*' }]));
  }
  u.z = Object.fromEntries(Array.from({ length: 50 }, (_, v) => [`${v + 1}`, { y: '>=100' }]));
  u.y = Object.fromEntries(Array.from({ length: 50 }, (_, v) => [`${v + 1}`, {}]));
  return u;
}

interface Scenario {
  name: string;
  universe: Universe;
  root: Record<string, string>;
  latencyMs?: number;
  speculate?: boolean;
}

async function runScenario(s: Scenario): Promise<void> {
  const provider = new MemoryProvider(s.universe, s.latencyMs === undefined ? {} : { delayMs: s.latencyMs });
  const start = performance.now();
  let outcome: string;
  let resolution: Resolution<string, string, IntervalSet> | undefined;
  let failure: NoSolutionError | undefined;
  try {
    resolution = await solve({
      sets: intervalOps,
      provider,
      requirements: Object.entries(s.root).map(([p, r]) => ({ package: p, versions: range(r) })),
      ...(s.speculate === undefined ? {} : { speculate: s.speculate }),
    });
    outcome = `solved, ${resolution.versions.size} packages`;
  } catch (e) {
    if (!(e instanceof NoSolutionError)) throw e;
    failure = e;
    outcome = `no solution (${e.explanation.split("\n").length}-line explanation)`;
    if (process.env.BENCH_EXPLAIN) console.log(e.explanation);
  }
  const ms = performance.now() - start;
  const stats = resolution?.stats ?? failure?.stats;
  const counters = stats
    ? `decisions ${stats.decisions}, conflicts ${stats.conflicts}, incompatibilities ${stats.incompatibilities}` +
      (s.latencyMs === undefined ? '' : `, waits ${stats.waits}`)
    : '';
  const calls = `provider calls ${provider.versionCalls.length + provider.dependencyCalls.length}` +
    (s.latencyMs === undefined ? '' : `, at most ${provider.maxOutstanding} at once`);
  console.log(`${s.name.padEnd(60)} ${ms.toFixed(0).padStart(7)} ms  ${outcome}; ${[counters, calls].filter(Boolean).join('; ')}`);
}

const large = (seed: number, planted: boolean): GraphOptions => ({
  packages: 1000,
  versions: 50,
  seed,
  era: 10,
  maxDeps: 4,
  planted,
});
/** The last `n` packages: the ones with the most below them. */
const topOf = (packages: number, n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${packages - 1 - i}`, '*']));
const rootOf = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, '*']));

const scenarios: Scenario[] = [
  { name: 'large: 1000 pkgs x 50 versions, planted (cpu)', universe: randomGraph(large(1, true)), root: rootOf(10) },
  { name: 'large: 1000 pkgs x 50 versions, planted #2 (cpu)', universe: randomGraph(large(2, true)), root: rootOf(10) },
  { name: 'large: 1000 pkgs x 50 versions, random (cpu)', universe: randomGraph(large(3, false)), root: rootOf(10) },
  { name: 'pypi-like: 1000 pkgs (cpu)', universe: pypiLike(1000, 7), root: topOf(1000, 10) },
  { name: 'pypi-like: 1000 pkgs, no speculation (cpu)', universe: pypiLike(1000, 7), root: topOf(1000, 10), speculate: false },
  { name: 'walk-down: 300 versions to the one that fits (cpu)', universe: walkDown(300), root: { a: '*', b: '*' } },
  { name: 'late-conflict: unsat after 20 decisions (cpu)', universe: lateConflict(), root: { q0: '*' } },
  {
    name: 'network 20 ms: 200 pkgs, planted, speculating',
    universe: randomGraph({ ...large(5, true), packages: 200 }),
    root: rootOf(10),
    latencyMs: 20,
  },
  {
    name: 'network 20 ms: 200 pkgs, planted, one at a time',
    universe: randomGraph({ ...large(5, true), packages: 200 }),
    root: rootOf(10),
    latencyMs: 20,
    speculate: false,
  },
  { name: 'network 20 ms: pypi-like 300 pkgs, speculating', universe: pypiLike(300, 8), root: topOf(300, 10), latencyMs: 20 },
  {
    name: 'network 20 ms: pypi-like 300 pkgs, one at a time',
    universe: pypiLike(300, 8),
    root: topOf(300, 10),
    latencyMs: 20,
    speculate: false,
  },
  {
    name: 'network 20 ms: pypi-like 300, lower bounds only',
    universe: pypiLike(300, 9, 0),
    root: topOf(300, 10),
    latencyMs: 20,
  },
  {
    name: 'network 20 ms: pypi-like 300, lower bounds, one at a time',
    universe: pypiLike(300, 9, 0),
    root: topOf(300, 10),
    latencyMs: 20,
    speculate: false,
  },
  { name: 'network 20 ms: walk-down 50, speculating', universe: walkDown(50), root: { a: '*', b: '*' }, latencyMs: 20 },
  {
    name: 'network 20 ms: walk-down 50, one at a time',
    universe: walkDown(50),
    root: { a: '*', b: '*' },
    latencyMs: 20,
    speculate: false,
  },
];

const filter = process.argv[2];
for (const s of scenarios) {
  if (filter === undefined || s.name.includes(filter)) await runScenario(s);
}

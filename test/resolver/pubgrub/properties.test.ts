/**
 * Property tests over random small universes: a solution the solver returns is checked
 * independently; "no solution" is confirmed by brute force, and every incompatibility of
 * the derivation graph is checked to follow from the facts it was derived from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Incompatibility, NoSolutionError, solve, type Resolution } from '../../../src/index.js';
import { intervalOps, range, type IntervalSet } from './support/interval-set.js';
import { MemoryProvider, type MemoryProviderOptions, type Universe, type VersionSpec } from './support/memory-provider.js';

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const VERSIONS = ['1', '2', '3', '4'];

const k = (min: number, max: number) => fc.integer({ min, max });
const rangeArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('*') },
  { weight: 3, arbitrary: k(1, 4).map((x) => `>=${x}`) },
  { weight: 3, arbitrary: k(2, 5).map((x) => `<${x}`) },
  { weight: 2, arbitrary: k(1, 4).map((x) => `==${x}`) },
  { weight: 1, arbitrary: k(1, 4).map((x) => `!=${x}`) },
  { weight: 2, arbitrary: fc.tuple(k(1, 3), k(1, 2)).map(([x, w]) => `>=${x},<${x + w}`) },
  { weight: 1, arbitrary: k(5, 6).map((x) => `>=${x}`) },
);

interface Problem {
  universe: Universe;
  requirements: { package: string; range: string }[];
  constraints: { package: string; range: string }[];
}

const problemArb: fc.Arbitrary<Problem> = fc.integer({ min: 1, max: 5 }).chain((n) => {
  const names = NAMES.slice(0, n);
  const nameArb = fc.constantFrom(...names);
  const specArb: fc.Arbitrary<VersionSpec> = fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom({ unavailable: 'no compatible wheel' }, { unavailable: 'yanked' }) },
    {
      weight: 12,
      arbitrary: fc
        .array(fc.tuple(nameArb, rangeArb), { maxLength: 2 })
        .map((deps) => Object.fromEntries(deps) as Record<string, string>),
    },
  );
  const versionsArb = fc.oneof(
    { weight: 12, arbitrary: fc.subarray(VERSIONS, { minLength: 1 }) },
    { weight: 1, arbitrary: fc.constant([]) },
  );
  const packageArb = versionsArb
    .chain((vs) => fc.tuple(...vs.map(() => specArb)).map((specs) => Object.fromEntries(vs.map((v, i) => [v, specs[i]!]))));
  return fc.record({
    universe: fc.tuple(...names.map(() => packageArb)).map((ps) => Object.fromEntries(names.map((name, i) => [name, ps[i]!]))),
    requirements: fc.array(fc.record({ package: nameArb, range: rangeArb }), { minLength: 1, maxLength: 2 }),
    constraints: fc.array(fc.record({ package: nameArb, range: rangeArb }), { maxLength: 1 }),
  });
});

/**
 * A problem with a planted solution: one version of each package whose dependencies (and
 * the requirements) admit the planted versions; the other versions stay random, so the
 * solver still meets conflicts on its way.
 */
const plantedProblemArb: fc.Arbitrary<Problem> = problemArb
  .filter((p) => Object.values(p.universe).every((versions) => Object.keys(versions).length > 0))
  .chain((p) =>
    fc
      .tuple(...Object.entries(p.universe).map(([name, versions]) => fc.constantFrom(...Object.keys(versions)).map((v) => [name, v] as const)))
      .map((pairs) => plant(p, new Map(pairs))),
  );

function plant(p: Problem, planted: ReadonlyMap<string, string>): Problem {
  const admit = (pkg: string, r: string) => `${r} || ==${planted.get(pkg)}`;
  const universe = Object.fromEntries(
    Object.entries(p.universe).map(([name, versions]) => [
      name,
      Object.fromEntries(
        Object.entries(versions).map(([v, spec]) => {
          if (v !== planted.get(name)) return [v, spec];
          const deps = 'unavailable' in spec ? {} : (spec as Record<string, string>);
          return [v, Object.fromEntries(Object.entries(deps).map(([d, r]) => [d, admit(d, r)]))];
        }),
      ),
    ]),
  );
  return {
    universe,
    requirements: p.requirements.map((r) => ({ package: r.package, range: admit(r.package, r.range) })),
    constraints: p.constraints.map((r) => ({ package: r.package, range: admit(r.package, r.range) })),
  };
}

function run(p: Problem, options: MemoryProviderOptions & { speculate?: boolean } = {}) {
  return solve({
    sets: intervalOps,
    provider: new MemoryProvider(p.universe, options),
    requirements: p.requirements.map((r) => ({ package: r.package, versions: range(r.range) })),
    constraints: p.constraints.map((r) => ({ package: r.package, versions: range(r.range) })),
    ...(options.speculate === undefined ? {} : { speculate: options.speculate }),
  });
}

function depsOf(u: Universe, pkg: string, v: string): Record<string, string> | undefined {
  const spec = u[pkg]?.[v];
  if (spec === undefined || 'unavailable' in spec) return undefined;
  return spec as Record<string, string>;
}

/** Independent check of a solution: requirements, constraints, dependencies, reachability. */
function checkSolution(p: Problem, chosen: ReadonlyMap<string, string>): void {
  const ok = (pkg: string, r: string) => chosen.has(pkg) && intervalOps.contains(range(r), chosen.get(pkg)!);
  for (const r of p.requirements) expect(ok(r.package, r.range), `requirement ${r.package}${r.range}`).toBe(true);
  for (const c of p.constraints) {
    if (chosen.has(c.package)) expect(ok(c.package, c.range), `constraint ${c.package}${c.range}`).toBe(true);
  }
  for (const [pkg, v] of chosen) {
    const deps = depsOf(p.universe, pkg, v);
    expect(deps, `${pkg}==${v} is an available candidate`).toBeDefined();
    for (const [d, r] of Object.entries(deps!)) expect(ok(d, r), `${pkg}==${v} needs ${d}${r}`).toBe(true);
  }
  const reached = new Set(p.requirements.map((r) => r.package));
  const todo = [...reached];
  while (todo.length > 0) {
    const pkg = todo.pop()!;
    for (const d of Object.keys(depsOf(p.universe, pkg, chosen.get(pkg)!) ?? {})) {
      if (!reached.has(d)) {
        reached.add(d);
        todo.push(d);
      }
    }
  }
  expect([...chosen.keys()].filter((k) => !reached.has(k))).toEqual([]);
}

type State = string | undefined;

/** Every assignment of a state (not selected, or a listed version) to each package. */
function* assignments(u: Universe, availableOnly: boolean): Generator<Map<string, State>> {
  const names = Object.keys(u);
  const domains = names.map((n) => [
    undefined,
    ...Object.keys(u[n]!).filter((v) => !availableOnly || depsOf(u, n, v) !== undefined),
  ]);
  const index = names.map(() => 0);
  for (;;) {
    yield new Map(names.map((n, i) => [n, domains[i]![index[i]!]]));
    let k = 0;
    while (k < names.length && ++index[k]! >= domains[k]!.length) index[k++] = 0;
    if (k === names.length) return;
  }
}

function bruteForceHasSolution(p: Problem): boolean {
  for (const a of assignments(p.universe, true)) {
    const ok = (pkg: string, r: string) => a.get(pkg) !== undefined && intervalOps.contains(range(r), a.get(pkg)!);
    if (!p.requirements.every((r) => ok(r.package, r.range))) continue;
    if (!p.constraints.every((c) => a.get(c.package) === undefined || ok(c.package, c.range))) continue;
    let valid = true;
    for (const [pkg, v] of a) {
      if (v === undefined) continue;
      for (const [d, r] of Object.entries(depsOf(p.universe, pkg, v)!)) if (!ok(d, r)) valid = false;
    }
    if (valid) return true;
  }
  return false;
}

/** Does the assignment make every term of `incompat` true? */
function satisfies(a: Map<string, State>, incompat: Incompatibility<string, IntervalSet>): boolean {
  return incompat.terms.every(({ package: pkg, term }) => {
    const v = a.get(pkg);
    const inSet = v !== undefined && intervalOps.contains(term.set, v);
    return term.positive ? inSet : !inSet;
  });
}

/** Lines end in a full stop, the last concludes, and "(n)" refers to an earlier line numbered n. */
function checkExplanation(text: string): void {
  expect(text).toMatch(/version solving failed\.$/);
  const defined = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    expect(line).toMatch(/\.$/);
    const label = /^\((\d+)\) /.exec(line)?.[1];
    const body = label === undefined ? line : line.slice(label.length + 3);
    for (const ref of body.matchAll(/\((\d+)\)/g)) expect(defined.has(ref[1]!), `line (${ref[1]}) referred to before it is written`).toBe(true);
    if (label !== undefined) defined.add(label);
  }
}

/** Each derived incompatibility follows from the external facts below it. */
function checkDerivation(p: Problem, root: Incompatibility<string, IntervalSet>): void {
  const leaves = new Map<Incompatibility<string, IntervalSet>, Set<Incompatibility<string, IntervalSet>>>();
  const collect = (i: Incompatibility<string, IntervalSet>): Set<Incompatibility<string, IntervalSet>> => {
    let out = leaves.get(i);
    if (out) return out;
    if (i.cause.kind === 'derived') out = new Set([...collect(i.cause.cause1), ...collect(i.cause.cause2)]);
    else out = new Set([i]);
    leaves.set(i, out);
    return out;
  };
  collect(root);
  const all = [...assignments(p.universe, false)];
  for (const [i, facts] of leaves) {
    if (i.cause.kind !== 'derived') continue;
    for (const a of all) {
      if ([...facts].some((f) => satisfies(a, f))) continue;
      expect(satisfies(a, i), `incompatibility ${i.id} does not follow from its causes`).toBe(false);
    }
  }
}

describe('solve on random universes', () => {
  it('returns only valid solutions, and fails only when brute force finds none', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(problemArb, plantedProblemArb), fc.boolean(), async (p, lowest) => {
        let resolution: Resolution<string, string, IntervalSet> | undefined;
        try {
          resolution = await run(p, { order: lowest ? 'lowest' : 'highest' });
        } catch (e) {
          if (!(e instanceof NoSolutionError)) throw e;
          expect(bruteForceHasSolution(p)).toBe(false);
          checkExplanation(e.explanation);
          checkDerivation(p, e.incompatibility as Incompatibility<string, IntervalSet>);
          return;
        }
        checkSolution(p, resolution.versions);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answer whatever the timing of the provider', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(problemArb, plantedProblemArb), fc.integer({ min: 0, max: 1000 }), async (p, seed) => {
        const outcome = (r: Promise<Resolution<string, string, IntervalSet>>) =>
          r.then(
            (x) => JSON.stringify([...x.versions]),
            (e: unknown) => (e instanceof NoSolutionError ? e.explanation : String(e)),
          );
        const plain = await outcome(run(p, { speculate: false }));
        // A different delay (0-2 ms) for every question, so that answers arrive out of order.
        const jitter = (q: string) => [...q].reduce((h, ch) => (h * 31 + ch.charCodeAt(0) + seed) % 997, seed) % 3;
        const timed = await outcome(run(p, { delayMs: jitter }));
        expect(timed).toBe(plain);
      }),
      { numRuns: 40 },
    );
  });
});

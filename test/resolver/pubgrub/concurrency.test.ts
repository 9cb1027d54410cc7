/**
 * The solver lets a slow provider work on many questions at once: this is what makes a
 * resolution over a 20 ms network fast. No timing is asserted, only how many calls were
 * outstanding together.
 */
import { describe, expect, it } from 'vitest';
import { solve } from '../../../src/index.js';
import { intervalOps, range, type IntervalSet } from './support/interval-set.js';
import { MemoryProvider, solveUniverseFull, type Universe } from './support/memory-provider.js';

/** root → a, b, c, d; each of those → two leaves of its own. */
const wide: Universe = Object.fromEntries([
  ...['a', 'b', 'c', 'd'].map((p) => [p, { '1.0': { [`${p}1`]: '>=1', [`${p}2`]: '>=1' }, '0.9': {} }]),
  ...['a', 'b', 'c', 'd'].flatMap((p) => [`${p}1`, `${p}2`].map((leaf) => [leaf, { '1.0': {}, '2.0': {} }])),
]);
const root = { a: '*', b: '*', c: '*', d: '*' };
const expected = Object.fromEntries(
  [...['a', 'b', 'c', 'd'].map((p) => [p, '1.0']), ...['a', 'b', 'c', 'd'].flatMap((p) => [[`${p}1`, '2.0'], [`${p}2`, '2.0']])],
);

describe('concurrency with a slow provider', () => {
  it('asks for the dependencies of several packages at once', async () => {
    const provider = new MemoryProvider(wide, { delayMs: 5 });
    const r = await solveUniverseFull(wide, root, {}, provider);
    expect(Object.fromEntries(r.versions)).toEqual(expected);
    // a, b, c and d are independent: their metadata is fetched together, then the leaves'.
    expect(provider.maxOutstandingDependencies).toBeGreaterThanOrEqual(4);
    expect(provider.maxOutstanding).toBeGreaterThanOrEqual(8);
  });

  it('asks one question at a time without speculation, for the same result', async () => {
    const provider = new MemoryProvider(wide, { delayMs: 5 });
    const r = await solveUniverseFull(wide, root, { speculate: false }, provider);
    expect(Object.fromEntries(r.versions)).toEqual(expected);
    expect(provider.maxOutstandingDependencies).toBe(1);
  });

  it('tells the provider about each dependency as soon as it is seen', async () => {
    const hints: string[] = [];
    const provider = new MemoryProvider(wide, { delayMs: 1 });
    provider.prefetch = (pkg: string, versions: IntervalSet) => hints.push(`${pkg}${intervalOps.toString(versions)}`);
    await solveUniverseFull(wide, root, { speculate: false }, provider);
    expect(hints.slice(0, 4)).toEqual(['a*', 'b*', 'c*', 'd*']);
    expect(new Set(hints)).toEqual(new Set(['a*', 'b*', 'c*', 'd*', ...['a', 'b', 'c', 'd'].flatMap((p) => [`${p}1>=1`, `${p}2>=1`])]));
  });

  it('ignores failures of speculative questions the solver never needs', async () => {
    // Speculation fetches a 2.0's dependencies (x), but c pins a<2, so x is never needed.
    const u: Universe = { a: { '2.0': { x: '*' }, '1.0': {} }, c: { '1.0': { a: '<2' } } };
    const provider = new MemoryProvider(u, { delayMs: 1 });
    provider.getVersions = (pkg: string) =>
      pkg === 'x' ? Promise.reject(new Error('x is down')) : Object.keys(u[pkg] ?? {}).sort().reverse();
    const r = await solve({
      sets: intervalOps,
      provider,
      requirements: [
        { package: 'c', versions: range('*') },
        { package: 'a', versions: range('*') },
      ],
    });
    expect(Object.fromEntries(r.versions)).toEqual({ c: '1.0', a: '1.0' });
    expect(provider.dependencyCalls).toContain('a==2.0');
  });
});

import { describe, expect, it } from 'vitest';
import { NoSolutionError, ResolutionError, solve, type PriorityContext, type Reporter } from '../../../src/index.js';
import { intervalOps, range, type IntervalSet } from './support/interval-set.js';
import { MemoryProvider, solveUniverse, solveUniverseFull, type Universe } from './support/memory-provider.js';
import * as pub from './support/pub-examples.js';

describe('solve: the examples of pub doc/solver.md', () => {
  it('no conflicts', async () => {
    const { universe, root } = pub.noConflicts;
    expect(await solveUniverse(universe, root)).toEqual({ foo: '1.0.0', bar: '1.0.0' });
  });

  it('avoiding conflict during decision making', async () => {
    const { universe, root } = pub.avoidingConflictDuringDecisionMaking;
    expect(await solveUniverse(universe, root)).toEqual({ foo: '1.0.0', bar: '1.1.0' });
  });

  it('performing conflict resolution', async () => {
    const { universe, root } = pub.performingConflictResolution;
    expect(await solveUniverse(universe, root)).toEqual({ foo: '1.0.0' });
  });

  it('conflict resolution with a partial satisfier', async () => {
    const { universe, root } = pub.conflictResolutionWithPartialSatisfier;
    expect(await solveUniverse(universe, root)).toEqual({ foo: '1.0.0', target: '2.0.0' });
  });

  it('linear and branching error reporting have no solution', async () => {
    for (const { universe, root } of [pub.linearErrorReporting, pub.branchingErrorReporting]) {
      await expect(solveUniverse(universe, root)).rejects.toBeInstanceOf(NoSolutionError);
    }
  });
});

describe('solve: choices', () => {
  const universe: Universe = {
    a: { '1.0': { b: '>=1' }, '2.0': { b: '>=2' }, '3.0': { b: '>=3', c: '*' } },
    b: { '1.0': {}, '2.0': {}, '3.0': {} },
    c: { '1.0': { a: '<3' } },
  };

  it('takes the most preferred version that works (highest first by default)', async () => {
    // a 3.0 needs c, and c needs a<3: so a 2.0 with the newest b.
    expect(await solveUniverse(universe, { a: '*' })).toEqual({ a: '2.0', b: '3.0' });
  });

  it("follows the provider's order (lowest first)", async () => {
    expect(await solveUniverse(universe, { a: '*' }, { order: 'lowest' })).toEqual({ a: '1.0', b: '1.0' });
  });

  it('lets the provider choose among the allowed candidates', async () => {
    const provider = new MemoryProvider(universe);
    const choices: string[] = [];
    const chooser = Object.assign(Object.create(provider) as MemoryProvider, {
      chooseVersion(pkg: string, _set: IntervalSet, candidates: readonly string[]) {
        choices.push(`${pkg}:${candidates.join(',')}`);
        return pkg === 'b' ? candidates[candidates.length - 1] : candidates[0];
      },
    });
    const r = await solve({ sets: intervalOps, provider: chooser, requirements: [{ package: 'a', versions: range('<3') }] });
    expect(Object.fromEntries(r.versions)).toEqual({ a: '2.0', b: '2.0' });
    expect(choices).toContain('b:3.0,2.0');
  });

  it('applies constraints only to packages that are installed', async () => {
    const r = await solveUniverse(universe, { a: '*' }, { constraints: { b: '<3', zzz: '==1' } });
    expect(r).toEqual({ a: '2.0', b: '2.0' });
  });

  it('intersects two requirements on the same package', async () => {
    const u: Universe = { a: { '1.0': { b: '>=1', B: '*' } }, b: { '1.0': {}, '2.0': {}, '3.0': {} }, B: { '1.0': { b: '<3' } } };
    expect(await solveUniverse(u, { a: '*' })).toEqual({ a: '1.0', b: '2.0', B: '1.0' });
    const r = await solve({
      sets: intervalOps,
      provider: new MemoryProvider(u),
      requirements: [
        { package: 'b', versions: range('>=1') },
        { package: 'b', versions: range('<3') },
      ],
    });
    expect(Object.fromEntries(r.versions)).toEqual({ b: '2.0' });
  });

  it('decides packages in the order the provider prioritizes', async () => {
    const u: Universe = {
      a: { '2.0': { c: '==2' }, '1.0': { c: '==1' } },
      b: { '2.0': { c: '==1' }, '1.0': { c: '==2' } },
      c: { '1': {}, '2': {} },
    };
    // By default the first requirement is decided first and gets its newest version.
    expect(await solveUniverse(u, { a: '*', b: '*' })).toEqual({ a: '2.0', b: '1.0', c: '2' });
    const provider = new MemoryProvider(u);
    const contexts: string[] = [];
    const prioritized = Object.assign(Object.create(provider) as MemoryProvider, {
      prioritize(pkg: string, context: PriorityContext<IntervalSet>) {
        contexts.push(`${pkg} candidates=${context.candidates} direct=${context.direct} discovery=${context.discovery}`);
        return pkg === 'b' ? 1 : 0;
      },
    });
    const r = await solve({
      sets: intervalOps,
      provider: prioritized,
      requirements: [
        { package: 'a', versions: range('*') },
        { package: 'b', versions: range('*') },
      ],
    });
    expect(Object.fromEntries(r.versions)).toEqual({ b: '2.0', c: '1', a: '1.0' });
    expect(contexts).toContain('a candidates=2 direct=true discovery=0');
    expect(contexts).toContain('b candidates=2 direct=true discovery=1');
  });

  it('decides a package with a single candidate left before the others', async () => {
    const u: Universe = {
      a: { '2.0': { c: '==2' }, '1.0': { c: '==1' } },
      b: { '1.0': { c: '==1' } },
      c: { '1': {}, '2': {} },
    };
    // b has one candidate: deciding it first avoids trying a 2.0 at all.
    const r = await solveUniverseFull(u, { a: '*', b: '*' });
    expect(Object.fromEntries(r.versions)).toEqual({ b: '1.0', c: '1', a: '1.0' });
    expect(r.stats.conflicts).toBe(0);
  });

  it('handles dependency cycles', async () => {
    const u: Universe = { a: { '1.0': { b: '*' } }, b: { '1.0': { c: '*' } }, c: { '1.0': { a: '*' } } };
    expect(await solveUniverse(u, { a: '*' })).toEqual({ a: '1.0', b: '1.0', c: '1.0' });
  });

  it('accepts a package that depends on its own version, and skips one that cannot', async () => {
    const u: Universe = { a: { '2.0': { a: '<2' }, '1.0': { a: '==1.0' } } };
    expect(await solveUniverse(u, { a: '*' })).toEqual({ a: '1.0' });
  });

  it('resolves extras as virtual packages pinned to their base', async () => {
    const u: Universe = {
      'a[x]': { '1.0': { a: '==1.0', b: '*' }, '2.0': { a: '==2.0', b: '*' } },
      a: { '1.0': {}, '2.0': { c: '>=5' } },
      b: { '1.0': {} },
      c: { '1.0': {} },
    };
    expect(await solveUniverse(u, { 'a[x]': '*' })).toEqual({ a: '1.0', 'a[x]': '1.0', b: '1.0' });
  });

  it('skips unavailable versions and missing optional paths', async () => {
    const u: Universe = {
      a: { '2.0': { unavailable: 'no compatible wheel' }, '1.0': { b: '*' } },
      b: { '1.0': {} },
    };
    expect(await solveUniverse(u, { a: '*' })).toEqual({ a: '1.0', b: '1.0' });
  });

  it('returns an empty resolution for no requirements', async () => {
    const r = await solveUniverseFull({}, {});
    expect(r.versions.size).toBe(0);
  });

  it('returns the dependencies of every chosen version', async () => {
    const r = await solveUniverseFull(pub.noConflicts.universe, pub.noConflicts.root);
    expect([...r.dependencies.keys()].sort()).toEqual(['bar', 'foo']);
    expect(r.dependencies.get('foo')!.map((d) => [d.package, intervalOps.toString(d.versions)])).toEqual([
      ['bar', '>=1.0.0,<2.0.0'],
    ]);
    expect(r.dependencies.get('bar')).toEqual([]);
    expect(r.stats.decisions).toBe(2);
  });

  it('asks the provider each question at most once', async () => {
    const provider = new MemoryProvider(pub.conflictResolutionWithPartialSatisfier.universe);
    await solveUniverseFull(pub.conflictResolutionWithPartialSatisfier.universe, pub.conflictResolutionWithPartialSatisfier.root, {}, provider);
    expect(new Set(provider.versionCalls).size).toBe(provider.versionCalls.length);
    expect(new Set(provider.dependencyCalls).size).toBe(provider.dependencyCalls.length);
  });
});

describe('solve: failures', () => {
  it('throws a ResolutionError (E_RESOLUTION, exit code 1) carrying the derivation graph', async () => {
    const err = await solveUniverse(pub.linearErrorReporting.universe, pub.linearErrorReporting.root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResolutionError);
    const e = err as NoSolutionError<string, IntervalSet>;
    expect(e.code).toBe('E_RESOLUTION');
    expect(e.exitCode).toBe(1);
    expect(e.incompatibility.terms).toEqual([]);
    expect(e.message.startsWith('no solution found when resolving dependencies:\n  Because ')).toBe(true);
  });

  it('passes provider errors through unchanged', async () => {
    const boom = new Error('index down');
    const provider = new MemoryProvider({ a: { '1.0': { b: '*' } } });
    provider.getVersions = (pkg: string) => (pkg === 'b' ? Promise.reject(boom) : [ '1.0' ]);
    await expect(
      solve({ sets: intervalOps, provider, requirements: [{ package: 'a', versions: intervalOps.full() }] }),
    ).rejects.toBe(boom);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(
      solve({
        sets: intervalOps,
        provider: new MemoryProvider(pub.noConflicts.universe),
        requirements: [{ package: 'foo', versions: range('*') }],
        signal: controller.signal,
      }),
    ).rejects.toThrow('cancelled');
  });

  it('stops while waiting for a provider that does not answer', async () => {
    const controller = new AbortController();
    const provider = new MemoryProvider(pub.noConflicts.universe);
    provider.getVersions = () => {
      queueMicrotask(() => controller.abort(new Error('cancelled while waiting')));
      return new Promise(() => {});
    };
    await expect(
      solve({
        sets: intervalOps,
        provider,
        requirements: [{ package: 'foo', versions: range('*') }],
        signal: controller.signal,
      }),
    ).rejects.toThrow('cancelled while waiting');
  });
});

describe('solve: reporter', () => {
  it('reports decisions, rejections, conflicts and backtracks', async () => {
    const events: string[] = [];
    const reporter: Reporter<string, string, IntervalSet> = {
      decided: (p, v, level) => events.push(`decided ${p} ${v} @${level}`),
      rejected: (p, v) => events.push(`rejected ${p} ${v}`),
      conflict: () => events.push('conflict'),
      backtracked: (level) => events.push(`backtracked to ${level}`),
    };
    const { universe, root } = pub.performingConflictResolution;
    await solveUniverse(universe, root, { reporter });
    // solver.md: foo 2.0.0 is decided, bar 1.0.0 needs foo ^1.0.0, so foo 2.0.0 is
    // learned to be impossible and the solver jumps back to level 0.
    expect(events).toEqual([
      'decided foo 2.0.0 @1',
      'rejected bar 1.0.0',
      'conflict',
      'backtracked to 0',
      'decided foo 1.0.0 @1',
    ]);
  });
});

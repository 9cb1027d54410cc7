/**
 * Explanations, as whole texts. The pub scenarios come from dart-lang/pub doc/solver.md
 * ("Linear Error Reporting", "Branching Error Reporting"); the expected texts follow
 * pub's, in this project's words (pub: "foo <1.1.0 is forbidden", here: "foo==1.0.0
 * cannot be used" — a range holding one candidate is written as that version; pub's
 * root package is "your requirements" here).
 */
import { describe, expect, it } from 'vitest';
import { NoSolutionError, explain, type DependencyProvider } from '../../../src/index.js';
import { solve } from '../../../src/index.js';
import { intervalOps, range, type IntervalSet } from './support/interval-set.js';
import { solveUniverse, type SolveUniverseOptions, type Universe } from './support/memory-provider.js';
import * as pub from './support/pub-examples.js';

async function explanation(
  universe: Universe,
  root: Readonly<Record<string, string>>,
  options: SolveUniverseOptions = {},
): Promise<string> {
  const err = await solveUniverse(universe, root, options).then(
    (r) => new Error(`expected no solution, got ${JSON.stringify(r)}`),
    (e: unknown) => e,
  );
  if (!(err instanceof NoSolutionError)) throw err;
  return err.explanation;
}

describe('explanations of the pub solver.md examples', () => {
  it('linear error reporting', async () => {
    const { universe, root } = pub.linearErrorReporting;
    expect(
      await explanation(universe, root, { sources: { foo: 'requirements.in:1', baz: 'requirements.in:2' } }),
    ).toBe(
      [
        'Because every version of foo depends on bar>=2.0.0,<3.0.0 which depends on baz>=3.0.0,<4.0.0, every version of foo requires baz>=3.0.0,<4.0.0.',
        'So, because your requirements depend on both foo>=1.0.0,<2.0.0 (requirements.in:1) and baz>=1.0.0,<2.0.0 (requirements.in:2), version solving failed.',
      ].join('\n'),
    );
  });

  it('branching error reporting: a numbered line referred to later', async () => {
    const { universe, root } = pub.branchingErrorReporting;
    expect(await explanation(universe, root)).toBe(
      [
        '    Because foo==1.0.0 depends on a>=1.0.0,<2.0.0 which depends on b>=2.0.0,<3.0.0, foo==1.0.0 requires b>=2.0.0,<3.0.0.',
        '(1) So, because foo==1.0.0 depends on b>=1.0.0,<2.0.0, foo==1.0.0 cannot be used.',
        '',
        '    Because foo==1.1.0 depends on x>=1.0.0,<2.0.0 which depends on y>=2.0.0,<3.0.0, foo==1.1.0 requires y>=2.0.0,<3.0.0.',
        '    And because foo==1.1.0 depends on y>=1.0.0,<2.0.0, foo==1.1.0 cannot be used.',
        '    And because foo==1.0.0 cannot be used (1), no version of foo can be used.',
        '    So, because your requirements depend on foo>=1.0.0,<2.0.0, version solving failed.',
      ].join('\n'),
    );
  });
});

describe('explanations of other conflict shapes', () => {
  it('a dependency no version matches (the wording of the brief)', async () => {
    const u: Universe = { foo: { '1.0': { bar: '>=2' } }, bar: { '1.0': {} } };
    expect(await explanation(u, { foo: '*' }, { sources: { foo: 'requirements.in:3' } })).toBe(
      [
        'Because every version of foo depends on bar>=2 and no versions of bar match >=2, no version of foo can be used.',
        'So, because your requirements (requirements.in:3) depend on foo, version solving failed.',
      ].join('\n'),
    );
  });

  it('ranges of the candidates that share a fate', async () => {
    const u: Universe = { foo: { '1.0': { bar: '>=2' }, '0.9': { bar: '>=3' } }, bar: { '1.0': {} } };
    expect(await explanation(u, { foo: '>=1' })).toBe(
      [
        'Because foo==1.0 depends on bar>=2 and no versions of bar match >=2, foo>=1.0 cannot be used.',
        'So, because your requirements depend on foo>=1, version solving failed.',
      ].join('\n'),
    );
  });

  it('adjacent versions with the same dependency are one fact about a range', async () => {
    const u: Universe = {
      foo: { '0.9': {}, '1.0': { bar: '>=2' }, '1.1': { bar: '>=2' }, '1.2': { bar: '>=2' }, '2.0': {} },
      bar: { '1.0': {} },
      baz: { '1.0': { foo: '<2' } },
    };
    expect(await explanation(u, { foo: '>=1', baz: '*' })).toBe(
      [
        'Because every version of baz depends on foo<2 and foo>=1.0,<2.0 depends on bar>=2, every version of baz requires bar>=2 or foo<1.0.',
        'And because no versions of bar match >=2, every version of baz requires foo<1.0.',
        'So, because your requirements depend on both foo>=1 and baz, version solving failed.',
      ].join('\n'),
    );
  });

  it('linear: a chain of dependencies ending in a conflict with the requirements', async () => {
    const u: Universe = {
      a: { '1.0': { b: '*' }, '2.0': { b: '*' } },
      b: { '1.0': { c: '*' }, '2.0': { c: '*' } },
      c: { '1.0': { d: '>=2' }, '2.0': { d: '>=3' } },
      d: { '1.0': {}, '3.0': {} },
    };
    expect(await explanation(u, { a: '*', d: '<3' })).toBe(
      [
        'Because c==1.0 depends on d>=2 and c==2.0 depends on d>=3, every version of c requires d>=2.',
        'And because no versions of d match >=2,<3, every version of c requires d>=3.',
        'And because every version of a depends on b which depends on c, every version of a requires d>=3.',
        'So, because your requirements depend on both a and d<3, version solving failed.',
      ].join('\n'),
    );
  });

  it('diamond: two requirements need incompatible versions of a shared dependency', async () => {
    const u: Universe = {
      a: { '1.0': { c: '<2' }, '2.0': { c: '<2' } },
      b: { '1.0': { c: '>=2' }, '2.0': { c: '>=3' } },
      c: { '1.0': {}, '2.0': {}, '3.0': {} },
    };
    expect(await explanation(u, { a: '*', b: '*' }, { sources: { a: 'requirements.in:1', b: 'requirements.in:2' } })).toBe(
      [
        'Because b==2.0 depends on c>=3 and b==1.0 depends on c>=2, every version of b requires c>=2.',
        'And because every version of a depends on c<2, a and b are incompatible.',
        'So, because your requirements depend on both a (requirements.in:1) and b (requirements.in:2), version solving failed.',
      ].join('\n'),
    );
  });

  it('unavailable versions, with their reasons', async () => {
    const u: Universe = {
      a: { '1.0': { b: '>=1' } },
      b: {
        '0.9': {},
        '1.0': { unavailable: 'no wheel for cp312-manylinux_2_17_x86_64' },
        '1.1': { unavailable: 'requires Python >=3.13' },
      },
    };
    expect(await explanation(u, { a: '*' })).toBe(
      [
        'Because b==1.0 is unavailable (no wheel for cp312-manylinux_2_17_x86_64) and b==1.1 is unavailable (requires Python >=3.13), b>=1.0 cannot be used.',
        'So, because your requirements depend on a which depends on b>=1, version solving failed.',
      ].join('\n'),
    );
  });

  it('several unavailable versions for the same reason are one range', async () => {
    const u: Universe = {
      a: { '1.0': { b: '>=1' } },
      b: { '0.9': {}, '1.0': { unavailable: 'no compatible wheel' }, '1.1': { unavailable: 'no compatible wheel' } },
    };
    expect(await explanation(u, { a: '*' })).toBe(
      [
        'Because every version of a depends on b>=1 and b>=1.0 is unavailable (no compatible wheel), no version of a can be used.',
        'So, because your requirements depend on a, version solving failed.',
      ].join('\n'),
    );
  });

  it('a package the index does not have', async () => {
    expect(await explanation({ a: { '1.0': { b: '>=1' } } }, { a: '*' }, { missing: { b: 'not found in the package index' } })).toBe(
      [
        'Because every version of a depends on b>=1 and b is unavailable (not found in the package index), no version of a can be used.',
        'So, because your requirements depend on a, version solving failed.',
      ].join('\n'),
    );
    expect(await explanation({}, { a: '*' }, { missing: { a: 'not found in the package index' } })).toBe(
      'Because a is unavailable (not found in the package index) and your requirements depend on a, version solving failed.',
    );
  });

  it('a requirement no version matches, and one that allows no version at all', async () => {
    const u: Universe = { a: { '1.0': {} } };
    expect(await explanation(u, { a: '>=2' }, { sources: { a: 'requirements.in:7' } })).toBe(
      'Because no versions of a match >=2 and your requirements (requirements.in:7) depend on a>=2, version solving failed.',
    );
    expect(await explanation(u, { a: '>2,<1' })).toBe('Because your requirements depend on a<empty>, version solving failed.');
  });

  it('a constraint', async () => {
    const u: Universe = { a: { '1.0': { b: '>=2' } }, b: { '1.0': {}, '2.0': {} } };
    expect(await explanation(u, { a: '*' }, { constraints: { b: '<2' } })).toBe(
      [
        'Because every version of a depends on b>=2 and your constraints allow only b<2, no version of a can be used.',
        'So, because your requirements depend on a, version solving failed.',
      ].join('\n'),
    );
  });

  it('the package names come from the provider', async () => {
    const base = { a: { '1.0': { b: '>=2' } }, b: { '1.0': {} } } as Universe;
    const provider: DependencyProvider<string, string, IntervalSet> = {
      getVersions: (p) => Object.keys(base[p] ?? {}),
      getDependencies: (p, v) => ({
        kind: 'available',
        dependencies: Object.entries((base[p]![v] as Record<string, string>) ?? {}).map(([d, r]) => ({ package: d, versions: range(r) })),
      }),
      display: (p) => `pkg-${p.toUpperCase()}`,
    };
    const err = await solve({ sets: intervalOps, provider, requirements: [{ package: 'a', versions: range('*') }] }).catch(
      (e: unknown) => e as NoSolutionError,
    );
    expect((err as NoSolutionError).explanation).toBe(
      [
        'Because every version of pkg-A depends on pkg-B>=2 and no versions of pkg-B match >=2, no version of pkg-A can be used.',
        'So, because your requirements depend on pkg-A, version solving failed.',
      ].join('\n'),
    );
  });
});

describe('the error and the derivation graph', () => {
  it('indents the explanation under one line in the message', async () => {
    const err = await solveUniverse(pub.branchingErrorReporting.universe, pub.branchingErrorReporting.root).catch(
      (e: unknown) => e as NoSolutionError,
    );
    const lines = (err as NoSolutionError).message.split('\n');
    expect(lines[0]).toBe('no solution found when resolving dependencies:');
    expect(lines[1]).toBe('      Because foo==1.0.0 depends on a>=1.0.0,<2.0.0 which depends on b>=2.0.0,<3.0.0, foo==1.0.0 requires b>=2.0.0,<3.0.0.');
    expect(lines[3]).toBe('');
  });

  it('keeps the whole graph as plain data, causes first', async () => {
    const err = (await solveUniverse(pub.linearErrorReporting.universe, pub.linearErrorReporting.root).catch(
      (e: unknown) => e,
    )) as NoSolutionError<string, IntervalSet>;
    const tree = err.derivation;
    const last = tree.nodes[tree.nodes.length - 1]!;
    expect(last.id).toBe(tree.root);
    expect(last.terms).toEqual([]);
    const ids = new Map(tree.nodes.map((n, i) => [n.id, i]));
    for (const [i, n] of tree.nodes.entries()) {
      if (n.cause.kind === 'derived') {
        expect(ids.get(n.cause.cause1)).toBeLessThan(i);
        expect(ids.get(n.cause.cause2)).toBeLessThan(i);
      }
    }
    const kinds = tree.nodes.map((n) => n.cause.kind).sort();
    expect(kinds).toContain('root');
    expect(kinds).toContain('dependency');
    expect(tree.nodes).toContainEqual({
      id: expect.any(Number),
      terms: [
        { package: 'foo', positive: true, versions: '==1.0.0' },
        { package: 'bar', positive: false, versions: '>=2.0.0,<3.0.0' },
      ],
      cause: { kind: 'dependency', package: 'foo', versions: '==1.0.0', dependency: 'bar', dependencyVersions: '>=2.0.0,<3.0.0' },
    });
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
  });

  it('explain() gives the same text from the incompatibility', async () => {
    const err = (await solveUniverse(pub.linearErrorReporting.universe, pub.linearErrorReporting.root).catch(
      (e: unknown) => e,
    )) as NoSolutionError<string, IntervalSet>;
    const again = explain(err.incompatibility, {
      sets: intervalOps,
      display: (p: string) => p,
      candidates: (p: string) => Object.keys(pub.linearErrorReporting.universe[p] ?? {}),
    });
    expect(again).toBe(err.explanation);
  });
});

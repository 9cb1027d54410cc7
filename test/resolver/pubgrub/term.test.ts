/**
 * The term algebra against its meaning: a term is the set of states of a package (not
 * selected, or one version) it allows; checked on a grid of states.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Relation, TermOps, type Term } from '../../../src/resolver/pubgrub/term.js';
import { intervalOps, range, type IntervalSet } from './support/interval-set.js';

const ops = new TermOps(intervalOps);
/**
 * undefined: not selected. Bounds in the sets below lie in 1…7; the states cover 0…8 in
 * half steps, so that every interval and every gap holds one of them.
 */
const STATES: (string | undefined)[] = [undefined, ...Array.from({ length: 17 }, (_, i) => String(i / 2))];

const setArb: fc.Arbitrary<IntervalSet> = fc
  .array(
    fc.oneof(
      fc.constant('*'),
      fc.integer({ min: 1, max: 5 }).map((k) => `>=${k}`),
      fc.integer({ min: 1, max: 5 }).map((k) => `>${k}`),
      fc.integer({ min: 1, max: 5 }).map((k) => `<${k}`),
      fc.integer({ min: 1, max: 5 }).map((k) => `<=${k}`),
      fc.integer({ min: 1, max: 5 }).map((k) => `==${k}`),
      fc.integer({ min: 1, max: 5 }).map((k) => `!=${k}`),
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 })).map(([a, w]) => `>=${a},<${a + w}`),
    ),
    { minLength: 0, maxLength: 3 },
  )
  .map((alts) => (alts.length === 0 ? intervalOps.empty() : range(alts.join(' || '))));

const termArb: fc.Arbitrary<Term<IntervalSet>> = fc.record({ positive: fc.boolean(), set: setArb });

function allows(t: Term<IntervalSet>, state: string | undefined): boolean {
  const inSet = state !== undefined && intervalOps.contains(t.set, state);
  return t.positive ? inSet : !inSet;
}

const meaning = (t: Term<IntervalSet>) => STATES.map((s) => allows(t, s));

describe('TermOps', () => {
  it('intersect, union and negate mean and, or and not', () => {
    fc.assert(
      fc.property(termArb, termArb, (a, b) => {
        const [x, y] = [meaning(a), meaning(b)];
        expect(meaning(ops.intersect(a, b))).toEqual(x.map((v, i) => v && y[i]!));
        expect(meaning(ops.union(a, b))).toEqual(x.map((v, i) => v || y[i]!));
        expect(meaning(ops.negate(a))).toEqual(x.map((v) => !v));
      }),
      { numRuns: 500 },
    );
  });

  it('subset, disjoint and relation agree with the states', () => {
    fc.assert(
      fc.property(termArb, termArb, (a, b) => {
        const [x, y] = [meaning(a), meaning(b)];
        const subset = x.every((v, i) => !v || y[i]!);
        const disjoint = x.every((v, i) => !(v && y[i]!));
        expect(ops.isSubset(a, b)).toBe(subset);
        expect(ops.isDisjoint(a, b)).toBe(disjoint);
        const expected = subset ? Relation.Satisfied : disjoint ? Relation.Contradicted : Relation.Inconclusive;
        expect(ops.relation(a, b)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('knows the term that always holds and the one that never does', () => {
    expect(meaning(ops.any).every(Boolean)).toBe(true);
    expect(ops.isAny(ops.any)).toBe(true);
    expect(ops.isEmpty(ops.positive(intervalOps.empty()))).toBe(true);
    // "selected, any version" is not "anything": it excludes "not selected".
    expect(ops.isAny(ops.positive(intervalOps.full()))).toBe(false);
    expect(ops.isSubset(ops.any, ops.positive(intervalOps.full()))).toBe(false);
  });
});

describe('the test interval set', () => {
  it('union, intersection and complement are or, and and not on versions', () => {
    const points = STATES.filter((s): s is string => s !== undefined);
    const m = (s: IntervalSet) => points.map((p) => intervalOps.contains(s, p));
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        expect(m(intervalOps.union(a, b))).toEqual(m(a).map((v, i) => v || m(b)[i]!));
        expect(m(intervalOps.intersect(a, b))).toEqual(m(a).map((v, i) => v && m(b)[i]!));
        expect(m(intervalOps.complement(a))).toEqual(m(a).map((v) => !v));
        expect(intervalOps.equals(intervalOps.complement(intervalOps.complement(a)), a)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

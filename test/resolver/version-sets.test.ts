/**
 * The PEP 440 binding of the solver's version sets, and how sets read in explanations.
 */
import { describe, expect, it } from 'vitest';
import { SpecifierSet, Version, VersionRange } from '../../src/pep440/index.js';
import { pep440VersionSets as sets } from '../../src/resolver/index.js';

const v = (t: string) => Version.parse(t);
const spec = (t: string) => SpecifierSet.parse(t).toRange();

describe('pep440VersionSets', () => {
  it('are VersionRange operations', () => {
    expect(sets.contains(sets.singleton(v('1.0')), v('1.0.0'))).toBe(true);
    expect(sets.contains(sets.singleton(v('1.0')), v('1.0+local'))).toBe(false);
    expect(sets.isSubsetOf(spec('>=1.2,<1.5'), spec('>=1'))).toBe(true);
    expect(sets.equals(sets.union(spec('<1'), spec('>=1')), sets.full())).toBe(false); // 1.0rc1 is in neither
    expect(sets.equals(sets.union(spec('<1'), spec('>=1.dev0')), sets.full())).toBe(true);
    expect(sets.isEmpty(sets.intersect(spec('<1'), spec('>=2')))).toBe(true);
    expect(sets.equals(sets.between!(v('1.0'), v('2.0')), spec('>=1.0,<2.0.dev0'))).toBe(false);
    expect(sets.contains(sets.between!(v('1.0'), v('2.0')), v('2.0rc1'))).toBe(true);
    expect(sets.contains(sets.between!(undefined, v('2.0')), v('0.1'))).toBe(true);
    expect(sets.compare!(v('1.0a1'), v('1.0'))).toBeLessThan(0);
  });

  it.each([
    ['a candidate', VersionRange.singleton(v('1.0')), '==1.0'],
    ['every version but a candidate', VersionRange.singleton(v('1.0')).complement(), '!=1.0'],
    ['a range with a candidate taken out', spec('>=1.0,<3').difference(VersionRange.singleton(v('2.1'))), '>=1.0, !=2.1, <3'],
    ['a specifier', spec('>=1.0,<2'), '>=1.0, <2'],
    ['a local candidate', VersionRange.singleton(v('1.0+foo')), '==1.0+foo'],
    ['every version', VersionRange.full(), '*'],
  ])('write %s as users write it', (_what, range, text) => {
    expect(sets.toString(range)).toBe(text);
  });
});

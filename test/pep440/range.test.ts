import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cut, Specifier, SpecifierSet, Version, VersionRange } from '../../src/pep440/index.js';
import { edgeVersions } from './generators.js';

const r = (s: string) => SpecifierSet.parse(s).toRange();
const v = (s: string) => Version.parse(s);

describe('VersionRange: construction and reading', () => {
  it('prints ranges as specifiers where they are exact', () => {
    expect(r('>=1.0,<2.0').toString()).toBe('>=1.0, <2.0');
    expect(r('==1.5').toString()).toBe('==1.5');
    expect(r('').toString()).toBe('*');
    expect(r('<1.0').union(r('>=2.0')).toString()).toBe('<1.0 | >=2.0');
    expect(r('>=1.0, !=1.5, <2.0').toString()).toBe('>=1.0, !=1.5, <2.0');
    expect(r('!=1.5, !=1.7').toString()).toBe('!=1.5, !=1.7');
    expect(r('==1.*').toString()).toBe('==1.*');
    expect(r('!=1.2.*').toString()).toBe('!=1.2.*');
    expect(r('>1.0').toString()).toBe('>1.0');
    expect(r('>1.0a1').toString()).toBe('>1.0a1');
    expect(r('>1.0.post2').toString()).toBe('>1.0.post2');
    expect(r('<=1.0').toString()).toBe('<=1.0');
    expect(r('<=1.0.post3').toString()).toBe('<=1.0.post3');
    expect(r('==1.0+abc').toString()).toBe('==1.0+abc');
    expect(r('~=1.4.5').toString()).toBe('>=1.4.5, <1.5');
    expect(r('<0').toString()).toBe('∅');
    expect(r('<2.0rc1').toString()).toBe('<2.0rc1');
  });

  it('says in words what no specifier can', () => {
    expect(r('>=2.0').complement().toString()).toBe('<2.0 (incl. pre-releases of 2.0)');
    expect(r('>1.0').complement().toString()).toBe('<=1.0 (incl. post-releases of 1.0)');
    expect(r('<=1.0').complement().toString()).toBe('>=1.0.post0.dev0');
    expect(VersionRange.singleton(v('1.0')).toString()).toBe('==1.0 (excl. local versions)');
    expect(VersionRange.greaterThan(v('1.0')).toString()).toBe('>1.0 (incl. local and post-releases of 1.0)');
    expect(VersionRange.atMost(v('1.0')).toString()).toBe('<=1.0 (excl. local versions of 1.0)');
  });

  it('is canonical: equal sets have equal representations', () => {
    expect(r('<2.0').equals(r('<2.0.dev0'))).toBe(true);
    expect(r('>1.0a1').equals(r('>=1.0a2.dev0'))).toBe(true);
    expect(r('>1.0.dev1').equals(r('>=1.0.dev2'))).toBe(true);
    expect(r('>1.0.post1').equals(r('>=1.0.post2.dev0'))).toBe(true);
    expect(r('<=1.0').equals(r('<1.0.post0.dev0'))).toBe(true);
    expect(r('>=0.dev0').isFull()).toBe(true);
    expect(r('>=0').isFull()).toBe(false);
    expect(r('<0.dev0').isEmpty()).toBe(true);
    expect(r('!=1.0').union(r('==1.0')).isFull()).toBe(true);
    expect(r('==1.0').equals(r('==1.0.0'))).toBe(true);
    expect(r('>=1,<2').toKey()).toBe(r('<2.0,>=1.0').toKey());
    expect(r('>=1,<2').toKey()).not.toBe(r('>=1,<=2').toKey());
  });

  it('builds plain-order ranges around a version', () => {
    const x = v('1.0');
    expect(VersionRange.atLeast(x).contains(v('1.0'))).toBe(true);
    expect(VersionRange.higherThan(x).equals(VersionRange.atLeast(x))).toBe(true);
    expect(VersionRange.lessThan(x).contains(v('1.0rc1'))).toBe(true);
    expect(VersionRange.lowerThan(x).contains(v('1.0'))).toBe(false);
    expect(VersionRange.greaterThan(x).contains(v('1.0+local'))).toBe(true);
    expect(VersionRange.greaterThan(x).contains(v('1.0'))).toBe(false);
    expect(VersionRange.atMost(x).contains(v('1.0+local'))).toBe(false);
    expect(VersionRange.atMost(x).contains(v('1.0.0'))).toBe(true);
    expect(VersionRange.singleton(x).contains(v('1.0.0'))).toBe(true);
    expect(VersionRange.singleton(x).contains(v('1.0+l'))).toBe(false);
    expect(VersionRange.between(v('1.0'), v('2.0')).toString()).toBe('>=1.0, <2.0 (incl. pre-releases of 2.0)');
    expect(VersionRange.between(v('2.0'), v('1.0')).isEmpty()).toBe(true);
    expect(VersionRange.full().isFull() && VersionRange.empty().isEmpty()).toBe(true);
    expect(VersionRange.fromSpecifier(Specifier.parse('>=1')).equals(r('>=1'))).toBe(true);
    expect(VersionRange.fromSpecifierSet(SpecifierSet.parse('>=1')).equals(r('>=1'))).toBe(true);
  });

  it('exposes its intervals', () => {
    const iv = r('!=1.5').intervals;
    expect(iv).toHaveLength(2);
    expect(iv[0]!.lower).toBe(Cut.MIN);
    expect(iv[0]!.upper.kind).toBe('before');
    expect(iv[0]!.upper.version?.toString()).toBe('1.5');
    expect(iv[1]!.lower.version?.toString()).toBe('1.5.post0.dev0');
    expect(iv[1]!.upper).toBe(Cut.MAX);
    expect(VersionRange.fromIntervals([...iv].reverse()).equals(r('!=1.5'))).toBe(true);
    const many = r('!=1,!=2,!=3,!=4,!=5,!=6,!=7');
    expect(many.intervals).toHaveLength(8);
    for (const x of ['0.5', '1', '1.5', '4', '4.0.1', '7', '7.0+x', '8']) expect(many.contains(v(x))).toBe(!['1', '4', '7', '7.0+x'].includes(x));
  });

  it('R-arbitrary-range: === becomes version equality (see deviations.ts)', () => {
    const set = SpecifierSet.parse('===1.0');
    expect(set.contains('1.0.0')).toBe(false);
    expect(set.toRange().contains(v('1.0.0'))).toBe(true);
    expect(set.toRange().contains(v('1.0+local'))).toBe(false);
    expect(SpecifierSet.parse('===foobar').toRange().isEmpty()).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// Property tests: the algebra agrees with membership, on versions at the edges.

const releaseArb = fc.tuple(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 2 }));
/** Absent three times in four, so that plain final releases are common. */
const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });
const suffixArb = fc.record({
  pre: sometimes(fc.tuple(fc.constantFrom('a', 'b', 'rc'), fc.integer({ min: 0, max: 2 }))),
  post: sometimes(fc.integer({ min: 0, max: 2 })),
  dev: sometimes(fc.integer({ min: 0, max: 2 })),
  local: sometimes(fc.constantFrom('abc', '1', 'abc.1', '0a')),
});
const versionTextArb = fc
  .tuple(fc.constantFrom('', '', '', '1!'), releaseArb, suffixArb)
  .map(([epoch, [release, zeros], s]) => {
    let t = epoch + [...release, ...Array(zeros).fill(0)].join('.');
    if (s.pre) t += s.pre[0] + s.pre[1];
    if (s.post !== undefined) t += `.post${s.post}`;
    if (s.dev !== undefined) t += `.dev${s.dev}`;
    if (s.local !== undefined) t += `+${s.local}`;
    return t;
  });
const versionArb = versionTextArb.map((t) => Version.parse(t));
const specArb = fc
  .tuple(fc.constantFrom('==', '!=', '<=', '>=', '<', '>', '~='), versionTextArb, fc.boolean())
  .map(([op, t, wild]) => op + (wild ? t.replace(/[a-z+].*$/, '') + '.*' : t))
  .filter((t) => Specifier.tryParse(t) !== null);
const setArb = fc.array(specArb, { minLength: 0, maxLength: 3 }).map((specs) => SpecifierSet.parse(specs.join(',')));

/** Versions at the edges of a set's specifiers, plus random ones. */
function probes(sets: SpecifierSet[], extra: Version[]): Version[] {
  const out = [...extra];
  for (const s of sets) for (const spec of s) for (const t of edgeVersions(spec.version)) {
    const x = Version.tryParse(t);
    if (x !== null) out.push(x);
  }
  return out;
}

/** A version inside the interval starting at this cut (the range's least-ish member). */
function witness(cut: Cut): Version {
  switch (cut.kind) {
    case 'min':
      return v('0.dev0');
    case 'before':
      return cut.version!;
    case 'after':
      return v(`${cut.version!.toString()}${cut.version!.hasLocal ? '.' : '+'}000000000a`);
    case 'afterPosts':
      return Version.fromFields({ ...cut.version!.fields, release: [...cut.version!.fields.release, '0', '0', '0', '0', '0', '1'], dev: '0', local: null });
    default:
      throw new Error('no version above MAX');
  }
}

/**
 * Today's rules written directly as comparisons, operator by operator (PEP 440 "Version
 * specifiers" as packaging 26 reads them), independent of the cut and interval machinery.
 */
function reference(spec: Specifier, x: Version): boolean {
  const V = spec.parsedVersion!;
  const samePublic = x.public.equals(V);
  const prefixMatch = (epoch: string, prefix: readonly string[]) => {
    if (x.fields.epoch !== epoch) return false;
    return prefix.every((p, i) => (x.fields.release[i] ?? '0') === p);
  };
  switch (spec.operator) {
    case '>=':
      return x.greaterThanOrEqual(V);
    case '<=':
      return x.public.lessThanOrEqual(V);
    case '<':
      return x.lessThan(V.isPrerelease ? V : Version.fromFields({ ...V.fields, dev: '0' }));
    case '>': {
      if (!x.greaterThan(V) || samePublic) return false;
      if (V.dev !== null || V.post !== null) return true;
      // Not V's post-release family: same release and pre-release, with a post segment.
      const sameRelease = x.baseVersion.equals(V.baseVersion) && JSON.stringify(x.pre) === JSON.stringify(V.pre);
      return !(sameRelease && x.post !== null);
    }
    case '==':
    case '!=': {
      const eq = spec.wildcard ? prefixMatch(V.fields.epoch, V.fields.release) : V.hasLocal ? x.equals(V) : samePublic;
      return spec.operator === '==' ? eq : !eq;
    }
    case '~=':
      return x.greaterThanOrEqual(V) && prefixMatch(V.fields.epoch, V.fields.release.slice(0, -1));
    default:
      throw new Error(spec.operator);
  }
}

const RUNS = { numRuns: 400 };

describe('VersionRange: properties', () => {
  it('membership equals SpecifierSet.contains(v, {prereleases: true}) and the rules written directly', () => {
    fc.assert(
      fc.property(setArb, fc.array(versionArb, { maxLength: 5 }), (a, extra) => {
        const range = a.toRange();
        for (const x of probes([a], extra)) {
          const expected = a.specifiers.every((spec) => reference(spec, x));
          expect([String(a), String(x), range.contains(x), a.contains(x, { prereleases: true })]).toEqual([String(a), String(x), expected, expected]);
        }
      }),
      RUNS,
    );
  });

  it('intersection, union, complement and difference follow membership', () => {
    fc.assert(
      fc.property(setArb, setArb, fc.array(versionArb, { maxLength: 5 }), (a, b, extra) => {
        const ra = a.toRange();
        const rb = b.toRange();
        const and = ra.intersect(rb);
        const or = ra.union(rb);
        const not = ra.complement();
        const minus = ra.difference(rb);
        for (const x of probes([a, b], extra)) {
          const inA = ra.contains(x);
          const inB = rb.contains(x);
          const ctx = `${a} / ${b} / ${x}`;
          expect([ctx, and.contains(x), or.contains(x), not.contains(x), minus.contains(x)]).toEqual([ctx, inA && inB, inA || inB, !inA, inA && !inB]);
        }
      }),
      RUNS,
    );
  });

  it('subset, disjointness and equality agree with the algebra and with membership', () => {
    fc.assert(
      fc.property(setArb, setArb, fc.array(versionArb, { maxLength: 5 }), (a, b, extra) => {
        const ra = a.toRange();
        const rb = b.toRange();
        const and = ra.intersect(rb);
        expect(ra.isSubsetOf(rb)).toBe(and.equals(ra));
        expect(ra.isSubsetOf(rb)).toBe(ra.union(rb).equals(rb));
        expect(ra.isSubsetOf(rb)).toBe(ra.difference(rb).isEmpty());
        expect(ra.isSupersetOf(rb)).toBe(rb.isSubsetOf(ra));
        expect(and.isSubsetOf(ra) && and.isSubsetOf(rb) && ra.isSubsetOf(ra.union(rb))).toBe(true);
        expect(ra.isDisjoint(rb)).toBe(and.isEmpty());
        expect(ra.equals(rb)).toBe(ra.isSubsetOf(rb) && rb.isSubsetOf(ra));
        expect(ra.equals(rb)).toBe(ra.toKey() === rb.toKey());
        for (const x of probes([a, b], extra)) {
          if (ra.isSubsetOf(rb) && ra.contains(x)) expect(rb.contains(x)).toBe(true);
          if (ra.isDisjoint(rb)) expect(ra.contains(x) && rb.contains(x)).toBe(false);
          if (ra.equals(rb)) expect(ra.contains(x)).toBe(rb.contains(x));
        }
      }),
      RUNS,
    );
  });

  it('has lawful complements and non-empty, ordered intervals', () => {
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        const ra = a.toRange();
        const rb = b.toRange();
        expect(ra.complement().complement().equals(ra)).toBe(true);
        expect(ra.union(ra.complement()).isFull()).toBe(true);
        expect(ra.intersect(ra.complement()).isEmpty()).toBe(true);
        // De Morgan
        expect(ra.union(rb).complement().equals(ra.complement().intersect(rb.complement()))).toBe(true);
        for (const range of [ra, rb, ra.union(rb), ra.intersect(rb), ra.complement(), rb.difference(ra)]) {
          const iv = range.intervals;
          for (let i = 0; i < iv.length; i++) {
            expect(iv[i]!.lower.key < iv[i]!.upper.key).toBe(true);
            if (i > 0) expect(iv[i - 1]!.upper.key < iv[i]!.lower.key).toBe(true);
            // Canonical cuts: an interval is never empty.
            const w = witness(iv[i]!.lower);
            expect([String(range), String(w), range.contains(w)]).toEqual([String(range), String(w), true]);
          }
          expect(range.toString().length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });
});

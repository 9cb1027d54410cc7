import { describe, expect, it } from 'vitest';
import { VersionError } from '../../src/errors.js';
import { Specifier, SpecifierSet, Version } from '../../src/pep440/index.js';
import { PACKAGING_26_ABSENT, PACKAGING_26_WHEEL, runOracles } from '../helpers/packaging.js';
import { explainContains21, explainFilter21, explainSpecifierValidity21, explainString21, setContains21, setNamesPrerelease21, setString21 } from './deviations.js';
import { edgeVersions, pick, rng, specifierText } from './generators.js';

const set = (s: string) => SpecifierSet.parse(s);
const has = (spec: string, version: string, prereleases?: boolean) =>
  set(spec).contains(version, prereleases === undefined ? {} : { prereleases });

describe('Specifier: PEP 440 examples', () => {
  // "Compatible release": each pair of clauses is equivalent.
  it.each([
    ['~= 2.2', '>= 2.2, == 2.*'],
    ['~= 1.4.5', '>= 1.4.5, == 1.4.*'],
    ['~= 2.2.post3', '>= 2.2.post3, == 2.*'],
    ['~= 1.4.5a4', '>= 1.4.5a4, == 1.4.*'],
    ['~= 2.2.0', '>= 2.2.0, == 2.2.*'],
    ['~= 1.4.5.0', '>= 1.4.5.0, == 1.4.5.*'],
  ])('%s is %s ("Compatible release")', (a, b) => {
    expect(set(a).toRange().equals(set(b).toRange())).toBe(true);
  });

  it('rejects ~= with a single release number ("Compatible release")', () => {
    expect(() => Specifier.parse('~=1')).toThrow(VersionError);
  });

  it('matches the "Version matching" examples', () => {
    // Given 1.1.post1
    expect(has('== 1.1', '1.1.post1')).toBe(false);
    expect(has('== 1.1.post1', '1.1.post1')).toBe(true);
    expect(has('== 1.1.*', '1.1.post1')).toBe(true);
    // Given 1.1a1 ("matches clause if pre-releases are requested")
    expect(has('== 1.1', '1.1a1', true)).toBe(false);
    expect(has('== 1.1a1', '1.1a1')).toBe(true);
    expect(has('== 1.1.*', '1.1a1', true)).toBe(true);
    expect(has('== 1.1.*', '1.1a1')).toBe(false);
    // Given 1.1
    expect(has('== 1.1', '1.1')).toBe(true);
    expect(has('== 1.1.0', '1.1')).toBe(true);
    expect(has('== 1.1.dev1', '1.1')).toBe(false);
    expect(has('== 1.1a1', '1.1')).toBe(false);
    expect(has('== 1.1.post1', '1.1')).toBe(false);
    expect(has('== 1.1.*', '1.1')).toBe(true);
    // "It is invalid to have a prefix match containing a development or local release"
    expect(Specifier.tryParse('==1.0.dev1.*')).toBeNull();
    expect(Specifier.tryParse('==1.0+foo1.*')).toBeNull();
    // Local labels: ignored for a public spec, compared strictly otherwise.
    expect(has('==1.0', '1.0+foo')).toBe(true);
    expect(has('==1.0+foo', '1.0+foo')).toBe(true);
    expect(has('==1.0+foo', '1.0+bar')).toBe(false);
    expect(has('==1.0+foo', '1.0')).toBe(false);
  });

  it('matches the "Version exclusion" examples', () => {
    expect(has('!= 1.1', '1.1.post1')).toBe(true);
    expect(has('!= 1.1.post1', '1.1.post1')).toBe(false);
    expect(has('!= 1.1.*', '1.1.post1')).toBe(false);
  });

  it('matches the "Exclusive ordered comparison" examples', () => {
    expect(has('>1.7', '1.7.1')).toBe(true);
    expect(has('>1.7', '1.7.0.post1')).toBe(false);
    expect(has('>1.7.post2', '1.7.1')).toBe(true);
    expect(has('>1.7.post2', '1.7.0.post3')).toBe(true);
    expect(has('>1.7.post2', '1.7.0')).toBe(false);
    expect(has('>1.7', '1.7+local')).toBe(false);
    expect(has('<3.1', '3.1.dev0', true)).toBe(false);
    expect(has('<3.1', '3.0.dev0', true)).toBe(true);
    expect(has('<3.1rc1', '3.1b2')).toBe(true);
  });

  it('matches the "Arbitrary equality" examples', () => {
    expect(has('===foobar', 'foobar')).toBe(true);
    expect(has('===1.0', '1.0+downstream1')).toBe(false);
    expect(has('===1.0', '1.0')).toBe(true);
    expect(has('===1.0', '1.0.0')).toBe(false);
  });

  it('matches the "Examples" section', () => {
    const check = (spec: string, yes: string[], no: string[]) => {
      for (const v of yes) expect([spec, v, has(spec, v, true)]).toEqual([spec, v, true]);
      for (const v of no) expect([spec, v, has(spec, v, true)]).toEqual([spec, v, false]);
    };
    check('~=3.1', ['3.1', '3.5', '3.99.1'], ['3.0', '4.0', '4.0.dev0']);
    check('~=3.1.2', ['3.1.2', '3.1.9'], ['3.1.1', '3.2.0', '3.2.0.dev0']);
    check('~=3.1a1', ['3.1a1', '3.1', '3.9'], ['3.0', '4.0']);
    check('== 3.1', ['3.1', '3.1.0'], ['3.1a1', '3.1.post1', '3.1.dev1', '3.1.1']);
    check('== 3.1.*', ['3.1', '3.1.9', '3.1.0.1'], ['3.2', '3.0']);
    // "Equivalent to the ~=3.1.0 compatible release clause" for final releases; 3.1.dev0 and
    // 3.1a1 match the prefix but are below 3.1.0.
    for (const x of ['3.0.9', '3.1', '3.1.0', '3.1.5', '3.1.5.post1', '3.2', '3.2.0']) expect(has('== 3.1.*', x)).toBe(has('~=3.1.0', x));
    expect(has('== 3.1.*', '3.1a1', true)).toBe(true);
    expect(has('~=3.1.0', '3.1a1', true)).toBe(false);
    check('~=3.1.0, != 3.1.3', ['3.1.0', '3.1.4'], ['3.1.3', '3.2.0']);
  });

  it('applies the "Handling of pre-releases" policy', () => {
    expect(has('>=1.0', '1.1a1')).toBe(false);
    expect(has('>=1.0', '1.1a1', true)).toBe(true);
    expect(has('>=1.0a1', '1.1a1')).toBe(true);
    expect(has('>=1.0a1', '1.1a1', false)).toBe(false);
    expect(has('', '1.0a1')).toBe(false);
    expect(has('', '1.0a1', true)).toBe(true);
    expect(has('>=1.0', '1.0.post1')).toBe(true);
    // filter: pre-releases only when no final release matches
    expect(set('>=1.0').filter(['1.0', '1.1a1', '0.9'])).toEqual(['1.0']);
    expect(set('>=1.0').filter(['1.1a1', '0.9', '1.2b1'])).toEqual(['1.1a1', '1.2b1']);
    expect(set('>=1.0').filter(['1.0', '1.1a1'], { prereleases: true })).toEqual(['1.0', '1.1a1']);
    expect(set('>=1.0').filter(['1.1a1'], { prereleases: false })).toEqual([]);
    const items = [{ v: '1.0' }, { v: '2.0' }];
    expect(set('<2').filter(items, { key: (x) => x.v })).toEqual([{ v: '1.0' }]);
  });
});

describe('Specifier: parsing, printing, equality', () => {
  it('keeps the version as written, without whitespace', () => {
    const s = Specifier.parse('  >=  1.0.0 ');
    expect(s.operator).toBe('>=');
    expect(s.version).toBe('1.0.0');
    expect(s.toString()).toBe('>=1.0.0');
    expect(Specifier.parse('==1.0.*').wildcard).toBe(true);
    expect(Specifier.parse('===foobar').parsedVersion).toBeNull();
    expect(Specifier.parse('===').version).toBe('');
  });

  it('prints sets sorted, without duplicates, like packaging', () => {
    expect(set('>=1.0.0, !=1.0.1').toString()).toBe('!=1.0.1,>=1.0.0');
    expect(set('>=1.0.0,>=1.0, <2').toString()).toBe('<2,>=1.0');
    expect(set('~=1.0, ~=1.0.0').toString()).toBe('~=1.0,~=1.0.0');
    expect(set(' , >=1 ,, ').toString()).toBe('>=1');
    expect(set('').toString()).toBe('');
    expect(set('==1.0').equals(set('==1.0.0'))).toBe(true);
    expect(set('>=1,<2').equals(set('<2.0, >=1.0'))).toBe(true);
    expect(set('>=1').equals(set('>1'))).toBe(false);
    expect(Specifier.parse('~=1.0').equals(Specifier.parse('~=1.0.0'))).toBe(false);
    expect(set('>=1').intersect(set('<2')).toString()).toBe('<2,>=1');
  });

  it('names pre-releases with every operator but != and ==X.*', () => {
    expect(['<2.0rc1', '>1.0a1', '>=1.0.dev0', '~=1.0b1', '==1.0a1', '<=1.0rc1', '===1.0a1'].map((s) => Specifier.parse(s).prereleases)).toEqual([
      true, true, true, true, true, true, true,
    ]);
    expect(['!=1.0a1', '==1.0.*', '>=1.0', '===foo'].map((s) => Specifier.parse(s).prereleases)).toEqual([false, false, false, false]);
    expect(set('>=1.0, !=2.0rc1').prereleases).toBe(false);
    expect(set('>=1.0, <2.0rc1').prereleases).toBe(true);
  });

  it.each([
    ['1.0', 1, /no comparison operator/],
    ['>=', 3, /no version/],
    ['>= 1.0 2.0', 7, /whitespace/],
    ['>=1.0.*', 6, /only allowed with == and !=/],
    ['==1.0a1.*', 8, /cannot follow a pre-release/],
    ['>=1.0+local', 6, /local version label/],
    ['~=1', 3, /two release numbers/],
    ['==1.x', 3, /invalid version/],
    ['===a b', 5, /cannot appear after ===/],
    ['===1.0;', 7, /cannot appear after ===/],
  ])('rejects %j at column %i', (text, column, message) => {
    try {
      Specifier.parse(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(VersionError);
      const err = e as VersionError;
      expect(err.message).toMatch(message);
      expect(err.location?.column).toBe(column);
      expect(err.text).toBe(text);
      expect(err.expected).toBeTruthy();
    }
  });

  it('reports the column of the bad specifier inside a set, after the caller\'s offset', () => {
    try {
      SpecifierSet.parse('>=1.0, <2.x', { file: 'requirements.in', line: 4, column: 5 });
      expect.unreachable();
    } catch (e) {
      const err = e as VersionError;
      expect(err.where()).toBe('requirements.in:4:13'); // the version after `<`
      expect(err.text).toBe(' <2.x');
    }
    expect(SpecifierSet.tryParse('>=1, foo')).toBeNull();
  });

  it('creates specifiers from parts', () => {
    expect(Specifier.create('==', Version.parse('1.0-1')).toString()).toBe('==1.0.post1');
    expect(() => Specifier.create('~=', '1')).toThrow(VersionError);
  });
});

// ---------------------------------------------------------------------------------------

interface SetAnswer {
  str: string;
  pre: boolean | null;
  contains: (boolean | string)[][];
  filter: Record<'None' | 'True' | 'False', string[]>;
}
interface SpecAnswer {
  specs: ([string, boolean | null] | null)[];
  sets: (SetAnswer | null)[];
}

const ORACLE_SPECIFIERS = `
def run(O, cases):
    S, SS = O.specifiers.Specifier, O.specifiers.SpecifierSet
    specs = []
    for t in cases['specs']:
        try:
            s = S(t)
            specs.append([str(s), s.prereleases])
        except Exception:
            specs.append(None)
    sets = []
    for t, versions in cases['sets']:
        ss = SS(t)
        contains = []
        for v in versions:
            row = []
            for pre in (None, True, False):
                try:
                    row.append(ss.contains(v, prereleases=pre))
                except Exception as e:
                    row.append('error: %r' % e)
            contains.append(row)
        filt = {str(p): list(ss.filter(versions, prereleases=p)) for p in (None, True, False)}
        sets.append({'str': str(ss), 'pre': ss.prereleases, 'contains': contains, 'filter': filt})
    return {'specs': specs, 'sets': sets}
`;

describe('Specifier: differential against packaging', async () => {
  const r = rng(508);
  const FIXED = ['==1.0a1.*', '==1.0.post1.*', '===1.0;', '===a)', '== 1.0.*', '~=1', '>=1.0+l', '<1.0.*', '~=1.0.*', '===', '=== foo', '>=v1.0', '>= 1.0 ', '==1.0+ab-c_1', '~=1.0RC1', '!=1!0.*', '==0!1.*', '==01.*', '==v1.*'];
  const specTexts = [...FIXED];
  while (specTexts.length < 3000) specTexts.push(specifierText(r));

  const validSpecs = specTexts.filter((t) => Specifier.tryParse(t) !== null);
  const setCases: [string, string[]][] = [
    ['', ['1.0', '1.0a1', '2.0.dev1']],
    ['>=1.0', ['1.1a1', '0.9', '1.2b1']],
    ['===1.0', ['1.0', '1.0.0', 'v1.0', '1.0+x']],
    ['~=1.0RC1', ['1.0rc1', '1.0', '1.5', '2.0']],
    ['==0!1.*, !=01.*', ['1.0', '1.5', '2.0']],
  ];
  while (setCases.length < 900) {
    const n = 1 + Math.floor(r() * 3);
    const chosen = Array.from({ length: n }, () => pick(r, validSpecs).trim());
    const text = chosen.join(pick(r, [',', ', ', ' ,']));
    const versions = [...new Set(chosen.flatMap((c) => edgeVersions(Specifier.parse(c).version)))].filter((v) => Version.tryParse(v) !== null);
    setCases.push([text, versions]);
  }
  const answers = await runOracles<SpecAnswer>(ORACLE_SPECIFIERS, { specs: specTexts, sets: setCases });

  const mineSpecs = specTexts.map((t) => {
    const s = Specifier.tryParse(t);
    return s === null ? null : ([s.toString(), s.prereleases] as const);
  });

  it('exercises enough cases', () => {
    expect(validSpecs.length).toBeGreaterThan(1500);
    expect(specTexts.length - validSpecs.length).toBeGreaterThan(150);
    expect(setCases.reduce((n, [, vs]) => n + vs.length, 0)).toBeGreaterThan(20_000);
  });

  describe('packaging 26.3', () => {
    if (PACKAGING_26_WHEEL === undefined) {
      it.skip(PACKAGING_26_ABSENT, () => {});
      return;
    }
    const p = answers['26']!;

    it('agrees on validity and printing of specifiers, and on which name pre-releases', () => {
      for (let i = 0; i < specTexts.length; i++) {
        const o = p.specs[i]!;
        expect([specTexts[i], mineSpecs[i]]).toEqual([specTexts[i], o === null ? null : [o[0], o[1] === true]]);
      }
    });

    it('agrees on contains with prereleases true and false, and on the default except S26-default-prereleases', () => {
      let deviations = 0;
      setCases.forEach(([text, versions], k) => {
        const ours = set(text);
        const o = p.sets[k]!;
        expect([text, ours.toString(), ours.prereleases]).toEqual([text, o.str, o.pre === true]);
        versions.forEach((v, j) => {
          const [dflt, yes, no] = o.contains[j]!;
          const ctx = `${text} contains ${v}`;
          expect([ctx, ours.contains(v, { prereleases: true }), ours.contains(v, { prereleases: false })]).toEqual([ctx, yes, no]);
          const mine = ours.contains(v);
          const pre = Version.parse(v).isPrerelease;
          if (pre && !ours.prereleases) {
            // S26-default-prereleases: 26.3 answers as with prereleases=True, we as with False.
            expect([ctx, dflt, mine]).toEqual([ctx, yes, no]);
            if (dflt !== mine) deviations++;
          } else {
            expect([ctx, mine]).toEqual([ctx, dflt]);
          }
        });
        for (const pre of [undefined, true, false] as const) {
          const key = pre === undefined ? 'None' : pre ? 'True' : 'False';
          expect([text, key, ours.filter(versions, pre === undefined ? {} : { prereleases: pre })]).toEqual([text, key, o.filter[key]]);
        }
      });
      expect(deviations).toBeGreaterThan(0);
    });

    it('has range membership equal to contains(prereleases=True)', () => {
      setCases.forEach(([text, versions], k) => {
        if (text.includes('===')) return; // R-arbitrary-range
        const range = set(text).toRange();
        versions.forEach((v, j) => expect([text, v, range.contains(Version.parse(v))]).toEqual([text, v, p.sets[k]!.contains[j]![1]]));
      });
    });
  });

  describe('packaging 21.3', () => {
    const p = answers['21'];

    it('agrees on validity and printing except for listed deviations', () => {
      const seen = new Set<string>();
      for (let i = 0; i < specTexts.length; i++) {
        const o = p.specs[i]!;
        const mine = mineSpecs[i]!;
        if (mine !== null && o !== null) {
          expect([specTexts[i], mine[0]]).toEqual([specTexts[i], o[0]]);
          continue;
        }
        if ((mine === null) === (o === null)) continue;
        const why = explainSpecifierValidity21(specTexts[i]!, mine !== null, o !== null);
        expect(why, `unexplained: ${JSON.stringify(specTexts[i])} ours ${JSON.stringify(mine)} 21.3 ${JSON.stringify(o)}`).not.toBeNull();
        seen.add(why!);
      }
      expect([...seen].sort()).toEqual(['S21-arbitrary-charset', 'S21-wildcard-after-suffix']);
    });

    it('agrees on contains, filter and printing except for listed deviations', () => {
      const seen = new Set<string>();
      let modelChecked = 0;
      setCases.forEach(([text, versions], k) => {
        const ours = set(text);
        const o = p.sets[k]!;
        // The 21.3 model itself must be right everywhere, or it explains nothing.
        expect([text, setString21(ours), setNamesPrerelease21(ours)]).toEqual([text, o.str, o.pre === true]);
        if (ours.toString() !== o.str) {
          const why = explainString21(ours, o.str);
          expect(why, `unexplained: str(${text}) ours ${ours} 21.3 ${o.str}`).not.toBeNull();
          seen.add(why!);
        }
        versions.forEach((v, j) => {
          const parsed = Version.parse(v);
          ([undefined, true, false] as const).forEach((pre, m) => {
            const oracle = o.contains[j]![m] as boolean;
            expect([text, v, pre, setContains21(ours, parsed, pre)]).toEqual([text, v, pre, oracle]);
            modelChecked++;
            const mine = ours.contains(v, pre === undefined ? {} : { prereleases: pre });
            if (mine === oracle) return;
            const why = explainContains21(ours, parsed, pre, oracle);
            expect(why, `unexplained: ${text} contains ${v} (prereleases=${pre}): ours ${mine}, 21.3 ${oracle}`).not.toBeNull();
            seen.add(why!);
          });
        });
        for (const pre of [undefined, true, false] as const) {
          const key = pre === undefined ? 'None' : pre ? 'True' : 'False';
          const mine = ours.filter(versions, pre === undefined ? {} : { prereleases: pre });
          if (JSON.stringify(mine) === JSON.stringify(o.filter[key])) continue;
          const why = explainFilter21(ours, versions, pre, mine, o.filter[key]);
          expect(why, `unexplained: ${text} filter(prereleases=${key}): ours ${mine}, 21.3 ${o.filter[key]}`).not.toBeNull();
          seen.add(why!);
        }
      });
      expect(modelChecked).toBeGreaterThan(60_000);
      // Every listed specifier deviation shows up in the generated cases.
      expect([...seen].filter((x) => x !== 'contains').sort()).toEqual([
        'S21-arbitrary-normalised', 'S21-dedupe-order', 'S21-exclusive-base-version', 'S21-filter-fallback', 'S21-names-prerelease', 'S21-prefix-text',
      ]);
    });
  });
});

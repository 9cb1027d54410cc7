import { describe, expect, it } from 'vitest';
import { RequirementError } from '../../src/errors.js';
import { Marker, Requirement, parseRequirement } from '../../src/pep508/index.js';
import { SpecifierSet } from '../../src/pep440/index.js';
import { PACKAGING_26_ABSENT, PACKAGING_26_WHEEL, runOracles } from '../helpers/packaging.js';
import { explainString21 } from '../pep440/deviations.js';
import { badRequirementText, ENVIRONMENTS, requirementText, rng } from './generators.js';

const req = (s: string) => Requirement.parse(s);

describe('Requirement: PEP 508 examples', () => {
  it('parses "All features of the language shown with a name based lookup"', () => {
    const r = req('requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < "2.7"');
    expect(r.name).toBe('requests');
    expect(r.extras).toEqual(['security', 'tests']);
    expect(r.specifier.toString()).toBe('==2.8.*,>=2.8.1');
    expect(r.url).toBeNull();
    expect(r.marker?.toString()).toBe('python_version < "2.7"');
    expect(r.toString()).toBe('requests[security,tests]==2.8.*,>=2.8.1; python_version < "2.7"');
  });

  it('parses "A minimal URL based lookup"', () => {
    const r = req('pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686');
    expect(r.url).toBe('https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686');
    expect(r.specifier.isEmpty).toBe(true);
  });

  // "Complete Grammar", the test program's list (today's spec adds "name>=3,").
  it.each([
    ['A', 'A'],
    ['A.B-C_D', 'A.B-C_D'],
    ['aa', 'aa'],
    ['name', 'name'],
    ['name<=1', 'name<=1'],
    ['name>=3', 'name>=3'],
    ['name>=3,', 'name>=3'],
    ['name>=3,<2', 'name<2,>=3'],
    ['name@http://foo.com', 'name @ http://foo.com'],
    ["name [fred,bar] @ http://foo.com ; python_version=='2.7'", 'name[bar,fred] @ http://foo.com ; python_version == "2.7"'],
    ["name[quux, strange];python_version<'2.7' and platform_version=='2'", 'name[quux,strange]; python_version < "2.7" and platform_version == "2"'],
    ["name; os_name=='a' or os_name=='b'", 'name; os_name == "a" or os_name == "b"'],
    ["name; os_name=='a' and os_name=='b' or os_name=='c'", 'name; os_name == "a" and os_name == "b" or os_name == "c"'],
    ["name; os_name=='a' and (os_name=='b' or os_name=='c')", 'name; os_name == "a" and (os_name == "b" or os_name == "c")'],
    ["name; os_name=='a' or os_name=='b' and os_name=='c'", 'name; os_name == "a" or os_name == "b" and os_name == "c"'],
    ["name; (os_name=='a' or os_name=='b') and os_name=='c'", 'name; (os_name == "a" or os_name == "b") and os_name == "c"'],
    ["name; os_name not in 'a'", 'name; os_name not in "a"'],
    ['argparse;python_version<"2.7"', 'argparse; python_version < "2.7"'], // "Environment Markers"
    ['requests[security]', 'requests[security]'], // "Extras"
    ['pip @ file:///localbuilds/pip-1.3.1.zip', 'pip @ file:///localbuilds/pip-1.3.1.zip'], // PEP 440 "Direct references"
  ])('parses %j as %j', (text, normal) => {
    expect(req(text).toString()).toBe(normal);
  });

  it('accepts the PEP 345 parenthesised specifiers pip accepts', () => {
    expect(req('foo (>=1.0, <2)').toString()).toBe('foo<2,>=1.0');
    expect(req('foo[bar](==1.0)').toString()).toBe('foo[bar]==1.0');
    expect(req('foo ( ==1.0 ) ; os_name == "nt"').toString()).toBe('foo==1.0; os_name == "nt"');
  });
});

describe('Requirement: parts and building', () => {
  it('normalises names and extras for comparison, keeps them as written for printing', () => {
    const r = req('Zope.Interface[Foo_Bar, security, foo-bar]>=1');
    expect(r.name).toBe('Zope.Interface');
    expect(r.canonicalName).toBe('zope-interface');
    expect(r.extras).toEqual(['Foo_Bar', 'security', 'foo-bar']);
    expect(r.normalizedExtras).toEqual(['foo-bar', 'security']);
    expect(r.equals(req('zope-interface [foo.bar,security] >=1.0'))).toBe(true);
    expect(r.equals(req('zope-interface[security]>=1.0'))).toBe(false);
    expect(req('foo[a,b,a]').extras).toEqual(['a', 'b']);
  });

  it('evaluates its marker for a target and extras', () => {
    const linux = ENVIRONMENTS['linux312']!;
    expect(req('foo').evaluateMarker(linux)).toBe(true);
    expect(req('foo; sys_platform == "win32"').evaluateMarker(linux)).toBe(false);
    expect(req('foo; extra == "test"').evaluateMarker(linux, ['Test'])).toBe(true);
  });

  it('builds requirements from parts', () => {
    const r = Requirement.create({ name: 'foo', extras: ['b', 'a'], specifier: '>=1,<2', marker: Marker.expression('os_name', '==', 'nt') });
    expect(r.toString()).toBe('foo[a,b]<2,>=1; os_name == "nt"');
    expect(Requirement.create({ name: 'foo', url: 'https://x/foo.whl', marker: 'os_name == "nt"' }).toString()).toBe('foo @ https://x/foo.whl ; os_name == "nt"');
    expect(Requirement.create({ name: 'foo', specifier: SpecifierSet.parse('==1') }).specifier.toString()).toBe('==1');
    expect(() => Requirement.create({ name: 'foo_' })).toThrow(RequirementError);
    expect(() => Requirement.create({ name: 'foo', specifier: '>=1', url: 'https://x' })).toThrow(/not both/);
    expect(parseRequirement('foo>=1').equals(req('foo >= 1.0'))).toBe(true);
    expect(JSON.stringify([req('Foo >= 1')])).toBe('["Foo>=1"]');
  });
});

describe('Requirement: errors', () => {
  it.each([
    ['', 1, /expected a project name/],
    ['-foo', 1, /expected a project name/],
    ['foo_', 4, /does not end with a letter or digit/],
    ['foo =>1.0', 5, /unexpected "=>1.0"/],
    ['foo[bar baz]', 9, /"," between extra names/],
    ['foo[bar,]', 9, /extra name after ","/],
    ['foo[bar', 8, /"\]" to close the "\[" at column 4/],
    ['foo (>=1.0', 11, /"\)" to close the "\(" at column 5/],
    ['foo>=1.0.*', 9, /\.\* is only allowed with == and !=/],
    ['foo==1.0a1.*', 11, /\.\* cannot follow a pre-release/],
    ['foo>=1.0+local', 9, /local version label/],
    ['foo>=1,,<2', 8, /unexpected ",<2"/],
    ['foo ~= 1', 5, /unexpected "~="/],
    ['foo @ ', 7, /expected a URL/],
    ['foo @ http://x junk', 16, /unexpected "junk" after the URL/],
    ['foo; ', 6, /expected a marker variable/],
    ['foo>=1.0; os_name', 18, /expected a marker operator/],
    ['foo\n', 4, /unexpected "\\n"/],
  ])('rejects %j at column %i', (text, column, message) => {
    try {
      Requirement.parse(text, { file: 'requirements.in', line: 7 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RequirementError);
      const err = e as RequirementError;
      expect(err.message).toMatch(message);
      expect(err.location).toEqual({ file: 'requirements.in', line: 7, column });
      expect(err.expected).toBeTruthy();
      expect(err.text).toBe(text);
    }
  });

  it('counts columns from where the requirement starts in its line', () => {
    try {
      parseRequirement('foo =>1', { file: 'r.txt', line: 3, column: 5 });
      expect.unreachable();
    } catch (e) {
      expect((e as RequirementError).where()).toBe('r.txt:3:9');
    }
    expect(Requirement.tryParse('foo =>1')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------

type ReqAnswer = ([string, string, string[], string, string | null, string | null] | null)[];

const ORACLE_REQUIREMENTS = `
def run(O, cases):
    out = []
    for t in cases:
        try:
            r = O.requirements.Requirement(t)
        except Exception:
            out.append(None)
            continue
        try:
            marker = None if r.marker is None else str(r.marker)
            out.append([str(r), r.name, sorted(r.extras), str(r.specifier), r.url, marker])
        except Exception as e:
            out.append(['error: ' + type(e).__name__, r.name, sorted(r.extras), str(r.specifier), r.url, None])
    return out
`;

describe('Requirement: differential against packaging', async () => {
  const r = rng(503);
  const FIXED = ['name>=3,', 'foo\n', 'foo @ ./local', 'name@http://foo.com', 'foo_', 'foo[bar_]', 'foo_>=1', 'name @ file:relative', 'foo @ http://x;os_name=="a"', 'foo; "a" == "b"'];
  const texts = [...FIXED];
  while (texts.length < 2500) texts.push(r() < 0.75 ? requirementText(r) : badRequirementText(r));
  const answers = await runOracles<ReqAnswer>(ORACLE_REQUIREMENTS, texts);

  const rejection = texts.map((t) => {
    try {
      Requirement.parse(t);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  });
  const mine = texts.map((t) => {
    const x = Requirement.tryParse(t);
    return x === null ? null : ([x.toString(), x.name, [...x.extras].sort(), x.specifier.toString(), x.url, x.marker === null ? null : x.marker.toString()] as const);
  });

  it('exercises enough cases', () => {
    expect(mine.filter((x) => x !== null).length).toBeGreaterThan(1500);
    expect(mine.filter((x) => x === null).length).toBeGreaterThan(400);
  });

  describe('packaging 26.3', () => {
    if (PACKAGING_26_WHEEL === undefined) {
      it.skip(PACKAGING_26_ABSENT, () => {});
      return;
    }
    it('agrees on validity and on every part, except for the listed deviations', () => {
      const p = answers['26']!;
      const seen = new Set<string>();
      texts.forEach((t, i) => {
        const o = p[i]!;
        const ours = mine[i]!;
        if (ours === null || o === null) {
          if ((ours === null) === (o === null)) return;
          expect([t, ours === null]).toEqual([t, true]); // only ever stricter
          const message = rejection[i]!;
          const why = /does not end with a letter or digit/.test(message)
            ? 'R26-name-underscore'
            : /two strings|two variables|set of names/.test(message)
              ? 'M26-strict-comparisons'
              : null;
          expect(why, `unexplained: ${JSON.stringify(t)} rejected (${message}), 26.3 accepts`).not.toBeNull();
          seen.add(why!);
          return;
        }
        expect([t, ...ours]).toEqual([t, ...o]);
      });
      expect([...seen].sort()).toEqual(['M26-strict-comparisons', 'R26-name-underscore']);
    });
  });

  describe('packaging 21.3', () => {
    it('agrees on validity and on every part, except for the listed deviations', () => {
      const p = answers['21'];
      const seen = new Set<string>();
      texts.forEach((t, i) => {
        const o = p[i]!;
        const ours = mine[i]!;
        if (ours === null || o === null) {
          if ((ours === null) === (o === null)) return;
          const message = rejection[i];
          let why: string | null = null;
          if (ours === null) {
            if (/two strings|two variables/.test(message!)) why = 'M26-strict-comparisons';
            else if (/cannot follow a pre-release/.test(message!)) why = 'S21-wildcard-after-suffix';
            else if (/only allowed with|local version label|invalid version|unexpected "(==|!=|<=|>=|<|>)/.test(message!)) why = 'S21-legacy-specifiers';
            else if (/[\r\n]/.test(t)) why = 'R21-syntax'; // pyparsing skips newlines as whitespace
            else if (/["')](and|or)[a-z(]/.test(t)) why = 'M21-syntax';
          } else if (ours[4] !== null || /,\s*(;|\)|$)/.test(t)) why = 'R21-syntax'; // URL checks, trailing comma
          else if (/\b(extras|dependency_groups)\b/.test(t)) why = 'M21-syntax';
          else if (/===[^\s]*[;)]/.test(t)) why = 'S21-arbitrary-charset'; // 21.3's === swallows ";" and ")"
          expect(why, `unexplained: ${JSON.stringify(t)}: ours ${ours === null ? `rejects (${message})` : 'accepts'}, 21.3 the opposite`).not.toBeNull();
          seen.add(why!);
          return;
        }
        const [str, name, extras, spec, url, marker] = ours;
        expect([t, name, extras, url]).toEqual([t, o[1], o[2], o[4]]);
        if (spec !== o[3] && /===[^\s]*[;)]/.test(t) && o[3].includes(';')) {
          seen.add('S21-arbitrary-charset'); // 21.3's === swallowed the marker
          return;
        }
        if (spec !== o[3]) {
          const why = explainString21(Requirement.parse(t).specifier, o[3]);
          expect(why, `unexplained specifier: ${t}: ours ${spec}, 21.3 ${o[3]}`).not.toBeNull();
          seen.add(why!);
        }
        if (marker !== o[5]) {
          const dq = (x: string) => x.replace(/'([^']*)'/g, '"$1"');
          const loose = (x: string) => dq(x).toLowerCase().replace(/[-_.]+/g, '-');
          const why = dq(marker!) === o[5] || /\(\s*\(/.test(t) ? 'M21-syntax' : loose(marker!) === loose(o[5]!) ? 'M21-normalisation' : null;
          expect(why, `unexplained marker: ${t}: ours ${marker}, 21.3 ${o[5]}`).not.toBeNull();
          seen.add(why!);
        }
        // 21.3 writes `name@ url`; otherwise the same layout.
        const layout21 = `${o[1]}${o[2].length ? `[${o[2].join(',')}]` : ''}${o[3]}${o[4] ? `@ ${o[4]}${o[5] ? ' ' : ''}` : ''}${o[5] ? `; ${o[5]}` : ''}`;
        expect([t, o[0]]).toEqual([t, layout21]);
        if (url !== null) seen.add('R21-syntax');
        if (spec === o[3] && marker === o[5] && url === null) expect([t, str]).toEqual([t, o[0]]);
      });
      expect([...seen].sort()).toEqual(['M21-normalisation', 'M21-syntax', 'M26-strict-comparisons', 'R21-syntax', 'S21-arbitrary-charset', 'S21-legacy-specifiers', 'S21-wildcard-after-suffix']);
    });
  });
});

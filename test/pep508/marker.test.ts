import { describe, expect, it } from 'vitest';
import { RequirementError } from '../../src/errors.js';
import { Marker, type MarkerEnvironment } from '../../src/pep508/index.js';
import { PACKAGING_26_ABSENT, PACKAGING_26_WHEEL, runOracles } from '../helpers/packaging.js';
import { comparisons, evaluateMarker21, explainAtom21 } from '../pep440/deviations.js';
import { badMarkerText, ENVIRONMENTS, EXTRAS, markerText, rng } from './generators.js';

const linux = ENVIRONMENTS['linux312']!;
const m = (s: string) => Marker.parse(s);
const evalIn = (s: string, env: MarkerEnvironment = linux, extras: string[] = []) => m(s).evaluate(env, extras);

describe('Marker: PEP 508 examples', () => {
  // PEP 508, "Complete Grammar" test program: parse trees and precedence.
  it.each([
    ["os_name=='a' or os_name=='b'", 'os_name == "a" or os_name == "b"'],
    ["os_name=='a' and os_name=='b' or os_name=='c'", 'os_name == "a" and os_name == "b" or os_name == "c"'],
    ["os_name=='a' and (os_name=='b' or os_name=='c')", 'os_name == "a" and (os_name == "b" or os_name == "c")'],
    ["os_name=='a' or os_name=='b' and os_name=='c'", 'os_name == "a" or os_name == "b" and os_name == "c"'],
    ["(os_name=='a' or os_name=='b') and os_name=='c'", '(os_name == "a" or os_name == "b") and os_name == "c"'],
    ["os_name not in 'a'", 'os_name not in "a"'],
    ['python_version<"2.7"', 'python_version < "2.7"'],
  ])('prints %j as %j', (text, normal) => {
    expect(m(text).toString()).toBe(normal);
  });

  it('gives `and` precedence over `or` ("Should parse as (a and b) or c")', () => {
    const env = (os: string) => ({ ...linux, os_name: os });
    expect(evalIn("os_name=='a' and os_name=='b' or os_name=='c'", env('c'))).toBe(true);
    expect(evalIn("os_name=='a' and (os_name=='b' or os_name=='c')", env('c'))).toBe(false);
    expect(evalIn("os_name=='a' or os_name=='b' and os_name=='c'", env('a'))).toBe(true);
    expect(evalIn("(os_name=='a' or os_name=='b') and os_name=='c'", env('a'))).toBe(false);
  });

  it('raises errors for the spec\'s undefined comparisons ("dog" ~= "fred", python_version ~= "surprise")', () => {
    expect(() => m('"dog" ~= "fred"')).toThrow(RequirementError); // two strings: rejected when parsing
    expect(() => evalIn('python_version ~= "surprise"')).toThrow(RequirementError);
    expect(() => evalIn('os_name ~= "posix"')).toThrow(/cannot evaluate/);
  });

  it('compares versions by PEP 440, strings as strings (Environment Markers)', () => {
    expect(evalIn('python_version >= "3.8"')).toBe(true);
    expect(evalIn('python_version < "3.10"')).toBe(false); // 3.12 > 3.10 as versions, not as strings
    expect(evalIn('python_full_version == "3.12.*"')).toBe(true);
    expect(evalIn('"3.8" < python_version')).toBe(true); // reversed operands
    expect(evalIn('"3.13" < python_version')).toBe(false);
    expect(evalIn('python_full_version >= "3.12"', ENVIRONMENTS['preRelease'])).toBe(true); // 3.13.0rc1: pre-releases included
    expect(evalIn('python_full_version >= "3.13"', ENVIRONMENTS['preRelease'])).toBe(false); // ...and below 3.13
    expect(evalIn('python_full_version < "3.11.1"', ENVIRONMENTS['untagged'])).toBe(true); // "3.11.0+" read as 3.11.0+local
    expect(evalIn('platform_release >= "6"')).toBe(false); // "6.1.0-13-amd64" is no version: string rules
    expect(evalIn('platform_release == "6.1.0-13-amd64"')).toBe(true);
    expect(evalIn('os_name < "z"')).toBe(false); // strings have no order
    expect(evalIn('os_name <= "posix"')).toBe(true);
    expect(evalIn('"lin" in sys_platform')).toBe(true);
    expect(evalIn('sys_platform in "linux2 darwin"')).toBe(true);
    expect(evalIn('sys_platform not in "win32 cygwin"')).toBe(true);
    expect(evalIn('python_version === "3.12"')).toBe(true); // arbitrary equality, as a specifier
    expect(() => evalIn('implementation_name === "cpython"')).toThrow(/=== needs PEP 440 versions/);
    expect(() => evalIn('os_name == "posix" or os_name ~= "x"')).toThrow(RequirementError); // every term is evaluated
  });

  it('accepts the legacy spellings pip accepts', () => {
    expect(m('os.name == "posix" and sys.platform == "linux" and platform.machine == "x86_64" and platform.version != "" and platform.python_implementation == "CPython" and python_implementation == "CPython"').toString()).toBe(
      'os_name == "posix" and sys_platform == "linux" and platform_machine == "x86_64" and platform_version != "" and platform_python_implementation == "CPython" and platform_python_implementation == "CPython"',
    );
    expect(evalIn('os.name == "posix" and python_implementation == "CPython"')).toBe(true);
  });
});

describe('Marker: extras', () => {
  it('is true for `extra == x` when x is one of the extras, normalised (PEP 685)', () => {
    expect(evalIn('extra == "test"', linux, ['test'])).toBe(true);
    expect(evalIn('extra == "test"', linux, [])).toBe(false);
    expect(evalIn('extra == "Foo_Bar"', linux, ['foo.bar'])).toBe(true);
    expect(evalIn('extra == "a" and extra == "b"', linux, ['a', 'b'])).toBe(true);
    expect(evalIn('extra != "a"', linux, ['a', 'b'])).toBe(false);
    expect(evalIn('extra != "a"', linux, [])).toBe(true);
    expect(evalIn('"test" == extra', linux, ['TEST'])).toBe(true);
    expect(m('extra == "Foo_Bar"').toString()).toBe('extra == "foo-bar"');
  });

  it('evaluates the lock-file sets (PEP 751) as "name" in extras / dependency_groups', () => {
    expect(m('"Dev" in dependency_groups').toString()).toBe('"dev" in dependency_groups');
    expect(m('"dev" in dependency_groups').evaluate(linux, [], ['dev'])).toBe(true);
    expect(m('"docs" not in extras').evaluate(linux, ['Docs'], [])).toBe(false);
    // Outside a lock file (no dependency groups given) these variables are undefined.
    expect(() => m('"docs" in extras').evaluate(linux, ['docs'])).toThrow(/lock file/);
    expect(() => m('extras == "x"')).toThrow(/set of names/);
  });
});

describe('Marker: building and normalising', () => {
  it('builds expressions and combinations', () => {
    const py = Marker.expression('python_version', '>=', '3.9');
    const linuxOnly = Marker.expression('sys_platform', '==', 'linux');
    expect(py.toString()).toBe('python_version >= "3.9"');
    expect(Marker.and(py, linuxOnly).toString()).toBe('python_version >= "3.9" and sys_platform == "linux"');
    const either = Marker.or(linuxOnly, Marker.expression('sys_platform', '==', 'darwin'));
    expect(Marker.and(py, either).toString()).toBe('python_version >= "3.9" and (sys_platform == "linux" or sys_platform == "darwin")');
    expect(Marker.and(py, either).evaluate(linux)).toBe(true);
    expect(Marker.expression('extra', '==', 'Foo_Bar').toString()).toBe('extra == "foo-bar"');
    expect(Marker.expression('extras', 'in', 'Dev').toString()).toBe('"dev" in extras');
    expect(Marker.expression('os_name', '==', 'a"b').toString()).toBe('os_name == \'a"b\'');
    expect(() => Marker.and()).toThrow(RangeError);
  });

  it('flattens, drops repeated terms and redundant parentheses', () => {
    const a = m('(os_name == "a" and (sys_platform == "x" and os_name == "a")) and ((python_version > "3"))');
    expect(a.toString()).toBe('(os_name == "a" and (sys_platform == "x" and os_name == "a")) and python_version > "3"');
    expect(a.normalize().toString()).toBe('os_name == "a" and sys_platform == "x" and python_version > "3"');
    const b = Marker.and(m('os_name == "a" or os_name == "b"'), m('os_name == "a" or os_name == "b"'));
    expect(b.normalize().toString()).toBe('os_name == "a" or os_name == "b"');
    const c = Marker.and(m('os_name == "a"'), Marker.or(m('os_name == "b"'), m('os_name == "c" or os_name == "b"')));
    expect(c.normalize().toString()).toBe('os_name == "a" and (os_name == "b" or os_name == "c")');
    expect(c.normalize().evaluate({ ...linux, os_name: 'a' })).toBe(false);
    expect([...m('os_name == "a" and "3" < python_version').variables()].sort()).toEqual(['os_name', 'python_version']);
    expect(m('os_name == "a"').equals(m("os_name=='a'"))).toBe(true);
  });

  it('writes values with both quote characters so that they read back', () => {
    const x = m('os_name == "a\\x22b\'c"');
    expect(x.toString()).toBe('os_name == "a\\x22b\'c"');
    expect(m(x.toString()).evaluate({ ...linux, os_name: 'a"b\'c' })).toBe(true);
  });
});

describe('Marker: errors', () => {
  it.each([
    ['python_version', 15, /expected a marker operator/],
    ['python_version >= ', 19, /expected a marker variable or a quoted string/],
    ['(python_version >= "3"', 23, /expected "\)" to close the "\(" at column 1/],
    ['python_version >= "3" and', 26, /expected a marker variable/],
    ['python_version >= "3" junk', 23, /expected "and", "or" or the end/],
    ['os_name == "a\nb"', 14, /line break/],
    ['os_name == "a', 12, /no closing "/],
    ['os_name not"in" "a"', 12, /whitespace after "not"/],
    ['os_name == "\\N{DIGIT ONE}"', 13, /named characters/],
    ['unknown == "1"', 1, /expected a marker variable/],
    ['os_name == sys_platform', 1, /two variables/],
  ])('rejects %j at column %i', (text, column, message) => {
    try {
      Marker.parse(text, { file: 'METADATA', line: 12 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RequirementError);
      const err = e as RequirementError;
      expect(err.message).toMatch(message);
      expect(err.location).toEqual({ file: 'METADATA', line: 12, column });
      expect(err.text).toBe(text);
      expect(err.expected).toBeTruthy();
    }
  });

  it('names a missing environment value', () => {
    expect(() => m('os_name == "a"').evaluate({ ...linux, os_name: undefined } as unknown as MarkerEnvironment)).toThrow(/no value for os_name/);
    expect(Marker.tryParse('os_name ==')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------

type Eval = boolean | 'error';
type MarkerAnswer = ([string, Eval[][]] | null)[];

const ORACLE_MARKERS = `
def run(O, cases):
    out = []
    for text in cases['markers']:
        try:
            m = O.markers.Marker(text)
        except Exception:
            out.append(None)
            continue
        try:
            s = str(m)
        except Exception as e:
            s = 'error: ' + type(e).__name__
        rows = []
        for env in cases['envs']:
            row = []
            for extra in cases['extras']:
                e = dict(env)
                e['extra'] = extra
                try:
                    row.append(m.evaluate(e))
                except Exception:
                    row.append('error')
            rows.append(row)
        out.append([s, rows])
    return out
`;

describe('Marker: differential against packaging', async () => {
  const r = rng(685);
  const FIXED = [
    'os_name == "a"andos_name == "b"', 'os_name == "a" and ((sys_platform == "b" or os_name == "c"))', 'os_name == \'a"b\'',
    'extra == "Foo_Bar"', 'os_name == "a\\nb"', '"a" == "b"', 'os_name == sys_platform', 'extras == "x"', '"x" in extras',
    'python_full_version >= "3.12"', 'os_name < "z"', 'os_name == "a\\x22b\'c"', 'os_name\n== "a"', 'platform_release >= "6"',
    'os_name == "\\N{DIGIT ONE}"', 'python_version ~= "surprise"', 'python_version === "3.12"',
  ];
  const texts = [...FIXED];
  while (texts.length < 2500) texts.push(r() < 0.8 ? markerText(r) : badMarkerText(r));
  const envs = Object.values(ENVIRONMENTS);
  const answers = await runOracles<MarkerAnswer>(ORACLE_MARKERS, { markers: texts, envs, extras: EXTRAS });

  /** Why we reject a text (our own error message), for the validity deviations. */
  const rejection = texts.map((t) => {
    try {
      Marker.parse(t);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  });
  const strictReason = (message: string | null) =>
    message === null ? null : /two strings|two variables|set of names/.test(message) ? 'M26-strict-comparisons' : /named characters/.test(message) ? 'M26-named-escapes' : null;
  const mine = texts.map((t) => {
    const marker = Marker.tryParse(t);
    if (marker === null) return null;
    const rows = envs.map((env) =>
      EXTRAS.map((extra): Eval => {
        try {
          return marker.evaluate(env, extra === '' ? [] : [extra]);
        } catch (e) {
          if (e instanceof RequirementError) return 'error';
          throw e;
        }
      }),
    );
    return { marker, str: marker.toString(), rows };
  });

  it('exercises enough cases', () => {
    expect(mine.filter((x) => x !== null).length).toBeGreaterThan(1800);
    expect(mine.filter((x) => x === null).length).toBeGreaterThan(300);
  });

  describe('packaging 26.3', () => {
    if (PACKAGING_26_WHEEL === undefined) {
      it.skip(PACKAGING_26_ABSENT, () => {});
      return;
    }
    it('agrees on validity, normal form and evaluation, except for the listed deviations', () => {
      const p = answers['26']!;
      const seen = new Set<string>();
      texts.forEach((t, i) => {
        const o = p[i]!;
        const ours = mine[i]!;
        if (ours === null || o === null) {
          if ((ours === null) === (o === null)) return;
          // M26-strict-comparisons, M26-named-escapes: only ever stricter than 26.3.
          const why = strictReason(rejection[i]!);
          expect(why, `unexplained validity: ${JSON.stringify(t)}: ours ${rejection[i] ?? 'valid'}, 26.3 ${o === null ? 'invalid' : 'valid'}`).not.toBeNull();
          seen.add(why!);
          return;
        }
        if (o[0].startsWith('error: ')) {
          expect([t, o[0]]).toEqual([t, 'error: ValueError']);
          seen.add('M26-both-quotes');
        } else {
          expect([t, ours.str]).toEqual([t, o[0]]);
        }
        expect([t, ours.rows]).toEqual([t, o[1]]);
      });
      expect([...seen].sort()).toEqual(['M26-both-quotes', 'M26-named-escapes', 'M26-strict-comparisons']);
    });
  });

  describe('packaging 21.3', () => {
    it('agrees on validity, normal form and evaluation, except for the listed deviations', () => {
      const p = answers['21'];
      const seen = new Set<string>();
      let compared = 0;
      texts.forEach((t, i) => {
        const o = p[i]!;
        const ours = mine[i]!;
        const escapes = t.includes('\\');
        if (ours === null || o === null) {
          if ((ours === null) === (o === null)) return;
          let why: string | null = strictReason(rejection[i]!);
          if (why === 'M26-named-escapes') why = 'M21-normalisation';
          else if (why === null && ours === null && (/["')](and|or)[a-z(]/.test(t) || /[\n\r]/.test(t) || /line break/.test(rejection[i]!))) why = 'M21-syntax';
          else if (why === null && ours === null && escapes) why = 'M21-normalisation';
          else if (why === null && ours !== null && /\b(extras|dependency_groups)\b/.test(t)) why = 'M21-syntax';
          expect(why, `unexplained validity: ${JSON.stringify(t)} ours ${ours === null ? 'invalid' : 'valid'}`).not.toBeNull();
          seen.add(why!);
          return;
        }
        if (escapes) {
          seen.add('M21-normalisation');
          return;
        }
        if (ours.str !== o[0]) {
          // Double quotes always, and doubly parenthesised groups unwrapped.
          const dq = (x: string) => x.replace(/'([^']*)'/g, '"$1"');
          const loose = (x: string) => dq(x).toLowerCase().replace(/[-_.]+/g, '-');
          const why =
            dq(ours.str) === o[0] || /\(\s*\(/.test(t) ? 'M21-syntax' : /\bextras?\b/.test(t) && loose(ours.str) === loose(o[0]) ? 'M21-normalisation' : null;
          expect(why, `unexplained normal form: ${t}: ours ${ours.str}, 21.3 ${o[0]}`).not.toBeNull();
          seen.add(why!);
        }
        const rawExtraNames = /\bextra\b/.test(t) && [...t.matchAll(/"([^"]*)"|'([^']*)'/g)].some((q) => /[A-Z_.]|--/.test(q[1] ?? q[2] ?? ''));
        envs.forEach((env, e) =>
          EXTRAS.forEach((extra, x) => {
            compared++;
            const ours1 = ours.rows[e]![x]!;
            const theirs = o[1][e]![x]!;
            if (rawExtraNames) {
              // Our syntax tree holds the normalised names; 21.3 compares them as written.
              if (ours1 !== theirs) seen.add('M21-normalisation');
              return;
            }
            expect([t, env.python_full_version, extra, evaluateMarker21(ours.marker.root, env, extra)]).toEqual([t, env.python_full_version, extra, theirs]);
            if (ours1 === theirs) return;
            const reasons = comparisons(ours.marker.root).map((c) => {
              let mine1: Eval;
              try {
                mine1 = Marker.fromNode(c).evaluate(env, extra === '' ? [] : [extra]);
              } catch {
                mine1 = 'error';
              }
              return explainAtom21(c, env, extra, mine1);
            });
            const why = reasons.find((w) => w !== null) ?? null;
            expect(why, `unexplained evaluation: ${t} in ${env.sys_platform}/${env.python_full_version} extra=${extra}: ours ${ours1}, 21.3 ${theirs}`).not.toBeNull();
            seen.add(why!);
          }),
        );
      });
      expect(compared).toBeGreaterThan(30_000);
      expect([...seen].sort()).toEqual(['M21-comparisons', 'M21-normalisation', 'M21-syntax', 'M26-strict-comparisons']);
    });
  });
});

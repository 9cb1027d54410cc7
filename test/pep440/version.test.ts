import { describe, expect, it } from 'vitest';
import { VersionError } from '../../src/errors.js';
import { Version, compareVersions } from '../../src/pep440/index.js';
import { PACKAGING_26_ABSENT, PACKAGING_26_WHEEL, runOracles } from '../helpers/packaging.js';
import { versionTexts } from './generators.js';
import { explainVersionDeviation } from './deviations.js';

const v = (s: string) => Version.parse(s);

describe('Version: PEP 440 examples', () => {
  // PEP 440, "Summary of permitted suffixes and relative ordering": this list is in order.
  const ordered = [
    '1.dev0', '1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2',
    '1.0b2.post345.dev456', '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7',
    '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.0.15', '1.1.dev1',
  ];
  it('orders the "Summary of permitted suffixes" example', () => {
    const shuffled = [...ordered].reverse().map(v).sort(compareVersions).map(String);
    expect(shuffled).toEqual(ordered);
    for (let i = 1; i < ordered.length; i++) expect(v(ordered[i - 1]!).lessThan(v(ordered[i]!))).toBe(true);
  });

  it('orders release segments numerically with zero padding ("Final releases", "Version epochs")', () => {
    const finals = ['0.9', '0.9.1', '0.9.2', '0.9.10', '0.9.11', '1.0', '1.0.1', '1.1', '2.0', '2.0.1'];
    for (let i = 1; i < finals.length; i++) expect(v(finals[i - 1]!).lessThan(v(finals[i]!))).toBe(true);
    const epochs = ['2013.10', '2014.04', '1!1.0', '1!1.1', '1!2.0'];
    for (let i = 1; i < epochs.length; i++) expect(v(epochs[i - 1]!).lessThan(v(epochs[i]!))).toBe(true);
    expect(v('1.1').equals(v('1.1.0'))).toBe(true);
    expect(v('1.1').key).toBe(v('1.1.0.0').key);
  });

  it('orders the "Examples of compliant version schemes"', () => {
    const schemes = [
      ['0.9', '1.0a1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.1a1'],
      ['0.9', '1.0.dev1', '1.0.dev2', '1.0.dev3', '1.0.dev4', '1.0c1', '1.0c2', '1.0', '1.0.post1', '1.1.dev1'],
      ['2012.1', '2012.2', '2012.3', '2012.15', '2013.1', '2013.2'],
    ];
    for (const s of schemes) for (let i = 1; i < s.length; i++) expect(v(s[i - 1]!).lessThan(v(s[i]!))).toBe(true);
  });

  // PEP 440, "Normalization": each subsection's example.
  it.each([
    ['1.1RC1', '1.1rc1'], // Case sensitivity
    ['00', '0'], // Integer Normalization
    ['09000', '9000'],
    ['1.0+foo0100', '1.0+foo0100'],
    ['1.1.a1', '1.1a1'], // Pre-release separators
    ['1.1-a1', '1.1a1'],
    ['1.0a.1', '1.0a1'],
    ['1.1alpha1', '1.1a1'], // Pre-release spelling
    ['1.1beta2', '1.1b2'],
    ['1.1c3', '1.1rc3'],
    ['1.2a', '1.2a0'], // Implicit pre-release number
    ['1.2-post2', '1.2.post2'], // Post release separators
    ['1.2post2', '1.2.post2'],
    ['1.2.post-2', '1.2.post2'],
    ['1.0-r4', '1.0.post4'], // Post release spelling
    ['1.2.post', '1.2.post0'], // Implicit post release number
    ['1.0-1', '1.0.post1'], // Implicit post releases
    ['1.2-dev2', '1.2.dev2'], // Development release separators
    ['1.2dev2', '1.2.dev2'],
    ['1.2.dev', '1.2.dev0'], // Implicit development release number
    ['1.0+ubuntu-1', '1.0+ubuntu.1'], // Local version segments
    ['v1.0', '1.0'], // Preceding v character
    ['1.0\n', '1.0'], // Leading and Trailing Whitespace
    [' \t1.0\r\f\v', '1.0'],
  ])('normalises %j to %s', (text, canonical) => {
    expect(v(text).toString()).toBe(canonical);
  });

  it('rejects `1.0-` (implicit post release without a number)', () => {
    expect(Version.tryParse('1.0-')).toBeNull();
  });

  it('treats c and rc as the same pre-release ("Pre-releases")', () => {
    expect(v('1.0c1').equals(v('1.0rc1'))).toBe(true);
  });
});

describe('Version: parts and properties', () => {
  it('exposes parts as packaging does', () => {
    const x = v('1!2.3.4rc5.post6.dev7+Ubuntu-08.x');
    expect(x.epoch).toBe(1);
    expect(x.release).toEqual([2, 3, 4]);
    expect(x.pre).toEqual({ kind: 'rc', number: 5 });
    expect(x.post).toBe(6);
    expect(x.dev).toBe(7);
    expect(x.local).toBe('ubuntu.8.x');
    expect(x.localSegments).toEqual(['ubuntu', 8, 'x']);
    expect([x.major, x.minor, x.micro]).toEqual([2, 3, 4]);
    expect(x.isPrerelease && x.isPostrelease && x.isDevrelease && x.hasLocal).toBe(true);
    expect(x.public.toString()).toBe('1!2.3.4rc5.post6.dev7');
    expect(x.baseVersion.toString()).toBe('1!2.3.4');
    expect(v('1.0.post1').isPrerelease).toBe(false);
    expect(v('1').minor).toBe(0);
  });

  it('keeps numbers beyond 2^53 exact', () => {
    const a = v('1.100000000000000000001');
    const b = v('1.100000000000000000002');
    expect(a.lessThan(b)).toBe(true);
    expect(b.toString()).toBe('1.100000000000000000002');
    expect(v('1.0000000000000000000000000001').toString()).toBe('1.1');
  });

  it('builds versions from parts', () => {
    expect(Version.fromParts({ release: [3, 12] }).toString()).toBe('3.12');
    expect(Version.fromParts({ epoch: 2, release: [1, 0], pre: { kind: 'beta', number: 2 }, post: 1, dev: 0, local: 'A-1' }).toString()).toBe('2!1.0b2.post1.dev0+a.1');
    expect(() => Version.fromParts({ release: [] })).toThrow(VersionError);
    expect(() => Version.fromParts({ release: [1], local: 'a..b' })).toThrow(VersionError);
  });

  it('reports invalid versions with text, expectation and column', () => {
    try {
      Version.parse('1.0.x', { file: 'req.txt', line: 3, column: 10 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(VersionError);
      const err = e as VersionError;
      expect(err.text).toBe('1.0.x');
      expect(err.expected).toMatch(/PEP 440 version/);
      expect(err.location).toEqual({ file: 'req.txt', line: 3, column: 13 });
      expect(err.where()).toBe('req.txt:3:13');
    }
    expect(Version.tryParse('not a version')).toBeNull();
  });

  it('parses release-only versions on the fast path with the same results', () => {
    expect(Version.parse('01.0').toString()).toBe('1.0');
    expect(Version.parse('1.0').fields).toEqual({ epoch: '0', release: ['1', '0'], preKind: null, preNumber: '0', post: null, dev: null, local: null });
    expect(Version.parse('1.0').key).toBe(Version.fromParts({ release: [1] }).key);
    expect([Version.parse('2').isPrerelease, Version.parse('2').hasLocal, Version.parse('2').public.toString()]).toEqual([false, false, '2']);
    expect(Version.tryParse('1..0')).toBeNull();
    expect(Version.tryParse('1.')).toBeNull();
    expect(Version.parse('1.0.0').equals(Version.parse('1.0'))).toBe(true);
    expect(JSON.stringify({ v: v('1.0-1') })).toBe('{"v":"1.0.post1"}');
  });
});

interface VersionAnswer {
  info: (null | [string, boolean, boolean, boolean, string, string, string, string[], [string, number] | null, string | null, string | null, string | null])[];
  order: number[];
  ties: boolean[];
}

const ORACLE_VERSIONS = `
def run(O, cases):
    V = O.version.Version
    info, valid = [], []
    for i, s in enumerate(cases):
        try:
            v = V(s)
        except Exception:
            info.append(None)
            continue
        valid.append((v, i))
        info.append([str(v), v.is_prerelease, v.is_postrelease, v.is_devrelease, v.public, v.base_version,
                     str(v.epoch), [str(x) for x in v.release], [v.pre[0], v.pre[1]] if v.pre else None,
                     None if v.post is None else str(v.post), None if v.dev is None else str(v.dev), v.local])
    srt = sorted(valid, key=lambda t: t[0])
    return {'info': info, 'order': [i for _, i in srt], 'ties': [srt[k][0] == srt[k + 1][0] for k in range(len(srt) - 1)]}
`;

describe('Version: differential against packaging', async () => {
  const FIXED = ['1.0', ' 1.0 ', '1.0\x1c', '\x851.0', '1.0\ufeff', '1.0.po\u017ft1', '1.0+\u212a', '1.0+ubuntu-01', '1!0', '0.dev0', '0.0.0'];
  const texts = versionTexts(440, 6000, FIXED);
  const answers = await runOracles<VersionAnswer>(ORACLE_VERSIONS, texts);

  function ours() {
    const info = texts.map((t) => {
      const x = Version.tryParse(t);
      if (x === null) return null;
      const f = x.fields;
      return [
        x.toString(), x.isPrerelease, x.isPostrelease, x.isDevrelease, x.public.toString(), x.baseVersion.toString(),
        f.epoch, [...f.release], f.preKind === null ? null : [f.preKind, Number(f.preNumber)], f.post, f.dev, x.local,
      ];
    });
    const valid = texts.flatMap((t, i) => (info[i] === null ? [] : [{ v: Version.parse(t), i }]));
    const srt = [...valid].sort((a, b) => compareVersions(a.v, b.v));
    return { info, order: srt.map((x) => x.i), ties: srt.slice(1).map((x, k) => x.v.equals(srt[k]!.v)) };
  }
  const mine = ours();

  it('generates a meaningful mix of valid and invalid texts', () => {
    const valid = mine.info.filter((x) => x !== null).length;
    expect(valid).toBeGreaterThan(3500);
    expect(texts.length - valid).toBeGreaterThan(800);
  });

  it('agrees with packaging 26.3 on validity, canonical form, parts and order', { skip: PACKAGING_26_WHEEL === undefined }, () => {
    const p = answers['26']!;
    for (let i = 0; i < texts.length; i++) expect([texts[i], mine.info[i]]).toEqual([texts[i], p.info[i]]);
    expect(mine.order).toEqual(p.order);
    expect(mine.ties).toEqual(p.ties);
  });
  if (PACKAGING_26_WHEEL === undefined) it.skip(PACKAGING_26_ABSENT, () => {});

  it('agrees with packaging 21.3 except for the listed deviations', () => {
    const p = answers['21'];
    const seen = new Set<string>();
    for (let i = 0; i < texts.length; i++) {
      if (JSON.stringify(mine.info[i]) === JSON.stringify(p.info[i])) continue;
      const why = explainVersionDeviation(texts[i]!, mine.info[i] !== null, p.info[i] !== null);
      expect(why, `unexplained disagreement on ${JSON.stringify(texts[i])}: ours ${JSON.stringify(mine.info[i])}, 21.3 ${JSON.stringify(p.info[i])}`).not.toBeNull();
      seen.add(why!);
    }
    expect([...seen]).toEqual(['V21-unicode-case']); // the fixed examples exercise it
    // Order over the versions both accept.
    const both = new Set(texts.flatMap((_, i) => (mine.info[i] !== null && p.info[i] !== null ? [i] : [])));
    expect(mine.order.filter((i) => both.has(i))).toEqual(p.order.filter((i) => both.has(i)));
  });
});

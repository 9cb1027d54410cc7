import { beforeAll, describe, expect, it } from 'vitest';
import { TargetError } from '../../src/errors.js';
import { createTarget, formatTag, PACKAGING_DEVIATIONS, parseTarget, TARGET_PRESETS } from '../../src/tags/index.js';
import { hasPython } from '../helpers/python.js';
import { packagingOracle, type OracleResult } from './packaging-oracle.js';
import { applyDeviations, TARGET_CASES } from './target-cases.js';

describe.skipIf(!hasPython())('targets against packaging (pip 23.2.1 vendored, and the modern wheel from the mirror)', () => {
  let oracle: OracleResult;
  beforeAll(async () => {
    oracle = await packagingOracle(TARGET_CASES.map((c) => c.oracle));
    if (!oracle.modern) console.warn('SKIPPED (part): the mirror has no packaging 26.x wheel; checking pip 23.2.1\'s vendored packaging only');
  });

  it('uses the oracles it claims', () => {
    expect(oracle.pip.version).toBe('21.3');
    if (oracle.modern) expect(oracle.modern.version).toMatch(/^26\./);
  });

  it.each(TARGET_CASES.map((c, i) => [c.spelling, i] as const))('%s equals modern packaging exactly', (spelling, i) => {
    if (!oracle.modern) return;
    const target = parseTarget(spelling);
    expect(target.platforms).toEqual(oracle.modern.platforms[i]);
    expect(target.tags.map(formatTag)).toEqual(oracle.modern.tags[i]);
  });

  it.each(TARGET_CASES.map((c, i) => [c.spelling, i] as const))('%s equals pip\'s packaging 21.3 after the declared deviations', (spelling, i) => {
    const target = parseTarget(spelling);
    const pipTags = oracle.pip.tags[i] as string[];
    expect(target.tags.map(formatTag)).toEqual(applyDeviations(pipTags, target.abis));
  });

  it('every declared deviation is needed by some target, and only those targets differ from pip', () => {
    const differing = new Set<string>();
    for (const d of PACKAGING_DEVIATIONS) {
      const hit = TARGET_CASES.filter((c, i) => {
        const pipTags = oracle.pip.tags[i] as string[];
        const abis = parseTarget(c.spelling).abis;
        const once = applyDeviations(pipTags, abis);
        return d.rewrite.kind === 'rename-platform-suffix'
          ? pipTags.some((t) => t.endsWith(d.rewrite.from))
          : once.join() !== pipTags.join() && abis.some((a) => a.endsWith('t'));
      });
      expect(hit.length, `deviation ${d.id} changes no target`).toBeGreaterThan(0);
      for (const c of hit) differing.add(c.spelling);
    }
    TARGET_CASES.forEach((c, i) => {
      const ours = parseTarget(c.spelling).tags.map(formatTag);
      if (!differing.has(c.spelling)) expect(ours, c.spelling).toEqual(oracle.pip.tags[i]);
      else expect(ours, c.spelling).not.toEqual(oracle.pip.tags[i]);
    });
  });
});

describe('short spellings', () => {
  it('reads interpreter, ABI and platform', () => {
    const t = parseTarget('cp312-manylinux_2_28_x86_64');
    expect(t).toMatchObject({ name: 'cp312-manylinux_2_28_x86_64', implementation: 'cp', interpreter: 'cp312', abis: ['cp312'], python: { major: 3, minor: 12 } });
    expect(t.platforms[0]).toBe('manylinux_2_28_x86_64');
    expect(t.platforms.at(-1)).toBe('manylinux1_x86_64');
    expect(formatTag(t.tags[0]!)).toBe('cp312-cp312-manylinux_2_28_x86_64');
    expect(formatTag(t.tags.at(-1)!)).toBe('py30-none-any');
  });

  it('takes a micro version after @, which must agree with the interpreter', () => {
    const t = parseTarget('cp312-win_amd64@3.12.4');
    expect(t.python).toEqual({ major: 3, minor: 12, micro: 4 });
    expect(t.markers.python_full_version).toBe('3.12.4');
    expect(() => parseTarget('cp312-win_amd64@3.11.2')).toThrow(/does not match interpreter cp312/);
  });

  it('spells free-threaded CPython with t, and PyPy with pp or @pypy', () => {
    expect(parseTarget('cp313t-win_amd64').abis).toEqual(['cp313t']);
    expect(parseTarget('windows-x86_64@3.13t').abis).toEqual(['cp313t']);
    expect(parseTarget('pp310-win_amd64').abis).toEqual(['pypy310_pp73']);
    expect(parseTarget('linux-x86_64@pypy3.10').interpreter).toBe('pp310');
    expect(() => parseTarget('windows-x86_64@3.12t')).toThrow(/start with CPython 3.13/);
    expect(() => parseTarget('linux-x86_64@pypy3.13t')).toThrow(/only CPython/);
  });

  it('accepts preset aliases and is case-insensitive', () => {
    expect(parseTarget('Linux-AMD64@3.12').platforms).toEqual(parseTarget('linux-x86_64@3.12').platforms);
    expect(parseTarget('macos-aarch64@3.12').platforms).toEqual(parseTarget('macos-arm64@3.12').platforms);
    for (const p of TARGET_PRESETS) expect(() => parseTarget(`${p.name}@3.12`)).not.toThrow();
  });

  it('a legacy manylinux name stands for its glibc level', () => {
    expect(parseTarget('cp311-manylinux2014_x86_64').tags).toEqual(parseTarget('cp311-manylinux_2_17_x86_64').tags);
  });

  const invalid: [string, RegExp][] = [
    ['', /empty/],
    ['foo', /not a known preset/],
    ['linux-x86_64', /needs a Python version/],
    ['linux-x86_64@3', /give major\.minor/],
    ['linux-x86_64@three', /not a Python version/],
    ['cp312', /not a known preset/],
    ['xx312-win_amd64', /unknown Python implementation "xx"/],
    ['cpython312-win_amd64', /unknown Python implementation/],
    ['cp312-manylinux_2_28_amd64', /no architecture "amd64"/],
    ['cp312-manylinux_2_12_aarch64', /oldest is manylinux_2_17_aarch64/],
    ['cp312-macosx_9_0_x86_64', /predates macOS 10/],
    ['cp312-macosx_10_3_x86_64', /no x86_64 binaries/],
    ['cp312-musllinux_2_0_x86_64', /only musl 1.x/],
    ['cp312-freebsd_14_0_amd64', /not a platform tag wheelhouse knows/],
    ['cp312-win_amd64.win32', /one platform per target/],
    ['cp312-a-b-win_amd64', /not a known preset/],
    ['cp13-win_amd64', /major version 1 is not 2 or 3/],
    ['cp312 -win_amd64', /whitespace/],
  ];
  it.each(invalid)('rejects %j with a TargetError naming the text and the valid forms', (text, why) => {
    let err: unknown;
    try {
      parseTarget(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TargetError);
    const e = err as TargetError;
    expect(e.message).toMatch(why);
    expect(e.text).toBe(text.trim());
    expect(e.expected).toBeTruthy();
  });

  it('lists the valid forms and presets when the form is wrong', () => {
    try {
      parseTarget('foo');
    } catch (e) {
      const expected = (e as TargetError).expected ?? '';
      expect(expected).toContain('cp312-manylinux_2_28_x86_64');
      expect(expected).toContain('linux-x86_64@3.12');
      for (const p of TARGET_PRESETS) expect(expected).toContain(p.name);
    }
  });
});

describe('createTarget', () => {
  it('builds the same target as the spelling', () => {
    const a = createTarget({ implementation: 'cp', python: { major: 3, minor: 12 }, platforms: ['manylinux_2_28_x86_64'] });
    expect(a.name).toBe('cp312-manylinux_2_28_x86_64');
    expect(a.tags).toEqual(parseTarget('cp312-manylinux_2_28_x86_64').tags);
  });

  it('expands several platforms in order without repeating any', () => {
    const t = createTarget({ python: { major: 3, minor: 11 }, platforms: ['manylinux_2_28_x86_64', 'manylinux_2_17_x86_64'] });
    expect(t.platforms).toEqual(parseTarget('cp311-manylinux_2_28_x86_64').platforms);
  });

  it('needs a platform', () => {
    expect(() => createTarget({ python: { major: 3, minor: 12 }, platforms: [] })).toThrow(TargetError);
  });

  it('is frozen plain data', () => {
    const t = parseTarget('cp312-win_amd64');
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.tags)).toBe(true);
    expect(JSON.parse(JSON.stringify(t))).toEqual({ ...t, python: { ...t.python } });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { describePlatform, expandPlatform, macPlatforms, manylinuxPlatforms, musllinuxPlatforms, pipExpandPlatforms } from '../../src/tags/index.js';
import { hasPython, runPythonJson } from '../helpers/python.js';
import { packagingOracle, type OracleCase, type OracleResult, type PlatformSpec } from './packaging-oracle.js';
import { applyDeviations } from './target-cases.js';

const specs: PlatformSpec[] = [];
for (const arch of ['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64le', 's390x', 'riscv64']) {
  for (const minor of [5, 12, 16, 17, 18, 28, 31, 39]) specs.push({ family: 'manylinux', glibc: [2, minor], arch });
}
specs.push({ family: 'manylinux', glibc: [3, 1], arch: 'x86_64' });
for (const arch of ['x86_64', 'aarch64', 'armv7l', 'i686']) for (const minor of [0, 1, 2, 5]) specs.push({ family: 'musllinux', musl: [1, minor], arch });
for (const arch of ['x86_64', 'arm64', 'universal2', 'i386', 'ppc', 'ppc64', 'intel']) {
  for (const v of [[10, 0], [10, 3], [10, 4], [10, 5], [10, 6], [10, 9], [10, 15], [10, 16], [11, 0], [11, 3], [12, 0], [14, 0], [15, 4]] as [number, number][]) {
    specs.push({ family: 'macos', version: v, arch });
  }
}
const asCase = (platform: PlatformSpec): OracleCase => ({ implementation: 'cp', version: [3, 12], abis: ['cp312'], interpreter: 'cp312', platform });

function ours(spec: PlatformSpec): string[] {
  switch (spec.family) {
    case 'manylinux':
      return manylinuxPlatforms({ major: spec.glibc[0], minor: spec.glibc[1] }, spec.arch);
    case 'musllinux':
      return musllinuxPlatforms({ major: spec.musl[0], minor: spec.musl[1] }, spec.arch);
    case 'macos':
      return macPlatforms({ major: spec.version[0], minor: spec.version[1] }, spec.arch);
    default:
      return spec.platforms;
  }
}

describe.skipIf(!hasPython())('platform expansion against packaging', () => {
  let oracle: OracleResult;
  // A platform list packaging returns empty would make it fall back to the host's: skip those.
  let nonEmpty: PlatformSpec[];
  beforeAll(async () => {
    nonEmpty = specs.filter((s) => ours(s).length > 0);
    oracle = await packagingOracle(nonEmpty.map(asCase), true);
  });

  it('yields the same platform lists, in the same order', () => {
    nonEmpty.forEach((spec, i) => {
      const label = JSON.stringify(spec);
      if (oracle.modern) expect(ours(spec), label).toEqual(oracle.modern.platforms[i]);
      const pipList = (oracle.pip.platforms[i] as string[]).map((p) => `x-y-${p}`);
      expect(ours(spec).map((p) => `x-y-${p}`), label).toEqual(applyDeviations(pipList, []));
    });
  });

  it('checks the specs that yield nothing too (no binary of that arch for that version)', () => {
    const empty = specs.filter((s) => ours(s).length === 0).map((s) => JSON.stringify(s));
    expect(empty).toContain(JSON.stringify({ family: 'macos', version: [10, 3], arch: 'x86_64' }));
    expect(empty).toContain(JSON.stringify({ family: 'manylinux', glibc: [2, 16], arch: 'aarch64' }));
  });
});

describe.skipIf(!hasPython())("pip's --platform expansion", () => {
  const lists: string[][] = [
    ['manylinux_2_28_x86_64'],
    ['manylinux2014_x86_64'],
    ['manylinux2014_aarch64'],
    ['manylinux2010_i686'],
    ['manylinux1_x86_64', 'manylinux2010_x86_64', 'manylinux2014_x86_64'],
    ['macosx_10_9_x86_64'],
    ['macosx_11_0_arm64', 'macosx_10_9_x86_64'],
    ['macosx_12_3_universal2'],
    ['macosxcustom_10_9_x86_64'],
    ['macosx_weird'],
    ['win_amd64', 'win32', 'win_amd64'],
    ['linux_x86_64', 'any'],
    ['manylinux2014'],
  ];
  it('matches compatibility_tags._expand_allowed_platforms (after the declared deviations)', async () => {
    const expected = await runPythonJson<string[][]>(
      'import json,sys\nfrom pip._internal.utils.compatibility_tags import _expand_allowed_platforms as e\nprint(json.dumps([e(l) for l in json.load(sys.stdin)]))',
      lists,
    );
    lists.forEach((l, i) => {
      const pipList = (expected[i] as string[]).map((p) => `x-y-${p}`);
      expect(pipExpandPlatforms(l).map((p) => `x-y-${p}`), l.join(' ')).toEqual(applyDeviations(pipList, []));
    });
  });

  it('does not expand manylinux_X_Y, unlike a wheelhouse target', () => {
    expect(pipExpandPlatforms(['manylinux_2_28_x86_64'])).toEqual(['manylinux_2_28_x86_64']);
    expect(expandPlatform('manylinux_2_28_x86_64')).toHaveLength(27);
  });
});

describe('describePlatform', () => {
  it.each([
    ['manylinux_2_28_x86_64', { family: 'manylinux', arch: 'x86_64', version: { major: 2, minor: 28 } }],
    ['manylinux2014_aarch64', { family: 'manylinux', arch: 'aarch64', version: { major: 2, minor: 17 } }],
    ['manylinux1_i686', { family: 'manylinux', arch: 'i686', version: { major: 2, minor: 5 } }],
    ['musllinux_1_2_armv7l', { family: 'musllinux', arch: 'armv7l', version: { major: 1, minor: 2 } }],
    ['macosx_10_9_universal2', { family: 'macos', arch: 'universal2', version: { major: 10, minor: 9 } }],
    ['WIN_AMD64', { family: 'windows', arch: 'amd64' }],
    ['win32', { family: 'windows', arch: 'x86' }],
    ['linux_aarch64', { family: 'linux', arch: 'aarch64' }],
  ])('%s', (text, info) => {
    expect(describePlatform(text)).toEqual(info);
  });
});

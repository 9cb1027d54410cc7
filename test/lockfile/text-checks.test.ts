/**
 * The stopgap PEP 440 / PEP 508 checks of the lockfile code (version-text.ts,
 * marker-text.ts) agree with pip's vendored packaging on which texts are versions, markers
 * and specifier sets (modern packaging from the mirror, when present), and on how versions
 * compare. Versions from PEP 440's examples and
 * packaging's tests/test_version.py; markers from PEP 508 and packaging's tests/test_markers.py.
 */
import { describe, expect, it } from 'vitest';
import { checkMarkerText, checkSpecifierText } from '../../src/lockfile/marker-text.js';
import { compareVersionText, isVersionText, versionsEqual } from '../../src/lockfile/version-text.js';
import { MIRROR_ABSENT } from '../helpers/mirror.js';
import { hasPython } from '../helpers/python.js';
import { packagingVerdicts } from './packaging-oracle.js';

const VERSIONS = [
  '1.0', '1.0.0', '1', '1!2.0', '1.0a1', '1.0.a1', '1.0-alpha.1', '1.0b2', '1.0rc1', '1.0c1', '1.0pre1', '1.0preview1',
  '1.0.post1', '1.0-1', '1.0post', '1.0-r4', '1.0rev2', '1.0.dev0', '1.0dev', '1.0a1.dev1', '1.0.post1.dev2', '1.0+local',
  '1.0+LOCAL.7', '1.0+abc-1_2', 'v1.0', ' 1.0 ', '2024.1.15', '0.0', '1.0.0.0.1', '1.0-', '1..0', '1.0+', 'a1.0', '1.0.x',
  '1.0+local!', '', 'latest', '1.0a', '1.0.post', '1.0beta', '1.0alpha', '01.02', '1.0_post1', '1.0.dev', '1!', '1.0++1',
];

const MARKERS = [
  'python_version >= "3.8"',
  "sys_platform == 'win32'",
  'python_version >= "3.8" and sys_platform == "linux"',
  '(python_version < "3.9" or python_version > "3.11") and os_name == "posix"',
  'platform_machine in "x86_64 aarch64"',
  '"arm" not in platform_machine',
  'extra == "socks"',
  'os.name == "nt"',
  'python_version===\'3.8\'',
  'python_version ~= "3.8"',
  '((sys_platform == "linux"))',
  'python_version >= ',
  'python_version >= "3.8" and',
  'python_version "3.8"',
  'unknown_var == "x"',
  '"a" == "b"',
  '(sys_platform == "linux"',
  'sys_platform == "linux")',
  'sys_platform = "linux"',
  'sys_platform == "linux',
  '',
  'and',
  'python_version >= 3.8',
];

const SPECIFIERS = [
  '>=3.8', '>=3.8,<4', '==3.*', '!=3.10.*', '~=3.8', '===foo', '', ' >= 3.8 , < 4 ', '~=3', '==3.*.1', '>=3.*', '=>3.8', '3.8', '>=3.8,',
  '==1.0+local', '<=1.0+local', '===foo bar', '~=1.0+local', '==1.0.*+local', '>3.7.post1', '!=1.0+local',
];

describe.skipIf(!hasPython())('version and marker checks agree with packaging', () => {
  it('on versions, comparisons, markers and specifiers', async () => {
    const pairs: Array<[string, string]> = [];
    const valid = VERSIONS.filter((v) => isVersionText(v));
    for (const a of valid) for (const b of valid) pairs.push([a, b]);
    const verdicts = await packagingVerdicts({ versions: VERSIONS, pairs, markers: MARKERS, specifiers: SPECIFIERS });
    expect(VERSIONS.map((v) => [v, isVersionText(v)])).toEqual(VERSIONS.map((v, i) => [v, verdicts.versions[i]]));
    expect(pairs.map(([a, b]) => [a, b, Math.sign(compareVersionText(a, b) as number)])).toEqual(pairs.map(([a, b], i) => [a, b, verdicts.comparisons[i]]));
    expect(MARKERS.map((m) => [m, checkMarkerText(m) === undefined])).toEqual(MARKERS.map((m, i) => [m, verdicts.markers[i]]));
    if (verdicts.specifiers === null) {
      console.log(`${MIRROR_ABSENT}: specifier checks not compared with modern packaging`);
    } else {
      const judged = verdicts.specifiers;
      expect(SPECIFIERS.map((s) => [s, checkSpecifierText(s) === undefined])).toEqual(SPECIFIERS.map((s, i) => [s, judged[i]]));
    }
  });
});

describe('version and marker checks', () => {
  it('compares versions as PEP 440 does', () => {
    expect(versionsEqual('1.0', '1.0.0')).toBe(true);
    expect(versionsEqual('1.0+LOCAL', '1.0+local')).toBe(true);
    expect(versionsEqual('1.0', '1.0.post0')).toBe(false);
    expect(compareVersionText('1.0.dev1', '1.0a1')).toBeLessThan(0);
    expect(compareVersionText('1.0', 'not a version')).toBeUndefined();
  });

  it('allows extras and dependency_groups only in pylock.toml markers', () => {
    expect(checkMarkerText('"dev" in dependency_groups')).toMatchObject({ message: 'unknown marker variable "dependency_groups"' });
    expect(checkMarkerText('"dev" in dependency_groups', { lockFile: true })).toBeUndefined();
    expect(checkMarkerText("'socks' in extras", { lockFile: true })).toBeUndefined();
  });

  it('points at the problem', () => {
    expect(checkMarkerText('python_version >= "3.8" or')).toEqual({ message: 'the marker ends too early', offset: 26, expected: 'a marker variable or a quoted string' });
    expect(checkMarkerText('sys_platform == "linux')).toMatchObject({ message: 'unterminated string', offset: 16 });
  });
});

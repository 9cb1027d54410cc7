/**
 * The lockfile's marker/specifier/version checks are thin adapters over src/pep508 and
 * src/pep440 (whose differential tests against packaging live in test/pep440, test/pep508):
 * here, only what the adapters add — offsets, lock-file-only variables, version texts.
 */
import { describe, expect, it } from 'vitest';
import { checkMarkerText, checkSpecifierText } from '../../src/lockfile/marker-text.js';
import { compareVersionText, isVersionText, versionsEqual } from '../../src/lockfile/version-text.js';

describe('version texts', () => {
  it('are PEP 440 versions compared by value', () => {
    expect(isVersionText('1.0.post1')).toBe(true);
    expect(isVersionText('not a version')).toBe(false);
    expect(versionsEqual('1.0', '1.0.0')).toBe(true);
    expect(versionsEqual('1.0+LOCAL', '1.0+local')).toBe(true);
    expect(versionsEqual('1.0', '1.0.post0')).toBe(false);
    expect(compareVersionText('1.0.dev1', '1.0a1')).toBeLessThan(0);
    expect(compareVersionText('1.0', 'not a version')).toBeUndefined();
  });
});

describe('marker and specifier checks', () => {
  it('allow extras and dependency_groups only in pylock.toml markers', () => {
    expect(checkMarkerText('"dev" in dependency_groups')).toMatchObject({ message: 'unknown marker variable "dependency_groups"', offset: 9 });
    expect(checkMarkerText('"dev" in dependency_groups', { lockFile: true })).toBeUndefined();
    expect(checkMarkerText("'socks' in extras", { lockFile: true })).toBeUndefined();
    expect(checkMarkerText('python_version >= "3.8"')).toBeUndefined();
  });

  it('point at the problem with a 0-based offset', () => {
    expect(checkMarkerText('python_version >= "3.8" or')).toMatchObject({ offset: 26 });
    expect(checkMarkerText('sys_platform == "linux')?.offset).toBe(16);
    expect(checkSpecifierText('>=3.9,<4')).toBeUndefined();
    expect(checkSpecifierText('')).toBeUndefined();
    expect(checkSpecifierText('>=3.9, =>4')).toMatchObject({ offset: 7 });
  });
});

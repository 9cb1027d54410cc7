/**
 * The small parts of the lockfile writers: upload times in the lock's normal form, tag lists
 * grouped and ungrouped without loss, TOML strings and keys.
 */
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { LockfileError } from '../../src/errors.js';
import { groupTags, ungroupTags } from '../../src/lockfile/tag-groups.js';
import { tomlKey, tomlString, tomlValue, TomlDateTime } from '../../src/lockfile/toml-text.js';
import { normalizeUploadTime, tryNormalizeUploadTime } from '../../src/lockfile/upload-time.js';
import { lockTarget } from './fixtures.js';

describe('upload times', () => {
  it('are written in UTC to the millisecond', () => {
    expect(normalizeUploadTime('2025-01-25T11:30:10.164985+00:00')).toBe('2025-01-25T11:30:10.164Z');
    expect(normalizeUploadTime('2025-01-25T11:30:10Z')).toBe('2025-01-25T11:30:10Z');
    expect(normalizeUploadTime('2025-01-25 01:30:10.5-10:00')).toBe('2025-01-25T11:30:10.500Z');
    expect(normalizeUploadTime('2024-12-31T23:30:00-01:00')).toBe('2025-01-01T00:30:00Z');
  });

  it('must be date-times with an offset', () => {
    for (const bad of ['2025-01-25', '2025-01-25T11:30:10', '2023-02-29T00:00:00Z', '2025-01-25T24:00:00Z', 'yesterday']) expect(tryNormalizeUploadTime(bad)).toBeUndefined();
    expect(() => normalizeUploadTime('2025-01-25', 'upload time of x.whl')).toThrow(LockfileError);
  });
});

describe('tag groups', () => {
  it('round-trip a target\'s tags in order, compactly', () => {
    for (const spec of ['cp312-manylinux_2_28_x86_64', 'pp310-macosx_12_0_arm64', 'cp313t-win_amd64']) {
      const tags = lockTarget(spec).tags;
      expect(ungroupTags(groupTags(tags))).toEqual(tags);
    }
    // Platforms with many levels are where it pays: one line per interpreter and ABI.
    const linux = lockTarget('cp312-manylinux_2_28_x86_64').tags;
    expect(groupTags(linux).length).toBeLessThan(linux.length / 10);
    expect(groupTags(['cp312-cp312-a', 'cp312-cp312-b', 'py3-none-a', 'cp312-cp312-c'])).toEqual(['cp312-cp312-a.b', 'py3-none-a', 'cp312-cp312-c']);
  });

  it('refuse what is not a tag', () => {
    expect(() => groupTags(['cp312-cp312'])).toThrow(/invalid tag "cp312-cp312"/);
    expect(() => groupTags(['cp312-cp312-a.b'])).toThrow(LockfileError);
    expect(ungroupTags(['cp312-cp312-a..b'])).toBeUndefined();
    expect(ungroupTags(['cp312'])).toBeUndefined();
  });
});

describe('TOML text', () => {
  it('writes strings TOML reads back as they were', () => {
    const values = ['plain', 'with "quotes"', "it's", 'both \' and "', 'back\\slash', 'tab\tnew\nline', '\u0000\u001f\u007f', 'é☃𝄞', 'sys_platform == "linux"'];
    const doc = values.map((v, i) => `k${i} = ${tomlString(v)}`).join('\n');
    expect(Object.values(parse(doc))).toEqual(values);
    expect(tomlString('sys_platform == "linux"')).toBe(`'sys_platform == "linux"'`);
  });

  it('quotes keys that cannot be bare, and writes inline values', () => {
    expect(tomlKey('requires-python')).toBe('requires-python');
    expect(tomlKey('a.b')).toBe('"a.b"');
    expect(tomlValue({ name: 'x', size: 3, ok: false, at: new TomlDateTime('2025-01-25T11:30:10Z'), tags: ['a'] })).toBe('{ name = "x", size = 3, ok = false, at = 2025-01-25T11:30:10Z, tags = ["a"] }');
    expect(() => tomlValue(1.5)).toThrow(/not a TOML integer/);
  });
});

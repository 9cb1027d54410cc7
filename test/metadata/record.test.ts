import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../../src/errors.js';
import { parseRecord } from '../../src/metadata/record.js';
import { parseWheelInfo } from '../../src/metadata/wheel-info.js';

describe('parseRecord', () => {
  it('reads rows, quoted paths, empty hash and size for RECORD itself', () => {
    const rows = parseRecord('a/b.py,sha256=AAAA_-,12\r\n"a/with,comma ""q"".py",sha512=zz,3\nx.dist-info/RECORD,,\n\n');
    expect(rows).toEqual([
      { path: 'a/b.py', hash: { algorithm: 'sha256', digest: 'AAAA_-' }, size: 12, line: 1 },
      { path: 'a/with,comma "q".py', hash: { algorithm: 'sha512', digest: 'zz' }, size: 3, line: 2 },
      { path: 'x.dist-info/RECORD', line: 3 },
    ]);
  });

  it('refuses md5, sha1, unknown algorithms, bad sizes and wrong column counts, with the line', () => {
    for (const bad of ['a,md5=abc,1', 'a,sha1=abc,1', 'a,crc32=abc,1', 'a,sha256=abc,-1', 'a,sha256=abc', 'a,sha256=ab=c,1', 'a,sha256,1']) {
      let err: unknown;
      try {
        parseRecord(`ok,,\n${bad}\n`, { file: 'w.whl' }, 'w-1.dist-info/RECORD');
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ArchiveError);
      expect((err as ArchiveError).location).toEqual({ file: 'w.whl!w-1.dist-info/RECORD', line: 2 });
    }
  });
});

describe('parseWheelInfo', () => {
  it('reads Wheel-Version, Root-Is-Purelib, tags and build', () => {
    const w = parseWheelInfo('Wheel-Version: 1.0\nGenerator: bdist_wheel (0.41.0)\nRoot-Is-Purelib: True\nTag: py2-none-any\nTag: py3-none-any\nBuild: 1\n');
    expect(w).toMatchObject({ wheelVersion: '1.0', generator: 'bdist_wheel (0.41.0)', rootIsPurelib: true, tags: ['py2-none-any', 'py3-none-any'], build: '1', warnings: [] });
  });

  it('warns for a newer minor version, fails for another major or none', () => {
    expect(parseWheelInfo('Wheel-Version: 1.9\n').warnings).toHaveLength(1);
    expect(() => parseWheelInfo('Wheel-Version: 2.0\n')).toThrow(ArchiveError);
    expect(() => parseWheelInfo('Generator: x\n')).toThrow(ArchiveError);
  });
});

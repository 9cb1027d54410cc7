import { describe, expect, it } from 'vitest';
import { decodeRequirementsFile, DecodeProblem } from '../../src/requirements-txt/decode.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

function problem(b: Uint8Array): DecodeProblem {
  try {
    decodeRequirementsFile(b);
  } catch (e) {
    if (e instanceof DecodeProblem) return e;
    throw e;
  }
  throw new Error('decoded');
}

describe('decoding requirements files as pip auto_decode', () => {
  it('reads UTF-8 by default and drops a UTF-8 BOM', () => {
    expect(decodeRequirementsFile(Buffer.from('café==1\n'))).toBe('café==1\n');
    expect(decodeRequirementsFile(bytes([0xef, 0xbb, 0xbf], 'a\n'))).toBe('a\n');
  });

  it('reads UTF-16 with either byte-order mark', () => {
    expect(decodeRequirementsFile(bytes([0xff, 0xfe], [0x61, 0, 0x0a, 0]))).toBe('a\n');
    expect(decodeRequirementsFile(bytes([0xfe, 0xff], [0, 0x61, 0, 0x0a]))).toBe('a\n');
  });

  it('follows a coding comment on one of the first two lines only', () => {
    expect(decodeRequirementsFile(bytes('# -*- coding: latin-1 -*-\n# caf', [0xe9], '\n'))).toBe('# -*- coding: latin-1 -*-\n# café\n');
    expect(decodeRequirementsFile(bytes('#!x\n# vim: fileencoding=cp1252\n# ', [0x80], '\n'))).toContain('€');
    expect(decodeRequirementsFile(bytes('#\n#\n# coding: latin-1\n# a\n'))).toBe('#\n#\n# coding: latin-1\n# a\n');
    // A line that does not start with "#" is not a coding comment.
    expect(() => decodeRequirementsFile(bytes(' # coding: latin-1\n', [0xe9]))).toThrow(DecodeProblem);
  });

  it('says where undecodable bytes are', () => {
    const p = problem(bytes('foo\nbar # x', [0xff], '\n'));
    expect(p.message).toBe('the file is not valid utf-8');
    expect([p.line, p.column]).toEqual([2, 8]);
    expect(p.text).toContain('\\xff');
  });

  it('refuses unknown encodings and UTF-32', () => {
    expect(problem(bytes('# coding: klingon\n')).message).toMatch(/unknown encoding "klingon"/);
    expect(problem(bytes([0xff, 0xfe, 0, 0], 'a')).message).toMatch(/UTF-32/);
    expect(problem(bytes('# coding: ascii\n', [0xe9])).message).toBe('the file is not valid ascii');
    expect(problem(bytes('# coding: cp1252\nx', [0x81])).message).toBe('the file is not valid cp1252');
  });
});

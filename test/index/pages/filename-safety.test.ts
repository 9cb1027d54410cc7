import { describe, expect, it } from 'vitest';
import { isSafeFilename, unsafeFilenameReason } from '../../../src/index/pages/filename-safety.js';

describe('unsafeFilenameReason', () => {
  it('accepts distribution file names, including local versions and non-ASCII', () => {
    for (const name of ['pip-23.2.1-py3-none-any.whl', 'foo-1.0+local.tar.gz', 'Frob_ß-1.0.zip', 'x.whl.metadata']) {
      expect(unsafeFilenameReason(name), name).toBeUndefined();
    }
  });

  it.each([
    ['', 'it is empty'],
    ['.', 'it names a directory'],
    ['..', 'it names a directory'],
    ['../evil.whl', 'it contains a path separator'],
    ['/etc/passwd', 'it contains a path separator'],
    ['a\\b.whl', 'it contains a path separator'],
    ['..\\..\\evil.whl', 'it contains a path separator'],
    ['C:evil.whl', 'it contains ":" (a drive or stream on Windows)'],
    ['foo.whl:stream', 'it contains ":" (a drive or stream on Windows)'],
    ['foo\u0000.whl', 'it contains a control character'],
    ['foo\n.whl', 'it contains a control character'],
    ['foo.whl.', 'it ends with a dot or a space (Windows drops them)'],
    ['foo.whl ', 'it ends with a dot or a space (Windows drops them)'],
    ['a'.repeat(256), 'it is longer than 255 bytes'],
  ])('rejects %j', (name, reason) => {
    expect(unsafeFilenameReason(name)).toBe(reason);
    expect(isSafeFilename(name)).toBe(false);
  });
});

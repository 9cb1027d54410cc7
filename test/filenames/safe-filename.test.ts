import { describe, expect, it } from 'vitest';
import { FilenameError } from '../../src/errors.js';
import { assertSafeFilename, parseSdistFilename, parseWheelFilename } from '../../src/filenames/index.js';

const HOSTILE: [string, RegExp][] = [
  ['', /empty/],
  ['../foo-1.0.tar.gz', /path separator/],
  ['..\\foo-1.0.tar.gz', /path separator/],
  ['/etc/foo-1.0.tar.gz', /path separator/],
  ['dir/foo-1.0-py3-none-any.whl', /path separator/],
  ['foo..bar-1.0.tar.gz', /"\.\."/],
  ['..', /"\.\."/],
  ['.', /starts or ends with a dot/],
  ['C:foo-1.0.tar.gz', /":"/],
  ['foo-1.0.tar.gz:stream', /":"/],
  ['foo\u0000-1.0.tar.gz', /control character/],
  ['foo-1.0\n.tar.gz', /control character/],
  ['foo-1.0\u001b[31m.tar.gz', /control character/],
  ['foo-1.0\u0085.tar.gz', /control character/],
  ['foo<1>-1.0.tar.gz', /Windows does not allow/],
  ['foo-1.0.tar.gz ', /whitespace/],
  ['.foo-1.0.tar.gz', /starts or ends with a dot/],
  [`${'a'.repeat(250)}-1.0.tar.gz`, /longer than 255 bytes/],
];

describe('hostile file names', () => {
  it.each(HOSTILE)('refuses %j', (name, why) => {
    expect(() => assertSafeFilename(name)).toThrow(FilenameError);
    expect(() => assertSafeFilename(name)).toThrow(why);
  });

  it.each(HOSTILE)('parseWheelFilename and parseSdistFilename refuse %j too', (name) => {
    expect(() => parseWheelFilename(name)).toThrow(FilenameError);
    expect(() => parseSdistFilename(name, 'foo')).toThrow(FilenameError);
  });

  it('shows the offending text', () => {
    try {
      assertSafeFilename('../x.whl', { url: 'https://example.org/simple/x/' });
    } catch (e) {
      expect((e as FilenameError).text).toBe('../x.whl');
      expect((e as FilenameError).where()).toBe('https://example.org/simple/x/');
    }
  });

  it('accepts ordinary names', () => {
    expect(() => assertSafeFilename('numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')).not.toThrow();
    expect(() => assertSafeFilename('foo-1!2.0+local.1.tar.gz')).not.toThrow();
  });
});

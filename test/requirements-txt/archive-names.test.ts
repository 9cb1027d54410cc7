import { describe, expect, it } from 'vitest';
import { sdistName, wheelNameVersion } from '../../src/requirements-txt/archive-names.js';

describe('names from archive file names', () => {
  it('reads wheels as pip 23.2.1 does ("_" read as "-")', () => {
    expect(wheelNameVersion('pkg_two-2.0-py3-none-any.whl')).toEqual({ name: 'pkg-two', version: '2.0' });
    expect(wheelNameVersion('numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')).toEqual({ name: 'numpy', version: '1.26.4' });
    expect(wheelNameVersion('x-1.0-1build-py3-none-any.whl')).toEqual({ name: 'x', version: '1.0' });
    expect(wheelNameVersion('x-1.0-py3-none.whl')).toBeUndefined();
    expect(wheelNameVersion('x-1.0-1-py3-none-any.whl')).toEqual({ name: 'x', version: '1.0' });
    expect(wheelNameVersion('notawheel.whl')).toBeUndefined();
  });

  it('reads sdists by the {name}-{version} convention', () => {
    expect(sdistName('some_pkg-1.0.tar.gz')).toBe('some_pkg');
    expect(sdistName('zope.interface-6.0.zip')).toBe('zope.interface');
    expect(sdistName('foo-bar-2.0rc1.tar.bz2')).toBe('foo-bar');
    expect(sdistName('v1.2.tar.gz')).toBeUndefined();
    expect(sdistName('main.zip')).toBeUndefined();
    expect(sdistName('-1.0.tar.gz')).toBeUndefined();
    expect(sdistName('pkg-1.0-py3-none-any.whl;x')).toBeUndefined();
    expect(sdistName('pkg-1.0.txt')).toBeUndefined();
    expect(sdistName('Pkg-1.0.TAR.GZ')).toBe('Pkg');
  });
});

import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/errors.js';
import { checkApiVersion } from '../../../src/index/pages/api-version.js';

const URL_ = 'https://example.org/simple/';

describe('PEP 629 repository versions', () => {
  it('accepts 1.0 and 1.1 silently', () => {
    expect(checkApiVersion('1.0', URL_, 'meta.api-version')).toBeUndefined();
    expect(checkApiVersion('1.1', URL_, 'meta.api-version')).toBeUndefined();
  });

  it('warns about a newer minor version', () => {
    expect(checkApiVersion('1.4', URL_, 'meta.api-version')).toMatchObject({ code: 'api-version-newer', url: URL_, text: '1.4' });
  });

  it('fails on another major version, and on versions that are not Major.Minor', () => {
    expect(() => checkApiVersion('2.0', URL_, 'meta.api-version')).toThrow(IndexError);
    expect(() => checkApiVersion('0.9', URL_, 'meta.api-version')).toThrow(/only major version 1/);
    for (const bad of ['1', '1.0.0', 'v1.0', '', '1.x']) {
      expect(() => checkApiVersion(bad, URL_, 'meta.api-version'), bad).toThrow(/Invalid repository version/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { redactCredentials, stripCredentials } from '../../src/util/redact.js';

describe('redactCredentials', () => {
  it('hides passwords and lone tokens in every URL of a text', () => {
    expect(redactCredentials('GET https://alice:s3cret@x.org/simple/ then http://tok3n@y.org/a')).toBe(
      'GET https://alice:****@x.org/simple/ then http://****@y.org/a',
    );
  });

  it('keeps the account of an ssh URL, which is not a secret', () => {
    expect(redactCredentials('git+ssh://git@github.com/o/r.git')).toBe('git+ssh://git@github.com/o/r.git');
    expect(redactCredentials('git+ssh://git:pw@github.com/o/r.git')).toBe('git+ssh://git:****@github.com/o/r.git');
  });
});

describe('stripCredentials', () => {
  it('removes the whole userinfo of http(s) URLs', () => {
    expect(stripCredentials('https://u:p@x.org/simple/')).toBe('https://x.org/simple/');
    expect(stripCredentials('https://token@x.org/simple/')).toBe('https://x.org/simple/');
    expect(stripCredentials('https://x.org/simple/')).toBe('https://x.org/simple/');
  });

  it('keeps the ssh account', () => {
    expect(stripCredentials('git+ssh://git@github.com/o/r.git@v1')).toBe('git+ssh://git@github.com/o/r.git@v1');
  });
});

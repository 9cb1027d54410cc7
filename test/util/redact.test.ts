import { describe, expect, it } from 'vitest';
import { redactCredentials, stripCredentials } from '../../src/util/redact.js';

describe('redactCredentials', () => {
  it('hides passwords and lone tokens in every URL of a text', () => {
    expect(redactCredentials('GET https://alice:s3cret@x.org/simple/ then http://tok3n@y.org/a')).toBe(
      'GET https://alice:****@x.org/simple/ then http://****@y.org/a',
    );
  });

  it('finds URLs glued to other text, and what is left of a URL quoted from its middle', () => {
    expect(redactCredentials('A.B-C_https://user:secret@example.org/simple')).toBe('A.B-C_https://user:****@example.org/simple');
    expect(redactCredentials('1https://user:secret@x.org')).toBe('1https://user:****@x.org');
    expect(redactCredentials('unexpected "://user:secret@example.o"')).toBe('unexpected "://user:****@example.o"');
    expect(redactCredentials('could not open aaahttps:/user:secret@example.org/simple')).toBe('could not open aaahttps:/user:****@example.org/simple');
    expect(redactCredentials('see https://x.org/a@b and mailto:a@b.org, C:/Users/x@y')).toBe('see https://x.org/a@b and mailto:a@b.org, C:/Users/x@y');
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

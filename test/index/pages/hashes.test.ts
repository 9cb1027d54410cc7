import { describe, expect, it } from 'vitest';
import { checkHash, parseHashFragment, preferredHash } from '../../../src/index/pages/hashes.js';

const SHA256 = '0f17b89f2a4eaaedc4f28c622998aa690564b3012a396a4ffad0821007fe03ba';

describe('checkHash', () => {
  it('accepts hex digests of the right length and lowercases them', () => {
    expect(checkHash('sha256', SHA256)).toEqual({ ok: true, name: 'sha256', digest: SHA256 });
    expect(checkHash('SHA256', SHA256.toUpperCase())).toEqual({ ok: true, name: 'sha256', digest: SHA256 });
    expect(checkHash('md5', 'd41d8cd98f00b204e9800998ecf8427e').ok).toBe(true);
  });

  it('rejects wrong lengths, non-hex digits and odd names', () => {
    expect(checkHash('sha256', SHA256.slice(1))).toMatchObject({ ok: false, expected: 'a sha256 digest of 64 hex digits' });
    expect(checkHash('sha256', `${SHA256.slice(1)}g`).ok).toBe(false);
    expect(checkHash('sha256', '').ok).toBe(false);
    expect(checkHash('__proto__', 'ab').ok).toBe(false);
    expect(checkHash('sha 256', 'ab').ok).toBe(false);
  });

  it('keeps algorithms it does not know, with any hex digest', () => {
    expect(checkHash('blake3', 'abcd')).toEqual({ ok: true, name: 'blake3', digest: 'abcd' });
    expect(checkHash('blake3', 'xyz').ok).toBe(false);
  });
});

describe('parseHashFragment', () => {
  it('reads PEP 503 fragments, including after other fragment parts', () => {
    expect(parseHashFragment(`sha256=${SHA256}`)).toEqual({ hashes: { sha256: SHA256 }, bad: [] });
    expect(parseHashFragment(`egg=foo&md5=d41d8cd98f00b204e9800998ecf8427e`).hashes).toEqual({ md5: 'd41d8cd98f00b204e9800998ecf8427e' });
  });

  it('ignores parts that are not hashes and reports malformed ones', () => {
    expect(parseHashFragment('egg=foo&subdirectory=bar')).toEqual({ hashes: {}, bad: [] });
    expect(parseHashFragment('sha256=nothex')).toEqual({ hashes: {}, bad: ['sha256=nothex'] });
  });
});

describe('preferredHash', () => {
  it('prefers sha256, then the strongest', () => {
    expect(preferredHash({ md5: 'a', sha256: 'b', sha512: 'c' })).toEqual(['sha256', 'b']);
    expect(preferredHash({ md5: 'a', sha512: 'c' })).toEqual(['sha512', 'c']);
    expect(preferredHash({ blake3: 'a' })).toEqual(['blake3', 'a']);
    expect(preferredHash({})).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/util/did-you-mean.js';

describe('didYouMean', () => {
  const keys = ['requirements', 'targets', 'index-url', 'extra-index-url', 'find-links', 'no-index', 'lock', 'verify'];
  it('suggests the closest key for typos', () => {
    expect(didYouMean('targest', keys)).toBe('targets');
    expect(didYouMean('requirments', keys)).toBe('requirements');
    expect(didYouMean('index_url', keys)).toBe('index-url');
    expect(didYouMean('findlinks', keys)).toBe('find-links');
    expect(didYouMean('Lock', keys)).toBe('lock');
    expect(didYouMean('target', keys)).toBe('targets');
  });
  it('suggests nothing when nothing is close', () => {
    expect(didYouMean('color', keys)).toBeUndefined();
    expect(didYouMean('x', keys)).toBeUndefined();
  });
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { sameVersion } from '../../src/metadata/names.js';

describe('sameVersion', () => {
  it('compares PEP 440 versions by value', () => {
    expect(sameVersion('1.0.0-rc1', '1.0.0rc1')).toBe(true);
    expect(sameVersion('1.0_post1', '1.0.post1')).toBe(true);
    expect(sameVersion('1.0', '1.0.0')).toBe(true);
    expect(sameVersion('1.0', '1.1')).toBe(false);
    expect(sameVersion('1.0+local', '1.0')).toBe(false);
  });

  it('compares other strings as text, ignoring case', () => {
    expect(sameVersion('Weird-Thing', 'weird-thing')).toBe(true);
    expect(sameVersion('weird', '1.0')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { DEVIATIONS } from './deviations.js';

describe('the list of deliberate deviations from packaging', () => {
  it('names each deviation once, with what differs and why', () => {
    const ids = DEVIATIONS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of DEVIATIONS) {
      expect(d.what.length).toBeGreaterThan(40);
      expect(d.why.length).toBeGreaterThan(20);
      expect(['21.3', '26.3']).toContain(d.oracle);
    }
  });

  it('changes only on purpose: this is the whole list', () => {
    expect(DEVIATIONS.map((d) => `${d.oracle} ${d.id}`)).toEqual([
      '21.3 V21-unicode-case',
      '26.3 S26-default-prereleases',
      '21.3 S21-exclusive-base-version',
      '21.3 S21-prefix-text',
      '21.3 S21-names-prerelease',
      '21.3 S21-arbitrary-normalised',
      '21.3 S21-wildcard-after-suffix',
      '21.3 S21-arbitrary-charset',
      '21.3 S21-filter-fallback',
      '21.3 S21-dedupe-order',
      '21.3 S21-legacy-specifiers',
      '26.3 R-arbitrary-range',
      '26.3 M26-strict-comparisons',
      '26.3 M26-both-quotes',
      '26.3 M26-named-escapes',
      '26.3 R26-name-underscore',
      '21.3 M21-comparisons',
      '21.3 M21-normalisation',
      '21.3 M21-syntax',
      '21.3 R21-syntax',
    ]);
  });
});

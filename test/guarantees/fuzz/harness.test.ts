/**
 * The fuzz harness itself can fail: anything but the project's typed error (with a location
 * when one is due) breaks the property.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, VersionError } from '../../../src/errors.js';
import { DEFAULT_FUZZ_RUNS, FUZZ_RUNS, fuzzParams, typedOutcome, typedOutcomeAsync } from '../support/fuzz.js';

describe('fuzz harness', () => {
  it('accepts values and typed errors with a location', () => {
    expect(typedOutcome('1.0', () => 1)).toEqual({ ok: true, value: 1 });
    const out = typedOutcome('x', () => {
      throw new VersionError('invalid version "x"', { location: { file: 'f', line: 1 } });
    });
    expect(out.ok).toBe(false);
  });

  it('fails on any other exception, on a typed error without a location, and on a rejected promise of either', async () => {
    expect(() => typedOutcome('x', () => JSON.parse('{'))).toThrow(/not a WheelhouseError/);
    expect(() => typedOutcome('x', () => (undefined as unknown as { a: () => void }).a())).toThrow(/not a WheelhouseError/);
    expect(() =>
      typedOutcome('x', () => {
        throw 'a string';
      }),
    ).toThrow(/not a WheelhouseError/);
    expect(() =>
      typedOutcome('x', () => {
        throw new ConfigError('no location');
      }),
    ).toThrow(/location/);
    await expect(typedOutcomeAsync('x', () => Promise.reject(new RangeError('r')))).rejects.toThrow(/not a WheelhouseError/);
  });

  it('takes its run count from FUZZ_RUNS (one knob)', () => {
    expect(fuzzParams().numRuns).toBe(FUZZ_RUNS);
    expect(fuzzParams(0.5).numRuns).toBe(Math.round(FUZZ_RUNS * 0.5));
    if (process.env['FUZZ_RUNS'] === undefined) expect(FUZZ_RUNS).toBe(DEFAULT_FUZZ_RUNS);
  });
});

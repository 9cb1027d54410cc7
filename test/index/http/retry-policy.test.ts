/**
 * The retry rules in isolation: which failures and statuses are retried, how Retry-After
 * reads (RFC 9110 §10.2.3: delay-seconds or an HTTP-date in its three forms), and that the
 * backoff grows, stays capped and is jittered.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay, describeFailure, isRetryableStatus, parseRetryAfter } from '../../../src/index/http/retry-policy.js';

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx except 501 and 505', () => {
    expect([408, 429, 500, 502, 503, 504, 520, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 304, 400, 401, 403, 404, 410, 416, 501, 505].some(isRetryableStatus)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Sun, 06 Nov 1994 08:49:30 GMT');
  it('reads seconds and the three HTTP-date forms', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', now)).toBeGreaterThanOrEqual(0);
  });
  it('gives 0 for a past date and undefined for garbage', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, is capped, and jitters within [half, full]', () => {
    expect([1, 2, 3, 4].map((r) => backoffDelay(r, 100, 10_000, () => 1))).toEqual([100, 200, 400, 800]);
    expect([1, 2, 3, 4].map((r) => backoffDelay(r, 100, 10_000, () => 0))).toEqual([50, 100, 200, 400]);
    expect(backoffDelay(20, 100, 1_000, () => 1)).toBe(1_000);
  });
});

describe('describeFailure', () => {
  const err = (code: string, extra: object = {}) => Object.assign(new Error(code), { code }, extra);
  it('retries connection failures and timeouts', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(describeFailure(err(code))).toMatchObject({ retryable: true });
      expect(describeFailure(err(code)).reason).toContain(code);
    }
  });
  it('looks inside undici wrappers and happy-eyeballs aggregates', () => {
    expect(describeFailure(err('UND_ERR_SOCKET', { cause: err('ECONNRESET') })).reason).toContain('ECONNRESET');
    expect(describeFailure(Object.assign(new AggregateError([err('ECONNREFUSED')]), { code: 'ECONNREFUSED' })).retryable).toBe(true);
  });
  it('does not retry TLS verification failures or unknown errors', () => {
    expect(describeFailure(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toMatchObject({ retryable: false, tls: true });
    expect(describeFailure(err('CERT_HAS_EXPIRED')).reason).toContain('TLS certificate verification failed');
    expect(describeFailure(new Error('weird'))).toEqual({ retryable: false, reason: 'weird' });
  });
});

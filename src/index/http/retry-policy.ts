/**
 * When to retry, and how long to wait. Retried: connection failures (refused, reset, DNS
 * hiccups, timeouts, a body cut short) and the statuses a server uses for "try again later"
 * (408, 429, 5xx except 501/505). Not retried: TLS verification failures, other 4xx, bodies
 * that break a limit. Waits grow exponentially with jitter; `Retry-After` (RFC 9110 §10.2.3,
 * seconds or an HTTP date) replaces the backoff, capped.
 */

export interface FailureDescription {
  retryable: boolean;
  /** In words, with the error code: `connection reset by peer (ECONNRESET)`. */
  reason: string;
  /** Set for failures that are about trust, not the network: a hint to give. */
  tls?: boolean;
}

const RETRYABLE_CODES: Record<string, string> = {
  ECONNRESET: 'connection reset by peer',
  ECONNREFUSED: 'connection refused',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection broken (EPIPE)',
  ETIMEDOUT: 'connection timed out',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network down',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host down',
  EAI_AGAIN: 'temporary DNS failure',
  ENOTFOUND: 'host not found',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers before the timeout',
  UND_ERR_BODY_TIMEOUT: 'the body stalled longer than the timeout',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CLOSED: 'the connection closed',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the body did not match its Content-Length',
  HPE_INVALID_CONSTANT: 'the answer is not HTTP/1.1',
  // A body cut short by the server closing a connection the request asked to close.
  HPE_INVALID_EOF_STATE: 'the connection closed before the body ended',
  UND_ERR_PRX_TLS: 'TLS to the proxy failed',
};

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  // Happy-eyeballs connects fail with an AggregateError of one error per address.
  if (Array.isArray(e.errors) && e.errors.length > 0) return codeOf(e.errors[0]) ?? (typeof e.code === 'string' ? e.code : undefined);
  // A socket error is more telling than undici's wrapper of it.
  const inner = e.cause === undefined ? undefined : codeOf(e.cause);
  if (inner !== undefined && RETRYABLE_CODES[inner] !== undefined) return inner;
  if (typeof e.code === 'string') return e.code;
  // undici 7 gives this parser error no code (its constants have no reverse map).
  if (inner === undefined && (e as { name?: unknown }).name === 'HTTPParserError' && /\(Invalid EOF state\)$/.test(String((e as { message?: unknown }).message))) {
    return 'HPE_INVALID_EOF_STATE';
  }
  return inner;
}

/** Describes an error thrown by a request or its body; unknown errors are not retried. */
export function describeFailure(err: unknown): FailureDescription {
  const code = codeOf(err);
  if (code === 'WH_BODY_SHORT') return { retryable: true, reason: (err as Error).message };
  if (code !== undefined && TLS_CODES.has(code)) {
    const msg = err instanceof Error ? err.message : String(err);
    return { retryable: false, reason: `TLS certificate verification failed: ${msg} (${code})`, tls: true };
  }
  if (code !== undefined) {
    const words = RETRYABLE_CODES[code];
    if (words !== undefined) return { retryable: true, reason: `${words} (${code})` };
  }
  const msg = err instanceof Error ? err.message : String(err);
  return { retryable: false, reason: code === undefined ? msg : `${msg} (${code})` };
}

/** 408, 429 and 5xx other than 501 Not Implemented and 505 HTTP Version Not Supported. */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

/**
 * Milliseconds to wait from a `Retry-After` value: delay-seconds or an HTTP-date
 * (RFC 9110 §10.2.3). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP-date names a weekday and a GMT time; Date.parse reads the three RFC 9110 forms.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * The wait before retry number `retry` (1-based): base·2^(retry-1), capped, then "equal
 * jitter" (half fixed, half random) so that many clients do not retry in lockstep.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** The wait before the next attempt after a retryable status. */
export function delayForStatus(
  retry: number,
  retryAfter: string | undefined,
  opts: { retryBaseDelayMs: number; retryMaxDelayMs: number; retryAfterMaxMs: number },
): number {
  const asked = parseRetryAfter(retryAfter);
  if (asked !== undefined) return Math.min(asked, opts.retryAfterMaxMs);
  return backoffDelay(retry, opts.retryBaseDelayMs, opts.retryMaxDelayMs);
}

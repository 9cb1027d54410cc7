/**
 * The options of an `HttpClient`: one small, explicit object. Every field is optional; the
 * defaults follow pip where pip has one (5 retries, 15 s socket timeout) and uv where pip is
 * serial (many connections, bounded per origin).
 */
import { UsageError } from '../../errors.js';
import { defaultUserAgent } from './user-agent.js';
import { LOOPBACK_CONNECTIONS } from './dispatchers.js';

/** Environment variables the client reads (proxies, NETRC, SSL_CERT_FILE). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Reported before each retry (for progress output and for tests). */
export interface RetryEvent {
  /** The URL being fetched, credentials redacted. */
  url: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** How many attempts at most. */
  maxAttempts: number;
  /** What went wrong, in words (e.g. `HTTP 503 Service Unavailable`, `connection reset (ECONNRESET)`). */
  reason: string;
  /** How long the client waits before the next attempt. */
  delayMs: number;
}

export interface HttpClientOptions {
  /** Default `wheelhouse/<version>`. */
  userAgent?: string;
  /** TCP (and TLS) connect timeout. Default 15 000 (pip's `--timeout`). */
  connectTimeoutMs?: number;
  /** Time to wait for the response headers. Default 30 000. */
  headersTimeoutMs?: number;
  /** Longest pause between two chunks of a body (an idle timeout, not a total). Default 30 000. */
  bodyTimeoutMs?: number;
  /** Retries after the first attempt (pip's `--retries`, default 5): at most retries + 1 attempts. */
  retries?: number;
  /** First backoff delay; doubles each retry, with jitter. Default 250. */
  retryBaseDelayMs?: number;
  /** Longest backoff delay. Default 10 000. */
  retryMaxDelayMs?: number;
  /** Longest wait a `Retry-After` header may impose. Default 60 000. */
  retryAfterMaxMs?: number;
  /** Requests in flight at once, over all origins (p-limit). Default 32. */
  concurrency?: number;
  /** Connections kept per origin (scheme, host, port). Default 8. */
  connectionsPerOrigin?: number;
  /** Redirects followed per request. Default 10. */
  maxRedirects?: number;
  /** Largest body (after decoding) of a page or metadata file. Default 64 MiB. */
  maxPageBytes?: number;
  /** Cache folder; default the per-user cache (env-paths `wheelhouse`). */
  cacheDir?: string;
  /** No cache at all (pip's `--no-cache-dir`). */
  noCache?: boolean;
  /** Revalidate every cached page, even a fresh one (uv's `--refresh`). */
  refresh?: boolean;
  /** Extra CA bundle (PEM) trusted in addition to Node's roots (`--cert`). */
  cert?: string;
  /** netrc file; default `$NETRC`, else `~/.netrc`, else `~/_netrc`; `false` disables netrc. */
  netrc?: string | false;
  /** Where proxies, NETRC and SSL_CERT_FILE are read from. Default `process.env`. */
  env?: Environment;
  /** Debug lines (credentials already redacted). */
  log?: (line: string) => void;
  /** Called before each retry. */
  onRetry?: (event: RetryEvent) => void;
}

export interface ResolvedHttpOptions {
  userAgent: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  retryAfterMaxMs: number;
  concurrency: number;
  connectionsPerOrigin: number;
  /** Requests at once to a loopback origin: LOOPBACK_CONNECTIONS, or connectionsPerOrigin when one is given and lower. */
  loopbackConnections: number;
  maxRedirects: number;
  maxPageBytes: number;
  cacheDir: string | undefined;
  noCache: boolean;
  refresh: boolean;
  cert: string | undefined;
  netrc: string | false | undefined;
  env: Environment;
  log: ((line: string) => void) | undefined;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

export const HTTP_DEFAULTS = {
  connectTimeoutMs: 15_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  retries: 5,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 10_000,
  retryAfterMaxMs: 60_000,
  concurrency: 32,
  connectionsPerOrigin: 8,
  maxRedirects: 10,
  maxPageBytes: 64 * 1024 * 1024,
} as const;

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`invalid HTTP option ${name}: ${value}`, {
      text: String(value),
      expected: `an integer of at least ${min}`,
    });
  }
  return value;
}

export function resolveHttpOptions(options: HttpClientOptions = {}): ResolvedHttpOptions {
  const d = HTTP_DEFAULTS;
  return {
    userAgent: options.userAgent ?? defaultUserAgent(),
    connectTimeoutMs: count('connectTimeoutMs', options.connectTimeoutMs, d.connectTimeoutMs, 1),
    headersTimeoutMs: count('headersTimeoutMs', options.headersTimeoutMs, d.headersTimeoutMs, 1),
    bodyTimeoutMs: count('bodyTimeoutMs', options.bodyTimeoutMs, d.bodyTimeoutMs, 1),
    retries: count('retries', options.retries, d.retries, 0),
    retryBaseDelayMs: count('retryBaseDelayMs', options.retryBaseDelayMs, d.retryBaseDelayMs, 0),
    retryMaxDelayMs: count('retryMaxDelayMs', options.retryMaxDelayMs, d.retryMaxDelayMs, 0),
    retryAfterMaxMs: count('retryAfterMaxMs', options.retryAfterMaxMs, d.retryAfterMaxMs, 0),
    concurrency: count('concurrency', options.concurrency, d.concurrency, 1),
    connectionsPerOrigin: count('connectionsPerOrigin', options.connectionsPerOrigin, d.connectionsPerOrigin, 1),
    loopbackConnections: Math.min(LOOPBACK_CONNECTIONS, count('connectionsPerOrigin', options.connectionsPerOrigin, LOOPBACK_CONNECTIONS, 1)),
    maxRedirects: count('maxRedirects', options.maxRedirects, d.maxRedirects, 0),
    maxPageBytes: count('maxPageBytes', options.maxPageBytes, d.maxPageBytes, 1),
    cacheDir: options.cacheDir,
    noCache: options.noCache ?? false,
    refresh: options.refresh ?? false,
    cert: options.cert,
    netrc: options.netrc,
    env: options.env ?? process.env,
    log: options.log,
    onRetry: options.onRetry,
  };
}

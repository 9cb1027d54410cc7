/**
 * The HTTP client of the index: many requests in flight (p-limit over a keep-alive undici
 * Agent with a bounded number of connections per origin), retries with backoff, redirects,
 * credentials, proxies, conditional and range requests, streaming bodies, and file:// URLs
 * and local paths through the same calls. Pages go through the on-disk cache with HTTP
 * revalidation; files are stored by sha256.
 *
 * One client per process (or per test), closed with `close()`. Every method may run
 * concurrently with any other. Do not issue requests from inside a `stream` consumer
 * while holding the stream open: it holds one of the `concurrency` slots.
 *
 * Errors: `NetworkError` (E_NETWORK, exit 3) after the retries; `HttpStatusError` (an
 * IndexError with `.status`) for a 4xx answer; `RangeNotSupportedError` when a server
 * ignores Range; `IndexError` for a hostile or broken answer (too large, longer than
 * promised, undecodable); `HashMismatchError` when a file does not match its hash. All name
 * the URL with credentials redacted.
 */
import { STATUS_CODES } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Dispatcher } from 'undici';
import { IndexError, NetworkError, WheelhouseError } from '../../errors.js';
import { redactCredentials } from '../../util/redact.js';
import { Cache } from '../cache/cache.js';
import { isFresh, isStorable } from '../cache/cache-control.js';
import { resolveCacheDir } from '../cache/cache-dir.js';
import type { StoredContent } from '../cache/content-store.js';
import { ContentStore } from '../cache/content-store.js';
import { checkedBody, collect, decodeContent, type BodyLimits } from './body.js';
import { certificateAuthorities } from './certificates.js';
import { basicAuthorization, CredentialStore, withoutUserinfo } from './credentials.js';
import { destroyQuietly } from './destroy.js';
import { Dispatchers } from './dispatchers.js';
import { HttpStatusError, RangeNotSupportedError } from './errors.js';
import { openLocal, type ByteRange, type RawResponse } from './local-file.js';
import { resolveHttpOptions, type HttpClientOptions, type ResolvedHttpOptions } from './options.js';
import { delayForStatus, describeFailure, isRetryableStatus, backoffDelay } from './retry-policy.js';
import { decodeText } from './text.js';
import { displayUrl, toUrl } from './url.js';

export type { ByteRange } from './local-file.js';

/** What every answer reports besides its body. */
export interface HttpResponseInfo {
  /** The URL asked for, credentials redacted. */
  url: string;
  /** The URL that answered, after redirects, without credentials: the base for relative links. */
  finalUrl: string;
  status: number;
  /** Response headers, lower-cased names. */
  headers: Readonly<Record<string, string>>;
  /** Attempts made (1 when the first succeeded; 0 when served from the cache). */
  attempts: number;
  /** Whether the final request carried credentials (Authorization). */
  credentialsSent: boolean;
}

export interface HttpBytes extends HttpResponseInfo {
  body: Buffer;
}

export interface HttpText extends HttpResponseInfo {
  text: string;
}

export type CacheOutcome =
  /** no cache (disabled, file://, or not storable) */
  | 'none'
  /** fetched and stored */
  | 'stored'
  /** fresh in the cache: no request made */
  | 'fresh'
  /** revalidated: the server answered 304 */
  | 'revalidated';

export interface PageResponse extends HttpBytes {
  cache: CacheOutcome;
}

export interface RangeBytes extends HttpBytes {
  /** Offset of the first byte of `body` in the file. */
  start: number;
  /** Size of the whole file, when the server said (`Content-Range: bytes a-b/size`). */
  totalSize: number | undefined;
}

export interface RequestOptions {
  /** The Accept header. */
  accept?: string;
  /** More request headers. An explicit `authorization` is dropped on a cross-origin redirect. */
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

export interface FetchBytesOptions extends RequestOptions {
  /** Refuse a larger body (after decoding). Default: the client's `maxPageBytes`. */
  maxBytes?: number;
  /** The exact size the body must have: shorter is retried, longer is an error. */
  expectedSize?: number;
  /** Ask for and undo gzip/deflate/br. Default true. */
  decode?: boolean;
  /** Conditional request: a matching ETag gets 304 (returned with an empty body). */
  ifNoneMatch?: string;
  /** Conditional request (an HTTP date): not modified since gets 304. */
  ifModifiedSince?: string;
}

export interface FetchPageOptions extends RequestOptions {
  maxBytes?: number;
  /** Revalidate even when fresh. Default: the client's `refresh`. */
  refresh?: boolean;
}

export interface StreamOptions extends RequestOptions {
  /** The exact size of the body: shorter is retried, longer is an error. */
  expectedSize?: number;
  /** Refuse bodies larger than this. Default: no limit. */
  maxBytes?: number;
}

export interface DownloadOptions {
  /** The sha256 the file must have; when the cache holds it, no request is made. */
  sha256?: string;
  /** The size the file must have. */
  size?: number;
  signal?: AbortSignal;
}

export interface StoredFile extends StoredContent {
  /** True when the file was already in the cache (no request). */
  fromCache: boolean;
}

/** A status that asks to be retried; thrown inside an attempt, caught by the retry loop. */
class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: string | undefined,
  ) {
    super(statusText(status));
  }
}

/** A failure thrown by a stream consumer, not by the network: passed through untouched. */
class ConsumerFailure extends Error {
  constructor(readonly inner: unknown) {
    super('consumer failed');
  }
}

function statusText(status: number): string {
  return `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
}

function normalizeHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function declaredLength(headers: Readonly<Record<string, string>>): number | undefined {
  const v = headers['content-length'];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function discard(body: Readable): Promise<void> {
  const dump = (body as { dump?: (opts: { limit: number }) => Promise<void> }).dump;
  if (typeof dump === 'function') {
    // Reading a small leftover body keeps the connection for the next request.
    await dump.call(body, { limit: 128 * 1024 }).catch(() => undefined);
  } else destroyQuietly(body);
}

function rangeHeader(range: ByteRange): string {
  if ('suffixLength' in range) return `bytes=-${range.suffixLength}`;
  return range.length === undefined ? `bytes=${range.start}-` : `bytes=${range.start}-${range.start + range.length - 1}`;
}

function checkRange(range: ByteRange): void {
  const ok =
    'suffixLength' in range
      ? Number.isSafeInteger(range.suffixLength) && range.suffixLength > 0
      : Number.isSafeInteger(range.start) && range.start >= 0 && (range.length === undefined || (Number.isSafeInteger(range.length) && range.length > 0));
  if (!ok) throw new IndexError(`invalid byte range ${JSON.stringify(range)}`, { text: JSON.stringify(range), expected: 'non-negative start, positive length' });
}

/** `bytes a-b/size` → numbers (size undefined for `*`). */
function parseContentRange(value: string | undefined): { start: number; end: number; size: number | undefined } | undefined {
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec((value ?? '').trim());
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), size: m[3] === '*' ? undefined : Number(m[3]) };
}

type Method = 'GET' | 'HEAD';

interface Request {
  method: Method;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  /** For local files. */
  range?: ByteRange | undefined;
}

export class HttpClient {
  readonly options: ResolvedHttpOptions;
  private readonly limit: LimitFunction;
  private readonly credentials: CredentialStore;
  private dispatchersInstance: Dispatchers | undefined;
  private readonly ca: string[] | undefined;
  private cachePromise: Promise<Cache | undefined> | undefined;
  private tempStore: Promise<ContentStore> | undefined;
  private closed = false;

  constructor(options: HttpClientOptions = {}) {
    this.options = resolveHttpOptions(options);
    this.limit = pLimit(this.options.concurrency);
    this.credentials = new CredentialStore({ netrc: this.options.netrc, env: this.options.env, log: this.options.log });
    // Read now, so that a bad --cert fails when the client is made, not at the first request.
    this.ca = certificateAuthorities(this.options.cert, this.options.env);
  }

  private get dispatchers(): Dispatchers {
    this.dispatchersInstance ??= new Dispatchers(this.options, this.ca);
    return this.dispatchersInstance;
  }

  /** The on-disk cache, or undefined with `noCache`. Opened on first use. */
  cache(): Promise<Cache | undefined> {
    this.cachePromise ??= (async () => {
      const dir = resolveCacheDir(this.options);
      return dir === undefined ? undefined : Cache.open(dir, { log: this.options.log });
    })();
    return this.cachePromise;
  }

  /** Closes every connection and removes temporary downloads (with `noCache`). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dispatchersInstance?.close();
    if (this.tempStore !== undefined) {
      const store = await this.tempStore.catch(() => undefined);
      if (store !== undefined) await rm(store.root, { recursive: true, force: true });
    }
  }

  private log(line: string): void {
    this.options.log?.(redactCredentials(line));
  }

  // ---------------------------------------------------------------- public calls

  /** The whole body, decoded, capped (pages, metadata). 304 when conditional and not modified. */
  async fetchBytes(input: string | URL, options: FetchBytesOptions = {}): Promise<HttpBytes> {
    const url = toUrl(input);
    const decode = options.decode ?? true;
    const headers = this.requestHeaders(options, decode);
    if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch;
    if (options.ifModifiedSince !== undefined) headers['if-modified-since'] = options.ifModifiedSince;
    const maxBytes = options.maxBytes ?? this.options.maxPageBytes;
    const conditional = options.ifNoneMatch !== undefined || options.ifModifiedSince !== undefined;
    return this.run(url, { method: 'GET', headers, signal: options.signal }, async (res, info) => {
      if (res.status === 304 && conditional) {
        await discard(res.body);
        return { ...info, body: Buffer.alloc(0) };
      }
      this.expectStatus(res, info, [200]);
      const raw = await collect(checkedBody(res.body, this.limits(info.url, res.headers, options.expectedSize, maxBytes)));
      const body = decode ? decodeContent(raw, res.headers['content-encoding'], maxBytes, info.url) : raw;
      return { ...info, body };
    });
  }

  /** The body as text, in the charset of its Content-Type (UTF-8 by default), strictly decoded. */
  async fetchText(input: string | URL, options: FetchBytesOptions = {}): Promise<HttpText> {
    const res = await this.fetchBytes(input, options);
    const { body, ...info } = res;
    return { ...info, text: decodeText(body, res.headers['content-type'], res.url) };
  }

  /**
   * A page through the cache: fresh → no request; stale or `refresh` → conditional request
   * (304 → the stored body); otherwise fetched and stored when the headers allow. Keyed by the
   * URL (no credentials) and `accept`. file:// pages are never cached.
   */
  async fetchPage(input: string | URL, options: FetchPageOptions = {}): Promise<PageResponse> {
    const url = toUrl(input);
    const cache = url.protocol === 'file:' ? undefined : await this.cache();
    const { refresh: refreshOption, ...requestOptions } = options;
    const fetchOptions: FetchBytesOptions = { ...requestOptions };
    if (cache === undefined) return { ...(await this.fetchBytes(url, fetchOptions)), cache: 'none' };
    const accept = options.accept ?? '*/*';
    const key = url.href;
    const entry = await cache.pages.get(key, accept);
    const refresh = refreshOption ?? this.options.refresh;
    if (entry !== undefined && !refresh && isFresh(entry.headers, entry.storedAt)) {
      this.log(`cache: fresh ${displayUrl(url)}`);
      return { url: displayUrl(url), finalUrl: entry.finalUrl, status: 200, headers: entry.headers, attempts: 0, credentialsSent: false, body: entry.body, cache: 'fresh' };
    }
    if (entry !== undefined) {
      if (entry.headers['etag'] !== undefined) fetchOptions.ifNoneMatch = entry.headers['etag'];
      if (entry.headers['last-modified'] !== undefined) fetchOptions.ifModifiedSince = entry.headers['last-modified'];
    }
    const res = await this.fetchBytes(url, fetchOptions);
    if (res.status === 304 && entry !== undefined) {
      const refreshed = await cache.pages.refresh(entry, res.headers);
      return { ...res, status: 200, finalUrl: refreshed.finalUrl, headers: refreshed.headers, body: refreshed.body, cache: 'revalidated' };
    }
    if (res.status === 304) {
      // A 304 without an entry: the server ignored that we sent no validator. Ask plainly.
      return { ...(await this.fetchBytes(url, requestOptions)), cache: 'none' };
    }
    if (!isStorable(res.headers)) {
      if (entry !== undefined) await cache.pages.delete(key, accept);
      return { ...res, cache: 'none' };
    }
    const headers = { ...res.headers };
    // The stored body is decoded: its encoding no longer applies.
    delete headers['content-encoding'];
    await cache.pages.put({ url: key, finalUrl: res.finalUrl, accept, headers, body: res.body });
    return { ...res, cache: 'stored' };
  }

  /**
   * Bytes `range` of a file. 206 only: a server that answers 200 (ignoring Range) gets
   * RangeNotSupportedError (its body unread); 416 is an HttpStatusError whose headers
   * carry `content-range: bytes *\/size`.
   */
  async fetchRange(input: string | URL, range: ByteRange, options: RequestOptions = {}): Promise<RangeBytes> {
    checkRange(range);
    const url = toUrl(input);
    const headers = this.requestHeaders(options, false);
    headers['range'] = rangeHeader(range);
    return this.run(url, { method: 'GET', headers, signal: options.signal, range }, async (res, info) => {
      if (res.status === 200) {
        destroyQuietly(res.body);
        throw new RangeNotSupportedError(info.url, declaredLength(res.headers), 'the server answered 200 with the whole file');
      }
      this.expectStatus(res, info, [206]);
      const cr = parseContentRange(res.headers['content-range']);
      if (cr === undefined || cr.end < cr.start) {
        destroyQuietly(res.body);
        throw new IndexError(`${info.url} answered a range request without a usable Content-Range`, {
          location: { url: info.url },
          text: res.headers['content-range'] ?? '(none)',
          expected: 'Content-Range: bytes first-last/size',
        });
      }
      const wantStart = 'suffixLength' in range ? (cr.size === undefined ? cr.start : Math.max(0, cr.size - range.suffixLength)) : range.start;
      const maxLength = 'suffixLength' in range ? range.suffixLength : (range.length ?? Infinity);
      const length = cr.end - cr.start + 1;
      if (cr.start !== wantStart || length > maxLength) {
        destroyQuietly(res.body);
        throw new IndexError(`${info.url} answered another range than the one asked for`, {
          location: { url: info.url },
          text: `Content-Range: ${res.headers['content-range']}`,
          expected: `bytes ${rangeHeader(range).slice(6)}`,
        });
      }
      const body = await collect(checkedBody(res.body, this.limits(info.url, res.headers, length, length)));
      return { ...info, body, start: cr.start, totalSize: cr.size };
    });
  }

  /** Status and headers only (HEAD). */
  async head(input: string | URL, options: RequestOptions = {}): Promise<HttpResponseInfo> {
    const url = toUrl(input);
    return this.run(url, { method: 'HEAD', headers: this.requestHeaders(options, false), signal: options.signal }, async (res, info) => {
      this.expectStatus(res, info, [200]);
      await discard(res.body);
      return info;
    });
  }

  /**
   * Streams a body (never decoded: files are stored as served) to `consume`. When the body
   * fails in a way worth retrying (reset, stall, cut short), `consume`'s promise is left
   * to reject and `consume` is called again with a fresh body from the start, so it must
   * restart cleanly (e.g. truncate its output). An error `consume` throws on its own is
   * passed through unchanged. A body never ends normally unless it is complete.
   */
  async stream<T>(
    input: string | URL,
    options: StreamOptions,
    consume: (body: AsyncIterable<Buffer>, response: HttpResponseInfo) => Promise<T>,
  ): Promise<T> {
    const url = toUrl(input);
    return this.run(url, { method: 'GET', headers: this.requestHeaders(options, false), signal: options.signal }, async (res, info) => {
      this.expectStatus(res, info, [200]);
      const failure: { error?: unknown } = {};
      const body = checkedBody(res.body, this.limits(info.url, res.headers, options.expectedSize, options.maxBytes), failure);
      try {
        return await consume(body, info);
      } catch (err) {
        if (failure.error !== undefined) throw failure.error;
        throw new ConsumerFailure(err);
      } finally {
        await body.return(undefined);
      }
    });
  }

  /**
   * A file in the content store (the cache, or a temporary store with `noCache`), verified
   * against `sha256`/`size` while it streams. With a known sha256 already stored, no request.
   */
  async downloadFile(input: string | URL, options: DownloadOptions = {}): Promise<StoredFile> {
    const url = toUrl(input);
    const store = await this.contentStore();
    if (options.sha256 !== undefined) {
      const have = await store.open(options.sha256);
      if (have !== undefined && (options.size === undefined || have.size === options.size)) return { ...have, fromCache: true };
    }
    const label = displayUrl(url);
    const stored = await this.stream(url, { ...(options.size === undefined ? {} : { expectedSize: options.size }), ...(options.signal ? { signal: options.signal } : {}) }, (body) =>
      store.putStream(body, { sha256: options.sha256, size: options.size, label }),
    );
    return { ...stored, fromCache: false };
  }

  private async contentStore(): Promise<ContentStore> {
    const cache = await this.cache();
    if (cache !== undefined) return cache.content;
    this.tempStore ??= mkdtemp(path.join(os.tmpdir(), 'wheelhouse-download-')).then((dir) => new ContentStore(dir, { log: this.options.log }));
    return this.tempStore;
  }

  // ---------------------------------------------------------------- internals

  private requestHeaders(options: RequestOptions, decode: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent };
    // Files are stored exactly as served; only pages may be compressed in transit.
    headers['accept-encoding'] = decode ? 'gzip, deflate, br' : 'identity';
    if (options.accept !== undefined) headers['accept'] = options.accept;
    for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
    return headers;
  }

  private limits(url: string, headers: Readonly<Record<string, string>>, expectedSize: number | undefined, maxBytes: number | undefined): BodyLimits {
    // A compressed body's Content-Length is of the compressed bytes; expectedSize is of the file.
    const encoded = (headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity';
    return { url, declaredLength: declaredLength(headers), expectedSize: encoded ? undefined : expectedSize, maxBytes };
  }

  /** Throws HttpStatusError for a status outside `ok` (retryable statuses never get here). */
  private expectStatus(res: RawResponse, info: HttpResponseInfo, ok: number[]): void {
    if (ok.includes(res.status)) return;
    destroyQuietly(res.body);
    const status = res.status;
    let hint: string | undefined;
    if (status === 401 || status === 403) {
      hint = info.credentialsSent
        ? `the credentials sent to ${new URL(info.finalUrl).host} were refused`
        : `the server wants credentials: give them in the URL (https://user:password@host/...) or in ~/.netrc`;
    }
    throw new HttpStatusError(`${statusText(status)} for ${info.url}`, status, info.url, res.headers, hint === undefined ? {} : { hint });
  }

  /**
   * One request with retries: each attempt (redirects included) takes a concurrency slot;
   * the waits between attempts do not.
   */
  private async run<T>(url: URL, request: Request, handle: (res: RawResponse, info: HttpResponseInfo) => Promise<T>): Promise<T> {
    if (this.closed) throw new IndexError(`the HTTP client is closed (fetching ${displayUrl(url)})`, { location: { url: url.href } });
    const shown = displayUrl(url);
    if (url.protocol === 'file:') {
      const res = await openLocal(url, request.method, request.range);
      const info: HttpResponseInfo = { url: shown, finalUrl: res.url.href, status: res.status, headers: res.headers, attempts: 1, credentialsSent: false };
      try {
        return await handle(res, info);
      } catch (err) {
        throw err instanceof ConsumerFailure ? err.inner : err;
      }
    }
    const maxAttempts = this.options.retries + 1;
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let delayMs: number;
      try {
        return await this.limit(() => this.attempt(url, request, attempt, handle));
      } catch (err) {
        if (request.signal?.aborted) throw request.signal.reason ?? err;
        if (err instanceof ConsumerFailure) throw err.inner;
        if (err instanceof RetryableStatus) {
          reason = err.message;
          if (attempt >= maxAttempts) throw this.networkError(shown, reason, attempt);
          delayMs = delayForStatus(attempt, err.retryAfter, this.options);
        } else {
          if (err instanceof WheelhouseError) throw err;
          const failure = describeFailure(err);
          reason = redactCredentials(failure.reason);
          if (!failure.retryable || attempt >= maxAttempts) {
            throw this.networkError(shown, reason, attempt, err, failure.tls);
          }
          delayMs = backoffDelay(attempt, this.options.retryBaseDelayMs, this.options.retryMaxDelayMs);
        }
      }
      this.log(`retry ${attempt}/${maxAttempts - 1} of ${shown} in ${delayMs} ms: ${reason}`);
      this.options.onRetry?.({ url: shown, attempt, maxAttempts, reason, delayMs });
      await sleep(delayMs, undefined, request.signal ? { signal: request.signal } : undefined);
    }
  }

  private networkError(url: string, reason: string, attempts: number, cause?: unknown, tls?: boolean): NetworkError {
    const tries = attempts === 1 ? '' : ` (after ${attempts} attempts)`;
    return new NetworkError(`cannot fetch ${url}: ${reason}${tries}`, {
      location: { url },
      ...(cause === undefined ? {} : { cause }),
      hint: tls
        ? 'trust the server certificate with --cert FILE or SSL_CERT_FILE (a PEM bundle)'
        : 'check the network and proxy settings (HTTPS_PROXY, NO_PROXY), or raise --retries / --timeout',
    });
  }

  /** One attempt: the request and its redirects, then `handle` on the final answer. */
  private async attempt<T>(start: URL, request: Request, attempt: number, handle: (res: RawResponse, info: HttpResponseInfo) => Promise<T>): Promise<T> {
    let target = start;
    let method = request.method;
    for (let hop = 0; ; hop++) {
      const url = withoutUserinfo(target);
      const headers = { ...request.headers };
      // An Authorization the caller set belongs to the first origin only.
      if (url.origin !== start.origin) delete headers['authorization'];
      let sentCredentials = headers['authorization'] !== undefined;
      if (!sentCredentials) {
        const creds = this.credentials.forUrl(target);
        if (creds !== undefined) {
          headers['authorization'] = basicAuthorization(creds);
          sentCredentials = true;
        }
      }
      const dispatcher: Dispatcher = this.dispatchers.forUrl(url);
      const res = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        signal: request.signal,
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
      });
      const resHeaders = normalizeHeaders(res.headers as Record<string, string | string[] | undefined>);
      this.log(`${method} ${url.href} -> ${res.statusCode}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
      const location = resHeaders['location'];
      if (REDIRECTS.has(res.statusCode) && location !== undefined) {
        await discard(res.body);
        if (hop >= this.options.maxRedirects) {
          throw new IndexError(`too many redirects fetching ${displayUrl(start)}`, {
            location: { url: start.href },
            text: `${hop + 1} redirects, the last to ${redactCredentials(location)}`,
            expected: `at most ${this.options.maxRedirects} redirects`,
          });
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch (err) {
          throw new IndexError(`${displayUrl(url)} redirects to an invalid URL`, { location: { url: url.href }, text: location, expected: 'a URL', cause: err });
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new IndexError(`${displayUrl(url)} redirects to a ${next.protocol} URL`, { location: { url: url.href }, text: location, expected: 'an http or https URL' });
        }
        // 303 See Other means: GET the other resource (RFC 9110 §15.4.4).
        if (res.statusCode === 303 && method !== 'HEAD') method = 'GET';
        target = next;
        continue;
      }
      if (isRetryableStatus(res.statusCode)) {
        await discard(res.body);
        throw new RetryableStatus(res.statusCode, resHeaders['retry-after']);
      }
      const info: HttpResponseInfo = {
        url: displayUrl(start),
        finalUrl: url.href,
        status: res.statusCode,
        headers: resHeaders,
        attempts: attempt,
        credentialsSent: sentCredentials,
      };
      const raw: RawResponse = { status: res.statusCode, headers: resHeaders, body: res.body, url };
      return handle(raw, info);
    }
  }
}

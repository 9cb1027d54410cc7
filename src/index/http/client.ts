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
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import { IndexError, NetworkError, WheelhouseError } from '../../errors.js';
import { redactCredentials } from '../../util/redact.js';
import { Cache } from '../cache/cache.js';
import { resolveCacheDir } from '../cache/cache-dir.js';
import { ContentStore } from '../cache/content-store.js';
import { checkedBody, collect, decodeContent, type BodyLimits } from './body.js';
import { checkRange, parseContentRange, rangeHeader, type ByteRange } from './byte-range.js';
import { certificateAuthorities } from './certificates.js';
import { CredentialStore } from './credentials.js';
import { destroyQuietly } from './destroy.js';
import { Dispatchers } from './dispatchers.js';
import { HttpStatusError, RangeNotSupportedError } from './errors.js';
import { openLocal, type RawResponse } from './local-file.js';
import { resolveHttpOptions, type HttpClientOptions, type ResolvedHttpOptions } from './options.js';
import { fetchThroughCache } from './page-fetch.js';
import { backoffDelay, delayForStatus, describeFailure } from './retry-policy.js';
import { resumableBody, type ResumeHooks } from './resumable-body.js';
import { discard, RetryableStatus, send, statusText, type OutgoingRequest, type SendContext } from './send.js';
import { decodeBodyText } from './text.js';
import type {
  DownloadOptions,
  FetchBytesOptions,
  FetchPageOptions,
  HttpBytes,
  HttpResponseInfo,
  HttpText,
  PageResponse,
  RangeBytes,
  RequestOptions,
  StoredFile,
  StreamOptions,
} from './types.js';
import { displayUrl, locationToUrl } from './url.js';

/** A failure thrown by a stream consumer, not by the network: passed through untouched. */
class ConsumerFailure extends Error {
  constructor(readonly inner: unknown) {
    super('consumer failed');
  }
}

interface Request extends OutgoingRequest {
  /** For local files (remote ranges are a header). */
  range?: ByteRange | undefined;
}

function declaredLength(headers: Readonly<Record<string, string>>): number | undefined {
  const v = headers['content-length'];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
}

export class HttpClient {
  readonly options: ResolvedHttpOptions;
  private readonly limit: LimitFunction;
  /**
   * Per loopback origin, `loopbackConnections` requests at once (the size of its pool, see
   * dispatchers.ts): the others wait here, not holding a slot of the client-wide limit.
   */
  private readonly originLimits = new Map<string, LimitFunction>();
  private readonly credentials: CredentialStore;
  private dispatchersInstance: Dispatchers | undefined;
  private caList: string[] | undefined | null = null;
  private cachePromise: Promise<Cache | undefined> | undefined;
  private tempStore: Promise<ContentStore> | undefined;
  /** Page stores in progress, by Accept and URL. */
  private readonly pageWrites = new Map<string, Promise<void>>();
  /** Work off the critical path (cache writes) that `close()` waits for. */
  private readonly deferred = new Set<Promise<void>>();
  private closed = false;

  constructor(options: HttpClientOptions = {}) {
    this.options = resolveHttpOptions(options);
    this.limit = pLimit(this.options.concurrency);
    this.credentials = new CredentialStore({ netrc: this.options.netrc, env: this.options.env, log: this.options.log });
    // A missing or empty --cert fails when the client is made; each certificate is parsed
    // when TLS is first needed (tens of milliseconds for a system bundle).
    certificateAuthorities(this.options.cert, this.options.env, false);
  }

  /** The trusted CAs, read and checked once (a UsageError names a bad certificate). */
  private certificates(): string[] | undefined {
    if (this.caList === null) this.caList = certificateAuthorities(this.options.cert, this.options.env);
    return this.caList;
  }

  private get dispatchers(): Dispatchers {
    this.dispatchersInstance ??= new Dispatchers(this.options, () => this.certificates());
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
    while (this.deferred.size > 0) await Promise.all([...this.deferred]);
    await this.dispatchersInstance?.close();
    if (this.tempStore !== undefined) {
      const store = await this.tempStore.catch(() => undefined);
      if (store !== undefined) await rm(store.root, { recursive: true, force: true });
    }
  }

  /**
   * Runs `work` without anyone waiting for it (a cache write whose result nobody needs);
   * `close()` waits for it. A failure goes to `onError` (default: the log), never further.
   */
  defer(work: Promise<unknown>, onError: (err: unknown) => void = (err) => this.log(`deferred work failed: ${(err as Error).message ?? String(err)}`)): void {
    const p: Promise<void> = work.then(
      () => undefined,
      (err: unknown) => {
        try {
          onError(err);
        } catch {
          // a failing error handler must not make the rejection unhandled
        }
      },
    );
    this.deferred.add(p);
    void p.finally(() => this.deferred.delete(p));
  }

  private log(line: string): void {
    this.options.log?.(redactCredentials(line));
  }

  // ---------------------------------------------------------------- public calls

  /** The whole body, decoded, capped (pages, metadata). 304 when conditional and not modified. */
  async fetchBytes(input: string | URL, options: FetchBytesOptions = {}): Promise<HttpBytes> {
    const url = locationToUrl(input);
    const decode = options.decode ?? true;
    const headers = this.requestHeaders(options, decode);
    if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch;
    if (options.ifModifiedSince !== undefined) headers['if-modified-since'] = options.ifModifiedSince;
    const maxBytes = options.maxBytes ?? this.options.maxPageBytes;
    const conditional = options.ifNoneMatch !== undefined || options.ifModifiedSince !== undefined;
    return this.run(url, { method: 'GET', headers, signal: options.signal, small: true }, async (res, info) => {
      if (res.status === 304 && conditional) {
        await discard(res.body);
        return { ...info, body: Buffer.alloc(0) };
      }
      // A small error body (a 404 of a project an index lacks) is read, so that its connection is kept.
      if (res.status !== 200) await discard(res.body);
      this.expectStatus(res, info, [200]);
      const limits = this.limits(info.url, res.headers, options.expectedSize, maxBytes);
      const raw = await collect(checkedBody(res.body, limits), presizeFor(limits));
      const body = decode ? decodeContent(raw, res.headers['content-encoding'], maxBytes, info.url) : raw;
      if (options.expectedSize !== undefined && body.length !== options.expectedSize) {
        // Only a compressed body gets here with another size: its integrity was checked by decoding.
        throw new IndexError(`${info.url} does not have the expected size once decoded`, {
          location: { url: info.url },
          text: `${body.length} bytes`,
          expected: `${options.expectedSize} bytes`,
        });
      }
      return { ...info, body };
    });
  }

  /** The body as text, in the charset of its Content-Type (UTF-8 by default), strictly decoded. */
  async fetchText(input: string | URL, options: FetchBytesOptions = {}): Promise<HttpText> {
    const res = await this.fetchBytes(input, options);
    const { body, ...info } = res;
    return { ...info, text: decodeBodyText(body, res.headers['content-type'], res.url) };
  }

  /**
   * A page through the cache: fresh → no request; stale or `refresh` → conditional request
   * (304 → the stored body); otherwise fetched and stored when the headers allow. Keyed by the
   * URL (no credentials) and `accept`. file:// pages are never cached.
   */
  async fetchPage(input: string | URL, options: FetchPageOptions = {}): Promise<PageResponse> {
    const url = locationToUrl(input);
    const cache = url.protocol === 'file:' ? undefined : await this.cache();
    const { refresh, deferStore, ...request } = options;
    if (cache === undefined) return { ...(await this.fetchBytes(url, request)), cache: 'none' };
    // A store still being written is waited for: this client reads its own writes.
    const key = `${request.accept ?? '*/*'}\n${url.href}`;
    await this.pageWrites.get(key);
    const defer = (write: Promise<unknown>): void => {
      const settled = write.then(
        () => undefined,
        () => undefined,
      );
      this.pageWrites.set(key, settled);
      void settled.then(() => {
        if (this.pageWrites.get(key) === settled) this.pageWrites.delete(key);
      });
      this.defer(write, (err) => this.log(`cache: could not store ${displayUrl(url)}: ${(err as Error).message ?? String(err)}`));
    };
    return fetchThroughCache((o) => this.fetchBytes(url, o), cache.pages, url, request, refresh ?? this.options.refresh, (l) => this.log(l), deferStore ? defer : undefined);
  }

  /**
   * Bytes `range` of a file. 206 only: a server that answers 200 (ignoring Range) gets
   * RangeNotSupportedError (its body unread); 416 is an HttpStatusError whose headers
   * carry `content-range: bytes *\/size`.
   */
  async fetchRange(input: string | URL, range: ByteRange, options: RequestOptions = {}): Promise<RangeBytes> {
    checkRange(range);
    const url = locationToUrl(input);
    const headers = this.requestHeaders(options, false);
    headers['range'] = rangeHeader(range);
    return this.run(url, { method: 'GET', headers, signal: options.signal, range, small: true }, async (res, info) => {
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
    const url = locationToUrl(input);
    return this.run(url, { method: 'HEAD', headers: this.requestHeaders(options, false), signal: options.signal, small: true }, async (res, info) => {
      this.expectStatus(res, info, [200]);
      await discard(res.body);
      return info;
    });
  }

  /**
   * Streams a body (never decoded: files are stored as served) to `consume`. When the body
   * fails in a way worth retrying (reset, stall, cut short), the rest is fetched with a
   * range request and the body simply continues (when the size is known and the server
   * gave a validator); otherwise `consume`'s promise is left to reject and `consume` is
   * called again with a fresh body from the start, so it must restart cleanly (e.g.
   * truncate its output). An error `consume` throws on its own is passed through
   * unchanged. A body never ends normally unless it is complete.
   */
  async stream<T>(
    input: string | URL,
    options: StreamOptions,
    consume: (body: AsyncIterable<Buffer>, response: HttpResponseInfo) => Promise<T>,
  ): Promise<T> {
    const url = locationToUrl(input);
    const startAt = options.startAt ?? 0;
    if (startAt > 0) return this.streamFrom(url, startAt, options, consume);
    const request: OutgoingRequest = { method: 'GET', headers: this.requestHeaders(options, false), signal: options.signal };
    return this.run(url, request, async (res, info) => {
      this.expectStatus(res, info, [200]);
      const failure: { error?: unknown } = {};
      const limits = this.limits(info.url, res.headers, options.expectedSize, options.maxBytes);
      const body = resumableBody(res, limits, this.resumeHooks(url, request, info.attempts), failure);
      return consumeBody(body, failure, info, consume);
    });
  }

  /** `stream` from byte `startAt`: a 206 continues there, a 200 is the whole file (see StreamOptions.startAt). */
  private async streamFrom<T>(
    url: URL,
    startAt: number,
    options: StreamOptions,
    consume: (body: AsyncIterable<Buffer>, response: HttpResponseInfo) => Promise<T>,
  ): Promise<T> {
    checkRange({ start: startAt });
    const headers = this.requestHeaders(options, false);
    headers['range'] = rangeHeader({ start: startAt });
    const request: Request = { method: 'GET', headers, signal: options.signal, range: { start: startAt } };
    return this.run(url, request, async (res, info) => {
      this.expectStatus(res, info, [200, 206]);
      let expectedSize = options.expectedSize;
      if (res.status === 206) {
        const cr = parseContentRange(res.headers['content-range']);
        if (cr === undefined || cr.start !== startAt || (cr.size !== undefined && expectedSize !== undefined && cr.size !== expectedSize)) {
          destroyQuietly(res.body);
          throw new IndexError(`${info.url} answered another range than the one asked for`, {
            location: { url: info.url },
            text: `Content-Range: ${res.headers['content-range'] ?? '(none)'}`,
            expected: `bytes ${startAt}-…${expectedSize === undefined ? '' : `/${expectedSize}`}`,
          });
        }
        const total = expectedSize ?? cr.size;
        expectedSize = total === undefined ? undefined : total - startAt;
      }
      const failure: { error?: unknown } = {};
      const body = checkedBody(res.body, this.limits(info.url, res.headers, expectedSize, options.maxBytes), failure);
      return consumeBody(body, failure, info, consume);
    });
  }

  /**
   * A file in the content store (the cache, or a temporary store with `noCache`), verified
   * against `sha256`/`size` while it streams. With a known sha256 already stored, no request.
   */
  async downloadFile(input: string | URL, options: DownloadOptions = {}): Promise<StoredFile> {
    const url = locationToUrl(input);
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

  private resumeHooks(url: URL, request: OutgoingRequest, attempt: number): ResumeHooks {
    return {
      maxResumes: this.options.retries,
      log: (line) => this.log(`${displayUrl(url)}: ${line}`),
      backoff: (resume) => sleep(backoffDelay(resume, this.options.retryBaseDelayMs, this.options.retryMaxDelayMs), undefined, request.signal ? { signal: request.signal } : undefined),
      fetchFrom: async (offset, validator) => {
        const headers = { ...request.headers, range: `bytes=${offset}-`, 'if-range': validator };
        try {
          const { res } = await send(this.sendContext(), url, { ...request, headers }, attempt);
          return res;
        } catch {
          return undefined;
        }
      },
    };
  }

  private sendContext(): SendContext {
    return { options: this.options, dispatchers: this.dispatchers, credentials: this.credentials, log: (l) => this.log(l) };
  }

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
      // Local reads share the slots too: thousands of find-links files must not exhaust file handles.
      return this.limit(async () => {
        const res = await openLocal(url, request.method, request.range);
        const info: HttpResponseInfo = { url: shown, finalUrl: res.url.href, status: res.status, headers: res.headers, attempts: 1, credentialsSent: false };
        try {
          return await handle(res, info);
        } catch (err) {
          throw err instanceof ConsumerFailure ? err.inner : err;
        }
      });
    }
    // A bad certificate in --cert or SSL_CERT_FILE is a usage error, before any TLS connection.
    if (url.protocol === 'https:' || this.dispatchers.proxyFor(url) !== undefined) this.certificates();
    const maxAttempts = this.options.retries + 1;
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let delayMs: number;
      try {
        const go = (): Promise<T> => this.limit(() => this.attempt(url, request, attempt, handle));
        const perOrigin = this.originLimit(url);
        return await (perOrigin === undefined ? go() : perOrigin(go));
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

  private originLimit(url: URL): LimitFunction | undefined {
    if (!this.dispatchers.isLoopbackDirect(url)) return undefined;
    let limit = this.originLimits.get(url.origin);
    if (limit === undefined) {
      limit = pLimit(this.options.loopbackConnections);
      this.originLimits.set(url.origin, limit);
    }
    return limit;
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
    const { res, info } = await send(this.sendContext(), start, request, attempt);
    return handle(res, info);
  }
}

/**
 * Hands a checked body to its consumer: the body's own failure (a limit, a lost
 * connection) wins over what the consumer threw; the consumer's own error is wrapped so
 * it is passed through untouched, never retried as a network error. The body is closed either way.
 */
async function consumeBody<T>(
  body: AsyncGenerator<Buffer, void, undefined>,
  failure: { error?: unknown },
  info: HttpResponseInfo,
  consume: (body: AsyncIterable<Buffer>, response: HttpResponseInfo) => Promise<T>,
): Promise<T> {
  try {
    return await consume(body, info);
  } catch (err) {
    if (failure.error !== undefined) throw failure.error;
    throw new ConsumerFailure(err);
  } finally {
    await body.return(undefined);
  }
}

/** The size to allocate a body's buffer at before reading: only one the limits allow (a hostile Content-Length must not allocate gigabytes). */
function presizeFor(limits: BodyLimits): number | undefined {
  const size = limits.expectedSize ?? limits.declaredLength;
  if (size === undefined || limits.maxBytes === undefined || size > limits.maxBytes) return undefined;
  return size;
}

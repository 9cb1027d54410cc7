/**
 * One attempt at a request: send it, follow redirects (bounded), attach credentials for
 * each hop's origin, and stop at the first answer that is not a redirect. A status worth
 * retrying is thrown as `RetryableStatus` for the retry loop (client.ts).
 *
 * Credentials never cross origins: an Authorization the caller set is dropped when a
 * redirect leaves the first origin, and each hop gets only what the credential store holds
 * for its own origin (or netrc for its own host).
 */
import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import { IndexError } from '../../errors.js';
import { redactCredentials } from '../../util/redact.js';
import { basicAuthorization, type CredentialStore, withoutUserinfo } from './credentials.js';
import { destroyQuietly } from './destroy.js';
import type { Dispatchers } from './dispatchers.js';
import type { RawResponse } from './local-file.js';
import type { ResolvedHttpOptions } from './options.js';
import { isRetryableStatus } from './retry-policy.js';
import type { HttpResponseInfo } from './types.js';
import { displayUrl } from './url.js';

export type Method = 'GET' | 'HEAD';

export interface OutgoingRequest {
  method: Method;
  /** Lower-cased names. */
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  /**
   * A small answer read at once into memory (a page, metadata, a range): to a loopback
   * origin it goes on a connection of its own (dispatchers.ts). Streamed files keep
   * keep-alive connections: a body read more slowly than it arrives must not meet the
   * server closing the connection.
   */
  small?: boolean;
}

export interface SendContext {
  options: ResolvedHttpOptions;
  dispatchers: Dispatchers;
  credentials: CredentialStore;
  log: (line: string) => void;
}

/** A status that asks to be retried (408, 429, 5xx); thrown inside an attempt. */
export class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: string | undefined,
  ) {
    super(statusText(status));
  }
}

export function statusText(status: number): string {
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

/** Drops a body nobody needs; a small one is read so that its connection can be reused. */
export async function discard(body: Readable): Promise<void> {
  const dump = (body as { dump?: (opts: { limit: number }) => Promise<void> }).dump;
  if (typeof dump === 'function') await dump.call(body, { limit: 128 * 1024 }).catch(() => undefined);
  else destroyQuietly(body);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** How much of a small answer undici buffers before it would pause its parser. */
const SMALL_BODY_BUFFER = 64 * 1024 * 1024;

function nextLocation(location: string, from: URL): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch (err) {
    throw new IndexError(`${displayUrl(from)} redirects to an invalid URL`, { location: { url: from.href }, text: location, expected: 'a URL', cause: err });
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new IndexError(`${displayUrl(from)} redirects to a ${next.protocol} URL`, { location: { url: from.href }, text: location, expected: 'an http or https URL' });
  }
  return next;
}

/** The request headers for one hop, with the credentials that hop may carry. */
function hopHeaders(ctx: SendContext, request: OutgoingRequest, start: URL, target: URL): { headers: Record<string, string>; credentialsSent: boolean } {
  const headers = { ...request.headers };
  if (target.origin !== start.origin) delete headers['authorization'];
  if (headers['authorization'] === undefined) {
    const creds = ctx.credentials.forUrl(target);
    if (creds !== undefined) headers['authorization'] = basicAuthorization(creds);
  }
  return { headers, credentialsSent: headers['authorization'] !== undefined };
}

/** Sends `request` to `start` (which may carry userinfo), following redirects. */
export async function send(ctx: SendContext, start: URL, request: OutgoingRequest, attempt: number): Promise<{ res: RawResponse; info: HttpResponseInfo }> {
  let target = start;
  let method = request.method;
  for (let hop = 0; ; hop++) {
    const url = withoutUserinfo(target);
    const { headers, credentialsSent } = hopHeaders(ctx, request, start, target);
    // Loopback: a new connection while the gate has room, else a kept one (dispatchers.ts).
    const fresh = request.small === true && ctx.dispatchers.freshConnection(url);
    const res = await (fresh ? ctx.dispatchers.fresh : ctx.dispatchers.forUrl(url)).request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method,
      headers,
      // A connection closed by the server after its answer must not meet a paused parser
      // (undici then reports "other side closed"): a small answer is read into memory
      // anyway, so it is never held back by backpressure.
      ...(request.small === true && ctx.dispatchers.isLoopbackDirect(url) ? { highWaterMark: SMALL_BODY_BUFFER } : {}),
      ...(fresh ? { reset: true } : {}),
      signal: request.signal,
      headersTimeout: ctx.options.headersTimeoutMs,
      bodyTimeout: ctx.options.bodyTimeoutMs,
    });
    const resHeaders = normalizeHeaders(res.headers as Record<string, string | string[] | undefined>);
    ctx.log(`${method} ${url.href} -> ${res.statusCode}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
    const location = resHeaders['location'];
    if (REDIRECTS.has(res.statusCode) && location !== undefined) {
      await discard(res.body);
      if (hop >= ctx.options.maxRedirects) {
        throw new IndexError(`too many redirects fetching ${displayUrl(start)}`, {
          location: { url: start.href },
          text: `${hop + 1} redirects, the last to ${redactCredentials(location)}`,
          expected: `at most ${ctx.options.maxRedirects} redirects`,
        });
      }
      target = nextLocation(location, url);
      // 303 See Other means: GET the other resource (RFC 9110 §15.4.4).
      if (res.statusCode === 303 && method !== 'HEAD') method = 'GET';
      continue;
    }
    if (isRetryableStatus(res.statusCode)) {
      await discard(res.body);
      throw new RetryableStatus(res.statusCode, resHeaders['retry-after']);
    }
    return {
      res: { status: res.statusCode, headers: resHeaders, body: res.body, url },
      info: { url: displayUrl(start), finalUrl: url.href, status: res.statusCode, headers: resHeaders, attempts: attempt, credentialsSent },
    };
  }
}

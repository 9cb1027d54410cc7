/**
 * The shapes the HTTP client answers with and the options its calls take.
 */
import type { StoredContent } from '../cache/content-store.js';

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
  /**
   * Return as soon as the answer is known and store it in the background (this client
   * still reads its own write; `close()` waits for it). Default false: stored on return.
   */
  deferStore?: boolean;
}

export interface StreamOptions extends RequestOptions {
  /** The exact size of the body: shorter is retried, longer is an error. */
  expectedSize?: number;
  /** Refuse bodies larger than this. Default: no limit. */
  maxBytes?: number;
  /**
   * Continue a file from this byte (`Range: bytes=N-`), e.g. a partial download left by an
   * interrupted run. The consumer sees `response.status`: 206 means the body starts at
   * `startAt` (and `expectedSize` is that of the whole file), 200 that the server sent the
   * whole file instead. Connection losses midway are then retried from `startAt`.
   */
  startAt?: number;
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

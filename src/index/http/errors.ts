/**
 * Typed answers of the network layer that are not network failures: the server answered,
 * but not with what was asked. Network failures after retries are `NetworkError`
 * (src/errors.ts); these are `IndexError`s the caller can act on (a 404 for a project page
 * means "no such project"; a server without range support means "download the whole file").
 */
import { IndexError, type ErrorDetails } from '../../errors.js';
import { redactCredentials } from '../../util/redact.js';

/** A final HTTP status the caller did not ask for (4xx; 3xx without a usable Location). */
export class HttpStatusError extends IndexError {
  /** The URL asked for, credentials redacted. */
  readonly url: string;
  readonly status: number;
  /** Lower-cased response headers (e.g. `content-range: bytes *\/1234` with a 416). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(message: string, status: number, url: string, headers: Readonly<Record<string, string>>, details: ErrorDetails = {}) {
    super(message, { ...details, location: { url } });
    this.status = status;
    this.url = redactCredentials(url);
    this.headers = headers;
  }
}

/**
 * The server does not honour `Range` (it answered 200 with the whole body): the caller
 * should fall back to downloading the whole file. The body was not read. `size` is the full
 * size when the server declared it.
 */
export class RangeNotSupportedError extends IndexError {
  readonly url: string;
  readonly size: number | undefined;

  constructor(url: string, size: number | undefined, reason: string) {
    super(`${url} cannot be read by byte ranges: ${reason}`, {
      location: { url },
      expected: 'a 206 Partial Content answer to a Range request',
      hint: 'read the whole file instead',
    });
    this.url = redactCredentials(url);
    this.size = size;
  }
}

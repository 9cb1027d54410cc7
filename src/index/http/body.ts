/**
 * Checks on a response body while it streams: never more than a cap (hostile servers),
 * never longer than promised, and never accepted when it ends short of its Content-Length
 * or of the size the caller expects (a short body is a transient failure: retried).
 * Content decoding (gzip, deflate, br) for pages, bounded after decompression too.
 */
import { Buffer } from 'node:buffer';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { IndexError, InternalError } from '../../errors.js';
import { destroyQuietly } from './destroy.js';

/** A body that ended before its declared or expected length: retried like a reset. */
export class ShortBodyError extends Error {
  readonly code = 'WH_BODY_SHORT';
  constructor(
    readonly received: number,
    readonly expected: number,
  ) {
    super(`the body ended after ${received} of ${expected} bytes`);
  }
}

export interface BodyLimits {
  /** URL for messages (already redacted). */
  url: string;
  /** Content-Length of the response, when declared. */
  declaredLength?: number | undefined;
  /** The size the caller knows the body must have. */
  expectedSize?: number | undefined;
  /** Refuse bodies larger than this. */
  maxBytes?: number | undefined;
}

export function tooLarge(url: string, size: number, max: number, what: string): IndexError {
  return new IndexError(`${what} of ${url} is larger than the limit of ${max} bytes`, {
    location: { url },
    text: `${size} bytes`,
    expected: `at most ${max} bytes`,
    hint: 'a hostile or misconfigured server; raise the limit only if this page is really this large',
  });
}

/** Fails before reading when the declared length already breaks the limits. */
export function checkDeclaredLength(limits: BodyLimits): void {
  const { declaredLength, expectedSize, maxBytes, url } = limits;
  if (declaredLength === undefined) return;
  if (maxBytes !== undefined && declaredLength > maxBytes) throw tooLarge(url, declaredLength, maxBytes, 'the body');
  if (expectedSize !== undefined && declaredLength !== expectedSize) {
    if (declaredLength < expectedSize) throw new ShortBodyError(declaredLength, expectedSize);
    throw new IndexError(`${url} is longer than expected`, {
      location: { url },
      text: `Content-Length: ${declaredLength}`,
      expected: `${expectedSize} bytes`,
    });
  }
}

/**
 * Yields the chunks of `body` with the limits enforced; the last check (length reached)
 * happens before the iteration ends, so a consumer never sees a short body end normally.
 * Records the first failure of the body itself in `failure.error`.
 */
export async function* checkedBody(body: Readable, limits: BodyLimits, failure: { error?: unknown } = {}): AsyncGenerator<Buffer> {
  const want = limits.expectedSize ?? limits.declaredLength;
  let received = 0;
  try {
    checkDeclaredLength(limits);
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      received += buf.length;
      if (limits.maxBytes !== undefined && received > limits.maxBytes) throw tooLarge(limits.url, received, limits.maxBytes, 'the body');
      if (want !== undefined && received > want) {
        throw new IndexError(`${limits.url} sent more bytes than expected`, {
          location: { url: limits.url },
          text: `at least ${received} bytes`,
          expected: `${want} bytes`,
        });
      }
      yield buf;
    }
  } catch (err) {
    failure.error ??= err;
    throw err;
  } finally {
    if (!body.readableEnded) destroyQuietly(body);
  }
  if (want !== undefined && received < want) {
    const err = new ShortBodyError(received, want);
    failure.error ??= err;
    throw err;
  }
}

/**
 * The chunks in one buffer. With the body's size known (Content-Length, or the size the
 * caller expects; checkedBody holds the body to it), each chunk is copied into a buffer of
 * that size as it arrives, so a large page costs its size once, not twice (chunks + copy).
 */
export async function collect(chunks: AsyncIterable<Buffer>, size?: number): Promise<Buffer> {
  if (size === undefined) {
    const parts: Buffer[] = [];
    for await (const c of chunks) parts.push(c);
    return Buffer.concat(parts);
  }
  const out = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const c of chunks) {
    // checkedBody stops a body at its size; more here would be a bug of this module.
    if (filled + c.length > size) throw new InternalError(`collect: ${filled + c.length} bytes arrived for a body of ${size}`);
    c.copy(out, filled);
    filled += c.length;
  }
  return filled === size ? out : out.subarray(0, filled);
}

/** The body with its Content-Encoding undone (gzip, x-gzip, deflate, br, identity), capped. */
export function decodeContent(body: Buffer, contentEncoding: string | undefined, maxBytes: number, url: string): Buffer {
  if (contentEncoding === undefined) return body;
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let out = body;
  // Codings are listed in the order they were applied (RFC 9110 §8.4): undo from the last.
  for (const coding of codings.reverse()) {
    const opts = { maxOutputLength: maxBytes };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') out = zlib.gunzipSync(out, opts);
      else if (coding === 'br') out = zlib.brotliDecompressSync(out, opts);
      else if (coding === 'deflate') {
        // "deflate" is zlib-wrapped by the standard, raw deflate from some servers.
        out = (out[0] ?? 0) % 16 === 8 && ((out[0] ?? 0) * 256 + (out[1] ?? 0)) % 31 === 0 ? zlib.inflateSync(out, opts) : zlib.inflateRawSync(out, opts);
      } else {
        throw new IndexError(`${url} uses an unknown Content-Encoding`, {
          location: { url },
          text: contentEncoding,
          expected: 'gzip, deflate, br or identity',
        });
      }
    } catch (err) {
      if (err instanceof IndexError) throw err;
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(url, maxBytes + 1, maxBytes, 'the decompressed body');
      throw new IndexError(`${url} has a corrupt ${coding} body`, {
        location: { url },
        text: contentEncoding,
        expected: `a valid ${coding} stream`,
        cause: err,
      });
    }
  }
  return out;
}

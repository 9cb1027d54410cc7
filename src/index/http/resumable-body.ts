/**
 * A streamed body that survives a connection lost midway: the rest is asked for with
 * `Range: bytes=N-` and `If-Range: <validator>` (RFC 9110 §13.1.5), and the consumer keeps
 * reading as if nothing happened. Only when the size is known, the body is not
 * content-encoded, and the first answer has a strong ETag or a Last-Modified; the answer
 * to a resume must be a 206 starting exactly at N for the same total size, otherwise the
 * original failure stands and the caller starts over (the retry loop in client.ts).
 */
import type { Readable } from 'node:stream';
import { checkedBody, type BodyLimits } from './body.js';
import { parseContentRange } from './byte-range.js';
import { destroyQuietly } from './destroy.js';
import { describeFailure } from './retry-policy.js';

export interface ResumeHooks {
  /** Sends `Range: bytes=offset-` with `If-Range: validator`; undefined when it failed. */
  fetchFrom(offset: number, validator: string): Promise<{ status: number; headers: Record<string, string>; body: Readable } | undefined>;
  /** Resumes allowed for one body. */
  maxResumes: number;
  /** Waits before resume number `resume` (1-based). */
  backoff(resume: number): Promise<void>;
  log(line: string): void;
}

function resumeValidator(headers: Readonly<Record<string, string>>): string | undefined {
  const etag = headers['etag'];
  // A weak ETag cannot be used in If-Range (RFC 9110 §13.1.5).
  if (etag !== undefined && !etag.startsWith('W/')) return etag;
  return headers['last-modified'];
}

/**
 * The body of `first` (a 200) with `limits` enforced over the whole file; `failure.error`
 * records a failure of the body itself (not of its consumer).
 */
export async function* resumableBody(
  first: { headers: Record<string, string>; body: Readable },
  limits: BodyLimits,
  hooks: ResumeHooks,
  failure: { error?: unknown },
): AsyncGenerator<Buffer> {
  const total = limits.expectedSize ?? limits.declaredLength;
  const validator = resumeValidator(first.headers);
  const encoded = (first.headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity';
  const resumable = total !== undefined && validator !== undefined && !encoded && first.headers['accept-ranges'] !== 'none';
  let piece: { headers: Record<string, string>; body: Readable } = first;
  let pieceLimits: BodyLimits = limits;
  let received = 0;
  for (let resume = 1; ; resume++) {
    const pieceFailure: { error?: unknown } = {};
    try {
      for await (const chunk of checkedBody(piece.body, pieceLimits, pieceFailure)) {
        received += chunk.length;
        yield chunk;
      }
      return;
    } catch (err) {
      const bodyError = pieceFailure.error;
      if (bodyError === undefined) throw err; // the consumer stopped reading: not ours to handle
      const next =
        resumable && total !== undefined && resume <= hooks.maxResumes && received > 0 && received < total && describeFailure(bodyError).retryable
          ? await resumeAt(received, total, validator, hooks, resume, bodyError)
          : undefined;
      if (next === undefined || total === undefined) {
        failure.error ??= bodyError;
        throw bodyError;
      }
      piece = next;
      pieceLimits = {
        url: limits.url,
        declaredLength: next.headers['content-length'] === undefined ? undefined : Number(next.headers['content-length']),
        expectedSize: total - received,
        maxBytes: limits.maxBytes === undefined ? undefined : limits.maxBytes - received,
      };
    }
  }
}

async function resumeAt(
  offset: number,
  total: number,
  validator: string,
  hooks: ResumeHooks,
  resume: number,
  cause: unknown,
): Promise<{ headers: Record<string, string>; body: Readable } | undefined> {
  hooks.log(`resuming at byte ${offset} of ${total} (${describeFailure(cause).reason})`);
  await hooks.backoff(resume);
  const res = await hooks.fetchFrom(offset, validator);
  if (res === undefined) return undefined;
  const cr = parseContentRange(res.headers['content-range']);
  if (res.status !== 206 || cr === undefined || cr.start !== offset || cr.end !== total - 1 || (cr.size !== undefined && cr.size !== total)) {
    // 200 means the file changed (If-Range failed) or ranges are not supported: start over.
    destroyQuietly(res.body);
    hooks.log(`cannot resume (status ${res.status}): starting over`);
    return undefined;
  }
  return res;
}

/**
 * Byte ranges (RFC 9110 §14): `{ start, length? }` for `bytes=start-(start+length-1)` or an
 * open range, `{ suffixLength }` for the last bytes of a file (`bytes=-n`).
 */
import { IndexError } from '../../errors.js';

export type ByteRange = { start: number; length?: number } | { suffixLength: number };

export function rangeHeader(range: ByteRange): string {
  if ('suffixLength' in range) return `bytes=-${range.suffixLength}`;
  return range.length === undefined ? `bytes=${range.start}-` : `bytes=${range.start}-${range.start + range.length - 1}`;
}

export function checkRange(range: ByteRange): void {
  const ok =
    'suffixLength' in range
      ? Number.isSafeInteger(range.suffixLength) && range.suffixLength > 0
      : Number.isSafeInteger(range.start) && range.start >= 0 && (range.length === undefined || (Number.isSafeInteger(range.length) && range.length > 0));
  if (!ok) throw new IndexError(`invalid byte range ${JSON.stringify(range)}`, { text: JSON.stringify(range), expected: 'non-negative start, positive length' });
}

/** `bytes a-b/size` → numbers (size undefined for `*`). */
export function parseContentRange(value: string | undefined): { start: number; end: number; size: number | undefined } | undefined {
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec((value ?? '').trim());
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), size: m[3] === '*' ? undefined : Number(m[3]) };
}

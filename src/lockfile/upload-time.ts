/**
 * Upload times (PEP 700) as the lock keeps them: ISO 8601 in UTC, to the millisecond,
 * `2025-01-25T11:30:10.164Z` (no fraction when it is zero: `2025-01-25T11:30:10Z`). PEP 751
 * wants them recorded in UTC; indexes give microseconds, but TOML readers need keep only
 * milliseconds (smol-toml keeps exactly that), so a lock rounds down to the millisecond
 * once, and a lock read back is the lock written.
 */
import { LockfileError } from '../errors.js';

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$/;

/** The normal form of an ISO 8601 date-time with an offset; undefined when `text` is not one. */
export function tryNormalizeUploadTime(text: string): string | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, offset] = m as unknown as [string, string, string, string, string, string, string, string | undefined, string];
  const ms = (fraction ?? '').padEnd(3, '0').slice(0, 3);
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms));
  const check = new Date(local);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (offset.toUpperCase() !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  }
  return formatUploadTime(new Date(local - offsetMinutes * 60_000));
}

/** A Date as the lock writes it. */
export function formatUploadTime(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** The normal form of an upload time; a LockfileError naming `what` when it is not a date-time with an offset. */
export function normalizeUploadTime(text: string, what = 'upload time'): string {
  const normal = tryNormalizeUploadTime(text);
  if (normal === undefined) {
    throw new LockfileError(`invalid ${what}: ${JSON.stringify(text)}`, {
      text,
      expected: 'an ISO 8601 date-time with an offset, such as 2025-01-25T11:30:10.164985Z',
    });
  }
  return normal;
}

/**
 * `--exclude-newer DATE`: files uploaded at or after this instant (PEP 700 upload-time)
 * are ignored. Accepted: an ISO 8601 / RFC 3339 date-time with `Z` or an offset
 * (`2024-06-01T12:30:00Z`, `2024-06-01T14:30:00+02:00`, fractions of a second allowed), a
 * date-time without offset (taken as UTC), or a date (`2024-06-01`: the start of that day,
 * UTC, so the same command gives the same lock anywhere). Anything else, including dates
 * that do not exist (`2024-02-30`), is a usage error.
 */
import { UsageError } from '../errors.js';

const FORM = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

const EXPECTED = 'a date or date-time: 2024-06-01, 2024-06-01T12:30:00Z or 2024-06-01T14:30:00+02:00';

function bad(text: string, why: string): UsageError {
  return new UsageError(`invalid --exclude-newer value: ${why}`, { text, expected: EXPECTED });
}

export function parseExcludeNewer(text: string): Date {
  const m = FORM.exec(text.trim());
  if (!m) throw bad(text, 'not an ISO 8601 date or date-time');
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', offset] = m as unknown as string[];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (year < 1970) throw bad(text, `${y} is before any upload time`);
  if (month < 1 || month > 12) throw bad(text, `month ${mo} does not exist`);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) throw bad(text, `${y}-${mo} has no day ${d}`);
  if (hour > 23 || minute > 59 || second > 59) throw bad(text, `${h}:${mi}:${s} is not a time of day`);
  let offsetMinutes = 0;
  if (offset !== undefined && offset.toUpperCase() !== 'Z') {
    const om = /^([+-])(\d{2}):?(\d{2})$/.exec(offset) as RegExpExecArray;
    const oh = Number(om[2]);
    const omin = Number(om[3]);
    if (oh > 23 || omin > 59) throw bad(text, `${offset} is not a UTC offset`);
    offsetMinutes = (om[1] === '-' ? -1 : 1) * (oh * 60 + omin);
  }
  const ms = fraction === '' ? 0 : Math.floor(Number(`0${fraction}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return new Date(utc);
}

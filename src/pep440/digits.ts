/**
 * Non-negative integers as decimal digit strings without leading zeros ("0" for zero).
 *
 * PEP 440 numbers are unbounded (packaging uses Python ints), and real versions carry
 * timestamps longer than 2^53; keeping the digits keeps ordering and printing exact.
 */

/** Python refuses to convert integers longer than this (sys.int_info.default_max_str_digits). */
export const MAX_DIGITS = 4300;

/** `"007"` → `"7"`, `"000"` → `"0"`. The input must be ASCII digits only. */
export function stripLeadingZeros(digits: string): string {
  if (digits.length === 1 || digits.charCodeAt(0) !== 0x30) return digits;
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  return digits.slice(i);
}

/** `n + 1` on a normalised digit string. */
export function incrementDigits(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === 0x39) i--;
  if (i < 0) return '1' + '0'.repeat(digits.length);
  return digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + '0'.repeat(digits.length - 1 - i);
}

/** `n - 1` on a normalised, non-zero digit string. */
export function decrementDigits(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === 0x30) i--;
  if (i < 0) throw new RangeError('cannot decrement zero');
  const out = digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) - 1) + '9'.repeat(digits.length - 1 - i);
  return stripLeadingZeros(out);
}

/** The digits of a safe non-negative integer; throws on anything else. */
export function digitsOf(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a non-negative safe integer: ${n}`);
  return String(n);
}

/** An order-preserving encoding: the length (as one code unit) then the digits. */
export function encodeDigits(digits: string): string {
  return String.fromCharCode(0x21 + digits.length) + digits;
}

/**
 * Text rules borrowed from Python, so that parsing agrees with `packaging` byte for byte:
 * what `str.isspace()` / the `\s` of a `re` str pattern call whitespace, `str.strip()`,
 * and `sorted()` order of strings (by code point, not by UTF-16 code unit).
 */

/** Whether the code point is whitespace for Python (`str.isspace()`, `re` `\s`). */
export function isPythonSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Index of the first non-whitespace code unit at or after `from` (Python's notion). */
export function skipPythonSpace(text: string, from = 0): number {
  let i = from;
  while (i < text.length && isPythonSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Python's `str.strip()` with no argument. */
export function stripPython(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text.charCodeAt(start))) start++;
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Whether the text contains any Python whitespace. */
export function hasPythonSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isPythonSpace(text.charCodeAt(i))) return true;
  return false;
}

/** Order of Python's `sorted()` on str: by code point (differs from `<` only beyond the BMP). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (0xD800-0xDFFF) starts a code point above every BMP character.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

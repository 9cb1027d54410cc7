/**
 * The few Python string semantics pip's requirements-file reader depends on, reproduced
 * exactly so that line numbers and comment stripping agree with pip: `str.splitlines()`,
 * `str.isspace()` / `\s` in `re` patterns, and `str.strip()`.
 */

/** Characters for which Python's `str.isspace()` is true (also what `\s` matches in `re`). */
const PY_WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

export function isPythonWhitespace(ch: string): boolean {
  return PY_WHITESPACE.has(ch.charCodeAt(0));
}

/** Line boundaries of `str.splitlines()` (besides "\r\n", which counts as one). */
const PY_LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

/** `str.splitlines()`: the lines without their terminators; no trailing empty line. */
export function splitLinesPython(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (PY_LINE_BREAKS.has(code)) {
      lines.push(text.slice(start, i));
      i += code === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      start = i;
    } else {
      i += 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Index of the first non-whitespace character at or after `from` (Python whitespace). */
export function skipPythonWhitespace(text: string, from = 0): number {
  let i = from;
  while (i < text.length && PY_WHITESPACE.has(text.charCodeAt(i))) i += 1;
  return i;
}

/** `[start, end)` of `text.strip()` within `text`. */
export function pythonStripBounds(text: string): [number, number] {
  const start = skipPythonWhitespace(text);
  let end = text.length;
  while (end > start && PY_WHITESPACE.has(text.charCodeAt(end - 1))) end -= 1;
  return [start, end];
}

export function pythonStrip(text: string): string {
  const [start, end] = pythonStripBounds(text);
  return text.slice(start, end);
}

/**
 * Marker strings as packaging 26 reads them: the quoted text is a Python string literal
 * (`ast.literal_eval`), so backslash escapes are decoded. PEP 508 leaves escapes
 * undefined ("existing implementations do support them"); we decode them the same way,
 * except `\N{...}` (named characters), which is refused with a clear error.
 */

const SIMPLE: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decodes the inside of a quoted literal; returns an error message instead when Python would refuse it. */
export function decodePythonString(body: string): { value: string } | { error: string; offset: number } {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\n' || c === '\r') return { error: 'a line break inside a quoted string', offset: i };
    if (c === '\0') return { error: 'a NUL character inside a quoted string', offset: i };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return { error: 'a backslash before the closing quote', offset: i };
    if (e === '\n') {
      i++; // line continuation
      continue;
    }
    if (e === '\r') {
      i += body[i + 2] === '\n' ? 2 : 1;
      continue;
    }
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    if (e >= '0' && e <= '7') {
      let j = i + 1;
      while (j < body.length && j < i + 4 && body[j]! >= '0' && body[j]! <= '7') j++;
      out += String.fromCharCode(parseInt(body.slice(i + 1, j), 8));
      i = j - 1;
      continue;
    }
    const hexLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) return { error: `a truncated \\${e} escape`, offset: i };
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return { error: `an escape beyond U+10FFFF`, offset: i };
      out += String.fromCodePoint(code);
      i += 1 + hexLength;
      continue;
    }
    if (e === 'N') return { error: 'a \\N{...} escape (named characters are not supported)', offset: i };
    // Python keeps an unknown escape as written (with a warning).
    out += '\\' + e;
    i++;
  }
  return { value: out };
}

/** Writes a value back as a marker string: double quotes, single quotes if it has `"`, escapes if it has both. */
export function quoteMarkerString(value: string): string {
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  // No quote character is free: escape them so that packaging 26 (and we) read the same value back.
  const escaped = value.replace(/[\\"\n\r\0]/g, (c) => ({ '\\': '\\\\', '"': '\\x22', '\n': '\\n', '\r': '\\r', '\0': '\\x00' })[c]!);
  return `"${escaped}"`;
}

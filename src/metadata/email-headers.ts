/**
 * The header format that core metadata (METADATA, PKG-INFO) and WHEEL files use: RFC
 * 822-style `Name: value` lines, folded continuation lines that start with a space or
 * tab, then an optional blank line and a body. Read the way Python's `email` parser
 * (compat32 policy, which pip and packaging use) reads it: any of CRLF, CR, LF ends a
 * line; a line that is neither a header nor a continuation starts the body; a missing
 * trailing newline is fine.
 */

export interface HeaderField {
  /** As written, e.g. `Requires-Dist`; compare case-insensitively. */
  name: string;
  /**
   * The value with leading blanks removed; continuation lines are kept, joined with
   * `\n` and with their leading whitespace, as Python's `email` returns them.
   */
  value: string;
  /** 1-based line of the field name. */
  line: number;
}

export interface HeaderWarning {
  message: string;
  line: number;
  text: string;
}

export interface ParsedHeaders {
  fields: HeaderField[];
  /** Everything after the header block, verbatim; undefined when there is none. */
  body: string | undefined;
  /** 1-based line where the body starts. */
  bodyLine: number | undefined;
  warnings: HeaderWarning[];
}

/** Printable ASCII except the colon, then a colon (Python's `email.feedparser.headerRE`). */
const HEADER_LINE = /^([\x21-\x39\x3b-\x7e]+):/;
const LINE = /([^\r\n]*)(\r\n|\r|\n|$)/g;

export function parseHeaders(text: string): ParsedHeaders {
  const fields: HeaderField[] = [];
  const warnings: HeaderWarning[] = [];
  let current: { name: string; parts: string[]; line: number } | undefined;
  const flush = (): void => {
    if (current) fields.push({ name: current.name, value: current.parts.join('\n'), line: current.line });
    current = undefined;
  };

  LINE.lastIndex = 0;
  let lineNo = 0;
  let body: string | undefined;
  let bodyLine: number | undefined;
  while (LINE.lastIndex < text.length) {
    const start = LINE.lastIndex;
    const m = LINE.exec(text);
    if (!m) break;
    const line = m[1]!;
    lineNo += 1;
    if (line === '') {
      // The blank line that separates headers from the body.
      flush();
      const rest = text.slice(LINE.lastIndex);
      if (rest.length > 0) {
        body = rest;
        bodyLine = lineNo + 1;
      }
      break;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current) current.parts.push(line);
      else warnings.push({ message: 'continuation line with no field before it was ignored', line: lineNo, text: line });
      continue;
    }
    if (line.startsWith(':')) {
      // Python's parser skips a field with an empty name and stays in the header block.
      warnings.push({ message: 'a field with an empty name was ignored', line: lineNo, text: line });
      continue;
    }
    const h = HEADER_LINE.exec(line);
    if (!h) {
      if (lineNo === 1 && line.startsWith('From ')) continue; // an mbox "From " line
      // Python's parser treats this as the start of the body (a missing separator).
      flush();
      warnings.push({ message: 'a line that is not a "Name: value" field ends the header block; the rest is read as the body', line: lineNo, text: line });
      body = text.slice(start);
      bodyLine = lineNo;
      break;
    }
    flush();
    current = { name: h[1]!, parts: [line.slice(h[0].length).replace(/^[ \t]+/, '')], line: lineNo };
    if (m[2] === '') break;
  }
  flush();
  return { fields, body, bodyLine, warnings };
}

/** A folded value on one line: line breaks before whitespace removed (RFC 5322 unfolding), then trimmed. */
export function unfold(value: string): string {
  return value.replace(/\r?\n(?=[ \t])/g, '').trim();
}

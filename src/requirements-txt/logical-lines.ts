/**
 * From a file's text to the logical lines pip's line parser sees, in pip's order
 * (pip 23.2.1 `req_file.preprocess`): split lines as Python's `str.splitlines()` does,
 * join lines ending in a backslash, strip comments and surrounding whitespace, drop empty
 * lines, then expand `${VAR}`. Joining comes before comment stripping, so a comment that
 * ends in a backslash does not continue, and a continued line swallows a following
 * comment line's text only up to where the comment is stripped.
 */
import { MappedText } from './mapped-text.js';
import { isPythonWhitespace, pythonStripBounds, skipPythonWhitespace, splitLinesPython } from './python-text.js';

export interface LogicalLine {
  /** The text, every character mapped to its place in the file. */
  text: MappedText;
  /** The number pip gives this line: the first physical line of a joined line. */
  lineNumber: number;
}

/** A variable lookup: `process.env` or a test's own table. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** `COMMENT_RE.match(line)`: the whole line is a comment (optional whitespace, then `#`). */
function isCommentLine(line: string): boolean {
  return line.charAt(skipPythonWhitespace(line)) === '#';
}

/** Python's `line.strip("\\")`: every leading and trailing backslash removed. */
function stripBackslashes(line: string): [number, number] {
  let start = 0;
  let end = line.length;
  while (start < end && line.charAt(start) === '\\') start += 1;
  while (end > start && line.charAt(end - 1) === '\\') end -= 1;
  return [start, end];
}

/** pip's `join_lines`: continuation lines joined; the joined line has the first line's number. */
export function joinContinuations(physical: readonly string[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: MappedText[] = [];
  let primary = 0;
  physical.forEach((raw, index) => {
    const lineNumber = index + 1;
    const comment = isCommentLine(raw);
    if (!raw.endsWith('\\') || comment) {
      let text = MappedText.fromLine(raw, lineNumber);
      // pip prefixes comment lines with a space so that comment stripping always sees them.
      if (comment) text = MappedText.concat([MappedText.at(' ', { line: lineNumber, column: 1 }), text]);
      if (pending.length > 0) {
        out.push({ text: MappedText.concat([...pending, text]), lineNumber: primary });
        pending = [];
      } else {
        out.push({ text, lineNumber });
      }
    } else {
      if (pending.length === 0) primary = lineNumber;
      const [start, end] = stripBackslashes(raw);
      pending.push(MappedText.fromLine(raw.slice(start, end), lineNumber, start + 1));
    }
  });
  // A backslash on the last line continues into nothing: the joined text is kept.
  if (pending.length > 0) out.push({ text: MappedText.concat(pending), lineNumber: primary });
  return out;
}

/**
 * Where pip's `COMMENT_RE` (`(^|\s+)#.*$`) starts matching: the first `#` at the start of
 * the line or after whitespace, cut together with the whitespace before it. A `#` inside
 * a word (`#egg=`, `#sha256=` in URLs) is not a comment.
 */
export function commentStart(text: string): number {
  for (let i = text.indexOf('#'); i !== -1; i = text.indexOf('#', i + 1)) {
    if (i === 0) return 0;
    if (!isPythonWhitespace(text.charAt(i - 1))) continue;
    let start = i - 1;
    while (start > 0 && isPythonWhitespace(text.charAt(start - 1))) start -= 1;
    return start;
  }
  return -1;
}

/** pip's `ignore_comments`: comments stripped, then whitespace; empty lines dropped. */
export function stripComments(lines: readonly LogicalLine[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  for (const line of lines) {
    const cut = commentStart(line.text.text);
    const uncommented = cut === -1 ? line.text : line.text.slice(0, cut);
    const [start, end] = pythonStripBounds(uncommented.text);
    if (start < end) out.push({ text: uncommented.slice(start, end), lineNumber: line.lineNumber });
  }
  return out;
}

/** `${NAME}` with NAME of uppercase letters, digits and `_` only (pip's `ENV_VAR_RE`). */
const ENV_VAR = /\$\{([A-Z0-9_]+)\}/g;

/**
 * pip's `expand_env_variables`: each `${NAME}` whose variable is set to a non-empty value
 * is replaced everywhere on the line; unset or empty variables are left as written.
 */
export function expandEnvironmentVariables(lines: readonly LogicalLine[], env: EnvironmentVariables): LogicalLine[] {
  return lines.map((line) => {
    let text = line.text;
    for (const match of line.text.text.matchAll(ENV_VAR)) {
      const value = env[match[1] ?? ''];
      if (!value) continue;
      text = text.replaceAll(match[0], value);
    }
    return text === line.text ? line : { text, lineNumber: line.lineNumber };
  });
}

/** The whole of pip's `preprocess`: file text to logical lines. */
export function logicalLines(content: string, env: EnvironmentVariables): LogicalLine[] {
  return expandEnvironmentVariables(stripComments(joinContinuations(splitLinesPython(content))), env);
}

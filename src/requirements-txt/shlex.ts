/**
 * Python's `shlex.split(s)` (POSIX mode, no comments), which pip applies to the options
 * part of a requirements-file line. Each word keeps the index where it starts, so errors
 * can point at it. Quotes and backslashes follow POSIX shell rules: single quotes keep
 * everything; inside double quotes a backslash escapes only `"` and `\`.
 */

export interface ShellWord {
  value: string;
  /** Index in the input of the word's first character (a quote, when it starts with one). */
  start: number;
}

export class ShlexError extends Error {
  constructor(
    message: string,
    /** Where the unterminated quote or escape starts. */
    readonly index: number,
  ) {
    super(message);
  }
}

const WHITESPACE = ' \t\r\n';
const QUOTES = `'"`;

export function shlexSplit(input: string): ShellWord[] {
  const words: ShellWord[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && WHITESPACE.includes(input.charAt(i))) i += 1;
    if (i >= input.length) break;
    const start = i;
    let value = '';
    let open = -1;
    while (i < input.length && !WHITESPACE.includes(input.charAt(i))) {
      const ch = input.charAt(i);
      if (QUOTES.includes(ch)) {
        open = i;
        i += 1;
        while (i < input.length && input.charAt(i) !== ch) {
          const c = input.charAt(i);
          if (ch === '"' && c === '\\') {
            const next = input.charAt(i + 1);
            if (next === '') throw new ShlexError('No escaped character', i);
            // Inside double quotes only the quote and the backslash itself are escaped.
            value += next === '"' || next === '\\' ? next : c + next;
            i += 2;
          } else {
            value += c;
            i += 1;
          }
        }
        if (i >= input.length) throw new ShlexError('No closing quotation', open);
        i += 1;
      } else if (ch === '\\') {
        if (i + 1 >= input.length) throw new ShlexError('No escaped character', i);
        value += input.charAt(i + 1);
        i += 2;
      } else {
        value += ch;
        i += 1;
      }
    }
    words.push({ value, start });
  }
  return words;
}

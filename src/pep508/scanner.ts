/**
 * The small scanner shared by the requirement and marker parsers (PEP 508 "Grammar"):
 * a position in the text, the token rules packaging 26 uses (`\b` word boundaries,
 * PEP 508 whitespace is space and tab), and errors that name the column.
 */
import { RequirementError, type Location } from '../errors.js';
import { redactCredentials } from '../util/redact.js';

/** Python's `\w` for str patterns: letters, numbers and `_`. */
const WORD = /[\p{L}\p{N}_]/u;

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && (ch === '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || (ch > '\x7f' && WORD.test(ch)));
}

export class Scanner {
  pos = 0;

  constructor(
    readonly source: string,
    /** Where `source` starts: its file, line and column (1-based). */
    readonly origin: Location = {},
    /** What is being parsed, for messages: "requirement", "marker". */
    private readonly what: string = 'requirement',
  ) {}

  get done(): boolean {
    return this.pos >= this.source.length;
  }
  peek(offset = 0): string | undefined {
    return this.source[this.pos + offset];
  }
  startsWith(text: string): boolean {
    return this.source.startsWith(text, this.pos);
  }

  /** PEP 508 `wsp*`: spaces and tabs. Returns whether any was skipped. */
  skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.source.length && (this.source[this.pos] === ' ' || this.source[this.pos] === '\t')) this.pos++;
    return this.pos > start;
  }

  /** `\bword\b` at the current position (word boundaries as Python's `re`). */
  atWord(word: string): boolean {
    if (!this.source.startsWith(word, this.pos)) return false;
    const before = this.source[this.pos - 1];
    const after = this.source[this.pos + word.length];
    const first = word[0];
    const last = word[word.length - 1];
    return isWordChar(before) !== isWordChar(first) && isWordChar(after) !== isWordChar(last);
  }

  /** Consumes `text` when it is next. */
  eat(text: string): boolean {
    if (!this.source.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  /** The 1-based column of offset `at`, counting from where the source starts. */
  column(at: number): number {
    return (this.origin.column ?? 1) + at;
  }

  /**
   * A short quote of the text at `at`, for messages. The whole word around `at` is redacted
   * before it is cut, so a quote that starts or ends inside a URL never shows its
   * credentials (`unexpected "://user:secret@host"` cannot be recognised once cut).
   */
  found(at = this.pos): string {
    if (at >= this.source.length) return 'the end';
    let start = at;
    while (start > 0 && !/\s/u.test(this.source[start - 1]!)) start--;
    const word = /^\S*/u.exec(this.source.slice(start))![0];
    const safe = redactCredentials(word);
    const offset = at - start;
    let shown = offset;
    if (safe !== word) {
      let prefix = 0;
      while (prefix < word.length && word[prefix] === safe[prefix]) prefix++;
      let suffix = 0;
      while (suffix < word.length - prefix && word[word.length - 1 - suffix] === safe[safe.length - 1 - suffix]) suffix++;
      shown = offset <= prefix ? offset : offset >= word.length - suffix ? safe.length - (word.length - offset) : prefix;
    }
    const rest = offset < word.length ? safe.slice(shown) : this.source.slice(at);
    const m = /^\S{1,24}/u.exec(rest);
    return JSON.stringify(m ? m[0] : rest.slice(0, 1));
  }

  /** The error for a problem at `at` (0-based offset into the source). */
  error(message: string, expected: string, at = this.pos, cause?: unknown): RequirementError {
    return new RequirementError(`invalid ${this.what}: ${message}`, {
      location: { ...this.origin, column: this.column(at) },
      text: this.source,
      expected,
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

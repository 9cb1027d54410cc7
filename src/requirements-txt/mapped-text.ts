/**
 * Text that remembers, for each character, where it came from in the file (1-based line
 * and column). pip joins continuation lines, strips comments and expands `${VAR}` before
 * it parses a line; errors must still point at the physical line and column.
 */
export interface Position {
  line: number;
  column: number;
}

export class MappedText {
  private constructor(
    readonly text: string,
    private readonly lines: readonly number[],
    private readonly columns: readonly number[],
    /** Where the text would continue: reported for errors at its very end. */
    private readonly endPosition: Position,
  ) {}

  /** A physical line: character i is at column `firstColumn + i`. */
  static fromLine(text: string, line: number, firstColumn = 1): MappedText {
    const lines = new Array<number>(text.length).fill(line);
    const columns = Array.from({ length: text.length }, (_, i) => firstColumn + i);
    return new MappedText(text, lines, columns, { line, column: firstColumn + text.length });
  }

  /** `text`, every character of which is attributed to `at` (an inserted or expanded text). */
  static at(text: string, at: Position): MappedText {
    return new MappedText(text, new Array<number>(text.length).fill(at.line), new Array<number>(text.length).fill(at.column), at);
  }

  static concat(parts: readonly MappedText[]): MappedText {
    const last = parts[parts.length - 1];
    if (!last) throw new Error('MappedText.concat needs at least one part');
    return new MappedText(
      parts.map((p) => p.text).join(''),
      parts.flatMap((p) => p.lines),
      parts.flatMap((p) => p.columns),
      last.endPosition,
    );
  }

  get length(): number {
    return this.text.length;
  }

  /** Where character `index` came from; `index === length` gives the end position. */
  positionAt(index: number): Position {
    const line = this.lines[index];
    const column = this.columns[index];
    if (line === undefined || column === undefined) return this.endPosition;
    return { line, column };
  }

  slice(start: number, end = this.text.length): MappedText {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    const endPosition = e < this.text.length ? this.positionAt(e) : this.endPosition;
    return new MappedText(this.text.slice(s, e), this.lines.slice(s, e), this.columns.slice(s, e), endPosition);
  }

  /**
   * Python's `str.replace(old, new)`: every non-overlapping occurrence, left to right.
   * The inserted characters are attributed to the first character of what they replace.
   */
  replaceAll(old: string, replacement: string): MappedText {
    if (old === '') return this;
    const parts: MappedText[] = [];
    let from = 0;
    for (let at = this.text.indexOf(old, from); at !== -1; at = this.text.indexOf(old, from)) {
      parts.push(this.slice(from, at), MappedText.at(replacement, this.positionAt(at)));
      from = at + old.length;
    }
    if (parts.length === 0) return this;
    parts.push(this.slice(from));
    return MappedText.concat(parts);
  }
}

/**
 * Text that remembers, for each character, where it came from in the file (1-based line
 * and column). pip joins continuation lines, strips comments and expands `${VAR}` before
 * it parses a line; errors must still point at the physical line and column.
 *
 * Stored as segments: a run of characters copied from one physical line (columns count
 * up), or an inserted text (every character at one position).
 */
export interface Position {
  line: number;
  column: number;
}

interface Segment {
  /** Index in the text where the segment starts. */
  start: number;
  line: number;
  column: number;
  /** True: character `start + k` is at `column + k`; false: every character is at `column`. */
  run: boolean;
}

export class MappedText {
  private constructor(
    readonly text: string,
    private readonly segments: readonly Segment[],
    /** Where the text would continue: reported for errors at its very end. */
    private readonly endPosition: Position,
  ) {}

  /** A physical line: character i is at column `firstColumn + i`. */
  static fromLine(text: string, line: number, firstColumn = 1): MappedText {
    return new MappedText(text, text === '' ? [] : [{ start: 0, line, column: firstColumn, run: true }], { line, column: firstColumn + text.length });
  }

  /** `text`, every character of which is attributed to `at` (an inserted or expanded text). */
  static at(text: string, at: Position): MappedText {
    return new MappedText(text, text === '' ? [] : [{ start: 0, line: at.line, column: at.column, run: false }], at);
  }

  static concat(parts: readonly MappedText[]): MappedText {
    const last = parts[parts.length - 1];
    if (!last) throw new Error('MappedText.concat needs at least one part');
    const segments: Segment[] = [];
    let offset = 0;
    for (const part of parts) {
      for (const s of part.segments) segments.push({ ...s, start: s.start + offset });
      offset += part.text.length;
    }
    return new MappedText(parts.map((p) => p.text).join(''), segments, last.endPosition);
  }

  get length(): number {
    return this.text.length;
  }

  /** Where character `index` came from; `index === length` gives the end position. */
  positionAt(index: number): Position {
    if (index < 0 || index >= this.text.length) return this.endPosition;
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.segments[mid] as Segment).start <= index) lo = mid;
      else hi = mid - 1;
    }
    const s = this.segments[lo] as Segment;
    return { line: s.line, column: s.run ? s.column + (index - s.start) : s.column };
  }

  slice(start: number, end = this.text.length): MappedText {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    const endPosition = e < this.text.length ? this.positionAt(e) : this.endPosition;
    if (s === e) return new MappedText('', [], endPosition);
    const segments: Segment[] = [];
    this.segments.forEach((seg, i) => {
      const next = this.segments[i + 1]?.start ?? this.text.length;
      if (next <= s || seg.start >= e) return;
      const from = Math.max(seg.start, s);
      segments.push({ start: from - s, line: seg.line, column: seg.run ? seg.column + (from - seg.start) : seg.column, run: seg.run });
    });
    return new MappedText(this.text.slice(s, e), segments, endPosition);
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

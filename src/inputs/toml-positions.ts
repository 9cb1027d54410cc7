/**
 * Where each value of a TOML document starts (1-based line and column), by key path, so
 * that errors about a pyproject.toml can name `pyproject.toml:12:5` and not only
 * `project.dependencies[2]`. smol-toml parses the document; this scanner only walks the
 * same (already validated) text to find positions: table headers, keys, strings (all four
 * kinds), arrays and inline tables, skipping comments. Paths use numbers for array
 * indices and for the entries of arrays of tables (`[[tool.x]]`).
 */

import { formatKeyPath, LineIndex } from '../util/text-positions.js';

export type TomlPath = readonly (string | number)[];

export interface TomlPosition {
  line: number;
  column: number;
}

/** The map key of a path. */
export function tomlPathKey(path: TomlPath): string {
  return JSON.stringify(path);
}

/** `project.optional-dependencies.test[2]`, with keys quoted when they are not bare. */
export function formatTomlPath(path: TomlPath): string {
  return formatKeyPath(path);
}

class Scanner {
  pos = 0;
  readonly positions = new Map<string, TomlPosition>();
  private readonly lines: LineIndex;
  private readonly arrayTables = new Map<string, number>();

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  positionOf(offset: number): TomlPosition {
    return this.lines.positionOf(offset);
  }

  private record(path: TomlPath, offset: number): void {
    const key = tomlPathKey(path);
    if (!this.positions.has(key)) this.positions.set(key, this.positionOf(offset));
  }

  private get done(): boolean {
    return this.pos >= this.text.length;
  }

  private peek(k = 0): string {
    return this.text[this.pos + k] ?? '';
  }

  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Spaces and tabs; with `newlines`, also line breaks and comments. */
  private skip(newlines: boolean): void {
    while (!this.done) {
      const c = this.peek();
      if (c === ' ' || c === '\t') this.pos++;
      else if (newlines && (c === '\n' || c === '\r')) this.pos++;
      else if (newlines && c === '#') this.skipComment();
      else break;
    }
  }

  private skipComment(): void {
    while (!this.done && this.peek() !== '\n') this.pos++;
  }

  scanDocument(): void {
    let table: (string | number)[] = [];
    while (!this.done) {
      this.skip(true);
      if (this.done) break;
      const start = this.pos;
      if (this.startsWith('[[')) {
        this.pos += 2;
        const keys = this.readKey(']');
        this.pos += 2; // ]]
        const k = tomlPathKey(keys);
        const index = this.arrayTables.get(k) ?? 0;
        this.arrayTables.set(k, index + 1);
        this.record(keys, start);
        table = [...keys, index];
        this.record(table, start);
      } else if (this.peek() === '[') {
        this.pos += 1;
        const keys = this.readKey(']');
        this.pos += 1; // ]
        table = this.withArrayTableIndices(keys);
        this.record(table, start);
      } else {
        this.readKeyValue(table);
      }
      this.skip(false);
      if (this.peek() === '#') this.skipComment();
    }
  }

  /** `[a.b]` after `[[a]]`: the header names a table inside the last `a` entry. */
  private withArrayTableIndices(keys: string[]): (string | number)[] {
    const out: (string | number)[] = [];
    const plain: string[] = [];
    for (const key of keys) {
      out.push(key);
      plain.push(key);
      const count = this.arrayTables.get(tomlPathKey(plain));
      if (count !== undefined && plain.length < keys.length) out.push(count - 1);
    }
    return out;
  }

  private readKeyValue(table: TomlPath): void {
    const keyStart = this.pos;
    const keys = this.readKey('=');
    this.pos += 1; // =
    this.skip(false);
    const path = [...table, ...keys];
    // Intermediate tables of a dotted key start where the key does.
    for (let i = 1; i < keys.length; i++) this.record([...table, ...keys.slice(0, i)], keyStart);
    this.readValue(path);
  }

  /** A dotted key up to (not including) `end`. */
  private readKey(end: string): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skip(false);
      const c = this.peek();
      if (c === '"') keys.push(decodeBasic(this.readBasicString()));
      else if (c === "'") keys.push(this.readLiteralString().slice(1, -1));
      else {
        const start = this.pos;
        while (!this.done && /[A-Za-z0-9_-]/.test(this.peek())) this.pos++;
        keys.push(this.text.slice(start, this.pos));
      }
      this.skip(false);
      if (this.peek() === '.') {
        this.pos++;
        continue;
      }
      if (this.peek() === end || this.done) return keys;
      // Not valid TOML (the parser would have said so): stop scanning this key.
      this.pos++;
      return keys;
    }
  }

  private readValue(path: TomlPath): void {
    this.record(path, this.pos);
    if (this.startsWith('"""')) this.readMultiline('"');
    else if (this.startsWith("'''")) this.readMultiline("'");
    else if (this.peek() === '"') this.readBasicString();
    else if (this.peek() === "'") this.readLiteralString();
    else if (this.peek() === '[') this.readArray(path);
    else if (this.peek() === '{') this.readInlineTable(path);
    else {
      while (!this.done && !/[,\]}\n#]/.test(this.peek())) this.pos++;
    }
  }

  private readArray(path: TomlPath): void {
    this.pos++; // [
    let index = 0;
    for (;;) {
      this.skip(true);
      if (this.done) return;
      if (this.peek() === ']') {
        this.pos++;
        return;
      }
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      const before = this.pos;
      this.readValue([...path, index]);
      index++;
      if (this.pos === before) this.pos++;
    }
  }

  private readInlineTable(path: TomlPath): void {
    this.pos++; // {
    for (;;) {
      this.skip(true);
      if (this.done) return;
      if (this.peek() === '}') {
        this.pos++;
        return;
      }
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      const before = this.pos;
      this.readKeyValue(path);
      if (this.pos === before) this.pos++;
    }
  }

  /** Returns the raw text, quotes included. */
  private readBasicString(): string {
    const start = this.pos;
    this.pos++;
    while (!this.done && this.peek() !== '"' && this.peek() !== '\n') this.pos += this.peek() === '\\' ? 2 : 1;
    this.pos++;
    return this.text.slice(start, this.pos);
  }

  private readLiteralString(): string {
    const start = this.pos;
    this.pos++;
    while (!this.done && this.peek() !== "'" && this.peek() !== '\n') this.pos++;
    this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** `"""…"""` or `'''…'''`; up to two quotes may stand right before the closing three. */
  private readMultiline(quote: '"' | "'"): void {
    const delimiter = quote.repeat(3);
    this.pos += 3;
    while (!this.done) {
      if (quote === '"' && this.peek() === '\\') {
        this.pos += 2;
        continue;
      }
      if (this.startsWith(delimiter)) {
        let n = 3;
        while (n < 5 && this.peek(n) === quote) n++;
        this.pos += n;
        return;
      }
      this.pos++;
    }
  }
}

/**
 * A basic string's value. TOML's escapes are JSON's plus `\U` with eight hex digits and
 * `\e`; one pass over the escapes, so that an escaped backslash (`\\U…`) stays one.
 */
function decodeBasic(raw: string): string {
  const json = raw.replace(/\\(U[0-9A-Fa-f]{8}|e|[^])/g, (escape: string, body: string) => {
    if (body === 'e') return '\\u001b';
    if (body.length === 9) {
      const cp = Number.parseInt(body.slice(1), 16);
      return cp <= 0x10ffff ? JSON.stringify(String.fromCodePoint(cp)).slice(1, -1) : '';
    }
    return escape;
  });
  try {
    return JSON.parse(json) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** Start positions of every table, key and value of a valid TOML document, by path. */
export function tomlPositions(text: string): Map<string, TomlPosition> {
  const scanner = new Scanner(text);
  scanner.scanDocument();
  return scanner.positions;
}

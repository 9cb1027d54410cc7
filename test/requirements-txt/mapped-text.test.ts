import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MappedText, type Position } from '../../src/requirements-txt/mapped-text.js';

/** The obvious model: one position per character. */
interface Naive {
  text: string;
  at: Position[];
  end: Position;
}

const naiveLine = (text: string, line: number, col: number): Naive => ({
  text,
  at: Array.from(text, (_, i) => ({ line, column: col + i })),
  end: { line, column: col + text.length },
});

function naiveSlice(n: Naive, s: number, e: number): Naive {
  const a = Math.max(0, Math.min(s, n.text.length));
  const b = Math.max(a, Math.min(e, n.text.length));
  return { text: n.text.slice(a, b), at: n.at.slice(a, b), end: b < n.text.length ? (n.at[b] as Position) : n.end };
}

function positions(m: MappedText): Position[] {
  return Array.from({ length: m.length + 1 }, (_, i) => m.positionAt(i));
}

describe('MappedText', () => {
  it('agrees with a per-character model through lines, slices, concatenations and replacements', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', '$', ' '), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.nat(5)), { minLength: 1, maxLength: 4 }), fc.nat(20), fc.nat(20), word, (lines, s, e, repl) => {
        const parts = lines.map(([t, c], i) => [MappedText.fromLine(t, i + 1, c + 1), naiveLine(t, i + 1, c + 1)] as const);
        let m = MappedText.concat(parts.map(([p]) => p));
        let n: Naive = {
          text: parts.map(([, q]) => q.text).join(''),
          at: parts.flatMap(([, q]) => q.at),
          end: (parts[parts.length - 1] as readonly [MappedText, Naive])[1].end,
        };
        m = m.slice(s, s + e);
        n = naiveSlice(n, s, s + e);
        expect(m.text).toBe(n.text);
        expect(positions(m)).toEqual([...n.at, n.end]);
        // replaceAll("a", repl): inserted characters sit where each "a" was.
        const r = m.replaceAll('a', repl);
        const at: Position[] = [];
        let text = '';
        Array.from(n.text).forEach((ch, i) => {
          if (ch === 'a') {
            text += repl;
            for (let k = 0; k < repl.length; k += 1) at.push(n.at[i] as Position);
          } else {
            text += ch;
            at.push(n.at[i] as Position);
          }
        });
        expect(r.text).toBe(text);
        expect(positions(r).slice(0, -1)).toEqual(at);
      }),
      { numRuns: 500, seed: 5 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPythonWhitespace, pythonStrip, splitLinesPython } from '../../src/requirements-txt/python-text.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

const ORACLE = `
import json, sys
data = json.load(sys.stdin)
json.dump({
    "lines": [s.splitlines() for s in data["texts"]],
    "strip": [s.strip() for s in data["texts"]],
    "space": [c for c in map(chr, range(0x3001)) if c.isspace()],
}, sys.stdout)
`;

describe('Python string semantics', () => {
  it('splits lines at every Python line boundary, \\r\\n once', () => {
    expect(splitLinesPython('a\r\nb\rc\nd\x0ce\u2028f\n')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(splitLinesPython('a\n\nb')).toEqual(['a', '', 'b']);
    expect(splitLinesPython('')).toEqual([]);
  });

  it.skipIf(!hasPython())('agrees with Python splitlines(), strip() and isspace()', async () => {
    const ch = fc.constantFrom('a', ' ', '\n', '\r', '\t', '\x0b', '\x0c', '\x1c', '\x1f', '\x85', '\u00a0', '\u2028', '\u3000', '\ufeff', '#');
    const texts = fc.sample(fc.array(ch, { maxLength: 10 }).map((cs) => cs.join('')), { numRuns: 2000, seed: 3 });
    const want = await runPythonJson<{ lines: string[][]; strip: string[]; space: string[] }>(ORACLE, { texts });
    texts.forEach((t, i) => {
      expect(splitLinesPython(t), JSON.stringify(t)).toEqual(want.lines[i]);
      expect(pythonStrip(t), JSON.stringify(t)).toBe(want.strip[i]);
    });
    const ours = Array.from({ length: 0x3001 }, (_, c) => String.fromCharCode(c)).filter(isPythonWhitespace);
    expect(ours).toEqual(want.space);
  });
});

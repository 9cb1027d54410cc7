import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shlexSplit, ShlexError } from '../../src/requirements-txt/shlex.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

const ORACLE = `
import json, shlex, sys
out = []
for s in json.load(sys.stdin):
    try:
        out.append({"words": shlex.split(s)})
    except ValueError as e:
        out.append({"error": str(e)})
json.dump(out, sys.stdout)
`;

function ours(s: string): { words: string[] } | { error: string } {
  try {
    return { words: shlexSplit(s).map((w) => w.value) };
  } catch (e) {
    if (e instanceof ShlexError) return { error: e.message };
    throw e;
  }
}

describe('shlexSplit', () => {
  it('splits as a POSIX shell, keeping where each word starts', () => {
    expect(shlexSplit(`-f 'a b' --x="c \\" d" e\\ f ''`)).toEqual([
      { value: '-f', start: 0 },
      { value: 'a b', start: 3 },
      { value: '--x=c " d', start: 9 },
      { value: 'e f', start: 22 },
      { value: '', start: 27 },
    ]);
  });

  it('reports unterminated quotes and escapes with their position', () => {
    expect(() => shlexSplit(`a "b`)).toThrow(new ShlexError('No closing quotation', 2));
    expect(() => shlexSplit('a \\')).toThrow(/No escaped character/);
    try {
      shlexSplit(`x 'y`);
    } catch (e) {
      expect((e as ShlexError).index).toBe(2);
    }
  });

  it.skipIf(!hasPython())('agrees with Python shlex.split on 3000 random strings', async () => {
    const alphabet = fc.constantFrom('a', 'b', ' ', '\t', '"', "'", '\\', '-', '=', '#', ':', '\r');
    const inputs = fc.sample(fc.array(alphabet, { maxLength: 14 }).map((cs) => cs.join('')), { numRuns: 3000, seed: 7 });
    const want = await runPythonJson<({ words: string[] } | { error: string })[]>(ORACLE, inputs);
    inputs.forEach((s, i) => expect(ours(s), JSON.stringify(s)).toEqual(want[i]));
  });
});

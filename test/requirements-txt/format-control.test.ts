import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatControl } from '../../src/requirements-txt/format-control.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

const ORACLE = `
import json, sys
from pip._internal.models.format_control import FormatControl
out = []
for ops in json.load(sys.stdin):
    fc = FormatControl(set(), set())
    for which, value in ops:
        if which == "no":
            FormatControl.handle_mutual_excludes(value, fc.no_binary, fc.only_binary)
        else:
            FormatControl.handle_mutual_excludes(value, fc.only_binary, fc.no_binary)
    out.append({
        "noBinary": sorted(fc.no_binary),
        "onlyBinary": sorted(fc.only_binary),
        "allowed": {n: sorted(fc.get_allowed_formats(n)) for n in ["a", "b-c", "d"]},
    })
json.dump(out, sys.stdout)
`;

describe('FormatControl', () => {
  it('accumulates as pip does: names move between sets, :all: and :none: reset', () => {
    const f = new FormatControl();
    f.addOnlyBinary('foo');
    f.addNoBinary('Foo,Bar_Baz');
    expect(f.toJSON()).toEqual({ noBinary: ['bar-baz', 'foo'], onlyBinary: [] });
    f.addOnlyBinary(':all:');
    expect(f.toJSON()).toEqual({ noBinary: [], onlyBinary: [':all:'] });
    f.addNoBinary('x');
    expect([...f.allowedFormats('x')]).toEqual(['source']);
    expect([...f.allowedFormats('y')]).toEqual(['binary']);
    f.addOnlyBinary(':none:');
    expect(f.toJSON()).toEqual({ noBinary: ['x'], onlyBinary: [] });
    expect(() => f.addNoBinary('-x')).toThrow(/requires 1 argument/);
  });

  it('clone copies, not shares', () => {
    const f = new FormatControl();
    f.addNoBinary('a');
    const g = f.clone();
    g.addOnlyBinary('a');
    expect(f.toJSON().noBinary).toEqual(['a']);
  });

  it.skipIf(!hasPython())("agrees with pip's FormatControl on 500 random sequences", async () => {
    const value = fc.array(fc.constantFrom('a', 'A', 'b_c', 'b-c', 'd', ':all:', ':none:', ''), { minLength: 1, maxLength: 4 }).map((v) => v.join(','));
    const op = fc.tuple(fc.constantFrom('no', 'only'), value);
    const seqs = fc.sample(fc.array(op, { maxLength: 6 }), { numRuns: 500, seed: 11 });
    const want = await runPythonJson<{ noBinary: string[]; onlyBinary: string[]; allowed: Record<string, string[]> }[]>(ORACLE, seqs);
    seqs.forEach((ops, i) => {
      const f = new FormatControl();
      for (const [which, v] of ops) (which === 'no' ? f.addNoBinary(v) : f.addOnlyBinary(v));
      const w = want[i];
      expect(f.toJSON(), JSON.stringify(ops)).toEqual({ noBinary: w?.noBinary, onlyBinary: w?.onlyBinary });
      for (const n of ['a', 'b-c', 'd']) expect([...f.allowedFormats(n)].sort()).toEqual(w?.allowed[n]);
    });
  });
});

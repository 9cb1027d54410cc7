import { describe, expect, it } from 'vitest';
import { canonicalizeExtra, canonicalizeName, isNormalizedName, isValidName } from '../../src/pep508/index.js';
import { runOracles } from '../helpers/packaging.js';
import { pick, rng } from './generators.js';

describe('names', () => {
  // packaging.python.org "Names and normalization": these all normalise to friendly-bard.
  it.each(['friendly-bard', 'Friendly-Bard', 'FRIENDLY-BARD', 'friendly.bard', 'friendly_bard', 'friendly--bard', 'FrIeNdLy-._.-bArD'])('normalises %s (PEP 503)', (n) => {
    expect(canonicalizeName(n)).toBe('friendly-bard');
    expect(isValidName(n)).toBe(true);
  });

  it('checks validity (PEP 508 "Names") and the normalised form', () => {
    for (const n of ['A', 'a1', 'A.B-C_D', '1x', 'zope.interface']) expect(isValidName(n)).toBe(true);
    for (const n of ['', '-a', 'a-', 'a_', '.a', 'a b', 'café', 'a/b']) expect(isValidName(n)).toBe(false);
    expect(isNormalizedName('friendly-bard')).toBe(true);
    expect(isNormalizedName('Friendly-Bard')).toBe(false);
    expect(isNormalizedName('friendly--bard')).toBe(false);
    expect(isNormalizedName('-x')).toBe(false);
  });

  it('normalises extras like names (PEP 685)', () => {
    expect(canonicalizeExtra('Foo_Bar.baz')).toBe('foo-bar-baz');
  });

  it('agrees with packaging on normalisation and validity', async () => {
    const r = rng(503);
    const names: string[] = [];
    const alphabet = ['a', 'B', 'z', '0', '9', '-', '_', '.', '--', '._', ' ', 'é'];
    while (names.length < 3000) {
      let n = '';
      const len = 1 + Math.floor(r() * 8);
      for (let i = 0; i < len; i++) n += pick(r, alphabet);
      names.push(n);
    }
    const answers = await runOracles<[string, boolean | null, boolean | null][]>(
      `
import re
def run(O, cases):
    out = []
    for n in cases:
        valid = bool(re.fullmatch(r"[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9]", n, re.IGNORECASE | re.ASCII))
        norm = getattr(O.utils, 'is_normalized_name', None)
        out.append([O.utils.canonicalize_name(n), valid, None if norm is None else norm(n)])
    return out
`,
      names,
    );
    for (const [key, p] of Object.entries(answers)) {
      names.forEach((n, i) => {
        const [canonical, valid, normalized] = p![i]!;
        expect([key, n, canonicalizeName(n), isValidName(n)]).toEqual([key, n, canonical, valid]);
        if (normalized !== null) expect([key, n, isNormalizedName(n)]).toEqual([key, n, normalized]);
      });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { TargetError } from '../../src/errors.js';
import { formatCompressedTag, formatTag, parseCompressedTag, parseTag } from '../../src/tags/index.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

describe('parseTag', () => {
  it('expands a compressed tag set to every combination (PEP 425 examples)', () => {
    expect(parseTag('py2.py3-none-any').map(formatTag)).toEqual(['py2-none-any', 'py3-none-any']);
    expect(parseTag('cp38-cp38-manylinux_2_17_x86_64.manylinux2014_x86_64').map(formatTag)).toEqual([
      'cp38-cp38-manylinux_2_17_x86_64',
      'cp38-cp38-manylinux2014_x86_64',
    ]);
    expect(parseTag('py2.py3-a.b-x.y')).toHaveLength(8);
  });

  it('lower-cases, as packaging.tags.Tag does', () => {
    expect(parseTag('CP38-CP38-WIN_AMD64').map(formatTag)).toEqual(['cp38-cp38-win_amd64']);
  });

  it('round-trips the compressed form', () => {
    expect(formatCompressedTag(parseCompressedTag('py2.py3-none-any'))).toBe('py2.py3-none-any');
  });

  it.each(['py3-none', 'py3-none-any-x', 'py3..py2-none-any', '-none-any', 'py3-none-', '3py-none-any', 'py3-no ne-any', 'py3-none-any/x'])(
    'rejects %j with a TargetError',
    (text) => {
      expect(() => parseTag(text)).toThrow(TargetError);
    },
  );

  it.skipIf(!hasPython())('agrees with packaging.tags.parse_tag', async () => {
    const texts = ['py2.py3-none-any', 'cp312-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64', 'pp310-pypy310_pp73-win_amd64', 'py3-none-macosx_10_9_x86_64.macosx_11_0_arm64'];
    const expected = await runPythonJson<string[][]>(
      'import json,sys\nfrom pip._vendor.packaging.tags import parse_tag\nprint(json.dumps([sorted(map(str, parse_tag(t))) for t in json.load(sys.stdin)]))',
      texts,
    );
    texts.forEach((t, i) => expect(parseTag(t).map(formatTag).sort()).toEqual(expected[i]));
  });
});

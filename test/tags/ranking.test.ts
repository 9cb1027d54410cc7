import { describe, expect, it } from 'vitest';
import { bestTagRank, isCompatible, parseTag, parseTarget } from '../../src/tags/index.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

describe('ranking wheels for a target', () => {
  const target = parseTarget('cp312-manylinux_2_28_x86_64');

  it('prefers the wheel whose best tag comes first', () => {
    const native = bestTagRank(target, parseTag('cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64'));
    const abi3 = bestTagRank(target, parseTag('cp38-abi3-manylinux_2_28_x86_64'));
    const pure = bestTagRank(target, parseTag('py3-none-any'));
    expect(native).toBeDefined();
    expect(native! < abi3!).toBe(true);
    expect(abi3! < pure!).toBe(true);
    expect(isCompatible(target, parseTag('cp311-cp311-manylinux_2_17_x86_64'))).toBe(false);
    expect(isCompatible(target, parseTag('cp312-cp312-manylinux_2_29_x86_64'))).toBe(false);
  });

  it.skipIf(!hasPython())("agrees with pip's Wheel.support_index_min", async () => {
    const names = [
      'numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
      'cryptography-43.0.0-cp39-abi3-manylinux_2_28_x86_64.whl',
      'six-1.16.0-py2.py3-none-any.whl',
      'foo-1.0-py3-none-manylinux1_x86_64.whl',
      'bar-1.0-cp312-none-any.whl',
    ];
    const tags = target.tags.map((t) => `${t.interpreter}-${t.abi}-${t.platform}`);
    const pip = await runPythonJson<number[]>(
      [
        'import json,sys',
        'from pip._internal.models.wheel import Wheel',
        'from pip._vendor.packaging.tags import Tag',
        'req = json.load(sys.stdin)',
        'supported = [Tag(*t.split("-")) for t in req["tags"]]',
        'print(json.dumps([Wheel(n).support_index_min(supported) for n in req["names"]]))',
      ].join('\n'),
      { names, tags },
    );
    names.forEach((n, i) => {
      const tagText = n.slice(0, -4).split('-').slice(-3).join('-');
      expect(bestTagRank(target, parseTag(tagText)), n).toBe(pip[i]);
    });
  });
});

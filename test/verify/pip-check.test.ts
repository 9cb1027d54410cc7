import { describe, expect, test } from 'vitest';
import { formatTag, targetFromPipOptions } from '../../src/tags/index.js';
import { pipTargetFlags } from '../../src/verify/index.js';
import { lockTarget } from '../lockfile/fixtures.js';

/** pip's options back from the flags, as pip parses them. */
function parseFlags(flags: string[]): { pythonVersion?: string; platforms: string[]; implementation?: string; abis: string[] } {
  const out: { pythonVersion?: string; platforms: string[]; implementation?: string; abis: string[] } = { platforms: [], abis: [] };
  for (let i = 0; i < flags.length; i += 2) {
    const [flag, value] = [flags[i]!, flags[i + 1]!];
    if (flag === '--platform') out.platforms.push(value);
    else if (flag === '--abi') out.abis.push(value);
    else if (flag === '--python-version') out.pythonVersion = value;
    else if (flag === '--implementation') out.implementation = value;
  }
  return out;
}

describe('pipTargetFlags', () => {
  test('cp312-win_amd64', () => {
    expect(pipTargetFlags(lockTarget('cp312-win_amd64'))).toEqual(['--platform', 'win_amd64', '--python-version', '3.12', '--implementation', 'cp', '--abi', 'cp312']);
  });

  test.each(['cp311-manylinux_2_28_aarch64', 'cp312-win_amd64', 'cp39-macosx_11_0_arm64', 'cp313-musllinux_1_2_x86_64', 'pp310-manylinux_2_17_x86_64'])(
    'the flags make pip accept exactly the tags of %s (one --platform per platform tag)',
    (spelling) => {
      const target = lockTarget(spelling);
      const o = parseFlags(pipTargetFlags(target));
      const pip = targetFromPipOptions({ pythonVersion: o.pythonVersion!, platforms: o.platforms, implementation: o.implementation!, abis: o.abis });
      expect(new Set(pip.tags.map(formatTag))).toEqual(new Set(target.tags));
    },
  );
});

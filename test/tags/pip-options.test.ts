import { beforeAll, describe, expect, it } from 'vitest';
import { TargetError } from '../../src/errors.js';
import { detectHostTarget, formatTag, targetFromPipOptions, type HostTarget, type PipTargetOptions } from '../../src/tags/index.js';
import { hasPython, runPythonJson } from '../helpers/python.js';
import { applyDeviations } from './target-cases.js';

/** pip 23.2.1 itself: the flags through cmdoptions' parser into TargetPython.get_tags(). */
const PIP_TARGET = String.raw`
import json, sys
from pip._internal.cli.cmdoptions import _convert_python_version
from pip._internal.models.target_python import TargetPython
out = []
for c in json.load(sys.stdin):
    vi = None
    if c.get("pythonVersion") is not None:
        vi, err = _convert_python_version(c["pythonVersion"])
        if err:
            out.append({"error": err})
            continue
    tp = TargetPython(platforms=c.get("platforms"), py_version_info=vi, abis=c.get("abis"), implementation=c.get("implementation"))
    out.append({"tags": [str(t) for t in tp.get_tags()], "py_version": tp.py_version, "py_version_info": list(tp.py_version_info)})
print(json.dumps(out))
`;

interface PipAnswer {
  tags?: string[];
  py_version?: string;
  py_version_info?: number[];
  error?: string;
}

const PIP_FLAG_CASES: PipTargetOptions[] = [
  { pythonVersion: '3.12', platforms: ['manylinux_2_28_x86_64'], implementation: 'cp', abis: ['cp312'] },
  { pythonVersion: '3.12', platforms: ['manylinux_2_28_x86_64'] },
  { pythonVersion: '312', platforms: ['manylinux2014_x86_64'], implementation: 'cp' },
  { pythonVersion: '3.11', platforms: ['manylinux2014_aarch64', 'manylinux_2_28_aarch64'], implementation: 'cp' },
  { pythonVersion: '3.9', platforms: ['macosx_10_9_x86_64'], implementation: 'cp' },
  { pythonVersion: '3.12', platforms: ['macosx_11_0_arm64'], implementation: 'cp', abis: ['cp312'] },
  { pythonVersion: '3.12', platforms: ['win_amd64', 'win32'], implementation: 'cp', abis: ['cp312', 'abi3', 'none'] },
  { pythonVersion: '3.10', platforms: ['manylinux_2_17_x86_64'], implementation: 'pp', abis: ['pypy310_pp73'] },
  { pythonVersion: '3.9', platforms: ['manylinux_2_17_x86_64'], implementation: 'pp' },
  { pythonVersion: '3', platforms: ['linux_x86_64'], implementation: 'cp' },
  { pythonVersion: '3.7', platforms: ['manylinux1_x86_64'], implementation: 'cp' },
  { pythonVersion: '2.7', platforms: ['manylinux1_x86_64'], implementation: 'cp' },
  { pythonVersion: '3.8', platforms: ['musllinux_1_1_x86_64'], implementation: 'py', abis: ['none'] },
  { pythonVersion: '3.12.1', platforms: ['win_arm64'], implementation: 'cp' },
  { pythonVersion: '3.13', platforms: ['manylinux_2_28_x86_64'], implementation: 'cp', abis: ['cp313t'] },
  { platforms: ['manylinux_2_17_aarch64'] },
  { pythonVersion: '3.10' },
  { implementation: 'cp', abis: ['abi3'] },
  {},
];

describe.skipIf(!hasPython())("pip's flags give pip 23.2.1's tags", () => {
  let host: HostTarget;
  let answers: PipAnswer[];
  beforeAll(async () => {
    host = await detectHostTarget();
    answers = await runPythonJson<PipAnswer[]>(PIP_TARGET, PIP_FLAG_CASES);
  });

  it.each(PIP_FLAG_CASES.map((c, i) => [JSON.stringify(c), i] as const))('%s', (_label, i) => {
    const flags = PIP_FLAG_CASES[i] as PipTargetOptions;
    const pip = answers[i] as PipAnswer;
    const target = targetFromPipOptions(flags, host.pipDefaults);
    expect(target.tags.map(formatTag)).toEqual(applyDeviations(pip.tags as string[], target.abis));
    // Requires-Python checks use the padded version, as pip pads it.
    expect(target.markers.python_version).toBe(pip.py_version);
    expect(target.markers.python_full_version).toBe((pip.py_version_info as number[]).join('.'));
  });

  it('needs no host when the flags say everything pip would ask the interpreter', () => {
    const t = targetFromPipOptions({ pythonVersion: '3.12', platforms: ['manylinux_2_28_x86_64'], implementation: 'cp' });
    expect(t.tags.map(formatTag)).toEqual(targetFromPipOptions({ pythonVersion: '3.12', platforms: ['manylinux_2_28_x86_64'], implementation: 'cp' }, host.pipDefaults).tags.map(formatTag));
  });
});

describe('pip flags without a host', () => {
  it.each([
    [{ pythonVersion: '3.12', platforms: ['win_amd64'] }, '--implementation'],
    [{ implementation: 'cp', platforms: ['win_amd64'] }, '--python-version'],
    [{ implementation: 'cp', pythonVersion: '3.12' }, '--platform'],
    [{ implementation: 'pp', pythonVersion: '3.10', platforms: ['win_amd64'] }, '--abi'],
  ] as [PipTargetOptions, string][])('%j asks for %s', (flags, flag) => {
    expect(() => targetFromPipOptions(flags)).toThrow(TargetError);
    try {
      targetFromPipOptions(flags);
    } catch (e) {
      expect((e as TargetError).expected).toContain(flag);
      expect((e as TargetError).hint).toContain('python3');
    }
  });

  it('rejects values pip would take silently but that can never match a wheel', () => {
    expect(() => targetFromPipOptions({ pythonVersion: '3.12', implementation: 'cp', platforms: ['linux-x86_64'] })).toThrow(/invalid --platform/);
    expect(() => targetFromPipOptions({ pythonVersion: '3.12', implementation: 'cp', platforms: ['win_amd64'], abis: ['cp 312'] })).toThrow(/invalid --abi/);
    expect(() => targetFromPipOptions({ pythonVersion: '3.1.2.3', implementation: 'cp', platforms: ['win_amd64'] })).toThrow(/at most three/);
    expect(() => targetFromPipOptions({ pythonVersion: '3.x', implementation: 'cp', platforms: ['win_amd64'] })).toThrow(/must be an integer/);
    expect(() => targetFromPipOptions({ pythonVersion: '3.12', implementation: 'zz', platforms: ['win_amd64'] })).toThrow(/unknown Python implementation/);
  });

  it('gives the target marker values the flags determine, and marks the rest unknown', () => {
    const t = targetFromPipOptions({ pythonVersion: '3.12', implementation: 'cp', platforms: ['win_amd64'] });
    expect(t.markers).toMatchObject({ sys_platform: 'win32', platform_machine: 'AMD64', python_full_version: '3.12.0', implementation_name: 'cpython' });
    const mixed = targetFromPipOptions({ pythonVersion: '3.12', implementation: 'cp', platforms: ['manylinux2014_x86_64', 'manylinux2014_aarch64'] });
    expect(mixed.markers.sys_platform).toBe('linux');
    expect(mixed.markers.platform_machine).toBe('');
    expect(mixed.unknownMarkers).toContain('platform_machine');
  });
});

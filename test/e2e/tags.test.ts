/**
 * `wheelhouse tags`, run as a user runs it (the built CLI), against Python's packaging
 * and pip itself.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasPython } from '../helpers/python.js';
import { packagingOracle, type OracleResult } from '../tags/packaging-oracle.js';
import { pipDebugTags } from '../tags/pip-debug.js';
import { applyDeviations, TARGET_CASES } from '../tags/target-cases.js';

interface JsonTarget {
  name: string;
  interpreter: string;
  abis: string[];
  platforms: string[];
  tags: string[];
  markers: Record<string, string>;
  unknownMarkers: string[];
}

describe.skipIf(!hasPython())('wheelhouse tags --target', () => {
  let oracle: OracleResult;
  beforeAll(async () => {
    oracle = await packagingOracle(TARGET_CASES.map((c) => c.oracle));
  });

  it('prints exactly cpython_tags + compatible_tags for cp312-manylinux_2_28_x86_64', async () => {
    const i = TARGET_CASES.findIndex((c) => c.spelling === 'cp312-manylinux_2_28_x86_64');
    // P: manylinux_2_28 down to manylinux_2_5 with the legacy aliases, as packaging orders them.
    const P = oracle.pip.platforms[i] as string[];
    expect(P[0]).toBe('manylinux_2_28_x86_64');
    expect(P.at(-1)).toBe('manylinux1_x86_64');
    expect(P).toContain('manylinux2014_x86_64');
    expect(P).toContain('manylinux2010_x86_64');
    const r = await runCli(['tags', '--target', 'cp312-manylinux_2_28_x86_64']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${(oracle.pip.tags[i] as string[]).join('\n')}\n`);
    if (oracle.modern) expect(r.stdout).toBe(`${(oracle.modern.tags[i] as string[]).join('\n')}\n`);
  });

  it('prints every target of a matrix as packaging lists them (modern exactly; pip\'s after the declared deviations)', async () => {
    const r = await runCli(['tags', '--json', ...TARGET_CASES.flatMap((c) => ['--target', c.spelling])]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonTarget[];
    expect(out.map((t) => t.name)).toEqual(TARGET_CASES.map((c) => c.spelling));
    out.forEach((t, i) => {
      if (oracle.modern) expect(t.tags, t.name).toEqual(oracle.modern.tags[i]);
      expect(t.tags, t.name).toEqual(applyDeviations(oracle.pip.tags[i] as string[], t.abis));
    });
  });

  it('puts each target under a heading when there are several', async () => {
    const r = await runCli(['tags', '--target', 'cp311-win_amd64', '--target', 'windows-x86@3.10']);
    expect(r.code).toBe(0);
    const blocks = r.stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.split('\n')[0]).toBe('# cp311-win_amd64');
    expect(blocks[0]!.split('\n')[1]).toBe('cp311-cp311-win_amd64');
    expect(blocks[1]!.split('\n')[0]).toBe('# windows-x86@3.10');
    expect(blocks[1]!.split('\n')[1]).toBe('cp310-cp310-win32');
  });

  it('prints the marker environment with --markers', async () => {
    const r = await runCli(['tags', '--target', 'macos-arm64@3.12.3', '--markers']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain('sys_platform = "darwin"');
    expect(lines).toContain('platform_machine = "arm64"');
    expect(lines).toContain('python_full_version = "3.12.3"');
    expect(lines).toContain('platform_release = ""  # unknown for this target');
    expect(lines).toHaveLength(11);
  });

  it('rejects an invalid target with the text and the valid forms, exit code 2', async () => {
    const r = await runCli(['tags', '--target', 'cp312-manylinux_x86_64']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error\[E_TARGET\]: invalid target "cp312-manylinux_x86_64"/);
    expect(r.stderr).toContain('found: "cp312-manylinux_x86_64"');
    expect(r.stderr).toContain('expected: ');
    expect(r.stderr).toContain('manylinux_X_Y_ARCH');
  });
});

describe.skipIf(!hasPython())("wheelhouse tags with pip's flags", () => {
  const cases: string[][] = [
    ['--python-version', '3.12', '--platform', 'manylinux_2_28_x86_64', '--implementation', 'cp', '--abi', 'cp312'],
    ['--python-version', '3.11', '--platform', 'manylinux2014_aarch64', '--platform', 'manylinux_2_28_aarch64'],
    ['--python-version', '39', '--platform', 'macosx_10_9_x86_64', '--implementation', 'cp'],
    ['--python-version', '3.10', '--platform', 'manylinux_2_17_x86_64', '--implementation', 'pp', '--abi', 'pypy310_pp73'],
    ['--platform', 'win_amd64'],
  ];

  it.each(cases.map((c) => [c.join(' '), c] as const))('%s prints what pip debug --verbose prints', async (_label, flags) => {
    const [ours, pip] = await Promise.all([runCli(['tags', ...flags]), pipDebugTags(flags)]);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    // pip 23.2.1 names the macOS fat3 format "fat32" (see src/tags/deviations.ts).
    expect(ours.stdout).toBe(`${applyDeviations(pip, []).join('\n')}\n`);
  });

  it('side by side: --platform lists exact tags, --target stands for the machine', async () => {
    const [pipFlags, target] = await Promise.all([
      runCli(['tags', '--python-version', '3.12', '--platform', 'manylinux_2_28_x86_64', '--implementation', 'cp', '--abi', 'cp312']),
      runCli(['tags', '--target', 'cp312-manylinux_2_28_x86_64']),
    ]);
    const exact = pipFlags.stdout.trimEnd().split('\n');
    const machine = target.stdout.trimEnd().split('\n');
    expect(new Set(exact.map((t) => t.split('-')[2]))).toEqual(new Set(['manylinux_2_28_x86_64', 'any']));
    expect(exact).not.toContain('cp312-cp312-manylinux_2_17_x86_64');
    expect(machine).toContain('cp312-cp312-manylinux_2_17_x86_64');
    expect(machine).toContain('cp312-cp312-manylinux1_x86_64');
    // Everything pip's exact list accepts, the machine accepts too, in the same relative order.
    const rank = new Map(machine.map((t, i) => [t, i]));
    const ranks = exact.map((t) => rank.get(t));
    expect(ranks.every((r) => r !== undefined)).toBe(true);
    expect([...(ranks as number[])].sort((a, b) => a - b)).toEqual(ranks);
  });

  it('refuses --target together with pip\'s flags', async () => {
    const r = await runCli(['tags', '--target', 'cp312-win_amd64', '--platform', 'win_amd64']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[E_USAGE\]: --target cannot be combined/);
  });
});

describe.skipIf(!hasPython())('wheelhouse tags without a target', () => {
  it('prints the host\'s tags, as pip debug --verbose does', async () => {
    const [ours, pip] = await Promise.all([runCli(['tags']), pipDebugTags([])]);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(`${pip.join('\n')}\n`);
  });

  it('explains how to name a target when python3 is missing', async () => {
    const r = await runCli(['tags', '--python', '/nonexistent/python3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[E_TARGET\]: no target given, and \/nonexistent\/python3 was not found/);
    expect(r.stderr).toContain('hint: name the target instead: --target cp312-manylinux_2_28_x86_64');
  });
});

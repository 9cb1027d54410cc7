/**
 * Markers that select targets: the simplest marker for chosen subsets, written out; and a
 * property over random target sets and subsets, every marker evaluated by Python's
 * packaging (one batched process) in every target's environment — with every value a
 * target leaves unknown replaced by several plausible ones — to prove it selects exactly
 * the subset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LockfileError } from '../../src/errors.js';
import { describeTargetMarker, DISTINGUISHING_VARIABLES, markerForTargets, type LockTarget } from '../../src/lockfile/index.js';
import { hasPython } from '../helpers/python.js';
import { lockTarget } from './fixtures.js';
import { evaluateMarkers } from './packaging-oracle.js';

const POOL = [
  'cp38-manylinux_2_17_x86_64',
  'cp310-manylinux_2_17_x86_64',
  'cp311-manylinux_2_17_x86_64',
  'cp312-manylinux_2_17_x86_64',
  'cp313-manylinux_2_28_x86_64',
  'cp312-manylinux_2_28_x86_64',
  'cp312-manylinux_2_17_aarch64',
  'cp311-musllinux_1_2_x86_64',
  'cp312-win_amd64',
  'cp311-win_amd64',
  'cp312-win32',
  'cp312-win_arm64',
  'cp312-macosx_12_0_arm64',
  'cp311-macosx_11_0_x86_64',
  'cp312-macosx_11_0_universal2',
  'pp310-manylinux_2_17_x86_64',
  'cp312-manylinux_2_17_x86_64@3.12.4',
  'cp312-win_amd64@3.12.7',
];

function marker(specs: string[], subset: string[]): ReturnType<typeof markerForTargets> {
  return markerForTargets(specs.map(lockTarget), subset.map((s) => lockTarget(s).name));
}

describe('markerForTargets: the simplest marker', () => {
  const cases: Array<[string, string[], string[], string]> = [
    ['one platform', ['cp312-manylinux_2_17_x86_64', 'cp312-win_amd64'], ['cp312-win_amd64'], 'sys_platform == "win32"'],
    ['one Python version', ['cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64', 'cp313-manylinux_2_28_x86_64'], ['cp312-manylinux_2_17_x86_64'], 'python_version == "3.12"'],
    ['the newest versions', ['cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64', 'cp313-manylinux_2_28_x86_64'], ['cp312-manylinux_2_17_x86_64', 'cp313-manylinux_2_28_x86_64'], 'python_version >= "3.12"'],
    ['the oldest versions', ['cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64', 'cp313-manylinux_2_28_x86_64'], ['cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64'], 'python_version < "3.13"'],
    [
      'a range in the middle',
      ['cp310-manylinux_2_17_x86_64', 'cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64', 'cp313-manylinux_2_28_x86_64'],
      ['cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64'],
      'python_version >= "3.11" and python_version < "3.13"',
    ],
    ['every version but one', ['cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64', 'cp313-manylinux_2_28_x86_64'], ['cp311-manylinux_2_17_x86_64', 'cp313-manylinux_2_28_x86_64'], 'python_version != "3.12"'],
    ['one machine', ['cp312-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_aarch64'], ['cp312-manylinux_2_17_aarch64'], 'platform_machine == "aarch64"'],
    ['two variables', ['cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64', 'cp311-win_amd64'], ['cp311-manylinux_2_17_x86_64'], 'sys_platform == "linux" and python_version == "3.11"'],
    ['implementation', ['cp310-manylinux_2_17_x86_64', 'pp310-manylinux_2_17_x86_64'], ['pp310-manylinux_2_17_x86_64'], 'implementation_name == "pypy"'],
    ['micro versions', ['cp312-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64@3.12.4'], ['cp312-manylinux_2_17_x86_64'], 'python_full_version < "3.12.4"'],
    [
      'a disjunction',
      ['cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64', 'cp311-win_amd64', 'cp312-win_amd64'],
      ['cp311-manylinux_2_17_x86_64', 'cp312-win_amd64'],
      '(sys_platform == "linux" and python_version == "3.11") or (sys_platform == "win32" and python_version == "3.12")',
    ],
    [
      'a machine when another target leaves it unknown',
      ['cp312-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_aarch64', 'cp312-macosx_11_0_universal2'],
      ['cp312-manylinux_2_17_aarch64'],
      'sys_platform == "linux" and platform_machine == "aarch64"',
    ],
  ];
  it.each(cases)('%s', (_, specs, subset, expected) => {
    expect(marker(specs, subset)).toEqual({ kind: 'marker', marker: expected });
  });

  it('needs no marker for every target', () => {
    expect(marker(['cp312-win_amd64', 'cp312-win32'], ['cp312-win_amd64', 'cp312-win32'])).toEqual({ kind: 'all' });
  });

  it('says which two targets no marker can separate (tags only)', () => {
    const result = marker(['cp312-manylinux_2_17_x86_64', 'cp312-manylinux_2_28_x86_64', 'cp312-win_amd64'], ['cp312-manylinux_2_28_x86_64']);
    expect(result).toMatchObject({ kind: 'inseparable', inside: 'cp312-manylinux_2_28_x86_64', outside: 'cp312-manylinux_2_17_x86_64' });
    expect(result.kind === 'inseparable' && result.message).toMatch(/differ only in their tags/);
  });

  it('says which value is unknown when that is what separates them', () => {
    const result = marker(['cp312-macosx_12_0_arm64', 'cp312-macosx_11_0_universal2'], ['cp312-macosx_12_0_arm64']);
    expect(result.kind === 'inseparable' && result.message).toMatch(/platform_machine of cp312-macosx_11_0_universal2/);
  });

  it('refuses an empty subset and unknown target names', () => {
    const targets = ['cp312-win_amd64', 'cp312-win32'].map(lockTarget);
    expect(() => markerForTargets(targets, [])).toThrow(LockfileError);
    expect(() => markerForTargets(targets, ['cp99-nowhere'])).toThrow(/unknown target "cp99-nowhere"/);
  });

  it('describes each target for pylock environments, adding what separates look-alikes', () => {
    const targets = ['cp312-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_x86_64@3.12.4', 'cp312-win_amd64'].map(lockTarget);
    expect(describeTargetMarker(targets, 'cp312-win_amd64')).toBe('implementation_name == "cpython" and python_version == "3.12" and sys_platform == "win32" and platform_machine == "AMD64"');
    expect(describeTargetMarker(targets, targets[1]!.name)).toBe(
      'implementation_name == "cpython" and python_version == "3.12" and sys_platform == "linux" and platform_machine == "x86_64" and python_full_version >= "3.12.4"',
    );
  });
});

interface Case {
  targets: LockTarget[];
  subset: number[];
}

/** Each environment a target could have: its own, and its unknown distinguishing values replaced. */
function possibleEnvironments(t: LockTarget, all: readonly LockTarget[]): Array<Record<string, string>> {
  const base = { ...t.markerEnvironment } as Record<string, string>;
  const unknown = DISTINGUISHING_VARIABLES.filter((v) => base[v] === '' || (t.unknownMarkers ?? []).includes(v));
  const envs = [base];
  for (const v of unknown) {
    const candidates = new Set([...all.map((o) => (o.markerEnvironment as unknown as Record<string, string>)[v] as string), 'x86_64', 'arm64', 'zz']);
    for (const value of candidates) envs.push({ ...base, [v]: value });
  }
  return envs;
}

describe.skipIf(!hasPython())('markerForTargets selects exactly the subset (checked by packaging)', () => {
  const allTargets = POOL.map(lockTarget);
  const caseArb: fc.Arbitrary<Case> = fc
    .uniqueArray(fc.integer({ min: 0, max: POOL.length - 1 }), { minLength: 2, maxLength: 8 })
    .chain((picked) =>
      fc.uniqueArray(fc.integer({ min: 0, max: picked.length - 1 }), { minLength: 1, maxLength: picked.length }).map((subset) => ({
        targets: picked.map((i) => allTargets[i] as LockTarget),
        subset,
      })),
    );

  it('over 400 random target sets and subsets', async () => {
    const samples = fc.sample(caseArb, { numRuns: 400, seed: 751 });
    const batch: Array<{ marker: string; envs: Array<Record<string, string>> }> = [];
    const expectations: Array<{ expected: boolean[]; batchIndex: number; text: string }> = [];
    let inseparable = 0;
    for (const { targets, subset } of samples) {
      const names = subset.map((i) => (targets[i] as LockTarget).name);
      const result = markerForTargets(targets, names);
      if (result.kind === 'all') {
        expect(subset.length).toBe(targets.length);
        continue;
      }
      if (result.kind === 'inseparable') {
        inseparable++;
        expect(names).toContain(result.inside);
        expect(names).not.toContain(result.outside);
        const a = targets.find((t) => t.name === result.inside) as LockTarget;
        const b = targets.find((t) => t.name === result.outside) as LockTarget;
        for (const v of DISTINGUISHING_VARIABLES) {
          const x = a.markerEnvironment[v];
          const y = b.markerEnvironment[v];
          const unknown = x === '' || y === '' || (a.unknownMarkers ?? []).includes(v) || (b.unknownMarkers ?? []).includes(v);
          if (!unknown) expect([v, x]).toEqual([v, y]);
        }
        continue;
      }
      targets.forEach((t, i) => {
        const envs = possibleEnvironments(t, targets);
        expectations.push({ expected: envs.map(() => subset.includes(i)), batchIndex: batch.length, text: `${result.marker} on ${t.name}` });
        batch.push({ marker: result.marker, envs });
      });
    }
    const verdicts = await evaluateMarkers(batch);
    for (const e of expectations) expect([e.text, verdicts[e.batchIndex]]).toEqual([e.text, e.expected]);
    // The sample must exercise both outcomes.
    expect(expectations.length).toBeGreaterThan(300);
    expect(inseparable).toBeGreaterThan(0);
  });
});

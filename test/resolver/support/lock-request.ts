/**
 * Building LockRequests in tests, and a stand-in for src/lockfile's marker builder (the
 * resolver takes the function as a parameter; these tests only need one that separates
 * their targets by sys_platform and python_version).
 */
import type { LockTarget } from '../../../src/lockfile/model.js';
import { Requirement } from '../../../src/pep508/requirement.js';
import { FormatControl } from '../../../src/requirements-txt/format-control.js';
import { createResolveLock, type LockRequest, type RootInput, type TargetMarkerFunction } from '../../../src/resolver/index.js';
import { parseTarget } from '../../../src/tags/parse-target.js';
import type { Target } from '../../../src/tags/target.js';

export const LINUX = parseTarget('cp312-manylinux_2_28_x86_64');
export const WINDOWS = parseTarget('cp312-win_amd64');
export const MAC_311 = parseTarget('cp311-macosx_12_0_arm64');

/** Root inputs from requirement lines, as `requirements.in` line 1, 2, … */
export function rootInputs(lines: readonly string[], file = 'requirements.in', via = `-r ${file}`): RootInput[] {
  return lines.map((text, i) => ({ requirement: Requirement.parse(text), source: `${file}:${i + 1}`, via }));
}

export function lockRequest(lines: readonly string[], overrides: Partial<LockRequest> = {}): LockRequest {
  return {
    requirements: rootInputs(lines),
    constraints: [],
    targets: [LINUX],
    prerelease: 'if-necessary-or-explicit',
    resolution: 'highest',
    formatControl: new FormatControl(),
    preferBinary: false,
    preferences: new Map(),
    hashPolicy: 'targets',
    options: { extraIndexUrls: [], findLinks: [], noIndex: false, onlyBinary: [], noBinary: [], preferBinary: false, pre: false },
    inputs: ['requirements.in'],
    ...overrides,
  };
}

export function formatControl(onlyBinary: string[] = [], noBinary: string[] = []): FormatControl {
  const fc = new FormatControl();
  for (const n of onlyBinary) fc.addOnlyBinary(n);
  for (const n of noBinary) fc.addNoBinary(n);
  return fc;
}

/** Separates targets by sys_platform, then python_version; says "inseparable" otherwise. */
export const testMarkers: TargetMarkerFunction = (targets: readonly LockTarget[], subset: Iterable<string>) => {
  const inside = new Set(subset);
  if (targets.every((t) => inside.has(t.name))) return { kind: 'all' };
  for (const variable of ['sys_platform', 'python_version'] as const) {
    const values = (names: (t: LockTarget) => boolean) => new Set(targets.filter(names).map((t) => t.markerEnvironment[variable]));
    const yes = values((t) => inside.has(t.name));
    const no = values((t) => !inside.has(t.name));
    if ([...yes].every((v) => !no.has(v))) return { kind: 'marker', marker: [...yes].sort().map((v) => `${variable} == "${v}"`).join(' or ') };
  }
  const a = targets.find((t) => inside.has(t.name))!;
  const b = targets.find((t) => !inside.has(t.name) && t.markerEnvironment.sys_platform === a.markerEnvironment.sys_platform)!;
  return { kind: 'inseparable', inside: a.name, outside: b.name, message: 'they agree on every marker variable' };
};

export const resolveWithTestMarkers = createResolveLock({ markerForTargets: testMarkers });

export function targetNames(targets: readonly Target[]): string[] {
  return targets.map((t) => t.name);
}

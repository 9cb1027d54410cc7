/** Building LockRequests in tests. */
import { Requirement } from '../../../src/pep508/requirement.js';
import { FormatControl } from '../../../src/requirements-txt/format-control.js';
import type { LockRequest, RootInput } from '../../../src/resolver/index.js';
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

export function targetNames(targets: readonly Target[]): string[] {
  return targets.map((t) => t.name);
}

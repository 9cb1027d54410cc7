/**
 * The target flags, spelled once for every command that takes targets (tags, lock,
 * download, verify, build): `--target` (repeatable) and pip's `--python-version`,
 * `--platform`, `--implementation`, `--abi`, plus `--python` for the host. Turn the parsed
 * values into a `TargetSelection` (src/inputs/targets.ts) with `targetSelectionFromFlags`.
 */
import * as Flags from '@oclif/core/flags';
import type { TargetSelection } from '../inputs/targets.js';
import type { PipTargetOptions } from '../tags/pip-options.js';

const TARGET = 'TARGET';

export function targetFlags() {
  return {
    target: Flags.string({ char: 't', multiple: true, summary: 'A target machine: cp312-manylinux_2_28_x86_64, linux-x86_64@3.12, … (repeatable).', helpGroup: TARGET }),
    'python-version': Flags.string({ summary: "pip's --python-version: 3, 3.12, 312 or 3.12.1.", helpGroup: TARGET }),
    platform: Flags.string({ multiple: true, summary: "pip's --platform: an exact platform tag (repeatable).", helpGroup: TARGET }),
    implementation: Flags.string({ summary: "pip's --implementation: cp, pp, ip, jy or py.", helpGroup: TARGET }),
    abi: Flags.string({ multiple: true, summary: "pip's --abi (repeatable).", helpGroup: TARGET }),
    python: Flags.string({ summary: 'The interpreter that describes the host when no target is given (default python3).', helpGroup: TARGET }),
  };
}

/** What oclif parses the flags of `targetFlags()` into. */
export interface TargetFlagValues {
  target?: string[] | undefined;
  'python-version'?: string | undefined;
  platform?: string[] | undefined;
  implementation?: string | undefined;
  abi?: string[] | undefined;
  python?: string | undefined;
}

export function pipTargetOptionsFromFlags(flags: TargetFlagValues): PipTargetOptions {
  return {
    ...(flags['python-version'] === undefined ? {} : { pythonVersion: flags['python-version'] }),
    ...(flags.platform === undefined ? {} : { platforms: flags.platform }),
    ...(flags.implementation === undefined ? {} : { implementation: flags.implementation }),
    ...(flags.abi === undefined ? {} : { abis: flags.abi }),
  };
}

export function targetSelectionFromFlags(flags: TargetFlagValues): TargetSelection {
  return {
    ...(flags.target ? { targets: flags.target } : {}),
    pip: pipTargetOptionsFromFlags(flags),
    ...(flags.python === undefined ? {} : { python: flags.python }),
  };
}

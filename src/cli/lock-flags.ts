/**
 * The flags of commands that lock (lock, and download/build given unpinned inputs), spelled
 * once: the inputs (-r, -c, --extra, --all-extras, --group), the resolution policies, the
 * targets (--target, pip's --python-version/--platform/--implementation/--abi, --python),
 * and the turning of parsed values into `LockInputOptions` for `collectLockInputs`.
 */
import * as Flags from '@oclif/core/flags';
import { PRERELEASE_POLICIES, RESOLUTION_STRATEGIES, type BinaryOption, type LockInputOptions } from '../inputs/collect.js';
import type { PrereleasePolicy, ResolutionStrategy } from '../resolver/lock-request.js';
import { indexOptionsFromFlags, type IndexFlagValues } from './index-flags.js';
import { targetSelectionFromFlags, type TargetFlagValues } from './target-flags.js';

export function inputFlags() {
  return {
    requirement: Flags.string({ char: 'r', multiple: true, summary: 'Read requirements from FILE, as pip -r (repeatable).', helpGroup: 'INPUT' }),
    constraint: Flags.string({ char: 'c', multiple: true, summary: 'Constrain versions with FILE, as pip -c (repeatable).', helpGroup: 'INPUT' }),
    extra: Flags.string({ multiple: true, summary: 'Include this extra of a pyproject.toml input (repeatable; comma-separated lists too).', helpGroup: 'INPUT' }),
    'all-extras': Flags.boolean({ summary: 'Include every extra of the pyproject.toml inputs.', helpGroup: 'INPUT' }),
    group: Flags.string({ multiple: true, summary: 'Include this PEP 735 dependency group: NAME or PATH/pyproject.toml:NAME (repeatable).', helpGroup: 'INPUT' }),
  };
}

/** `--only-binary` / `--no-binary` (pip's binary policy). */
export function binaryFlags() {
  return {
    'only-binary': Flags.string({ multiple: true, summary: 'Use only wheels: :all:, :none: or package names (repeatable, as pip).', helpGroup: 'RESOLUTION' }),
    'no-binary': Flags.string({ multiple: true, summary: 'Use only sdists: :all:, :none: or package names (repeatable, as pip).', helpGroup: 'RESOLUTION' }),
  };
}

export function resolutionFlags() {
  return {
    pre: Flags.boolean({ char: 'p', summary: 'Allow pre-releases of every package (pip --pre; same as --prerelease allow).', helpGroup: 'RESOLUTION' }),
    prerelease: Flags.string({ options: [...PRERELEASE_POLICIES], summary: 'Pre-release policy (uv): default if-necessary-or-explicit.', helpGroup: 'RESOLUTION' }),
    resolution: Flags.string({ options: [...RESOLUTION_STRATEGIES], summary: 'highest (default), lowest, or lowest-direct (lowest for the requirements you name, highest for the rest).', helpGroup: 'RESOLUTION' }),
    'exclude-newer': Flags.string({ summary: 'Ignore files uploaded at or after DATE (2024-06-01, UTC; or 2024-06-01T12:00:00Z).', helpGroup: 'RESOLUTION' }),
    ...binaryFlags(),
    'prefer-binary': Flags.boolean({ summary: 'Prefer an older version with a wheel to a newer one with only an sdist.', helpGroup: 'RESOLUTION' }),
  };
}

export interface LockFlagValues extends IndexFlagValues, TargetFlagValues {
  requirement?: string[] | undefined;
  constraint?: string[] | undefined;
  extra?: string[] | undefined;
  'all-extras'?: boolean | undefined;
  group?: string[] | undefined;
  pre?: boolean | undefined;
  prerelease?: string | undefined;
  resolution?: string | undefined;
  'exclude-newer'?: string | undefined;
  'prefer-binary'?: boolean | undefined;
}

export type RawToken = { type: 'arg'; input: string } | { type: 'flag'; flag: string; input: string };

/** `--only-binary` / `--no-binary` values in command-line order (pip applies them in order). */
export function binaryOptions(raw: readonly RawToken[]): BinaryOption[] {
  const out: BinaryOption[] = [];
  for (const t of raw) {
    if (t.type === 'flag' && (t.flag === 'only-binary' || t.flag === 'no-binary')) out.push({ option: t.flag, value: t.input });
  }
  return out;
}

/** `collectLockInputs` options from the flags every locking command shares (no output options). */
export function lockInputOptions(flags: LockFlagValues, argv: readonly string[], raw: readonly RawToken[], env: NodeJS.ProcessEnv): LockInputOptions {
  const indexOptions = indexOptionsFromFlags(flags, env);
  return {
    env,
    arguments: [...argv],
    ...(flags.requirement ? { requirementFiles: flags.requirement } : {}),
    ...(flags.constraint ? { constraintFiles: flags.constraint } : {}),
    ...(flags.extra ? { extras: flags.extra } : {}),
    allExtras: Boolean(flags['all-extras']),
    ...(flags.group ? { groups: flags.group } : {}),
    index: {
      ...(indexOptions.indexUrl === undefined ? {} : { indexUrl: indexOptions.indexUrl }),
      ...(indexOptions.extraIndexUrls === undefined ? {} : { extraIndexUrls: indexOptions.extraIndexUrls }),
      ...(indexOptions.noIndex === undefined ? {} : { noIndex: indexOptions.noIndex }),
      ...(indexOptions.findLinks === undefined ? {} : { findLinks: indexOptions.findLinks }),
    },
    binary: binaryOptions(raw),
    preferBinary: Boolean(flags['prefer-binary']),
    pre: Boolean(flags.pre),
    ...(flags.prerelease === undefined ? {} : { prerelease: flags.prerelease as PrereleasePolicy }),
    ...(flags.resolution === undefined ? {} : { resolution: flags.resolution as ResolutionStrategy }),
    ...(flags['exclude-newer'] === undefined ? {} : { excludeNewer: flags['exclude-newer'] }),
    targets: targetSelectionFromFlags(flags),
  };
}

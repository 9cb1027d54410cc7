/**
 * The contract of `resolveLock`: what the lock command (and the downloader, for unpinned
 * inputs and build backends) asks the resolver, and what it gets back. Plain data: the
 * inputs are already parsed (requirements files, pyproject.toml, command line), the
 * targets already built, the index client already configured.
 */
import type { Requirement } from '../pep508/requirement.js';
import type { Version } from '../pep440/version.js';
import type { Target } from '../tags/target.js';
import type { FormatControl } from '../requirements-txt/format-control.js';
import type { HashPolicy, Lock, LockOptions } from '../lockfile/model.js';
import type { PackageIndex } from '../index/package-index.js';

/** A root requirement or constraint and where it came from. */
export interface RootInput {
  requirement: Requirement;
  /** Where it was written, for explanations: `requirements.in:3`, `pyproject.toml`, `command line`. */
  source: string;
  /** pip-compile's `# via` word for it: `-r requirements.in`, `-c constraints.txt`, `pyproject.toml`. */
  via: string;
  /** Hashes written beside it (`--hash`), which restrict the files it may use. */
  hashes?: readonly string[];
}

/**
 * Pre-release policy (uv's names). `if-necessary-or-explicit` (the default): allowed for
 * a package when a root requirement's specifier names a pre-release, or when every
 * version of the package is a pre-release; `allow` is pip's `--pre`.
 */
export type PrereleasePolicy = 'disallow' | 'allow' | 'if-necessary' | 'explicit' | 'if-necessary-or-explicit';

/** `highest` (default), `lowest` (every package), `lowest-direct` (root requirements lowest, the rest highest). */
export type ResolutionStrategy = 'highest' | 'lowest' | 'lowest-direct';

export interface LockRequest {
  requirements: readonly RootInput[];
  /** `-c` constraints: they restrict versions, never add packages. */
  constraints: readonly RootInput[];
  /** One resolution per target, merged into one lock. At least one. */
  targets: readonly Target[];
  prerelease: PrereleasePolicy;
  resolution: ResolutionStrategy;
  /** Ignore files uploaded after this instant (PEP 700 upload-time). */
  excludeNewer?: Date;
  /** `--only-binary` / `--no-binary`. */
  formatControl: FormatControl;
  preferBinary: boolean;
  /**
   * Versions to keep when they still satisfy (pip-compile keeps the pins of the existing
   * output lockfile unless upgraded), by canonical name.
   */
  preferences: ReadonlyMap<string, Version>;
  hashPolicy: HashPolicy;
  /** Passed through into `Lock.options`. */
  options: LockOptions;
  /** Into `Lock.inputs`. */
  inputs: readonly string[];
}

export interface LockResult {
  lock: Lock;
  /** Things the user should know (a yanked pin, a pre-release chosen because nothing else fits...). */
  warnings: string[];
}

/** The resolver's entry point, implemented in src/resolver/. */
export type ResolveLock = (request: LockRequest, index: PackageIndex, signal?: AbortSignal) => Promise<LockResult>;

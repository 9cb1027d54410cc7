/**
 * A wheelhouse.yaml, validated: every relative path made absolute against the file's folder,
 * every value checked (requirements parse, targets exist, dates are dates). Plain data; the
 * `build` command merges its flags over it (build-plan.ts).
 */
import type { IndexStrategy } from '../index/client/options.js';
import type { BinaryOption } from '../inputs/collect.js';
import type { LockFormat } from '../inputs/output-path.js';
import type { HashPolicy } from '../lockfile/model.js';
import type { PrereleasePolicy, ResolutionStrategy } from '../resolver/lock-request.js';
import type { Target } from '../tags/target.js';

/** One entry of `targets`: a target built from the file, or the machine wheelhouse runs on. */
export type ConfigTarget = { kind: 'target'; target: Target } | { kind: 'host' };

export interface WheelhouseConfig {
  /** Absolute path of the file. */
  file: string;
  /** Its folder: relative paths in the file are relative to it. */
  dir: string;
  /** `requirements` entries that are files (requirements.in, pyproject.toml), absolute. */
  requirementFiles?: string[];
  /** `requirements` entries that are PEP 508 requirement strings. */
  requirementStrings?: string[];
  /** `constraints`, absolute. */
  constraints?: string[];
  extras?: string[];
  allExtras?: boolean;
  /** `groups`: NAME or PATH/pyproject.toml:NAME with PATH absolute. */
  groups?: string[];
  /** A URL, or an absolute path of a local PEP 503 tree. */
  indexUrl?: string;
  extraIndexUrls?: string[];
  /** URLs or absolute paths. */
  findLinks?: string[];
  noIndex?: boolean;
  indexStrategy?: IndexStrategy;
  targets?: ConfigTarget[];
  /** `only-binary` and `no-binary` values in the order the file gives them. */
  binary?: BinaryOption[];
  preferBinary?: boolean;
  pre?: boolean;
  prerelease?: PrereleasePolicy;
  resolution?: ResolutionStrategy;
  /** As written (already checked to be a date). */
  excludeNewer?: string;
  hashes?: HashPolicy;
  lock?: { path?: string; format?: LockFormat };
  wheelhouse?: { dir?: string; index?: boolean };
  buildDeps?: boolean;
  concurrency?: number;
  verify?: { pip?: boolean; python?: string };
}

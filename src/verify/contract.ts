/**
 * The contract of the verifier: what `wheelhouse verify` and `wheelhouse build` ask it, and
 * what they get back. The static check needs no Python; the pip check runs the real pip.
 */
import type { Lock } from '../lockfile/model.js';
import type { PipTargetOptions } from '../tags/pip-options.js';

export interface VerifyRequest {
  /** The wheelhouse directory (layout: src/download/contract.ts). */
  dir: string;
  /** The lock to check against; default DIR/pylock.toml, else DIR/requirements.txt (read by the caller or the verifier). */
  lock?: Lock;
  /** Path of the lockfile `lock` was read from, for messages and for the pip check (`-r`). */
  lockPath?: string;
  /** Names of the lock's targets to check; default every target. */
  targets?: readonly string[];
  /** Also ask the real pip (`--pip`). */
  pip?: boolean;
  /** The interpreter for the pip check (`--python`, default python3). */
  python?: string;
  signal?: AbortSignal;
  /**
   * Added by the verifier (optional): pip's target flags, for a lock that records no targets
   * (a requirements.txt lock). Such a lock's targets come from `targets` (then target
   * spellings, parseTarget), these flags, or the host — as `wheelhouse lock` chooses them.
   */
  pipTargetOptions?: PipTargetOptions;
  /** Added (optional): files read at once (default 4). */
  concurrency?: number;
  /** Added (optional): what the verifier is doing, in words, for a progress line (never required). */
  onProgress?: (message: string) => void;
}

export type VerifyStatus = 'ok' | 'missing' | 'hash-mismatch' | 'corrupt' | 'unsatisfied-dependency' | 'needs-build' | 'not-applicable';

/** One cell of the package × target table. */
export interface VerifyCell {
  package: string;
  version: string;
  target: string;
  status: VerifyStatus;
  /** The file chosen for the target, relative to DIR. */
  file?: string;
  /** Why, in words, naming files and packages (e.g. "needs idna>=2.5 (from requests 2.31.0); the lock has none"). */
  reasons: string[];
  /**
   * Added (optional): for an sdist (`needs-build`, or `unsatisfied-dependency` when its build
   * requirements are not all in DIR), the wheels in DIR that its build environment would use.
   */
  buildFiles?: string[];
}

export interface PipVerdict {
  target: string;
  /** The command run, credentials removed. */
  command: string;
  ok: boolean;
  /** The end of pip's output when it failed. */
  output: string;
  /**
   * Added (optional): packages left out of pip's check for this target, with why (a foreign
   * target's sdists: pip cannot build for another machine, and `--only-binary=:all:` refuses them).
   */
  skipped?: string[];
  /** Added (optional): whether pip's verdict agrees with the static one for this target. */
  agrees?: boolean;
  /** Added (optional): when they disagree, why (what the static check sees that pip does not look at, or that pip found more). */
  note?: string;
}

export interface VerifyReport {
  dir: string;
  lockPath?: string;
  targets: string[];
  cells: VerifyCell[];
  /** Files in DIR that nothing in the lock uses. */
  unused: string[];
  /** Present when the pip check ran. */
  pip?: PipVerdict[];
  /** Added (optional): wheels in DIR used only to build sdists (not locked packages). */
  buildDependencies?: string[];
  /** Added (optional): things worth knowing that are not failures (unreadable markers, no hashes in the lock...). */
  warnings?: string[];
  /** True when every cell is ok / not-applicable / needs-build with its build requirements present, and pip (when asked) agreed. */
  ok: boolean;
}

/** The verifier's entry point, implemented in src/verify/. */
export type VerifyWheelhouse = (request: VerifyRequest) => Promise<VerifyReport>;

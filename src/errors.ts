/**
 * The error families of wheelhouse.
 *
 * Every failure the user can cause or meet is one of these classes. Each family has a
 * stable code (grep-able in output and docs) and an exit code. Errors carry where the
 * problem is (file/line/column or URL), the offending text and what was expected; they
 * are rendered once, at the command boundary (src/cli/render-error.ts).
 */
import { redactCredentials } from './util/redact.js';

/** Process exit codes; documented in README ("Exit codes"). Stable. */
export const ExitCode = {
  ok: 0,
  /** The task failed: unsatisfiable requirements, verify found a problem, hash mismatch. */
  failure: 1,
  /** Bad usage or bad input: unknown flag, invalid requirements file, config, version. */
  usage: 2,
  /** The network or an index failed after retries. */
  network: 3,
  /** A bug in wheelhouse. */
  internal: 4,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Where a problem is: a place in a file, or a URL (always redacted when rendered). */
export interface Location {
  file?: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  column?: number;
  url?: string;
}

export interface ErrorDetails {
  location?: Location;
  /** The offending text, verbatim. */
  text?: string;
  /** What was expected instead, in words. */
  expected?: string;
  /** A suggestion for the user. */
  hint?: string;
  cause?: unknown;
}

export abstract class WheelhouseError extends Error {
  /** Stable family code, e.g. `E_PEP440`. */
  abstract readonly code: string;
  /** Exit code of a command that fails with this error. */
  readonly exitCode: ExitCodeValue = ExitCode.failure;
  readonly location?: Location;
  readonly text?: string;
  readonly expected?: string;
  readonly hint?: string;

  constructor(message: string, details: ErrorDetails = {}) {
    super(redactCredentials(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    if (details.location) {
      this.location = {
        ...details.location,
        ...(details.location.url === undefined ? {} : { url: redactCredentials(details.location.url) }),
      };
    }
    if (details.text !== undefined) this.text = redactCredentials(details.text);
    if (details.expected !== undefined) this.expected = details.expected;
    if (details.hint !== undefined) this.hint = details.hint;
  }

  /** `file:line:column`, `file:line`, `file` or the URL; undefined when nowhere in particular. */
  where(): string | undefined {
    const loc = this.location;
    if (!loc) return undefined;
    if (loc.file !== undefined) {
      let s = loc.file;
      if (loc.line !== undefined) s += `:${loc.line}`;
      if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
      return loc.url === undefined ? s : `${s} (${loc.url})`;
    }
    return loc.url;
  }
}

/** Bad command-line usage: unknown or conflicting flags, missing arguments. */
export class UsageError extends WheelhouseError {
  readonly code = 'E_USAGE';
  override readonly exitCode = ExitCode.usage;
}

/** An invalid PEP 440 version or specifier. */
export class VersionError extends WheelhouseError {
  readonly code = 'E_PEP440';
  override readonly exitCode = ExitCode.usage;
}

/** An invalid PEP 508 requirement or marker, or a marker that cannot be evaluated. */
export class RequirementError extends WheelhouseError {
  readonly code = 'E_PEP508';
  override readonly exitCode = ExitCode.usage;
}

/** An invalid wheel or sdist file name (PEP 427, PEP 491, PEP 625). */
export class FilenameError extends WheelhouseError {
  readonly code = 'E_FILENAME';
  override readonly exitCode = ExitCode.usage;
}

/** An invalid target or tag (PEP 425): unknown platform, malformed short spelling. */
export class TargetError extends WheelhouseError {
  readonly code = 'E_TARGET';
  override readonly exitCode = ExitCode.usage;
}

/** A requirements file that pip would not accept, or an include cycle. */
export class RequirementsFileError extends WheelhouseError {
  readonly code = 'E_REQUIREMENTS_FILE';
  override readonly exitCode = ExitCode.usage;
}

/** An invalid wheelhouse.yaml or pyproject.toml. */
export class ConfigError extends WheelhouseError {
  readonly code = 'E_CONFIG';
  override readonly exitCode = ExitCode.usage;
}

/** The network failed after retries: connection refused/reset, timeout, 5xx, 429. */
export class NetworkError extends WheelhouseError {
  readonly code = 'E_NETWORK';
  override readonly exitCode = ExitCode.network;
}

/** An index answered, but with something wrong: a malformed page, a 404 for a file it listed. */
export class IndexError extends WheelhouseError {
  readonly code = 'E_INDEX';
}

/** Bytes that do not match the hash or size they were promised with. */
export class HashMismatchError extends WheelhouseError {
  readonly code = 'E_HASH_MISMATCH';
}

/** A wheel or sdist that cannot be read safely: corrupt, hostile, or over a limit. */
export class ArchiveError extends WheelhouseError {
  readonly code = 'E_ARCHIVE';
}

/** Core metadata that is missing, invalid or unavailable without a build. */
export class MetadataError extends WheelhouseError {
  readonly code = 'E_METADATA';
}

/** The cache directory is unusable. */
export class CacheError extends WheelhouseError {
  readonly code = 'E_CACHE';
}

/** No resolution exists; the message explains why. */
export class ResolutionError extends WheelhouseError {
  readonly code = 'E_RESOLUTION';
}

/** A lockfile that cannot be read or written. */
export class LockfileError extends WheelhouseError {
  readonly code = 'E_LOCKFILE';
}

/** A file could not be downloaded into the wheelhouse. */
export class DownloadError extends WheelhouseError {
  readonly code = 'E_DOWNLOAD';
}

/** The wheelhouse does not satisfy its lock for some target. */
export class VerifyError extends WheelhouseError {
  readonly code = 'E_VERIFY';
}

/** A bug: something wheelhouse believed impossible happened. */
export class InternalError extends WheelhouseError {
  readonly code = 'E_INTERNAL';
  override readonly exitCode = ExitCode.internal;
}

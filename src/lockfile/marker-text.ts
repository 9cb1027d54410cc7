/**
 * Checks of the marker and specifier texts the lockfile readers accept and the writers
 * write, by PEP 508 (`Marker`) and PEP 440 (`SpecifierSet`), as problems the callers turn
 * into LockfileErrors at the right key or line.
 */
import { RequirementError, VersionError, type WheelhouseError } from '../errors.js';
import { Marker } from '../pep508/marker.js';
import { SpecifierSet } from '../pep440/specifier-set.js';

/** Variables only pylock.toml markers may use (PEP 751: sets of names). */
const LOCK_FILE_VARIABLES = new Set(['extras', 'dependency_groups']);

export interface TextProblem {
  message: string;
  /** 0-based offset of the problem in the text. */
  offset: number;
  expected: string;
}

function problemOf(err: WheelhouseError): TextProblem {
  return { message: err.message, offset: Math.max(0, (err.location?.column ?? 1) - 1), expected: err.expected ?? '' };
}

/**
 * Undefined when `text` is a PEP 508 marker; else what is wrong. `lockFile` allows the
 * `extras` and `dependency_groups` variables PEP 751 allows in pylock.toml markers.
 */
export function checkMarkerText(text: string, options: { lockFile?: boolean } = {}): TextProblem | undefined {
  let marker: Marker;
  try {
    marker = Marker.parse(text);
  } catch (e) {
    if (e instanceof RequirementError) return problemOf(e);
    throw e;
  }
  if (!options.lockFile) {
    const only = [...marker.variables()].find((v) => LOCK_FILE_VARIABLES.has(v));
    if (only !== undefined) {
      return { message: `unknown marker variable ${JSON.stringify(only)}`, offset: Math.max(0, text.indexOf(only)), expected: 'a PEP 508 marker variable (extras and dependency_groups only in pylock.toml)' };
    }
  }
  return undefined;
}

/** Undefined when `text` is a PEP 440 specifier set (possibly empty), e.g. ">=3.9,<4"; else what is wrong. */
export function checkSpecifierText(text: string): TextProblem | undefined {
  try {
    SpecifierSet.parse(text);
    return undefined;
  } catch (e) {
    if (e instanceof VersionError) return problemOf(e);
    throw e;
  }
}

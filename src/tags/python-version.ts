/**
 * A target's Python version: major, optional minor, optional micro — the shape pip's
 * `--python-version` takes (`3`, `3.12`, `312`, `3.12.1`). Only CPython-style numbers:
 * this is not a PEP 440 version.
 */
import { TargetError } from '../errors.js';

export interface PythonVersion {
  readonly major: number;
  readonly minor?: number;
  readonly micro?: number;
}

const MAX_MINOR = 99;

const EXPECTED = 'a Python version such as "3.12", "3.12.1", "312" or "3" (major version 2 or 3)';

function fail(text: string, why: string, what: string): TargetError {
  return new TargetError(`invalid ${what}: ${why}`, { text, expected: EXPECTED });
}

/**
 * Parses a Python version the way pip parses `--python-version` (cmdoptions
 * `_convert_python_version`): dotted parts, or a dot-less "312" whose first digit is the
 * major version. Stricter than pip in two ways: parts must be decimal digits (pip's
 * `int()` also takes "+3" or " 3"), and the major version must be 2 or 3 (pip's dot-less
 * form cannot express major versions above 9, and nothing else has wheels).
 */
export function parsePythonVersion(text: string, what = 'Python version'): PythonVersion {
  const parts = text.split('.');
  if (text === '') throw fail(text, 'empty', what);
  if (parts.length > 3) throw fail(text, 'at most three version parts are allowed', what);
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p)) throw fail(text, 'each version part must be an integer', what);
  }
  let numbers: number[];
  if (parts.length === 1) {
    const only = parts[0] as string;
    numbers = only.length > 1 ? [Number(only[0]), Number(only.slice(1))] : [Number(only)];
  } else {
    numbers = parts.map(Number);
  }
  const [major, minor, micro] = numbers as [number, number | undefined, number | undefined];
  if (major !== 2 && major !== 3) throw fail(text, `major version ${major} is not 2 or 3`, what);
  // A target's tag list names every minor version below its own (cp312, cp311, …, abi3
  // down to cp32): 3.1999999992 would list billions. No real minor is near 100.
  if (minor !== undefined && minor > MAX_MINOR) throw fail(text, `minor version ${minor} is beyond any real Python (at most ${MAX_MINOR})`, what);
  return {
    major,
    ...(minor === undefined ? {} : { minor }),
    ...(micro === undefined ? {} : { micro }),
  };
}

/** "3", "3.12" or "3.12.1": the parts that were given. */
export function formatPythonVersion(v: PythonVersion): string {
  return [v.major, v.minor, v.micro].filter((n) => n !== undefined).join('.');
}

/** The dot-less major+minor used in tags: "312", or "3" for a major-only version. */
export function pythonVersionNodot(v: PythonVersion): string {
  return v.minor === undefined ? String(v.major) : `${v.major}${v.minor}`;
}

/**
 * The version padded to three parts with zeros, as pip pads `--python-version` for
 * Requires-Python checks (`normalize_version_info`): "3.12" → "3.12.0", "3" → "3.0.0".
 */
export function pythonFullVersion(v: PythonVersion): string {
  return `${v.major}.${v.minor ?? 0}.${v.micro ?? 0}`;
}

/** major.minor, padded as pip pads it ("3" → "3.0"): the `python_version` marker. */
export function pythonShortVersion(v: PythonVersion): string {
  return `${v.major}.${v.minor ?? 0}`;
}

/** Compares major, minor (missing = 0) and micro (missing = 0). */
export function comparePythonVersions(a: PythonVersion, b: PythonVersion): number {
  return a.major - b.major || (a.minor ?? 0) - (b.minor ?? 0) || (a.micro ?? 0) - (b.micro ?? 0);
}

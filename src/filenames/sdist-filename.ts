/**
 * Source distribution file names.
 *
 * - Standard (PEP 625): `{name}-{version}.tar.gz`, the name normalised and escaped with
 *   `_`, so the last `-` separates name and version.
 * - Legacy: any archive pip 23.2.1 accepts (`.zip`, `.tar.gz`, `.tgz`, `.tar`, `.tar.bz2`,
 *   `.tbz`, `.tar.xz`, `.txz`, `.tlz`, `.tar.lz`, `.tar.lzma`), with a name that may contain
 *   dashes and a version that may too (`foo-bar-1.0-1.tar.gz`). Such a name is ambiguous
 *   without knowing the project: given the expected project, the separator is the first
 *   `-` before which the text canonicalises to the project's name (pip's
 *   `_find_name_version_sep`); without it, the last `-` (packaging's
 *   `parse_sdist_filename`).
 */
import { FilenameError, type Location } from '../errors.js';
import { canonicalizeName, isValidName } from '../pep508/name.js';
import { escapeFilenameName } from './names.js';
import { assertSafeFilename } from './safe-filename.js';
import { looksLikeVersion } from './version-text.js';

/** pip 23.2.1's archive extensions other than `.whl` (utils/filetypes.py, with bz2 and lzma available). */
export const SDIST_EXTENSIONS = ['.tar.gz', '.zip', '.tgz', '.tar', '.tar.bz2', '.tbz', '.tar.xz', '.txz', '.tlz', '.tar.lz', '.tar.lzma'] as const;
export type SdistExtension = (typeof SDIST_EXTENSIONS)[number];

export interface SdistFilename {
  readonly filename: string;
  /** the name part as written */
  readonly name: string;
  /** PEP 503 canonical name */
  readonly normalizedName: string;
  /** the version part as written (without a legacy "-pyX.Y" suffix) */
  readonly version: string;
  readonly extension: SdistExtension;
  /** a PEP 625 name: `.tar.gz`, normalised escaped name, version without "-" */
  readonly isStandard: boolean;
  /**
   * A legacy "-pyX.Y" suffix on the version (`foo-1.0-py2.7.tar.gz`): pip accepts such a
   * file only for a target whose Python is X.Y. Undefined for ordinary names.
   */
  readonly pythonVersion?: string;
}

const SDIST_FORM = `{name}-{version}{extension}, e.g. "foo_bar-1.0.tar.gz" (PEP 625); extensions: ${SDIST_EXTENSIONS.join(' ')}`;

function invalid(filename: string, why: string, location?: Location): FilenameError {
  return new FilenameError(`invalid sdist file name: ${why}`, { text: filename, expected: SDIST_FORM, ...(location ? { location } : {}) });
}

/** The extension as pip's `splitext` sees it (".tar" joins the next one), or '' when there is none. */
export function pipSplitExtension(filename: string): { stem: string; extension: string } {
  const dot = filename.lastIndexOf('.');
  if (dot <= 0) return { stem: filename, extension: '' };
  let stem = filename.slice(0, dot);
  let extension = filename.slice(dot);
  if (stem.toLowerCase().endsWith('.tar')) {
    extension = stem.slice(-4) + extension;
    stem = stem.slice(0, -4);
  }
  return { stem, extension };
}

/** pip's legacy "-pyX.Y" version suffix (package_finder `_py_version_re`). */
const PY_VERSION_SUFFIX = /-py([123]\.?[0-9]?)$/;

function split(stem: string, expectedProject: string | undefined): { name: string; version: string } | undefined {
  if (expectedProject === undefined) {
    const i = stem.lastIndexOf('-');
    return i < 0 ? undefined : { name: stem.slice(0, i), version: stem.slice(i + 1) };
  }
  const wanted = canonicalizeName(expectedProject);
  for (let i = stem.indexOf('-'); i >= 0; i = stem.indexOf('-', i + 1)) {
    if (canonicalizeName(stem.slice(0, i)) === wanted) return { name: stem.slice(0, i), version: stem.slice(i + 1) };
  }
  return undefined;
}

/**
 * Parses an sdist file name. With `expectedProject`, legacy names with dashes are split
 * as pip splits them, and a name for another project is an error.
 */
export function parseSdistFilename(filename: string, expectedProject?: string, location?: Location): SdistFilename {
  assertSafeFilename(filename, location);
  const { stem, extension } = pipSplitExtension(filename);
  if (!(SDIST_EXTENSIONS as readonly string[]).includes(extension)) {
    throw invalid(filename, extension === '' ? 'it has no extension' : `${JSON.stringify(extension)} is not an sdist archive extension`, location);
  }
  const parts = split(stem, expectedProject);
  if (!parts) {
    throw invalid(
      filename,
      expectedProject === undefined ? 'no "-" separates name and version' : `it does not start with the name of project ${JSON.stringify(expectedProject)} followed by "-"`,
      location,
    );
  }
  let { version } = parts;
  const { name } = parts;
  if (!isValidName(name)) throw invalid(filename, `${JSON.stringify(name)} is not a project name`, location);
  let pythonVersion: string | undefined;
  const py = PY_VERSION_SUFFIX.exec(version);
  if (py && expectedProject !== undefined) {
    pythonVersion = py[1] as string;
    version = version.slice(0, py.index);
  }
  if (version === '') throw invalid(filename, 'the version is empty', location);
  if (!looksLikeVersion(version, expectedProject !== undefined)) throw invalid(filename, `${JSON.stringify(version)} is not a version`, location);
  return Object.freeze({
    filename,
    name,
    normalizedName: canonicalizeName(name),
    version,
    extension: extension as SdistExtension,
    isStandard: extension === '.tar.gz' && name === escapeFilenameName(name) && !version.includes('-') && pythonVersion === undefined,
    ...(pythonVersion === undefined ? {} : { pythonVersion }),
  });
}

/** `{normalised_name}-{version}.tar.gz` (PEP 625). */
export function buildSdistFilename(name: string, version: string): string {
  if (!isValidName(name)) throw new FilenameError('cannot build an sdist file name: invalid project name', { text: name, expected: 'a project name such as "foo-bar"' });
  if (!looksLikeVersion(version)) throw new FilenameError('cannot build an sdist file name: invalid version', { text: version, expected: 'a normalised PEP 440 version (no "-")' });
  return `${escapeFilenameName(name)}-${version}.tar.gz`;
}

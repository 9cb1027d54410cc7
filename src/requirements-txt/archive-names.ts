/**
 * Project names from archive file names, for requirement lines that name a file rather
 * than a project. Wheels as pip 23.2.1's `Wheel` model reads them (PEP 427); sdists by
 * the PEP 625 `{name}-{version}.tar.gz` convention, which pip itself does not read at
 * this stage (it builds the sdist to learn its name). A lock needs the name up front.
 */
import { isValidName } from '../pep508/name.js';
import { ARCHIVE_EXTENSIONS, splitExtension } from './links.js';

/** pip's `Wheel.wheel_file_re`, with its `.dist-info` alternative. */
const WHEEL_FILE =
  /^(?<name>[^\s-]+?)-(?<ver>[^\s-]*?)(?:(?:-(?<build>\d[^-]*?))?-(?<pyver>[^\s-]+?)-(?<abi>[^\s-]+?)-(?<plat>[^\s-]+?)\.whl|\.dist-info)$/;

export interface WheelNameVersion {
  /** As pip reads it: "_" becomes "-". */
  name: string;
  version: string;
}

/** Name and version of a wheel file name, or undefined when pip would reject it. */
export function wheelNameVersion(filename: string): WheelNameVersion | undefined {
  const m = WHEEL_FILE.exec(filename);
  if (!m?.groups) return undefined;
  return { name: (m.groups['name'] ?? '').replace(/_/g, '-'), version: (m.groups['ver'] ?? '').replace(/_/g, '-') };
}

/**
 * The project name of an sdist file name (`{name}-{version}{.tar.gz,.zip,...}`): the text
 * before the first "-" that is followed by a digit. Undefined when it is not an sdist
 * archive name, there is no such "-", or the name is not a valid project name (e.g.
 * GitHub's `v1.2.tar.gz` archives).
 */
export function sdistName(filename: string): string | undefined {
  const [stem, extension] = splitExtension(filename);
  const ext = extension.toLowerCase();
  if (ext === '.whl' || !ARCHIVE_EXTENSIONS.includes(ext)) return undefined;
  const m = /-\d/.exec(stem);
  if (!m) return undefined;
  const name = stem.slice(0, m.index);
  return isValidName(name) ? name : undefined;
}

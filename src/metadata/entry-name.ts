/**
 * Archive member names that could escape an extraction directory (or mean different
 * files on different systems) are refused outright, whether or not anything is
 * extracted: `/` at the start, `\`, `..` segments, NUL, drive letters.
 */
import { ArchiveError } from '../errors.js';
import { archiveLocation, type ArchiveSource } from './source.js';

/** Why `name` is unsafe, or undefined when it is a plain relative path. */
export function unsafeEntryNameReason(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.includes('\0')) return 'the name contains a NUL character';
  if (name.includes('\\')) return 'the name contains a backslash';
  if (name.startsWith('/')) return 'the name is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'the name starts with a drive letter';
  if (name.split('/').some((s) => s === '..')) return 'the name has a ".." segment';
  return undefined;
}

export function checkEntryName(name: string, source: ArchiveSource): void {
  const reason = unsafeEntryNameReason(name);
  if (reason !== undefined) {
    throw new ArchiveError(`unsafe member name in archive: ${reason}`, {
      location: archiveLocation(source),
      text: name,
      expected: 'a relative path with "/" separators, no ".." segments, no drive letter, no NUL',
    });
  }
}

/**
 * File names come from index pages and find-links directories, i.e. from anyone: before
 * a name is used to write a file, it must be a plain name in one directory on every
 * operating system. Anything that could escape the directory (separators, `..`, drive
 * letters), hide in logs (control characters) or that Windows cannot store is refused.
 */
import { FilenameError, type Location } from '../errors.js';

/** Longest file name (in UTF-8 bytes) the common file systems (ext4, APFS, NTFS) store. */
export const MAX_FILENAME_BYTES = 255;

/** Why `filename` is unsafe to write, or undefined when it is safe. */
export function unsafeFilenameReason(filename: string): string | undefined {
  if (filename === '') return 'the file name is empty';
  if (/[/\\]/.test(filename)) return 'it contains a path separator ("/" or "\\")';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(filename)) return 'it contains a NUL or control character';
  if (filename.includes('..')) return 'it contains ".." (a parent-directory reference)';
  if (filename.includes(':')) return 'it contains ":" (a drive letter or alternate data stream on Windows)';
  if (/[<>"|?*]/.test(filename)) return 'it contains a character Windows does not allow in file names (<>"|?*)';
  if (/^[\s.]|[\s.]$/.test(filename)) return 'it starts or ends with a dot or whitespace';
  if (Buffer.byteLength(filename, 'utf8') > MAX_FILENAME_BYTES) return `it is longer than ${MAX_FILENAME_BYTES} bytes`;
  return undefined;
}

/** Throws FilenameError unless `filename` is a plain, portable file name. */
export function assertSafeFilename(filename: string, location?: Location): void {
  const reason = unsafeFilenameReason(filename);
  if (reason !== undefined) {
    throw new FilenameError(`unsafe file name: ${reason}`, {
      text: filename,
      expected: 'a plain file name (no directories, "..", drive letters or control characters)',
      ...(location ? { location } : {}),
    });
  }
}

export function isSafeFilename(filename: string): boolean {
  return unsafeFilenameReason(filename) === undefined;
}

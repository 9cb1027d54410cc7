/**
 * The first gate against path traversal: a file name from an index page becomes a path
 * on disk later (the downloader checks again). A safe name is one path component that
 * no platform reads as anything else.
 */

/** Most file systems refuse longer names (255 bytes). */
const MAX_FILENAME_BYTES = 255;

/**
 * Why `name` is unsafe as a file name, or undefined when it is safe. Rejected: empty,
 * `.` and `..`, `/` and `\` (separators on POSIX and Windows), `:` (drive letters such
 * as `C:x`, NTFS streams), NUL and other control characters, a trailing dot or space
 * (Windows silently drops them, so two names could meet), names over 255 bytes.
 */
export function unsafeFilenameReason(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return 'it names a directory';
  if (/[/\\]/.test(name)) return 'it contains a path separator';
  if (name.includes(':')) return 'it contains ":" (a drive or stream on Windows)';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'it contains a control character';
  if (/[. ]$/.test(name)) return 'it ends with a dot or a space (Windows drops them)';
  if (Buffer.byteLength(name, 'utf8') > MAX_FILENAME_BYTES) return `it is longer than ${MAX_FILENAME_BYTES} bytes`;
  return undefined;
}

export function isSafeFilename(name: string): boolean {
  return unsafeFilenameReason(name) === undefined;
}

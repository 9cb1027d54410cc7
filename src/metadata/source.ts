/**
 * Where bytes came from, for error locations: a local file or a URL, and the member
 * inside an archive. A member of a local archive is written `archive!member`.
 */
import type { Location } from '../errors.js';

export interface ArchiveSource {
  /** A local path, or a display name for bytes given in memory. */
  file?: string;
  /** The URL the archive was (or is being) read from. */
  url?: string;
}

/** The archive's own location. */
export function archiveLocation(source: ArchiveSource): Location {
  const loc: Location = {};
  if (source.file !== undefined) loc.file = source.file;
  if (source.url !== undefined) loc.url = source.url;
  return loc;
}

/** The location of `member` inside the archive, optionally a line of it. */
export function memberLocation(source: ArchiveSource, member: string, line?: number): Location {
  const loc: Location = {};
  if (source.file !== undefined) loc.file = `${source.file}!${member}`;
  else loc.file = member;
  if (source.url !== undefined) loc.url = source.url;
  if (line !== undefined) loc.line = line;
  return loc;
}

/** A short human name of the archive: its path or URL. */
export function archiveLabel(source: ArchiveSource): string {
  return source.file ?? source.url ?? '<archive>';
}

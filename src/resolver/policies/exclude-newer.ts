/**
 * `--exclude-newer`: files uploaded after the instant are ignored (PEP 700 upload-time).
 * A file whose source gives no upload time cannot be shown to be old enough, so it is
 * ignored too — as uv does; find-links directories and indexes without PEP 700 data
 * then offer nothing, and the explanation says why.
 */
import type { DistributionFile } from '../../index/package-index.js';

/** Undefined when the file may be used, else why not. */
export function excludedAsNewer(file: DistributionFile, cutoff: Date): string | undefined {
  if (file.uploadTime === undefined) return `no upload time to compare with --exclude-newer ${cutoff.toISOString()}`;
  const t = Date.parse(file.uploadTime);
  if (Number.isNaN(t)) return `an upload time that cannot be read (${file.uploadTime})`;
  return t > cutoff.getTime() ? `uploaded after ${cutoff.toISOString()} (--exclude-newer)` : undefined;
}

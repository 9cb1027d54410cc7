/**
 * The downloader's temporary files: every file is written to `DIR/.wheelhouse-tmp-<sha256>`
 * (a name pip's `--find-links` ignores: it is neither a wheel nor an sdist) and renamed to
 * its real name only once its sha256 matched the lock. A run that is killed leaves at most
 * such a file; the next run continues it with a Range request when it still wants the same
 * sha256, and deletes every other one before it starts.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const TEMP_PREFIX = '.wheelhouse-tmp-';

const TEMP = /^\.wheelhouse-tmp-([0-9a-f]{64})$/;

/** The temporary file a download of the content `sha256` uses in `dir`. */
export function tempPathFor(dir: string, sha256: string): string {
  return path.join(dir, `${TEMP_PREFIX}${sha256}`);
}

/** The sha256 a temporary file name is for; undefined for other names. */
export function tempSha256(name: string): string | undefined {
  return TEMP.exec(name)?.[1];
}

/** Whether a file name is one of the downloader's temporary files (any of its forms). */
export function isDownloadTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/**
 * Deletes the downloader's temporary files in `dir`, except those of a sha256 in `keep`
 * (partial downloads this run continues). Returns the names removed.
 */
export async function removeStaleDownloadTemps(dir: string, keep: ReadonlySet<string> = new Set()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isDownloadTempName(name)) continue;
    const sha = tempSha256(name);
    if (sha !== undefined && keep.has(sha)) continue;
    await fs.rm(path.join(dir, name), { force: true, recursive: true });
    removed.push(name);
  }
  return removed.sort();
}

/**
 * The files a pin records, per hash policy, with their hashes.
 *
 * - `all`: every file of the pinned release the lock's policies let in (exclude-newer,
 *   `--hash`, yanking, the binary policy, a Requires-Python one of its targets meets),
 *   whatever its tags — what pip-compile `--generate-hashes` writes.
 * - `targets`: for each target the pin serves, the file pip would install there (its best
 *   wheel, or the sdist where no wheel fits).
 *
 * Every file gets a sha256: from the index, or by hashing the file through the index
 * (`sha256Of`), all at once. No lock leaves a file without one.
 */
import type { DistributionFile } from '../index/package-index.js';
import type { HashPolicy, LockedFile } from '../lockfile/model.js';
import { stripCredentials } from '../util/redact.js';
import { allowedByPolicies, compareText } from './file-selection.js';
import type { ProjectCatalog } from './project-catalog.js';
import type { TargetPin } from './resolve-target.js';

/** The files of a pin that serves `pins` (one per target), by policy, sorted by name. */
export function pinFiles(policy: HashPolicy, pins: readonly TargetPin[]): DistributionFile[] {
  const chosen = new Map<string, DistributionFile>();
  for (const pin of pins) {
    const files = policy === 'targets' ? pin.usable.slice(0, 1) : pin.files.filter((f) => allowedByPolicies(f, pin.rules));
    for (const f of files) chosen.set(f.url, f);
  }
  return [...chosen.values()].sort((a, b) => compareText(a.filename, b.filename) || compareText(a.url, b.url));
}

/**
 * LockedFiles with a sha256 each (asking the index to hash the files it gave none for).
 * A direct reference's file was found through no index: it has none.
 */
export async function lockedFiles(files: readonly DistributionFile[], catalog: ProjectCatalog, direct = false): Promise<LockedFile[]> {
  return Promise.all(
    files.map(async (f): Promise<LockedFile> => {
      const hashes = { ...f.hashes, sha256: await catalog.sha256(f) };
      return {
        filename: f.filename,
        kind: f.kind,
        url: stripCredentials(f.url),
        ...(direct ? {} : { index: f.origin }),
        hashes,
        ...(f.size === undefined ? {} : { size: f.size }),
        ...(f.uploadTime === undefined ? {} : { uploadTime: f.uploadTime }),
        ...(f.requiresPython === undefined ? {} : { requiresPython: f.requiresPython }),
        yanked: f.yanked,
      };
    }),
  );
}

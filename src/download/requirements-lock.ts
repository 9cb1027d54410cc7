/**
 * A hashed requirements.txt as a Lock the downloader can use. Such a file names no files:
 * each pin `name==version` carries only the hashes pip may accept. The files are found on
 * the configured indexes and find-links by name and version, and a file is kept only when
 * one of its hashes is among the pin's (a file the index gives no sha256 for is hashed by
 * download, into the cache). Targets come from the command line (the file records none);
 * a pin serves the targets its marker selects.
 */
import { DownloadError } from '../errors.js';
import type { DistributionFile, PackageIndex } from '../index/package-index.js';
import type { RequirementsLock, RequirementsLockPin } from '../lockfile/requirements-txt-reader.js';
import type { Lock, LockedFile, LockedPackage, LockTarget } from '../lockfile/model.js';
import { Version } from '../pep440/version.js';
import { Marker } from '../pep508/marker.js';
import { classifyDistributionFilename } from '../filenames/classify.js';
import { stripCredentials } from '../util/redact.js';

function where(pin: RequirementsLockPin): { file: string; line: number } {
  return { file: pin.location.file, line: pin.location.line };
}

function lockedFile(f: DistributionFile, sha256: string): LockedFile {
  return {
    filename: f.filename,
    kind: f.kind,
    url: stripCredentials(f.url),
    index: f.origin,
    hashes: { ...f.hashes, sha256 },
    ...(f.size === undefined ? {} : { size: f.size }),
    ...(f.uploadTime === undefined ? {} : { uploadTime: f.uploadTime }),
    ...(f.requiresPython === undefined ? {} : { requiresPython: f.requiresPython }),
    ...(f.yanked === false ? {} : { yanked: f.yanked }),
  };
}

/** Whether one of the file's known digests is one of the pin's. */
function matchesPin(hashes: Readonly<Record<string, string>>, pin: RequirementsLockPin): boolean {
  return pin.files.some((h) => hashes[h.algorithm]?.toLowerCase() === h.digest.toLowerCase());
}

async function filesOfPin(pin: RequirementsLockPin, index: PackageIndex): Promise<LockedFile[]> {
  // `===` compares the text (arbitrary equality); `==` compares PEP 440 versions.
  const version = pin.operator === '===' ? undefined : Version.parse(pin.version as string);
  const listing = await index.getProject(pin.name);
  const candidates = listing.files.filter((f) => (version === undefined ? f.version.toString() === pin.version : f.version.equals(version)));
  const files: LockedFile[] = [];
  for (const f of candidates) {
    const algorithms = pin.files.map((h) => h.algorithm);
    const comparable = algorithms.some((a) => f.hashes[a] !== undefined);
    if (comparable) {
      if (!matchesPin(f.hashes, pin)) continue;
      const sha256 = f.hashes['sha256'] ?? (await index.sha256Of(f));
      files.push(lockedFile(f, sha256));
      continue;
    }
    // The index gives no digest the pin can be compared with: hash the file (sha256 only).
    if (!algorithms.includes('sha256')) continue;
    const sha256 = await index.sha256Of(f);
    if (matchesPin({ sha256 }, pin)) files.push(lockedFile(f, sha256));
  }
  if (files.length === 0) {
    throw new DownloadError(`no file of ${pin.name}==${pin.version} on ${listing.consulted.join(', ') || 'the configured indexes'} matches the hashes of the lock`, {
      location: where(pin),
      text: pin.files.map((h) => `${h.algorithm}:${h.digest}`).join(' '),
      expected: candidates.length === 0 ? `files of ${pin.name} ${pin.version} on the index` : `one of ${candidates.map((f) => f.filename).join(', ')} with a hash the lock lists`,
      hint: 'download with the indexes the lock was made with (--index-url, --find-links), or lock again',
    });
  }
  return files;
}

function directFile(pin: RequirementsLockPin): LockedFile {
  const url = pin.url as string;
  const sha256 = pin.files.find((h) => h.algorithm === 'sha256')?.digest;
  const filename = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  const kind = classifyDistributionFilename(filename).kind;
  if (sha256 === undefined || kind === 'ignored') {
    throw new DownloadError(`${pin.name} @ ${stripCredentials(url)} cannot be downloaded into a wheelhouse`, {
      location: where(pin),
      text: stripCredentials(url),
      expected: 'a direct reference to a wheel or sdist with a --hash=sha256:… (VCS checkouts and directories cannot be hashed)',
    });
  }
  return { filename, kind, url: stripCredentials(url), hashes: { sha256 } };
}

/**
 * The Lock of a hashed requirements.txt for `targets`, its files found on `index`.
 * Every pin must have hashes (`readRequirementsLock` checked that in hash-checking mode).
 */
export async function lockFromRequirements(read: RequirementsLock, targets: readonly LockTarget[], index: PackageIndex): Promise<Lock> {
  for (const pin of read.pins) {
    if (pin.files.length === 0) {
      throw new DownloadError(`${pin.name} has no --hash in ${read.file}: the downloader cannot tell which file was locked`, {
        location: where(pin),
        expected: 'a lock with hashes (wheelhouse lock writes them; pip-compile --generate-hashes too)',
      });
    }
  }
  for (const pin of read.pins) if (pin.url === undefined) index.prefetchProject(pin.name);
  const packages = await Promise.all(
    read.pins.map(async (pin): Promise<LockedPackage> => {
      const marker = pin.marker === undefined ? undefined : Marker.parse(pin.marker);
      const served = targets.filter((t) => marker === undefined || marker.evaluate(t.markerEnvironment, pin.extras)).map((t) => t.name);
      const files = served.length === 0 ? [] : pin.url === undefined ? await filesOfPin(pin, index) : [directFile(pin)];
      return {
        name: pin.name,
        version: pin.version ?? '',
        ...(pin.marker === undefined ? {} : { marker: pin.marker }),
        targets: served,
        extras: pin.extras,
        ...(pin.url === undefined ? {} : { direct: { kind: 'url' as const, url: stripCredentials(pin.url) } }),
        files,
        dependencies: [],
        via: pin.via,
      };
    }),
  );
  const o = read.options;
  return {
    targets: [...targets],
    packages: packages.filter((p) => p.targets.length > 0).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1)),
    hashPolicy: 'all',
    options: {
      ...(o.indexUrl === undefined ? {} : { indexUrl: o.indexUrl }),
      extraIndexUrls: o.extraIndexUrls,
      findLinks: o.findLinks,
      noIndex: o.noIndex,
      onlyBinary: o.onlyBinary,
      noBinary: o.noBinary,
      preferBinary: o.preferBinary,
      pre: o.pre,
    },
    inputs: [read.file],
  };
}

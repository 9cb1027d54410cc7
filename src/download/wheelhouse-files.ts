/**
 * The files that make a wheelhouse explain and install itself, all written atomically:
 * - `requirements.txt`: `--no-index`, `--find-links .`, then every pin with the hashes of
 *   the files in the folder (pip resolves a relative find-links against the requirements
 *   file's folder, so `pip install -r DIR/requirements.txt` works from anywhere);
 * - `pylock.toml`: PEP 751 with `path` entries relative to the folder, `url`s kept;
 * - `manifest.json`: every file with size, sha256, upload-time, source index and targets;
 * - with `--index`, `simple/`: a PEP 503 tree over the files, with hashes and PEP 658
 *   `.metadata` files (written beside each file, where `<file URL>.metadata` points).
 * The locks list only what is installed; build dependencies of sdists are in the folder and
 * in the manifest (pip's build environments find them through `--find-links`).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../index/cache/atomic-write.js';
import { writeStaticIndex, type StaticIndexProject } from '../index/pages/static-tree.js';
import { classifyDistributionFilename } from '../filenames/classify.js';
import type { Lock, LockedFile, LockedPackage } from '../lockfile/model.js';
import { lockToPylock } from '../lockfile/pylock-writer.js';
import { lockToRequirementsTxt } from '../lockfile/requirements-txt-writer.js';
import { writeLockfileAtomic } from '../lockfile/atomic-write.js';
import { canonicalizeName } from '../pep508/name.js';
import { scanWheelhouse } from '../serve/wheelhouse-dir.js';
import { stripCredentials } from '../util/redact.js';
import type { DownloadedFile, NeedsBuild } from './contract.js';
import type { PlannedFile } from './choose-files.js';

export const MANIFEST_VERSION = 1;

export interface ManifestFile {
  filename: string;
  package: string;
  version: string;
  kind: 'wheel' | 'sdist';
  size: number;
  sha256: string;
  uploadTime?: string;
  /** The index or find-links location it came from (no credentials). */
  index?: string;
  /** Where it was downloaded from (no credentials). */
  url: string;
  targets: string[];
  buildDependency?: boolean;
}

export interface Manifest {
  manifestVersion: number;
  targets: string[];
  files: ManifestFile[];
  needsBuild: NeedsBuild[];
}

/** The manifest of the files downloaded (in file-name order). */
export function buildManifest(targets: readonly string[], planned: readonly PlannedFile[], downloaded: ReadonlyMap<string, DownloadedFile>, needsBuild: readonly NeedsBuild[]): Manifest {
  const files = planned.map((p): ManifestFile => {
    const d = downloaded.get(p.file.filename);
    return {
      filename: p.file.filename,
      package: p.package.name,
      version: p.package.version || (d?.version ?? ''),
      kind: p.file.kind,
      size: d?.size ?? p.file.size ?? 0,
      sha256: p.file.hashes.sha256,
      ...(p.file.uploadTime === undefined ? {} : { uploadTime: p.file.uploadTime }),
      ...(p.file.index === undefined ? {} : { index: stripCredentials(p.file.index) }),
      url: stripCredentials(p.file.url),
      targets: [...p.targets],
      ...(p.buildDependency ? { buildDependency: true } : {}),
    };
  });
  files.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  return { manifestVersion: MANIFEST_VERSION, targets: [...targets], files, needsBuild: [...needsBuild] };
}

function versionOfFile(file: LockedFile): string {
  const c = classifyDistributionFilename(file.filename);
  if (c.kind === 'wheel') return c.wheel.unescapedVersion;
  if (c.kind === 'sdist') return c.sdist.version;
  return '';
}

/**
 * The wheelhouse's own lock: the lock restricted to `targets` and to the files in the
 * folder (each with `path` = its file name), installing with `--no-index --find-links .`.
 * A direct URL reference becomes a plain pin, since its file is now in the folder.
 */
export function wheelhouseLock(lock: Lock, planned: readonly PlannedFile[], targets: readonly string[]): Lock {
  const inFolder = new Map<string, PlannedFile>();
  for (const p of planned) if (!p.buildDependency) inFolder.set(p.file.filename, p);
  const keep = new Set(targets);
  const packages: LockedPackage[] = [];
  for (const pkg of lock.packages) {
    const files = pkg.files.filter((f) => inFolder.get(f.filename)?.package === pkg).map((f) => ({ ...f, path: f.filename }));
    if (files.length === 0) continue;
    const { direct, ...rest } = pkg;
    const version = pkg.version !== '' ? pkg.version : versionOfFile(files[0] as LockedFile);
    packages.push({
      ...rest,
      version,
      targets: pkg.targets.filter((t) => keep.has(t)),
      files,
      ...(direct !== undefined && direct.kind !== 'url' ? { direct } : {}),
    });
  }
  const { indexUrl: _indexUrl, ...options } = lock.options;
  return {
    ...lock,
    targets: lock.targets.filter((t) => keep.has(t.name)),
    packages,
    options: { ...options, extraIndexUrls: [], noIndex: true, findLinks: ['.'] },
  };
}

const REQUIREMENTS_HEADER = [
  '#',
  '# The lock of this wheelhouse, written by wheelhouse download: install it offline with',
  '#    pip install -r requirements.txt',
  '# from any directory (pip reads "--find-links ." relative to this file).',
  '#',
  '',
].join('\n');

export function wheelhouseRequirementsTxt(lock: Lock): string {
  return REQUIREMENTS_HEADER + lockToRequirementsTxt(lock, { header: false, emitIndexUrl: true, emitFindLinks: true });
}

export function wheelhousePylock(lock: Lock): string {
  return lockToPylock(lock, { wheelhouseDir: '.' });
}

/** Writes requirements.txt, pylock.toml, manifest.json into `dir`; returns their names. */
export async function writeWheelhouseFiles(dir: string, lock: Lock, manifest: Manifest): Promise<string[]> {
  await writeLockfileAtomic(path.join(dir, 'requirements.txt'), wheelhouseRequirementsTxt(lock));
  await writeLockfileAtomic(path.join(dir, 'pylock.toml'), wheelhousePylock(lock));
  await writeLockfileAtomic(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return ['requirements.txt', 'pylock.toml', 'manifest.json'];
}

/**
 * Writes `dir/simple/` over the downloaded files, and each file's core metadata (a wheel's
 * METADATA, an sdist's PKG-INFO when PEP 643 makes it trustworthy) as `<file>.metadata`.
 */
export async function writeWheelhouseIndex(dir: string, filenames: readonly string[]): Promise<string[]> {
  const snapshot = await scanWheelhouse(dir);
  const wanted = new Set(filenames);
  const projects = new Map<string, StaticIndexProject & { files: StaticIndexProject['files'][number][] }>();
  for (const file of snapshot.files.values()) {
    if (!wanted.has(file.filename)) continue;
    if (file.metadata !== undefined) await writeFileAtomic(path.join(dir, `${file.filename}.metadata`), file.metadata.bytes);
    const key = canonicalizeName(file.project);
    const project = projects.get(key) ?? { name: file.projectName, files: [] };
    project.files.push({
      filename: file.filename,
      hashes: { sha256: file.sha256 },
      ...(file.requiresPython === undefined ? {} : { requiresPython: file.requiresPython }),
      yanked: false,
      coreMetadata: file.metadata === undefined ? false : { sha256: file.metadata.sha256 },
    });
    projects.set(key, project);
  }
  await writeStaticIndex(path.join(dir, 'simple'), [...projects.values()], { filesBaseUrl: '../../' });
  // Metadata files of files no longer in the wheelhouse would mislead a reader: remove them.
  for (const name of await fs.readdir(dir)) {
    if (name.endsWith('.metadata') && !wanted.has(name.slice(0, -'.metadata'.length))) {
      const stat = await fs.stat(path.join(dir, name.slice(0, -'.metadata'.length))).catch(() => undefined);
      if (stat === undefined) await fs.rm(path.join(dir, name), { force: true });
    }
  }
  return ['simple/'];
}

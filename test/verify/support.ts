/**
 * Wheelhouses for the verifier's tests, made without the downloader: files written by the
 * fixture generator into DIR, a Lock naming them with their real hashes, and the lockfiles
 * the downloader would write next to them (pylock.toml with `path` entries, requirements.txt
 * with `--no-index --find-links .`).
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writePackage, type PackageSpec, type WrittenFile } from '../../fixtures/generator/index.js';
import type { Lock, LockedFile, LockedPackage } from '../../src/lockfile/model.js';
import { lockToPylock, lockToRequirementsTxt } from '../../src/lockfile/index.js';
import { canonicalizeName } from '../../src/pep508/name.js';
import { lockTarget } from '../lockfile/fixtures.js';

export const LINUX = 'cp311-manylinux_2_17_x86_64';
export const WINDOWS = 'cp312-win_amd64';

export interface HousePackage {
  spec: PackageSpec;
  /** Lock targets it serves (default: every target). */
  targets?: string[];
  extras?: string[];
  /** Leave it out of the lock (its files are still written). */
  unlocked?: boolean;
}

export interface House {
  dir: string;
  lock: Lock;
  files: WrittenFile[];
}

function lockedFile(f: WrittenFile): LockedFile {
  return { filename: f.fileName, kind: f.kind, url: `https://files.example.org/packages/${f.fileName}`, hashes: { sha256: f.sha256 }, size: f.size, path: f.fileName };
}

export function lockOf(targets: string[], packages: LockedPackage[]): Lock {
  return {
    targets: targets.map(lockTarget),
    packages: [...packages].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1)),
    hashPolicy: 'all',
    options: { extraIndexUrls: [], findLinks: ['.'], noIndex: true, onlyBinary: [], noBinary: [], preferBinary: false, pre: false },
    inputs: [],
  };
}

/** Write the packages into `dir` and the lockfiles next to them. */
export async function makeWheelhouse(dir: string, targets: string[], packages: HousePackage[]): Promise<House> {
  const files: WrittenFile[] = [];
  const locked: LockedPackage[] = [];
  for (const p of packages) {
    const written = await writePackage(p.spec, dir);
    files.push(...written);
    if (p.unlocked) continue;
    locked.push({
      name: canonicalizeName(p.spec.name),
      version: p.spec.version,
      targets: p.targets ?? targets,
      extras: p.extras ?? [],
      files: written.map(lockedFile),
      dependencies: [],
      via: [],
    });
  }
  const lock = lockOf(targets, locked);
  await writeLockfiles(dir, lock);
  return { dir, lock, files };
}

export async function writeLockfiles(dir: string, lock: Lock): Promise<void> {
  await writeFile(path.join(dir, 'pylock.toml'), lockToPylock(lock, { wheelhouseDir: '.' }));
  await writeFile(path.join(dir, 'requirements.txt'), lockToRequirementsTxt(lock, { lockDir: dir }));
}

/** Write `bytes` as `fileName` into DIR and return a LockedPackage pinning it by its real hash (for broken files the generator cannot build through a spec). */
export async function lockedFileOf(dir: string, name: string, version: string, fileName: string, bytes: Buffer, targets: string[]): Promise<LockedPackage> {
  await writeFile(path.join(dir, fileName), bytes);
  const kind = fileName.endsWith('.whl') ? 'wheel' : 'sdist';
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { name, version, targets, extras: [], files: [{ filename: fileName, kind, url: `https://files.example.org/packages/${fileName}`, hashes: { sha256 } }], dependencies: [], via: [] };
}

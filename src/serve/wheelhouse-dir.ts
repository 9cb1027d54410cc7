/**
 * What `serve` serves: the wheels and sdists at the top of a folder (a wheelhouse), each
 * hashed and its core metadata read once, grouped by project. `scanWheelhouse` takes the
 * previous snapshot and re-reads only files whose size, modification time or inode
 * changed, so a re-scan of an unchanged folder is a `readdir` and a `stat` per file.
 *
 * Yanking (PEP 592) comes from a sidecar file `<file name>.yanked` beside the file: its
 * presence yanks the file, its text (trimmed) is the reason.
 */
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { classifyDistributionFilename } from '../filenames/classify.js';
import { sha256Hex } from '../index/cache/content-store.js';
import { hashFile } from '../metadata/file-hash.js';
import { readSdistFile } from '../metadata/sdist-reader.js';
import { readWheelFile } from '../metadata/wheel-reader.js';
import { isDynamic } from '../metadata/core-metadata.js';
import { Version } from '../pep440/version.js';
import { IndexError } from '../errors.js';

export interface ServedFile {
  filename: string;
  /** Absolute path. */
  path: string;
  kind: 'wheel' | 'sdist';
  /** PEP 503 canonical project name. */
  project: string;
  /** The project's name as its metadata (or file name) writes it. */
  projectName: string;
  version: string;
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
  /** The core metadata file (PEP 658): the wheel's METADATA, or a static (PEP 643) PKG-INFO. */
  metadata?: { bytes: Buffer; sha256: string };
  requiresPython?: string;
  yanked: false | string;
}

export interface ServedProject {
  /** Canonical name. */
  project: string;
  name: string;
  /** Files sorted by version, then file name. */
  files: ServedFile[];
}

export interface WheelhouseSnapshot {
  dir: string;
  /** Increases with every scan that changed something. */
  generation: number;
  files: ReadonlyMap<string, ServedFile>;
  projects: ReadonlyMap<string, ServedProject>;
  /** Files that could not be read this scan, by file name, with the reason. */
  problems: ReadonlyMap<string, string>;
}

export interface ScanOptions {
  /** Reads in parallel. Default 8. */
  concurrency?: number;
  log?: (line: string) => void;
}

interface Entry {
  name: string;
  path: string;
  stat: Stats;
}

async function listFiles(dir: string): Promise<Entry[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    throw new IndexError(`cannot list the wheelhouse ${dir}: ${(err as Error).message}`, { location: { file: dir }, expected: 'a readable folder of wheels and sdists', cause: err });
  }
  const entries = await Promise.all(
    names.map(async (name) => {
      const p = path.join(dir, name);
      const stat = await fs.stat(p).catch(() => undefined);
      return stat?.isFile() ? { name, path: p, stat } : undefined;
    }),
  );
  return entries.filter((e): e is Entry => e !== undefined);
}

function unchanged(old: ServedFile | undefined, stat: Stats): old is ServedFile {
  return old !== undefined && old.size === stat.size && old.mtimeMs === stat.mtimeMs && old.ino === stat.ino;
}

async function readYanked(file: string): Promise<false | string> {
  try {
    return (await fs.readFile(`${file}.yanked`, 'utf8')).trim();
  } catch {
    return false;
  }
}

/** Reads one distribution: its hash always, its metadata when it can (a problem otherwise). */
async function readFile(e: Entry, kind: 'wheel' | 'sdist', project: string, version: string, problems: Map<string, string>): Promise<ServedFile> {
  const base = { filename: e.name, path: e.path, kind, project, projectName: project, version, size: e.stat.size, mtimeMs: e.stat.mtimeMs, ino: e.stat.ino };
  try {
    if (kind === 'wheel') {
      const r = await readWheelFile(e.path, { verifyRecord: false });
      const served: ServedFile = { ...base, projectName: r.metadata.name, sha256: r.sha256!, size: r.size, metadata: { bytes: r.metadataBytes, sha256: sha256Hex(r.metadataBytes) }, yanked: false };
      if (r.metadata.requiresPython !== undefined) served.requiresPython = r.metadata.requiresPython;
      return served;
    }
    const r = await readSdistFile(e.path, { project });
    const served: ServedFile = { ...base, sha256: r.sha256!, size: r.size, yanked: false };
    if (r.pkgInfo !== undefined) {
      served.projectName = r.pkgInfo.name;
      if (r.pkgInfo.requiresPython !== undefined && !isDynamic(r.pkgInfo, 'Requires-Python')) served.requiresPython = r.pkgInfo.requiresPython;
      // Only metadata a resolver may trust without a build is offered as the sdist's .metadata.
      if (r.staticMetadata.trusted && r.pkgInfoBytes !== undefined) served.metadata = { bytes: r.pkgInfoBytes, sha256: sha256Hex(r.pkgInfoBytes) };
    }
    return served;
  } catch (err) {
    problems.set(e.name, (err as Error).message);
    const digest = await hashFile(e.path);
    return { ...base, sha256: digest.sha256, size: digest.size, yanked: false };
  }
}

function byVersionThenName(a: ServedFile, b: ServedFile): number {
  const va = Version.tryParse(a.version);
  const vb = Version.tryParse(b.version);
  const c = va && vb ? va.compare(vb) : 0;
  if (c !== 0) return c;
  return a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0;
}

/** Reads the folder; files unchanged since `previous` are not read again. */
export async function scanWheelhouse(dir: string, previous?: WheelhouseSnapshot, options: ScanOptions = {}): Promise<WheelhouseSnapshot> {
  const abs = path.resolve(dir);
  const entries = await listFiles(abs);
  const limit = pLimit(options.concurrency ?? 8);
  const problems = new Map<string, string>();
  let changed = previous === undefined || previous.files.size === 0;
  const seen = new Set<string>();
  const files = await Promise.all(
    entries.map((e) =>
      limit(async (): Promise<ServedFile | undefined> => {
        const c = classifyDistributionFilename(e.name);
        if (c.kind === 'ignored') return undefined;
        seen.add(e.name);
        const old = previous?.files.get(e.name);
        const yanked = await readYanked(e.path);
        if (unchanged(old, e.stat)) {
          const oldProblem = previous?.problems.get(e.name);
          if (oldProblem !== undefined) problems.set(e.name, oldProblem);
          if (old.yanked !== yanked) changed = true;
          return old.yanked === yanked ? old : { ...old, yanked };
        }
        changed = true;
        const version = c.kind === 'wheel' ? c.wheel.unescapedVersion : c.sdist.version;
        const project = c.kind === 'wheel' ? c.wheel.normalizedName : c.sdist.normalizedName;
        const served = await readFile(e, c.kind, project, version, problems);
        const problem = problems.get(e.name);
        if (problem !== undefined) options.log?.(`warning: ${e.name}: served without metadata: ${problem}`);
        return { ...served, yanked };
      }),
    ),
  );
  if (previous !== undefined) for (const name of previous.files.keys()) if (!seen.has(name)) changed = true;
  if (!changed && previous !== undefined) return previous;
  const byName = new Map<string, ServedFile>();
  const projects = new Map<string, ServedProject>();
  for (const f of files) {
    if (f === undefined) continue;
    byName.set(f.filename, f);
    let p = projects.get(f.project);
    if (p === undefined) projects.set(f.project, (p = { project: f.project, name: f.projectName, files: [] }));
    p.files.push(f);
  }
  for (const p of projects.values()) p.files.sort(byVersionThenName);
  const sorted = new Map([...projects.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { dir: abs, generation: (previous?.generation ?? 0) + 1, files: byName, projects: sorted, problems };
}

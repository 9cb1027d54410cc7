/**
 * Wheelhouses for the index client's tests: generated packages (fixtures/generator) in a
 * folder, plus the static PEP 503 tree of that folder (`DIR/simple/`, HTML only, no
 * `.metadata` files) that `python3 -m http.server` serves.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writePackage, type PackageSpec, type WrittenFile } from '../../../fixtures/generator/index.js';
import { writeStaticIndex, type StaticIndexProject } from '../../../src/index/pages/index.js';
import { canonicalizeName } from '../../../src/pep508/name.js';
import { readWheelFile } from '../../../src/metadata/wheel-reader.js';

export interface Listed {
  project: string;
  filename: string;
  path: string;
  sha256: string;
  size: number;
  requiresPython?: string;
  yanked?: false | string;
}

/** Writes every spec's files into `dir`; returns them with their project. */
export async function writeWheelhouse(dir: string, specs: PackageSpec[]): Promise<Listed[]> {
  await mkdir(dir, { recursive: true });
  const out: Listed[] = [];
  for (const spec of specs) {
    const written: WrittenFile[] = await writePackage(spec, dir);
    for (const w of written) {
      const l: Listed = { project: canonicalizeName(spec.name), filename: w.fileName, path: w.path, sha256: w.sha256, size: w.size };
      if (spec.requiresPython !== undefined) l.requiresPython = spec.requiresPython;
      out.push(l);
    }
  }
  return out;
}

/** Copies real wheels into `dir`, reading each one's project and Requires-Python. */
export async function copyWheels(dir: string, files: string[]): Promise<Listed[]> {
  await mkdir(dir, { recursive: true });
  const out: Listed[] = [];
  for (const file of files) {
    const target = path.join(dir, path.basename(file));
    await copyFile(file, target);
    const r = await readWheelFile(target, { verifyRecord: false });
    const l: Listed = { project: canonicalizeName(r.metadata.name), filename: path.basename(file), path: target, sha256: r.sha256!, size: r.size };
    if (r.metadata.requiresPython !== undefined) l.requiresPython = r.metadata.requiresPython;
    out.push(l);
  }
  return out;
}

/** Writes `DIR/simple/` for the files (HTML only, no core metadata): the tree `writeStaticIndex` makes. */
export async function writeTree(dir: string, files: Listed[]): Promise<string> {
  const projects = new Map<string, StaticIndexProject & { files: StaticIndexProject['files'][number][] }>();
  for (const f of files) {
    let p = projects.get(f.project);
    if (p === undefined) projects.set(f.project, (p = { name: f.project, files: [] }));
    p.files.push({ filename: f.filename, hashes: { sha256: f.sha256 }, yanked: f.yanked ?? false, coreMetadata: false, ...(f.requiresPython === undefined ? {} : { requiresPython: f.requiresPython }) });
  }
  const simple = path.join(dir, 'simple');
  await writeStaticIndex(simple, [...projects.values()]);
  return simple;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function fileSha256(file: string): string {
  return sha256(readFileSync(file));
}

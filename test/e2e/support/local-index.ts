/**
 * A small package index for end-to-end tests: generated wheels and sdists (fixtures
 * generator) in `DIR/files/`, a static PEP 503 tree in `DIR/simple/` listing them with
 * sha256 fragments and PEP 658 `.metadata` files; serve DIR with `python3 -m http.server`
 * (test/helpers/python-http-server.ts). `DIR/files/` doubles as a find-links directory.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { escapedName, writePackages, type PackageSpec, type WrittenFile } from '../../../fixtures/generator/index.js';
import { writeStaticIndex, type StaticIndexFile } from '../../../src/index/pages/index.js';
import { canonicalizeName } from '../../../src/pep508/name.js';

export interface LocalIndex {
  dir: string;
  /** The find-links directory: every file. */
  files: string;
  written: WrittenFile[];
}

function specOf(specs: readonly PackageSpec[], fileName: string): PackageSpec {
  const spec = specs.find((s) => fileName.startsWith(`${escapedName(s.name)}-${s.version}-`) || fileName.startsWith(`${escapedName(s.name)}-${s.version}.`));
  if (!spec) throw new Error(`no spec wrote ${fileName}`);
  return spec;
}

/**
 * Writes every file of `specs` and the simple tree listing them all under `dir`. Call it
 * again with more specs to publish new versions (the generator is reproducible, so files
 * written before come out byte for byte the same).
 */
export async function writeLocalIndex(dir: string, specs: readonly PackageSpec[]): Promise<LocalIndex> {
  const files = path.join(dir, 'files');
  const written = await writePackages([...specs], files);
  const projects = new Map<string, StaticIndexFile[]>();
  for (const f of written) {
    await writeFile(`${f.path}.metadata`, f.metadata);
    const spec = specOf(specs, f.fileName);
    const name = canonicalizeName(spec.name);
    const list = projects.get(name) ?? [];
    list.push({
      filename: f.fileName,
      url: `../../files/${encodeURIComponent(f.fileName)}`,
      hashes: { sha256: f.sha256 },
      yanked: spec.yanked === undefined || spec.yanked === false ? false : spec.yanked === true ? '' : spec.yanked,
      coreMetadata: { sha256: createHash('sha256').update(f.metadata).digest('hex') },
      ...(spec.requiresPython === undefined ? {} : { requiresPython: spec.requiresPython }),
    });
    projects.set(name, list);
  }
  await writeStaticIndex(
    path.join(dir, 'simple'),
    [...projects].map(([name, list]) => ({ name, files: list })),
  );
  return { dir, files, written };
}

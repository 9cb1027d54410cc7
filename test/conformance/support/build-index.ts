/**
 * A scenario's index, written with wheelhouse's own fixture generator: per release, one
 * wheel per tag set and an sdist (an in-tree backend, static PKG-INFO), a PEP 658
 * `.metadata` file beside every file, and a static PEP 503 tree (`writeStaticIndex`) with
 * sha256 fragments, data-requires-python, data-yanked and data-core-metadata.
 *
 *   <dir>/files/<wheel or sdist>[.metadata]
 *   <dir>/simple/<project>/index.html
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writePackage, type PackageSpec } from '../../../fixtures/generator/index.js';
import { writeStaticIndex, type StaticIndexProject } from '../../../src/index/pages/index.js';
import type { Scenario } from './scenario.js';

/** What was written: sha256 of every file, by file name (to check a lock's hashes). */
export type BuiltIndex = ReadonlyMap<string, { sha256: string; project: string; version: string }>;

export async function buildScenarioIndex(scenario: Scenario, dir: string): Promise<BuiltIndex> {
  const filesDir = path.join(dir, 'files');
  const built = new Map<string, { sha256: string; project: string; version: string }>();
  const projects: StaticIndexProject[] = [];
  for (const [name, releases] of Object.entries(scenario.packages)) {
    const files: StaticIndexProject['files'][number][] = [];
    for (const [version, r] of Object.entries(releases)) {
      const spec: PackageSpec = {
        name,
        version,
        wheel: r.wheel,
        ...(r.wheel ? { wheelTags: r.wheel_tags.length > 0 ? r.wheel_tags : ['py3-none-any'] } : {}),
        sdist: r.sdist ? 'in-tree' : false,
        requiresDist: r.requires,
        extras: r.extras,
        ...(r.requires_python === undefined ? {} : { requiresPython: r.requires_python }),
      };
      for (const w of await writePackage(spec, filesDir)) {
        await writeFile(`${w.path}.metadata`, w.metadata);
        built.set(w.fileName, { sha256: w.sha256, project: name, version });
        files.push({
          filename: w.fileName,
          hashes: { sha256: w.sha256 },
          ...(r.requires_python === undefined ? {} : { requiresPython: r.requires_python }),
          yanked: r.yanked ? '' : false,
          coreMetadata: { sha256: createHash('sha256').update(w.metadata).digest('hex') },
        });
      }
    }
    projects.push({ name, files });
  }
  await writeStaticIndex(path.join(dir, 'simple'), projects, { filesBaseUrl: '../../files/' });
  return built;
}

/**
 * An in-memory PackageIndex for the resolver's unit tests: releases described as data,
 * metadata rendered by the fixture generator and parsed by the real parser, no files.
 *
 *   new MemoryPackageIndex([
 *     { name: 'a', version: '1.0', requires: ['b>=1'], wheels: ['cp312-cp312-win_amd64'], sdist: true },
 *   ])
 *
 * Every call is recorded, so tests can check what was asked (and how often).
 */
import { createHash } from 'node:crypto';
import { renderCoreMetadata, wheelFileName } from '../../fixtures/generator/index.js';
import { MetadataError } from '../../src/errors.js';
import { parseSdistFilename } from '../../src/filenames/sdist-filename.js';
import { parseWheelFilename } from '../../src/filenames/wheel-filename.js';
import type { DistributionFile, PackageIndex, ProjectListing } from '../../src/index/package-index.js';
import { parseCoreMetadata, type CoreMetadata } from '../../src/metadata/index.js';
import { Version } from '../../src/pep440/version.js';
import { canonicalizeName } from '../../src/pep508/name.js';

export interface MemoryRelease {
  name: string;
  version: string;
  requires?: string[];
  extras?: Record<string, string[]>;
  requiresPython?: string;
  /** Wheel tag sets; default `['py3-none-any']`; `[]` for none. */
  wheels?: string[];
  sdist?: boolean;
  /** PEP 592: true or the reason. */
  yanked?: boolean | string;
  /** PEP 700 upload time (ISO 8601) of every file of the release. */
  uploadTime?: string;
  /** The index gives no sha256 for these files (the resolver must ask sha256Of). */
  noHash?: boolean;
  /** The index's data-requires-python, when it differs from the metadata's. */
  dataRequiresPython?: string | null;
  /** The sdist's PKG-INFO declares its dependencies dynamic: no metadata without a build. */
  dynamicSdist?: boolean;
  /** Raw Requires-Dist lines added to the metadata (e.g. invalid ones). */
  rawRequiresDist?: string[];
}

export const MEMORY_INDEX_URL = 'https://memory.test/simple/';

/** The fake sha256 of a file: the sha256 of its name. */
export function fakeSha256(filename: string): string {
  return createHash('sha256').update(filename).digest('hex');
}

export class MemoryPackageIndex implements PackageIndex {
  readonly calls = { getProject: [] as string[], getMetadata: [] as string[], sha256Of: [] as string[], prefetchProject: [] as string[], prefetchMetadata: [] as string[] };
  private readonly files = new Map<string, DistributionFile[]>();
  private readonly releases = new Map<string, MemoryRelease>();

  /** getMetadata calls being answered now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;

  /** `delayMs`: answer after this long (a function: per question), as an index far away. */
  constructor(
    releases: readonly MemoryRelease[],
    private readonly options: { delayMs?: number | ((question: string) => number) } = {},
  ) {
    for (const r of releases) {
      const name = canonicalizeName(r.name);
      const list = this.files.get(name) ?? [];
      for (const f of filesOf(r)) {
        list.push(f);
        this.releases.set(f.url, r);
      }
      this.files.set(name, list);
    }
  }

  async getProject(name: string): Promise<ProjectListing> {
    this.calls.getProject.push(name);
    await this.wait(`project ${name}`);
    return { name, files: this.files.get(name) ?? [], consulted: [MEMORY_INDEX_URL] };
  }

  prefetchProject(name: string): void {
    this.calls.prefetchProject.push(name);
  }

  async getMetadata(file: DistributionFile): Promise<CoreMetadata> {
    this.calls.getMetadata.push(file.filename);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.wait(`metadata ${file.filename}`);
    } finally {
      this.inFlight--;
    }
    const r = this.releases.get(file.url);
    if (r === undefined) throw new Error(`not a file of this index: ${file.url}`);
    if (file.kind === 'sdist' && r.dynamicSdist) {
      throw new MetadataError(`the dependencies of ${file.filename} are not known without building it: Requires-Dist is dynamic`);
    }
    const text = renderCoreMetadata(
      {
        name: r.name,
        version: r.version,
        requiresDist: [...(r.requires ?? []), ...(r.rawRequiresDist ?? [])],
        ...(r.extras === undefined ? {} : { extras: r.extras }),
        ...(r.requiresPython === undefined ? {} : { requiresPython: r.requiresPython }),
      },
      file.kind === 'sdist',
    );
    return parseCoreMetadata(text);
  }

  prefetchMetadata(file: DistributionFile): void {
    this.calls.prefetchMetadata.push(file.filename);
  }

  private async wait(question: string): Promise<void> {
    const d = this.options.delayMs;
    const ms = typeof d === 'function' ? d(question) : (d ?? 0);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    else await Promise.resolve();
  }

  async sha256Of(file: DistributionFile): Promise<string> {
    this.calls.sha256Of.push(file.filename);
    await this.wait(`sha256 ${file.filename}`);
    return fakeSha256(file.filename);
  }
}

function filesOf(r: MemoryRelease): DistributionFile[] {
  const version = Version.parse(r.version);
  const out: DistributionFile[] = [];
  const common = (filename: string): Omit<DistributionFile, 'kind' | 'wheel' | 'sdist'> => ({
    project: canonicalizeName(r.name),
    filename,
    version,
    url: `https://memory.test/files/${encodeURIComponent(filename)}`,
    origin: MEMORY_INDEX_URL,
    hashes: r.noHash ? {} : { sha256: fakeSha256(filename) },
    ...(r.dataRequiresPython === null ? {} : (r.dataRequiresPython ?? r.requiresPython) === undefined ? {} : { requiresPython: (r.dataRequiresPython ?? r.requiresPython)! }),
    yanked: r.yanked === undefined || r.yanked === false ? false : r.yanked === true ? '' : r.yanked,
    coreMetadata: true,
    ...(r.uploadTime === undefined ? {} : { uploadTime: r.uploadTime }),
  });
  for (const tags of r.wheels ?? ['py3-none-any']) {
    const filename = wheelFileName({ name: r.name, version: r.version }, tags);
    out.push({ ...common(filename), kind: 'wheel', wheel: parseWheelFilename(filename) });
  }
  if (r.sdist) {
    const filename = `${canonicalizeName(r.name).replace(/-/g, '_')}-${r.version}.tar.gz`;
    out.push({ ...common(filename), kind: 'sdist', sdist: parseSdistFilename(filename, r.name) });
  }
  return out;
}

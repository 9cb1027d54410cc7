/**
 * What `wheelhouse inspect` reports about one wheel or sdist, as plain data (the command
 * only renders it). Local files here; remote ones in src/index (`inspectUrl`), which
 * builds the same report from what it read by HTTP.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { BuildSystem } from './build-system.js';
import type { MetadataWarning } from './core-metadata.js';
import type { ArchiveLimits } from './limits.js';
import { classifyDistributionFilename } from '../filenames/classify.js';
import { formatTag } from '../tags/tag.js';
import { readSdistFile, type SdistReadResult, type StaticMetadataVerdict } from './sdist-reader.js';
import { readWheelFile, type RecordCheck, type WheelReadResult } from './wheel-reader.js';

export interface InspectReport {
  /** The path, or the URL (credentials redacted). */
  file: string;
  filename: string;
  kind: 'wheel' | 'sdist';
  name: string;
  version: string;
  /** Wheel tags from the file name (every tag a compressed tag set stands for). */
  tags: string[];
  requiresPython: string | null;
  requiresDist: string[];
  providesExtra: string[];
  metadataVersion: string;
  summary: string | null;
  /** sha256 of the whole file; null when it was not read whole (a remote wheel read by ranges). */
  sha256: string | null;
  size: number;
  /** Remote files: how much was fetched, and how. */
  fetched?: { method: 'ranges' | 'download'; bytes: number; requests: number };
  /** Wheels: the RECORD check. */
  record?: RecordCheck;
  /** sdists: whether PKG-INFO can be used without a build (PEP 643). */
  staticMetadata?: StaticMetadataVerdict;
  /** sdists: what pip installs to build it. */
  buildSystem?: BuildSystem;
  hasSetupPy?: boolean;
  hasPyproject?: boolean;
  warnings: MetadataWarning[];
}

export interface InspectOptions {
  /** Check every file of a wheel against RECORD (default true). */
  verifyRecord?: boolean;
  limits?: Partial<ArchiveLimits>;
}

export async function inspectFile(file: string, options: InspectOptions = {}): Promise<InspectReport> {
  const filename = path.basename(file);
  const limits = options.limits === undefined ? {} : { limits: options.limits };
  const kind = classifyDistributionFilename(filename);
  if (kind.kind === 'wheel') return wheelInspectReport(await readWheelFile(file, { verifyRecord: options.verifyRecord ?? true, ...limits }), file);
  if (kind.kind === 'sdist') return sdistInspectReport(await readSdistFile(file, { fullScan: true, ...limits }), file);
  throw new UsageError(`not a wheel or sdist file name: ${kind.reason}`, { text: filename, expected: 'a file ending in .whl, .tar.gz, .tgz or .zip' });
}

/** The report of a wheel read by `readWheelFile` or `readWheelFromReader` (`file`: its path or URL). */
export function wheelInspectReport(r: WheelReadResult, file: string): InspectReport {
  return {
    file,
    filename: r.filename,
    kind: 'wheel',
    name: r.metadata.name,
    version: r.metadata.version,
    tags: r.parsedFilename.tags.map(formatTag),
    requiresPython: r.metadata.requiresPython ?? null,
    requiresDist: r.metadata.requiresDist,
    providesExtra: r.metadata.providesExtra,
    metadataVersion: r.metadata.metadataVersion,
    summary: r.metadata.summary ?? null,
    sha256: r.sha256 ?? null,
    size: r.size,
    record: r.record,
    warnings: r.warnings,
  };
}

/** The report of an sdist read by `readSdistFile` (`file`: its path or URL). */
export function sdistInspectReport(r: SdistReadResult, file: string): InspectReport {
  const meta = r.pkgInfo;
  return {
    file,
    filename: r.filename,
    kind: 'sdist',
    name: meta?.name ?? r.parsedFilename.name,
    version: meta?.version ?? r.parsedFilename.version,
    tags: [],
    requiresPython: meta?.requiresPython ?? null,
    requiresDist: meta?.requiresDist ?? [],
    providesExtra: meta?.providesExtra ?? [],
    metadataVersion: meta?.metadataVersion ?? '',
    summary: meta?.summary ?? null,
    sha256: r.sha256 ?? null,
    size: r.size,
    staticMetadata: r.staticMetadata,
    buildSystem: r.buildSystem,
    hasSetupPy: r.hasSetupPy,
    hasPyproject: r.pyproject !== undefined,
    warnings: r.warnings,
  };
}

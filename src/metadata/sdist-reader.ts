/**
 * Reading an sdist (`.tar.gz` or `.zip`) without building it: its `PKG-INFO`, its
 * `pyproject.toml` build system, whether it has a `setup.py` — and whether PKG-INFO can
 * be trusted for dependencies (PEP 643). A `.tar.gz` is streamed and the walk stops as
 * soon as all three files are found (unless `fullScan`).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ArchiveError, MetadataError } from '../errors.js';
import { effectiveBuildSystem, type BuildSystem } from './build-system.js';
import { compareMetadataVersion, isDynamic, parseCoreMetadata, type CoreMetadata, type MetadataWarning } from './core-metadata.js';
import { hashBuffer, hashFile } from './file-hash.js';
import { resolveLimits, type ArchiveLimits } from './limits.js';
import { parseSdistFilename, type SdistFilename } from '../filenames/sdist-filename.js';
import { canonicalizeName } from '../pep508/name.js';
import { sameVersion } from './names.js';
import { parsePyprojectBuildSystem, type PyprojectBuildSystem } from './pyproject.js';
import { archiveLocation, memberLocation, type ArchiveSource } from './source.js';
import { checkLinkTarget, normaliseMemberName, walkTarGz, type ArchiveMember, type MemberVisitor } from './tar-archive.js';
import { asArchiveError, ZipArchive, type ZipInput } from './zip-archive.js';

export interface ReadSdistOptions {
  /** Check every member even after PKG-INFO, pyproject.toml and setup.py are found (default false). */
  fullScan?: boolean;
  /**
   * The project the sdist is expected to be of: a legacy name with dashes in it
   * (`foo-bar-1.0.tar.gz`) is then split where the project's name ends, as pip does.
   */
  project?: string;
  /**
   * readSdistFile only: the sdist's file name, when the path is not named after it (a
   * file in a content-addressed cache). Default: the path's base name.
   */
  filename?: string;
  /** readSdistFile only: the URL the file was downloaded from, for error locations. */
  url?: string;
  limits?: Partial<ArchiveLimits>;
}

/** The archive formats the reader opens (the other extensions pip knows need bz2, xz or lzma). */
export type SdistFormat = 'tar.gz' | 'zip';

/** The sdist's file name, and which reader opens it; an ArchiveError for formats it cannot. */
function sdistFilename(filename: string, source: ArchiveSource, project: string | undefined): { fn: SdistFilename; format: SdistFormat } {
  const fn = parseSdistFilename(filename, project, archiveLocation(source));
  if (fn.extension === '.tar.gz' || fn.extension === '.tgz') return { fn, format: 'tar.gz' };
  if (fn.extension === '.zip') return { fn, format: 'zip' };
  throw new ArchiveError(`cannot read ${fn.extension} sdists`, {
    location: archiveLocation(source),
    text: filename,
    expected: 'an sdist ending in .tar.gz, .tgz or .zip',
  });
}

/** PEP 643: can PKG-INFO's dependencies be used without building? */
export type StaticMetadataVerdict = { trusted: true } | { trusted: false; reason: string };

export interface SdistReadResult {
  filename: string;
  parsedFilename: SdistFilename;
  format: SdistFormat;
  /** The single top-level folder, e.g. `pkg-1.0`. */
  topDir: string;
  /** `{topDir}/PKG-INFO`, parsed; undefined when the sdist has none. */
  pkgInfo?: CoreMetadata;
  pkgInfoBytes?: Buffer;
  staticMetadata: StaticMetadataVerdict;
  /** undefined when the sdist has no top-level pyproject.toml. */
  pyproject?: PyprojectBuildSystem;
  hasSetupPy: boolean;
  /** What pip would install to build it (build-system.ts). */
  buildSystem: BuildSystem;
  /** Members looked at, and whether the walk reached the end. */
  membersRead: number;
  complete: boolean;
  sha256?: string;
  size: number;
  warnings: MetadataWarning[];
}

/** Fields whose being dynamic makes PKG-INFO useless for resolution. */
const DEPENDENCY_FIELDS = ['Requires-Dist', 'Requires-Python', 'Provides-Extra'];

export async function readSdistFile(file: string, options: ReadSdistOptions = {}): Promise<SdistReadResult> {
  const filename = options.filename ?? path.basename(file);
  const source: ArchiveSource = options.url === undefined ? { file } : { file: filename, url: options.url };
  const { fn, format } = sdistFilename(filename, source, options.project);
  const [result, digest] = await Promise.all([
    format === 'zip'
      ? readSdistZip({ kind: 'path', path: file }, fn, source, options)
      : readSdistTarGz(createReadStream(file), fn, source, options),
    hashFile(file).catch((err: unknown) => {
      throw asArchiveError(err, source, 'cannot read the file');
    }),
  ]);
  return { ...result, sha256: digest.sha256, size: digest.size };
}

export async function readSdistBuffer(buffer: Buffer, filename: string, options: ReadSdistOptions = {}): Promise<SdistReadResult> {
  const source: ArchiveSource = { file: filename };
  const { fn, format } = sdistFilename(filename, source, options.project);
  const result =
    format === 'zip' ? await readSdistZip({ kind: 'buffer', buffer }, fn, source, options) : await readSdistTarGz(Readable.from([buffer]), fn, source, options);
  const digest = hashBuffer(buffer);
  return { ...result, sha256: digest.sha256, size: digest.size };
}

/**
 * PKG-INFO's metadata when PEP 643 makes it trustworthy for resolution; otherwise a
 * MetadataError that names the sdist and says its dependencies need a build.
 */
export function sdistStaticMetadata(result: SdistReadResult): CoreMetadata {
  if (result.staticMetadata.trusted && result.pkgInfo) return result.pkgInfo;
  const reason = result.staticMetadata.trusted ? 'it has no PKG-INFO' : result.staticMetadata.reason;
  throw new MetadataError(`the dependencies of ${result.filename} are not known without building it: ${reason}`, {
    location: memberLocation({ file: result.filename }, `${result.topDir}/PKG-INFO`),
    expected: 'PKG-INFO with Metadata-Version 2.2 or later that does not list Requires-Dist, Requires-Python or Provides-Extra as Dynamic (PEP 643)',
    hint: 'building sdists is not supported; use a wheel of this version, or one whose sdist has static metadata',
  });
}

/** The PEP 643 verdict for one PKG-INFO. */
export function staticMetadataVerdict(pkgInfo: CoreMetadata | undefined): StaticMetadataVerdict {
  if (!pkgInfo) return { trusted: false, reason: 'it has no PKG-INFO' };
  if (compareMetadataVersion(pkgInfo.metadataVersion, '2.2') < 0) {
    return { trusted: false, reason: `its PKG-INFO has Metadata-Version ${pkgInfo.metadataVersion}; PEP 643 needs 2.2 or later` };
  }
  const dynamic = DEPENDENCY_FIELDS.filter((f) => isDynamic(pkgInfo, f));
  if (dynamic.length > 0) return { trusted: false, reason: `its PKG-INFO lists ${dynamic.join(', ')} as Dynamic` };
  return { trusted: true };
}

type Partial_ = Omit<SdistReadResult, 'sha256' | 'size'>;

interface Found {
  topDir?: string;
  pkgInfoBytes?: Buffer;
  pyprojectBytes?: Buffer;
  hasSetupPy: boolean;
}

/** The visitor shared by tar and zip: one top-level folder, and the three files in it. */
function sdistVisitor(found: Found, source: ArchiveSource, limits: ArchiveLimits, fullScan: boolean): MemberVisitor {
  return async (member: ArchiveMember, read) => {
    if (member.name === '') return 'continue';
    const slash = member.name.indexOf('/');
    const top = slash < 0 ? member.name : member.name.slice(0, slash);
    if (found.topDir === undefined) found.topDir = top;
    else if (top !== found.topDir) {
      throw new ArchiveError('sdist has more than one top-level entry', {
        location: archiveLocation(source),
        text: `${found.topDir}, ${top}`,
        expected: 'a single top-level {name}-{version} folder',
      });
    }
    if (slash < 0 && member.type !== 'directory') {
      throw new ArchiveError('sdist has a file at its top level', { location: archiveLocation(source), text: member.name, expected: 'a single top-level {name}-{version} folder' });
    }
    const rel = slash < 0 ? '' : member.name.slice(slash + 1);
    if (member.type === 'file') {
      if (rel === 'PKG-INFO') found.pkgInfoBytes = await read(limits.maxMetadataBytes);
      else if (rel === 'pyproject.toml') found.pyprojectBytes = await read(limits.maxSmallFileBytes);
      else if (rel === 'setup.py') found.hasSetupPy = true;
    } else if (rel === 'setup.py' && member.type !== 'directory') {
      found.hasSetupPy = true;
    }
    if (!fullScan && found.pkgInfoBytes && found.pyprojectBytes && found.hasSetupPy) return 'stop';
    return 'continue';
  };
}

async function readSdistTarGz(input: Readable, fn: SdistFilename, source: ArchiveSource, options: ReadSdistOptions): Promise<Partial_> {
  const limits = resolveLimits(options.limits);
  const found: Found = { hasSetupPy: false };
  const walk = await walkTarGz(input, source, limits, sdistVisitor(found, source, limits, options.fullScan ?? false));
  return finish(found, fn, 'tar.gz', source, limits, walk.members, walk.complete);
}

async function readSdistZip(input: ZipInput, fn: SdistFilename, source: ArchiveSource, options: ReadSdistOptions): Promise<Partial_> {
  const limits = resolveLimits(options.limits);
  const zip = await ZipArchive.open(input, source, limits);
  const found: Found = { hasSetupPy: false };
  const visit = sdistVisitor(found, source, limits, true);
  try {
    for (const e of zip.entries) {
      const name = normaliseMemberName(e.name);
      const isLink = e.unixMode !== undefined && (e.unixMode & 0o170000) === 0o120000;
      let member: ArchiveMember;
      if (isLink) {
        const target = (await zip.readEntry(e, 4096)).toString('utf8');
        checkLinkTarget(name, target, path.posix.join(path.posix.dirname(name), target), source, 'symbolic link');
        member = { name, type: 'symlink', size: 0, linkname: target };
      } else {
        member = { name, type: e.isDirectory ? 'directory' : 'file', size: e.uncompressedSize };
      }
      await visit(member, (max) => zip.readEntry(e, max));
    }
  } finally {
    zip.close();
  }
  return finish(found, fn, 'zip', source, limits, zip.entries.length, true);
}

function finish(found: Found, fn: SdistFilename, format: SdistFormat, source: ArchiveSource, limits: ArchiveLimits, membersRead: number, complete: boolean): Partial_ {
  if (found.topDir === undefined) {
    throw new ArchiveError('sdist is empty', { location: archiveLocation(source), expected: `a ${fn.name}-${fn.version}/ folder with PKG-INFO` });
  }
  const topDir = found.topDir;
  const warnings: MetadataWarning[] = [];
  if (!topDirMatches(topDir, fn)) {
    warnings.push({ message: `the top-level folder ${topDir}/ does not match the file name ${fn.filename}`, ...(source.file ? { file: source.file } : {}) });
  }

  let pkgInfo: CoreMetadata | undefined;
  if (found.pkgInfoBytes) {
    const member = `${topDir}/PKG-INFO`;
    pkgInfo = parseCoreMetadata(found.pkgInfoBytes, { source, member, maxBytes: limits.maxMetadataBytes });
    warnings.push(...pkgInfo.warnings);
    if (canonicalizeName(pkgInfo.name) !== canonicalizeName(fn.name) || !sameVersion(pkgInfo.version, fn.version)) {
      throw new MetadataError('PKG-INFO names a different project or version than the file name', {
        location: memberLocation(source, member),
        text: `${pkgInfo.name} ${pkgInfo.version}`,
        expected: `${fn.name} ${fn.version} (from ${fn.filename})`,
      });
    }
  } else {
    warnings.push({ message: `no ${topDir}/PKG-INFO`, ...(source.file ? { file: source.file } : {}) });
  }

  let pyproject: PyprojectBuildSystem | undefined;
  if (found.pyprojectBytes) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(found.pyprojectBytes);
    pyproject = parsePyprojectBuildSystem(text, source, `${topDir}/pyproject.toml`);
  }
  const buildSystem = effectiveBuildSystem(pyproject, found.hasSetupPy, source);

  const result: Partial_ = {
    filename: fn.filename,
    parsedFilename: fn,
    format,
    topDir,
    staticMetadata: staticMetadataVerdict(pkgInfo),
    hasSetupPy: found.hasSetupPy,
    buildSystem,
    membersRead,
    complete,
    warnings,
  };
  if (pkgInfo) result.pkgInfo = pkgInfo;
  if (found.pkgInfoBytes) result.pkgInfoBytes = found.pkgInfoBytes;
  if (pyproject) result.pyproject = pyproject;
  return result;
}

function topDirMatches(topDir: string, fn: SdistFilename): boolean {
  for (let i = topDir.indexOf('-'); i > 0; i = topDir.indexOf('-', i + 1)) {
    if (canonicalizeName(topDir.slice(0, i)) === canonicalizeName(fn.name) && sameVersion(topDir.slice(i + 1), fn.version)) return true;
  }
  return false;
}

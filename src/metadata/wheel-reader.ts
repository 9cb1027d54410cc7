/**
 * Reading a wheel (PEP 427, the binary distribution format): its one `.dist-info`
 * folder, METADATA, WHEEL, and RECORD — every file's hash and size checked against
 * RECORD, streaming, and nothing extracted to disk.
 *
 * The entry point takes a path, a Buffer, or a yauzl RandomAccessReader and the total
 * size: the index client plugs HTTP range requests in there. With `verifyRecord: false`
 * only the central directory, METADATA and WHEEL are read — what a resolver needs.
 */
import { createHash, type Hash } from 'node:crypto';
import path from 'node:path';
import type yauzl from 'yauzl';
import { ArchiveError, HashMismatchError, MetadataError } from '../errors.js';
import { parseCoreMetadata, type CoreMetadata, type MetadataWarning } from './core-metadata.js';
import { hashBuffer, hashFile } from './file-hash.js';
import { resolveLimits, type ArchiveLimits } from './limits.js';
import { parseWheelFilename, type WheelFilename } from '../filenames/wheel-filename.js';
import { canonicalizeName } from '../pep508/name.js';
import { formatTag } from '../tags/tag.js';
import { sameVersion } from './names.js';
import { parseRecord, RECORD_HASH_ALGORITHMS, type RecordEntry } from './record.js';
import { archiveLocation, memberLocation, type ArchiveSource } from './source.js';
import { parseWheelInfo, type WheelInfo } from './wheel-info.js';
import { asArchiveError, ZipArchive, type ZipEntryInfo, type ZipInput } from './zip-archive.js';

export interface ReadWheelOptions {
  /** Check every file against RECORD (default true). False reads only what metadata needs. */
  verifyRecord?: boolean;
  /** readWheelFile only: also hash the whole file (default true). */
  hashFile?: boolean;
  /**
   * readWheelFile only: the wheel's file name, when the path is not named after it (a
   * file in a content-addressed cache). Default: the path's base name.
   */
  filename?: string;
  /** readWheelFile only: the URL the file was downloaded from, for error locations. */
  url?: string;
  limits?: Partial<ArchiveLimits>;
}

export interface RecordCheck {
  /** `verified`: every file matched RECORD; `not-checked`: `verifyRecord: false`. */
  status: 'verified' | 'not-checked';
  /** Files whose hash and size were checked. */
  files: number;
  /** Their bytes, uncompressed. */
  bytes: number;
}

export interface WheelReadResult {
  filename: string;
  parsedFilename: WheelFilename;
  /** e.g. `requests-2.32.3.dist-info` */
  distInfoDir: string;
  metadata: CoreMetadata;
  /** METADATA exactly as stored (what a PEP 658 `.metadata` file must equal). */
  metadataBytes: Buffer;
  wheel: WheelInfo;
  record: RecordCheck;
  entryCount: number;
  /** sha256 (hex) of the whole file: set when it was read locally (path or Buffer). */
  sha256?: string;
  /** Size of the whole file in bytes. */
  size: number;
  /** Metadata warnings and WHEEL warnings, for the user. */
  warnings: MetadataWarning[];
}

/** Read a wheel from a local path. */
export async function readWheelFile(file: string, options: ReadWheelOptions = {}): Promise<WheelReadResult> {
  const filename = options.filename ?? path.basename(file);
  const source: ArchiveSource = options.url === undefined ? { file } : { file: filename, url: options.url };
  const [result, digest] = await Promise.all([
    readWheelArchive({ kind: 'path', path: file }, filename, source, options),
    (options.hashFile ?? true)
      ? hashFile(file).catch((err: unknown) => {
          throw asArchiveError(err, source, 'cannot read the file');
        })
      : undefined,
  ]);
  return digest ? { ...result, sha256: digest.sha256, size: digest.size } : result;
}

/** Read a wheel held in memory; `filename` is its file name (for the name/version checks). */
export async function readWheelBuffer(buffer: Buffer, filename: string, options: ReadWheelOptions = {}): Promise<WheelReadResult> {
  const result = await readWheelArchive({ kind: 'buffer', buffer }, filename, { file: filename }, options);
  const digest = hashBuffer(buffer);
  return { ...result, sha256: digest.sha256, size: digest.size };
}

/**
 * Read a wheel through any RandomAccessReader of `size` bytes (for HTTP: range
 * requests: `openRangeReader` in src/index/http). `url` names it in errors. No whole-file sha256.
 */
export async function readWheelFromReader(
  reader: yauzl.RandomAccessReader,
  size: number,
  filename: string,
  options: ReadWheelOptions = {},
): Promise<WheelReadResult> {
  const source: ArchiveSource = options.url === undefined ? { file: filename } : { url: options.url };
  return readWheelArchive({ kind: 'reader', reader, size }, filename, source, options);
}

async function readWheelArchive(input: ZipInput, filename: string, source: ArchiveSource, options: ReadWheelOptions): Promise<WheelReadResult> {
  const limits = resolveLimits(options.limits);
  const parsedFilename = parseFilename(filename, source);
  const zip = await ZipArchive.open(input, source, limits);
  try {
    const distInfoDir = findDistInfoDir(zip, parsedFilename, source);

    const metadataMember = `${distInfoDir}/METADATA`;
    const metadataEntry = requireEntry(zip, metadataMember, source);
    const metadataBytes = await zip.readEntry(metadataEntry, limits.maxMetadataBytes);
    const metadata = parseCoreMetadata(metadataBytes, { source, member: metadataMember, maxBytes: limits.maxMetadataBytes });
    checkMetadataMatchesFilename(metadata, parsedFilename, source, metadataMember);

    const wheelMember = `${distInfoDir}/WHEEL`;
    const wheelBytes = await zip.readEntry(requireEntry(zip, wheelMember, source), limits.maxSmallFileBytes);
    const wheel = parseWheelInfo(wheelBytes, source, wheelMember);
    const warnings = [...metadata.warnings];
    for (const w of wheel.warnings) warnings.push({ message: w, ...locFields(source, wheelMember) });
    const wheelTags = wheel.tags.flatMap(expandTagSet);
    const nameTags = parsedFilename.tags.map(formatTag);
    if (wheelTags.length > 0 && !sameSet(wheelTags, nameTags)) {
      warnings.push({ message: `WHEEL lists tags ${wheelTags.join(', ')} but the file name says ${nameTags.join(', ')}`, ...locFields(source, wheelMember) });
    }

    let record: RecordCheck = { status: 'not-checked', files: 0, bytes: 0 };
    if (options.verifyRecord ?? true) record = await verifyRecord(zip, distInfoDir, source, limits);

    const result: WheelReadResult = {
      filename,
      parsedFilename,
      distInfoDir,
      metadata,
      metadataBytes,
      wheel,
      record,
      entryCount: zip.entries.length,
      size: input.kind === 'reader' ? input.size : input.kind === 'buffer' ? input.buffer.length : zip.fileSize,
      warnings,
    };
    return result;
  } finally {
    zip.close();
  }
}

/** The file name as src/filenames reads it; the error names the archive. */
function parseFilename(filename: string, source: ArchiveSource): WheelFilename {
  return parseWheelFilename(filename, archiveLocation(source));
}

/** The single top-level `{name}-{version}.dist-info` folder, checked against the file name. */
function findDistInfoDir(zip: ZipArchive, fn: WheelFilename, source: ArchiveSource): string {
  const dirs = new Set<string>();
  for (const e of zip.entries) {
    const top = e.name.split('/')[0]!;
    if (top.endsWith('.dist-info') && e.name.length > top.length) dirs.add(top);
  }
  if (dirs.size === 0) {
    throw new ArchiveError('wheel has no .dist-info folder', {
      location: archiveLocation(source),
      expected: `a top-level ${fn.name}-${fn.version}.dist-info/ folder`,
    });
  }
  if (dirs.size > 1) {
    throw new ArchiveError('wheel has more than one .dist-info folder', {
      location: archiveLocation(source),
      text: [...dirs].sort().join(', '),
      expected: 'exactly one .dist-info folder',
    });
  }
  const dir = [...dirs][0]!;
  const stem = dir.slice(0, -'.dist-info'.length);
  // The name part may not contain '-' in a conforming wheel, but try every split so
  // that an old, unescaped name still matches when it is the same project.
  for (let i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
    if (canonicalizeName(stem.slice(0, i)) === canonicalizeName(fn.name) && sameVersion(stem.slice(i + 1), fn.unescapedVersion)) return dir;
  }
  throw new ArchiveError('the .dist-info folder does not match the file name', {
    location: archiveLocation(source),
    text: dir,
    expected: `${fn.name}-${fn.version}.dist-info (name and version of ${fn.filename})`,
  });
}

function checkMetadataMatchesFilename(meta: CoreMetadata, fn: WheelFilename, source: ArchiveSource, member: string): void {
  if (canonicalizeName(meta.name) !== canonicalizeName(fn.name)) {
    throw new MetadataError('METADATA names a different project than the file name', {
      location: memberLocation(source, member),
      text: meta.name,
      expected: `${fn.name} (from ${fn.filename})`,
    });
  }
  if (!sameVersion(meta.version, fn.unescapedVersion)) {
    throw new MetadataError('METADATA gives a different version than the file name', {
      location: memberLocation(source, member),
      text: meta.version,
      expected: `${fn.version} (from ${fn.filename})`,
    });
  }
}

function requireEntry(zip: ZipArchive, member: string, source: ArchiveSource): ZipEntryInfo {
  const e = zip.byName.get(member);
  if (!e || e.isDirectory) {
    throw new ArchiveError(`wheel has no ${member}`, { location: archiveLocation(source), expected: `a ${member} file` });
  }
  return e;
}

/** RECORD's own entry and the signature files are not hashed (the spec says so). */
function isRecordExempt(name: string, distInfoDir: string): boolean {
  return name === `${distInfoDir}/RECORD` || name === `${distInfoDir}/RECORD.jws` || name === `${distInfoDir}/RECORD.p7s`;
}

async function verifyRecord(zip: ZipArchive, distInfoDir: string, source: ArchiveSource, limits: ArchiveLimits): Promise<RecordCheck> {
  const recordMember = `${distInfoDir}/RECORD`;
  const recordBytes = await zip.readEntry(requireEntry(zip, recordMember, source), limits.maxRecordBytes);
  const rows = parseRecord(recordBytes, source, recordMember);

  const listed = new Map<string, RecordEntry>();
  for (const row of rows) {
    const previous = listed.get(row.path);
    if (previous && (previous.hash?.digest !== row.hash?.digest || previous.size !== row.size)) {
      throw new ArchiveError('RECORD lists a file twice with different hashes or sizes', {
        location: memberLocation(source, recordMember, row.line),
        text: row.path,
        expected: 'each file once',
      });
    }
    listed.set(row.path, row);
  }

  // Every file in the zip is listed...
  for (const e of zip.entries) {
    if (e.isDirectory || isRecordExempt(e.name, distInfoDir)) continue;
    if (!listed.has(e.name)) {
      throw new ArchiveError('a file in the wheel is not listed in RECORD', {
        location: memberLocation(source, recordMember),
        text: e.name,
        expected: 'RECORD to list every file of the wheel',
      });
    }
  }
  // ...and every listed file is in the zip, with its hash and size.
  let files = 0;
  let bytes = 0;
  for (const row of listed.values()) {
    if (isRecordExempt(row.path, distInfoDir)) continue;
    const e = zip.byName.get(row.path);
    if (!e || e.isDirectory) {
      throw new ArchiveError('RECORD lists a file that is not in the wheel', {
        location: memberLocation(source, recordMember, row.line),
        text: row.path,
        expected: 'every file in RECORD to be in the wheel',
      });
    }
    if (!row.hash) {
      throw new ArchiveError('RECORD gives no hash for a file', {
        location: memberLocation(source, recordMember, row.line),
        text: row.path,
        expected: 'a hash for every file except RECORD and its signatures',
      });
    }
    const actual = await digestEntry(zip, e, row.hash.algorithm);
    if (actual.digest !== row.hash.digest) {
      throw new HashMismatchError(`${row.path} does not match its hash in RECORD`, {
        location: memberLocation(source, recordMember, row.line),
        text: `${row.hash.algorithm}=${actual.digest}`,
        expected: `${row.hash.algorithm}=${row.hash.digest}`,
      });
    }
    if (row.size !== undefined && row.size !== actual.size) {
      throw new HashMismatchError(`${row.path} does not match its size in RECORD`, {
        location: memberLocation(source, recordMember, row.line),
        text: String(actual.size),
        expected: String(row.size),
      });
    }
    files += 1;
    bytes += actual.size;
  }
  return { status: 'verified', files, bytes };
}

async function digestEntry(zip: ZipArchive, e: ZipEntryInfo, algorithm: string): Promise<{ digest: string; size: number }> {
  const hash: Hash = createHash(RECORD_HASH_ALGORITHMS[algorithm]!);
  let size = 0;
  const stream = await zip.openEntry(e);
  try {
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (err) {
    stream.destroy();
    throw asArchiveError(err, zip.source, `cannot read ${e.name}`, e.name);
  }
  return { digest: hash.digest('base64url'), size };
}

/** `cp310-abi3-a.b` → its tags (WHEEL's Tag lines are sometimes compressed too). */
function expandTagSet(tag: string): string[] {
  const parts = tag.split('-');
  if (parts.length !== 3) return [tag];
  const out: string[] = [];
  for (const p of parts[0]!.split('.')) for (const a of parts[1]!.split('.')) for (const pl of parts[2]!.split('.')) out.push(`${p}-${a}-${pl}`);
  return out;
}

function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

function locFields(source: ArchiveSource, member: string): { file?: string; url?: string } {
  const loc = memberLocation(source, member);
  const out: { file?: string; url?: string } = {};
  if (loc.file !== undefined) out.file = loc.file;
  if (loc.url !== undefined) out.url = loc.url;
  return out;
}

/**
 * A zip file read through yauzl, from a path, a Buffer or any RandomAccessReader (e.g.
 * HTTP range requests). Opening reads only the end-of-central-directory record and the
 * central directory; an entry's bytes are read only when asked for. Every entry name
 * is checked (entry-name.ts), and so are the limits (limits.ts): entry count, declared
 * sizes, compression ratio, entries that overlap (the trick of non-recursive zip
 * bombs), duplicates, and methods other than stored and deflate.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ArchiveError, WheelhouseError } from '../errors.js';
import { checkEntryName } from './entry-name.js';
import { RATIO_CHECK_MIN_BYTES, type ArchiveLimits } from './limits.js';
import { archiveLabel, archiveLocation, memberLocation, type ArchiveSource } from './source.js';

export type ZipInput =
  | { kind: 'path'; path: string }
  | { kind: 'buffer'; buffer: Buffer }
  | { kind: 'reader'; reader: yauzl.RandomAccessReader; size: number };

export interface ZipEntryInfo {
  name: string;
  isDirectory: boolean;
  /** Unix mode from the external attributes when made on Unix, else undefined. */
  unixMode?: number;
  compressedSize: number;
  uncompressedSize: number;
  entry: yauzl.Entry;
}

/** A local header is at least 30 bytes plus the name. */
const LOCAL_HEADER_FIXED = 30;

export class ZipArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly source: ArchiveSource,
    readonly entries: ZipEntryInfo[],
    readonly byName: Map<string, ZipEntryInfo>,
    readonly limits: ArchiveLimits,
  ) {}

  static async open(input: ZipInput, source: ArchiveSource, limits: ArchiveLimits): Promise<ZipArchive> {
    const options: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
    let zip: yauzl.ZipFile;
    try {
      if (input.kind === 'path') zip = await yauzl.openPromise(input.path, options);
      else if (input.kind === 'buffer') zip = await yauzl.fromBufferPromise(input.buffer, options);
      else zip = await yauzl.fromRandomAccessReaderPromise(input.reader, input.size, options);
    } catch (err) {
      throw asArchiveError(err, source, 'not a readable zip file');
    }
    try {
      if (zip.entryCount > limits.maxEntries) {
        throw new ArchiveError(`zip has ${zip.entryCount} entries, over the limit of ${limits.maxEntries}`, {
          location: archiveLocation(source),
          expected: `at most ${limits.maxEntries} entries`,
        });
      }
      const entries: ZipEntryInfo[] = [];
      const byName = new Map<string, ZipEntryInfo>();
      let total = 0;
      for await (const entry of zip.eachEntry()) {
        const info = describeEntry(entry, source, limits);
        if (byName.has(info.name)) {
          throw new ArchiveError('zip has two entries with the same name', {
            location: archiveLocation(source),
            text: info.name,
            expected: 'each member name once',
          });
        }
        total += info.uncompressedSize;
        if (total > limits.maxTotalBytes) {
          throw new ArchiveError(`zip declares more than ${limits.maxTotalBytes} uncompressed bytes in all`, {
            location: archiveLocation(source),
            expected: `at most ${limits.maxTotalBytes} bytes uncompressed`,
          });
        }
        entries.push(info);
        byName.set(info.name, info);
      }
      checkNoOverlap(entries, zip.fileSize, source);
      return new ZipArchive(zip, source, entries, byName, limits);
    } catch (err) {
      zip.close();
      throw asArchiveError(err, source, 'cannot read the zip central directory');
    }
  }

  /** Size of the whole zip file in bytes. */
  get fileSize(): number {
    return this.zip.fileSize;
  }

  /** The whole entry in memory, refused when it declares more than `maxBytes`. */
  async readEntry(info: ZipEntryInfo, maxBytes: number): Promise<Buffer> {
    if (info.uncompressedSize > maxBytes) {
      throw new ArchiveError(`${info.name} is ${info.uncompressedSize} bytes, over the limit of ${maxBytes}`, {
        location: memberLocation(this.source, info.name),
        expected: `at most ${maxBytes} bytes`,
      });
    }
    const chunks: Buffer[] = [];
    let n = 0;
    const stream = await this.openEntry(info);
    try {
      for await (const chunk of stream) {
        n += (chunk as Buffer).length;
        // yauzl enforces the declared size; this is a second fence.
        if (n > maxBytes) throw new ArchiveError(`${info.name} is over the limit of ${maxBytes} bytes`, { location: memberLocation(this.source, info.name) });
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      stream.destroy();
      throw asArchiveError(err, this.source, `cannot read ${info.name}`, info.name);
    }
    return Buffer.concat(chunks, n);
  }

  /** The entry's bytes as a stream; yauzl fails it if they exceed the declared size. */
  async openEntry(info: ZipEntryInfo): Promise<Readable> {
    if (info.uncompressedSize > this.limits.maxEntryBytes) {
      throw new ArchiveError(`${info.name} declares ${info.uncompressedSize} bytes, over the limit of ${this.limits.maxEntryBytes}`, {
        location: memberLocation(this.source, info.name),
        expected: `entries of at most ${this.limits.maxEntryBytes} bytes`,
      });
    }
    try {
      return await this.zip.openReadStreamPromise(info.entry);
    } catch (err) {
      throw asArchiveError(err, this.source, `cannot read ${info.name}`, info.name);
    }
  }

  close(): void {
    this.zip.close();
  }
}

function describeEntry(entry: yauzl.Entry, source: ArchiveSource, limits: ArchiveLimits): ZipEntryInfo {
  const raw = entry.fileNameRaw;
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
  checkEntryName(name, source);
  const loc = memberLocation(source, name);
  if (entry.isEncrypted()) {
    throw new ArchiveError('zip entry is encrypted', { location: loc, expected: 'unencrypted entries' });
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new ArchiveError(`zip entry uses compression method ${entry.compressionMethod}`, { location: loc, expected: 'stored (0) or deflate (8), as wheels use' });
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw new ArchiveError(`${name} declares ${entry.uncompressedSize} bytes, over the limit of ${limits.maxEntryBytes}`, {
      location: loc,
      expected: `entries of at most ${limits.maxEntryBytes} bytes`,
    });
  }
  if (entry.uncompressedSize > RATIO_CHECK_MIN_BYTES && entry.uncompressedSize > entry.compressedSize * limits.maxCompressionRatio) {
    throw new ArchiveError(`${name} declares a compression ratio over ${limits.maxCompressionRatio}:1 (a zip bomb?)`, {
      location: loc,
      text: `${entry.compressedSize} bytes compressed, ${entry.uncompressedSize} declared`,
      expected: `a ratio of at most ${limits.maxCompressionRatio}:1`,
    });
  }
  const info: ZipEntryInfo = {
    name,
    isDirectory: name.endsWith('/'),
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
    entry,
  };
  // Made on Unix (high byte of "version made by" is 3): the mode is in the high 16 bits.
  if (entry.versionMadeBy >> 8 === 3) info.unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
  return info;
}

/**
 * Entries must not share bytes: each local header + name + data ends before the next
 * begins. Overlapping entries are how a small zip declares terabytes (Fifield's zip bomb).
 */
function checkNoOverlap(entries: ZipEntryInfo[], fileSize: number, source: ArchiveSource): void {
  const sorted = [...entries].sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    const end = a.entry.relativeOffsetOfLocalHeader + LOCAL_HEADER_FIXED + a.entry.fileNameLength + a.compressedSize;
    const next = sorted[i + 1];
    const limit = next ? next.entry.relativeOffsetOfLocalHeader : fileSize;
    if (end > limit) {
      throw new ArchiveError(next ? `zip entries overlap: ${a.name} runs into ${next.name} (a zip bomb?)` : `zip entry ${a.name} runs past the end of the file`, {
        location: archiveLocation(source),
        text: a.name,
        expected: 'entries whose data do not overlap and lie inside the file',
      });
    }
  }
}

/** Wrap yauzl's and zlib's plain Errors as ArchiveError; pass ours through. */
export function asArchiveError(err: unknown, source: ArchiveSource, what: string, member?: string): WheelhouseError {
  if (err instanceof WheelhouseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ArchiveError(`${what}: ${message}`, {
    location: member === undefined ? archiveLocation(source) : memberLocation(source, member),
    expected: `a valid zip file (${archiveLabel(source)})`,
    cause: err,
  });
}

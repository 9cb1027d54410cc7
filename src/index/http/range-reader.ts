/**
 * Reading a remote zip (a wheel) without downloading it: a yauzl `RandomAccessReader` whose
 * reads are HTTP range requests. A zip's central directory is at its end, so
 * `openRemoteZip` first fetches the last 64 KiB (which also tells the file's size through
 * Content-Range); every later miss fetches at least `minFetchBytes`, so yauzl's many small
 * reads (a local header, then the entry's data right after it) cost one request. Fetched
 * bytes are kept; `bytesFetched` says how many came over the network.
 *
 * A server that ignores Range makes `openRemoteZip` throw `RangeNotSupportedError` before
 * anything large is read: the caller then downloads the whole file. Meant for small reads
 * (METADATA, RECORD); every fetched byte is held in memory until the reader is dropped.
 */
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ArchiveError, IndexError, WheelhouseError } from '../../errors.js';
import type { HttpClient } from './client.js';
import type { RangeBytes } from './types.js';
import { displayUrl, locationToUrl } from './url.js';

/** yauzl looks for the end-of-central-directory record in the last 65 577 bytes (22 + 20 + 65 535). */
export const ZIP_TAIL_BYTES = 22 + 20 + 0xffff;

export interface RangeReaderOptions {
  /** Each fetch covers at least this many bytes (clipped to the file). Default 64 KiB. */
  minFetchBytes?: number;
  signal?: AbortSignal;
}

export interface RemoteZipOptions extends RangeReaderOptions {
  /** The file's size when known (PEP 700 `size`); checked against the server's. */
  size?: number;
  /** Bytes fetched from the end first. Default ZIP_TAIL_BYTES. */
  tailBytes?: number;
}

interface Block {
  start: number;
  data: Buffer;
}

export class HttpRangeReader extends yauzl.RandomAccessReader {
  private readonly blocks: Block[] = [];
  private fetched = 0;
  private requests = 0;
  private queue: Promise<void> = Promise.resolve();
  private validator: string | undefined;
  private readonly url: URL;
  private readonly minFetch: number;

  constructor(
    private readonly client: HttpClient,
    url: string | URL,
    /** The size of the remote file. */
    readonly size: number,
    private readonly options: RangeReaderOptions = {},
  ) {
    super();
    this.url = locationToUrl(url);
    this.minFetch = options.minFetchBytes ?? 64 * 1024;
  }

  /** Bytes received from the server so far. */
  get bytesFetched(): number {
    return this.fetched;
  }

  /** Range requests made so far. */
  get requestCount(): number {
    return this.requests;
  }

  /** Adds bytes fetched elsewhere (the tail fetched by openRemoteZip). */
  accept(response: RangeBytes): void {
    this.checkSame(response);
    this.fetched += response.body.length;
    this.requests++;
    this.insert({ start: response.start, data: response.body });
  }

  private checkSame(response: RangeBytes): void {
    if (response.totalSize !== undefined && response.totalSize !== this.size) {
      throw new IndexError(`${displayUrl(this.url)} changed size while being read`, {
        location: { url: this.url.href },
        text: `${response.totalSize} bytes`,
        expected: `${this.size} bytes`,
      });
    }
    const v = response.headers['etag'] ?? response.headers['last-modified'];
    if (this.validator === undefined) this.validator = v;
    else if (v !== undefined && v !== this.validator) {
      throw new IndexError(`${displayUrl(this.url)} changed while being read`, {
        location: { url: this.url.href },
        text: v,
        expected: this.validator,
      });
    }
  }

  private insert(block: Block): void {
    this.blocks.push(block);
    this.blocks.sort((a, b) => a.start - b.start);
  }

  /** The first byte at or after `pos` that no block holds. */
  private firstMissing(pos: number, end: number): number {
    let p = pos;
    for (const b of this.blocks) {
      if (b.start > p) break;
      if (b.start + b.data.length > p) p = b.start + b.data.length;
    }
    return Math.min(p, end);
  }

  /** Makes sure bytes [start, end) are held, fetching what is missing. */
  ensure(start: number, end: number): Promise<void> {
    const run = this.queue.then(() => this.fill(start, Math.min(end, this.size)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async fill(start: number, end: number): Promise<void> {
    let pos = this.firstMissing(start, end);
    while (pos < end) {
      const next = this.blocks.find((b) => b.start > pos)?.start ?? this.size;
      const want = Math.min(this.size, Math.max(end, pos + this.minFetch));
      // Stop at the next held block unless the read itself goes past it.
      const fetchEnd = next >= end ? Math.min(want, next) : want;
      const res = await this.client.fetchRange(this.url, { start: pos, length: fetchEnd - pos }, this.options.signal ? { signal: this.options.signal } : {});
      this.accept(res);
      pos = this.firstMissing(pos, end);
    }
  }

  /** Copies bytes [start, end) out of the held blocks (they must be held). */
  private slice(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(end - start);
    for (const b of this.blocks) {
      const from = Math.max(start, b.start);
      const to = Math.min(end, b.start + b.data.length);
      if (from < to) b.data.copy(out, from - start, from - b.start, to - b.start);
    }
    return out;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
    const end = Math.min(position + length, this.size);
    this.ensure(position, end).then(
      () => {
        this.slice(position, end).copy(buffer, offset);
        callback(null, end - position);
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const self = this;
    return Readable.from(
      (async function* () {
        await self.ensure(start, end);
        yield self.slice(start, end);
      })(),
      { objectMode: false },
    );
  }
}

export interface RemoteZip {
  /** Opened with `lazyEntries: true` and `autoClose: false`: call `readEntry()`, then `close()`. */
  zipfile: yauzl.ZipFile;
  reader: HttpRangeReader;
  size: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;

/**
 * Where the central directory is, read from the end-of-central-directory record (and the
 * zip64 one when the classic record says 0xffffffff) in the last bytes of a file, or
 * undefined when the record is not in `tail` (the zip reader then finds out itself).
 */
export function centralDirectoryRange(tail: Buffer, tailStart: number): { start: number; end: number } | undefined {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    // The comment must run exactly to the end of the file.
    if (i + 22 + tail.readUInt16LE(i + 20) !== tail.length) continue;
    let size = tail.readUInt32LE(i + 12);
    let offset = tail.readUInt32LE(i + 16);
    if (size === 0xffffffff || offset === 0xffffffff) {
      const loc = i - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR_SIGNATURE) return undefined;
      const recordAt = Number(tail.readBigUInt64LE(loc + 8)) - tailStart;
      if (recordAt < 0 || recordAt + 56 > tail.length || tail.readUInt32LE(recordAt) !== ZIP64_EOCD_SIGNATURE) return undefined;
      size = Number(tail.readBigUInt64LE(recordAt + 40));
      offset = Number(tail.readBigUInt64LE(recordAt + 48));
    }
    return { start: offset, end: offset + size };
  }
  return undefined;
}

/**
 * A range reader over a remote file, with its tail fetched (which also tells the file's
 * size through Content-Range) and, when the zip's central directory starts before the tail,
 * the rest of the central directory fetched in one more request: listing a wheel of any
 * size then costs at most two requests. Throws RangeNotSupportedError when the server
 * ignores Range (nothing large is read), IndexError when it does not say the size or gives
 * another size than `options.size`.
 */
export async function openRangeReader(client: HttpClient, url: string | URL, options: RemoteZipOptions = {}): Promise<HttpRangeReader> {
  const u = locationToUrl(url);
  const tailBytes = Math.max(1, options.tailBytes ?? ZIP_TAIL_BYTES);
  const requestOptions = options.signal ? { signal: options.signal } : {};
  const tail = await client.fetchRange(u, { suffixLength: options.size === undefined ? tailBytes : Math.min(tailBytes, options.size) }, requestOptions);
  const size = tail.totalSize ?? options.size;
  if (size === undefined) {
    throw new IndexError(`${displayUrl(u)} did not say its size`, {
      location: { url: u.href },
      text: `Content-Range: ${tail.headers['content-range'] ?? ''}`,
      expected: 'Content-Range: bytes first-last/size',
    });
  }
  if (options.size !== undefined && options.size !== size) {
    throw new IndexError(`${displayUrl(u)} has another size than the index says`, {
      location: { url: u.href },
      text: `${size} bytes`,
      expected: `${options.size} bytes`,
    });
  }
  const reader = new HttpRangeReader(client, u, size, options);
  reader.accept(tail);
  const cd = centralDirectoryRange(tail.body, tail.start);
  if (cd !== undefined && cd.start < tail.start && cd.start >= 0 && cd.end <= size) await reader.ensure(cd.start, tail.start);
  return reader;
}

/**
 * Opens a remote zip by range requests. Throws RangeNotSupportedError when the server
 * ignores Range, ArchiveError when the bytes are not a zip.
 */
export async function openRemoteZip(client: HttpClient, url: string | URL, options: RemoteZipOptions = {}): Promise<RemoteZip> {
  const u = locationToUrl(url);
  const reader = await openRangeReader(client, u, options);
  const size = reader.size;
  const zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err) reject(err);
      else resolve(zip);
    });
  }).catch((err: unknown) => {
    if (err instanceof WheelhouseError) throw err;
    throw new ArchiveError(`${displayUrl(u)} is not a readable zip: ${(err as Error).message}`, {
      location: { url: u.href },
      expected: 'a zip archive (a wheel)',
      cause: err,
    });
  });
  return { zipfile, reader, size };
}

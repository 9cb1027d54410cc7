/**
 * A yauzl RandomAccessReader over any "give me bytes [start, end)" function — the shape
 * of an HTTP range request. It caches what it fetched and reads ahead, so that reading
 * a wheel's metadata costs a handful of requests: the tail (end-of-central-directory and
 * usually the whole central directory), then one per member read. Sequential misses
 * (a large central directory) double the read-ahead each time.
 *
 * The index client supplies `fetchRange` (with retries, auth and its cache); this class
 * knows nothing about HTTP.
 */
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Bytes [start, end) of the remote file; must return exactly end - start bytes. */
export type RangeFetcher = (start: number, end: number) => Promise<Buffer>;

export interface CachingRangeReaderOptions {
  /** Smallest fetch on a miss (default 64 KiB). */
  minFetchBytes?: number;
  /** Largest read-ahead for sequential misses (default 8 MiB). */
  maxFetchBytes?: number;
  /** Bytes kept in the cache; oldest segments are dropped first (default 32 MiB). */
  maxCacheBytes?: number;
  /** Chunk size when streaming an entry larger than the cache (default 1 MiB). */
  streamChunkBytes?: number;
}

interface Segment {
  start: number;
  data: Buffer;
}

export class CachingRangeReader extends yauzl.RandomAccessReader {
  /** Number of calls made to `fetchRange`; useful to prove how little was read. */
  fetches = 0;
  /** Bytes fetched in all. */
  bytesFetched = 0;
  private segments: Segment[] = [];
  private cached = 0;
  private lastMissEnd = -1;
  private readAhead: number;
  private readonly opts: Required<CachingRangeReaderOptions>;

  constructor(
    private readonly fetchRange: RangeFetcher,
    readonly size: number,
    options: CachingRangeReaderOptions = {},
  ) {
    super();
    this.opts = {
      minFetchBytes: options.minFetchBytes ?? 64 * 1024,
      maxFetchBytes: options.maxFetchBytes ?? 8 * 1024 * 1024,
      maxCacheBytes: options.maxCacheBytes ?? 32 * 1024 * 1024,
      streamChunkBytes: options.streamChunkBytes ?? 1024 * 1024,
    };
    this.readAhead = this.opts.minFetchBytes;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
    this.bytes(position, position + length).then(
      (data) => {
        data.copy(buffer, offset);
        callback(null, data.length);
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const self = this;
    async function* chunks(): AsyncGenerator<Buffer> {
      if (end - start <= self.opts.maxCacheBytes) {
        yield await self.bytes(start, end);
        return;
      }
      for (let p = start; p < end; p += self.opts.streamChunkBytes) {
        const q = Math.min(end, p + self.opts.streamChunkBytes);
        yield await self.fetch(p, q);
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  override close(callback: (err: Error | null) => void): void {
    this.segments = [];
    this.cached = 0;
    callback(null);
  }

  /** Bytes [start, end), from the cache or fetched (with read-ahead) and cached. */
  private async bytes(start: number, end: number): Promise<Buffer> {
    if (start < 0 || end > this.size || start > end) throw new Error(`range ${start}-${end} is outside the file (size ${this.size})`);
    for (const s of this.segments) {
      if (s.start <= start && end <= s.start + s.data.length) return s.data.subarray(start - s.start, end - s.start);
    }
    // Sequential misses grow the read-ahead (a central directory read entry by entry).
    if (start >= this.lastMissEnd - 1 && start <= this.lastMissEnd + this.opts.minFetchBytes && this.lastMissEnd >= 0) {
      this.readAhead = Math.min(this.opts.maxFetchBytes, this.readAhead * 2);
    } else {
      this.readAhead = this.opts.minFetchBytes;
    }
    const fetchEnd = Math.min(this.size, Math.max(end, start + this.readAhead));
    const data = await this.fetch(start, fetchEnd);
    this.lastMissEnd = fetchEnd;
    this.remember({ start, data });
    return data.subarray(0, end - start);
  }

  private async fetch(start: number, end: number): Promise<Buffer> {
    this.fetches += 1;
    const data = await this.fetchRange(start, end);
    if (data.length !== end - start) throw new Error(`range ${start}-${end} returned ${data.length} bytes, expected ${end - start}`);
    this.bytesFetched += data.length;
    return data;
  }

  private remember(segment: Segment): void {
    if (segment.data.length > this.opts.maxCacheBytes) return;
    this.segments.push(segment);
    this.cached += segment.data.length;
    while (this.cached > this.opts.maxCacheBytes && this.segments.length > 1) {
      const dropped = this.segments.shift()!;
      this.cached -= dropped.data.length;
    }
  }
}

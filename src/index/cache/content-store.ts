/**
 * Files and metadata stored by the sha256 of their bytes: `files/sha256/ab/cdef…` (the first
 * two hex digits are a folder, so no folder grows too large). Every read re-hashes the
 * bytes: a corrupted entry (disk error, truncation after a crash, a hand edit) is deleted and
 * reported missing, never served. Writes hash while they stream and become visible only
 * complete, atomically (see atomic-write.ts).
 *
 * Refs name content by another key (e.g. "the METADATA of the wheel whose sha256 is X"):
 * `refs/<namespace>/ab/<sha256 of key>` holds the sha256 of the content.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CacheError, HashMismatchError } from '../../errors.js';
import { AtomicWriter, removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import { hashFile, type FileDigest } from '../../metadata/file-hash.js';

const SHA256 = /^[0-9a-f]{64}$/;

export interface StoredContent {
  /** Absolute path of the verified file; treat it as read-only. */
  path: string;
  sha256: string;
  size: number;
}

export interface ExpectedContent {
  /** The sha256 (hex) the bytes must have; a mismatch throws HashMismatchError and stores nothing. */
  sha256?: string | undefined;
  /** The size the bytes must have. */
  size?: number | undefined;
  /** What the bytes are, for messages (a redacted URL, a file name). */
  label?: string | undefined;
}

export interface PutOptions {
  /**
   * fsync before the entry becomes visible (default true). Every read re-hashes an entry, so
   * one torn by a power cut is never served either way; without it, small entries (core
   * metadata) are written without waiting for the disk.
   */
  durable?: boolean;
}

export interface ContentStoreOptions {
  /** Temporary files older than this are deleted when their folder is first written. Default 1 hour. */
  staleTempAgeMs?: number;
  log?: ((line: string) => void) | undefined;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function checkSha256(sha256: string): string {
  const s = sha256.toLowerCase();
  if (!SHA256.test(s)) throw new CacheError(`not a sha256 digest: ${sha256}`, { text: sha256, expected: '64 hexadecimal digits' });
  return s;
}

export class ContentStore {
  private readonly swept = new Set<string>();
  private readonly staleTempAgeMs: number;

  constructor(
    /** The store's folder (it holds `files/` and `refs/`). */
    readonly root: string,
    private readonly options: ContentStoreOptions = {},
  ) {
    this.staleTempAgeMs = options.staleTempAgeMs ?? 60 * 60 * 1000;
  }

  /** Where the content with this sha256 is (or would be) stored. */
  pathFor(sha256: string): string {
    const s = checkSha256(sha256);
    return path.join(this.root, 'files', 'sha256', s.slice(0, 2), s.slice(2));
  }

  private async prepareFolder(dir: string): Promise<void> {
    if (this.swept.has(dir)) return;
    this.swept.add(dir);
    await fs.mkdir(dir, { recursive: true });
    await removeStaleTemps(dir, this.staleTempAgeMs);
  }

  private async discard(file: string, why: string): Promise<void> {
    this.options.log?.(`cache: discarding ${file}: ${why}`);
    await fs.rm(file, { force: true });
  }

  /** The verified entry for `sha256`, or undefined (a corrupted entry is deleted). */
  async open(sha256: string): Promise<StoredContent | undefined> {
    const file = this.pathFor(sha256);
    let digest: FileDigest;
    try {
      digest = await hashFile(file);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw new CacheError(`cannot read the cache entry ${file}`, { location: { file }, cause: err });
    }
    const { sha256: actual, size } = digest;
    if (actual !== sha256.toLowerCase()) {
      await this.discard(file, `its sha256 is ${actual}`);
      return undefined;
    }
    return { path: file, sha256: actual, size };
  }

  /** The verified bytes for `sha256`, or undefined. For small content (metadata). */
  async readBytes(sha256: string): Promise<Buffer | undefined> {
    const file = this.pathFor(sha256);
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw new CacheError(`cannot read the cache entry ${file}`, { location: { file }, cause: err });
    }
    const actual = sha256Hex(data);
    if (actual !== sha256.toLowerCase()) {
      await this.discard(file, `its sha256 is ${actual}`);
      return undefined;
    }
    return data;
  }

  /** Stores bytes; returns the verified entry. */
  async putBytes(data: Uint8Array, expected: ExpectedContent = {}, options: PutOptions = {}): Promise<StoredContent> {
    return this.putStream([data], expected, options);
  }

  /**
   * Stores a stream of chunks, hashing while writing. Nothing becomes visible unless the
   * stream ends normally and matches `expected`; on any failure the temporary file is removed
   * and the error (the stream's own, or HashMismatchError) is thrown.
   */
  async putStream(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, expected: ExpectedContent = {}, options: PutOptions = {}): Promise<StoredContent> {
    const label = expected.label ?? 'the content';
    const want = expected.sha256 === undefined ? undefined : checkSha256(expected.sha256);
    // The folder is known only at the end when the hash is not: write in the store's tmp folder then.
    const folder = want === undefined ? path.join(this.root, 'files', 'tmp') : path.dirname(this.pathFor(want));
    await this.prepareFolder(folder).catch((err: unknown) => {
      throw new CacheError(`cannot create the cache folder ${folder}`, { location: { file: folder }, cause: err });
    });
    const writer = await AtomicWriter.create(want === undefined ? path.join(folder, 'unhashed') : this.pathFor(want), { durable: options.durable ?? true });
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        if (expected.size !== undefined && size > expected.size) {
          throw new HashMismatchError(`${label} is larger than its expected size`, { text: `at least ${size} bytes`, expected: `${expected.size} bytes` });
        }
        await writer.write(chunk);
      }
      const actual = hash.digest('hex');
      if (expected.size !== undefined && size !== expected.size) {
        throw new HashMismatchError(`${label} has the wrong size`, { text: `${size} bytes`, expected: `${expected.size} bytes` });
      }
      if (want !== undefined && actual !== want) {
        throw new HashMismatchError(`${label} does not match its sha256`, { text: `sha256:${actual}`, expected: `sha256:${want}` });
      }
      if (want === undefined) {
        // Move from tmp/ to its final folder: rename within one file system stays atomic.
        const final = this.pathFor(actual);
        await this.prepareFolder(path.dirname(final));
        await writer.commit(final);
        return { path: final, sha256: actual, size };
      }
      await writer.commit();
      return { path: writer.target, sha256: actual, size };
    } catch (err) {
      await writer.abort();
      throw err;
    }
  }

  private refPath(namespace: string, key: string): string {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(namespace)) throw new CacheError(`invalid cache ref namespace ${namespace}`, { text: namespace, expected: 'lower-case letters, digits, dashes' });
    const k = sha256Hex(key);
    return path.join(this.root, 'refs', namespace, k.slice(0, 2), k.slice(2));
  }

  /** Records that `key` (in `namespace`) names the content `sha256`. */
  async setRef(namespace: string, key: string, sha256: string): Promise<void> {
    const file = this.refPath(namespace, key);
    await this.prepareFolder(path.dirname(file));
    await writeFileAtomic(file, `${JSON.stringify({ sha256: checkSha256(sha256), key })}\n`);
  }

  /** The sha256 `key` names, when the ref exists and its content is stored (not verified here). */
  async getRef(namespace: string, key: string): Promise<string | undefined> {
    const file = this.refPath(namespace, key);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    let ref: { sha256?: unknown; key?: unknown } | undefined;
    try {
      ref = JSON.parse(text) as { sha256?: unknown; key?: unknown };
    } catch {
      ref = undefined;
    }
    if (typeof ref?.sha256 !== 'string' || !SHA256.test(ref.sha256) || ref.key !== key) {
      await this.discard(file, 'not a valid ref');
      return undefined;
    }
    return ref.sha256;
  }
}

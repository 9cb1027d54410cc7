/**
 * One file into the wheelhouse, never partial and never unverified:
 * 1. already in DIR with the locked sha256 → nothing to do ("present");
 * 2. in the content-addressed cache (shared with the index client) → copied in (a reflink
 *    where the file system can) ("cached");
 * 3. else streamed from its URL through sha256 into a temporary file of this run (temp-files.ts),
 *    continuing a partial file an interrupted run left in DIR with a Range request when
 *    the server allows ("resumed"), then compared with the lock and renamed into place
 *    ("downloaded"); the verified file is also linked into the cache.
 * A file whose bytes do not match is deleted and reported with its name, its URL
 * (credentials redacted) and both hashes.
 */
import { createHash, type Hash } from 'node:crypto';
import { constants as fsConstants, createReadStream, existsSync, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { DownloadError, HashMismatchError, WheelhouseError } from '../errors.js';
import { assertSafeFilename } from '../filenames/safe-filename.js';
import { tempPathFor as cacheTempPathFor } from '../index/cache/atomic-write.js';
import type { ContentStore } from '../index/cache/content-store.js';
import type { HttpClient } from '../index/http/client.js';
import { HttpStatusError } from '../index/http/errors.js';
import type { LockedFile } from '../lockfile/model.js';
import { redactCredentials } from '../util/redact.js';
import type { DownloadedFileStatus, DownloadProgress } from './contract.js';
import { claimPartialDownload, tempPathFor } from './temp-files.js';

export interface FetchContext {
  dir: string;
  http: HttpClient;
  /** The cache's content store; undefined with --no-cache. */
  store: ContentStore | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((event: DownloadProgress) => void) | undefined;
  /** Non-fatal things to tell the user. */
  warn?: (message: string) => void;
}

export interface FetchResult {
  status: DownloadedFileStatus;
  size: number;
  /** Bytes received from the network for this file in this run. */
  bytesDownloaded: number;
}

/** sha256 and size of a file; undefined when it does not exist. */
async function digestOf(file: string, hash: Hash = createHash('sha256')): Promise<{ hash: Hash; size: number } | undefined> {
  let size = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
  return { hash, size };
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  await fs.rm(to, { force: true });
  try {
    await fs.link(from, to);
  } catch {
    await fs.copyFile(from, to, fsConstants.COPYFILE_FICLONE);
  }
}

async function syncAndClose(handle: FileHandle): Promise<void> {
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function mismatch(file: LockedFile, actual: string, size: number): HashMismatchError {
  const url = redactCredentials(file.url);
  return new HashMismatchError(`${file.filename} downloaded from ${url} does not match the lock`, {
    location: { url },
    text: `sha256:${actual} (${size} bytes)`,
    expected: `sha256:${file.hashes.sha256}${file.size === undefined ? '' : ` (${file.size} bytes)`}`,
    hint: 'the file on the server is not the one that was locked: it changed, or the server or a proxy altered it; nothing was kept',
  });
}

/**
 * Links a verified file into the content store (best effort: the cache is an optimisation).
 * A hard link costs no copy; should the wheelhouse file later be edited in place, the cache
 * notices (it re-hashes every entry it serves) and drops the entry.
 */
async function adopt(store: ContentStore | undefined, sha256: string, file: string): Promise<void> {
  if (store === undefined) return;
  try {
    const target = store.pathFor(sha256);
    if (await fs.stat(target).then(() => true, () => false)) return;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = cacheTempPathFor(target);
    await linkOrCopy(file, temp);
    await fs.rename(temp, target).catch(async (err: unknown) => {
      await fs.rm(temp, { force: true });
      throw err;
    });
  } catch {
    // A cache that cannot be written does not fail the download.
  }
}

/** Streams `file.url` into `temp` from `startAt` (0: from the start); returns the digest. */
async function transfer(ctx: FetchContext, file: LockedFile, temp: string, startAt: number, prefix: Hash | undefined, counter: { bytes: number }): Promise<{ sha256: string; size: number; resumed: boolean }> {
  const handle = await fs.open(temp, startAt > 0 ? 'r+' : 'w', 0o644);
  let closed = false;
  try {
    const result = await ctx.http.stream(
      file.url,
      { ...(file.size === undefined ? {} : { expectedSize: file.size }), ...(startAt > 0 ? { startAt } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) },
      async (body, response) => {
        // Called again from the start (or from startAt) after a failed attempt: restart cleanly.
        const from = response.status === 206 ? startAt : 0;
        const hash = from > 0 && prefix !== undefined ? prefix.copy() : createHash('sha256');
        await handle.truncate(from);
        let position = from;
        for await (const chunk of body) {
          hash.update(chunk);
          let offset = 0;
          while (offset < chunk.length) {
            const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset, position);
            offset += bytesWritten;
            position += bytesWritten;
          }
          counter.bytes += chunk.length;
          ctx.onProgress?.({ kind: 'bytes', filename: file.filename, received: position, ...(file.size === undefined ? {} : { size: file.size }) });
        }
        return { sha256: hash.digest('hex'), size: position, resumed: from > 0 };
      },
    );
    closed = true;
    await syncAndClose(handle);
    return result;
  } finally {
    if (!closed) await handle.close().catch(() => undefined);
  }
}

/** Puts `file` into `ctx.dir` (see the module comment). */
export async function fetchIntoWheelhouse(ctx: FetchContext, file: LockedFile): Promise<FetchResult> {
  assertSafeFilename(file.filename);
  const want = file.hashes.sha256;
  const final = path.join(ctx.dir, file.filename);
  const done = (result: FetchResult): FetchResult => {
    ctx.onProgress?.({ kind: 'done', filename: file.filename, status: result.status });
    return result;
  };

  const existing = await digestOf(final);
  if (existing !== undefined) {
    const sha = existing.hash.digest('hex');
    if (sha === want) {
      await adopt(ctx.store, want, final);
      return done({ status: 'present', size: existing.size, bytesDownloaded: 0 });
    }
    ctx.warn?.(`${file.filename} in ${ctx.dir} does not match the lock (sha256:${sha}): replacing it`);
  }

  const temp = tempPathFor(ctx.dir, want);
  const cached = ctx.store === undefined ? undefined : await ctx.store.open(want).catch(() => undefined);
  if (cached !== undefined && (file.size === undefined || cached.size === file.size)) {
    // A copy (a reflink where the file system has them), never a hard link: editing one
    // wheelhouse's file in place must not change another's.
    await fs.rm(temp, { force: true });
    // The cache is shared without locks: another process may drop the entry between open
    // and copy. Then it is a cache miss, and the file is downloaded.
    const copied = await fs.copyFile(cached.path, temp, fsConstants.COPYFILE_FICLONE).then(
      () => true,
      (err: unknown) => {
        if ((err as { code?: string }).code === 'ENOENT' && !existsSync(cached.path)) return false;
        throw err;
      },
    );
    if (copied) {
      await fs.rename(temp, final);
      return done({ status: 'cached', size: cached.size, bytesDownloaded: 0 });
    }
  }

  const counter = { bytes: 0 };
  try {
    // A partial file left by an interrupted run: continue it where the server allows.
    let startAt = 0;
    let prefix: Hash | undefined;
    const partial = (await claimPartialDownload(ctx.dir, want, temp)) ? await fs.stat(temp).catch(() => undefined) : undefined;
    if (partial?.isFile() && partial.size > 0 && (file.size === undefined || partial.size < file.size)) {
      const d = await digestOf(temp);
      if (d !== undefined) {
        startAt = d.size;
        prefix = d.hash;
      }
    }
    ctx.onProgress?.({ kind: 'start', filename: file.filename, ...(file.size === undefined ? {} : { size: file.size }), ...(startAt > 0 ? { offset: startAt } : {}) });
    let got = await transfer(ctx, file, temp, startAt, prefix, counter).catch((err: unknown) => {
      // 416: the partial file is not shorter than the file on the server; start over.
      if (startAt > 0 && err instanceof HttpStatusError && err.status === 416) return transfer(ctx, file, temp, 0, undefined, counter);
      throw err;
    });
    if (got.resumed && got.sha256 !== want) {
      // The partial file was not a prefix of this file after all: start over once.
      ctx.warn?.(`${file.filename}: the partial download did not match, downloading it again`);
      got = await transfer(ctx, file, temp, 0, undefined, counter);
    }
    if (got.sha256 !== want || (file.size !== undefined && got.size !== file.size)) throw mismatch(file, got.sha256, got.size);
    await fs.rename(temp, final);
    await adopt(ctx.store, want, final);
    return done({ status: got.resumed ? 'resumed' : 'downloaded', size: got.size, bytesDownloaded: counter.bytes });
  } catch (err) {
    // Nothing partial is left behind by a failure (only a killed process leaves a temp file).
    await fs.rm(temp, { force: true }).catch(() => undefined);
    if (err instanceof WheelhouseError) throw err;
    if (ctx.signal?.aborted) throw err;
    throw new DownloadError(`cannot download ${file.filename} from ${redactCredentials(file.url)}: ${(err as Error).message}`, {
      location: { url: file.url, file: final },
      cause: err,
    });
  }
}

/**
 * Atomic file writes: bytes go to a temporary file in the target's own folder (same file
 * system, so the rename is atomic), which is flushed to disk when durability matters and
 * then renamed over the target. A reader sees the old file or the new one, never a part.
 * A process killed mid-write leaves only a temporary file, which `removeStaleTemps` deletes
 * once it is old enough that no live writer can own it.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, type Dirent } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

const TEMP = /^\..+\.tmp-\d+-[0-9a-f]{12}$/;

/** Whether a file name is one of our temporary files. */
export function isTempName(name: string): boolean {
  return TEMP.test(name);
}

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

export interface AtomicWriteOptions {
  /** fsync the file before the rename (and the folder after), so a crash cannot leave an empty target. */
  durable?: boolean;
}

/** A file being written; nothing is visible at `target` until `commit()`. */
export class AtomicWriter {
  private constructor(
    readonly target: string,
    readonly tempPath: string,
    private readonly handle: FileHandle,
    private readonly durable: boolean,
  ) {}

  static async create(target: string, options: AtomicWriteOptions = {}): Promise<AtomicWriter> {
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = tempPathFor(target);
    const handle = await fs.open(temp, 'wx', 0o644);
    return new AtomicWriter(target, temp, handle, options.durable ?? false);
  }

  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
  }

  /**
   * Flushes, closes and renames into place: at `target`, or at `finalTarget` when the name
   * is known only at the end (it must be on the same file system).
   */
  async commit(finalTarget: string = this.target): Promise<void> {
    try {
      if (this.durable) await this.handle.sync();
    } finally {
      await this.handle.close();
    }
    await fs.rename(this.tempPath, finalTarget);
    if (this.durable) await syncDirectory(path.dirname(finalTarget));
  }

  /** Drops the temporary file. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.tempPath, { force: true });
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable; not possible on every platform (Windows), hence best effort.
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // ignored: the file is complete either way, only the rename might be lost in a power cut
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Writes `data` to `target` atomically; a list of parts is written one after another (no copy into one buffer). */
export async function writeFileAtomic(target: string, data: Uint8Array | string | readonly Uint8Array[], options: AtomicWriteOptions = {}): Promise<void> {
  const writer = await AtomicWriter.create(target, options);
  try {
    if (typeof data === 'string') await writer.write(Buffer.from(data, 'utf8'));
    else if (data instanceof Uint8Array) await writer.write(data);
    else for (const part of data) await writer.write(part);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  await writer.commit().catch(async (err: unknown) => {
    await fs.rm(writer.tempPath, { force: true });
    throw err;
  });
}

/** Deletes our temporary files in `dir` not modified for `maxAgeMs`; returns how many. */
export async function removeStaleTemps(dir: string, maxAgeMs: number, now: number = Date.now()): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let removed = 0;
  for (const e of entries) {
    if (!e.isFile() || !isTempName(e.name)) continue;
    const p = path.join(dir, e.name);
    const stat = await fs.stat(p).catch(() => undefined);
    if (stat === undefined || now - stat.mtimeMs < maxAgeMs) continue;
    await fs.rm(p, { force: true });
    removed++;
  }
  return removed;
}

/**
 * Writing a lockfile so that no reader ever sees half of it and a failure leaves the
 * previous file as it was: a temporary file in the same directory, flushed to disk, then
 * renamed over the old one (AtomicWriter from the cache, with durability on). An existing
 * file keeps its permission bits.
 */
import { promises as fs } from 'node:fs';
import { LockfileError } from '../errors.js';
import { AtomicWriter } from '../index/cache/atomic-write.js';

export async function writeLockfileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  let writer: AtomicWriter | undefined;
  try {
    const previous = await fs.stat(file).catch(() => undefined);
    if (previous?.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    writer = await AtomicWriter.create(file, { durable: true });
    await writer.write(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    if (previous) await fs.chmod(writer.tempPath, previous.mode & 0o7777);
    await writer.commit();
  } catch (e) {
    if (writer) await fs.rm(writer.tempPath, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    throw new LockfileError(`cannot write the lockfile ${file}: ${code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`, {
      location: { file },
      expected: 'a writable file in a writable directory (the previous file, if any, is unchanged)',
      cause: e,
    });
  }
}

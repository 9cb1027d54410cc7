/**
 * Writing a lockfile so that no reader ever sees half of it and a failure leaves the
 * previous file as it was: a temporary file in the same directory, flushed to disk, then
 * renamed over the old one (AtomicWriter from the cache, with durability on). An existing
 * file keeps its permission bits. A temporary file of the same lockfile left by a writer
 * that died (SIGKILL between writing and renaming) is removed by the next write.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LockfileError } from '../errors.js';
import { AtomicWriter, isTempName } from '../index/cache/atomic-write.js';
import { processAlive } from '../download/temp-files.js';

/** Removes `.NAME.tmp-PID-RANDOM` files of `file` whose writer is no longer running. */
async function removeDeadWritersTemps(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.tmp-`;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !isTempName(name)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || processAlive(pid)) continue;
    await fs.rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

export async function writeLockfileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  let writer: AtomicWriter | undefined;
  try {
    await removeDeadWritersTemps(file);
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

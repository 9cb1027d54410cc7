/**
 * The downloader's temporary files: every file is written to
 * `DIR/.wheelhouse-tmp-<sha256>.<pid>-<random>` (a name pip's `--find-links` ignores: it is
 * neither a wheel nor an sdist) and renamed to its real name only once its sha256 matched
 * the lock. The owner's pid in the name is what makes two runs into one DIR safe: a run
 * never writes, continues or deletes a temporary file whose owner is still alive.
 *
 * A killed run leaves at most such files; the next run that wants the same sha256 takes
 * one over (an atomic rename to its own name: when two runs race for it, one wins and the
 * other starts afresh) and continues it with a Range request; every other temporary file
 * of a dead owner is deleted.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const TEMP_PREFIX = '.wheelhouse-tmp-';

/** `<sha256>` (the form of older runs, ownerless) or `<sha256>.<pid>-<random>`. */
const TEMP = /^\.wheelhouse-tmp-([0-9a-f]{64})(?:\.([0-9]+)-[0-9a-f]+)?$/;

export interface TempName {
  sha256: string;
  /** The pid of the run that writes it; undefined for an ownerless (older) temporary file. */
  pid?: number;
}

/** A new temporary file name of this process for the content `sha256` in `dir`. */
export function tempPathFor(dir: string, sha256: string, pid: number = process.pid): string {
  return path.join(dir, `${TEMP_PREFIX}${sha256}.${pid}-${randomBytes(4).toString('hex')}`);
}

/** The sha256 and owner a temporary file name is for; undefined for other names. */
export function parseTempName(name: string): TempName | undefined {
  const m = TEMP.exec(name);
  if (m === null) return undefined;
  return { sha256: m[1] as string, ...(m[2] === undefined ? {} : { pid: Number(m[2]) }) };
}

/** Whether a file name is one of the downloader's temporary files (any of its forms). */
export function isDownloadTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/** Whether the process `pid` is alive (on this machine). EPERM means it exists. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A temporary file no running process writes: ownerless, or its owner is gone. */
function abandoned(parsed: TempName | undefined, alive: (pid: number) => boolean): boolean {
  return parsed?.pid === undefined || (parsed.pid !== process.pid && !alive(parsed.pid));
}

async function names(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}

/**
 * Takes over an abandoned partial download of `sha256` in `dir` by renaming it to `own`.
 * Returns whether one was taken (the caller then continues it).
 */
export async function claimPartialDownload(dir: string, sha256: string, own: string, alive: (pid: number) => boolean = processAlive): Promise<boolean> {
  for (const name of await names(dir)) {
    const parsed = parseTempName(name);
    if (parsed?.sha256 !== sha256 || !abandoned(parsed, alive)) continue;
    try {
      await fs.rename(path.join(dir, name), own);
      return true;
    } catch {
      // Another run took it first: look for another, or start afresh.
    }
  }
  return false;
}

/**
 * Deletes the abandoned temporary files in `dir`, except those of a sha256 in `keep`
 * (partial downloads this run will continue); temporary files of live runs, this one
 * included, are left alone. Returns the names removed.
 */
export async function removeStaleDownloadTemps(dir: string, keep: ReadonlySet<string> = new Set(), alive: (pid: number) => boolean = processAlive): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await names(dir)) {
    if (!isDownloadTempName(name)) continue;
    const parsed = parseTempName(name);
    if (parsed !== undefined && !abandoned(parsed, alive)) continue;
    if (parsed !== undefined && keep.has(parsed.sha256)) continue;
    await fs.rm(path.join(dir, name), { force: true, recursive: true });
    removed.push(name);
  }
  return removed.sort();
}

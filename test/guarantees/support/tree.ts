/**
 * Looking at what a run left on disk: every file under a folder, temporary files (the
 * atomic writer's `.NAME.tmp-PID-RANDOM`), and the content store checked against the
 * sha256 each entry is named by.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { isTempName } from '../../../src/index/cache/atomic-write.js';

/** Every file under `dir` (relative paths, sorted); [] when `dir` does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
      else out.push(r);
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** The sha256 of every file under `dir`, by relative path (what a run left, to compare byte for byte). */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(dir)) out.set(f, createHash('sha256').update(await readFile(path.join(dir, f))).digest('hex'));
  return out;
}

export function isTempFile(rel: string): boolean {
  return isTempName(path.posix.basename(rel));
}

/**
 * Checks every entry of a wheelhouse cache's content store (`v1/files/sha256/ab/cdef…`)
 * hashes to its name; returns the entries that do not (none in a valid cache) and the count.
 */
export async function checkContentStore(cacheDir: string): Promise<{ checked: number; corrupt: string[] }> {
  const base = path.join(cacheDir, 'v1', 'files', 'sha256');
  const corrupt: string[] = [];
  let checked = 0;
  for (const rel of await listFiles(base)) {
    if (isTempFile(rel)) continue;
    const m = /^([0-9a-f]{2})\/([0-9a-f]{62})$/.exec(rel);
    if (!m) {
      corrupt.push(rel);
      continue;
    }
    const digest = createHash('sha256').update(await readFile(path.join(base, rel))).digest('hex');
    checked++;
    if (digest !== m[1]! + m[2]!) corrupt.push(rel);
  }
  return { checked, corrupt };
}

/** Deletes about half of a cache's entries (pages, metadata, files; never temporaries). */
export async function dropHalfOfCache(cacheDir: string, random: () => number): Promise<number> {
  let dropped = 0;
  for (const rel of await listFiles(path.join(cacheDir, 'v1'))) {
    if (isTempFile(rel) || random() < 0.5) continue;
    await rm(path.join(cacheDir, 'v1', rel), { force: true });
    dropped++;
  }
  return dropped;
}

/** Waits until `done()` holds or `ms` have passed, checking every 3 ms. */
export async function sleepUntil(done: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done()) && Date.now() < end) await new Promise((r) => setTimeout(r, 3));
}

/** Back-dates every file under `dir` by `ms` (time passing, for age-based clean-ups). */
export async function ageFiles(dir: string, ms: number): Promise<void> {
  const t = new Date(Date.now() - ms);
  for (const rel of await listFiles(dir)) await utimes(path.join(dir, rel), t, t);
}

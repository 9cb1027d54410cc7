/**
 * The on-disk cache: one folder shared by every wheelhouse process of the user.
 *
 *     <dir>/CACHEDIR.TAG        marks the folder as a cache for backup tools
 *     <dir>/v1/pages/…          cached responses (page-cache.ts)
 *     <dir>/v1/files/sha256/…   content by sha256 (content-store.ts)
 *     <dir>/v1/refs/…           keys naming content
 *
 * Processes share it without locks: every write is a complete file renamed into place,
 * content is named by its hash, and every read is verified.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CacheError } from '../../errors.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import { ContentStore } from './content-store.js';
import { PageCache } from './page-cache.js';

const TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by wheelhouse.\n# For information about cache directory tags see https://bford.info/cachedir/\n';

export interface CacheOptions {
  /** Temporary files older than this are removed. Default 1 hour. */
  staleTempAgeMs?: number;
  log?: ((line: string) => void) | undefined;
}

export class Cache {
  readonly pages: PageCache;
  readonly content: ContentStore;

  private constructor(
    readonly dir: string,
    private readonly options: CacheOptions,
  ) {
    const root = path.join(dir, 'v1');
    this.pages = new PageCache(path.join(root, 'pages'), options);
    this.content = new ContentStore(root, options);
  }

  /** Opens (creating) the cache folder; a CacheError when it cannot be created or written. */
  static async open(dir: string, options: CacheOptions = {}): Promise<Cache> {
    const abs = path.resolve(dir);
    try {
      await fs.mkdir(path.join(abs, 'v1'), { recursive: true });
      const tag = path.join(abs, 'CACHEDIR.TAG');
      const existing = await fs.readFile(tag, 'utf8').catch(() => undefined);
      if (existing === undefined) await writeFileAtomic(tag, TAG);
    } catch (err) {
      throw new CacheError(`the cache folder ${abs} is not usable: ${(err as Error).message}`, {
        location: { file: abs },
        expected: 'a folder this user can create and write',
        hint: 'choose another with --cache-dir, or run with --no-cache',
        cause: err,
      });
    }
    const cache = new Cache(abs, options);
    await cache.sweepIfDue();
    return cache;
  }

  /**
   * At most once per `staleTempAgeMs` (marked by the mtime of `v1/.swept`), removes the
   * temporary files of writers that died (SIGKILL, power cut) from the whole cache: each
   * folder is otherwise swept only when something new is written into it. Best effort: a
   * failure here never stops a command.
   */
  private async sweepIfDue(now: number = Date.now()): Promise<void> {
    const maxAgeMs = this.options.staleTempAgeMs ?? 60 * 60 * 1000;
    const marker = path.join(this.dir, 'v1', '.swept');
    try {
      const last = await fs.stat(marker).catch(() => undefined);
      if (last !== undefined && now - last.mtimeMs < maxAgeMs) return;
      await fs.writeFile(marker, '');
      const removed = await this.clean(maxAgeMs);
      if (removed > 0) this.options.log?.(`cache: removed ${removed} stale temporary files`);
    } catch {
      // the sweep is housekeeping only
    }
  }

  /** Removes stale temporary files everywhere in the cache; returns how many. */
  async clean(maxAgeMs: number = this.options.staleTempAgeMs ?? 60 * 60 * 1000): Promise<number> {
    let removed = 0;
    const walk = async (dir: string, depth: number): Promise<void> => {
      removed += await removeStaleTemps(dir, maxAgeMs);
      if (depth === 0) return;
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) if (e.isDirectory()) await walk(path.join(dir, e.name), depth - 1);
    };
    await walk(path.join(this.dir, 'v1'), 4);
    return removed;
  }
}

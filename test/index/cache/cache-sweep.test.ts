/**
 * Cache.open sweeps the whole cache, at most once per staleTempAgeMs, of temporary files
 * left by writers that died (a folder is otherwise swept only when something new is
 * written into it): old temporaries go, young ones (a live writer's) and entries stay.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cache } from '../../../src/index/cache/index.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'wh-cache-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HOUR = 60 * 60 * 1000;

function put(dir: string, name: string, ageMs: number): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, 'x');
  const t = new Date(Date.now() - ageMs);
  utimesSync(file, t, t);
}

describe('Cache.open', () => {
  it('removes stale temporaries everywhere in the cache, once per period', async () => {
    const dir = path.join(root, 'cache');
    const pages = path.join(dir, 'v1', 'pages', 'ab');
    const files = path.join(dir, 'v1', 'files', 'sha256', 'cd');
    put(pages, '.cdef.tmp-123-0123456789ab', 2 * HOUR);
    put(pages, 'cdef', 2 * HOUR); // an entry, however old
    put(files, '.ef01.tmp-456-0123456789ab', 2 * HOUR);
    put(files, '.ef02.tmp-789-0123456789ab', 60_000); // young: a live writer's
    await Cache.open(dir);
    expect(readdirSync(pages)).toEqual(['cdef']);
    expect(readdirSync(files)).toEqual(['.ef02.tmp-789-0123456789ab']);

    // Within the period, opening does not walk the cache again.
    put(pages, '.cdef.tmp-124-0123456789ab', 2 * HOUR);
    await Cache.open(dir);
    expect(readdirSync(pages).sort()).toEqual(['.cdef.tmp-124-0123456789ab', 'cdef']);
    // Once the period has passed, it does.
    const old = new Date(Date.now() - 2 * HOUR);
    utimesSync(path.join(dir, 'v1', '.swept'), old, old);
    await Cache.open(dir);
    expect(readdirSync(pages)).toEqual(['cdef']);
  });
});

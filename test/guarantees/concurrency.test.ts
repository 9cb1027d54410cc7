/**
 * Guarantee: concurrent runs are safe. Two `wheelhouse lock` processes started at once on
 * one cache (cold, half-emptied, warm) both write the lockfile an undisturbed run writes,
 * and the cache stays valid; two `wheelhouse download` processes into the same DIR at once
 * (empty DIR, DIR with a dead run's partial files, complete DIR) both succeed and leave
 * exactly the reference wheelhouse, with no temporary file.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../pep440/generators.js';
import { runCliProcess, startCli } from './support/cli-process.js';
import { GRAPH, serveIndex, TARGETS, type ServedIndex } from './support/served-index.js';
import { checkContentStore, dropHalfOfCache, isTempFile, listFiles, snapshot, sleepUntil } from './support/tree.js';
import { isDownloadTempName } from '../../src/download/temp-files.js';

let root: string;
let index: ServedIndex;
let lockText: string;
let reference: Map<string, string>;
let counter = 0;

const lockArgs = (cache: string) => ['lock', 'requirements.in', '--cache-dir', cache, '--index-url', index.indexUrl, ...TARGETS, '--quiet'];
const downloadArgs = (cache: string) => ['download', 'requirements.txt', '-d', path.join(root, 'shared-wh'), '--cache-dir', cache, '--index-url', index.indexUrl, ...TARGETS, '--quiet'];

async function work(files: Record<string, string>): Promise<string> {
  const dir = path.join(root, `work-${counter++}`);
  await mkdir(dir, { recursive: true });
  for (const [n, c] of Object.entries(files)) await writeFile(path.join(dir, n), c);
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-concurrency-'));
  index = await serveIndex(
    path.join(root, 'index'),
    GRAPH.map((s) => ({ ...s, payloadBytes: 200_000 })),
    { latencyMs: 10, reply: { bytesPerSecond: 4_000_000 } },
  );
  const dir = await work({ 'requirements.in': 'app\n' });
  expect((await runCliProcess(lockArgs(path.join(root, 'cache-ref')), { cwd: dir })).code).toBe(0);
  lockText = await readFile(path.join(dir, 'requirements.txt'), 'utf8');
  const d = await runCliProcess(['download', 'requirements.txt', '-d', 'wh', '--cache-dir', path.join(root, 'cache-ref'), '--index-url', index.indexUrl, ...TARGETS, '--quiet'], { cwd: dir });
  expect(d.code).toBe(0);
  reference = await snapshot(path.join(dir, 'wh'));
}, 90_000);

afterAll(async () => {
  await index?.server.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('two lock processes on one cache at once', () => {
  it('cold, half-emptied and warm cache: both write the reference lockfile; the cache stays valid', async () => {
    const cache = path.join(root, 'cache-locks');
    const random = rng(99);
    for (const round of ['cold', 'half', 'warm']) {
      if (round === 'half') await dropHalfOfCache(cache, random);
      const dirs = await Promise.all([work({ 'requirements.in': 'app\n' }), work({ 'requirements.in': 'app\n' })]);
      const runs = await Promise.all(dirs.map((cwd) => runCliProcess(lockArgs(cache), { cwd })));
      for (const [i, r] of runs.entries()) {
        expect(r.stderr, `${round} #${i}`).toBe('');
        expect(r.code).toBe(0);
        expect(await readFile(path.join(dirs[i]!, 'requirements.txt'), 'utf8')).toBe(lockText);
      }
    }
    expect((await checkContentStore(cache)).corrupt).toEqual([]);
    expect((await listFiles(cache)).filter(isTempFile)).toEqual([]);
  }, 120_000);
});

describe('two download processes into one DIR at once', () => {
  it('empty DIR, DIR with a killed run\'s partial files, complete DIR: both succeed; DIR is the reference wheelhouse', async () => {
    const wh = path.join(root, 'shared-wh');
    const dirs = await Promise.all([work({ 'requirements.txt': lockText }), work({ 'requirements.txt': lockText })]);
    for (const round of ['empty', 'partials', 'complete']) {
      if (round === 'empty') await rm(wh, { recursive: true, force: true });
      if (round === 'partials') {
        // A run killed mid-download leaves partial files behind.
        await rm(wh, { recursive: true, force: true });
        const killed = startCli(downloadArgs(path.join(root, 'cache-killed')), { cwd: dirs[0]! });
        await sleepUntil(async () => killed.exited() || (await listFiles(wh)).some(isDownloadTempName), 60_000);
        killed.kill();
        expect((await killed.done).killed).toBe(true);
        expect((await listFiles(wh)).some(isDownloadTempName)).toBe(true);
      }
      // Separate caches: the two runs share only DIR.
      const runs = await Promise.all(dirs.map((cwd, i) => runCliProcess(downloadArgs(path.join(root, `cache-dl-${i}`)), { cwd })));
      for (const [i, r] of runs.entries()) {
        expect(r.stderr, `${round} #${i}`).toBe('');
        expect(r.code).toBe(0);
      }
      expect(await snapshot(wh), round).toEqual(reference);
    }
    const verified = await runCliProcess(['verify', wh, '--lock', 'requirements.txt', ...TARGETS], { cwd: dirs[0]! });
    expect(verified.code, verified.stdout).toBe(0);
  }, 120_000);
});

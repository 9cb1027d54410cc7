/**
 * Guarantee: nothing partial is ever visible in a lockfile or the cache, whenever
 * `wheelhouse lock` dies. The built CLI is SIGKILLed at seeded random moments of its run
 * (against a loopback index answering every request after 30 ms, so kills land while pages,
 * .metadata and files are being fetched and cached, and while the lockfile is written), in a
 * loop of KILL_RUNS runs sharing one cache folder. After every kill the lockfile is absent,
 * the previous one byte for byte, or complete and identical to an undisturbed run's; no file
 * but the lockfile's own temporary (removed by the next run) is left beside it. After the
 * loop, the shared cache's content store holds only entries matching their sha256, an
 * undisturbed run with it gives the identical lockfile, and the temporaries the kills left in
 * the cache are removed by the first run once they are an hour old.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, startCli } from './support/cli-process.js';
import { killLoop, sumCounts, timeRun, type Landed } from './support/kill-loop.js';
import { GRAPH, serveIndex, TARGETS, type ServedIndex } from './support/served-index.js';
import { ageFiles, checkContentStore, dropHalfOfCache, isTempFile, listFiles } from './support/tree.js';

const KILL_RUNS = Number(process.env['KILL_RUNS'] ?? 50);

let root: string;
let index: ServedIndex;
let reference: string;
/** The same pins, written with --no-annotate: an "old" lockfile that differs byte-wise. */
let oldLock: string;
/** How long an undisturbed run takes to its first request, and from there to its end (cold cache). */
let startupMs: number;
let networkMs: number;

function lockArgs(cache: string, extra: string[] = []): string[] {
  return ['lock', 'requirements.in', '--cache-dir', cache, '--index-url', index.indexUrl, ...TARGETS, '--quiet', ...extra];
}

async function workDir(name: string): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'requirements.in'), 'app\n');
  return dir;
}

async function lockfile(dir: string): Promise<string | undefined> {
  const file = path.join(dir, 'requirements.txt');
  return existsSync(file) ? readFile(file, 'utf8') : undefined;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-kill-lock-'));
  index = await serveIndex(path.join(root, 'index'), GRAPH, { latencyMs: 30 });
  const dir = await workDir('reference');
  const timed = await timeRun(index.server, () => startCli(lockArgs(path.join(root, 'cache-reference')), { cwd: dir }));
  startupMs = timed.startupMs;
  networkMs = timed.networkMs;
  expect(timed.run.stderr).toBe('');
  expect(timed.run.code).toBe(0);
  reference = (await lockfile(dir))!;
  expect(reference).toContain('web==2.1');
  const r2 = await runCliProcess(lockArgs(path.join(root, 'cache-reference'), ['--no-annotate', '-o', 'old.txt']), { cwd: dir });
  expect(r2.code).toBe(0);
  oldLock = await readFile(path.join(dir, 'old.txt'), 'utf8');
  expect(oldLock).not.toBe(reference);
}, 60_000);

afterAll(async () => {
  await index?.server.close();
  if (root) await rm(root, { recursive: true, force: true });
});

interface ChainResult {
  landed: Landed;
  outcomes: { absent: number; old: number; complete: number };
  strayTemps: number;
}

/** One chain of killed runs in its own work folder, on the shared cache. */
async function killChain(name: string, runs: number, cache: string, seed: number): Promise<ChainResult> {
  const dir = await workDir(name);
  const outcomes = { absent: 0, old: 0, complete: 0 };
  let strayTemps = 0;
  let before: string | undefined;
  const landed = await killLoop({
    runs,
    seed,
    server: index.server,
    startupMs,
    networkMs,
    before: async (i, random) => {
      // Every fifth run starts from no lockfile, or from an old one.
      if (i % 5 === 0) {
        if ((i / 5) % 2 === 0) await rm(path.join(dir, 'requirements.txt'), { force: true });
        else await writeFile(path.join(dir, 'requirements.txt'), oldLock);
      }
      before = await lockfile(dir);
      // Every third run first loses part of the cache (as after a user's partial clean), so
      // the run writes pages and metadata into it while it may be killed.
      if (i % 3 === 0) await dropHalfOfCache(cache, random);
    },
    start: () => startCli(lockArgs(cache), { cwd: dir }),
    check: async (i, run, requestsAtKill) => {
      if (!run.killed) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
      }
      const after = await lockfile(dir);
      if (after === undefined) {
        expect(before, `${name} run ${i}: the lockfile vanished`).toBeUndefined();
        outcomes.absent++;
      } else if (after === reference) outcomes.complete++;
      else {
        expect(after, `${name} run ${i} (killed after ${requestsAtKill} requests): a lockfile neither old nor complete`).toBe(before);
        outcomes.old++;
      }
      const strays = (await listFiles(dir)).filter((f) => f !== 'requirements.in' && f !== 'requirements.txt');
      expect(strays.filter((f) => !isTempFile(f)), `${name} run ${i}: files that are not temporaries`).toEqual([]);
      strayTemps += strays.length;
    },
  });
  return { landed, outcomes, strayTemps };
}

describe('SIGKILL during wheelhouse lock', () => {
  it(`${KILL_RUNS} runs killed at random moments (two chains at once on one cache) leave the old lockfile or the complete one, and a valid cache`, async () => {
    const cache = path.join(root, 'cache-shared');
    const half = Math.ceil(KILL_RUNS / 2);
    const chains = await Promise.all([killChain('chain-a', half, cache, 20261206), killChain('chain-b', KILL_RUNS - half, cache, 751)]);
    const landed = sumCounts(chains.map((c) => c.landed));
    const outcomes = sumCounts(chains.map((c) => c.outcomes));
    const strayTemps = chains.reduce((n, c) => n + c.strayTemps, 0);
    const cacheTemps = (await listFiles(cache)).filter(isTempFile).length;
    console.log(
      `kill-lock: ${KILL_RUNS} runs; kill landed ${JSON.stringify(landed)}; lockfile after ${JSON.stringify(outcomes)}; ` +
        `${strayTemps} lockfile temporaries seen beside it; ${cacheTemps} temporaries left in the cache`,
    );
    // The kills must have hit the run, not only its start or its end.
    expect(landed.duringRequests + landed.betweenRequests).toBeGreaterThan(KILL_RUNS / 3);

    // An undisturbed run with the same cache: the identical lockfile, and nothing beside it.
    for (const name of ['chain-a', 'chain-b']) {
      const dir = path.join(root, name);
      const final = await runCliProcess(lockArgs(cache), { cwd: dir });
      expect(final.stderr).toBe('');
      expect(final.code).toBe(0);
      expect(await lockfile(dir)).toBe(reference);
      expect(await listFiles(dir)).toEqual(['requirements.in', 'requirements.txt']);
    }

    // The cache: every stored file matches its sha256; a fresh work dir locks identically from it.
    const store = await checkContentStore(cache);
    expect(store.corrupt).toEqual([]);
    expect(store.checked).toBeGreaterThan(0);
    const fresh = await workDir('after-kills');
    const again = await runCliProcess(lockArgs(cache), { cwd: fresh });
    expect(again.code).toBe(0);
    expect(await lockfile(fresh)).toBe(reference);

    // Temporaries the kills left in the cache are never read; once an hour old (simulated by
    // back-dating every file of the cache), the next run removes them all.
    await ageFiles(cache, 2 * 60 * 60 * 1000);
    const later = await runCliProcess(lockArgs(cache), { cwd: fresh });
    expect(later.code).toBe(0);
    expect(await lockfile(fresh)).toBe(reference);
    expect((await listFiles(cache)).filter(isTempFile)).toEqual([]);
  }, 240_000);
});

/**
 * Guarantee: nothing partial or unverified is ever visible in a wheelhouse, whenever
 * `wheelhouse download` dies. The built CLI downloads a hashed lock (10 files of ~200 KB,
 * for two targets) from a loopback index that answers after 20 ms at 2 MB/s, and is
 * SIGKILLed at seeded random moments, in KILL_RUNS runs (two chains at once, each into its
 * own DIR, sharing one cache). After every kill DIR holds only files of an undisturbed
 * run's wheelhouse, byte for byte (requirements.txt, pylock.toml and manifest.json included,
 * or absent), and temporary files whose names pip ignores: the downloader's (a partial file
 * is kept for the next run to continue) and the atomic writer's (removed by the next write). After the loop an undisturbed run makes each DIR
 * identical to the reference wheelhouse with no temporary file left, the cache's content
 * store matches its hashes, and a fresh DIR downloaded from that cache is identical too.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDownloadTempName } from '../../src/download/temp-files.js';
import { runCliProcess, startCli } from './support/cli-process.js';
import { killLoop, sumCounts, timeRun, type Landed } from './support/kill-loop.js';
import { GRAPH, serveIndex, TARGETS, type ServedIndex } from './support/served-index.js';
import { checkContentStore, dropHalfOfCache, isTempFile, snapshot } from './support/tree.js';

const KILL_RUNS = Number(process.env['KILL_RUNS'] ?? 50);

let root: string;
let index: ServedIndex;
let lockText: string;
/** The reference wheelhouse: file → sha256. */
let reference: Map<string, string>;
let startupMs: number;
let networkMs: number;

function downloadArgs(cache: string): string[] {
  return ['download', 'requirements.txt', '-d', 'wh', '--cache-dir', cache, '--index-url', index.indexUrl, ...TARGETS, '--quiet'];
}

async function workDir(name: string): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'requirements.txt'), lockText);
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-kill-download-'));
  index = await serveIndex(
    path.join(root, 'index'),
    GRAPH.map((s) => ({ ...s, payloadBytes: 200_000 })),
    { latencyMs: 20, reply: { bytesPerSecond: 2_000_000 } },
  );
  const dir = path.join(root, 'reference');
  await mkdir(dir);
  await writeFile(path.join(dir, 'requirements.in'), 'app\n');
  const locked = await runCliProcess(['lock', 'requirements.in', '--no-cache', '--index-url', index.indexUrl, ...TARGETS, '--quiet'], { cwd: dir });
  expect(locked.code).toBe(0);
  lockText = await readFile(path.join(dir, 'requirements.txt'), 'utf8');
  const timed = await timeRun(index.server, () => startCli(downloadArgs(path.join(root, 'cache-reference')), { cwd: dir }));
  expect(timed.run.stderr).toBe('');
  expect(timed.run.code).toBe(0);
  startupMs = timed.startupMs;
  networkMs = timed.networkMs;
  reference = await snapshot(path.join(dir, 'wh'));
  expect([...reference.keys()].filter((f) => f.endsWith('.whl'))).toHaveLength(10);
  expect([...reference.keys()]).toEqual(expect.arrayContaining(['requirements.txt', 'pylock.toml', 'manifest.json']));
  // A second undisturbed run into a fresh DIR gives the same bytes (the reference is stable).
  const again = path.join(root, 'reference-2');
  await mkdir(again);
  await writeFile(path.join(again, 'requirements.txt'), lockText);
  expect((await runCliProcess(downloadArgs(path.join(root, 'cache-reference-2')), { cwd: again })).code).toBe(0);
  expect(await snapshot(path.join(again, 'wh'))).toEqual(reference);
}, 90_000);

afterAll(async () => {
  await index?.server.close();
  if (root) await rm(root, { recursive: true, force: true });
});

interface ChainResult {
  landed: Landed;
  /** Files of the reference found complete after kills, and partial temporaries left. */
  seen: { complete: number; temporaries: number; emptyDir: number };
}

async function killChain(name: string, runs: number, cache: string, seed: number): Promise<ChainResult> {
  const dir = await workDir(name);
  const wh = path.join(dir, 'wh');
  const seen = { complete: 0, temporaries: 0, emptyDir: 0 };
  const landed = await killLoop({
    runs,
    seed,
    server: index.server,
    startupMs,
    networkMs,
    before: async (i, random) => {
      if (i % 5 === 0) await rm(wh, { recursive: true, force: true });
      if (i % 3 === 0) await dropHalfOfCache(cache, random);
    },
    start: () => startCli(downloadArgs(cache), { cwd: dir }),
    check: async (i, run) => {
      if (!run.killed) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
      }
      const files = await snapshot(wh);
      if (files.size === 0) seen.emptyDir++;
      for (const [f, digest] of files) {
        // The downloader's partial files, and the atomic writer's temporary files of
        // requirements.txt / pylock.toml / manifest.json (removed by the next write).
        if (!f.includes('/') && (isDownloadTempName(f) || isTempFile(f))) {
          seen.temporaries++;
          continue;
        }
        expect(reference.get(f), `${name} run ${i}: ${f} is not a file of the wheelhouse`).toBeDefined();
        expect(digest, `${name} run ${i}: ${f} is not complete`).toBe(reference.get(f));
        seen.complete++;
      }
    },
  });
  return { landed, seen };
}

describe('SIGKILL during wheelhouse download', () => {
  it(`${KILL_RUNS} runs killed at random moments leave only complete, verified files (and temporaries pip ignores); a re-run completes the wheelhouse`, async () => {
    const cache = path.join(root, 'cache-shared');
    const half = Math.ceil(KILL_RUNS / 2);
    const chains = await Promise.all([killChain('chain-a', half, cache, 4242), killChain('chain-b', KILL_RUNS - half, cache, 1337)]);
    const landed = sumCounts(chains.map((c) => c.landed));
    const seen = sumCounts(chains.map((c) => c.seen));
    console.log(`kill-download: ${KILL_RUNS} runs; kill landed ${JSON.stringify(landed)}; after the kills ${JSON.stringify(seen)}`);
    expect(landed.duringRequests + landed.betweenRequests).toBeGreaterThan(KILL_RUNS / 3);
    expect(seen.temporaries).toBeGreaterThan(0); // kills did land mid-file

    for (const name of ['chain-a', 'chain-b']) {
      const dir = path.join(root, name);
      const final = await runCliProcess(downloadArgs(cache), { cwd: dir });
      expect(final.stderr).toBe('');
      expect(final.code).toBe(0);
      expect(await snapshot(path.join(dir, 'wh'))).toEqual(reference);
      // And verify agrees: every file present, intact and hash-checked for both targets.
      const verified = await runCliProcess(['verify', 'wh', '--lock', 'requirements.txt', ...TARGETS], { cwd: dir });
      expect(verified.stderr).toBe('');
      expect(verified.code).toBe(0);
    }
    const store = await checkContentStore(cache);
    expect(store.corrupt).toEqual([]);
    expect(store.checked).toBeGreaterThan(0);
    const fresh = await workDir('after-kills');
    expect((await runCliProcess(downloadArgs(cache), { cwd: fresh })).code).toBe(0);
    expect(await snapshot(path.join(fresh, 'wh'))).toEqual(reference);
  }, 240_000);
});

/**
 * Guarantee: nothing partial or unverified is visible when `wheelhouse build` (lock →
 * download → verify) dies. The built CLI builds from a wheelhouse.yaml against a loopback
 * index (20 ms latency, 2 MB/s files) and is SIGKILLed at seeded random moments in KILL_RUNS
 * runs (two chains at once, each with its own lockfile and DIR, sharing one cache). After
 * every kill the lockfile is absent or identical to an undisturbed build's, and DIR holds
 * only files of the reference wheelhouse (byte for byte) and temporaries pip ignores; after
 * the loop an undisturbed build gives the reference lockfile and wheelhouse exactly, and
 * the cache is valid.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDownloadTempName } from '../../src/download/temp-files.js';
import { runCliProcess, startCli } from './support/cli-process.js';
import { killLoop, sumCounts, timeRun, type Landed } from './support/kill-loop.js';
import { GRAPH, serveIndex, TARGETS, type ServedIndex } from './support/served-index.js';
import { checkContentStore, dropHalfOfCache, isTempFile, listFiles, snapshot } from './support/tree.js';

const KILL_RUNS = Number(process.env['KILL_RUNS'] ?? 50);
const CONFIG = 'requirements:\n  - requirements.in\n';

let root: string;
let index: ServedIndex;
let referenceLock: string;
let referenceDir: Map<string, string>;
let startupMs: number;
let networkMs: number;

function buildArgs(cache: string): string[] {
  return ['build', '--config', 'wheelhouse.yaml', '-o', 'requirements.txt', '--dest', 'wh', '--cache-dir', cache, '--index-url', index.indexUrl, ...TARGETS, '--quiet'];
}

async function workDir(name: string): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'requirements.in'), 'app\n');
  await writeFile(path.join(dir, 'wheelhouse.yaml'), CONFIG);
  return dir;
}

async function lockfile(dir: string): Promise<string | undefined> {
  const f = path.join(dir, 'requirements.txt');
  return existsSync(f) ? readFile(f, 'utf8') : undefined;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-kill-build-'));
  index = await serveIndex(
    path.join(root, 'index'),
    GRAPH.map((s) => ({ ...s, payloadBytes: 200_000 })),
    { latencyMs: 20, reply: { bytesPerSecond: 2_000_000 } },
  );
  const dir = await workDir('reference');
  const timed = await timeRun(index.server, () => startCli(buildArgs(path.join(root, 'cache-reference')), { cwd: dir, env: { CUSTOM_COMPILE_COMMAND: 'wheelhouse build' } }));
  expect(timed.run.stderr).toBe('');
  expect(timed.run.code).toBe(0);
  startupMs = timed.startupMs;
  networkMs = timed.networkMs;
  referenceLock = (await lockfile(dir))!;
  referenceDir = await snapshot(path.join(dir, 'wh'));
  expect([...referenceDir.keys()].filter((f) => f.endsWith('.whl'))).toHaveLength(10);
}, 90_000);

afterAll(async () => {
  await index?.server.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function killChain(name: string, runs: number, cache: string, seed: number): Promise<{ landed: Landed; seen: { lockAbsent: number; lockComplete: number; files: number; temporaries: number } }> {
  const dir = await workDir(name);
  const seen = { lockAbsent: 0, lockComplete: 0, files: 0, temporaries: 0 };
  const landed = await killLoop({
    runs,
    seed,
    server: index.server,
    startupMs,
    networkMs,
    before: async (i, random) => {
      if (i % 5 === 0) {
        await rm(path.join(dir, 'wh'), { recursive: true, force: true });
        await rm(path.join(dir, 'requirements.txt'), { force: true });
      }
      if (i % 3 === 0) await dropHalfOfCache(cache, random);
    },
    start: () => startCli(buildArgs(cache), { cwd: dir, env: { CUSTOM_COMPILE_COMMAND: 'wheelhouse build' } }),
    check: async (i, run) => {
      if (!run.killed) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
      }
      const lock = await lockfile(dir);
      if (lock === undefined) seen.lockAbsent++;
      else {
        expect(lock, `${name} run ${i}: a lockfile that is not the complete one`).toBe(referenceLock);
        seen.lockComplete++;
      }
      for (const f of await listFiles(dir)) {
        if (f === 'requirements.in' || f === 'wheelhouse.yaml' || f === 'requirements.txt') continue;
        if (!f.startsWith('wh/')) {
          expect(isTempFile(f), `${name} run ${i}: stray ${f}`).toBe(true);
          seen.temporaries++;
          continue;
        }
        const rel = f.slice(3);
        if (!rel.includes('/') && (isDownloadTempName(rel) || isTempFile(rel))) {
          seen.temporaries++;
          continue;
        }
        const digest = createHash('sha256').update(await readFile(path.join(dir, f))).digest('hex');
        expect(digest, `${name} run ${i}: ${rel} is not a complete file of the wheelhouse`).toBe(referenceDir.get(rel));
        seen.files++;
      }
    },
  });
  return { landed, seen };
}

describe('SIGKILL during wheelhouse build', () => {
  it(`${KILL_RUNS} runs killed at random moments leave the complete lockfile or none, only verified files in DIR; a re-run completes both`, async () => {
    const cache = path.join(root, 'cache-shared');
    const half = Math.ceil(KILL_RUNS / 2);
    const chains = await Promise.all([killChain('chain-a', half, cache, 8080), killChain('chain-b', KILL_RUNS - half, cache, 9090)]);
    const landed = sumCounts(chains.map((c) => c.landed));
    const seen = sumCounts(chains.map((c) => c.seen));
    console.log(`kill-build: ${KILL_RUNS} runs; kill landed ${JSON.stringify(landed)}; after the kills ${JSON.stringify(seen)}`);
    expect(landed.duringRequests + landed.betweenRequests).toBeGreaterThan(KILL_RUNS / 3);
    for (const name of ['chain-a', 'chain-b']) {
      const dir = path.join(root, name);
      const final = await runCliProcess(buildArgs(cache), { cwd: dir, env: { CUSTOM_COMPILE_COMMAND: 'wheelhouse build' } });
      expect(final.stderr).toBe('');
      expect(final.code).toBe(0);
      expect(await lockfile(dir)).toBe(referenceLock);
      expect(await snapshot(path.join(dir, 'wh'))).toEqual(referenceDir);
      expect((await listFiles(dir)).filter((f) => !f.startsWith('wh/'))).toEqual(['requirements.in', 'requirements.txt', 'wheelhouse.yaml']);
    }
    expect((await checkContentStore(cache)).corrupt).toEqual([]);
  }, 300_000);
});

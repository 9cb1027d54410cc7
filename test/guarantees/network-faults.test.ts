/**
 * Guarantee: network faults are survived or reported, never turned into a wrong lock.
 * Each scenario runs the built CLI (`wheelhouse lock`, --retries 2, --timeout 2) against the
 * loopback index with one fault scripted on a project page or a PEP 658 .metadata file:
 * resets, stalls, 5xx, 429 with Retry-After, truncated bodies, wrong Content-Length, a
 * 1 KB/s server, a server that stops mid-run. A transient fault ends in the lockfile an
 * undisturbed run writes, byte for byte; a persistent one in exit 3 and an E_NETWORK error
 * naming the URL, after a bounded number of attempts (retries + 1), with no lockfile
 * written. The same for `wheelhouse download` with faults on a wheel: a transient fault ends
 * in the reference wheelhouse (a cut body is continued with Range), a persistent one or
 * wrong bytes in an error naming the URL with only complete, verified files in DIR and no
 * DIR/requirements.txt. (The HTTP client's own fault tests: test/index/http/client.test.ts,
 * test/index/client/faults.test.ts; the downloader's: test/download, test/e2e/download.test.ts.)
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../helpers/fault-server.js';
import { writeLocalIndex, type LocalIndex } from '../e2e/support/local-index.js';
import { isDownloadTempName } from '../../src/download/temp-files.js';
import { runCliProcess, type CliRun } from './support/cli-process.js';
import { isTempFile, listFiles } from './support/tree.js';
import { GRAPH, serveWrittenIndex, TARGETS, type ServedIndex } from './support/served-index.js';

const PAGE = '/simple/web/';
const METADATA = '/files/web-2.1-py3-none-any.whl.metadata';
const WHEEL = '/files/web-2.1-py3-none-any.whl';
const RETRIES = 2;

let root: string;
let local: LocalIndex;
let reference: string;
/** The hashed lock (for download), and the wheelhouse an undisturbed download makes: file → sha256. */
let lockText: string;
let referenceDir: Map<string, string>;
const servers: ServedIndex[] = [];
let counter = 0;

async function body(p: string): Promise<Buffer> {
  if (p.startsWith('/simple/')) return readFile(path.join(local.dir, p, 'index.html'));
  return readFile(path.join(local.files, decodeURIComponent(p.slice('/files/'.length))));
}

async function ok(p: string): Promise<Reply> {
  return { body: await body(p), ...(p.startsWith('/simple/') ? { contentType: 'text/html' } : {}) };
}

/** A fresh server for one scenario (so attempt counts are its own). */
async function serve(options: Parameters<typeof serveWrittenIndex>[1] = {}): Promise<ServedIndex> {
  const s = await serveWrittenIndex(local, options);
  servers.push(s);
  return s;
}

async function lock(index: ServedIndex, extra: string[] = []): Promise<{ run: CliRun; lockfile: string | undefined }> {
  const dir = path.join(root, `work-${counter++}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'requirements.in'), 'app\n');
  const run = await runCliProcess(['lock', 'requirements.in', '--index-url', index.indexUrl, ...TARGETS, '--no-cache', '--quiet', '--retries', String(RETRIES), '--timeout', '2', ...extra], { cwd: dir });
  const file = path.join(dir, 'requirements.txt');
  return { run, lockfile: existsSync(file) ? await readFile(file, 'utf8') : undefined };
}

/** Downloads the reference lock from `index`. */
async function download(index: ServedIndex): Promise<{ run: CliRun; files: Map<string, string> }> {
  const dir = path.join(root, `work-${counter++}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'requirements.txt'), lockText);
  const run = await runCliProcess(['download', 'requirements.txt', '-d', 'wh', '--index-url', index.indexUrl, ...TARGETS, '--no-cache', '--quiet', '--retries', String(RETRIES), '--timeout', '2'], { cwd: dir });
  // The wheelhouse's pylock.toml and manifest.json name the index: its port is the server's own.
  const files = new Map<string, string>();
  for (const f of await listFiles(path.join(dir, 'wh'))) {
    let bytes = await readFile(path.join(dir, 'wh', f));
    if (/\.(json|toml|txt)$/.test(f)) bytes = Buffer.from(bytes.toString('utf8').replaceAll(index.server.origin, 'ORIGIN'));
    files.set(f, createHash('sha256').update(bytes).digest('hex'));
  }
  return { run, files };
}

/** What a failed download may leave: complete files of the wheelhouse, and temporaries pip ignores; never its requirements.txt. */
function expectOnlyVerified(files: Map<string, string>): void {
  for (const [f, digest] of files) {
    if (isDownloadTempName(f) || isTempFile(f)) continue;
    expect(f.endsWith('.whl') || f.endsWith('.tar.gz'), `${f} in a failed wheelhouse`).toBe(true);
    expect(digest, f).toBe(referenceDir.get(f));
  }
}

/** The lock every correct run writes, whatever the index URL's port (the --index-url line differs). */
function normalized(text: string | undefined, index: ServedIndex): string | undefined {
  return text?.replace(index.indexUrl, 'INDEX');
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-net-faults-'));
  local = await writeLocalIndex(path.join(root, 'index'), GRAPH);
  const index = await serve();
  const { run, lockfile } = await lock(index);
  expect(run.code).toBe(0);
  reference = normalized(lockfile, index)!;
  expect(reference).toContain('web==2.1');
  // Without its --index-url line: a requirements file's index replaces the command line's (pip).
  lockText = lockfile!.replace(/^--index-url .*\n/m, '');
  expect(lockText).not.toContain('--index-url');
  const d = await download(index);
  expect(d.run.code).toBe(0);
  referenceDir = d.files;
  expect(referenceDir.has('web-2.1-py3-none-any.whl')).toBe(true);
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.server.close();
  if (root) await rm(root, { recursive: true, force: true });
});

interface TransientCase {
  name: string;
  path: string;
  /** The faulty first answer(s); then the path answers normally. */
  faults: Reply[];
}

/**
 * Every transient fault at once, each on its own path (a project page or a .metadata file
 * the lock needs): one run must survive them all and write the reference lock.
 */
const TRANSIENT: TransientCase[] = [
  { name: '503, then 500', path: '/simple/web/', faults: [{ status: 503 }, { status: 500 }] },
  { name: '429 with Retry-After: 1', path: '/simple/core/', faults: [{ status: 429, retryAfter: 1 }] },
  { name: 'connection reset before the answer', path: '/simple/templating/', faults: [{ reset: true }] },
  { name: 'connection reset mid-body', path: '/simple/dataio/', faults: [{ resetAfter: 64 }] },
  { name: 'truncated body (clean close after 40 bytes)', path: METADATA, faults: [{ closeAfter: 40 }] },
  { name: 'Content-Length larger than the body', path: '/files/app-1.0-py3-none-any.whl.metadata', faults: [{ contentLength: 5000 }] },
  { name: 'headers that never come (timeout)', path: '/simple/markup/', faults: [{ stallHeaders: 'forever' }] },
  { name: 'a body that stalls midway (idle timeout)', path: '/files/dataio-1.0-py3-none-any.whl.metadata', faults: [{ stallBody: { after: 30, ms: 'forever' } }] },
];

/** Scripts each case's faults on its path (the real answer with the fault added), then the real answer. */
async function scriptFaults(index: ServedIndex, cases: readonly TransientCase[]): Promise<void> {
  expect(new Set(cases.map((c) => c.path)).size).toBe(cases.length);
  for (const c of cases) {
    const good = await ok(c.path);
    index.server.route(c.path, [...c.faults.map((f) => ({ ...good, ...f })), good]);
  }
}

function expectEveryFaultMet(index: ServedIndex, cases: readonly TransientCase[]): void {
  for (const c of cases) expect(index.server.requestsTo(c.path).length, `${c.name} on ${c.path}`).toBeGreaterThan(c.faults.length);
}

describe.concurrent('transient faults: the lock an undisturbed run writes', () => {
  it(`${TRANSIENT.length} faults in one run: ${TRANSIENT.map((c) => c.name).join('; ')}`, async () => {
    const index = await serve();
    await scriptFaults(index, TRANSIENT);
    const { run, lockfile } = await lock(index);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(normalized(lockfile, index)).toBe(reference);
    expectEveryFaultMet(index, TRANSIENT);
  });

  it('a 1 KB/s server (every page and .metadata) within the timeout', async () => {
    const index = await serve({ reply: { bytesPerSecond: 1024 } });
    const { run, lockfile } = await lock(index);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(normalized(lockfile, index)).toBe(reference);
  });
});

interface PersistentCase {
  name: string;
  path: string;
  fault: Reply;
}

const PERSISTENT: PersistentCase[] = [
  { name: '500 on every attempt', path: PAGE, fault: { status: 500 } },
  { name: 'reset on every attempt', path: PAGE, fault: { reset: true } },
  { name: 'truncated on every attempt', path: METADATA, fault: { closeAfter: 40 } },
  { name: 'headers that never come', path: METADATA, fault: { stallHeaders: 'forever' } },
];

describe.concurrent('persistent faults: exit 3 naming the URL after retries + 1 attempts, no lockfile', () => {
  for (const c of PERSISTENT) {
    it(`${c.name} on ${c.path === PAGE ? 'a project page' : 'a .metadata file'}`, async () => {
      const index = await serve();
      index.server.route(c.path, { ...(await ok(c.path)), ...c.fault });
      const { run, lockfile } = await lock(index);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^error\[E_NETWORK\]/m);
      expect(run.stderr).toContain(index.server.url(c.path));
      expect(index.server.requestsTo(c.path).length).toBe(RETRIES + 1);
      expect(lockfile).toBeUndefined();
    });
  }

  it('a server that stops mid-run', async () => {
    const index = await serve();
    const page = await ok(PAGE);
    index.server.route(PAGE, () => {
      void index.server.kill();
      return { ...page, reset: true };
    });
    const { run, lockfile } = await lock(index);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error\[E_NETWORK\]/m);
    expect(run.stderr).toContain(index.server.origin);
    expect(lockfile).toBeUndefined();
  });
});

describe.concurrent('wheelhouse download: transient faults end in the reference wheelhouse', () => {
  /** Each on its own wheel, all in one run. */
  const cases: TransientCase[] = [
    { name: '503, then 500', path: '/files/app-1.0-py3-none-any.whl', faults: [{ status: 503 }, { status: 500 }] },
    { name: '429 with Retry-After: 1', path: WHEEL, faults: [{ status: 429, retryAfter: 1 }] },
    { name: 'connection reset mid-body (continued with Range)', path: '/files/core-1.2-py3-none-any.whl', faults: [{ resetAfter: 300 }] },
    { name: 'truncated body', path: '/files/templating-2.0-py3-none-any.whl', faults: [{ closeAfter: 300 }] },
    { name: 'Content-Length larger than the body', path: '/files/markup-3.0-py3-none-any.whl', faults: [{ contentLength: 100_000 }] },
    { name: 'a body that stalls midway', path: '/files/cli_tools-1.0-py3-none-any.whl', faults: [{ stallBody: { after: 300, ms: 'forever' } }] },
  ];
  it(`${cases.length} faults in one run, and a 1 KB/s file: ${cases.map((c) => c.name).join('; ')}`, async () => {
    const index = await serve();
    await scriptFaults(index, cases);
    const colors = '/files/colors-0.4-py3-none-any.whl';
    index.server.route(colors, { ...(await ok(colors)), bytesPerSecond: 1024 });
    const { run, files } = await download(index);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(files).toEqual(referenceDir);
    expectEveryFaultMet(index, cases);
    expect(index.server.requestsTo(colors)).toHaveLength(1);
  });
});

describe.concurrent('wheelhouse download: persistent faults end in an error naming the URL, and no unverified file', () => {
  const cases: PersistentCase[] = [
    { name: '500 on every attempt', path: WHEEL, fault: { status: 500 } },
    { name: 'truncated on every attempt', path: WHEEL, fault: { closeAfter: 300 } },
    { name: 'reset on every attempt', path: WHEEL, fault: { reset: true } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const index = await serve();
      index.server.route(c.path, { ...(await ok(c.path)), ...c.fault });
      const { run, files } = await download(index);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^error\[E_NETWORK\]/m);
      expect(run.stderr).toContain(index.server.url(c.path));
      expect(index.server.requestsTo(c.path).length).toBeLessThanOrEqual(RETRIES + 1 + 1); // one Range continuation at most
      expect(files.has('requirements.txt')).toBe(false);
      expectOnlyVerified(files);
    });
  }

  it('bytes that do not match the lock: exit 1, E_HASH_MISMATCH naming the URL, not in DIR', async () => {
    const index = await serve();
    const good = await ok(WHEEL);
    const wrong = Buffer.from(good.body as Buffer);
    wrong[wrong.length - 40] = wrong[wrong.length - 40]! ^ 0xff;
    index.server.route(WHEEL, { body: wrong });
    const { run, files } = await download(index);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[E_HASH_MISMATCH\]/m);
    expect(run.stderr).toContain(index.server.url(WHEEL));
    expect(files.has('web-2.1-py3-none-any.whl')).toBe(false);
    expect(files.has('requirements.txt')).toBe(false);
    expectOnlyVerified(files);
  });

  it('a server that stops mid-run', async () => {
    const index = await serve();
    const good = await ok(WHEEL);
    index.server.route(WHEEL, () => {
      void index.server.kill();
      return { ...good, resetAfter: 100 };
    });
    const { run, files } = await download(index);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error\[E_NETWORK\]/m);
    expect(run.stderr).toContain(index.server.origin);
    expect(files.has('requirements.txt')).toBe(false);
    expectOnlyVerified(files);
  });
});

/**
 * Content stored by sha256: verified on every read (a damaged entry is deleted, never
 * served), hashed while streamed, visible only complete. Two real processes sharing a cache
 * cannot corrupt it, and a process killed mid-write (SIGKILL) leaves no partial entry.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashMismatchError, NetworkError } from '../../../src/errors.js';
import { isTempName, removeStaleTemps } from '../../../src/index/cache/atomic-write.js';
import { sha256Hex } from '../../../src/index/cache/content-store.js';
import { Cache, ContentStore } from '../../../src/index/cache/index.js';
import { HttpClient } from '../../../src/index/http/index.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { FaultServer, generatedBytes } from '../../helpers/fault-server.js';
import { content } from './children/content.js';

const WRITER = fileURLToPath(new URL('./children/cache-writer.ts', import.meta.url));
let root: string;
let n = 0;
const fresh = () => path.join(root, `c${n++}`);

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wh-content-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe('ContentStore', () => {
  it('stores by sha256 under files/sha256/ab/…, and reads back verified bytes', async () => {
    const store = new ContentStore(fresh());
    const data = Buffer.from('hello wheel');
    const sha = sha256Hex(data);
    const stored = await store.putBytes(data, { sha256: sha });
    expect(stored.path).toBe(path.join(store.root, 'files', 'sha256', sha.slice(0, 2), sha.slice(2)));
    expect(stored.size).toBe(data.length);
    expect((await store.readBytes(sha))?.equals(data)).toBe(true);
    expect(await store.open(sha)).toEqual({ path: stored.path, sha256: sha, size: data.length });
    expect(await store.open('0'.repeat(64))).toBeUndefined();
  });

  it('stores content of unknown hash under its computed sha256', async () => {
    const store = new ContentStore(fresh());
    const data = generatedBytes(0, 100_000);
    const stored = await store.putStream([data.subarray(0, 50_000), data.subarray(50_000)]);
    expect(stored.sha256).toBe(sha256Hex(data));
    expect(readFileSync(stored.path).equals(data)).toBe(true);
    expect(allFiles(store.root).filter((f) => isTempName(path.basename(f)))).toEqual([]);
  });

  it('stores nothing when the bytes do not match the expected sha256 or size', async () => {
    const store = new ContentStore(fresh());
    const data = Buffer.from('abc');
    await expect(store.putBytes(data, { sha256: sha256Hex('abd'), label: 'x.whl' })).rejects.toBeInstanceOf(HashMismatchError);
    await expect(store.putBytes(data, { size: 4 })).rejects.toBeInstanceOf(HashMismatchError);
    await expect(store.putBytes(data, { size: 2 })).rejects.toBeInstanceOf(HashMismatchError);
    expect(allFiles(store.root)).toEqual([]);
  });

  it('stores nothing when the stream fails', async () => {
    const store = new ContentStore(fresh());
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('partial');
      throw new Error('connection lost');
    }
    await expect(store.putStream(failing(), { sha256: sha256Hex('partial and more') })).rejects.toThrow('connection lost');
    expect(allFiles(store.root)).toEqual([]);
  });

  it('detects, deletes and reports missing a corrupted entry', async () => {
    const logs: string[] = [];
    const store = new ContentStore(fresh(), { log: (l) => logs.push(l) });
    const data = generatedBytes(7, 10_000);
    const { path: file, sha256 } = await store.putBytes(data);
    const bad = Buffer.from(data);
    bad[5_000] = (bad[5_000] ?? 0) ^ 1;
    writeFileSync(file, bad);
    expect(await store.open(sha256)).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    await store.putBytes(data);
    writeFileSync(file, data.subarray(0, 100));
    expect(await store.readBytes(sha256)).toBeUndefined();
    expect(logs.filter((l) => l.includes('discarding'))).toHaveLength(2);
  });

  it('keeps refs from a key to content', async () => {
    const store = new ContentStore(fresh());
    const meta = Buffer.from('Metadata-Version: 2.1\nName: demo\n');
    const { sha256 } = await store.putBytes(meta);
    await store.setRef('wheel-metadata', 'sha256:' + 'a'.repeat(64), sha256);
    expect(await store.getRef('wheel-metadata', 'sha256:' + 'a'.repeat(64))).toBe(sha256);
    expect(await store.getRef('wheel-metadata', 'other')).toBeUndefined();
    await expect(store.setRef('Bad NS', 'k', sha256)).rejects.toMatchObject({ code: 'E_CACHE' });
  });

  it('removes stale temporary files, and only those', async () => {
    const store = new ContentStore(fresh(), { staleTempAgeMs: 60_000 });
    const data = Buffer.from('x');
    const sha = sha256Hex(data);
    const dir = path.dirname(store.pathFor(sha));
    await store.putBytes(Buffer.from('y'));
    const sub = path.dirname(store.pathFor(sha256Hex('y')));
    const stale = path.join(sub, `.${sha.slice(2)}.tmp-123-abcdefabcdef`);
    const recent = path.join(sub, `.other.tmp-456-abcdefabcdef`);
    writeFileSync(stale, 'partial');
    writeFileSync(recent, 'partial');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(stale, old, old);
    expect(await removeStaleTemps(sub, 60_000)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    // A store sweeps a folder the first time it writes there.
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'keep-me'), 'not ours');
    const staleHere = path.join(dir, `.zz.tmp-1-abcdefabcdef`);
    writeFileSync(staleHere, 'p');
    utimesSync(staleHere, old, old);
    await new ContentStore(store.root, { staleTempAgeMs: 60_000 }).putBytes(data);
    expect(existsSync(staleHere)).toBe(false);
    expect(existsSync(path.join(dir, 'keep-me'))).toBe(true);
  });
});

describe('downloadFile', () => {
  let server: FaultServer;
  const clients: HttpClient[] = [];
  beforeAll(async () => {
    server = await FaultServer.start();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });
  const client = (cacheDir: string, extra: Record<string, unknown> = {}) => {
    const c = new HttpClient({ cacheDir, env: {}, netrc: false, retries: 2, retryBaseDelayMs: 1, bodyTimeoutMs: 2_000, headersTimeoutMs: 2_000, ...extra });
    clients.push(c);
    return c;
  };

  it('downloads into the store once; a known sha256 is served without a request', async () => {
    const body = generatedBytes(0, 300_000);
    const sha256 = sha256Hex(body);
    server.route('/f/demo-1.0-py3-none-any.whl', { body });
    const dir = fresh();
    const first = await client(dir).downloadFile(server.url('/f/demo-1.0-py3-none-any.whl'), { sha256, size: body.length });
    expect(first.fromCache).toBe(false);
    expect(readFileSync(first.path).equals(body)).toBe(true);
    const second = await client(dir).downloadFile(server.url('/f/demo-1.0-py3-none-any.whl'), { sha256 });
    expect(second.fromCache).toBe(true);
    expect(second.path).toBe(first.path);
    expect(server.requestsTo('/f/demo-1.0-py3-none-any.whl')).toHaveLength(1);
  });

  it('retries a download cut short and stores only the complete file', async () => {
    const body = generatedBytes(1, 500_000);
    server.route('/f/cut.whl', [{ body, resetAfter: 200_000 }, { body, closeAfter: 100_000 }, { body }]);
    const dir = fresh();
    const got = await client(dir).downloadFile(server.url('/f/cut.whl'), { sha256: sha256Hex(body) });
    expect(readFileSync(got.path).equals(body)).toBe(true);
    expect(server.requestsTo('/f/cut.whl')).toHaveLength(3);
    expect(allFiles(dir).filter((f) => isTempName(path.basename(f)))).toEqual([]);
  });

  it('fails with a NetworkError and stores nothing when every attempt is cut short', async () => {
    const body = generatedBytes(2, 200_000);
    server.route('/f/never.whl', { body, closeAfter: 1_000 });
    const dir = fresh();
    await expect(client(dir).downloadFile(server.url('/f/never.whl'), { sha256: sha256Hex(body) })).rejects.toBeInstanceOf(NetworkError);
    expect(allFiles(path.join(dir, 'v1', 'files'))).toEqual([]);
  });

  it('refuses a file whose sha256 differs, storing nothing', async () => {
    server.route('/f/evil.whl', { body: 'not what the index promised' });
    const dir = fresh();
    const err = await client(dir).downloadFile(server.url('/f/evil.whl'), { sha256: sha256Hex('the real wheel') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HashMismatchError);
    expect((err as Error).message).toContain(server.url('/f/evil.whl'));
    expect(allFiles(path.join(dir, 'v1', 'files'))).toEqual([]);
  });

  it('re-downloads a corrupted cached file instead of serving it', async () => {
    const body = generatedBytes(3, 50_000);
    const sha256 = sha256Hex(body);
    server.route('/f/corrupt.whl', { body });
    const dir = fresh();
    const first = await client(dir).downloadFile(server.url('/f/corrupt.whl'), { sha256 });
    writeFileSync(first.path, 'garbage');
    const again = await client(dir).downloadFile(server.url('/f/corrupt.whl'), { sha256 });
    expect(again.fromCache).toBe(false);
    expect(readFileSync(again.path).equals(body)).toBe(true);
  });

  it('downloads into a temporary store with noCache, removed by close()', async () => {
    server.route('/f/tmp.whl', { body: 'temporary' });
    const c = new HttpClient({ noCache: true, env: {}, netrc: false });
    const got = await c.downloadFile(server.url('/f/tmp.whl'));
    expect(readFileSync(got.path, 'utf8')).toBe('temporary');
    await c.close();
    expect(existsSync(got.path)).toBe(false);
  });
});

function runWriter(args: string[]): { done: Promise<string>; child: ReturnType<typeof spawn>; firstLine: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let resolveFirst: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((r) => (resolveFirst = r));
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('\n')) resolveFirst(out.split('\n')[0]!);
  });
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`writer exited ${code}: ${err}`));
    });
  });
  return { done, child, firstLine };
}

describe('several processes', () => {
  it('two processes writing the same and different entries at once leave every entry whole', async () => {
    const dir = fresh();
    const shared = Array.from({ length: 8 }, (_, i) => `${100 + i}:${300_000 + i * 1000}`);
    const own = (k: number) => Array.from({ length: 4 }, (_, i) => `${k * 1000 + i}:${200_000}`);
    const page = (k: number) => ['https://example.org/simple/shared/', `from-${k}`, `https://example.org/simple/own-${k}/`, `own-${k}`];
    const [a, b, pa, pb] = [
      runWriter(['put', dir, ...shared, ...own(1)]),
      runWriter(['put', dir, ...shared, ...own(2)]),
      runWriter(['page', dir, ...page(1)]),
      runWriter(['page', dir, ...page(2)]),
    ];
    const digests = [...(JSON.parse(await a.done) as string[]), ...(JSON.parse(await b.done) as string[])];
    await pa.done;
    await pb.done;
    const cache = await Cache.open(dir);
    for (const spec of [...shared, ...own(1), ...own(2)]) {
      const [seed, size] = spec.split(':').map(Number);
      const data = content(seed!, size!);
      const sha = createHash('sha256').update(data).digest('hex');
      expect(digests).toContain(sha);
      const got = await cache.content.readBytes(sha);
      expect(got?.equals(data)).toBe(true);
    }
    const sharedPage = await cache.pages.get('https://example.org/simple/shared/', '*/*');
    expect(['from-1'.repeat(10_000), 'from-2'.repeat(10_000)]).toContain(sharedPage?.body.toString());
    expect((await cache.pages.get('https://example.org/simple/own-1/', '*/*'))?.body.toString()).toBe('own-1'.repeat(10_000));
    expect((await cache.pages.get('https://example.org/simple/own-2/', '*/*'))?.body.toString()).toBe('own-2'.repeat(10_000));
    expect(allFiles(dir).filter((f) => isTempName(path.basename(f)))).toEqual([]);
  });

  it('a process killed with SIGKILL mid-write never leaves a partial entry (several runs)', async () => {
    const dir = fresh();
    const size = 32 * 1024 * 1024;
    const data = content(42, size);
    const sha = createHash('sha256').update(data).digest('hex');
    const cache = await Cache.open(dir);
    const target = cache.content.pathFor(sha);
    for (let run = 0; run < 4; run++) {
      const w = runWriter(['slow', dir, '42', String(size)]);
      const line = await w.firstLine;
      expect(line).toBe(`writing ${sha}`);
      // Let it write a little more, a different amount each run, then kill it.
      await new Promise((r) => setTimeout(r, run * 15));
      expect(w.child.kill('SIGKILL')).toBe(true);
      const out = await w.done;
      expect(out).not.toContain('done');
      expect(existsSync(target)).toBe(false);
      expect(await cache.content.open(sha)).toBeUndefined();
      const temps = readdirSync(path.dirname(target)).filter(isTempName);
      expect(temps.length).toBe(run + 1);
    }
    // The leftovers are cleaned once stale; a complete write then works.
    expect(await cache.clean(0)).toBe(4);
    await cache.content.putBytes(data, { sha256: sha });
    expect((await cache.content.open(sha))?.size).toBe(size);
  });
});

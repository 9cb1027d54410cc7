/**
 * One file into the wheelhouse (src/download/fetch-file.ts), against a fault-injecting
 * server: present files are kept, cached ones linked in without a request, a partial file
 * continued with Range (or restarted when the server ignores ranges), wrong bytes never
 * kept, a wrong file in DIR replaced; and HttpClient.stream's `startAt`.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchIntoWheelhouse, type FetchContext } from '../../src/download/fetch-file.js';
import { tempPathFor } from '../../src/download/temp-files.js';

/** Above Linux's largest pid_max (2^22): no process has it, so its temporary files are abandoned. */
const DEAD_PID = 4_194_305;
import { HashMismatchError } from '../../src/errors.js';
import { ContentStore } from '../../src/index/cache/content-store.js';
import { HttpClient } from '../../src/index/http/client.js';
import type { LockedFile } from '../../src/lockfile/model.js';
import { FaultServer, generatedBytes } from '../helpers/fault-server.js';

const BODY = generatedBytes(0, 300_000);
const SHA = createHash('sha256').update(BODY).digest('hex');
const NAME = 'pkg-1.0-py3-none-any.whl';

let server: FaultServer;
let http: HttpClient;
let root: string;

beforeAll(async () => {
  server = await FaultServer.start();
  http = new HttpClient({ noCache: true, retries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 5, env: {}, netrc: false });
  root = await mkdtemp(path.join(tmpdir(), 'wh-fetch-'));
});
afterAll(async () => {
  await http.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

let dir: string;
beforeEach(async () => {
  server.resetRecords();
  dir = await mkdtemp(path.join(root, 'dir-'));
});

function locked(p = `/files/${NAME}`, sha256 = SHA): LockedFile {
  return { filename: NAME, kind: 'wheel', url: server.url(p), hashes: { sha256 }, size: BODY.length };
}

function ctx(extra: Partial<FetchContext> = {}): FetchContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { dir, http, store: undefined, warn: (m) => warnings.push(m), warnings, ...extra };
}

describe('fetchIntoWheelhouse', () => {
  it('downloads, verifies and renames into place; a second call finds it present', async () => {
    server.route(`/files/${NAME}`, { body: BODY, etag: '"v1"' });
    const events: string[] = [];
    const r = await fetchIntoWheelhouse(ctx({ onProgress: (e) => events.push(e.kind) }), locked());
    expect(r).toEqual({ status: 'downloaded', size: BODY.length, bytesDownloaded: BODY.length });
    expect((await readFile(path.join(dir, NAME))).equals(BODY)).toBe(true);
    expect(events[0]).toBe('start');
    expect(events.at(-1)).toBe('done');
    expect(await readdir(dir)).toEqual([NAME]);
    const again = await fetchIntoWheelhouse(ctx(), locked());
    expect(again.status).toBe('present');
    expect(server.requestsTo(`/files/${NAME}`)).toHaveLength(1);
  });

  it('wrong bytes are refused with both hashes and the URL, and nothing is left', async () => {
    server.route('/files/bad.whl', { body: Buffer.concat([BODY.subarray(0, -1), Buffer.from([1])]) });
    const err = await fetchIntoWheelhouse(ctx(), locked('/files/bad.whl')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HashMismatchError);
    const e = err as HashMismatchError;
    expect(e.message).toContain(NAME);
    expect(e.message).toContain(server.url('/files/bad.whl'));
    expect(e.expected).toContain(`sha256:${SHA}`);
    expect(e.text).toMatch(/^sha256:[0-9a-f]{64}/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('continues a partial file left by a killed run with a Range request', async () => {
    server.route(`/files/${NAME}`, { body: BODY, etag: '"v1"' });
    await writeFile(tempPathFor(dir, SHA, DEAD_PID), BODY.subarray(0, 100_000));
    const starts: unknown[] = [];
    const r = await fetchIntoWheelhouse(ctx({ onProgress: (e) => e.kind === 'start' && starts.push(e) }), locked());
    expect(starts).toEqual([{ kind: 'start', filename: NAME, size: BODY.length, offset: 100_000 }]);
    expect(r).toEqual({ status: 'resumed', size: BODY.length, bytesDownloaded: BODY.length - 100_000 });
    expect(server.requestsTo(`/files/${NAME}`).map((q) => q.range)).toEqual(['bytes=100000-']);
    expect((await readFile(path.join(dir, NAME))).equals(BODY)).toBe(true);
    expect(await readdir(dir)).toEqual([NAME]);
  });

  it('starts over when the server ignores the Range, or when the partial file was not a prefix', async () => {
    server.route('/files/noranges.whl', { body: BODY, ranges: 'ignore' });
    await writeFile(tempPathFor(dir, SHA, DEAD_PID), BODY.subarray(0, 50_000));
    const r = await fetchIntoWheelhouse(ctx(), locked('/files/noranges.whl'));
    expect(r.status).toBe('downloaded');
    expect((await readFile(path.join(dir, NAME))).equals(BODY)).toBe(true);

    const dir2 = await mkdtemp(path.join(root, 'dir-'));
    server.route(`/files/${NAME}`, { body: BODY, etag: '"v1"' });
    await writeFile(tempPathFor(dir2, SHA, DEAD_PID), Buffer.alloc(50_000, 9));
    const c = ctx({ dir: dir2 });
    const r2 = await fetchIntoWheelhouse(c, locked());
    expect(r2.status).toBe('downloaded');
    expect(c.warnings.join('\n')).toMatch(/partial download did not match/);
    expect((await readFile(path.join(dir2, NAME))).equals(BODY)).toBe(true);
    expect(await readdir(dir2)).toEqual([NAME]);
  });

  it('a file in DIR with other bytes is replaced, with a warning', async () => {
    server.route(`/files/${NAME}`, { body: BODY, etag: '"v1"' });
    await writeFile(path.join(dir, NAME), 'not the wheel');
    const c = ctx();
    const r = await fetchIntoWheelhouse(c, locked());
    expect(r.status).toBe('downloaded');
    expect(c.warnings.join('\n')).toContain('does not match the lock');
    expect((await readFile(path.join(dir, NAME))).equals(BODY)).toBe(true);
  });

  it('shares the content store: a download is stored, and a stored file needs no request', async () => {
    server.route(`/files/${NAME}`, { body: BODY, etag: '"v1"' });
    const store = new ContentStore(path.join(root, 'store'));
    expect((await fetchIntoWheelhouse(ctx({ store }), locked())).status).toBe('downloaded');
    expect((await store.open(SHA))?.size).toBe(BODY.length);
    const dir2 = await mkdtemp(path.join(root, 'dir-'));
    const r = await fetchIntoWheelhouse(ctx({ store, dir: dir2 }), locked());
    expect(r).toEqual({ status: 'cached', size: BODY.length, bytesDownloaded: 0 });
    expect(server.requestsTo(`/files/${NAME}`)).toHaveLength(1);
    expect((await readFile(path.join(dir2, NAME))).equals(BODY)).toBe(true);
  });

  it('downloads a file whose cache entry vanished between open and copy (another process dropped it)', async () => {
    server.route(`/files/${NAME}`, { body: BODY });
    const store = new ContentStore(path.join(root, 'store-vanishing'));
    expect((await fetchIntoWheelhouse(ctx({ store }), locked())).status).toBe('downloaded');
    const open = store.open.bind(store);
    store.open = async (sha: string) => {
      const entry = await open(sha);
      if (entry) await rm(entry.path);
      return entry;
    };
    const dir2 = await mkdtemp(path.join(root, 'dir-'));
    const r = await fetchIntoWheelhouse(ctx({ store, dir: dir2 }), locked());
    expect(r.status).toBe('downloaded');
    expect((await readFile(path.join(dir2, NAME))).equals(BODY)).toBe(true);
    expect(await readdir(dir2)).toEqual([NAME]);
  });

  it('refuses a file name that could leave DIR', async () => {
    await expect(fetchIntoWheelhouse(ctx(), { ...locked(), filename: '../evil-1.0-py3-none-any.whl' })).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('HttpClient.stream with startAt', () => {
  it('a 206 continues at the offset; the consumer sees the status', async () => {
    server.route('/files/part.whl', { body: BODY });
    const got = await http.stream(server.url('/files/part.whl'), { startAt: 1000, expectedSize: BODY.length }, async (body, res) => {
      const parts: Buffer[] = [];
      for await (const c of body) parts.push(c);
      return { status: res.status, bytes: Buffer.concat(parts) };
    });
    expect(got.status).toBe(206);
    expect(got.bytes.equals(BODY.subarray(1000))).toBe(true);
  });

  it('a server that ignores Range answers 200 with the whole file', async () => {
    server.route('/files/whole.whl', { body: BODY, ranges: 'ignore' });
    const got = await http.stream(server.url('/files/whole.whl'), { startAt: 1000, expectedSize: BODY.length }, async (body, res) => {
      let n = 0;
      for await (const c of body) n += c.length;
      return { status: res.status, n };
    });
    expect(got).toEqual({ status: 200, n: BODY.length });
  });
});

/**
 * Pages through the cache: stored with their validators, fresh within max-age (no request),
 * revalidated with If-None-Match / If-Modified-Since (304 refreshes the entry), never
 * stored with no-store, always revalidated with no-cache or --refresh, keyed by URL and
 * Accept, and a damaged entry is discarded and fetched again, never served.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cache, freshnessLifetimeMs, isStorable, parseCacheControl } from '../../../src/index/cache/index.js';
import { HttpClient, type HttpClientOptions } from '../../../src/index/http/index.js';
import { FaultServer } from '../../helpers/fault-server.js';

let server: FaultServer;
let root: string;
const clients: HttpClient[] = [];

function client(cacheDir: string, options: HttpClientOptions = {}): HttpClient {
  const c = new HttpClient({ cacheDir, env: {}, netrc: false, retries: 1, retryBaseDelayMs: 1, ...options });
  clients.push(c);
  return c;
}

let n = 0;
function freshDir(): string {
  return path.join(root, `cache-${n++}`);
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

beforeAll(async () => {
  server = await FaultServer.start();
  root = mkdtempSync(path.join(os.tmpdir(), 'wh-pages-'));
});
afterEach(() => server.resetRecords());
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('Cache-Control', () => {
  it('parses the directives a client cache needs', () => {
    expect(parseCacheControl('max-age=600, public')).toEqual({ noStore: false, noCache: false, maxAge: 600 });
    expect(parseCacheControl('no-cache, max-age="5"')).toEqual({ noStore: false, noCache: true, maxAge: 5 });
    expect(parseCacheControl('No-Store')).toMatchObject({ noStore: true });
  });

  it('computes lifetimes from max-age, Expires and Age', () => {
    expect(freshnessLifetimeMs({ 'cache-control': 'max-age=600' })).toBe(600_000);
    expect(freshnessLifetimeMs({ 'cache-control': 'max-age=600', age: '100' })).toBe(500_000);
    expect(freshnessLifetimeMs({ expires: 'Thu, 01 Jan 2026 00:10:00 GMT', date: 'Thu, 01 Jan 2026 00:00:00 GMT' })).toBe(600_000);
    expect(freshnessLifetimeMs({ expires: '0', date: 'Thu, 01 Jan 2026 00:00:00 GMT' })).toBe(0);
    expect(freshnessLifetimeMs({ 'cache-control': 'no-cache, max-age=600' })).toBe(0);
    expect(isStorable({ etag: '"x"' })).toBe(true);
    expect(isStorable({})).toBe(false);
    expect(isStorable({ 'cache-control': 'no-store', etag: '"x"' })).toBe(false);
    expect(isStorable({ 'cache-control': 'max-age=60', vary: '*' })).toBe(false);
  });
});

describe('fetchPage', () => {
  it('serves a page within max-age from the cache without a request', async () => {
    server.route('/simple/a/', { body: 'page a', cacheControl: 'max-age=600', contentType: 'text/html' });
    const http = client(freshDir());
    const first = await http.fetchPage(server.url('/simple/a/'), { accept: 'text/html' });
    expect(first.cache).toBe('stored');
    const second = await http.fetchPage(server.url('/simple/a/'), { accept: 'text/html' });
    expect(second.cache).toBe('fresh');
    expect(second.body.toString()).toBe('page a');
    expect(second.headers['content-type']).toBe('text/html');
    expect(second.attempts).toBe(0);
    expect(server.requestsTo('/simple/a/')).toHaveLength(1);
  });

  it('shares the cache between clients (processes) using the same folder', async () => {
    server.route('/simple/shared/', { body: 'shared', cacheControl: 'max-age=600' });
    const dir = freshDir();
    await client(dir).fetchPage(server.url('/simple/shared/'));
    const again = await client(dir).fetchPage(server.url('/simple/shared/'));
    expect(again.cache).toBe('fresh');
    expect(server.requestsTo('/simple/shared/')).toHaveLength(1);
  });

  it('deferStore: stores in the background; the client reads its own write, and close() waits for it', async () => {
    server.route('/simple/deferred/', { body: 'deferred', cacheControl: 'max-age=600' });
    const dir = freshDir();
    const first = client(dir);
    const page = await first.fetchPage(server.url('/simple/deferred/'), { deferStore: true });
    expect(page.cache).toBe('stored');
    expect((await first.fetchPage(server.url('/simple/deferred/'))).cache).toBe('fresh');
    await first.close();
    expect((await client(dir).fetchPage(server.url('/simple/deferred/'))).cache).toBe('fresh');
    expect(server.requestsTo('/simple/deferred/')).toHaveLength(1);
  });

  it('revalidates with If-None-Match and uses the stored body on 304', async () => {
    server.route('/simple/b/', { body: 'page b', etag: '"b1"', cacheControl: 'max-age=0' });
    const http = client(freshDir());
    await http.fetchPage(server.url('/simple/b/'));
    const again = await http.fetchPage(server.url('/simple/b/'));
    expect(again.cache).toBe('revalidated');
    expect(again.body.toString()).toBe('page b');
    expect(again.status).toBe(200);
    const reqs = server.requestsTo('/simple/b/');
    expect(reqs).toHaveLength(2);
    expect(reqs[1]?.headers['if-none-match']).toBe('"b1"');
  });

  it('revalidates with If-Modified-Since when there is no ETag', async () => {
    const lastModified = new Date('2024-05-06T07:08:09Z').toUTCString();
    server.route('/simple/c/', { body: 'page c', lastModified });
    const http = client(freshDir());
    await http.fetchPage(server.url('/simple/c/'));
    const again = await http.fetchPage(server.url('/simple/c/'));
    expect(again.cache).toBe('revalidated');
    expect(server.requestsTo('/simple/c/')[1]?.headers['if-modified-since']).toBe(lastModified);
  });

  it('replaces the entry when the page changed', async () => {
    const dir = freshDir();
    server.route('/simple/d/', { body: 'old', etag: '"1"' });
    await client(dir).fetchPage(server.url('/simple/d/'));
    server.route('/simple/d/', { body: 'new', etag: '"2"' });
    const changed = await client(dir).fetchPage(server.url('/simple/d/'));
    expect(changed.cache).toBe('stored');
    expect(changed.body.toString()).toBe('new');
    const again = await client(dir).fetchPage(server.url('/simple/d/'));
    expect(again.cache).toBe('revalidated');
    expect(again.body.toString()).toBe('new');
  });

  it('a 304 refreshes the entry: fresh again for the new max-age', async () => {
    const dir = freshDir();
    server.route('/simple/e/', [{ body: 'e', etag: '"e"', cacheControl: 'max-age=0' }, { body: 'e', etag: '"e"', cacheControl: 'max-age=600' }]);
    await client(dir).fetchPage(server.url('/simple/e/'));
    expect((await client(dir).fetchPage(server.url('/simple/e/'))).cache).toBe('revalidated');
    expect((await client(dir).fetchPage(server.url('/simple/e/'))).cache).toBe('fresh');
    expect(server.requestsTo('/simple/e/')).toHaveLength(2);
  });

  it('always revalidates with no-cache or refresh, and never stores no-store', async () => {
    const dir = freshDir();
    server.route('/simple/nc/', { body: 'nc', etag: '"nc"', cacheControl: 'no-cache' });
    server.route('/simple/ns/', { body: 'ns', etag: '"ns"', cacheControl: 'no-store' });
    server.route('/simple/fresh/', { body: 'f', etag: '"f"', cacheControl: 'max-age=600' });
    const http = client(dir);
    await http.fetchPage(server.url('/simple/nc/'));
    expect((await http.fetchPage(server.url('/simple/nc/'))).cache).toBe('revalidated');
    expect((await http.fetchPage(server.url('/simple/ns/'))).cache).toBe('none');
    expect((await http.fetchPage(server.url('/simple/ns/'))).cache).toBe('none');
    expect(server.requestsTo('/simple/ns/')[1]?.headers['if-none-match']).toBeUndefined();
    await http.fetchPage(server.url('/simple/fresh/'));
    expect((await http.fetchPage(server.url('/simple/fresh/'), { refresh: true })).cache).toBe('revalidated');
    expect((await client(dir, { refresh: true }).fetchPage(server.url('/simple/fresh/'))).cache).toBe('revalidated');
    expect(server.requestsTo('/simple/fresh/')).toHaveLength(3);
  });

  it('keys entries by Accept, and stores no credentials', async () => {
    const dir = freshDir();
    server.route('/simple/f/', ({ request }) => ({ body: request.headers['accept'] ?? 'none', cacheControl: 'max-age=600' }));
    const http = client(dir);
    const secret = 'sekrit-pw';
    const url = server.url('/simple/f/').replace('http://', `http://user:${secret}@`);
    const html = await http.fetchPage(url, { accept: 'text/html' });
    const json = await http.fetchPage(url, { accept: 'application/vnd.pypi.simple.v1+json' });
    expect(html.body.toString()).toBe('text/html');
    expect(json.body.toString()).toBe('application/vnd.pypi.simple.v1+json');
    expect((await http.fetchPage(url, { accept: 'text/html' })).body.toString()).toBe('text/html');
    expect(server.requestsTo('/simple/f/')).toHaveLength(2);
    for (const f of files(dir)) expect(readFileSync(f).includes(secret)).toBe(false);
  });

  it('stores the decoded body of a compressed page', async () => {
    const dir = freshDir();
    server.route('/simple/gz/', { body: 'compressed page', contentEncoding: 'gzip', cacheControl: 'max-age=600' });
    await client(dir).fetchPage(server.url('/simple/gz/'));
    const again = await client(dir).fetchPage(server.url('/simple/gz/'));
    expect(again.cache).toBe('fresh');
    expect(again.body.toString()).toBe('compressed page');
    expect(again.headers['content-encoding']).toBeUndefined();
  });

  it('discards a damaged entry and fetches the page again', async () => {
    const dir = freshDir();
    server.route('/simple/g/', { body: 'the real page', cacheControl: 'max-age=600' });
    await client(dir).fetchPage(server.url('/simple/g/'));
    const cache = await Cache.open(dir);
    const file = cache.pages.pathFor(server.url('/simple/g/'), '*/*');
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] = 'X'.charCodeAt(0);
    writeFileSync(file, bytes);
    const logs: string[] = [];
    const again = await client(dir, { log: (l) => logs.push(l) }).fetchPage(server.url('/simple/g/'));
    expect(again.body.toString()).toBe('the real page');
    expect(again.cache).toBe('stored');
    expect(server.requestsTo('/simple/g/')).toHaveLength(2);
    expect(logs.some((l) => l.includes('discarding'))).toBe(true);
    // Truncated to nothing, or garbage: the same.
    writeFileSync(file, '');
    expect((await client(dir).fetchPage(server.url('/simple/g/'))).body.toString()).toBe('the real page');
    writeFileSync(file, 'wheelhouse-page 1\n{not json\nxx');
    expect((await client(dir).fetchPage(server.url('/simple/g/'))).body.toString()).toBe('the real page');
  });

  it('never stores a truncated page', async () => {
    const dir = freshDir();
    server.route('/simple/t/', { body: 'x'.repeat(5000), cacheControl: 'max-age=600', closeAfter: 100 });
    await expect(client(dir).fetchPage(server.url('/simple/t/'))).rejects.toThrow();
    const cache = await Cache.open(dir);
    expect(await cache.pages.get(server.url('/simple/t/'), '*/*')).toBeUndefined();
  });

  it('makes no cache folder with noCache', async () => {
    const dir = freshDir();
    server.route('/simple/h/', { body: 'h', cacheControl: 'max-age=600' });
    const http = client(dir, { noCache: true });
    expect((await http.fetchPage(server.url('/simple/h/'))).cache).toBe('none');
    expect((await http.fetchPage(server.url('/simple/h/'))).cache).toBe('none');
    expect(() => statSync(dir)).toThrow();
  });

  it('reports an unusable cache folder as a CacheError', async () => {
    const file = path.join(root, 'a-file');
    writeFileSync(file, 'x');
    await expect(Cache.open(path.join(file, 'cache'))).rejects.toMatchObject({ code: 'E_CACHE' });
  });
});

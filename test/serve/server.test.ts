/**
 * `startServer` as a client sees it over raw HTTP (node:http, so that the paths sent are
 * exactly the bytes written): content negotiation, pages, PEP 658 files, ranges,
 * conditional requests, HEAD, refused paths, re-scans, yanked sidecars and shutdown.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProjectPageHtml, parseProjectPageJson, SIMPLE_API_ACCEPT } from '../../src/index/pages/index.js';
import { readWheelFile } from '../../src/metadata/wheel-reader.js';
import { negotiateFormat, parseRangeHeader, startServer, type RunningServer } from '../../src/serve/index.js';
import { writePackage } from '../../fixtures/generator/index.js';
import { writeWheelhouse, type Listed } from '../index/client/fixtures.js';

let dir: string;
let files: Listed[];
let server: RunningServer;
let port: number;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request with the path sent verbatim. */
function request(pathText: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathText, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw request line, for paths node:http would refuse to send. */
function rawRequest(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(`${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

const wheelName = 'alpha-1.0-py3-none-any.whl';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wh-serve-'));
  files = await writeWheelhouse(dir, [
    { name: 'alpha', version: '1.0', requiresPython: '>=3.8', requiresDist: ['beta'], sdist: 'in-tree', payloadBytes: 100_000 },
    { name: 'alpha', version: '0.9' },
    { name: 'Beta.Thing', version: '2.0' },
    { name: 'legacy', version: '0.1', wheel: false, sdist: 'setup-py', dynamic: ['Requires-Dist'], requiresPython: '>=3.7' },
  ]);
  await writeFile(path.join(dir, 'alpha-0.9-py3-none-any.whl.yanked'), 'broken build\n');
  await writeFile(path.join(dir, 'notes.txt'), 'not a distribution');
  server = await startServer({ dir, port: 0, rescanIntervalMs: 0 });
  port = server.port;
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pages', () => {
  it('prints its URL and lists the projects by their names (HTML by default, JSON when asked)', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/simple/`);
    const html = await request('/simple/');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body.toString()).toContain('<a href="beta-thing/">Beta.Thing</a>');
    const json = await request('/simple/', { accept: SIMPLE_API_ACCEPT });
    expect(json.headers['content-type']).toBe('application/vnd.pypi.simple.v1+json');
    expect(JSON.parse(json.body.toString()).projects).toEqual([{ name: 'alpha' }, { name: 'Beta.Thing' }, { name: 'legacy' }]);
    expect(json.headers['vary']).toBe('Accept');
  });

  it('serves a project page with hashes, Requires-Python from the metadata, yanked files and PEP 658 hashes', async () => {
    const res = await request('/simple/alpha/');
    const page = parseProjectPageHtml(res.body, { url: `http://127.0.0.1:${port}/simple/alpha/`, project: 'alpha' }).page;
    const byName = new Map(page.files.map((f) => [f.filename, f]));
    expect([...byName.keys()]).toEqual(['alpha-0.9-py3-none-any.whl', 'alpha-1.0-py3-none-any.whl', 'alpha-1.0.tar.gz']);
    const w = byName.get(wheelName)!;
    expect(w.url).toBe(`http://127.0.0.1:${port}/files/${wheelName}`);
    expect(w.hashes).toEqual({ sha256: files.find((f) => f.filename === wheelName)!.sha256 });
    expect(w.requiresPython).toBe('>=3.8');
    const metadata = (await readWheelFile(path.join(dir, wheelName), { verifyRecord: false })).metadataBytes;
    expect(w.coreMetadata).toEqual({ sha256: createHash('sha256').update(metadata).digest('hex') });
    expect(byName.get('alpha-0.9-py3-none-any.whl')!.yanked).toBe('broken build');
    expect(byName.get('alpha-1.0.tar.gz')!.coreMetadata).not.toBe(false);
  });

  it('JSON pages are API 1.1 with versions and sizes', async () => {
    const res = await request('/simple/alpha/', { accept: 'application/vnd.pypi.simple.v1+json' });
    const parsed = parseProjectPageJson(res.body, { url: `http://127.0.0.1:${port}/simple/alpha/`, project: 'alpha' });
    expect(parsed.apiVersion).toBe('1.1');
    expect(parsed.page.versions).toEqual(['0.9', '1.0']);
    expect(parsed.page.files.map((f) => f.size)).toEqual(['alpha-0.9-py3-none-any.whl', wheelName, 'alpha-1.0.tar.gz'].map((n) => files.find((f) => f.filename === n)!.size));
  });

  it('offers no .metadata for an sdist whose dependencies need a build, but keeps its static Requires-Python', async () => {
    const page = parseProjectPageHtml((await request('/simple/legacy/')).body, { url: `http://127.0.0.1:${port}/simple/legacy/`, project: 'legacy' }).page;
    expect(page.files).toHaveLength(1);
    expect(page.files[0]!.coreMetadata).toBe(false);
    expect(page.files[0]!.requiresPython).toBe('>=3.7');
    expect((await request('/files/legacy-0.1.tar.gz.metadata')).status).toBe(404);
  });

  it('redirects unnormalized names and missing slashes, 404s unknown projects', async () => {
    const r = await request('/simple/Beta_Thing/');
    expect(r.status).toBe(301);
    expect(r.headers['location']).toBe('/simple/beta-thing/');
    expect((await request('/simple/alpha')).headers['location']).toBe('/simple/alpha/');
    expect((await request('/')).headers['location']).toBe('/simple/');
    expect((await request('/simple/nothing/')).status).toBe(404);
  });

  it('answers 304 to a matching If-None-Match, and HEAD without a body', async () => {
    const first = await request('/simple/alpha/');
    const again = await request('/simple/alpha/', { 'if-none-match': first.headers['etag']! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await request('/simple/alpha/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(first.body.length);
    expect((await request('/simple/alpha/', {}, 'POST')).status).toBe(405);
  });
});

describe('files', () => {
  const bytes = () => readFileSync(path.join(dir, wheelName));

  it('serves the file with ETag, Last-Modified and Accept-Ranges', async () => {
    const r = await request(`/files/${wheelName}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(bytes())).toBe(true);
    expect(r.headers['etag']).toBe(`"${createHash('sha256').update(bytes()).digest('hex')}"`);
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect((await request(`/files/${wheelName}`, { 'if-none-match': r.headers['etag']! })).status).toBe(304);
    expect((await request(`/files/${wheelName}`, { 'if-modified-since': r.headers['last-modified']! })).status).toBe(304);
  });

  it('answers ranges with 206 and the right bytes, 416 when unsatisfiable', async () => {
    const all = bytes();
    const mid = await request(`/files/${wheelName}`, { range: 'bytes=100-199' });
    expect(mid.status).toBe(206);
    expect(mid.headers['content-range']).toBe(`bytes 100-199/${all.length}`);
    expect(mid.body.equals(all.subarray(100, 200))).toBe(true);
    const tail = await request(`/files/${wheelName}`, { range: 'bytes=-22' });
    expect(tail.body.equals(all.subarray(all.length - 22))).toBe(true);
    const open = await request(`/files/${wheelName}`, { range: `bytes=${all.length - 5}-` });
    expect(open.body.equals(all.subarray(all.length - 5))).toBe(true);
    const bad = await request(`/files/${wheelName}`, { range: `bytes=${all.length}-` });
    expect(bad.status).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${all.length}`);
    // If-Range with a stale validator: the whole file.
    const stale = await request(`/files/${wheelName}`, { range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(all.length);
  });

  it('serves the PEP 658 metadata file, equal to the wheel\'s METADATA', async () => {
    const r = await request(`/files/${wheelName}.metadata`);
    expect(r.status).toBe(200);
    expect(r.body.equals((await readWheelFile(path.join(dir, wheelName), { verifyRecord: false })).metadataBytes)).toBe(true);
  });

  it('refuses paths that try to leave the folder, and serves only listed files', async () => {
    for (const p of ['/files/../notes.txt', '/files/%2e%2e/notes.txt', '/files/..%2Fnotes.txt', '/files/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/files/a%00.whl', '/files/..\\notes.txt']) {
      const answer = await rawRequest(`GET ${p} HTTP/1.1`);
      expect(answer.slice(0, 12), p).toMatch(/^HTTP\/1\.1 40[04]/);
      expect(answer).not.toContain('not a distribution');
    }
    expect((await request('/files/notes.txt')).status).toBe(404);
    expect((await request('/files/%ZZ')).status).toBe(400);
  });
});

describe('changes to the folder', () => {
  it('sees a new file, a replaced file and a removed file on the next request', async () => {
    const tmp = path.join(dir, 'incoming');
    const [w] = await writePackage({ name: 'gamma', version: '1.0' }, tmp);
    await rename(w!.path, path.join(dir, w!.fileName));
    expect((await request('/simple/gamma/')).status).toBe(200);
    expect(server.snapshot().projects.has('gamma')).toBe(true);
    const [w2] = await writePackage({ name: 'gamma', version: '1.0', requiresDist: ['new-dep'] }, tmp);
    await rename(w2!.path, path.join(dir, w!.fileName));
    const meta = await request(`/files/${w!.fileName}.metadata`);
    expect(meta.body.toString()).toContain('Requires-Dist: new-dep');
    await rm(path.join(dir, w!.fileName));
    expect((await request('/simple/gamma/')).status).toBe(404);
  });
});

describe('helpers', () => {
  it('parses Range headers as RFC 9110 says', () => {
    expect(parseRangeHeader('bytes=0-9', 100)).toEqual({ start: 0, end: 10 });
    expect(parseRangeHeader('bytes=90-200', 100)).toEqual({ start: 90, end: 100 });
    expect(parseRangeHeader('bytes=-10', 100)).toEqual({ start: 90, end: 100 });
    expect(parseRangeHeader('bytes=-1000', 100)).toEqual({ start: 0, end: 100 });
    expect(parseRangeHeader('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRangeHeader('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRangeHeader('bytes=5-1', 100)).toBeUndefined();
    expect(parseRangeHeader('bytes=0-1,5-6', 100)).toBeUndefined();
    expect(parseRangeHeader('items=0-1', 100)).toBeUndefined();
  });

  it('negotiates the format PEP 691 clients ask for', () => {
    expect(negotiateFormat(undefined)).toBe('html');
    expect(negotiateFormat('*/*')).toBe('html');
    expect(negotiateFormat(SIMPLE_API_ACCEPT)).toBe('json');
    expect(negotiateFormat('application/vnd.pypi.simple.v1+html')).toBe('html-v1');
    expect(negotiateFormat('application/vnd.pypi.simple.latest+json')).toBe('json');
    expect(negotiateFormat('text/html, application/vnd.pypi.simple.v1+json;q=0.5')).toBe('html');
    expect(negotiateFormat('application/json')).toBe('html');
  });
});

describe('shutdown', () => {
  it('finishes a request in flight, then closes', async () => {
    const bigDir = path.join(dir, 'big');
    const [big] = await writePackage({ name: 'big', version: '1.0', payloadBytes: 8 * 1024 * 1024 }, bigDir);
    const own = await startServer({ dir: bigDir, port: 0 });
    let responded!: () => void;
    const headersIn = new Promise<void>((r) => (responded = r));
    let closeStarted!: () => void;
    const closing = new Promise<void>((r) => (closeStarted = r));
    const body = new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: own.port, path: `/files/${big!.fileName}`, agent: false }, (res) => {
        res.pause();
        responded();
        // Read only once close() has begun: the server is still writing 8 MiB.
        void closing.then(() => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => resolve(n));
          res.resume();
        });
      });
      req.on('error', reject);
    });
    await headersIn;
    const closed = own.close();
    closeStarted();
    expect(await body).toBe(big!.size);
    await closed;
    await expect(fetch(own.url)).rejects.toThrow();
  });
});

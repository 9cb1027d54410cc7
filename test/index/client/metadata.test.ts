/**
 * getMetadata, cheapest first, counted: PEP 658 when offered (and its hash checked), range
 * reads when not (a fraction of the wheel), the whole file when the server has no ranges,
 * and a warm second run with the same cache folder that asks for no metadata at all and
 * only revalidates pages.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HashMismatchError, MetadataError } from '../../../src/errors.js';
import { createPackageIndex, renderProjectPageHtml, type PackageIndexClient, type PackageIndexOptions, type ProjectFile } from '../../../src/index/index.js';
import { readWheelFile } from '../../../src/metadata/wheel-reader.js';
import { startServer, type RunningServer } from '../../../src/serve/index.js';
import { FaultServer } from '../../helpers/fault-server.js';
import { hasPython } from '../../helpers/python.js';
import { PythonHttpServer } from '../../helpers/python-http-server.js';
import { sha256, writeTree, writeWheelhouse, type Listed } from './fixtures.js';

let root: string;
let dir: string;
let files: Listed[];
let fault: FaultServer;
const clients: PackageIndexClient[] = [];

function client(options: PackageIndexOptions): PackageIndexClient {
  const c = createPackageIndex({ noCache: true, retries: 1, http: { netrc: false, env: {}, retryBaseDelayMs: 1 }, ...options });
  clients.push(c);
  return c;
}

function file(name: string): Listed {
  return files.find((f) => f.filename === name)!;
}

/** A PEP 503 page on the fault server listing wheelhouse files served under /files/. */
function routePage(project: string, entries: Array<Partial<ProjectFile> & { filename: string }>): void {
  const page = renderProjectPageHtml({
    name: project,
    files: entries.map((e) => ({ url: `../../files/${e.filename}`, hashes: { sha256: file(e.filename).sha256 }, yanked: false, coreMetadata: false, ...e })),
  });
  fault.route(`/simple/${project}/`, { body: page, contentType: 'text/html' });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-metadata-'));
  dir = path.join(root, 'wheelhouse');
  files = await writeWheelhouse(dir, [
    { name: 'big', version: '1.0', payloadBytes: 3 * 1024 * 1024, requiresDist: ['small'] },
    { name: 'small', version: '1.0', requiresDist: ['tiny>=2'] },
    { name: 'other', version: '1.0' },
  ]);
  fault = await FaultServer.start();
  fault.serveDirectory('/files/', dir);
  fault.serveDirectory('/no-ranges/', dir, { ranges: 'ignore' });
});
afterEach(() => fault.resetRecords());
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fault.close();
  await rm(root, { recursive: true, force: true });
});

describe('range reads when there is no .metadata', () => {
  it('reads the central directory and METADATA only: bytes fetched < file size, no download', async () => {
    routePage('big', [{ filename: 'big-1.0-py3-none-any.whl' }]);
    const idx = client({ indexUrl: fault.url('/simple/') });
    const [f] = (await idx.getProject('big')).files;
    const meta = await idx.getMetadata(f!);
    expect(meta.requiresDist).toEqual(['small']);
    const stats = idx.stats();
    expect(stats.metadata.rangeRead).toBe(1);
    expect(stats.requests.download).toBe(0);
    expect(stats.requests.range).toBeLessThanOrEqual(2);
    expect(stats.bytes.range).toBeLessThan(file('big-1.0-py3-none-any.whl').size / 10);
    const fileRequests = fault.requestsTo('/files/big-1.0-py3-none-any.whl');
    expect(fileRequests.length).toBe(stats.requests.range);
    expect(fileRequests.every((r) => r.range !== undefined)).toBe(true);
  });

  it('falls back to the whole file on a server that ignores Range, and remembers it per server', async () => {
    const page = renderProjectPageHtml({
      name: 'mixed',
      files: ['big-1.0-py3-none-any.whl', 'small-1.0-py3-none-any.whl'].map((n) => ({ filename: n, url: `../../no-ranges/${n}`, hashes: { sha256: file(n).sha256 }, yanked: false, coreMetadata: false })),
    });
    // Two projects' files on one page is not how indexes work; two pages it is.
    fault.route('/simple/big/', { body: page.replace(/small-1\.0[^<]*<\/a><br>/, ''), contentType: 'text/html' });
    fault.route('/simple/small/', { body: renderProjectPageHtml({ name: 'small', files: [{ filename: 'small-1.0-py3-none-any.whl', url: '../../no-ranges/small-1.0-py3-none-any.whl', hashes: { sha256: file('small-1.0-py3-none-any.whl').sha256 }, yanked: false, coreMetadata: false }] }), contentType: 'text/html' });
    const idx = client({ indexUrl: fault.url('/simple/') });
    const [b] = (await idx.getProject('big')).files;
    const [s] = (await idx.getProject('small')).files;
    expect((await idx.getMetadata(b!)).name).toBe('big');
    expect((await idx.getMetadata(s!)).requiresDist).toEqual(['tiny>=2']);
    const stats = idx.stats();
    expect(stats.metadata.wholeFile).toBe(2);
    expect(stats.requests.range).toBe(1);
    expect(stats.requests.download).toBe(2);
    expect(fault.requestsTo('/no-ranges/big-1.0-py3-none-any.whl').map((r) => r.range !== undefined)).toEqual([true, false]);
    expect(fault.requestsTo('/no-ranges/small-1.0-py3-none-any.whl').map((r) => r.range !== undefined)).toEqual([false]);
  });
});

describe('PEP 658 metadata is checked against its hash', () => {
  const wheel = 'small-1.0-py3-none-any.whl';
  const metadataBytes = () => readFileSync(path.join(dir, wheel + '.metadata-source'));

  beforeAll(async () => {
    const { writeFile } = await import('node:fs/promises');
    const r = await readWheelFile(path.join(dir, wheel), { verifyRecord: false });
    await writeFile(path.join(dir, wheel + '.metadata-source'), r.metadataBytes);
  });

  it('uses a .metadata file whose hash matches, and nothing else', async () => {
    const bytes = metadataBytes();
    routePage('small', [{ filename: wheel, coreMetadata: { sha256: sha256(bytes) } }]);
    fault.route(`/files/${wheel}.metadata`, { body: bytes });
    const idx = client({ indexUrl: fault.url('/simple/') });
    const [f] = (await idx.getProject('small')).files;
    expect((await idx.getMetadata(f!)).requiresDist).toEqual(['tiny>=2']);
    expect(idx.stats().requests).toEqual({ metadataFile: 1, range: 0, download: 0 });
    expect(fault.requestsTo(`/files/${wheel}`)).toHaveLength(0);
  });

  it('refuses a lying .metadata with HashMismatchError naming its URL', async () => {
    const lie = Buffer.from(metadataBytes().toString().replace('tiny>=2', 'evil>=0'));
    routePage('small', [{ filename: wheel, coreMetadata: { sha256: sha256(metadataBytes()) } }]);
    fault.route(`/files/${wheel}.metadata`, { body: lie });
    const idx = client({ indexUrl: fault.url('/simple/') });
    const [f] = (await idx.getProject('small')).files;
    const err = await idx.getMetadata(f!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HashMismatchError);
    expect((err as HashMismatchError).location?.url).toBe(fault.url(`/files/${wheel}.metadata`));
    expect((err as HashMismatchError).text).toBe(`sha256:${sha256(lie)}`);
    // Never silently replaced by reading the wheel.
    expect(fault.requestsTo(`/files/${wheel}`)).toHaveLength(0);
  });

  it('refuses a .metadata of another project or version (MetadataError)', async () => {
    const other = Buffer.from(metadataBytes().toString().replace('Version: 1.0', 'Version: 6.6'));
    routePage('small', [{ filename: wheel, coreMetadata: true }]);
    fault.route(`/files/${wheel}.metadata`, { body: other });
    const idx = client({ indexUrl: fault.url('/simple/') });
    const [f] = (await idx.getProject('small')).files;
    await expect(idx.getMetadata(f!)).rejects.toThrow(MetadataError);
  });

  it('falls back to the wheel when an advertised .metadata is missing (404), with a warning', async () => {
    routePage('small', [{ filename: wheel, coreMetadata: true }]);
    fault.route(`/files/${wheel}.metadata`, { status: 404 });
    const idx = client({ indexUrl: fault.url('/simple/') });
    const [f] = (await idx.getProject('small')).files;
    expect((await idx.getMetadata(f!)).name).toBe('small');
    expect(idx.stats().metadata.rangeRead).toBe(1);
    expect(idx.warnings().map((w) => w.code)).toContain('metadata-fallback');
  });
});

describe('a warm second run with the same cache folder', () => {
  let serve: RunningServer;
  let requests: Array<{ url: string; headers: Readonly<Record<string, string | string[] | undefined>> }> = [];
  let py: PythonHttpServer | undefined;

  beforeAll(async () => {
    await writeTree(dir, files);
    serve = await startServer({ dir, port: 0, onRequest: (r) => requests.push(r) });
    if (hasPython()) py = await PythonHttpServer.start(dir);
  });
  afterAll(async () => {
    await serve.close();
    await py?.close();
  });

  async function run(indexUrl: string, cacheDir: string): Promise<PackageIndexClient> {
    const idx = createPackageIndex({ indexUrl, cacheDir, retries: 0, http: { netrc: false, env: {} } });
    for (const project of ['big', 'small', 'other']) for (const f of (await idx.getProject(project)).files) await idx.getMetadata(f);
    await idx.close();
    return idx;
  }

  it('wheelhouse serve: no metadata request, pages only revalidated (304)', async () => {
    const cacheDir = path.join(root, 'cache-serve');
    const cold = (await run(serve.url, cacheDir)).stats();
    expect(cold.metadata.metadataFile).toBe(3);
    requests = [];
    const warm = (await run(serve.url, cacheDir)).stats();
    expect(warm.metadata).toEqual({ cached: 3, metadataFile: 0, rangeRead: 0, wholeFile: 0, local: 0 });
    expect(warm.requests).toEqual({ metadataFile: 0, range: 0, download: 0 });
    expect(warm.pages.requests).toBe(3);
    expect(warm.pages.notModified).toBe(3);
    expect(requests.map((r) => r.url).sort()).toEqual(['/simple/big/', '/simple/other/', '/simple/small/']);
    expect(requests.every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
  });

  it.skipIf(!hasPython())('python -m http.server: no file request at all, pages revalidated by date', async () => {
    const indexUrl = py!.url('/simple/');
    const cacheDir = path.join(root, 'cache-python');
    const cold = (await run(indexUrl, cacheDir)).stats();
    expect(cold.metadata.wholeFile).toBe(3);
    await py!.settled();
    py!.reset();
    const warm = (await run(indexUrl, cacheDir)).stats();
    expect(warm.metadata.cached).toBe(3);
    expect(warm.requests).toEqual({ metadataFile: 0, range: 0, download: 0 });
    await py!.settled();
    expect(py!.requests.map((r) => `${r.path} ${r.status}`).sort()).toEqual(['/simple/big/ 304', '/simple/other/ 304', '/simple/small/ 304']);
  });

  it('shares metadata between indexes: the cache is keyed by the file\'s sha256, not its URL', async () => {
    const cacheDir = path.join(root, 'cache-shared');
    await run(serve.url, cacheDir);
    routePage('small', [{ filename: 'small-1.0-py3-none-any.whl' }]);
    const idx = createPackageIndex({ indexUrl: fault.url('/simple/'), cacheDir, retries: 0, http: { netrc: false, env: {} } });
    clients.push(idx);
    const [f] = (await idx.getProject('small')).files;
    expect((await idx.getMetadata(f!)).requiresDist).toEqual(['tiny>=2']);
    expect(idx.stats().metadata.cached).toBe(1);
    expect(fault.requestsTo('/files/small-1.0-py3-none-any.whl')).toHaveLength(0);
  });
});

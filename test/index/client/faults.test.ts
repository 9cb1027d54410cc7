/**
 * The index client against a server that misbehaves on purpose (test/helpers/fault-server):
 * each fault ends in a successful retry or a typed error naming the URL — never a hang,
 * never a wrong answer.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HashMismatchError, IndexError, NetworkError } from '../../../src/errors.js';
import {
  createPackageIndex,
  HttpStatusError,
  renderProjectPageHtml,
  renderProjectPageJson,
  SIMPLE_JSON_V1,
  type PackageIndexClient,
  type PackageIndexOptions,
  type ProjectFile,
  type RetryEvent,
} from '../../../src/index/index.js';
import { readWheelFile } from '../../../src/metadata/wheel-reader.js';
import { FaultServer } from '../../helpers/fault-server.js';
import { sha256, writeWheelhouse, type Listed } from './fixtures.js';

let root: string;
let wheel: Listed;
let wheelBytes: Buffer;
let metadataBytes: Buffer;
let server: FaultServer;
let other: FaultServer;
const clients: PackageIndexClient[] = [];

function client(options: PackageIndexOptions = {}, retries: RetryEvent[] = []): PackageIndexClient {
  const c = createPackageIndex({
    indexUrl: server.url('/simple/'),
    noCache: true,
    retries: 3,
    http: { netrc: false, env: {}, retryBaseDelayMs: 1, retryMaxDelayMs: 5, retryAfterMaxMs: 3_000, headersTimeoutMs: 1_000, bodyTimeoutMs: 1_000, onRetry: (e) => retries.push(e) },
    ...options,
  });
  clients.push(c);
  return c;
}

function entry(extra: Partial<ProjectFile> = {}): ProjectFile {
  return { filename: wheel.filename, url: `/files/${wheel.filename}`, hashes: { sha256: wheel.sha256 }, yanked: false, coreMetadata: false, ...extra };
}

const page = (files: ProjectFile[]) => renderProjectPageHtml({ name: 'demo', files });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-faults-'));
  wheel = (await writeWheelhouse(root, [{ name: 'demo', version: '1.0', requiresDist: ['dep'] }]))[0]!;
  wheelBytes = readFileSync(wheel!.path);
  metadataBytes = (await readWheelFile(wheel!.path, { verifyRecord: false })).metadataBytes;
  server = await FaultServer.start();
  other = await FaultServer.start();
});
afterEach(() => {
  server.resetRecords();
  other.resetRecords();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
  await other.close();
  await rm(root, { recursive: true, force: true });
});

describe('project pages', () => {
  it('retries a 5xx, then succeeds', async () => {
    server.route('/simple/demo/', [{ status: 503 }, { status: 502 }, { body: page([entry()]), contentType: 'text/html' }]);
    const retries: RetryEvent[] = [];
    const idx = client({}, retries);
    expect((await idx.getProject('demo')).files).toHaveLength(1);
    expect(server.requestsTo('/simple/demo/')).toHaveLength(3);
    expect(retries.map((r) => r.reason)).toEqual(['HTTP 503 Service Unavailable', 'HTTP 502 Bad Gateway']);
  });

  it('waits as long as a 429 Retry-After says, then succeeds', async () => {
    server.route('/simple/demo/', [{ status: 429, retryAfter: 1 }, { body: page([entry()]), contentType: 'text/html' }]);
    const retries: RetryEvent[] = [];
    const idx = client({}, retries);
    expect((await idx.getProject('demo')).files).toHaveLength(1);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.delayMs).toBe(1_000);
  });

  it('gives up on a page that keeps failing with a NetworkError naming it', async () => {
    server.route('/simple/demo/', { status: 500 });
    const err = await client({ retries: 1 }).getProject('demo').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).location?.url).toBe(server.url('/simple/demo/'));
  });

  it('retries a connection reset in the middle of a page', async () => {
    const body = page([entry()]) + `<!-- ${'x'.repeat(20_000)} -->`;
    server.route('/simple/demo/', [{ body, contentType: 'text/html', resetAfter: 5_000 }, { body, contentType: 'text/html' }]);
    expect((await client().getProject('demo')).files).toHaveLength(1);
    expect(server.requestsTo('/simple/demo/')).toHaveLength(2);
  });

  it('never hangs on a server that stops answering', async () => {
    server.route('/simple/demo/', { stallHeaders: 'forever' });
    const err = await client({ retries: 1 }).getProject('demo').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
  });

  it('404 is "no such project"; 403 is an error naming the URL', async () => {
    server.route('/simple/demo/', { status: 404 });
    expect((await client().getProject('demo')).files).toEqual([]);
    server.route('/simple/demo/', { status: 403 });
    const err = await client().getProject('demo').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(403);
    expect((err as HttpStatusError).url).toBe(server.url('/simple/demo/'));
  });

  it('refuses a JSON page that is not UTF-8, naming the URL', async () => {
    const json = Buffer.from(renderProjectPageJson({ name: 'demo', files: [entry()] }).replace('"demo"', '"d\u00e9mo"'), 'latin1');
    server.route('/simple/demo/', { body: json, contentType: SIMPLE_JSON_V1 });
    const err = await client().getProject('demo').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as IndexError).message).toBe('The JSON page is not valid UTF-8');
    expect((err as IndexError).location?.url).toBe(server.url('/simple/demo/'));
  });

  it('skips malicious and foreign file names, keeping the good file, with warnings', async () => {
    const bad = ['../../../etc/demo-1.0-py3-none-any.whl', '..%2F..%2Fdemo-1.0-py3-none-any.whl', 'demo-1.0-py3-none-any%00.whl', 'demo-1.0.exe', 'other-1.0-py3-none-any.whl', 'demo-not.a.version-py3-none-any.whl'];
    const links = bad.map((href) => `<a href="/files/${href}">${href}</a><br>`).join('\n');
    const html = page([entry()]).replace('</body>', `${links}\n<a href="/x/%E2%80%AEdemo-1.0-py3-none-any.whl">rtl</a></body>`);
    server.route('/simple/demo/', { body: html, contentType: 'text/html' });
    const idx = client();
    const listing = await idx.getProject('demo');
    // `../../../etc/x` resolves, as URLs do, to /etc/x on the same server: a safe name, kept.
    expect(listing.files.map((f) => [f.filename, f.url])).toEqual([
      [wheel.filename, server.url(`/files/${wheel.filename}`)],
      [wheel.filename, server.url(`/etc/${wheel.filename}`)],
    ]);
    const warnings = idx.warnings();
    expect(warnings.map((w) => [w.level, w.code, w.text])).toEqual([
      ['warning', 'unsafe-filename', '/files/..%2F..%2Fdemo-1.0-py3-none-any.whl'],
      ['warning', 'unsafe-filename', '/files/demo-1.0-py3-none-any%00.whl'],
      ['info', 'ignored-file', 'demo-1.0.exe'],
      ['info', 'ignored-file', 'other-1.0-py3-none-any.whl'],
      ['info', 'ignored-file', 'demo-not.a.version-py3-none-any.whl'],
      // A right-to-left override cannot disguise a name in the output.
      ['info', 'ignored-file', '\\u{202e}demo-1.0-py3-none-any.whl'],
    ]);
    expect(warnings.every((w) => w.url === server.url('/simple/demo/') && !/\u202e/.test(w.message))).toBe(true);
  });

  it('drops the credentials when a page redirects to another origin, and keeps them on its own', async () => {
    const body = renderProjectPageHtml({ name: 'demo', files: [{ ...entry(), url: other.url(`/files/${wheel.filename}`) }] });
    server.route('/simple/demo/', { redirect: other.url('/simple/demo/') });
    other.route('/simple/demo/', { body, contentType: 'text/html' });
    other.route(`/files/${wheel.filename}`, { body: wheelBytes });
    const secret = server.url('/simple/').replace('http://', 'http://alice:s3cret@');
    const idx = client({ indexUrl: secret });
    const listing = await idx.getProject('demo');
    expect(server.requestsTo('/simple/demo/')[0]!.basic).toEqual({ username: 'alice', password: 's3cret' });
    expect(other.requestsTo('/simple/demo/')[0]!.authorization).toBeUndefined();
    // The file lives on the other origin: no credentials there either.
    expect(listing.files[0]!.url).toBe(other.url(`/files/${wheel.filename}`));
    await idx.getMetadata(listing.files[0]!);
    expect(other.requestsTo(`/files/${wheel.filename}`).every((r) => r.authorization === undefined)).toBe(true);
    expect(JSON.stringify(idx.stats())).not.toContain('s3cret');
  });

  it('carries the index credentials to files on the index origin', async () => {
    server.route('/simple/demo/', { body: page([entry()]), contentType: 'text/html', auth: { username: 'alice', password: 's3cret' } });
    server.route(`/files/${wheel.filename}`, { body: wheelBytes, auth: { username: 'alice', password: 's3cret' } });
    const idx = client({ indexUrl: server.url('/simple/').replace('http://', 'http://alice:s3cret@') });
    const [f] = (await idx.getProject('demo')).files;
    expect(f!.origin).toBe(server.url('/simple/'));
    expect((await idx.getMetadata(f!)).name).toBe('demo');
    expect(server.requestsTo(`/files/${wheel.filename}`).every((r) => r.basic?.password === 's3cret')).toBe(true);
  });
});

describe('metadata files and whole files', () => {
  it('retries a truncated .metadata, then uses it', async () => {
    server.route('/simple/demo/', { body: page([entry({ coreMetadata: { sha256: sha256(metadataBytes) } })]), contentType: 'text/html' });
    server.route(`/files/${wheel.filename}.metadata`, [{ body: metadataBytes, closeAfter: 20 }, { body: metadataBytes }]);
    const idx = client();
    const [f] = (await idx.getProject('demo')).files;
    expect((await idx.getMetadata(f!)).requiresDist).toEqual(['dep']);
    expect(server.requestsTo(`/files/${wheel.filename}.metadata`)).toHaveLength(2);
  });

  it('a .metadata that is always cut short is a NetworkError naming it, not a partial answer', async () => {
    server.route('/simple/demo/', { body: page([entry({ coreMetadata: true })]), contentType: 'text/html' });
    server.route(`/files/${wheel.filename}.metadata`, { body: metadataBytes, closeAfter: 20 });
    const idx = client({ retries: 1 });
    const [f] = (await idx.getProject('demo')).files;
    const err = await idx.getMetadata(f!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).location?.url).toBe(server.url(`/files/${wheel.filename}.metadata`));
  });

  it('a file that does not match the page\'s sha256 is a HashMismatchError (whole-file path)', async () => {
    server.route('/simple/demo/', { body: page([entry({ hashes: { sha256: 'a'.repeat(64) } })]), contentType: 'text/html' });
    server.route(`/files/${wheel.filename}`, { body: wheelBytes, ranges: 'ignore' });
    const idx = client();
    const [f] = (await idx.getProject('demo')).files;
    const err = await idx.getMetadata(f!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HashMismatchError);
    expect((err as HashMismatchError).text).toBe(`sha256:${wheel.sha256}`);
    server.route('/md5/demo-1.0-py3-none-any.whl', { body: wheelBytes });
    const md5Only = { ...f!, url: server.url('/md5/demo-1.0-py3-none-any.whl'), hashes: { md5: '0'.repeat(32) } };
    await expect(idx.sha256Of(md5Only)).rejects.toThrow(/does not match its md5 hash/);
  });

  it('computes a missing sha256 by downloading once, and checks the other hashes given', async () => {
    const md5 = (await import('node:crypto')).createHash('md5').update(wheelBytes).digest('hex');
    server.route('/simple/demo/', { body: page([entry({ hashes: { md5 } })]), contentType: 'text/html' });
    server.route(`/files/${wheel.filename}`, { body: wheelBytes });
    const idx = client();
    const [f] = (await idx.getProject('demo')).files;
    expect(await Promise.all([idx.sha256Of(f!), idx.sha256Of(f!)])).toEqual([wheel.sha256, wheel.sha256]);
    expect(server.requestsTo(`/files/${wheel.filename}`)).toHaveLength(1);
    expect(idx.stats().requests.download).toBe(1);
  });
});

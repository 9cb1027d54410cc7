/**
 * Range requests (206 / 200 ignored / 416) and the remote zip reader, on a real wheel that
 * nobody here wrote (ensurepip's bundled pip), served over loopback and read with yauzl.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { IndexError, NetworkError } from '../../../src/errors.js';
import { HttpClient, HttpStatusError, openRemoteZip, RangeNotSupportedError, ZIP_TAIL_BYTES } from '../../../src/index/http/index.js';
import { FaultServer, generatedBytes } from '../../helpers/fault-server.js';
import { hasPython, pythonOutput } from '../../helpers/python.js';

const bundled = hasPython()
  ? pythonOutput("import ensurepip,os;print(os.path.join(os.path.dirname(ensurepip.__file__),'_bundled'))").trim()
  : undefined;
const wheelName = bundled === undefined ? undefined : (pythonOutput(`import os;print([f for f in os.listdir(${JSON.stringify(bundled)}) if f.startswith('pip-')][0])`).trim());
if (wheelName === undefined) console.warn('SKIPPED: no python3 with ensurepip wheels');

let server: FaultServer;
let http: HttpClient;

beforeAll(async () => {
  server = await FaultServer.start();
  if (bundled !== undefined) {
    server.serveDirectory('/files/', bundled);
    server.serveDirectory('/no-ranges/', bundled, { ranges: 'ignore' });
  }
  http = new HttpClient({ noCache: true, netrc: false, env: {}, retries: 2, retryBaseDelayMs: 1, headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 });
});
afterEach(() => server.resetRecords());
afterAll(async () => {
  await http.close();
  await server.close();
});

describe('fetchRange', () => {
  const body = generatedBytes(0, 10_000);
  beforeAll(() => {
    server.route('/blob', { body });
    server.route('/blob-ignores', { body, ranges: 'ignore' });
  });

  it('reads a range, an open range and a suffix, with the total size', async () => {
    const mid = await http.fetchRange(server.url('/blob'), { start: 100, length: 50 });
    expect(mid.status).toBe(206);
    expect(mid.start).toBe(100);
    expect(mid.totalSize).toBe(10_000);
    expect(mid.body.equals(body.subarray(100, 150))).toBe(true);
    expect(server.requestsTo('/blob')[0]?.range).toBe('bytes=100-149');
    const open = await http.fetchRange(server.url('/blob'), { start: 9_990 });
    expect(open.body.equals(body.subarray(9_990))).toBe(true);
    const suffix = await http.fetchRange(server.url('/blob'), { suffixLength: 300 });
    expect(suffix.start).toBe(9_700);
    expect(suffix.body.equals(body.subarray(9_700))).toBe(true);
    // A suffix longer than the file is the whole file (RFC 9110 §14.1.3).
    const all = await http.fetchRange(server.url('/blob'), { suffixLength: 50_000 });
    expect(all.start).toBe(0);
    expect(all.body.equals(body)).toBe(true);
    expect(server.requestsTo('/blob')[0]?.headers['accept-encoding']).toBe('identity');
  });

  it('signals a server that ignores Range, without reading its body', async () => {
    const err = await http.fetchRange(server.url('/blob-ignores'), { start: 0, length: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeNotSupportedError);
    expect((err as RangeNotSupportedError).size).toBe(10_000);
    expect((err as Error).message).toContain(server.url('/blob-ignores'));
  });

  it('reports 416 as an HttpStatusError carrying the size', async () => {
    const err = await http.fetchRange(server.url('/blob'), { start: 20_000, length: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(416);
    expect((err as HttpStatusError).headers['content-range']).toBe('bytes */10000');
  });

  it('refuses a 206 for another range than the one asked for', async () => {
    server.route('/liar', { status: 206, headers: { 'content-range': 'bytes 0-4/100' }, body: 'abcde' });
    await expect(http.fetchRange(server.url('/liar'), { start: 10, length: 5 })).rejects.toThrow(/another range/);
    server.route('/no-cr', { status: 206, body: 'abcde' });
    await expect(http.fetchRange(server.url('/no-cr'), { start: 0, length: 5 })).rejects.toThrow(/Content-Range/);
  });

  it('retries a range cut short', async () => {
    server.route('/blob-flaky', [{ body, closeAfter: 10 }, { body }]);
    const res = await http.fetchRange(server.url('/blob-flaky'), { start: 1000, length: 2000 });
    expect(res.body.equals(body.subarray(1000, 3000))).toBe(true);
    expect(res.attempts).toBe(2);
  });

  it('reads ranges of local files too', async () => {
    const file = path.join(bundled ?? '/nonexistent', wheelName ?? 'x');
    if (bundled === undefined) return;
    const whole = readFileSync(file);
    const res = await http.fetchRange(pathToFileURL(file), { suffixLength: 22 });
    expect(res.totalSize).toBe(whole.length);
    expect(res.body.equals(whole.subarray(whole.length - 22))).toBe(true);
    await expect(http.fetchRange(file, { start: whole.length + 5 })).rejects.toMatchObject({ status: 416 });
  });
});

function entries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const found: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      found.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(found));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const parts: Buffer[] = [];
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('end', () => resolve(Buffer.concat(parts)));
      stream.on('error', reject);
    });
  });
}

async function collectStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function openLocalZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => (err ? reject(err) : resolve(zip))));
}

describe.skipIf(wheelName === undefined)('openRemoteZip', () => {
  it('lists a real wheel and reads its METADATA, fetching a small part of it', async () => {
    const file = path.join(bundled!, wheelName!);
    const size = readFileSync(file).length;
    const remote = await openRemoteZip(http, server.url(`/files/${wheelName}`));
    expect(remote.size).toBe(size);
    const list = await entries(remote.zipfile);
    const local = await openLocalZip(file);
    const localList = await entries(local);
    expect(list.map((e) => e.fileName)).toEqual(localList.map((e) => e.fileName));
    const meta = list.find((e) => /^[^/]+\.dist-info\/METADATA$/.test(e.fileName))!;
    const text = await readEntry(remote.zipfile, meta);
    const expected = await readEntry(local, localList.find((e) => e.fileName === meta.fileName)!);
    expect(text.equals(expected)).toBe(true);
    expect(text.toString('utf8')).toMatch(/^Metadata-Version: /);
    remote.zipfile.close();
    local.close();
    // The central directory and METADATA only: a few requests, far less than the wheel.
    console.log(`range reader: ${remote.reader.bytesFetched} of ${size} bytes in ${remote.reader.requestCount} requests`);
    expect(remote.reader.bytesFetched).toBeLessThan(size / 4);
    expect(remote.reader.requestCount).toBeLessThanOrEqual(3);
    expect(server.requestsTo(`/files/${wheelName}`).every((r) => r.range !== undefined)).toBe(true);
  });

  it('coalesces a local header and its data into one request when METADATA is far from the end', async () => {
    const zip = new yazl.ZipFile();
    const metadata = Buffer.from('Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\n' + 'A description line.\n'.repeat(200));
    zip.addBuffer(metadata, 'demo-1.0.dist-info/METADATA');
    zip.addBuffer(generatedBytes(0, 2_000_000), 'demo/big.bin', { compress: false });
    zip.addBuffer(Buffer.from('Wheel-Version: 1.0\n'), 'demo-1.0.dist-info/WHEEL');
    zip.end();
    const bytes = await collectStream(zip.outputStream);
    server.route('/demo-1.0-py3-none-any.whl', { body: bytes });
    const remote = await openRemoteZip(http, server.url('/demo-1.0-py3-none-any.whl'), { size: bytes.length });
    const list = await entries(remote.zipfile);
    const meta = list.find((e) => e.fileName === 'demo-1.0.dist-info/METADATA')!;
    expect((await readEntry(remote.zipfile, meta)).equals(metadata)).toBe(true);
    remote.zipfile.close();
    // The tail (central directory), then one request for the header and compressed data.
    expect(remote.reader.requestCount).toBe(2);
    expect(remote.reader.bytesFetched).toBeLessThan(bytes.length / 10);
    expect(server.requestsTo('/demo-1.0-py3-none-any.whl').map((r) => r.range)).toEqual([`bytes=-${ZIP_TAIL_BYTES}`, 'bytes=0-65535']);
  });

  it('uses a known size and refuses one that disagrees with the server', async () => {
    const size = readFileSync(path.join(bundled!, wheelName!)).length;
    const ok = await openRemoteZip(http, server.url(`/files/${wheelName}`), { size });
    ok.zipfile.close();
    await expect(openRemoteZip(http, server.url(`/files/${wheelName}`), { size: size + 1 })).rejects.toBeInstanceOf(IndexError);
  });

  it('signals a server without range support before reading the wheel', async () => {
    const err = await openRemoteZip(http, server.url(`/no-ranges/${wheelName}`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeNotSupportedError);
    expect((err as RangeNotSupportedError).size).toBe(readFileSync(path.join(bundled!, wheelName!)).length);
    expect(server.requestsTo(`/no-ranges/${wheelName}`)).toHaveLength(1);
  });

  it('notices a file that changes between two range requests', async () => {
    const bytes = readFileSync(path.join(bundled!, wheelName!));
    server.route('/changing.whl', ({ attempt }) => ({ body: bytes, etag: attempt === 1 ? '"v1"' : '"v2"' }));
    const read = async () => entries((await openRemoteZip(http, server.url('/changing.whl'), { tailBytes: 1024, minFetchBytes: 1024 })).zipfile);
    await expect(read()).rejects.toThrow(/changed while being read/);
  });

  it('reads through file:// the same way', async () => {
    const file = path.join(bundled!, wheelName!);
    const remote = await openRemoteZip(http, pathToFileURL(file));
    const list = await entries(remote.zipfile);
    expect(list.some((e) => e.fileName.endsWith('.dist-info/WHEEL'))).toBe(true);
    remote.zipfile.close();
  });

  it('reports a file that is not a zip as an ArchiveError', async () => {
    server.route('/not-a-zip.whl', { body: generatedBytes(0, 5_000) });
    await expect(openRemoteZip(http, server.url('/not-a-zip.whl'))).rejects.toMatchObject({ code: 'E_ARCHIVE' });
  });

  it('gives up with a NetworkError when the range requests keep failing', async () => {
    const bytes = readFileSync(path.join(bundled!, wheelName!));
    server.route('/dead.whl', { body: bytes, resetAfter: 100 });
    await expect(openRemoteZip(http, server.url('/dead.whl'))).rejects.toBeInstanceOf(NetworkError);
  });
});

/**
 * `readWheelFromReader` over `openRangeReader`: a wheel's metadata read by HTTP range
 * requests from a loopback server, compared with a local read, counting the requests.
 * (These replace the tests of the second range reader that src/metadata used to have.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { HashMismatchError } from '../../../src/errors.js';
import { centralDirectoryRange, HttpClient, openRangeReader, ZIP_TAIL_BYTES } from '../../../src/index/http/index.js';
import { readWheelBuffer, readWheelFromReader } from '../../../src/metadata/wheel-reader.js';
import { buildWheel, hostileWheel } from '../../../fixtures/generator/index.js';
import { FaultServer } from '../../helpers/fault-server.js';
import { debianWheels, ensurepipWheels } from '../../helpers/real-wheels.js';

let server: FaultServer;
let http: HttpClient;

beforeAll(async () => {
  server = await FaultServer.start();
  http = new HttpClient({ noCache: true, netrc: false, env: {}, retries: 1, retryBaseDelayMs: 1 });
});
afterEach(() => server.resetRecords());
afterAll(async () => {
  await http.close();
  await server.close();
});

async function zipBytes(zip: yazl.ZipFile): Promise<Buffer> {
  zip.end();
  const parts: Buffer[] = [];
  for await (const c of zip.outputStream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('wheel metadata by range requests', () => {
  it('reads the metadata of a wheel with a large payload in two small ranges', async () => {
    const w = await buildWheel({ name: 'big', version: '1.0', payloadBytes: 8 * 1024 * 1024, requiresDist: ['a>=1'] });
    server.route(`/${w.fileName}`, { body: w.bytes });
    const reader = await openRangeReader(http, server.url(`/${w.fileName}`));
    const r = await readWheelFromReader(reader, reader.size, w.fileName, { verifyRecord: false, url: server.url(`/${w.fileName}`) });
    expect(r.metadata.requiresDist).toEqual(['a>=1']);
    expect(r.metadataBytes.equals(w.metadata)).toBe(true);
    expect(r.sha256).toBeUndefined();
    expect(reader.requestCount).toBeLessThanOrEqual(2);
    expect(reader.bytesFetched).toBeLessThan(256 * 1024);
    expect(server.requestsTo(`/${w.fileName}`).every((q) => q.range !== undefined)).toBe(true);
  });

  it('verifies RECORD through ranges too, and names the URL (redacted) in errors', async () => {
    const w = await buildWheel({ name: 'small', version: '2.0', payloadBytes: 3 * 1024 * 1024 });
    server.route(`/${w.fileName}`, { body: w.bytes });
    const reader = await openRangeReader(http, server.url(`/${w.fileName}`));
    expect((await readWheelFromReader(reader, reader.size, w.fileName)).record.status).toBe('verified');

    const bad = hostileWheel('wrong-record-hash');
    server.route(`/${bad.fileName}`, { body: bad.bytes });
    const url = server.url(`/${bad.fileName}`).replace('http://', 'http://user:secret@');
    const badReader = await openRangeReader(http, server.url(`/${bad.fileName}`));
    const err = await readWheelFromReader(badReader, badReader.size, bad.fileName, { url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HashMismatchError);
    expect((err as HashMismatchError).location?.url).toBe(url.replace('user:secret@', 'user:****@'));
  });

  it('fetches a central directory larger than the tail in one more request', async () => {
    const zip = new yazl.ZipFile();
    // 3000 entries with long names: a central directory of ~400 KB, far more than the tail.
    for (let i = 0; i < 3000; i++) zip.addBuffer(Buffer.from(`x${i}`), `many/${'d'.repeat(80)}/module_${i}.py`, { compress: false });
    zip.addBuffer(Buffer.from('Metadata-Version: 2.1\nName: many\nVersion: 1.0\n\n'), 'many-1.0.dist-info/METADATA');
    zip.addBuffer(Buffer.from('Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n'), 'many-1.0.dist-info/WHEEL');
    const bytes = await zipBytes(zip);
    const tail = bytes.subarray(bytes.length - ZIP_TAIL_BYTES);
    const cd = centralDirectoryRange(tail, bytes.length - ZIP_TAIL_BYTES)!;
    expect(cd.end).toBe(bytes.length - 22);
    expect(cd.end - cd.start).toBeGreaterThan(ZIP_TAIL_BYTES);
    server.route('/many-1.0-py3-none-any.whl', { body: bytes });
    const reader = await openRangeReader(http, server.url('/many-1.0-py3-none-any.whl'));
    expect(reader.requestCount).toBe(2);
    const r = await readWheelFromReader(reader, reader.size, 'many-1.0-py3-none-any.whl', { verifyRecord: false });
    expect(r.metadata.name).toBe('many');
    expect(r.entryCount).toBe(3002);
    // Then one request for METADATA and WHEEL, which sit together before the central directory.
    expect(reader.requestCount).toBe(3);
    const ranges = server.requestsTo('/many-1.0-py3-none-any.whl').map((q) => q.range);
    expect(ranges.slice(0, 2)).toEqual([`bytes=-${ZIP_TAIL_BYTES}`, `bytes=${cd.start}-${bytes.length - ZIP_TAIL_BYTES - 1}`]);
  });

  const real = [...ensurepipWheels(), ...debianWheels()];
  it.skipIf(real.length === 0)('gives the same metadata as a local read for real wheels, reading a fraction of the large ones', async () => {
    for (const file of real) {
      const bytes = readFileSync(file);
      const name = path.basename(file);
      server.route(`/real/${name}`, { body: bytes });
      const local = await readWheelBuffer(bytes, name, { verifyRecord: false });
      const reader = await openRangeReader(http, server.url(`/real/${name}`));
      const remote = await readWheelFromReader(reader, reader.size, name, { verifyRecord: false });
      expect(remote.metadata).toEqual(local.metadata);
      expect(remote.wheel).toEqual(local.wheel);
      if (bytes.length > 1024 * 1024) expect(reader.bytesFetched).toBeLessThan(bytes.length / 4);
      expect(reader.requestCount).toBeLessThanOrEqual(4);
    }
  });
});

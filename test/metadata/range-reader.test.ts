import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashMismatchError } from '../../src/errors.js';
import { CachingRangeReader } from '../../src/metadata/range-reader.js';
import { readWheelBuffer, readWheelFromReader } from '../../src/metadata/wheel-reader.js';
import { buildWheel, hostileWheel } from '../../fixtures/generator/index.js';
import { debianWheels, ensurepipWheels } from '../helpers/real-wheels.js';

/** A fetcher over a Buffer that records every range asked for, like an HTTP server would see. */
function recordingFetcher(bytes: Buffer): { fetch: (s: number, e: number) => Promise<Buffer>; ranges: Array<[number, number]> } {
  const ranges: Array<[number, number]> = [];
  return {
    ranges,
    fetch: async (s, e) => {
      ranges.push([s, e]);
      return bytes.subarray(s, e);
    },
  };
}

describe('CachingRangeReader + readWheelFromReader', () => {
  it('reads metadata of a wheel with a large payload in a few small ranges', async () => {
    const w = await buildWheel({ name: 'big', version: '1.0', payloadBytes: 8 * 1024 * 1024, requiresDist: ['a>=1'] });
    const f = recordingFetcher(w.bytes);
    const reader = new CachingRangeReader(f.fetch, w.bytes.length);
    const r = await readWheelFromReader(reader, w.bytes.length, w.fileName, { verifyRecord: false, url: 'https://files.example/big-1.0-py3-none-any.whl' });
    expect(r.metadata.requiresDist).toEqual(['a>=1']);
    expect(r.metadataBytes.equals(w.metadata)).toBe(true);
    expect(r.sha256).toBeUndefined();
    expect(f.ranges.length).toBeLessThanOrEqual(3);
    expect(reader.bytesFetched).toBeLessThan(256 * 1024);
  });

  it('verifies RECORD through ranges too, and reports errors with the URL', async () => {
    const w = await buildWheel({ name: 'small', version: '2.0', payloadBytes: 3 * 1024 * 1024 });
    const f = recordingFetcher(w.bytes);
    const r = await readWheelFromReader(new CachingRangeReader(f.fetch, w.bytes.length, { maxCacheBytes: 1024 * 1024 }), w.bytes.length, w.fileName);
    expect(r.record.status).toBe('verified');

    const bad = hostileWheel('wrong-record-hash');
    const url = 'https://user:secret@files.example/hostile-1.0-py3-none-any.whl';
    const g = recordingFetcher(bad.bytes);
    const err = await readWheelFromReader(new CachingRangeReader(g.fetch, bad.bytes.length), bad.bytes.length, bad.fileName, { url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HashMismatchError);
    expect((err as HashMismatchError).location?.url).toBe('https://****@files.example/hostile-1.0-py3-none-any.whl'.replace('****', 'user:****'));
  });

  const real = [...ensurepipWheels(), ...debianWheels()];
  it.skipIf(real.length === 0)('gives the same metadata as a local read for real wheels, reading a fraction of them', async () => {
    for (const file of real) {
      const bytes = readFileSync(file);
      const local = await readWheelBuffer(bytes, path.basename(file), { verifyRecord: false });
      const f = recordingFetcher(bytes);
      const reader = new CachingRangeReader(f.fetch, bytes.length);
      const remote = await readWheelFromReader(reader, bytes.length, path.basename(file), { verifyRecord: false });
      expect(remote.metadata).toEqual(local.metadata);
      expect(remote.wheel).toEqual(local.wheel);
      // A small wheel is fetched whole by the first (tail) read; a large one only in part.
      if (bytes.length > 1024 * 1024) expect(reader.bytesFetched).toBeLessThan(bytes.length / 4);
      expect(f.ranges.length).toBeLessThanOrEqual(8);
    }
  });
});

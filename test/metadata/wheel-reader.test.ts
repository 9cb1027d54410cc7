import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ArchiveError, HashMismatchError, MetadataError, WheelhouseError } from '../../src/errors.js';
import { readWheelBuffer, readWheelFile } from '../../src/metadata/wheel-reader.js';
import { buildWheel, hostileWheel, HOSTILE_WHEEL_ERRORS, writePackage, type HostileWheelKind, type PackageSpec } from '../../fixtures/generator/index.js';
import { debianWheels, ensurepipWheels } from '../helpers/real-wheels.js';

const FAMILIES = { ArchiveError, HashMismatchError, MetadataError } as const;
const MiB = 1024 * 1024;

async function failure(p: Promise<unknown>): Promise<WheelhouseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WheelhouseError) return e;
    throw new Error(`expected a WheelhouseError, got ${String(e)}`);
  }
  throw new Error('expected the read to fail');
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wh-wheel-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SPECS: PackageSpec[] = [
  { name: 'plain', version: '1.0' },
  { name: 'Mixed.Case_Name', version: '2.0.post1', requiresDist: ['plain>=1.0', 'other; python_version < "3.10"'], requiresPython: '>=3.8' },
  { name: 'with-extras', version: '0.1.dev3', extras: { Socks: ['pysocks>=1'], 'test.all': ['pytest', 'cov; os_name == "nt"'] }, providesExtra: ['empty'] },
  { name: 'native', version: '3.1', wheelTags: ['cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64', 'py2.py3-none-any'], buildTag: '1' },
  { name: 'payload', version: '1.0', payloadBytes: 3 * MiB + 17, metadataVersion: '2.4', extraMetadata: [['License-Expression', 'MIT']] },
  { name: 'nomodule', version: '1.0', module: false, metadataVersion: '1.2', description: 'line one\nline two' },
  { name: 'stored', version: '1.0', compress: false, description: 'a body\n' },
];

describe('reading generated wheels back', () => {
  it('reads every wheel the generator writes, RECORD fully verified', async () => {
    for (const spec of SPECS) {
      const files = await writePackage(spec, dir);
      expect(files.length).toBe(spec.wheelTags?.length ?? 1);
      for (const f of files) {
        const r = await readWheelFile(f.path);
        expect(r.filename).toBe(f.fileName);
        expect(r.sha256).toBe(f.sha256);
        expect(r.size).toBe(f.size);
        expect(r.metadataBytes.equals(f.metadata)).toBe(true);
        expect(r.metadata.name).toBe(spec.name);
        expect(r.metadata.version).toBe(spec.version);
        expect(r.metadata.requiresPython).toBe(spec.requiresPython);
        expect(r.record.status).toBe('verified');
        expect(r.record.files).toBe(r.entryCount - 1);
        expect(r.warnings).toEqual([]);
        if (spec.buildTag) expect(r.wheel.build).toBe(spec.buildTag);
        expect(r.wheel.rootIsPurelib).toBe(r.parsedFilename.platformTags.includes('any'));
      }
    }
  });

  it('writes extras normalised (PEP 685) with their markers', async () => {
    const r = await readWheelBuffer((await buildWheel(SPECS[2]!)).bytes, 'with_extras-0.1.dev3-py3-none-any.whl');
    expect(r.metadata.providesExtra).toEqual(['socks', 'test-all', 'empty']);
    expect(r.metadata.requiresDist).toEqual(['pysocks>=1; extra == "socks"', 'pytest; extra == "test-all"', 'cov; (os_name == "nt") and extra == "test-all"']);
  });

  it('reads only METADATA and WHEEL with verifyRecord: false', async () => {
    const bad = hostileWheel('wrong-record-hash');
    const r = await readWheelBuffer(bad.bytes, bad.fileName, { verifyRecord: false });
    expect(r.record).toEqual({ status: 'not-checked', files: 0, bytes: 0 });
    expect(r.metadata.name).toBe('hostile');
  });
});

describe('reading real wheels nobody here wrote', () => {
  const real = [...ensurepipWheels(), ...debianWheels()];
  it.skipIf(real.length === 0)(`parses METADATA and verifies RECORD of ${real.map((f) => path.basename(f)).join(', ') || '(none found)'}`, async () => {
    for (const file of real) {
      const r = await readWheelFile(file);
      const base = path.basename(file);
      expect(base.toLowerCase().startsWith(`${r.metadata.name.toLowerCase()}-${r.metadata.version}`), base).toBe(true);
      expect(r.record.status).toBe('verified');
      expect(r.record.files).toBeGreaterThan(10);
      expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
      if (base.startsWith('pip-')) expect(r.metadata.requiresPython).toMatch(/^>=3\.\d+$/);
      if (base.startsWith('wheel-')) expect(r.metadata.providesExtra).toContain('test');
    }
  });
  if (real.length === 0) console.warn('SKIPPED: no ensurepip or Debian python3-*-whl wheels on this machine');
});

/** What each hostile wheel must be refused for (so that none passes for another reason). */
const WHY: Record<Exclude<HostileWheelKind, 'zip-bomb'>, RegExp> = {
  'wrong-record-hash': /does not match its hash in RECORD/,
  'wrong-record-size': /does not match its size in RECORD/,
  'file-not-in-record': /not listed in RECORD/,
  'record-lists-missing-file': /RECORD lists a file that is not in the wheel/,
  'record-without-hash': /RECORD gives no hash/,
  'mismatched-dist-info': /\.dist-info folder does not match the file name/,
  'two-dist-info': /more than one \.dist-info/,
  'no-metadata': /has no hostile-1\.0\.dist-info\/METADATA/,
  'no-record': /has no hostile-1\.0\.dist-info\/RECORD/,
  'metadata-name-mismatch': /names a different project/,
  'metadata-without-name': /has no Name/,
  'huge-metadata': /METADATA is \d+ bytes, over the limit/,
  'zip-bomb-declared-ratio': /compression ratio over 1100:1/,
  'zip-bomb-lying-size': /too many bytes in the stream/,
  'overlapping-entries': /zip entries overlap/,
  'entry-dotdot': /has a "\.\." segment/,
  'entry-absolute': /absolute path/,
  'entry-backslash': /backslash/,
  'entry-drive-letter': /drive letter/,
  'entry-nul': /NUL/,
  'duplicate-entry': /two entries with the same name/,
  'too-many-entries': /zip has 100005 entries, over the limit of 100000/,
  'unsupported-compression': /compression method 12/,
  'encrypted-entry': /encrypted/,
  truncated: /not a readable zip file/,
};

describe('hostile and broken wheels', () => {
  const kinds = (Object.keys(HOSTILE_WHEEL_ERRORS) as HostileWheelKind[]).filter((k) => HOSTILE_WHEEL_ERRORS[k] !== 'none');
  it.each(kinds)('%s gives the right typed error', async (kind) => {
    const h = hostileWheel(kind, { bombBytes: 64 * MiB });
    const err = await failure(readWheelBuffer(h.bytes, h.fileName));
    const family = FAMILIES[h.expectedError as keyof typeof FAMILIES];
    expect(err, err.message).toBeInstanceOf(family);
    expect(err.message).toMatch(WHY[kind as keyof typeof WHY]);
    expect(err.location?.file ?? err.location?.url).toBeDefined();
  });

  it('names the offending entry of a path-traversal wheel', async () => {
    const h = hostileWheel('entry-dotdot');
    const err = await failure(readWheelBuffer(h.bytes, h.fileName));
    expect(err.text).toBe('hostile/../../evil.py');
    expect(err.location?.file).toBe(h.fileName);
  });

  it('refuses too many entries under a lower limit too, before reading them', async () => {
    const h = hostileWheel('too-many-entries', { entries: 50 });
    await expect(readWheelBuffer(h.bytes, h.fileName, { limits: { maxEntries: 40 } })).rejects.toThrow(/over the limit of 40/);
    await expect(readWheelBuffer(h.bytes, h.fileName)).rejects.toThrow(ArchiveError); // not in RECORD
  });

  it('refuses a zip bomb by its declared size under the limits, before inflating it', async () => {
    const h = hostileWheel('zip-bomb', { bombBytes: 64 * MiB });
    expect(h.bytes.length).toBeLessThan(MiB);
    await expect(readWheelBuffer(h.bytes, h.fileName, { limits: { maxEntryBytes: 16 * MiB } })).rejects.toThrow(/over the limit/);
    await expect(readWheelBuffer(h.bytes, h.fileName, { limits: { maxTotalBytes: 16 * MiB } })).rejects.toThrow(/uncompressed bytes in all/);
  });

  it('streams a 512 MiB zip bomb within the default limits with bounded memory', async () => {
    const h = hostileWheel('zip-bomb', { bombBytes: 512 * MiB });
    expect(h.bytes.length).toBeLessThan(2 * MiB);
    global.gc?.();
    const before = process.memoryUsage();
    let peak = 0;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss - before.rss, m.arrayBuffers - before.arrayBuffers);
    }, 5);
    const r = await readWheelBuffer(h.bytes, h.fileName);
    clearInterval(timer);
    const after = process.memoryUsage();
    peak = Math.max(peak, after.rss - before.rss, after.arrayBuffers - before.arrayBuffers);
    expect(r.record.status).toBe('verified');
    expect(r.record.bytes).toBeGreaterThan(512 * MiB);
    // Inflated in full, never held: far below the 512 MiB it inflates to.
    expect(peak).toBeLessThan(128 * MiB);
  });

  it('stops a lying zip bomb at its declared size, with bounded memory', async () => {
    const h = hostileWheel('zip-bomb-lying-size', { bombBytes: 512 * MiB });
    const before = process.memoryUsage().arrayBuffers;
    const err = await failure(readWheelBuffer(h.bytes, h.fileName));
    expect(err).toBeInstanceOf(ArchiveError);
    expect(err.message).toMatch(/too many bytes/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MiB);
  });

  it('refuses a file name that does not match METADATA, or is not a wheel name', async () => {
    const w = await buildWheel({ name: 'alpha', version: '1.0' });
    await expect(readWheelBuffer(w.bytes, 'beta-1.0-py3-none-any.whl')).rejects.toThrow(ArchiveError); // .dist-info mismatch
    await expect(readWheelBuffer(w.bytes, 'alpha-1.0.zip')).rejects.toMatchObject({ code: 'E_FILENAME', message: 'invalid wheel file name: it does not end in ".whl"' });
  });
});

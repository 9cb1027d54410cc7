import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ArchiveError, MetadataError, WheelhouseError } from '../../src/errors.js';
import { readSdistBuffer, readSdistFile, sdistStaticMetadata } from '../../src/metadata/sdist-reader.js';
import { buildSdist, hostileSdist, HOSTILE_SDIST_ERRORS, writeSdist, type HostileSdistKind, type PackageSpec } from '../../fixtures/generator/index.js';

const FAMILIES = { ArchiveError, MetadataError } as const;
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
  dir = await mkdtemp(path.join(tmpdir(), 'wh-sdist-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SPEC: PackageSpec = { name: 'Sdist.Demo', version: '1.4.0rc1', requiresDist: ['requests>=2'], requiresPython: '>=3.9', extras: { cli: ['click'] } };

describe('reading generated sdists back', () => {
  it('in-tree backend: static PKG-INFO, backend-path, no build requirements', async () => {
    const f = await writeSdist(SPEC, dir, 'in-tree');
    const r = await readSdistFile(f.path);
    expect(r.sha256).toBe(f.sha256);
    expect(r.size).toBe(f.size);
    expect(r.topDir).toBe('sdist_demo-1.4.0rc1');
    expect(r.pkgInfoBytes!.equals(f.metadata)).toBe(true);
    expect(r.staticMetadata).toEqual({ trusted: true });
    expect(sdistStaticMetadata(r).requiresDist).toEqual(['requests>=2', 'click; extra == "cli"']);
    expect(r.pkgInfo!.metadataVersion).toBe('2.2');
    expect(r.buildSystem).toEqual({ requires: [], buildBackend: 'wheelhouse_fixture_backend', backendPath: ['_backend'], check: [], origin: 'pyproject' });
    expect(r.hasSetupPy).toBe(false);
    expect(r.complete).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('setuptools backend: requires setuptools and wheel; stops early once it has all three files', async () => {
    // The module sorts after setup.py, so the walk can stop before its files.
    const f = await writeSdist({ ...SPEC, payloadBytes: 2 * MiB, module: 'zz_module' }, dir, 'setuptools');
    const r = await readSdistFile(f.path);
    expect(r.buildSystem).toEqual({ requires: ['setuptools>=40.8.0', 'wheel'], buildBackend: 'setuptools.build_meta', backendPath: [], check: [], origin: 'pyproject' });
    expect(r.hasSetupPy).toBe(true);
    expect(r.complete).toBe(false);
    const full = await readSdistFile(f.path, { fullScan: true });
    expect(full.complete).toBe(true);
    expect(full.membersRead).toBeGreaterThan(r.membersRead);
  });

  it('setup.py only: pip\'s legacy default build system', async () => {
    const r = await readSdistBuffer((await buildSdist(SPEC, 'setup-py')).bytes, 'sdist_demo-1.4.0rc1.tar.gz');
    expect(r.pyproject).toBeUndefined();
    expect(r.buildSystem).toEqual({ requires: ['setuptools>=40.8.0', 'wheel'], buildBackend: 'setuptools.build_meta:__legacy__', backendPath: [], check: [], origin: 'legacy-default' });
  });

  it('PEP 643: dynamic dependencies or an old Metadata-Version need a build', async () => {
    const cases: Array<[PackageSpec, RegExp]> = [
      [{ ...SPEC, dynamic: ['Requires-Dist'] }, /lists Requires-Dist as Dynamic/],
      [{ ...SPEC, dynamic: ['Requires-Python', 'Summary'] }, /lists Requires-Python as Dynamic/],
      [{ ...SPEC, metadataVersion: '2.1' }, /Metadata-Version 2.1; PEP 643 needs 2.2/],
    ];
    for (const [spec, reason] of cases) {
      const b = await buildSdist(spec, 'in-tree');
      const r = await readSdistBuffer(b.bytes, b.fileName);
      expect(r.staticMetadata.trusted).toBe(false);
      let err: unknown;
      try {
        sdistStaticMetadata(r);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MetadataError);
      expect((err as MetadataError).message).toMatch(reason);
      expect((err as MetadataError).message).toContain(b.fileName);
      expect((err as MetadataError).message).toMatch(/not known without building it/);
    }
    // Dynamic fields that do not matter for resolution keep it static.
    const ok = await buildSdist({ ...SPEC, dynamic: ['Summary', 'Classifier'] }, 'in-tree');
    expect((await readSdistBuffer(ok.bytes, ok.fileName)).staticMetadata).toEqual({ trusted: true });
  });
});

/** What each hostile sdist must be refused for. */
const WHY: Record<Exclude<HostileSdistKind, 'gzip-bomb'>, RegExp> = {
  'tar-dotdot-member': /has a "\.\." segment/,
  'tar-absolute-member': /absolute path/,
  'tar-symlink-outside': /symbolic link points outside the archive/,
  'tar-hardlink-outside': /hard link points outside the archive/,
  'tar-device-member': /tar member is a character-device/,
  'huge-pkg-info': /PKG-INFO is \d+ bytes, over the limit/,
  'two-top-level': /more than one top-level entry/,
  'pkg-info-mismatch': /PKG-INFO names a different project or version/,
  'no-build-files': /neither setup\.py nor pyproject\.toml/,
  'bad-pyproject': /no requires key/,
  'truncated-gzip': /not a readable \.tar\.gz/,
  'zip-symlink-outside': /symbolic link points outside the archive/,
  'duplicate-pkg-info': /two members with the same name/,
};

describe('hostile and broken sdists', () => {
  const kinds = (Object.keys(HOSTILE_SDIST_ERRORS) as HostileSdistKind[]).filter((k) => HOSTILE_SDIST_ERRORS[k] !== 'none');
  it.each(kinds)('%s gives the right typed error', async (kind) => {
    const h = hostileSdist(kind);
    for (const fullScan of [false, true]) {
      const err = await failure(readSdistBuffer(h.bytes, h.fileName, { fullScan }));
      expect(err, err.message).toBeInstanceOf(FAMILIES[h.expectedError as keyof typeof FAMILIES]);
      expect(err.message).toMatch(WHY[kind as keyof typeof WHY]);
    }
  });

  it('names the link and its target', async () => {
    const h = hostileSdist('tar-symlink-outside');
    const err = await failure(readSdistBuffer(h.bytes, h.fileName));
    expect(err.text).toBe('hostile-1.0/link -> ../../../etc/passwd');
  });

  it('stops a gzip bomb at maxTarBytes with bounded memory', async () => {
    const h = hostileSdist('gzip-bomb', { bombBytes: 1024 * MiB });
    expect(h.bytes.length).toBeLessThan(2 * MiB);
    const before = process.memoryUsage();
    const err = await failure(readSdistBuffer(h.bytes, h.fileName, { limits: { maxTarBytes: 64 * MiB } }));
    expect(err).toBeInstanceOf(ArchiveError);
    expect(err.message).toMatch(/gzip bomb/);
    const after = process.memoryUsage();
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * MiB);
  });

  it('reads through a gzip bomb within the default limits without holding it', async () => {
    const h = hostileSdist('gzip-bomb', { bombBytes: 128 * MiB });
    const r = await readSdistBuffer(h.bytes, h.fileName);
    expect(r.pkgInfo!.name).toBe('hostile');
  });

  it('refuses an sdist format it cannot open, and a name that is not an sdist name', async () => {
    await expect(readSdistBuffer(Buffer.alloc(10), 'x-1.0.tar.bz2')).rejects.toMatchObject({ code: 'E_ARCHIVE', message: 'cannot read .tar.bz2 sdists' });
    await expect(readSdistBuffer(Buffer.alloc(10), 'x.tar.gz')).rejects.toMatchObject({ code: 'E_FILENAME' });
  });

  it('splits a legacy name with dashes where the expected project ends', async () => {
    // `1.0-1` is PEP 440's 1.0.post1; split at the last dash, the name would be `foo-bar-1.0`.
    const s = await buildSdist({ name: 'foo-bar', version: '1.0.post1', sdist: 'setup-py' });
    const legacy = 'foo-bar-1.0-1.tar.gz';
    const r = await readSdistBuffer(s.bytes, legacy, { project: 'foo-bar' });
    expect(r.parsedFilename.normalizedName).toBe('foo-bar');
    expect(r.parsedFilename.version).toBe('1.0-1');
    expect(r.pkgInfo?.version).toBe('1.0.post1');
    await expect(readSdistBuffer(s.bytes, legacy)).rejects.toThrow(MetadataError);
  });
});

/**
 * The index client against two real servers over loopback: `wheelhouse serve`
 * (startServer: JSON by negotiation, PEP 658 metadata, ranges) and an independent one,
 * `python3 -m http.server` over the static tree `writeStaticIndex` writes (HTML only, no
 * `.metadata`, no Range): the client must fall back to whole files there. Packages are
 * generated (fixtures/generator); real wheels nobody here wrote (ensurepip's, Debian's)
 * go through both servers too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataError } from '../../../src/errors.js';
import { createPackageIndex, type PackageIndexClient, type PackageIndexOptions } from '../../../src/index/index.js';
import { readSdistFile } from '../../../src/metadata/sdist-reader.js';
import { readWheelFile } from '../../../src/metadata/wheel-reader.js';
import { startServer, type RunningServer } from '../../../src/serve/index.js';
import { hasPython } from '../../helpers/python.js';
import { PythonHttpServer } from '../../helpers/python-http-server.js';
import { debianWheels, ensurepipWheels } from '../../helpers/real-wheels.js';
import { copyWheels, writeTree, writeWheelhouse, type Listed } from './fixtures.js';

if (!hasPython()) console.warn('SKIPPED: python3 -m http.server is needed for the static-tree half of these tests');

let root: string;
let files: Listed[];
let serve: RunningServer;
let served: Array<{ method: string; url: string; headers: Readonly<Record<string, string | string[] | undefined>> }> = [];
let py: PythonHttpServer | undefined;
const clients: PackageIndexClient[] = [];

function client(options: PackageIndexOptions): PackageIndexClient {
  const c = createPackageIndex({ noCache: true, retries: 1, http: { netrc: false, env: {}, retryBaseDelayMs: 1 }, ...options });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-two-servers-'));
  const dir = path.join(root, 'wheelhouse');
  files = await writeWheelhouse(dir, [
    { name: 'alpha', version: '1.0', requiresDist: ['beta>=2'], requiresPython: '>=3.8', sdist: 'in-tree' },
    { name: 'alpha', version: '1.1', requiresPython: '>=3.9', payloadBytes: 200_000 },
    { name: 'Beta.Thing', version: '2.0', extras: { fast: ['gamma'] } },
    { name: 'legacy', version: '0.1', wheel: false, sdist: 'setup-py', dynamic: ['Requires-Dist'], requiresDist: ['six'] },
  ]);
  await writeTree(dir, files);
  serve = await startServer({ dir, port: 0, onRequest: (r) => served.push(r) });
  if (hasPython()) py = await PythonHttpServer.start(dir);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await serve?.close();
  await py?.close();
  await rm(root, { recursive: true, force: true });
});

function local(project: string, filename: string): Listed {
  const f = files.find((x) => x.project === project && x.filename === filename);
  if (!f) throw new Error(`no fixture ${filename}`);
  return f;
}

describe('against wheelhouse serve (PEP 691 JSON, PEP 658 metadata)', () => {
  it('lists every file with its hash, Requires-Python, size and core metadata availability', async () => {
    const idx = client({ indexUrl: serve.url });
    const alpha = await idx.getProject('Alpha');
    expect(alpha.name).toBe('alpha');
    expect(alpha.consulted).toEqual([serve.url]);
    expect(alpha.files.map((f) => [f.filename, f.kind, f.version.toString(), f.requiresPython, f.hashes['sha256'], f.size])).toEqual(
      ['alpha-1.0-py3-none-any.whl', 'alpha-1.0.tar.gz', 'alpha-1.1-py3-none-any.whl'].map((n) => {
        const l = local('alpha', n);
        return [n, n.endsWith('.whl') ? 'wheel' : 'sdist', n.includes('1.1') ? '1.1' : '1.0', l.requiresPython, l.sha256, l.size];
      }),
    );
    expect(alpha.files.every((f) => typeof f.coreMetadata === 'object' && f.origin === serve.url && f.yanked === false)).toBe(true);
    expect(alpha.files[0]!.wheel?.normalizedName).toBe('alpha');
    expect(alpha.files[1]!.sdist?.version).toBe('1.0');
    // JSON was negotiated: `size` exists only in PEP 691/700.
    const pageRequest = served.find((r) => r.url === '/simple/alpha/');
    expect(pageRequest?.headers['accept']).toContain('application/vnd.pypi.simple.v1+json');
    expect((await idx.getProject('nothing-here')).files).toEqual([]);
  });

  it('reads metadata from the .metadata files only: no range request, no download', async () => {
    const idx = client({ indexUrl: serve.url });
    const listing = [...(await idx.getProject('alpha')).files, ...(await idx.getProject('beta-thing')).files];
    served = [];
    for (const f of listing) {
      const m = await idx.getMetadata(f);
      const l = local(f.project, f.filename);
      const expected = f.kind === 'wheel' ? (await readWheelFile(l.path, { verifyRecord: false })).metadata : (await readSdistFile(l.path)).pkgInfo!;
      expect(m).toEqual(expected);
    }
    const stats = idx.stats();
    expect(stats.metadata).toEqual({ cached: 0, metadataFile: listing.length, rangeRead: 0, wholeFile: 0, local: 0 });
    expect(stats.requests).toEqual({ metadataFile: listing.length, range: 0, download: 0 });
    expect(served.every((r) => r.url.endsWith('.metadata'))).toBe(true);
    // Memoised per file: asking again costs nothing.
    await Promise.all(listing.map((f) => idx.getMetadata(f)));
    expect(idx.stats().requests.metadataFile).toBe(listing.length);
  });

  it('says an sdist without static metadata needs a build, naming it', async () => {
    const idx = client({ indexUrl: serve.url });
    const [sdist] = (await idx.getProject('legacy')).files;
    expect(sdist!.coreMetadata).toBe(false);
    const err = await idx.getMetadata(sdist!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetadataError);
    expect((err as MetadataError).message).toContain('legacy-0.1.tar.gz');
    expect((err as MetadataError).message).toContain('Requires-Dist as Dynamic');
    expect(idx.stats().metadata.wholeFile).toBe(1);
  });

  it('asks each project page once however many callers ask at once', async () => {
    const idx = client({ indexUrl: serve.url });
    served = [];
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => idx.getProject(i % 2 === 0 ? 'alpha' : 'ALPHA')));
    expect(new Set(all).size).toBe(1);
    expect(served.filter((r) => r.url === '/simple/alpha/')).toHaveLength(1);
    expect(idx.stats().pageFetches).toEqual({ [`${serve.url}alpha/`]: 1 });
    idx.prefetchProject('beta-thing');
    await idx.getProject('beta_thing');
    expect(served.filter((r) => r.url.startsWith('/simple/'))).toHaveLength(2);
  });

  it('gives the sha256 the index gave without downloading', async () => {
    const idx = client({ indexUrl: serve.url });
    const [f] = (await idx.getProject('beta-thing')).files;
    served = [];
    expect(await idx.sha256Of(f!)).toBe(local('beta-thing', f!.filename).sha256);
    expect(served).toEqual([]);
  });
});

describe.skipIf(!hasPython())('against python3 -m http.server over a static tree (HTML only, no ranges, no .metadata)', () => {
  it('reads the HTML pages', async () => {
    const idx = client({ indexUrl: py!.url('/simple/') });
    const alpha = await idx.getProject('alpha');
    expect(alpha.files.map((f) => [f.filename, f.requiresPython, f.hashes['sha256'], f.coreMetadata, f.size])).toEqual(
      ['alpha-1.0-py3-none-any.whl', 'alpha-1.0.tar.gz', 'alpha-1.1-py3-none-any.whl'].map((n) => [n, local('alpha', n).requiresPython, local('alpha', n).sha256, false, undefined]),
    );
    expect(alpha.files[0]!.url).toBe(py!.url('/alpha-1.0-py3-none-any.whl'));
    expect((await idx.getProject('nothing-here')).files).toEqual([]);
  });

  it('falls back to whole files, trying ranges once per server', async () => {
    const idx = client({ indexUrl: py!.url('/simple/') });
    const wheels = [...(await idx.getProject('alpha')).files, ...(await idx.getProject('beta-thing')).files].filter((f) => f.kind === 'wheel');
    py!.reset();
    for (const f of wheels) {
      const m = await idx.getMetadata(f);
      expect(m).toEqual((await readWheelFile(local(f.project, f.filename).path, { verifyRecord: false })).metadata);
    }
    const stats = idx.stats();
    expect(stats.metadata.wholeFile).toBe(wheels.length);
    expect(stats.requests.range).toBe(1);
    expect(stats.requests.download).toBe(wheels.length);
    await py!.settled();
    // One request per wheel, plus the first one's range request (answered 200, body not read).
    expect(py!.requests.filter((r) => r.path.endsWith('.whl'))).toHaveLength(wheels.length + 1);
    // The downloads are kept: the sha256 (already known) and a second metadata call cost nothing.
    expect(await idx.sha256Of(wheels[0]!)).toBe(wheels[0]!.hashes['sha256']);
  });
});

const realWheels = [...ensurepipWheels(), ...debianWheels()];
describe.skipIf(realWheels.length === 0)('real wheels nobody here wrote (ensurepip, Debian) through both servers', () => {
  let realServe: RunningServer;
  let realPy: PythonHttpServer | undefined;
  let real: Listed[];
  beforeAll(async () => {
    const dir = path.join(root, 'real');
    real = await copyWheels(dir, realWheels);
    await writeTree(dir, real);
    realServe = await startServer({ dir, port: 0 });
    if (hasPython()) realPy = await PythonHttpServer.start(dir);
  });
  afterAll(async () => {
    await realServe?.close();
    await realPy?.close();
  });

  it('gives the metadata a local read gives, from either server', async () => {
    const urls = [realServe.url, ...(realPy ? [realPy.url('/simple/')] : [])];
    for (const indexUrl of urls) {
      const idx = client({ indexUrl });
      let n = 0;
      for (const project of [...new Set(real.map((r) => r.project))]) {
        for (const f of (await idx.getProject(project)).files) {
          const l = real.find((r) => r.filename === f.filename)!;
          expect(f.hashes['sha256']).toBe(l.sha256);
          expect(await idx.getMetadata(f)).toEqual((await readWheelFile(l.path, { verifyRecord: false })).metadata);
          n++;
        }
      }
      expect(n).toBe(real.length);
      const stats = idx.stats();
      if (indexUrl === realServe.url) expect(stats.metadata.metadataFile).toBe(real.length);
      else expect(stats.metadata.wholeFile).toBe(real.length);
    }
  });
});

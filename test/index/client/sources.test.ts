/**
 * Which files a project gets from several sources: the index strategies against a
 * dependency-confusion setup (an internal and a public index with the same project name),
 * and find-links in every form pip accepts (a relative folder, a file:// URL, a local HTML
 * file, a remote page, a single archive), merged with the indexes under both strategies.
 */
import { writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, UsageError } from '../../../src/errors.js';
import { createPackageIndex, type PackageIndexClient, type PackageIndexOptions } from '../../../src/index/index.js';
import { startServer, type RunningServer } from '../../../src/serve/index.js';
import { FaultServer } from '../../helpers/fault-server.js';
import { hasPython } from '../../helpers/python.js';
import { PythonHttpServer } from '../../helpers/python-http-server.js';
import { writeWheelhouse, type Listed } from './fixtures.js';

let root: string;
const servers: RunningServer[] = [];
const clients: PackageIndexClient[] = [];

function client(options: PackageIndexOptions): PackageIndexClient {
  const c = createPackageIndex({ noCache: true, retries: 0, http: { netrc: false, env: {} }, ...options });
  clients.push(c);
  return c;
}

async function serveDir(name: string, specs: Parameters<typeof writeWheelhouse>[1]): Promise<RunningServer> {
  const dir = path.join(root, name);
  await writeWheelhouse(dir, specs);
  const s = await startServer({ dir, port: 0 });
  servers.push(s);
  return s;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-sources-'));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  await rm(root, { recursive: true, force: true });
});

describe('dependency confusion: the same project name on two indexes', () => {
  let internal: RunningServer;
  let publicIndex: RunningServer;
  beforeAll(async () => {
    internal = await serveDir('internal', [
      { name: 'corp-tool', version: '1.0' },
      { name: 'shared', version: '1.0' },
    ]);
    publicIndex = await serveDir('public', [
      { name: 'corp_tool', version: '99.0', requiresDist: ['evil'] },
      { name: 'shared', version: '2.0' },
      { name: 'public-only', version: '1.0' },
    ]);
  });

  it('first-index: a project on the first index is never taken from a later one', async () => {
    const idx = client({ indexUrl: internal.url, extraIndexUrls: [publicIndex.url] });
    expect(idx.strategy).toBe('first-index');
    const corp = await idx.getProject('corp-tool');
    expect(corp.files.map((f) => f.filename)).toEqual(['corp_tool-1.0-py3-none-any.whl']);
    expect(corp.files.every((f) => f.origin === internal.url)).toBe(true);
    expect((await idx.getProject('shared')).files.map((f) => f.version.toString())).toEqual(['1.0']);
    // A project only the later index has comes from it.
    const pub = await idx.getProject('public-only');
    expect(pub.files.map((f) => f.origin)).toEqual([publicIndex.url]);
    expect(pub.consulted).toEqual([internal.url, publicIndex.url]);
    // The public index was asked only for the project the internal one lacks: internal
    // project names never leave for a later index.
    expect(idx.stats().pageFetches).toEqual({
      [`${internal.url}corp-tool/`]: 1,
      [`${internal.url}shared/`]: 1,
      [`${internal.url}public-only/`]: 1,
      [`${publicIndex.url}public-only/`]: 1,
    });
  });

  it('first-index follows the order given: the public index first means its files', async () => {
    const idx = client({ indexUrl: publicIndex.url, extraIndexUrls: [internal.url] });
    expect((await idx.getProject('corp-tool')).files.map((f) => f.version.toString())).toEqual(['99.0']);
  });

  it('unsafe-best-match merges every index, as pip does', async () => {
    const idx = client({ indexUrl: internal.url, extraIndexUrls: [publicIndex.url], indexStrategy: 'unsafe-best-match' });
    const corp = await idx.getProject('corp-tool');
    expect(corp.files.map((f) => [f.version.toString(), f.origin])).toEqual([
      ['1.0', internal.url],
      ['99.0', publicIndex.url],
    ]);
  });

  it('an earlier index that fails is an error, never skipped in favour of a later one', async () => {
    const broken = await FaultServer.start();
    try {
      broken.route('/simple/corp-tool/', { status: 503 });
      for (const indexStrategy of ['first-index', 'unsafe-best-match'] as const) {
        const idx = client({ indexUrl: broken.url('/simple/'), extraIndexUrls: [publicIndex.url], indexStrategy });
        const err = await idx.getProject('corp-tool').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(NetworkError);
        expect((err as NetworkError).message).toContain(broken.url('/simple/corp-tool/'));
      }
      // Once the earlier index has answered, a later one's failure does not matter under first-index.
      const ok = client({ indexUrl: internal.url, extraIndexUrls: [broken.url('/simple/')] });
      expect((await ok.getProject('corp-tool')).files).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });
});

describe('find-links in every form, merged with the indexes', () => {
  let index: RunningServer;
  let py: PythonHttpServer | undefined;
  const forms: Record<string, Listed[]> = {};

  beforeAll(async () => {
    index = await serveDir('fl-index', [{ name: 'gamma', version: '0.9' }]);
    forms['dir'] = await writeWheelhouse(path.join(root, 'fl-dir'), [
      { name: 'gamma', version: '1.0' },
      { name: 'delta', version: '1.0' },
    ]);
    forms['url'] = await writeWheelhouse(path.join(root, 'fl-url'), [{ name: 'gamma', version: '1.1' }]);
    forms['html'] = await writeWheelhouse(path.join(root, 'fl-html'), [{ name: 'gamma', version: '1.2', requiresPython: '>=3.10' }]);
    const g12 = forms['html']![0]!;
    await writeFile(
      path.join(root, 'fl-html', 'links.html'),
      `<html><body><a href="${g12.filename}#sha256=${g12.sha256}" data-requires-python="&gt;=3.10">${g12.filename}</a> <a href="elsewhere/">a folder</a></body></html>`,
    );
    forms['remote'] = await writeWheelhouse(path.join(root, 'fl-remote'), [{ name: 'gamma', version: '1.3', sdist: 'in-tree' }]);
    forms['archive'] = await writeWheelhouse(path.join(root, 'fl-archive'), [{ name: 'gamma', version: '1.4' }]);
    if (hasPython()) py = await PythonHttpServer.start(root);
  });
  afterAll(async () => {
    await py?.close();
  });

  function findLinks(): string[] {
    return [
      path.relative(process.cwd(), path.join(root, 'fl-dir')),
      pathToFileURL(path.join(root, 'fl-url')).href,
      path.join(root, 'fl-html', 'links.html'),
      ...(py ? [py.url('/fl-remote/')] : []),
      forms['archive']![0]!.path,
    ];
  }

  it.each(['first-index', 'unsafe-best-match'] as const)('%s: every location contributes, find-links first, then the index', async (indexStrategy) => {
    const idx = client({ indexUrl: index.url, findLinks: findLinks(), indexStrategy });
    const gamma = await idx.getProject('gamma');
    const expected = ['1.0', '1.1', '1.2', ...(py ? ['1.3', '1.3'] : []), '1.4', '0.9'];
    expect(gamma.files.map((f) => f.version.toString())).toEqual(expected);
    expect(gamma.files.at(-1)!.origin).toBe(index.url);
    const html = gamma.files.find((f) => f.version.toString() === '1.2')!;
    expect(html).toMatchObject({ hashes: { sha256: forms['html']![0]!.sha256 }, requiresPython: '>=3.10', origin: pathToFileURL(path.join(root, 'fl-html', 'links.html')).href });
    const local = gamma.files.find((f) => f.version.toString() === '1.0')!;
    expect(local.url).toBe(pathToFileURL(path.join(root, 'fl-dir', 'gamma-1.0-py3-none-any.whl')).href);
    expect(local.hashes).toEqual({});
    if (py) expect(gamma.files.filter((f) => f.url.startsWith(py!.origin)).map((f) => f.kind).sort()).toEqual(['sdist', 'wheel']);
    // A project only find-links has.
    expect((await idx.getProject('delta')).files.map((f) => f.filename)).toEqual(['delta-1.0-py3-none-any.whl']);
  });

  it('reads each location once however many projects are asked for', async () => {
    const idx = client({ noIndex: true, findLinks: findLinks() });
    await Promise.all(['gamma', 'delta', 'nothing', 'gamma', 'epsilon'].map((p) => idx.getProject(p)));
    const stats = idx.stats();
    expect(stats.findLinks.local).toBe(3);
    expect(stats.findLinks.requests).toBe(py ? 1 : 0);
    expect(stats.pages.requests).toBe(0);
    expect(idx.indexUrls).toEqual([]);
  });

  it('gets metadata and hashes of find-links files: local ones read in place, remote ones fetched', async () => {
    const idx = client({ noIndex: true, findLinks: findLinks() });
    const gamma = (await idx.getProject('gamma')).files;
    for (const f of gamma) {
      if (f.kind === 'sdist') continue;
      expect((await idx.getMetadata(f)).version).toBe(f.version.toString());
    }
    const local = gamma.find((f) => f.version.toString() === '1.0')!;
    expect(await idx.sha256Of(local)).toBe(forms['dir']![0]!.sha256);
    const stats = idx.stats();
    expect(stats.metadata.local).toBe(4);
    if (py) expect(stats.metadata.wholeFile).toBe(1);
  });

  it('refuses a find-links or index path that does not exist, naming it', () => {
    expect(() => createPackageIndex({ findLinks: [path.join(root, 'no-such-folder')] })).toThrow(UsageError);
    expect(() => createPackageIndex({ indexUrl: path.join(root, 'no-such-index') })).toThrow(/does not exist/);
  });
});

/**
 * Direct references: one candidate from the named archive, its metadata through the
 * index; directories and VCS URLs refused with a clear error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePackage, type WrittenFile } from '../../fixtures/generator/index.js';
import { createPackageIndex } from '../../src/index/client/index.js';
import { ResolutionError } from '../../src/errors.js';
import { resolveLock } from '../../src/resolver/index.js';
import { MemoryPackageIndex, type MemoryRelease } from '../helpers/memory-package-index.js';
import { lockRequest, WINDOWS } from './support/lock-request.js';

const releases: MemoryRelease[] = [
  { name: 'a', version: '1.0', requires: ['b>=1'], wheels: ['py3-none-any'], sdist: true },
  { name: 'a', version: '9.0' },
  { name: 'b', version: '1.0' },
  { name: 'c', version: '1.0', requires: ['a>=2'] },
  { name: 'n', version: '1.0', wheels: ['cp312-cp312-manylinux_2_17_x86_64'] },
];
const WHEEL_URL = 'https://memory.test/files/a-1.0-py3-none-any.whl';

async function message(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e: Error) => `${e.constructor.name}: ${e.message}`,
  );
}

describe('direct references', () => {
  it('use the named wheel as the only candidate, with its metadata from the index', async () => {
    const index = new MemoryPackageIndex(releases);
    const { lock } = await resolveLock(lockRequest([`a @ ${WHEEL_URL}#sha256=${'ab'.repeat(32)}`]), index);
    expect(lock.packages.map((p) => `${p.name}==${p.version}`)).toEqual(['a==1.0', 'b==1.0']);
    const a = lock.packages[0]!;
    expect(a.direct).toEqual({ kind: 'url', url: `${WHEEL_URL}#sha256=${'ab'.repeat(32)}` });
    expect(a.files).toEqual([expect.objectContaining({ filename: 'a-1.0-py3-none-any.whl', url: WHEEL_URL, hashes: { sha256: 'ab'.repeat(32) } })]);
    expect(a.files[0]!.index).toBeUndefined();
    expect(index.calls.getMetadata).toContain('a-1.0-py3-none-any.whl');
    expect(index.calls.getProject).not.toContain('a');
  });

  it('hold against a dependency that needs another version', async () => {
    expect(await message(resolveLock(lockRequest([`a @ ${WHEEL_URL}`, 'c']), new MemoryPackageIndex(releases)))).toMatch(/c.* depends on a>=2/);
  });

  it('check the wheel against the target', async () => {
    const url = 'https://memory.test/files/n-1.0-cp312-cp312-manylinux_2_17_x86_64.whl';
    expect(await message(resolveLock(lockRequest([`n @ ${url}`], { targets: [WINDOWS] }), new MemoryPackageIndex(releases)))).toContain(`no wheel for ${WINDOWS.name}`);
  });

  it.each([
    ['a VCS URL', 'a @ git+https://example.org/a.git@v1', 'a VCS URL needs a checkout and a build, and building is not supported yet'],
    ['a directory', 'a @ file:///home/user/a/', 'a directory needs a build, and building is not supported yet'],
    ['a project folder', 'a @ file:///home/user/a', 'a project directory needs a build, and building is not supported yet'],
    ['another project\'s file', 'a @ https://memory.test/files/b-1.0-py3-none-any.whl', 'wrong project name'],
  ])('refuse %s with a ResolutionError naming the requirement', async (_what, line, why) => {
    const err = await resolveLock(lockRequest([line]), new MemoryPackageIndex(releases)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResolutionError);
    expect((err as Error).message).toContain('requirements.in:1');
    expect((err as Error).message).toContain(why);
  });

  it('refuse two different URLs for one project', async () => {
    const lines = [`a @ ${WHEEL_URL}`, 'a @ https://memory.test/files/a-1.0.tar.gz'];
    expect(await message(resolveLock(lockRequest(lines), new MemoryPackageIndex(releases)))).toContain('a is required from two different URLs');
  });

  it('in metadata are refused unless the root names the project', async () => {
    const index = new MemoryPackageIndex([...releases, { name: 'd', version: '1.0', requires: [`b @ https://memory.test/files/b-1.0-py3-none-any.whl`] }]);
    expect(await message(resolveLock(lockRequest(['d']), index))).toContain('a direct reference that only a root requirement may make');
  });
});

describe('direct references to local archives, through the index client', () => {
  let dir: string;
  let written: WrittenFile[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wheelhouse-direct-'));
    written = [
      ...(await writePackage({ name: 'local-wheel', version: '1.0', requiresDist: ['local-sdist'] }, dir)),
      ...(await writePackage({ name: 'local-sdist', version: '2.0', wheel: false, sdist: 'in-tree' }, dir)),
    ];
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('read the metadata of a wheel and an sdist (static PKG-INFO), and hash both', async () => {
    const index = createPackageIndex({ noIndex: true, noCache: true, http: { netrc: false, env: {} } });
    try {
      const lines = written.map((w) => `${w.kind === 'wheel' ? 'local-wheel' : 'local-sdist'} @ ${pathToFileURL(w.path).href}`);
      const { lock } = await resolveLock(lockRequest(lines), index);
      expect(lock.packages.map((p) => [p.name, p.version, p.direct?.kind, p.files[0]!.hashes.sha256])).toEqual([
        ['local-sdist', '2.0', 'path', written[1]!.sha256],
        ['local-wheel', '1.0', 'path', written[0]!.sha256],
      ]);
      expect(lock.packages[0]!.via).toEqual(['-r requirements.in', 'local-wheel']);
    } finally {
      await index.close();
    }
  });
});

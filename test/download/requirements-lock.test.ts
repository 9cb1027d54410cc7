/**
 * A hashed requirements.txt as a lock (src/download/requirements-lock.ts): each pin's files
 * found on the index by name and version and kept only when a hash matches; markers pick
 * the targets; a pin no file matches is an error naming the file and line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFromRequirements } from '../../src/download/requirements-lock.js';
import { DownloadError } from '../../src/errors.js';
import { readRequirementsLock } from '../../src/lockfile/requirements-txt-reader.js';
import { lockTarget } from '../../src/resolver/merge-lock.js';
import { parseTarget } from '../../src/tags/index.js';
import { fakeSha256, MemoryPackageIndex } from '../helpers/memory-package-index.js';

const linux = lockTarget(parseTarget('cp311-manylinux_2_28_x86_64'));
const windows = lockTarget(parseTarget('cp312-win_amd64'));

describe('lockFromRequirements', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wh-reqlock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const index = () =>
    new MemoryPackageIndex([
      { name: 'a', version: '1.0', wheels: ['py3-none-any', 'cp312-cp312-win_amd64'], sdist: true },
      { name: 'a', version: '2.0' },
      { name: 'winonly', version: '1.0', noHash: true },
    ]);

  async function lockOf(text: string) {
    const file = path.join(dir, `r${Math.random().toString(16).slice(2)}.txt`);
    await writeFile(file, text);
    return readRequirementsLock(file);
  }

  it('keeps the files whose hash the pin lists, and gives each pin the targets its marker selects', async () => {
    const keep = ['a-1.0-py3-none-any.whl', 'a-1.0.tar.gz'];
    const read = await lockOf(
      `a==1.0 ${keep.map((f) => `--hash=sha256:${fakeSha256(f)}`).join(' ')}\n` + `winonly==1.0 ; sys_platform == "win32" --hash=sha256:${fakeSha256('winonly-1.0-py3-none-any.whl')}\n`,
    );
    const idx = index();
    const lock = await lockFromRequirements(read, [linux, windows], idx);
    expect(lock.targets.map((t) => t.name)).toEqual(['cp311-manylinux_2_28_x86_64', 'cp312-win_amd64']);
    const a = lock.packages.find((p) => p.name === 'a')!;
    expect(a.files.map((f) => f.filename).sort()).toEqual(keep);
    expect(a.targets).toEqual(['cp311-manylinux_2_28_x86_64', 'cp312-win_amd64']);
    expect(a.files.every((f) => f.url.startsWith('https://memory.test/files/') && f.index !== undefined)).toBe(true);
    const w = lock.packages.find((p) => p.name === 'winonly')!;
    expect(w.targets).toEqual(['cp312-win_amd64']);
    expect(w.marker).toBe('sys_platform == "win32"');
    // The index gave no hash for winonly: it was hashed by download.
    expect(idx.calls.sha256Of).toEqual(['winonly-1.0-py3-none-any.whl']);
    expect(w.files[0]!.hashes.sha256).toBe(fakeSha256('winonly-1.0-py3-none-any.whl'));
  });

  it('a pin for no target is left out without asking the index', async () => {
    const read = await lockOf(`winonly==1.0 ; sys_platform == "win32" --hash=sha256:${'0'.repeat(64)}\n`);
    const idx = index();
    const lock = await lockFromRequirements(read, [linux], idx);
    expect(lock.packages).toEqual([]);
    expect(idx.calls.sha256Of).toEqual([]);
  });

  it('a pin whose hashes match no file on the index is a DownloadError at its line', async () => {
    const read = await lockOf(`# lock\na==1.0 --hash=sha256:${'1'.repeat(64)}\n`);
    const err = await lockFromRequirements(read, [linux], index()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).message).toMatch(/no file of a==1\.0 .* matches the hashes of the lock/);
    expect((err as DownloadError).location?.line).toBe(2);
  });
});

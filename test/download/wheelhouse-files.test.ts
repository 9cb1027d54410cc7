/**
 * The files a wheelhouse explains itself with (src/download/wheelhouse-files.ts): its own
 * requirements.txt (--no-index, --find-links ., hashes of the files in the folder only),
 * pylock.toml with `path` entries, manifest.json — no credentials anywhere.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDownloads } from '../../src/download/choose-files.js';
import type { DownloadedFile } from '../../src/download/contract.js';
import { buildManifest, wheelhouseLock, wheelhousePylock, wheelhouseRequirementsTxt, writeWheelhouseFiles } from '../../src/download/wheelhouse-files.js';
import { readPylock } from '../../src/lockfile/pylock-reader.js';
import type { Lock, LockedFile } from '../../src/lockfile/model.js';
import { lockTarget } from '../../src/resolver/merge-lock.js';
import { parseTarget } from '../../src/tags/index.js';

const linux = lockTarget(parseTarget('cp311-manylinux_2_28_x86_64'));
const windows = lockTarget(parseTarget('cp312-win_amd64'));

function file(filename: string, digit: string, extra: Partial<LockedFile> = {}): LockedFile {
  return { filename, kind: filename.endsWith('.whl') ? 'wheel' : 'sdist', url: `https://user:secret@files.example/${filename}`, index: 'https://files.example/simple/', hashes: { sha256: digit.repeat(64) }, size: 10, ...extra };
}

const lock: Lock = {
  targets: [linux, windows],
  packages: [
    {
      name: 'native',
      version: '1.0',
      targets: [linux.name, windows.name],
      extras: [],
      files: [file('native-1.0-cp311-cp311-manylinux_2_28_x86_64.whl', 'a', { uploadTime: '2024-01-02T03:04:05Z' }), file('native-1.0-cp311-cp311-macosx_11_0_arm64.whl', 'b'), file('native-1.0.tar.gz', 'c')],
      dependencies: [],
      via: ['-r requirements.in'],
    },
    {
      name: 'direct',
      version: '',
      targets: [linux.name],
      extras: [],
      direct: { kind: 'url', url: 'https://files.example/direct-2.0-py3-none-any.whl' },
      files: [file('direct-2.0-py3-none-any.whl', 'd')],
      dependencies: [],
      via: ['-r requirements.in'],
    },
  ],
  hashPolicy: 'all',
  options: { indexUrl: 'https://user:secret@files.example/simple/', extraIndexUrls: ['https://extra.example/simple/'], findLinks: [], noIndex: false, onlyBinary: [], noBinary: [], preferBinary: false, pre: false },
  inputs: ['requirements.in'],
};

describe('wheelhouse files', () => {
  const plan = planDownloads(lock);
  const names = [linux.name, windows.name];
  const own = wheelhouseLock(lock, plan.files, names);

  it('requirements.txt installs from the folder: --no-index, --find-links ., only the hashes of the files in it', () => {
    const text = wheelhouseRequirementsTxt(own);
    expect(text).toMatch(/^--no-index\n--find-links \.\n/m);
    expect(text).not.toContain('--index-url');
    expect(text).not.toContain('secret');
    expect(text).toContain(`native==1.0 \\\n    --hash=sha256:${'a'.repeat(64)} \\\n    --hash=sha256:${'c'.repeat(64)}\n`);
    expect(text).not.toContain('b'.repeat(64));
    // The direct reference is a plain pin now that its file is in the folder.
    expect(text).toMatch(/^direct==2\.0 ; .*\n    --hash=sha256:d{64}/m);
    expect(text).not.toContain('direct @');
  });

  it('pylock.toml gives each file a path relative to the folder and keeps its url without credentials', () => {
    const text = wheelhousePylock(own);
    expect(text).toContain('path = "native-1.0.tar.gz"');
    expect(text).toContain('url = "https://files.example/native-1.0.tar.gz"');
    expect(text).not.toContain('secret');
    const read = readPylock(text);
    expect(read.lock.packages.map((p) => `${p.name}==${p.version}`)).toEqual(['direct==2.0', 'native==1.0']);
    expect(read.lock.packages.find((p) => p.name === 'native')!.files.map((f) => f.filename).sort()).toEqual(['native-1.0-cp311-cp311-manylinux_2_28_x86_64.whl', 'native-1.0.tar.gz']);
  });

  it('the manifest lists every file with size, sha256, upload time, index and targets', () => {
    const downloaded = new Map<string, DownloadedFile>(
      plan.files.map((p) => [p.file.filename, { filename: p.file.filename, path: p.file.filename, package: p.package.name, version: p.package.version, kind: p.file.kind, sha256: p.file.hashes.sha256, size: 10, status: 'downloaded', targets: p.targets }]),
    );
    const manifest = buildManifest(names, plan.files, downloaded, plan.needsBuild);
    expect(manifest.manifestVersion).toBe(1);
    expect(manifest.files).toEqual([
      { filename: 'direct-2.0-py3-none-any.whl', package: 'direct', version: '', kind: 'wheel', size: 10, sha256: 'd'.repeat(64), index: 'https://files.example/simple/', url: 'https://files.example/direct-2.0-py3-none-any.whl', targets: [linux.name] },
      { filename: 'native-1.0-cp311-cp311-manylinux_2_28_x86_64.whl', package: 'native', version: '1.0', kind: 'wheel', size: 10, sha256: 'a'.repeat(64), uploadTime: '2024-01-02T03:04:05Z', index: 'https://files.example/simple/', url: 'https://files.example/native-1.0-cp311-cp311-manylinux_2_28_x86_64.whl', targets: [linux.name] },
      { filename: 'native-1.0.tar.gz', package: 'native', version: '1.0', kind: 'sdist', size: 10, sha256: 'c'.repeat(64), index: 'https://files.example/simple/', url: 'https://files.example/native-1.0.tar.gz', targets: [windows.name] },
    ]);
    expect(manifest.needsBuild).toEqual([{ package: 'native', version: '1.0', target: windows.name, sdist: 'native-1.0.tar.gz' }]);
    expect(JSON.stringify(manifest)).not.toContain('secret');
  });

  describe('writeWheelhouseFiles', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'wh-files-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    it('writes the three files and nothing else (no temporary file left)', async () => {
      const manifest = buildManifest(names, plan.files, new Map(), plan.needsBuild);
      expect(await writeWheelhouseFiles(dir, own, manifest)).toEqual(['requirements.txt', 'pylock.toml', 'manifest.json']);
      expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'pylock.toml', 'requirements.txt']);
      expect(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(manifest)));
    });
  });
});

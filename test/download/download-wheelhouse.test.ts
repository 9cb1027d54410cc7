/**
 * `downloadWheelhouse` as a library call (src/download/download-wheelhouse.ts), against a
 * fault-injecting server: the report, the progress events, a second run that finds every
 * file present, and a failing file that stops the run with nothing partial left and no
 * lock files written.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWheelhouse } from '../../src/download/index.js';
import type { DownloadProgress } from '../../src/download/contract.js';
import { HashMismatchError } from '../../src/errors.js';
import { createPackageIndex, type PackageIndexClient } from '../../src/index/client/index.js';
import type { Lock, LockedPackage } from '../../src/lockfile/model.js';
import { lockTarget } from '../../src/resolver/merge-lock.js';
import { parseTarget } from '../../src/tags/index.js';
import { FaultServer, generatedBytes } from '../helpers/fault-server.js';

const linux = lockTarget(parseTarget('cp311-manylinux_2_28_x86_64'));
const windows = lockTarget(parseTarget('cp312-win_amd64'));

let server: FaultServer;
let index: PackageIndexClient;
let root: string;

function body(n: number, size = 50_000): Buffer {
  return generatedBytes(n * 1000, size);
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function pkg(name: string, files: Array<[string, Buffer]>, targets: string[]): LockedPackage {
  return {
    name,
    version: '1.0',
    targets,
    extras: [],
    files: files.map(([filename, bytes]) => ({ filename, kind: filename.endsWith('.whl') ? 'wheel' : 'sdist', url: server.url(`/files/${filename}`), hashes: { sha256: sha(bytes) }, size: bytes.length })),
    dependencies: [],
    via: [],
  };
}

function lockOf(packages: LockedPackage[]): Lock {
  return { targets: [linux, windows], packages, hashPolicy: 'all', options: { extraIndexUrls: [], findLinks: [], noIndex: true, onlyBinary: [], noBinary: [], preferBinary: false, pre: false }, inputs: [] };
}

beforeAll(async () => {
  server = await FaultServer.start();
  index = createPackageIndex({ noIndex: true, noCache: true, http: { retries: 1, retryBaseDelayMs: 1, retryMaxDelayMs: 2, env: {}, netrc: false } });
  root = await mkdtemp(path.join(tmpdir(), 'wh-dlw-'));
});
afterAll(async () => {
  await index.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('downloadWheelhouse', () => {
  it('downloads each chosen file once, reports it, and finds everything present the second time', async () => {
    const files: Array<[string, Buffer]> = [
      ['pure-1.0-py3-none-any.whl', body(1)],
      ['native-1.0-cp311-cp311-manylinux_2_28_x86_64.whl', body(2)],
      ['native-1.0-cp312-cp312-win_amd64.whl', body(3)],
      ['native-1.0-cp311-cp311-macosx_11_0_arm64.whl', body(4)],
    ];
    for (const [name, bytes] of files) server.route(`/files/${name}`, { body: bytes, etag: `"${name}"` });
    const lock = lockOf([pkg('native', files.slice(1), [linux.name, windows.name]), pkg('pure', files.slice(0, 1), [linux.name, windows.name])]);
    const dest = path.join(root, 'ok');
    const events: DownloadProgress[] = [];
    const report = await downloadWheelhouse({ lock, dest, onProgress: (e) => events.push(e), concurrency: 2 }, index);
    expect(report.files.map((f) => [f.filename, f.status, f.targets])).toEqual([
      ['native-1.0-cp311-cp311-manylinux_2_28_x86_64.whl', 'downloaded', [linux.name]],
      ['native-1.0-cp312-cp312-win_amd64.whl', 'downloaded', [windows.name]],
      ['pure-1.0-py3-none-any.whl', 'downloaded', [linux.name, windows.name]],
    ]);
    expect(report.bytesDownloaded).toBe(150_000);
    expect(report.written).toEqual(['requirements.txt', 'pylock.toml', 'manifest.json']);
    expect(events[0]).toEqual({ kind: 'plan', files: 3, bytes: 150_000 });
    expect(events.filter((e) => e.kind === 'done')).toHaveLength(3);
    expect(server.requestsTo('/files/native-1.0-cp311-cp311-macosx_11_0_arm64.whl')).toHaveLength(0);
    expect((await readdir(dest)).sort()).toEqual([...report.files.map((f) => f.filename), 'manifest.json', 'pylock.toml', 'requirements.txt'].sort());

    const again = await downloadWheelhouse({ lock, dest, targets: [windows.name] }, index);
    expect(again.files.map((f) => [f.filename, f.status])).toEqual([
      ['native-1.0-cp312-cp312-win_amd64.whl', 'present'],
      ['pure-1.0-py3-none-any.whl', 'present'],
    ]);
    expect(again.bytesDownloaded).toBe(0);
  });

  it('one bad file stops the run: the transfers in flight are dropped, no temporary file and no lock file is left', async () => {
    const good: Array<[string, Buffer]> = Array.from({ length: 4 }, (_, i) => [`slow${i}-1.0-py3-none-any.whl`, body(10 + i, 400_000)] as [string, Buffer]);
    for (const [name, bytes] of good) server.route(`/files/${name}`, { body: bytes, bytesPerSecond: 200_000 });
    const bad = body(20);
    server.route('/files/bad-1.0-py3-none-any.whl', { body: body(21) });
    const lock = lockOf([pkg('bad', [['bad-1.0-py3-none-any.whl', bad]], [linux.name]), ...good.map(([n, b]) => pkg(n.split('-')[0]!, [[n, b]], [linux.name]))]);
    const dest = path.join(root, 'bad');
    const err = await downloadWheelhouse({ lock, dest, concurrency: 5 }, index).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HashMismatchError);
    expect((err as Error).message).toContain('bad-1.0-py3-none-any.whl');
    // The slow files were stopped, not finished; nothing unverified or temporary remains.
    expect(await readdir(dest)).toEqual([]);
  });

  it('a lock without targets is a usage error (the command supplies them)', async () => {
    await expect(downloadWheelhouse({ lock: { ...lockOf([]), targets: [] }, dest: path.join(root, 'none') }, index)).rejects.toThrow(/names no target/);
  });
});

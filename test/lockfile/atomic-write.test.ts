/**
 * writeLockfileAtomic: the new content replaces the old at once, the file keeps its mode,
 * and a failure (a rename that fails, a target that is a directory) leaves the previous
 * file untouched and no temporary file behind.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LockfileError } from '../../src/errors.js';
import { writeLockfileAtomic } from '../../src/lockfile/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wh-lock-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

describe('writeLockfileAtomic', () => {
  it('writes a new file, and replaces an old one keeping its mode', async () => {
    const file = path.join(dir, 'sub', 'requirements.txt');
    await writeLockfileAtomic(file, 'six==1.16.0\n');
    expect(readFileSync(file, 'utf8')).toBe('six==1.16.0\n');
    chmodSync(file, 0o600);
    await writeLockfileAtomic(file, Buffer.from('six==1.17.0\n'));
    expect(readFileSync(file, 'utf8')).toBe('six==1.17.0\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['requirements.txt']);
  });

  it('leaves the previous file untouched when the rename fails', async () => {
    const file = path.join(dir, 'pylock.toml');
    writeFileSync(file, 'old\n');
    vi.spyOn(fs, 'rename').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }));
    const failure = writeLockfileAtomic(file, 'new\n');
    await expect(failure).rejects.toBeInstanceOf(LockfileError);
    await expect(failure).rejects.toMatchObject({ message: `cannot write the lockfile ${file}: EIO: i/o error, rename`, location: { file } });
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((f) => f.startsWith('.pylock.toml'))).toEqual([]);
  });

  it('refuses a directory in the way', async () => {
    const target = path.join(dir, 'is-a-dir');
    mkdirSync(target);
    await expect(writeLockfileAtomic(target, 'x')).rejects.toThrow(/cannot write the lockfile .*is-a-dir: it is a directory/);
    expect(readdirSync(dir).filter((f) => f.includes('is-a-dir.tmp'))).toEqual([]);
  });

  it('removes a temporary file of the same lockfile left by a writer that died, and keeps a live writer\'s', async () => {
    const sub = path.join(dir, 'leftovers');
    mkdirSync(sub);
    const dead = spawnSync(process.execPath, ['-e', '']).pid!; // exited: its pid names no running process
    const deadTemp = `.requirements.txt.tmp-${dead}-0123456789ab`;
    const liveTemp = `.requirements.txt.tmp-${process.ppid}-0123456789ab`;
    const otherTemp = `.other.txt.tmp-${dead}-0123456789ab`;
    for (const name of [deadTemp, liveTemp, otherTemp]) writeFileSync(path.join(sub, name), 'partial');
    await writeLockfileAtomic(path.join(sub, 'requirements.txt'), 'six==1.16.0\n');
    expect(readdirSync(sub).sort()).toEqual([otherTemp, liveTemp, 'requirements.txt'].sort());
  });
});

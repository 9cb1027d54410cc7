/** The downloader's temporary files (src/download/temp-files.ts): named, owned, claimed, swept. */
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimPartialDownload, isDownloadTempName, parseTempName, processAlive, removeStaleDownloadTemps, tempPathFor } from '../../src/download/temp-files.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
/** Above Linux's largest pid_max (2^22): no process has it. */
const DEAD = 4_194_305;
const LIVE = process.ppid;

describe('download temporary files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wh-temps-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are named after the sha256 they will hold and their owner, with a prefix pip ignores', () => {
    const name = path.basename(tempPathFor(dir, A));
    expect(name).toMatch(new RegExp(`^\\.wheelhouse-tmp-${A}\\.${process.pid}-[0-9a-f]+$`));
    expect(parseTempName(name)).toEqual({ sha256: A, pid: process.pid });
    expect(parseTempName(`.wheelhouse-tmp-${A}`)).toEqual({ sha256: A });
    expect(path.basename(tempPathFor(dir, A))).not.toBe(name);
    expect(isDownloadTempName(name)).toBe(true);
    expect(isDownloadTempName('pkg-1.0-py3-none-any.whl')).toBe(false);
    expect(parseTempName('.wheelhouse-tmp-xyz')).toBeUndefined();
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(LIVE)).toBe(true);
    expect(processAlive(DEAD)).toBe(false);
  });

  it('the sweep removes abandoned ones, keeps wanted partials and live runs\' files, and touches nothing else', async () => {
    const keepA = tempPathFor(dir, A, DEAD);
    const liveB = tempPathFor(dir, B, LIVE);
    const mineB = tempPathFor(dir, B);
    await writeFile(keepA, 'partial a');
    await writeFile(tempPathFor(dir, B, DEAD), 'partial b of a dead run');
    await writeFile(liveB, 'partial b of a live run');
    await writeFile(mineB, 'partial b of this run');
    await writeFile(path.join(dir, `.wheelhouse-tmp-${B}`), 'ownerless, from an older run');
    await writeFile(path.join(dir, '.wheelhouse-tmp-junk'), 'x');
    await mkdir(path.join(dir, '.wheelhouse-tmp-dir'));
    await writeFile(path.join(dir, 'pkg-1.0-py3-none-any.whl'), 'wheel');
    const removed = await removeStaleDownloadTemps(dir, new Set([A]));
    expect(removed).toHaveLength(4);
    expect((await readdir(dir)).sort()).toEqual([path.basename(keepA), path.basename(liveB), path.basename(mineB), 'pkg-1.0-py3-none-any.whl'].sort());
    expect(await removeStaleDownloadTemps(dir)).toEqual([path.basename(keepA)]);
    expect(await removeStaleDownloadTemps(path.join(dir, 'missing'))).toEqual([]);
  });

  it('a partial of a dead run is claimed once; a live run\'s never', async () => {
    await writeFile(tempPathFor(dir, A, LIVE), 'live');
    expect(await claimPartialDownload(dir, A, tempPathFor(dir, A))).toBe(false);
    const dead = tempPathFor(dir, A, DEAD);
    await writeFile(dead, 'dead');
    const mine = tempPathFor(dir, A);
    const other = tempPathFor(dir, A, LIVE);
    const [first, second] = await Promise.all([claimPartialDownload(dir, A, mine), claimPartialDownload(dir, A, other)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect((await readdir(dir)).some((n) => n === path.basename(dead))).toBe(false);
    expect(await claimPartialDownload(dir, B, tempPathFor(dir, B))).toBe(false);
  });
});

/** The downloader's temporary files (src/download/temp-files.ts): named, recognised, swept. */
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDownloadTempName, removeStaleDownloadTemps, tempPathFor, tempSha256 } from '../../src/download/temp-files.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('download temporary files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wh-temps-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are named after the sha256 they will hold, with a prefix pip ignores', () => {
    const p = tempPathFor(dir, A);
    expect(path.basename(p)).toBe(`.wheelhouse-tmp-${A}`);
    expect(tempSha256(path.basename(p))).toBe(A);
    expect(isDownloadTempName(path.basename(p))).toBe(true);
    expect(isDownloadTempName('pkg-1.0-py3-none-any.whl')).toBe(false);
    expect(tempSha256('.wheelhouse-tmp-xyz')).toBeUndefined();
  });

  it('stale ones are removed at the start, partial files of wanted content kept, other files untouched', async () => {
    await writeFile(tempPathFor(dir, A), 'partial a');
    await writeFile(tempPathFor(dir, B), 'partial b');
    await writeFile(path.join(dir, '.wheelhouse-tmp-junk'), 'x');
    await mkdir(path.join(dir, '.wheelhouse-tmp-dir'));
    await writeFile(path.join(dir, 'pkg-1.0-py3-none-any.whl'), 'wheel');
    await writeFile(path.join(dir, 'requirements.txt'), '');
    const removed = await removeStaleDownloadTemps(dir, new Set([A]));
    expect(removed).toEqual([`.wheelhouse-tmp-${B}`, '.wheelhouse-tmp-dir', '.wheelhouse-tmp-junk']);
    expect((await readdir(dir)).sort()).toEqual([`.wheelhouse-tmp-${A}`, 'pkg-1.0-py3-none-any.whl', 'requirements.txt']);
    expect(await removeStaleDownloadTemps(dir)).toEqual([`.wheelhouse-tmp-${A}`]);
    expect(await removeStaleDownloadTemps(path.join(dir, 'missing'))).toEqual([]);
  });
});

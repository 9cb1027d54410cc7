/**
 * Guarantee: a PEP 658 `.metadata` that lies about a wheel's dependencies cannot slip a
 * wheelhouse through. The index serves `liar 1.0` whose `.metadata` (hash-consistent with
 * the page) leaves out a dependency the wheel's own METADATA declares. `lock` trusts the
 * index (as pip does) and `download` fetches what it locked; `verify`, reading each wheel's
 * own METADATA, finds the dependency unpinned and exits 1.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLocalIndex } from '../e2e/support/local-index.js';
import { runCliProcess } from './support/cli-process.js';
import { serveWrittenIndex, TARGETS, type ServedIndex } from './support/served-index.js';

let root: string;
let index: ServedIndex;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-metadata-lies-'));
  const local = await writeLocalIndex(path.join(root, 'index'), [
    { name: 'liar', version: '1.0', requiresDist: ['hidden-dep>=1'] },
    { name: 'hidden-dep', version: '1.0' },
  ]);
  index = await serveWrittenIndex(local);
  const liar = local.written.find((f) => f.fileName.startsWith('liar-'))!;
  const lying = Buffer.from(liar.metadata.toString('utf8').replace(/^Requires-Dist: hidden-dep.*\n/m, ''));
  expect(lying.toString()).not.toContain('hidden-dep');
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  index.server.route(`/files/${liar.fileName}.metadata`, { body: lying });
  index.server.route('/simple/liar/', {
    body: `<html><body><a href="/files/${liar.fileName}#sha256=${liar.sha256}" data-core-metadata="sha256=${sha(lying)}">${liar.fileName}</a></body></html>`,
    contentType: 'text/html',
  });
}, 60_000);

afterAll(async () => {
  await index?.server.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a .metadata that lies about dependencies', () => {
  it('lock and download follow the index; verify finds the missing dependency and exits 1', async () => {
    const dir = path.join(root, 'work');
    await mkdir(dir);
    await writeFile(path.join(dir, 'requirements.in'), 'liar\n');
    const common = ['--index-url', index.indexUrl, ...TARGETS, '--no-cache', '--quiet'];
    const lock = await runCliProcess(['lock', 'requirements.in', ...common], { cwd: dir });
    expect(lock.code, lock.stderr).toBe(0);
    const download = await runCliProcess(['download', 'requirements.txt', '-d', 'wh', '--index', ...common], { cwd: dir });
    expect(download.code, download.stderr).toBe(0);
    const verify = await runCliProcess(['verify', 'wh', '--lock', 'requirements.txt', ...TARGETS], { cwd: dir });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/^error\[E_VERIFY\]/m);
    expect(verify.stdout + verify.stderr).toMatch(/hidden-dep/);
    expect(verify.stdout).toMatch(/UNSATISFIED/);
  });
});

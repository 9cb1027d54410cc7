/**
 * find-links pages as they really come: the directory listing `python3 -m http.server`
 * serves (Python 3.11's SimpleHTTPRequestHandler), fetched over loopback and parsed as a
 * find-links page, with awkward file names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFindLinksHtml, simplePageFormat } from '../../../src/index/pages/index.js';
import { PYTHON, hasPython, isolatedPythonEnv } from '../../helpers/python.js';

const NAMES = [
  'plain-1.0.tar.gz',
  'with space-1.0.tar.gz',
  'local-1.0+cpu-py3-none-any.whl',
  'percent%41-1.0.zip',
  'hash#x-1.0.tar.gz',
  'amp&lt;-1.0.tar.gz',
  "quote'-1.0.tar.gz",
  'semi;colon-1.0.tar.gz',
  'unicode-é中😀-1.0.tar.gz',
];
/** Names a directory may hold but a wheelhouse never takes (src/filenames/safe-filename.ts). */
const UNSAFE = ['..dots-1.0.tar.gz', 'question?-1.0.tar.gz'];

describe.skipIf(!hasPython())('python3 -m http.server directory listings', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wheelhouse-listing-'));
    for (const name of [...NAMES, ...UNSAFE]) await writeFile(path.join(dir, name), name);
    await mkdir(path.join(dir, 'subdir'));
    server = spawn(PYTHON, ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir], { env: isolatedPythonEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server?.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /port (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server?.on('exit', (code) => reject(new Error(`http.server exited with ${code}`)));
    });
  });

  afterAll(async () => {
    if (server?.pid !== undefined && server.exitCode === null) server.kill('SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists every safe file of the directory, by its real name, and no directory', async () => {
    const url = `http://127.0.0.1:${port}/`;
    const response = await fetch(url);
    const format = simplePageFormat(response.headers.get('content-type') ?? undefined, url);
    expect(format.format).toBe('html-legacy');
    const body = new Uint8Array(await response.arrayBuffer());
    const { page, warnings } = parseFindLinksHtml(body, { url, ...(format.charset ? { charset: format.charset } : {}) });
    expect(warnings.map((w) => [w.code, decodeURIComponent(w.text ?? '')]).sort()).toEqual(UNSAFE.map((n) => ['unsafe-filename', n]).sort());
    const onDisk = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    expect(page.files.map((f) => f.filename).sort()).toEqual(onDisk.filter((n) => !UNSAFE.includes(n)).sort());
    expect(page.files.map((f) => f.filename).sort()).toEqual([...NAMES].sort());
    // Every URL fetches the file it names.
    for (const file of page.files) {
      const r = await fetch(file.url);
      expect(await r.text(), file.url).toBe(file.filename);
    }
  });
});

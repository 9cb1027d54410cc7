/**
 * The static PEP 503 tree: its files on disk, and real pip (23.2.1, isolated) installing
 * from it over HTTP (`python3 -m http.server` on 127.0.0.1) and over file://, with
 * hashes checked, yanked files and Requires-Python honoured, PEP 658 metadata fetched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/errors.js';
import { parseProjectListHtml, parseProjectPageHtml, writeStaticIndex, type StaticIndexFile } from '../../../src/index/pages/index.js';
import { PYTHON, hasPython, isolatedPythonEnv, pythonOutput } from '../../helpers/python.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A tiny hand-made wheel of `project`, importable as `project`. */
async function tinyWheel(dir: string, project: string, version: string, requiresPython?: string): Promise<{ name: string; metadata: string }> {
  const name = `${project}-${version}-py3-none-any.whl`;
  const metadata = ['Metadata-Version: 2.1', `Name: ${project}`, `Version: ${version}`, ...(requiresPython ? [`Requires-Python: ${requiresPython}`] : []), '', ''].join('\n');
  const files: [string, string][] = [
    [`${project}/__init__.py`, `__version__ = "${version}"\n`],
    [`${project}-${version}.dist-info/METADATA`, metadata],
    [`${project}-${version}.dist-info/WHEEL`, 'Wheel-Version: 1.0\nGenerator: wheelhouse-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n\n'],
  ];
  const record = files.map(([p, text]) => `${p},sha256=${createHash('sha256').update(text).digest('base64url')},${Buffer.byteLength(text)}`);
  files.push([`${project}-${version}.dist-info/RECORD`, `${record.join('\n')}\n${project}-${version}.dist-info/RECORD,,\n`]);
  const zip = new yazl.ZipFile();
  for (const [p, text] of files) zip.addBuffer(Buffer.from(text), p);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path.join(dir, name)));
  return { name, metadata };
}

function fileEntry(dir: string, filename: string, extra: Partial<StaticIndexFile> = {}): StaticIndexFile {
  const data = readFileSync(path.join(dir, filename));
  return { filename, hashes: { sha256: sha256(data) }, yanked: false, coreMetadata: false, size: data.length, ...extra };
}

describe('writeStaticIndex', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wheelhouse-static-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a root page and one page per normalized project, with relative file URLs', async () => {
    const simple = path.join(dir, 'a', 'simple');
    const file = { filename: 'Holy_Grail-1.0+local.tar.gz', hashes: { sha256: 'a'.repeat(64) }, yanked: false as const, coreMetadata: false };
    const result = await writeStaticIndex(simple, [
      { name: 'Holy_Grail', files: [file] },
      { name: 'holy.grail', files: [file, { ...file, filename: 'holy_grail-2.0.tar.gz' }] },
      { name: 'frob', files: [] },
    ]);
    expect(result.pages).toEqual([path.join(simple, 'frob', 'index.html'), path.join(simple, 'holy-grail', 'index.html'), path.join(simple, 'index.html')]);
    expect((await readdir(simple)).sort()).toEqual(['frob', 'holy-grail', 'index.html']);
    const pageUrl = 'https://cdn.example/x/simple/holy-grail/';
    const html = await readFile(path.join(simple, 'holy-grail', 'index.html'), 'utf8');
    expect(html).toContain('href="../../Holy_Grail-1.0%2Blocal.tar.gz#sha256=');
    const page = parseProjectPageHtml(html, { url: pageUrl, project: 'holy-grail' }).page;
    expect(page.files.map((f) => [f.filename, f.url])).toEqual([
      ['Holy_Grail-1.0+local.tar.gz', 'https://cdn.example/x/Holy_Grail-1.0%2Blocal.tar.gz'],
      ['holy_grail-2.0.tar.gz', 'https://cdn.example/x/holy_grail-2.0.tar.gz'],
    ]);
    const root = parseProjectListHtml(await readFile(path.join(simple, 'index.html')), { url: 'https://cdn.example/x/simple/' }).page;
    expect(root.projects).toEqual([
      { name: 'frob', url: 'https://cdn.example/x/simple/frob/' },
      { name: 'Holy_Grail', url: 'https://cdn.example/x/simple/holy-grail/' },
    ]);
  });

  it('rewrites in place: no temporary files left, stale project pages removed, foreign files kept', async () => {
    const simple = path.join(dir, 'b', 'simple');
    const file = { filename: 'x-1.0.tar.gz', hashes: {}, yanked: false as const, coreMetadata: false };
    await writeStaticIndex(simple, [{ name: 'old', files: [file] }, { name: 'kept', files: [file] }, { name: 'mine', files: [file] }]);
    await writeFile(path.join(simple, 'mine', 'notes.txt'), 'not ours');
    const again = await writeStaticIndex(simple, [{ name: 'kept', files: [file] }], { filesBaseUrl: 'https://files.example/' });
    expect(again.removed).toEqual([path.join(simple, 'old')]);
    expect((await readdir(simple)).sort()).toEqual(['index.html', 'kept', 'mine']);
    expect(await readdir(path.join(simple, 'kept'))).toEqual(['index.html']);
    expect(await readFile(path.join(simple, 'kept', 'index.html'), 'utf8')).toContain('href="https://files.example/x-1.0.tar.gz"');
  });

  it('refuses unsafe file names and invalid project names', async () => {
    const simple = path.join(dir, 'c', 'simple');
    const bad = { filename: '../../etc/passwd', hashes: {}, yanked: false as const, coreMetadata: false };
    await expect(writeStaticIndex(simple, [{ name: 'x', files: [bad] }])).rejects.toThrow(IndexError);
    await expect(writeStaticIndex(simple, [{ name: '../x', files: [] }])).rejects.toThrow(/not a valid project name/);
    expect(existsSync(simple)).toBe(false);
  });
});

describe.skipIf(!hasPython())('real pip against a written static tree', { timeout: 180_000 }, () => {
  let house: string;
  let server: ChildProcess | undefined;
  let port = 0;
  let serverLog = '';
  const wheels: Record<string, string> = {};

  beforeAll(async () => {
    house = await mkdtemp(path.join(tmpdir(), 'wheelhouse-pip-'));
    // Two real pip wheels nobody here wrote: ensurepip's and Debian's (when present).
    const bundled = pythonOutput('import ensurepip,os;print(os.path.join(os.path.dirname(ensurepip.__file__),"_bundled"))').trim();
    const sources = [bundled, '/usr/share/python-wheels'].filter(existsSync);
    for (const src of sources) {
      for (const f of await readdir(src)) {
        if (/^pip-[\d.]+-py3-none-any\.whl$/.test(f)) {
          await copyFile(path.join(src, f), path.join(house, f));
          wheels[f] = f;
        }
      }
    }
    const tiny1 = await tinyWheel(house, 'tiny', '1.0');
    // Requires-Python only on the page, not in the wheel: pip skipping 2.0 proves it read the attribute.
    const tiny2 = await tinyWheel(house, 'tiny', '2.0');
    const liar = await tinyWheel(house, 'liar', '1.0');
    await writeFile(path.join(house, `${tiny1.name}.metadata`), tiny1.metadata);
    const pipWheels = Object.keys(wheels).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const newest = pipWheels[pipWheels.length - 1];
    await writeStaticIndex(path.join(house, 'simple'), [
      {
        name: 'pip',
        // The newest is yanked when there are two: pip must then take the other.
        files: pipWheels.map((f) => fileEntry(house, f, pipWheels.length > 1 && f === newest ? { yanked: 'yanked for a test & "why" <not>' } : { requiresPython: '>=3.7' })),
      },
      {
        name: 'tiny',
        files: [
          fileEntry(house, tiny1.name, { coreMetadata: { sha256: sha256(Buffer.from(tiny1.metadata)) } }),
          fileEntry(house, tiny2.name, { requiresPython: '<3' }),
        ],
      },
      // A page that lies about its wheel's hash.
      { name: 'liar', files: [fileEntry(house, liar.name, { hashes: { sha256: '0'.repeat(64) } })] },
    ]);

    server = spawn(PYTHON, ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', house], { env: isolatedPythonEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    server.stderr?.on('data', (b: Buffer) => (serverLog += b.toString()));
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server?.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /port (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server?.on('exit', (code) => reject(new Error(`http.server exited with ${code}: ${serverLog}`)));
    });
  });

  afterAll(async () => {
    if (server?.pid !== undefined && server.exitCode === null) server.kill('SIGTERM');
    if (house) await rm(house, { recursive: true, force: true });
  });

  async function pipDownload(indexUrl: string, requirements: string): Promise<{ code: number | null; output: string; files: string[] }> {
    const dest = await mkdtemp(path.join(tmpdir(), 'wheelhouse-dl-'));
    const req = path.join(dest, 'requirements.txt');
    await writeFile(req, requirements);
    const out = path.join(dest, 'out');
    await mkdir(out);
    const args = ['-m', 'pip', 'download', '--no-deps', '--no-cache-dir', '--index-url', indexUrl, '-d', out, '-r', req];
    const child = spawn(PYTHON, args, { env: isolatedPythonEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const files = await readdir(out);
    await rm(dest, { recursive: true, force: true });
    return { code, output, files };
  }

  it('finds pip wheels to serve', () => {
    expect(Object.keys(wheels).length).toBeGreaterThan(0);
  });

  it('pip downloads pip over HTTP with --require-hashes, skipping the yanked file', async () => {
    const names = Object.keys(wheels).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const expected = names.length > 1 ? names[0]! : names[names.length - 1]!;
    const version = /^pip-([\d.]+)-/.exec(expected)![1];
    const hash = sha256(readFileSync(path.join(house, expected)));
    const unpinned = await pipDownload(`http://127.0.0.1:${port}/simple/`, 'pip\n');
    expect(unpinned.code, unpinned.output).toBe(0);
    expect(unpinned.files).toEqual([expected]);
    const hashed = await pipDownload(`http://127.0.0.1:${port}/simple/`, `pip==${version} --hash=sha256:${hash}\n`);
    expect(hashed.code, hashed.output).toBe(0);
    expect(hashed.files).toEqual([expected]);
  });

  it('pip honours Requires-Python and fetches PEP 658 metadata with its hash', async () => {
    serverLog = '';
    const result = await pipDownload(`http://127.0.0.1:${port}/simple/`, 'tiny\n');
    expect(result.code, result.output).toBe(0);
    expect(result.files).toEqual(['tiny-1.0-py3-none-any.whl']);
    expect(serverLog).toContain('GET /tiny-1.0-py3-none-any.whl.metadata ');
    expect(serverLog).toContain('GET /simple/tiny/ ');
  });

  it('pip checks the hash the page gives, and fails on a lie', async () => {
    const result = await pipDownload(`http://127.0.0.1:${port}/simple/`, 'liar\n');
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/hash|HASH/);
  });

  it('pip downloads from the same tree through a file:// index URL', async () => {
    const hash = sha256(readFileSync(path.join(house, 'tiny-1.0-py3-none-any.whl')));
    const result = await pipDownload(pathToFileURL(path.join(house, 'simple')).href + '/', `tiny==1.0 --hash=sha256:${hash}\n`);
    expect(result.code, result.output).toBe(0);
    expect(result.files).toEqual(['tiny-1.0-py3-none-any.whl']);
    expect(statSync(path.join(house, 'tiny-1.0-py3-none-any.whl')).size).toBeGreaterThan(0);
  });
});

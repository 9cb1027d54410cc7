/**
 * Guarantee: a hostile lockfile or index cannot make `wheelhouse download` write outside
 * DIR, and big files do not exhaust memory. pylock.toml entries whose file name (given, or
 * taken from the URL) has `..`, separators, an absolute or drive path or a NUL are refused
 * with a typed error and nothing is written outside DIR; an index page listing the locked
 * hash only under unsafe names yields no file; a 100 MB wheel and a zip bomb are streamed to
 * disk with the CLI's peak RSS under 250 MB.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWheel, hostileWheel, type BuiltFile } from '../../fixtures/generator/index.js';
import { FaultServer, generatedBytes } from '../helpers/fault-server.js';
import { MB, runCliProcess, type CliRun } from './support/cli-process.js';
import { listFiles } from './support/tree.js';

const RSS_LIMIT = 250 * MB;
const TARGET = ['--target', 'cp312-manylinux_2_17_x86_64'];

let root: string;
let outside: string;
let server: FaultServer;
let good: BuiltFile;
let counter = 0;

async function download(files: Record<string, string>, input: string, extra: string[] = []): Promise<{ run: CliRun; dir: string; wh: string[] }> {
  const dir = path.join(root, `work-${counter++}`, 'project');
  await mkdir(dir, { recursive: true });
  for (const [n, c] of Object.entries(files)) await writeFile(path.join(dir, n), c);
  const run = await runCliProcess(['download', input, '-d', 'wh', '--no-cache', '--index-url', server.url('/simple/'), ...TARGET, '--quiet', '--retries', '0', ...extra], { cwd: dir, measureRss: true });
  expect(run.signal).toBeNull();
  expect(run.stderr).not.toMatch(/E_INTERNAL/);
  expect(run.maxRssBytes!, `peak RSS ${((run.maxRssBytes ?? 0) / MB).toFixed(0)} MB`).toBeLessThan(RSS_LIMIT);
  // Nothing beside the project folder, nothing in the folder beside the inputs and DIR.
  expect(await listFiles(outside)).toEqual(['sentinel']);
  expect(await listFiles(path.dirname(dir))).toEqual(expect.arrayContaining(Object.keys(files).map((n) => `project/${n}`)));
  for (const f of await listFiles(path.dirname(dir))) expect(f.startsWith('project/wh/') || Object.keys(files).includes(f.slice('project/'.length)), f).toBe(true);
  return { run, dir, wh: await listFiles(path.join(dir, 'wh')) };
}

function pylock(entry: string): string {
  return `lock-version = "1.0"\ncreated-by = "hostile"\n\n[[packages]]\nname = "hostile"\nversion = "1.0"\n${entry}\n`;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-hostile-dl-'));
  outside = path.join(root, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'sentinel'), '');
  server = await FaultServer.start();
  good = await buildWheel({ name: 'hostile', version: '1.0' });
  server.route(`/good/${good.fileName}`, { body: good.bytes });
  server.route(`/good/..%2F..%2Foutside%2F${good.fileName}`, { body: good.bytes });
});

afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe.concurrent('pylock.toml entries that name a file outside DIR', () => {
  const url = () => server.url(`/good/${good.fileName}`);
  const cases: Array<[string, () => string]> = [
    ['name with ../', () => `[[packages.wheels]]\nname = "../../outside/${good.fileName}"\nurl = "${url()}"\nhashes = { sha256 = "${good.sha256}" }`],
    ['absolute name', () => `[[packages.wheels]]\nname = "${outside}/${good.fileName}"\nurl = "${url()}"\nhashes = { sha256 = "${good.sha256}" }`],
    ['drive-letter name', () => `[[packages.wheels]]\nname = "C:${good.fileName}"\nurl = "${url()}"\nhashes = { sha256 = "${good.sha256}" }`],
    ['backslash name', () => `[[packages.wheels]]\nname = "..\\\\..\\\\outside\\\\${good.fileName}"\nurl = "${url()}"\nhashes = { sha256 = "${good.sha256}" }`],
    ['NUL in the name', () => `[[packages.wheels]]\nname = "${good.fileName}\\u0000.txt"\nurl = "${url()}"\nhashes = { sha256 = "${good.sha256}" }`],
    ['no name; the URL ends in an encoded ../', () => `[[packages.wheels]]\nurl = "${server.url(`/good/..%2F..%2Foutside%2F${good.fileName}`)}"\nhashes = { sha256 = "${good.sha256}" }`],
    ['an archive whose URL ends in an encoded ../', () => `[packages.archive]\nurl = "${server.url(`/good/..%2F..%2Foutside%2F${good.fileName}`)}"\nhashes = { sha256 = "${good.sha256}" }`],
  ];
  for (const [name, entry] of cases) {
    it(name, async () => {
      const { run, wh } = await download({ 'pylock.toml': pylock(entry()) }, 'pylock.toml');
      if (process.env['SHOW_STDERR']) console.log(name, run.stderr);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/^error\[E_LOCKFILE\]: .*unsafe/m);
      expect(wh.filter((f) => f.includes('hostile'))).toEqual([]);
    });
  }
});

describe.concurrent('an index that lists the locked hash only under unsafe names', () => {
  it('finds no file: an error naming the pin, nothing written', async () => {
    const names = [`..%2F..%2Foutside%2F${good.fileName}`, `C%3A${good.fileName}`, `${good.fileName}%00`, `a%5C${good.fileName}`];
    server.route('/simple/hostile/', { body: names.map((n) => `<a href="/good/${n}#sha256=${good.sha256}">x</a>`).join('\n'), contentType: 'text/html' });
    const { run, wh } = await download({ 'requirements.txt': `hostile==1.0 --hash=sha256:${good.sha256}\n` }, 'requirements.txt');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/requirements\.txt:1/);
    expect(wh.filter((f) => f.includes('hostile'))).toEqual([]);
  });
});

describe.concurrent('big files stream to disk', () => {
  it('a 100 MB wheel: downloaded, verified, peak RSS under 250 MB', async () => {
    const size = 100 * MB;
    const name = 'bigfile-1.0-py3-none-any.whl';
    const sha = createHash('sha256').update(generatedBytes(0, size)).digest('hex');
    server.route(`/simple/bigfile/`, { body: `<a href="/big/${name}#sha256=${sha}">${name}</a>`, contentType: 'text/html' });
    server.route(`/big/${name}`, { generate: size });
    const { run, dir, wh } = await download({ 'requirements.txt': `bigfile==1.0 --hash=sha256:${sha}\n` }, 'requirements.txt');
    expect(run.code, run.stderr).toBe(0);
    expect(wh).toContain(name);
    expect(createHash('sha256').update(await readFile(path.join(dir, 'wh', name))).digest('hex')).toBe(sha);
  });

  it('a zip bomb wheel (256 MiB inflated) is downloaded as it is, and verify streams it with bounded memory', async () => {
    const bomb = hostileWheel('zip-bomb');
    const sha = createHash('sha256').update(bomb.bytes).digest('hex');
    server.route(`/simple/bomb/`, { body: `<a href="/bomb/${bomb.fileName}#sha256=${sha}">x</a>`, contentType: 'text/html' });
    server.route(`/bomb/${bomb.fileName}`, { body: bomb.bytes });
    // The bomb's project is "hostile" (its METADATA): the lock names it so.
    server.route(`/simple/hostile/`, { body: `<a href="/bomb/${bomb.fileName}#sha256=${sha}">x</a>`, contentType: 'text/html' });
    const { run, dir, wh } = await download({ 'requirements.txt': `hostile==1.0 --hash=sha256:${sha}\n` }, 'requirements.txt');
    expect(run.code, run.stderr).toBe(0);
    expect(wh).toContain(bomb.fileName);
    // verify checks every RECORD hash, streaming the 256 MiB member through sha256: memory stays bounded.
    const verified = await runCliProcess(['verify', 'wh', '--lock', 'requirements.txt', ...TARGET], { cwd: dir, measureRss: true });
    expect(verified.stderr).not.toMatch(/E_INTERNAL/);
    expect([0, 1]).toContain(verified.code);
    expect(verified.maxRssBytes!, `verify peak RSS ${((verified.maxRssBytes ?? 0) / MB).toFixed(0)} MB`).toBeLessThan(RSS_LIMIT);
  });
});

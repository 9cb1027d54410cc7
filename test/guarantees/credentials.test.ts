/**
 * Guarantee: credentials never leak. The built CLI locks against an index that demands
 * Basic credentials, given in the index URL, in a requirements file's `-i` line, or in a
 * netrc; the password never appears on stdout or stderr, in the lockfile (requirements.txt
 * or pylock.toml), in the JSON report, or in any error — also when the server fails, when it
 * refuses the credentials, and with WHEELHOUSE_DEBUG=1 stack traces. Authorization is not
 * sent to another origin a page redirects to or links files on. `wheelhouse download` with the
 * index URL's credentials or a netrc keeps them out of DIR (requirements.txt, pylock.toml,
 * manifest.json, simple/), its JSON report and its errors. (The client's unit tests:
 * test/index/http/credentials.test.ts, test/index/client/faults.test.ts.)
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultServer } from '../helpers/fault-server.js';
import { writeLocalIndex, type LocalIndex } from '../e2e/support/local-index.js';
import { runCliProcess, type CliRun } from './support/cli-process.js';
import { GRAPH, serveWrittenIndex, TARGETS, type ServedIndex } from './support/served-index.js';
import { listFiles } from './support/tree.js';

const USER = 'alice';
const SECRET = 'S3cr3t-pw-7f1e';
const TOKEN = 'tok-9b2c4d6e8f';
const AUTH = { username: USER, password: SECRET };

let root: string;
let local: LocalIndex;
let index: ServedIndex;
/** The same index served a second time, with a token as the user name and no password. */
let tokenIndex: ServedIndex;
let counter = 0;

async function work(files: Record<string, string> = { 'requirements.in': 'app\n' }): Promise<string> {
  const dir = path.join(root, `work-${counter++}`);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

function withCredentials(url: string, userinfo = `${USER}:${SECRET}`): string {
  return url.replace('http://', `http://${userinfo}@`);
}

/** Everything a run left: its output and every file under its folder (the cache too, when there). */
async function everything(run: CliRun, dir: string): Promise<string> {
  const parts = [run.stdout, run.stderr];
  for (const name of await listFiles(dir)) parts.push(await readFile(path.join(dir, name), 'latin1'));
  return parts.join('\n');
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(encodeURIComponent(SECRET));
  expect(text).not.toContain(Buffer.from(`${USER}:${SECRET}`).toString('base64'));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-credentials-'));
  local = await writeLocalIndex(path.join(root, 'index'), GRAPH);
  index = await serveWrittenIndex(local, { reply: { auth: AUTH } });
  tokenIndex = await serveWrittenIndex(local, { reply: { auth: { username: TOKEN, password: '' } } });
}, 60_000);

afterAll(async () => {
  await index?.server.close();
  await tokenIndex?.server.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('credentials in the index URL', () => {
  it('lock succeeds with them; not in stdout, stderr, requirements.txt, the JSON report or the cache', async () => {
    const dir = await work();
    const run = await runCliProcess(['lock', 'requirements.in', '--index-url', withCredentials(index.indexUrl), ...TARGETS, '--json', '--cache-dir', path.join(dir, '.cache')], { cwd: dir });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toBeTypeOf('object');
    const lock = await readFile(path.join(dir, 'requirements.txt'), 'utf8');
    expect(lock).toContain(`--index-url ${index.indexUrl}`);
    expect(lock).not.toContain(USER);
    // Nothing in the folder, the cache (.cache) included, holds the secret.
    expect((await listFiles(path.join(dir, '.cache'))).length).toBeGreaterThan(0);
    expectNoSecret(await everything(run, dir));
    expect(index.server.requests.some((r) => r.basic?.password === SECRET)).toBe(true);
  });

  it('pylock.toml carries no credentials', async () => {
    const dir = await work();
    const run = await runCliProcess(['lock', 'requirements.in', '--format', 'pylock', '--index-url', withCredentials(index.indexUrl), ...TARGETS, '--no-cache'], { cwd: dir });
    expect(run.code).toBe(0);
    const pylock = await readFile(path.join(dir, 'pylock.toml'), 'utf8');
    expect(pylock).toContain('[[packages]]');
    expectNoSecret(await everything(run, dir));
  });

  it('a token as the user name (no password) is hidden too', async () => {
    const dir = await work();
    const run = await runCliProcess(['lock', 'requirements.in', '--index-url', withCredentials(tokenIndex.indexUrl, TOKEN), ...TARGETS, '--no-cache'], { cwd: dir });
    expect(run.code).toBe(0);
    expectNoSecret(await everything(run, dir));
  });

  it('credentials in a requirements file\'s -i line stay out of the lockfile it writes', async () => {
    const dir = await work({ 'requirements.in': `-i ${withCredentials(index.indexUrl)}\napp\n` });
    const run = await runCliProcess(['lock', 'requirements.in', ...TARGETS, '--no-cache'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).toContain(`--index-url ${index.indexUrl}`);
    // requirements.in itself holds the secret (the user wrote it there); nothing we wrote does.
    expectNoSecret([run.stdout, run.stderr, await readFile(path.join(dir, 'requirements.txt'), 'utf8')].join('\n'));
  });
});

describe('credentials from a netrc', () => {
  it('are sent to their host and appear nowhere', async () => {
    const dir = await work();
    const netrc = path.join(dir, 'netrc');
    await writeFile(netrc, `machine 127.0.0.1\n  login ${USER}\n  password ${SECRET}\n`);
    const run = await runCliProcess(['lock', 'requirements.in', '--index-url', index.indexUrl, ...TARGETS, '--no-cache', '--json'], { cwd: dir, env: { NETRC: netrc } });
    expect(run.code).toBe(0);
    const out = [run.stdout, run.stderr, await readFile(path.join(dir, 'requirements.txt'), 'utf8')].join('\n');
    expectNoSecret(out);
  });
});

describe('failures with credentials', () => {
  let failing: FaultServer;
  beforeAll(async () => {
    failing = await FaultServer.start();
    failing.route('/simple/app/', { status: 503, auth: AUTH });
  });
  afterAll(async () => {
    await failing?.close();
  });

  it('a server that keeps failing: exit 3, the URL named without the password, also in debug traces', async () => {
    const dir = await work();
    const url = withCredentials(failing.url('/simple/'));
    const run = await runCliProcess(['lock', 'requirements.in', '--index-url', url, ...TARGETS, '--no-cache', '--retries', '1'], { cwd: dir, env: { WHEELHOUSE_DEBUG: '1' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/error\[E_NETWORK\]/);
    expect(run.stderr).toContain('http://alice:****@127.0.0.1');
    expectNoSecret(await everything(run, dir));
  });

  it('wrong credentials: a clear error, and neither the wrong nor the right password shown', async () => {
    const dir = await work();
    const wrong = 'Wr0ng-pw-31c5';
    const run = await runCliProcess(['lock', 'requirements.in', '--index-url', withCredentials(index.indexUrl, `${USER}:${wrong}`), ...TARGETS, '--no-cache'], { cwd: dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/401|credentials|unauthori/i);
    expect(run.stderr).not.toContain(wrong);
    expectNoSecret(await everything(run, dir));
  });
});

describe('redirects to another origin', () => {
  let front: FaultServer;
  let other: ServedIndex;
  beforeAll(async () => {
    // The index the user names (with credentials) redirects every page to another origin,
    // whose pages link files on that origin.
    other = await serveWrittenIndex(local);
    front = await FaultServer.start();
    for (const p of other.pagePaths) front.route(p, { redirect: other.server.url(p), auth: AUTH });
  });
  afterAll(async () => {
    await front?.close();
    await other?.server.close();
  });

  it('Authorization goes to the index origin only, never to the origin it redirects to', async () => {
    const dir = await work();
    const run = await runCliProcess(['lock', 'requirements.in', '--index-url', withCredentials(front.url('/simple/')), ...TARGETS, '--no-cache'], { cwd: dir });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(front.requests.length).toBeGreaterThan(0);
    expect(front.requests.every((r) => r.basic?.password === SECRET)).toBe(true);
    expect(other.server.requests.length).toBeGreaterThan(0);
    expect(other.server.requests.filter((r) => r.authorization !== undefined)).toEqual([]);
    expectNoSecret(await everything(run, dir));
  });
});

describe('wheelhouse download with credentials', () => {
  let lockText: string;
  beforeAll(async () => {
    const dir = await work();
    const run = await runCliProcess(['lock', 'requirements.in', '--index-url', withCredentials(index.indexUrl), ...TARGETS, '--no-cache', '--no-emit-index-url'], { cwd: dir });
    expect(run.code).toBe(0);
    lockText = await readFile(path.join(dir, 'requirements.txt'), 'utf8');
  });

  it('from the index URL: not in DIR (requirements.txt, pylock.toml, manifest.json, simple/), the JSON report or the output', async () => {
    const dir = await work({ 'requirements.txt': '' });
    await writeFile(path.join(dir, 'requirements.txt'), lockText);
    const run = await runCliProcess(['download', 'requirements.txt', '-d', 'wh', '--index', '--json', '--index-url', withCredentials(index.indexUrl), ...TARGETS, '--cache-dir', path.join(dir, '.cache')], { cwd: dir });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const wh = await listFiles(path.join(dir, 'wh'));
    expect(wh).toEqual(expect.arrayContaining(['requirements.txt', 'pylock.toml', 'manifest.json', 'simple/index.html']));
    expect(await readFile(path.join(dir, 'wh', 'manifest.json'), 'utf8')).toContain(index.server.origin);
    expectNoSecret(await everything(run, dir));
  });

  it('from a netrc: nowhere either', async () => {
    const dir = await work({ 'requirements.txt': '' });
    await writeFile(path.join(dir, 'requirements.txt'), lockText);
    const netrc = path.join(root, `netrc-${counter++}`);
    await writeFile(netrc, `machine 127.0.0.1 login ${USER} password ${SECRET}\n`);
    const run = await runCliProcess(['download', 'requirements.txt', '-d', 'wh', '--json', '--index-url', index.indexUrl, ...TARGETS, '--no-cache'], { cwd: dir, env: { NETRC: netrc } });
    expect(run.code).toBe(0);
    expectNoSecret(await everything(run, dir));
  });

  it('a file the server keeps failing: exit 3, the URL named without the password', async () => {
    const failing = await serveWrittenIndex(local, { reply: { auth: AUTH } });
    const wheel = failing.filePaths.find((p) => p.endsWith('web-2.1-py3-none-any.whl'))!;
    failing.server.route(wheel, { status: 502, auth: AUTH });
    try {
      const dir = await work({ 'requirements.txt': '' });
      await writeFile(path.join(dir, 'requirements.txt'), lockText);
      const run = await runCliProcess(['download', 'requirements.txt', '-d', 'wh', '--index-url', withCredentials(failing.indexUrl), ...TARGETS, '--no-cache', '--retries', '1'], { cwd: dir, env: { WHEELHOUSE_DEBUG: '1' } });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`http://alice:****@127.0.0.1:${failing.server.port}${wheel}`.replace('http://alice:****@', 'http://'));
      expectNoSecret(await everything(run, dir));
    } finally {
      await failing.server.close();
    }
  });
});

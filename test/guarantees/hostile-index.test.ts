/**
 * Guarantee: hostile indexes and files cannot escape or exhaust. The built CLI locks
 * (`wheelhouse lock`) against a loopback index that serves, one scenario at a time:
 * file names with path separators, `..`, absolute and drive paths, NUL (HTML and JSON
 * pages); every hostile wheel and sdist of the fixture generator (zip and gzip bombs, huge
 * METADATA/PKG-INFO, traversal members, lying sizes, …) with no .metadata, so the CLI must
 * open the archive itself; gigantic and deeply nested HTML and JSON pages; a huge .metadata;
 * hash mismatches between the index, the .metadata and the file. Every run ends in a lock or
 * a typed error (exit 1, never a crash), writes nothing outside its work folder, and its
 * peak RSS (measured inside the CLI process) stays under 250 MB.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWheel,
  HOSTILE_SDIST_ERRORS,
  HOSTILE_WHEEL_ERRORS,
  hostileSdist,
  hostileWheel,
  type HostileSdistKind,
  type HostileWheelKind,
  type PackageSpec,
} from '../../fixtures/generator/index.js';
import { FaultServer, type Reply } from '../helpers/fault-server.js';
import { writeLocalIndex, type LocalIndex } from '../e2e/support/local-index.js';
import { MB, runCliProcess, type CliRun } from './support/cli-process.js';
import { serveWrittenIndex, TARGETS } from './support/served-index.js';
import { listFiles } from './support/tree.js';

const RSS_LIMIT = 250 * MB;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The index the hostile project depends on (the generator's hostile files require requests>=2). */
const SPECS: PackageSpec[] = [{ name: 'requests', version: '2.0' }];

let root: string;
let local: LocalIndex;
const servers: FaultServer[] = [];
let counter = 0;
const peaks: number[] = [];
/** A folder beside the work folders: nothing may ever be written there. */
let outside: string;

async function server(): Promise<FaultServer> {
  const s = (await serveWrittenIndex(local)).server;
  servers.push(s);
  return s;
}

/** Locks `hostile` against `s`; checks the outcome's shape, the RSS, and that nothing escaped. */
async function lockHostile(s: FaultServer, extra: string[] = [], rssLimit = RSS_LIMIT): Promise<CliRun & { lockfile?: string }> {
  const dir = path.join(root, `work-${counter++}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'requirements.in'), 'hostile\n');
  const run = await runCliProcess(['lock', 'requirements.in', '--index-url', s.url('/simple/'), ...TARGETS, '--cache-dir', path.join(dir, 'cache'), '--quiet', '--retries', '0', ...extra], {
    cwd: dir,
    measureRss: true,
  });
  if (process.env['SHOW_STDERR']) console.log(`--- ${counter - 1}: exit ${run.code} rss ${((run.maxRssBytes ?? 0) / MB).toFixed(0)} MB\n${run.stderr.slice(0, 1500)}`);
  expect(run.signal).toBeNull();
  expect([0, 1], `exit ${run.code}: ${run.stderr}`).toContain(run.code);
  expect(run.stderr).not.toMatch(/E_INTERNAL/);
  if (run.code === 1) expect(run.stderr).toMatch(/^error\[E_[A-Z_]+\]/m);
  expect(run.maxRssBytes, 'peak RSS measured').toBeGreaterThan(0);
  peaks.push(run.maxRssBytes!);
  expect(run.maxRssBytes!, `peak RSS ${(run.maxRssBytes! / MB).toFixed(0)} MB`).toBeLessThan(rssLimit);
  expect(await listFiles(outside)).toEqual(['sentinel']);
  for (const f of await listFiles(dir)) expect(f === 'requirements.in' || f === 'requirements.txt' || f.startsWith('cache/'), `unexpected file ${f}`).toBe(true);
  const lockPath = path.join(dir, 'requirements.txt');
  return { ...run, ...(existsSync(lockPath) ? { lockfile: await readFile(lockPath, 'utf8') } : {}) };
}

function anchor(href: string, text = 'x'): string {
  return `<a href="${href}">${text}</a><br>\n`;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-hostile-'));
  outside = path.join(root, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'sentinel'), '');
  local = await writeLocalIndex(path.join(root, 'index'), SPECS);
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  if (peaks.length > 0) console.log(`hostile-index: ${peaks.length} CLI runs, peak RSS ${(Math.max(...peaks) / MB).toFixed(0)} MB (limit ${RSS_LIMIT / MB} MB)`);
  if (root) await rm(root, { recursive: true, force: true });
});

describe.concurrent('hostile file names on index pages', () => {
  it('HTML: separators, .., absolute and drive paths, NUL, encoded slashes are skipped; the good file is locked', async () => {
    const s = await server();
    const good = await buildWheel({ name: 'hostile', version: '1.0', requiresDist: ['requests>=2'] });
    const evil = good.fileName;
    const rel = path.relative(root, outside);
    // The file name is the last path segment of the URL, percent-decoded once: these give
    // names with separators, "..", NUL, or a scheme the page may not link to.
    const hostileHrefs = [
      `C%3A${evil}`,
      `C%3A%5C${evil}`,
      `..%2F..%2F${rel}%2F${evil}`,
      `%2Fetc%2F${evil}`,
      `sub%5C..%5C${evil}`,
      `${evil}%00.txt`,
      `..%2f${evil}`,
      `file:///etc/${evil}`,
    ];
    const page = `<html><body>\n${hostileHrefs.map((h) => anchor(`${h.startsWith('file:') ? '' : '/files/'}${h}#sha256=${good.sha256}`)).join('')}${anchor(`/good/${evil}#sha256=${good.sha256}`)}</body></html>`;
    s.route('/simple/hostile/', { body: page, contentType: 'text/html' });
    s.route(`/good/${evil}`, { body: good.bytes });
    const run = await lockHostile(s);
    expect(run.code).toBe(0);
    expect(run.lockfile).toContain('hostile==1.0');
    expect(run.lockfile!.match(/--hash=sha256:/g)).toHaveLength(2); // hostile and requests, one file each
  });

  it('JSON: a filename key with separators or .. is refused or skipped, never used as a path', async () => {
    const s = await server();
    const good = await buildWheel({ name: 'hostile', version: '1.0', requiresDist: ['requests>=2'] });
    const files = ['../evil-1.0-py3-none-any.whl', '/tmp/hostile-1.0-py3-none-any.whl', 'a/hostile-1.0-py3-none-any.whl', 'a\\hostile-1.0-py3-none-any.whl', 'hostile-1.0-py3-none-any.whl\u0000', 'C:hostile-1.0-py3-none-any.whl'].map(
      (filename) => ({ filename, url: `/good/${good.fileName}`, hashes: { sha256: good.sha256 } }),
    );
    files.push({ filename: good.fileName, url: `/good/${good.fileName}`, hashes: { sha256: good.sha256 } });
    s.route('/simple/hostile/', { body: JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'hostile', files }), contentType: 'application/vnd.pypi.simple.v1+json' });
    s.route(`/good/${good.fileName}`, { body: good.bytes });
    const run = await lockHostile(s);
    expect(run.code).toBe(0);
    expect(run.lockfile).toContain('hostile==1.0');
  });
});

/** A project page listing one file, with its sha256 and no .metadata: the CLI must open the file. */
async function serveFile(s: FaultServer, fileName: string, bytes: Buffer, reply: Reply = {}): Promise<void> {
  s.route('/simple/hostile/', { body: `<html><body>${anchor(`/h/${fileName}#sha256=${sha256(bytes)}`, fileName)}</body></html>`, contentType: 'text/html' });
  s.route(`/h/${fileName}`, { body: bytes, ...reply });
}

/** Kinds whose fault is in what lock reads (METADATA, WHEEL, the zip's directory): they must be refused. */
const WHEEL_MUST_FAIL: HostileWheelKind[] = [
  'mismatched-dist-info', 'two-dist-info', 'no-metadata', 'metadata-name-mismatch', 'metadata-without-name', 'huge-metadata',
  'zip-bomb-declared-ratio', 'entry-dotdot', 'entry-absolute', 'entry-backslash', 'entry-drive-letter', 'entry-nul', 'duplicate-entry',
  'too-many-entries', 'truncated',
];

const SDIST_MUST_FAIL: HostileSdistKind[] = ['tar-dotdot-member', 'tar-absolute-member', 'tar-symlink-outside', 'tar-hardlink-outside', 'tar-device-member', 'huge-pkg-info', 'two-top-level', 'pkg-info-mismatch', 'truncated-gzip'];

/**
 * In CI: the bombs, the huge members, path traversal in zip and tar, a name mismatch, a
 * truncated zip — what lock reads. HOSTILE_ALL=1 runs every kind the generator makes (the
 * others are covered by the wheel and sdist readers' unit tests, test/metadata).
 */
const ALL = process.env['HOSTILE_ALL'] === '1';
const CI_KINDS = new Set<string>([
  'zip-bomb', 'zip-bomb-declared-ratio', 'zip-bomb-lying-size', 'huge-metadata', 'entry-dotdot', 'entry-absolute', 'entry-nul',
  'metadata-name-mismatch', 'truncated', 'gzip-bomb', 'huge-pkg-info', 'tar-dotdot-member', 'tar-symlink-outside', 'zip-symlink-outside',
]);
const WHEEL_KINDS = (Object.keys(HOSTILE_WHEEL_ERRORS) as HostileWheelKind[]).filter((k) => ALL || CI_KINDS.has(k));
const SDIST_KINDS = (Object.keys(HOSTILE_SDIST_ERRORS) as HostileSdistKind[]).filter((k) => ALL || CI_KINDS.has(k));

describe.concurrent('hostile wheels (no .metadata: the CLI reads the wheel)', () => {
  for (const kind of WHEEL_KINDS) {
    it(kind, async () => {
      const s = await server();
      const file = hostileWheel(kind);
      await serveFile(s, file.fileName, file.bytes);
      const run = await lockHostile(s);
      if (WHEEL_MUST_FAIL.includes(kind)) {
        // Refused: the only candidate is unusable, which the resolver explains with the reason.
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toMatch(/^error\[E_(ARCHIVE|METADATA|HASH_MISMATCH|INDEX)\]|^error\[E_RESOLUTION\][^]*hostile is unavailable \(/m);
        expect(run.lockfile).toBeUndefined();
      }
      if (run.code === 0) expect(run.lockfile).toContain(`--hash=sha256:${sha256(file.bytes)}`);
    });
  }
});


describe.concurrent('hostile sdists (no .metadata: the CLI reads PKG-INFO)', () => {
  for (const kind of SDIST_KINDS) {
    it(kind, async () => {
      const s = await server();
      const file = hostileSdist(kind);
      await serveFile(s, file.fileName, file.bytes);
      const run = await lockHostile(s);
      if (SDIST_MUST_FAIL.includes(kind)) {
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toMatch(/^error\[E_(ARCHIVE|METADATA|HASH_MISMATCH|INDEX)\]|^error\[E_RESOLUTION\][^]*hostile is unavailable \(/m);
        expect(run.lockfile).toBeUndefined();
      }
    });
  }
});

describe.concurrent('gigantic and deeply nested pages, a huge .metadata', () => {
  it('a 70 MB page is refused at the 64 MiB page limit', async () => {
    const s = await server();
    s.route('/simple/hostile/', { generate: 70 * MB, contentType: 'text/html' });
    const run = await lockHostile(s);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/larger than|too large/);
    expect(run.stderr).toContain(s.url('/simple/hostile/'));
  });

  it('a 25 MB page of 250,000 links stops at the link limit', async () => {
    const s = await server();
    const one = anchor('/h/hostile-1.0-py3-none-any.whl#sha256=' + 'a'.repeat(64));
    s.route('/simple/hostile/', { body: `<html><body>${one.repeat(250_000)}</body></html>`, contentType: 'text/html' });
    const run = await lockHostile(s);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/more than \d+/);
  });

  it('a page of 150,000 links (under the 200,000-link limit) is read without a crash; memory grows ~1.3 KB a link', async () => {
    // Until this test, such a page overflowed the stack (indexFiles.push(...files)) and exited 4.
    const s = await server();
    const one = (i: number) => anchor(`/h/${i}/hostile-1.0-py3-none-any.whl#sha256=${'a'.repeat(64)}`);
    let body = '<html><body>';
    for (let i = 0; i < 150_000; i++) body += one(i);
    s.route('/simple/hostile/', { body: `${body}</body></html>`, contentType: 'text/html' });
    const run = await lockHostile(s, [], 400 * MB);
    expect(run.code).toBe(1); // the files are not served
    expect(run.stderr).toMatch(/^error\[E_INDEX\]: HTTP 404/m);
  });

  it('HTML nested 600,000 elements deep is read in one pass', async () => {
    const s = await server();
    const good = await buildWheel({ name: 'hostile', version: '1.0', requiresDist: ['requests>=2'] });
    s.route('/simple/hostile/', { body: `<html><body>${'<div><span>'.repeat(300_000)}${anchor(`/good/${good.fileName}#sha256=${good.sha256}`)}</body></html>`, contentType: 'text/html' });
    s.route(`/good/${good.fileName}`, { body: good.bytes });
    const run = await lockHostile(s);
    expect(run.code).toBe(0);
    expect(run.lockfile).toContain('hostile==1.0');
  });

  it('JSON nested 1,000,000 arrays deep is refused before JSON.parse', async () => {
    const s = await server();
    s.route('/simple/hostile/', { body: `{"meta":{"api-version":"1.1"},"name":"hostile","files":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`, contentType: 'application/vnd.pypi.simple.v1+json' });
    const run = await lockHostile(s);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[E_INDEX\]/m);
  });

  it('a 40 MB .metadata is cut off at the 16 MiB metadata limit', async () => {
    const s = await server();
    const good = await buildWheel({ name: 'hostile', version: '1.0', requiresDist: ['requests>=2'] });
    s.route('/simple/hostile/', {
      body: `<html><body><a href="/good/${good.fileName}#sha256=${good.sha256}" data-core-metadata="true">x</a></body></html>`,
      contentType: 'text/html',
    });
    s.route(`/good/${good.fileName}.metadata`, { generate: 40 * MB });
    s.route(`/good/${good.fileName}`, { body: good.bytes });
    const run = await lockHostile(s);
    // Refused (too large) or, falling back to the wheel itself, locked from its own METADATA.
    if (run.code === 0) expect(run.lockfile).toContain('hostile==1.0');
    else expect(run.stderr).toMatch(/large|limit|more than/i);
  });
});

describe.concurrent('hash mismatches between the index, the .metadata and the file', () => {
  it('a .metadata that does not match the page\'s core-metadata sha256: refused, naming its URL', async () => {
    const s = await server();
    const good = await buildWheel({ name: 'hostile', version: '1.0', requiresDist: ['requests>=2'] });
    const lying = Buffer.from(good.metadata.toString().replace('Requires-Dist: requests>=2', 'Requires-Dist: evil'));
    s.route('/simple/hostile/', {
      body: `<html><body><a href="/good/${good.fileName}#sha256=${good.sha256}" data-core-metadata="sha256=${sha256(good.metadata)}">x</a></body></html>`,
      contentType: 'text/html',
    });
    s.route(`/good/${good.fileName}.metadata`, { body: lying });
    s.route(`/good/${good.fileName}`, { body: good.bytes });
    const run = await lockHostile(s);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[E_HASH_MISMATCH\]/m);
    expect(run.stderr).toContain(s.url(`/good/${good.fileName}.metadata`));
    expect(run.lockfile).toBeUndefined();
  });

  it('a file that does not match the page\'s sha256, read whole (no .metadata, no range support): refused, naming its URL', async () => {
    const s = await server();
    const good = await buildWheel({ name: 'hostile', version: '1.0', requiresDist: ['requests>=2'] });
    s.route('/simple/hostile/', { body: `<html><body>${anchor(`/good/${good.fileName}#sha256=${'0'.repeat(64)}`)}</body></html>`, contentType: 'text/html' });
    s.route(`/good/${good.fileName}`, { body: good.bytes, ranges: 'ignore' });
    const run = await lockHostile(s);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[E_HASH_MISMATCH\]|^error\[E_RESOLUTION\][^]*hostile is unavailable \([^)]*sha256/m);
    expect(run.stderr).toContain(good.fileName);
    expect(run.lockfile).toBeUndefined();
  });

  it('the same file read through range requests (only its zip directory and METADATA): the lock records the index\'s sha256, for download to check', async () => {
    const s = await server();
    const good = await buildWheel({ name: 'hostile', version: '1.0', requiresDist: ['requests>=2'] });
    const claimed = '0'.repeat(64);
    s.route('/simple/hostile/', { body: `<html><body>${anchor(`/good/${good.fileName}#sha256=${claimed}`)}</body></html>`, contentType: 'text/html' });
    s.route(`/good/${good.fileName}`, { body: good.bytes });
    const run = await lockHostile(s);
    if (run.code === 0) {
      // pip-compile's behaviour: hashes come from the index. The bytes are checked against
      // them when they are downloaded (download, pip --require-hashes), never silently replaced.
      expect(run.lockfile).toContain(`--hash=sha256:${claimed}`);
      expect(run.lockfile).not.toContain(good.sha256);
    } else expect(run.stderr).toMatch(/E_HASH_MISMATCH|sha256/);
  });
});

/**
 * `wheelhouse download`, run as a user runs it (the built CLI), against generated indexes
 * on 127.0.0.1, with real pip as the judge: the host wheelhouse installs offline with
 * --require-hashes and from its own requirements.txt; a foreign-target wheelhouse passes
 * pip download --no-index; an sdist-only package builds offline because its backend came
 * along; faults (a killed run, a tampered file, a cut connection) leave nothing partial;
 * and a real set from the machine's PyPI mirror installs and imports.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWheel, type PackageSpec } from '../../fixtures/generator/index.js';
import { parseTarget } from '../../src/tags/index.js';
import { CLI, runCli, type CliResult } from '../helpers/cli.js';
import { FaultServer } from '../helpers/fault-server.js';
import { mirrorRoots } from '../helpers/mirror.js';
import { hasPython, isolatedPythonEnv, PYTHON } from '../helpers/python.js';
import { PythonHttpServer } from '../helpers/python-http-server.js';
import { debianBuildBackendWheels, debianPython } from '../helpers/real-wheels.js';
import { writeLocalIndex, type LocalIndex } from './support/local-index.js';

const run = promisify(execFile);

const NATIVE_TAGS = ['cp312-cp312-win_amd64', 'cp311-cp311-manylinux_2_28_aarch64', 'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64'];

const SPECS: PackageSpec[] = [
  { name: 'app-core', version: '1.0', requiresDist: ['helper>=1', 'winonly ; sys_platform == "win32"'] },
  { name: 'helper', version: '1.0' },
  { name: 'helper', version: '1.1' },
  { name: 'winonly', version: '1.0', wheelTags: ['py3-none-win_amd64', 'py3-none-any'] },
  { name: 'nativeext', version: '2.0', wheelTags: NATIVE_TAGS, requiresDist: ['helper'] },
  { name: 'sdistonly', version: '1.0', wheel: false, sdist: 'setuptools', requiresDist: ['helper'] },
];

let root: string;
let index: LocalIndex;
let server: PythonHttpServer;

async function work(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'work-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

async function cli(cwd: string, args: string[]): Promise<CliResult> {
  return runCli(args, { cwd, env: { CUSTOM_COMPILE_COMMAND: '' } });
}

async function python(args: string[], cwd: string, exe = PYTHON): Promise<string> {
  try {
    const { stdout } = await run(exe, args, { env: isolatedPythonEnv(), cwd, maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${exe} ${args.join(' ')} failed:\n${err.stdout ?? ''}\n${err.stderr ?? err.message}`);
  }
}

async function venv(name: string, exe = PYTHON): Promise<string> {
  const dir = path.join(root, name);
  await run(exe, ['-m', 'venv', dir], { env: isolatedPythonEnv() });
  return path.join(dir, 'bin', 'python');
}

async function tempFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith('.wheelhouse-tmp-') || /\.tmp-\d+-/.test(n));
}

interface Manifest {
  targets: string[];
  files: Array<{ filename: string; sha256: string; size: number; targets: string[]; url: string; buildDependency?: boolean }>;
}

describe.skipIf(!hasPython())('wheelhouse download (built CLI, real pip)', () => {
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wh-e2e-download-'));
    index = await writeLocalIndex(path.join(root, 'index'), SPECS);
    server = await PythonHttpServer.start(index.dir);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('a host wheelhouse installs offline with --require-hashes, and from its own requirements.txt anywhere', async () => {
    const dir = await work({ 'requirements.in': 'app-core\nnativeext\n' });
    const locked = await cli(dir, ['lock', 'requirements.in', '--no-cache', '--index-url', server.url('/simple/')]);
    expect(locked.code, locked.stderr).toBe(0);
    const r = await cli(dir, ['download', 'requirements.txt', '-d', 'wh', '--no-cache', '--index-url', server.url('/simple/'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { files: Array<{ filename: string; status: string }>; needsBuild: unknown[]; written: string[] };
    const wh = path.join(dir, 'wh');
    const names = report.files.map((f) => f.filename).sort();
    expect(names).toEqual(['app_core-1.0-py3-none-any.whl', 'helper-1.1-py3-none-any.whl', 'nativeext-2.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl']);
    expect(report.files.every((f) => f.status === 'downloaded')).toBe(true);
    expect(report.needsBuild).toEqual([]);
    expect(report.written).toEqual(['requirements.txt', 'pylock.toml', 'manifest.json']);
    expect(await tempFiles(wh)).toEqual([]);

    const requirements = await readFile(path.join(wh, 'requirements.txt'), 'utf8');
    expect(requirements).toMatch(/^--no-index\n--find-links \.\n/m);
    expect(requirements).not.toContain('127.0.0.1');
    const manifest = JSON.parse(await readFile(path.join(wh, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.files.map((f) => f.filename)).toEqual(names);
    for (const f of manifest.files) {
      expect((await stat(path.join(wh, f.filename))).size).toBe(f.size);
      expect(f.targets).toEqual(['host']);
      expect(f.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
    }
    const pylock = await readFile(path.join(wh, 'pylock.toml'), 'utf8');
    expect(pylock).toContain('path = "helper-1.1-py3-none-any.whl"');

    // pip, hash-checking, from the folder alone.
    const py1 = await venv('venv-host-1');
    await python(['-m', 'pip', 'install', '--no-index', '--no-cache-dir', '--find-links', wh, '--require-hashes', '-r', path.join(dir, 'requirements.txt')], dir, py1);
    expect((await python(['-m', 'pip', 'freeze'], dir, py1)).split('\n').filter((l) => l !== '').sort()).toEqual(['app-core==1.0', 'helper==1.1', 'nativeext==2.0']);
    // The wheelhouse's own requirements.txt, from another working directory.
    const py2 = await venv('venv-host-2');
    await python(['-m', 'pip', 'install', '--no-cache-dir', '-r', path.join(wh, 'requirements.txt')], root, py2);
    expect(await python(['-c', 'import app_core, helper, nativeext; print(helper.__version__)'], root, py2)).toBe('1.1\n');

    // A second run keeps every file (same hashes) and downloads nothing.
    const again = await cli(dir, ['download', 'requirements.txt', '-d', 'wh', '--no-cache', '--index-url', server.url('/simple/'), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { files: Array<{ status: string }>; bytesDownloaded: number }).files.every((f) => f.status === 'present')).toBe(true);
  }, 300_000);

  it('a wheelhouse for two foreign targets passes pip download --no-index for each target', async () => {
    const dir = await work({ 'requirements.in': 'app-core\nnativeext\n' });
    const targets = ['cp312-win_amd64', 'cp311-manylinux_2_28_aarch64'];
    const r = await cli(dir, ['download', 'requirements.in', '-d', 'wh', '--no-cache', '--index-url', server.url('/simple/'), ...targets.flatMap((t) => ['--target', t])]);
    expect(r.code, r.stderr).toBe(0);
    const wh = path.join(dir, 'wh');
    const manifest = JSON.parse(await readFile(path.join(wh, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.targets).toEqual(targets);
    const byName = new Map(manifest.files.map((f) => [f.filename, f.targets]));
    expect(byName.get('nativeext-2.0-cp312-cp312-win_amd64.whl')).toEqual(['cp312-win_amd64']);
    expect(byName.get('nativeext-2.0-cp311-cp311-manylinux_2_28_aarch64.whl')).toEqual(['cp311-manylinux_2_28_aarch64']);
    expect(byName.get('helper-1.1-py3-none-any.whl')).toEqual(targets);
    // winonly: only Windows needs it, and for Windows the platform wheel ranks first.
    expect(byName.get('winonly-1.0-py3-none-win_amd64.whl')).toEqual(['cp312-win_amd64']);
    expect(byName.has('winonly-1.0-py3-none-any.whl')).toBe(false);
    expect(await tempFiles(wh)).toEqual([]);
    for (const spelling of targets) {
      const target = parseTarget(spelling);
      const dest = path.join(root, `pip-download-${spelling}`);
      await python(
        [
          '-m', 'pip', 'download', '--no-index', '--no-cache-dir', '--find-links', wh, '--only-binary=:all:',
          ...target.platforms.flatMap((p) => ['--platform', p]),
          '--python-version', `${target.python.major}.${target.python.minor}`,
          '--implementation', 'cp', '--abi', target.abis[0] as string,
          '-d', dest, '-r', path.join(wh, 'requirements.txt'),
        ],
        root,
      );
      const got = await readdir(dest);
      expect(got.some((f) => f.startsWith('nativeext-2.0-') && f.includes(spelling.endsWith('win_amd64') ? 'win_amd64' : 'aarch64'))).toBe(true);
    }
  }, 300_000);

  it('a pylock.toml lock: its targets are used (--target picks one), and the wheelhouse pylock.toml downloads again', async () => {
    const dir = await work({ 'requirements.in': 'app-core\nnativeext\n' });
    const targets = ['cp312-win_amd64', 'cp311-manylinux_2_28_aarch64'];
    const locked = await cli(dir, ['lock', 'requirements.in', '--format', 'pylock', '--no-cache', '--index-url', server.url('/simple/'), ...targets.flatMap((t) => ['--target', t])]);
    expect(locked.code, locked.stderr).toBe(0);
    const all = await cli(dir, ['download', 'pylock.toml', '-d', 'wh', '--no-cache', '--json']);
    expect(all.code, all.stderr).toBe(0);
    const names = (JSON.parse(all.stdout) as { files: Array<{ filename: string; targets: string[] }> }).files.map((f) => f.filename);
    expect(names).toContain('nativeext-2.0-cp312-cp312-win_amd64.whl');
    expect(names).toContain('nativeext-2.0-cp311-cp311-manylinux_2_28_aarch64.whl');
    expect(names).toContain('winonly-1.0-py3-none-win_amd64.whl');
    const one = await cli(dir, ['download', 'pylock.toml', '-d', 'wh-win', '--no-cache', '--target', 'cp312-win_amd64', '--json']);
    expect(one.code, one.stderr).toBe(0);
    const winFiles = (JSON.parse(one.stdout) as { files: Array<{ filename: string; targets: string[] }> }).files;
    expect(winFiles.map((f) => f.filename).sort()).toEqual(['app_core-1.0-py3-none-any.whl', 'helper-1.1-py3-none-any.whl', 'nativeext-2.0-cp312-cp312-win_amd64.whl', 'winonly-1.0-py3-none-win_amd64.whl']);
    expect(winFiles.every((f) => f.targets.join() === 'cp312-win_amd64')).toBe(true);
    // A target the lock does not record is a usage error.
    const other = await cli(dir, ['download', 'pylock.toml', '-d', 'wh-x', '--no-cache', '--target', 'cp39-win32']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/the lock has no target "cp39-win32"/);
    // The wheelhouse's own pylock.toml is a lock too: downloading it again elsewhere gives the same files.
    const again = await cli(dir, ['download', path.join('wh-win', 'pylock.toml'), '-d', 'wh-win-2', '--no-cache', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { files: Array<{ filename: string }> }).files.map((f) => f.filename).sort()).toEqual(winFiles.map((f) => f.filename).sort());
  }, 300_000);

  const backend = debianBuildBackendWheels();
  const debian = debianPython();
  it.skipIf(backend === undefined || debian === undefined)('an sdist-only package builds offline from the wheelhouse: its setuptools backend came along', async () => {
    const dir = await work({ 'requirements.in': 'sdistonly\n' });
    // The real setuptools and wheel wheels, offered through find-links.
    const real = path.join(dir, 'real-wheels');
    await mkdir(real);
    for (const f of [backend!.setuptools, backend!.wheel]) await copyFile(f, path.join(real, path.basename(f)));
    const r = await cli(dir, ['download', 'requirements.in', '-d', 'wh', '--no-cache', '--index-url', server.url('/simple/'), '--find-links', real, '--python', debian!, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { files: Array<{ filename: string; buildDependency?: boolean }>; needsBuild: Array<{ package: string; target: string; sdist: string }> };
    expect(report.needsBuild).toEqual([{ package: 'sdistonly', version: '1.0', target: 'host', sdist: 'sdistonly-1.0.tar.gz' }]);
    const build = report.files.filter((f) => f.buildDependency).map((f) => f.filename).sort();
    expect(build).toEqual([path.basename(backend!.setuptools), path.basename(backend!.wheel)].sort());
    const wh = path.join(dir, 'wh');
    // Build dependencies are in the folder, not in its lock (pip's build environment finds them by --find-links).
    const requirements = await readFile(path.join(wh, 'requirements.txt'), 'utf8');
    expect(requirements).not.toMatch(/^setuptools==/m);
    const py = await venv('venv-sdist', debian);
    await python(['-m', 'pip', 'install', '--no-cache-dir', '-r', path.join(wh, 'requirements.txt')], root, py);
    expect(await python(['-c', 'import sdistonly; print(sdistonly.__version__)'], root, py)).toBe('1.0\n');
  }, 300_000);

  it.skipIf(backend === undefined)('for a foreign target too: the sdist fallback is reported for that target, and its backend resolved for it', async () => {
    const dir = await work({ 'requirements.in': 'sdistonly\nnativeext\n' });
    const real = path.join(dir, 'real-wheels');
    await mkdir(real);
    for (const f of [backend!.setuptools, backend!.wheel]) await copyFile(f, path.join(real, path.basename(f)));
    const r = await cli(dir, ['download', 'requirements.in', '-d', 'wh', '--no-cache', '--index-url', server.url('/simple/'), '--find-links', real, '--target', 'cp312-win_amd64', '--target', 'cp311-manylinux_2_28_aarch64', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { files: Array<{ filename: string; targets: string[]; buildDependency?: boolean }>; needsBuild: Array<{ package: string; target: string }> };
    expect(report.needsBuild.map((n) => `${n.package}@${n.target}`).sort()).toEqual(['sdistonly@cp311-manylinux_2_28_aarch64', 'sdistonly@cp312-win_amd64']);
    const build = report.files.filter((f) => f.buildDependency);
    expect(build.map((f) => f.filename).sort()).toEqual([path.basename(backend!.setuptools), path.basename(backend!.wheel)].sort());
    expect(build.every((f) => f.targets.join() === 'cp312-win_amd64,cp311-manylinux_2_28_aarch64')).toBe(true);
    expect(r.stderr).toMatch(/Built from sdist on install: sdistonly 1\.0 \(cp312-win_amd64, cp311-manylinux_2_28_aarch64\)/);
  }, 300_000);

  it('--no-build-deps leaves the backend out; --index writes a PEP 503 tree pip installs from', async () => {
    const dir = await work({ 'requirements.in': 'sdistonly\n' });
    const r = await cli(dir, ['download', 'requirements.in', '-d', 'wh', '--no-cache', '--index-url', server.url('/simple/'), '--no-build-deps', '--index', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { files: Array<{ filename: string }>; written: string[] };
    expect(report.files.map((f) => f.filename).sort()).toEqual(['helper-1.1-py3-none-any.whl', 'sdistonly-1.0.tar.gz']);
    expect(report.written).toContain('simple/');
    const wh = path.join(dir, 'wh');
    const page = await readFile(path.join(wh, 'simple', 'helper', 'index.html'), 'utf8');
    expect(page).toMatch(/href="\.\.\/\.\.\/helper-1\.1-py3-none-any\.whl#sha256=[0-9a-f]{64}"/);
    expect(page).toContain('data-dist-info-metadata');
    expect(existsSync(path.join(wh, 'helper-1.1-py3-none-any.whl.metadata'))).toBe(true);
    const dest = path.join(root, 'pip-from-simple');
    await python(['-m', 'pip', 'download', '--no-cache-dir', '--index-url', `file://${path.join(wh, 'simple')}/`, '--only-binary=:all:', '-d', dest, 'helper==1.1'], root);
    expect(await readdir(dest)).toEqual(['helper-1.1-py3-none-any.whl']);
  }, 300_000);

  describe('faults', () => {
    let faults: FaultServer;
    const big: PackageSpec = { name: 'bigpkg', version: '1.0', payloadBytes: 3 * 1024 * 1024 };
    let bigWheel: { fileName: string; bytes: Buffer; sha256: string };
    let small: { fileName: string; bytes: Buffer; sha256: string };
    let slow = true;

    beforeAll(async () => {
      faults = await FaultServer.start();
      bigWheel = await buildWheel(big);
      small = await buildWheel({ name: 'tampered', version: '1.0' });
      const page = (file: { fileName: string; sha256: string }) => `<!DOCTYPE html><html><body><a href="/files/${file.fileName}#sha256=${file.sha256}">${file.fileName}</a></body></html>`;
      faults.route('/simple/bigpkg/', { body: page(bigWheel), contentType: 'text/html' });
      faults.route('/simple/tampered/', { body: page(small), contentType: 'text/html' });
      // The server lists the right hash and serves other bytes.
      const wrong = Buffer.from(small.bytes);
      wrong[wrong.length - 30] = (wrong[wrong.length - 30]! + 1) & 0xff;
      faults.route(`/files/${small.fileName}`, { body: wrong });
    });
    afterAll(async () => {
      await faults?.close();
    });

    it('a file whose bytes do not match the lock is refused, named with both hashes, and not left in DIR', async () => {
      const dir = await work({ 'requirements.txt': `tampered==1.0 \\\n    --hash=sha256:${small.sha256}\n` });
      const r = await cli(dir, ['download', 'requirements.txt', '-d', 'wh', '--no-cache', '--index-url', faults.url('/simple/'), '--target', 'cp311-manylinux_2_17_x86_64']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('E_HASH_MISMATCH');
      expect(r.stderr).toContain(small.fileName);
      expect(r.stderr).toContain(`sha256:${small.sha256}`);
      expect(r.stderr).toMatch(/sha256:[0-9a-f]{64}/);
      expect(r.stderr).toContain(faults.url(`/files/${small.fileName}`));
      const left = await readdir(path.join(dir, 'wh'));
      expect(left).toEqual([]);
    }, 120_000);

    it('credentials in the index URL reach the server and nothing else: not DIR, not the output', async () => {
      const auth = { username: 'alice', password: 's3cr3t-pw' };
      const good = await buildWheel({ name: 'private-pkg', version: '1.0' });
      faults.route('/private/simple/private-pkg/', { body: `<a href="/private/files/${good.fileName}#sha256=${good.sha256}">x</a>`, contentType: 'text/html', auth });
      faults.route(`/private/files/${good.fileName}`, { body: good.bytes, auth });
      const dir = await work({ 'requirements.txt': `private-pkg==1.0 --hash=sha256:${good.sha256}\n` });
      const indexUrl = faults.url('/private/simple/').replace('http://', `http://${auth.username}:${auth.password}@`);
      const r = await cli(dir, ['download', 'requirements.txt', '-d', 'wh', '--no-cache', '--index-url', indexUrl, '--target', 'cp311-manylinux_2_17_x86_64', '--json', '--index']);
      expect(r.code, r.stderr).toBe(0);
      expect(faults.requestsTo(`/private/files/${good.fileName}`).at(-1)?.basic).toEqual(auth);
      expect(r.stdout + r.stderr).not.toContain(auth.password);
      const wh = path.join(dir, 'wh');
      const texts = await Promise.all(['requirements.txt', 'pylock.toml', 'manifest.json', 'simple/private-pkg/index.html'].map((f) => readFile(path.join(wh, f), 'utf8')));
      for (const t of texts) expect(t).not.toContain(auth.password);
      expect(texts[2]).toContain(faults.url(`/private/files/${good.fileName}`));
    }, 120_000);

    it('a connection cut midway is resumed with a Range request', async () => {
      const file = `/files/${bigWheel.fileName}`;
      faults.route(file, ({ attempt }) => (attempt === 1 ? { body: bigWheel.bytes, etag: '"big-v1"', closeAfter: 1024 * 1024 } : { body: bigWheel.bytes, etag: '"big-v1"' }));
      faults.resetRecords();
      const dir = await work({ 'requirements.txt': `bigpkg==1.0 --hash=sha256:${bigWheel.sha256}\n` });
      const r = await cli(dir, ['download', 'requirements.txt', '-d', 'wh', '--no-cache', '--index-url', faults.url('/simple/'), '--target', 'cp311-manylinux_2_17_x86_64', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const requests = faults.requestsTo(file);
      expect(requests.length).toBe(2);
      expect(requests[0]!.range).toBeUndefined();
      // The body ended after (at most) 1 MiB: the rest is asked for from where it stopped.
      const from = Number(/^bytes=(\d+)-$/.exec(requests[1]!.range ?? '')?.[1]);
      expect(from).toBeGreaterThan(0);
      expect(from).toBeLessThanOrEqual(1024 * 1024);
      const got = await readFile(path.join(dir, 'wh', bigWheel.fileName));
      expect(got.equals(bigWheel.bytes)).toBe(true);
    }, 120_000);

    it('a download killed midway, then run again, continues the partial file with Range and leaves no stray file', async () => {
      const file = `/files/${bigWheel.fileName}`;
      slow = true;
      faults.route(file, () => (slow ? { body: bigWheel.bytes, etag: '"big-v1"', bytesPerSecond: 256 * 1024 } : { body: bigWheel.bytes, etag: '"big-v1"' }));
      faults.resetRecords();
      const dir = await work({ 'requirements.txt': `bigpkg==1.0 --hash=sha256:${bigWheel.sha256}\n` });
      const wh = path.join(dir, 'wh');
      const args = ['download', 'requirements.txt', '-d', 'wh', '--no-cache', '--index-url', faults.url('/simple/'), '--target', 'cp311-manylinux_2_17_x86_64'];
      const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: isolatedPythonEnv(), stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // Wait until a good part of the file is on disk, then kill that process (by its PID).
      let partial = 0;
      for (let i = 0; i < 600 && partial < 512 * 1024; i++) {
        await new Promise((res) => setTimeout(res, 50));
        const temps = existsSync(wh) ? await tempFiles(wh) : [];
        partial = temps.length === 1 ? (await stat(path.join(wh, temps[0]!)).catch(() => ({ size: 0 }))).size : 0;
      }
      expect(partial).toBeGreaterThan(0);
      process.kill(child.pid!, 'SIGKILL');
      await exited;
      const temps = await tempFiles(wh);
      expect(temps).toHaveLength(1);
      const kept = (await stat(path.join(wh, temps[0]!))).size;
      expect(kept).toBeGreaterThan(0);
      expect(existsSync(path.join(wh, bigWheel.fileName))).toBe(false);

      slow = false;
      faults.resetRecords();
      const r = await cli(dir, [...args, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { files: Array<{ filename: string; status: string }>; bytesDownloaded: number };
      expect(report.files).toEqual([expect.objectContaining({ filename: bigWheel.fileName, status: 'resumed' })]);
      expect(report.bytesDownloaded).toBe(bigWheel.bytes.length - kept);
      expect(faults.requestsTo(file).map((q) => q.range)).toEqual([`bytes=${kept}-`]);
      expect((await readFile(path.join(wh, bigWheel.fileName))).equals(bigWheel.bytes)).toBe(true);
      expect(await tempFiles(wh)).toEqual([]);
      expect((await readdir(wh)).sort()).toEqual([bigWheel.fileName, 'manifest.json', 'pylock.toml', 'requirements.txt']);
    }, 180_000);
  });

  const mirror = mirrorRoots();
  if (mirror.length === 0) console.warn('SKIPPED: the PyPI mirror test (no file:// mirror in the machine pip configuration; see ../shared/bench/mirror.py)');
  it.skipIf(mirror.length === 0)('the PyPI mirror: fastapi for the host, locked in memory, installs offline and imports', async () => {
    const dir = await work();
    const indexArgs = ['--index-url', mirror[0]!.indexUrl, ...mirror.slice(1).flatMap((m) => ['--extra-index-url', m.indexUrl]), '--index-strategy', 'unsafe-best-match'];
    const r = await cli(dir, ['download', 'fastapi', 'uvicorn', '-d', 'wh', '--cache-dir', path.join(root, 'mirror-cache'), ...indexArgs, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { files: Array<{ filename: string }> };
    expect(report.files.length).toBeGreaterThan(5);
    const py = await venv('venv-mirror');
    await python(['-m', 'pip', 'install', '--no-cache-dir', '-r', path.join(dir, 'wh', 'requirements.txt')], root, py);
    expect(await python(['-c', 'import fastapi, uvicorn, pydantic; print("ok")'], root, py)).toBe('ok\n');
  }, 600_000);
});

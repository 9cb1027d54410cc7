/**
 * `wheelhouse build` and `wheelhouse init`, run as a user runs them (the built CLI), on a
 * copy of the demo's wheelhouse.yaml and its committed local index: lock → download →
 * verify for the host and a Windows target, with the real pip as the second judge; a
 * config error names file:line:column; a failing verify exits 1 with its reasons.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INDEX } from '../../fixtures/demo/generate.js';
import { writeLocalIndex } from '../../fixtures/generator/local-index.js';
import { runCli } from '../helpers/cli.js';
import { mirrorRoots } from '../helpers/mirror.js';
import { hasPython, isolatedPythonEnv, PYTHON } from '../helpers/python.js';

const run = promisify(execFile);
const DEMO = path.join(DEMO_INDEX, '..');
const SIMPLE = path.join(DEMO_INDEX, 'simple');

let root: string;

/** The demo's wheelhouse.yaml and requirements.in in a fresh folder, the index by absolute path, outputs inside. */
async function demoCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'demo-'));
  await copyFile(path.join(DEMO, 'requirements.in'), path.join(dir, 'requirements.in'));
  const text = (await readFile(path.join(DEMO, 'wheelhouse.yaml'), 'utf8'))
    .replace('index-url: index/simple', `index-url: ${SIMPLE}`)
    .replace('../../demo-output/requirements.txt', 'out/requirements.txt')
    .replace('../../demo-output/wheelhouse', 'out/wheelhouse');
  await writeFile(path.join(dir, 'wheelhouse.yaml'), text);
  return dir;
}

describe.skipIf(!hasPython())('wheelhouse build (built CLI, real pip)', () => {
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wh-e2e-build-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('builds the demo for the host and cp312-win_amd64: the lock, the files, and verify --pip says ok', async () => {
    const dir = await demoCopy();
    const r = await runCli(['build', '--config', 'wheelhouse.yaml', '--pip', '--no-cache'], { cwd: dir, env: { CUSTOM_COMPILE_COMMAND: '' } });
    expect(r.stderr).not.toMatch(/error\[/);
    expect(r.code).toBe(0);

    const lock = await readFile(path.join(dir, 'out', 'requirements.txt'), 'utf8');
    expect(lock).toContain('#    wheelhouse build --config wheelhouse.yaml\n');
    const pins = lock.split('\n').filter((l) => /^[a-z]/.test(l)).map((l) => l.replace(/ \\$/, ''));
    expect(pins).toEqual(['demo-app==1.0.0', 'demo-certs==2024.1', 'demo-cli==0.9.0', 'demo-colors==1.0.0', 'demo-fastmath==1.2.0', 'demo-http==2.1.0', 'demo-socks==1.0.0']);
    expect(lock).toContain('# via -r requirements.in');

    const files = (await readdir(path.join(dir, 'out', 'wheelhouse'))).filter((f) => f.endsWith('.whl') || f.endsWith('.tar.gz')).sort();
    expect(files).toEqual([
      'demo_app-1.0.0-py3-none-any.whl',
      'demo_certs-2024.1-py2.py3-none-any.whl',
      'demo_cli-0.9.0-py3-none-any.whl',
      'demo_colors-1.0.0-py3-none-any.whl',
      'demo_fastmath-1.2.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
      'demo_fastmath-1.2.0-cp312-cp312-win_amd64.whl',
      'demo_http-2.1.0-py3-none-any.whl',
      'demo_socks-1.0.0-py3-none-any.whl',
    ]);
    const own = await readdir(path.join(dir, 'out', 'wheelhouse'));
    expect(own).toEqual(expect.arrayContaining(['requirements.txt', 'pylock.toml', 'manifest.json', 'simple']));

    expect(r.stdout).toMatch(/^package\s+version\s+host\s+cp312-win_amd64$/m);
    expect(r.stdout).toMatch(/^demo-fastmath\s+1\.2\.0\s+ok\s+ok$/m);
    expect(r.stdout).toMatch(/^ {2}host: ok/m);
    expect(r.stdout).toMatch(/^ {2}cp312-win_amd64: ok/m);
    expect(r.stdout).toContain('OK: 7 packages on 2 targets');
    expect(r.stderr).toMatch(/Built out\/wheelhouse: 7 packages locked for host, cp312-win_amd64 in out\/requirements\.txt; 8 files \(8 downloaded, .*\); verify ok, and pip agrees/);

    // The folder installs itself from elsewhere: pip install -r DIR/requirements.txt in a fresh venv.
    const venv = path.join(dir, 'venv');
    await run(PYTHON, ['-m', 'venv', venv], { env: isolatedPythonEnv() });
    const py = path.join(venv, 'bin', 'python');
    await run(py, ['-m', 'pip', 'install', '-q', '-r', path.join(dir, 'out', 'wheelhouse', 'requirements.txt')], { env: isolatedPythonEnv(), cwd: root });
    const { stdout } = await run(py, ['-c', 'import demo_fastmath, demo_app; print(demo_fastmath.__version__, demo_app.__version__)'], { env: isolatedPythonEnv(), cwd: root });
    expect(stdout.trim()).toBe('1.2.0 1.0.0');
  }, 240_000);

  it('flags win over the file: --target, --dest, --lock-file, --format, --json', async () => {
    const dir = await demoCopy();
    const r = await runCli(['build', '--config', path.join(dir, 'wheelhouse.yaml'), '--target', 'cp311-manylinux_2_28_aarch64', '--dest', 'aarch64', '-o', 'locks/pylock.toml', '--json', '--no-cache', '--no-pip'], { cwd: dir });
    expect(r.stderr).not.toMatch(/error\[/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; targets: string[]; lockFile: string; download: { dest: string; files: Array<{ filename: string }> }; verify: { ok: boolean; pip?: unknown } };
    expect(report.ok).toBe(true);
    expect(report.targets).toEqual(['cp311-manylinux_2_28_aarch64']);
    expect(report.lockFile).toBe(path.join(dir, 'locks', 'pylock.toml'));
    expect(report.download.dest).toBe(path.join(dir, 'aarch64'));
    expect(report.download.files.map((f) => f.filename)).toContain('demo_fastmath-1.2.0-cp311-cp311-manylinux_2_28_aarch64.whl');
    expect(report.verify.pip).toBeUndefined();
    expect(await readFile(path.join(dir, 'locks', 'pylock.toml'), 'utf8')).toMatch(/^lock-version = "1\.0"$/m);
  }, 120_000);

  it('a config error names file:line:column, the key and what was expected, and exits 2', async () => {
    const dir = await demoCopy();
    const text = (await readFile(path.join(dir, 'wheelhouse.yaml'), 'utf8')).replace('targets:\n', 'targest:\n');
    const line = text.split('\n').findIndex((l) => l.startsWith('targest:')) + 1;
    await writeFile(path.join(dir, 'wheelhouse.yaml'), text);
    const r = await runCli(['build', '--config', 'wheelhouse.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[E_CONFIG]: targest: unknown key "targest"');
    expect(r.stderr).toContain(`  --> wheelhouse.yaml:${line}:1`);
    expect(r.stderr).toContain('  hint: did you mean "targets"?');
    expect(r.stderr).toMatch(/ {2}expected: one of: requirements, constraints, /);

    await writeFile(path.join(dir, 'bad.yaml'), 'requirements: ["demo-app"]\nconcurrency: lots\n');
    const bad = await runCli(['build', '--config', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error[E_CONFIG]: concurrency: expected a whole number of at least 1, found the string "lots"');
    expect(bad.stderr).toContain('  --> bad.yaml:2:14');
  });

  it('without a wheelhouse.yaml: a usage error that points at wheelhouse init', async () => {
    const dir = await mkdtemp(path.join(root, 'empty-'));
    const r = await runCli(['build'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[E_USAGE]: no wheelhouse.yaml here, and no --config was given');
    expect(r.stderr).toContain('wheelhouse init');
  });

  it('a verify that fails exits 1 with its reasons (an sdist whose build backend was left out)', async () => {
    const dir = await mkdtemp(path.join(root, 'nobuild-'));
    await writeLocalIndex(path.join(dir, 'index'), [{ name: 'srconly', version: '1.0', wheel: false, sdist: 'setuptools' }]);
    await writeFile(path.join(dir, 'wheelhouse.yaml'), 'requirements: [srconly]\nindex-url: index/simple\nfind-links: []\ntargets: [cp312-win_amd64]\nbuild-deps: false\n');

    const r = await runCli(['build', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_VERIFY]: the wheelhouse wheelhouse does not install offline as locked: srconly 1.0 on cp312-win_amd64: unsatisfied-dependency');
    expect(r.stderr).toContain('Built from sdist on install: srconly 1.0 (cp312-win_amd64)');
    expect(r.stdout).toMatch(/setuptools>=40\.8\.0 \(build requirement of srconly-1\.0\.tar\.gz\) has no wheel in the wheelhouse/);
    // The lock was written and the wheelhouse holds the verified sdist: only the verdict failed.
    expect(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).toMatch(/^srconly==1\.0 \\$/m);
    expect((await readdir(path.join(dir, 'wheelhouse'))).filter((f) => f.endsWith('.tar.gz'))).toEqual(['srconly-1.0.tar.gz']);

    // The same with build-deps on (the default; the flag wins over the file) fetches setuptools and wheel... which this index lacks.
    const withDeps = await runCli(['build', '--no-cache', '--build-deps'], { cwd: dir });
    expect(withDeps.code).not.toBe(0);
    expect(withDeps.stderr).toMatch(/setuptools/);
  }, 120_000);

  it('init writes a starter that build accepts; it refuses to overwrite without --force', async () => {
    const dir = await mkdtemp(path.join(root, 'init-'));
    const first = await runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Wrote wheelhouse.yaml');
    const written = await readFile(path.join(dir, 'wheelhouse.yaml'), 'utf8');
    expect(written).toMatch(/^targets:\n {2}- host$/m);

    await writeFile(path.join(dir, 'wheelhouse.yaml'), '# mine\n');
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('error[E_USAGE]: wheelhouse.yaml already exists; it was left as it is');
    expect(await readFile(path.join(dir, 'wheelhouse.yaml'), 'utf8')).toBe('# mine\n');
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
    expect(await readFile(path.join(dir, 'wheelhouse.yaml'), 'utf8')).toBe(written);

    // A folder as PATH.
    await mkdir(path.join(dir, 'deploy'));
    expect((await runCli(['init', 'deploy', '-q'], { cwd: dir })).code).toBe(0);
    expect(await readFile(path.join(dir, 'deploy', 'wheelhouse.yaml'), 'utf8')).toBe(written);

    // Then build, with the starter as written, against the demo index.
    await writeFile(path.join(dir, 'requirements.in'), 'demo-http[socks]\n');
    const built = await runCli(['build', '--index-url', SIMPLE, '--no-cache'], { cwd: dir });
    expect(built.stderr).not.toMatch(/error\[/);
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/^ {2}host: ok/m);
    expect(built.stderr).toMatch(/Built wheelhouse: 3 packages locked for host in requirements\.txt/);
  }, 240_000);
});

/**
 * A large real set from the machine's PyPI mirror (the benchmark's web-stack set, about 40
 * packages): `wheelhouse build` for the host, then a fresh venv installs it from
 * DIR/requirements.txt alone and imports it; the same wheelhouse checked for a Windows
 * target names exactly the packages whose files in DIR are binary wheels for other
 * platforms (the mirror has CPython 3.11 Linux and pure-python wheels only).
 */
const mirror = mirrorRoots();
if (mirror.length === 0) console.warn('SKIPPED: wheelhouse build on the PyPI mirror (no file:// mirror in the machine pip configuration; see ../shared/bench/mirror.py)');
describe.skipIf(mirror.length === 0 || !hasPython())('wheelhouse build on real packages of the PyPI mirror', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wh-e2e-build-mirror-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('builds web-stack for the host; a fresh venv installs it offline and imports it; verify for cp311-win_amd64 names the binary-only packages', async () => {
    const config = [
      'requirements: [fastapi, "uvicorn[standard]", sqlalchemy, alembic, "httpx[http2]", python-dotenv]',
      `index-url: ${mirror[0]!.indexUrl}`,
      `extra-index-url: [${mirror.slice(1).map((m) => m.indexUrl).join(', ')}]`,
      'index-strategy: unsafe-best-match',
      'find-links: []',
      'targets: [host]',
      'lock: {path: requirements.txt}',
      'wheelhouse: {dir: wh}',
      '',
    ].join('\n');
    await writeFile(path.join(dir, 'wheelhouse.yaml'), config);
    const r = await runCli(['build', '--cache-dir', path.join(dir, 'cache')], { cwd: dir, timeoutMs: 300_000 });
    expect(r.stderr).not.toMatch(/error\[/);
    expect(r.code).toBe(0);
    const wh = path.join(dir, 'wh');
    const wheels = (await readdir(wh)).filter((f) => f.endsWith('.whl'));
    expect(wheels.length).toBeGreaterThan(25);

    const venv = path.join(dir, 'venv');
    await run(PYTHON, ['-m', 'venv', venv], { env: isolatedPythonEnv() });
    const py = path.join(venv, 'bin', 'python');
    await run(py, ['-m', 'pip', 'install', '-q', '-r', path.join(wh, 'requirements.txt')], { env: isolatedPythonEnv(), cwd: tmpdir(), maxBuffer: 1 << 24 });
    const { stdout } = await run(py, ['-c', 'import fastapi, uvicorn, sqlalchemy, alembic, httpx, h2, dotenv; print("ok")'], { env: isolatedPythonEnv(), cwd: tmpdir() });
    expect(stdout.trim()).toBe('ok');

    // Independently of wheelhouse, from the file names: a package whose wheels here are all for a platform other than Windows.
    const byPackage = new Map<string, string[]>();
    for (const f of wheels) {
      const name = f.split('-')[0]!.toLowerCase().replace(/[-_.]+/g, '-');
      byPackage.set(name, [...(byPackage.get(name) ?? []), f]);
    }
    const expected = [...byPackage].filter(([, files]) => files.every((f) => !f.endsWith('-any.whl') && !f.includes('win_amd64'))).map(([n]) => n).sort();
    expect(expected.length).toBeGreaterThan(2);
    const win = await runCli(['verify', wh, '--lock', path.join(dir, 'requirements.txt'), '--target', 'cp311-win_amd64', '--json'], { cwd: dir });
    expect(win.code).toBe(1);
    const report = JSON.parse(win.stdout) as { cells: Array<{ package: string; status: string }> };
    expect(report.cells.filter((c) => c.status === 'missing').map((c) => c.package).sort()).toEqual(expected);
  }, 600_000);
});

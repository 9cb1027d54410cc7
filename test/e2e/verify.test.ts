/**
 * `wheelhouse verify` end to end: the built CLI on wheelhouses made with the fixture
 * generator (and, when the machine has one, real wheels of its PyPI mirror), and the real
 * pip (`--pip`), isolated from the machine's pip configuration.
 */
import { copyFile, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { lockTarget } from '../../src/resolver/index.js';
import { detectHostTarget } from '../../src/tags/index.js';
import type { VerifyReport } from '../../src/verify/index.js';
import { runCli } from '../helpers/cli.js';
import { MIRROR_ABSENT, mirrorFiles, mirrorRoots } from '../helpers/mirror.js';
import { hasPython } from '../helpers/python.js';
import { hostileWheel, writePackages } from '../../fixtures/generator/index.js';
import { lockedFileOf, makeWheelhouse, WINDOWS, writeLockfiles } from '../verify/support.js';

const roots: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'wheelhouse-verify-e2e-'));
  roots.push(d);
  return d;
}
afterAll(async () => {
  for (const d of roots) await rm(d, { recursive: true, force: true });
});

const python = hasPython();
if (!python) console.warn('SKIPPED: verify --pip tests need python3 with pip');

/** A host wheelhouse: a requirements.txt lock (no targets: the host is checked). */
async function hostHouse(): Promise<string> {
  const dir = await tempDir();
  const house = await makeWheelhouse(dir, ['cp311-manylinux_2_17_x86_64'], [
    { spec: { name: 'app', version: '1.0', requiresDist: ['dep>=1'] } },
    { spec: { name: 'dep', version: '2.0' } },
  ]);
  await rm(path.join(house.dir, 'pylock.toml'));
  return dir;
}

describe.runIf(python)('verify --pip on the host', () => {
  test('a good wheelhouse passes the static check and pip install in a fresh venv', async () => {
    const dir = await hostHouse();
    const r = await runCli(['verify', dir, '--pip']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^app\s+1\.0\s+ok$/m);
    expect(r.stdout).toMatch(/^ {2}host: ok \(wheelhouse: ok\)$/m);
    expect(r.stdout).toMatch(/-m pip install --no-index --find-links \S+ --require-hashes -r \S+requirements\.txt/);
    const json = await runCli(['verify', dir, '--pip', '--json']);
    const report = JSON.parse(json.stdout) as VerifyReport;
    expect(report.ok).toBe(true);
    expect(report.pip).toHaveLength(1);
    expect(report.pip![0]).toMatchObject({ target: 'host', ok: true, agrees: true });
  });

  test('a pylock.toml for the host without a requirements.txt: pip installs from a requirements file written from the pins', async () => {
    const dir = await tempDir();
    const house = await makeWheelhouse(dir, ['cp311-manylinux_2_17_x86_64'], [
      { spec: { name: 'app', version: '1.0', requiresDist: ['dep>=1'] } },
      { spec: { name: 'dep', version: '2.0' } },
    ]);
    const host = lockTarget(await detectHostTarget());
    await writeLockfiles(dir, { ...house.lock, targets: [host], packages: house.lock.packages.map((p) => ({ ...p, targets: ['host'] })) });
    await rm(path.join(dir, 'requirements.txt'));
    const r = await runCli(['verify', dir, '--pip', '--json']);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.targets).toEqual(['host']);
    expect(report.pip![0]).toMatchObject({ target: 'host', ok: true, agrees: true });
    expect(report.pip![0]!.command).toMatch(/--require-hashes -r \S+requirements-0\.txt$/);
    expect(r.code).toBe(0);
  });

  test('a corrupted file is caught by verify and by pip', async () => {
    const dir = await hostHouse();
    await truncate(path.join(dir, 'dep-2.0-py3-none-any.whl'), 200);
    const r = await runCli(['verify', dir, '--pip', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('E_VERIFY');
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.cells.find((c) => c.package === 'dep')!.status).toBe('corrupt');
    expect(report.pip![0]!.ok).toBe(false);
    expect(report.pip![0]!.agrees).toBe(true);
    expect(report.pip![0]!.output).toMatch(/THESE PACKAGES DO NOT MATCH THE HASHES/);
  });

  test('a missing dependency is caught with its name and the package that needs it; pip fails too', async () => {
    const dir = await tempDir();
    const house = await makeWheelhouse(dir, ['cp311-manylinux_2_17_x86_64'], [{ spec: { name: 'app', version: '1.0', requiresDist: ['idna<4,>=2.5'] } }]);
    await rm(path.join(house.dir, 'pylock.toml'));
    const r = await runCli(['verify', dir, '--pip']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^app\s+1\.0\s+UNSATISFIED DEPENDENCY$/m);
    expect(r.stdout).toContain('app 1.0 needs idna<4,>=2.5; the wheelhouse has none for target host');
    expect(r.stdout).toMatch(/^ {2}host: FAILED \(wheelhouse: failed\)$/m);
    expect(r.stderr).toContain('app 1.0 on host: unsatisfied-dependency');
  });
});

describe.runIf(python)('where pip is more lenient than verify', () => {
  test('a wheel whose files do not match RECORD (its hash locked): verify fails it, pip 23.2.1 installs it; the report says why they disagree', async () => {
    const dir = await tempDir();
    const house = await makeWheelhouse(dir, ['cp311-manylinux_2_17_x86_64'], [{ spec: { name: 'requests', version: '2.0' } }]);
    const bad = hostileWheel('wrong-record-hash');
    const pkg = await lockedFileOf(dir, 'hostile', '1.0', bad.fileName, bad.bytes, house.lock.targets.map((t) => t.name));
    await writeLockfiles(dir, { ...house.lock, packages: [pkg, ...house.lock.packages] });
    await rm(path.join(dir, 'pylock.toml'));
    const r = await runCli(['verify', dir, '--pip']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^hostile\s+1\.0\s+CORRUPT$/m);
    expect(r.stdout).toMatch(/^ {2}host: ok \(wheelhouse: failed; they disagree\)$/m);
    expect(r.stdout).toContain('note: the static check is stricter here: hostile 1.0: pip 23.2.1 installs a wheel without checking its files against RECORD');
  });
});

describe.runIf(python)('verify --pip for a foreign target', () => {
  test('a cp312-win_amd64 and cp311-manylinux_2_28_aarch64 wheelhouse passes pip download with the target flags', async () => {
    const dir = await tempDir();
    const AARCH64 = 'cp311-manylinux_2_28_aarch64';
    await makeWheelhouse(dir, [WINDOWS, AARCH64], [
      { spec: { name: 'app', version: '1.0', requiresDist: ['native>=1', 'colorama; sys_platform == "win32"', 'uvloop; sys_platform != "win32"'] } },
      // An older manylinux level for aarch64: pip accepts it only because every level is passed as a --platform.
      { spec: { name: 'native', version: '1.0', wheelTags: ['cp312-cp312-win_amd64', 'cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64', 'cp311-cp311-manylinux_2_17_x86_64'] } },
      { spec: { name: 'colorama', version: '0.4.6' }, targets: [WINDOWS] },
      { spec: { name: 'uvloop', version: '0.19.0', wheelTags: ['cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64'] }, targets: [AARCH64] },
    ]);
    const r = await runCli(['verify', dir, '--pip', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.ok).toBe(true);
    expect(report.cells.find((c) => c.package === 'native')!.file).toBe('native-1.0-cp312-cp312-win_amd64.whl');
    const v = report.pip![0]!;
    expect(v).toMatchObject({ target: WINDOWS, ok: true, agrees: true });
    expect(v.command).toContain('pip download --no-index --find-links');
    expect(v.command).toContain('--platform win_amd64 --python-version 3.12 --implementation cp --abi cp312');
    const arm = report.pip![1]!;
    expect(arm).toMatchObject({ target: AARCH64, ok: true, agrees: true });
    expect(arm.command).toContain('--platform manylinux_2_28_aarch64');
    expect(arm.command).toContain('--platform manylinux2014_aarch64');
    expect(report.cells.find((c) => c.package === 'native' && c.target === AARCH64)!.file).toBe('native-1.0-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl');
  });

  test('a wheel the target cannot use is missing for verify and for pip download', async () => {
    const dir = await tempDir();
    const house = await makeWheelhouse(dir, [WINDOWS], [{ spec: { name: 'native', version: '1.0', wheelTags: ['cp312-cp312-win_amd64'] } }]);
    // Replace the Windows wheel by a Linux one of the same version (and lock it).
    await rm(path.join(dir, 'native-1.0-cp312-cp312-win_amd64.whl'));
    const linux = await makeWheelhouse(await tempDir(), [WINDOWS], [{ spec: { name: 'native', version: '1.0', wheelTags: ['cp312-cp312-manylinux_2_17_x86_64'] } }]);
    await copyFile(linux.files[0]!.path, path.join(dir, linux.files[0]!.fileName));
    await writeFile(path.join(dir, 'pylock.toml'), (await readFile(path.join(linux.dir, 'pylock.toml'), 'utf8')));
    expect(house.lock.targets[0]!.name).toBe(WINDOWS);
    const r = await runCli(['verify', dir, '--pip', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.cells[0]!.status).toBe('missing');
    expect(report.pip![0]).toMatchObject({ ok: false, agrees: true });
    expect(report.pip![0]!.output).toMatch(/No matching distribution found for native==1\.0/);
  });
});

describe('verify without pip', () => {
  test('the table and reasons on stdout, E_VERIFY on stderr, exit 1', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [WINDOWS], [{ spec: { name: 'requests', version: '2.31.0', requiresDist: ['idna<4,>=2.5'] } }]);
    const r = await runCli(['verify', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^package\s+version\s+cp312-win_amd64$/m);
    expect(r.stdout).toContain('requests 2.31.0 needs idna<4,>=2.5; the wheelhouse has none for target cp312-win_amd64');
    expect(r.stderr).toMatch(/E_VERIFY/);
  });
});

describe('verify on real wheels of the machine PyPI mirror', () => {
  const roots = mirrorRoots();
  if (roots.length === 0) console.warn(MIRROR_ABSENT);

  /** Canonical project name and version of a distribution file name (wheel or sdist). */
  function nameVersion(file: string): [string, string] | undefined {
    const m = /^([^-]+)-([^-]+?)(?:-.*\.whl|\.tar\.gz|\.zip)$/.exec(file);
    return m ? [m[1]!.toLowerCase().replace(/[-_.]+/g, '-'), m[2]!] : undefined;
  }

  test.runIf(roots.length > 0 && python)(
    'a jupyter wheelhouse: the host passes (static and pip); for cp311-win_amd64 verify names exactly the binary packages the mirror has no Windows wheel for',
    async () => {
      const dir = await tempDir();
      const indexes = roots.flatMap((r, i) => [i === 0 ? '--index-url' : '--extra-index-url', r.indexUrl]);
      const locked = await runCli(['lock', 'jupyter', ...indexes, '-o', path.join(dir, 'requirements.txt'), '--quiet'], { timeoutMs: 300_000 });
      expect(locked.stderr).toBe('');
      expect(locked.code).toBe(0);
      const pins = [...(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).matchAll(/^([a-z0-9-]+)==(\S+)/gm)].map((m) => [m[1]!, m[2]!] as const);
      expect(pins.length).toBeGreaterThan(50);
      // The wheelhouse: every mirror file of every pinned version.
      const wanted = new Set(pins.map(([n, v]) => `${n}==${v}`));
      const copied = new Map<string, string[]>();
      for (const root of roots) {
        const filesDir = path.join(root.folder, 'files');
        for (const f of await readdir(filesDir).catch(() => [] as string[])) {
          const nv = nameVersion(f);
          if (!nv || !wanted.has(`${nv[0]}==${nv[1]}`)) continue;
          await copyFile(path.join(filesDir, f), path.join(dir, f));
          const key = `${nv[0]}==${nv[1]}`;
          copied.set(key, [...(copied.get(key) ?? []), f]);
        }
      }
      expect([...wanted].filter((k) => !copied.has(k))).toEqual([]);
      // Independently of wheelhouse: a package whose every file is a wheel for some platform that is neither any nor Windows.
      const expected = pins
        .filter(([n, v]) => copied.get(`${n}==${v}`)!.every((f) => f.endsWith('.whl') && !f.endsWith('-any.whl') && !/win_amd64/.test(f)))
        .map(([n]) => n)
        .sort();
      expect(expected.length).toBeGreaterThan(3);

      const host = await runCli(['verify', dir, '--pip', '--json'], { timeoutMs: 600_000 });
      const hostReport = JSON.parse(host.stdout) as VerifyReport;
      expect(hostReport.cells.filter((c) => c.status !== 'ok')).toEqual([]);
      expect(hostReport.pip![0]).toMatchObject({ target: 'host', ok: true, agrees: true });
      expect(host.code).toBe(0);

      const win = await runCli(['verify', dir, '--target', 'cp311-win_amd64', '--pip', '--json'], { timeoutMs: 600_000 });
      expect(win.code).toBe(1);
      const winReport = JSON.parse(win.stdout) as VerifyReport;
      const missing = winReport.cells.filter((c) => c.status === 'missing').map((c) => c.package).sort();
      expect(missing).toEqual(expected);
      for (const c of winReport.cells.filter((c) => c.status === 'missing')) expect(c.reasons.join('\n')).toMatch(/is compatible with cp311-win_amd64/);
      // What else fails on Windows are dependencies a Linux lock did not need (colorama, pywinpty…): named, and not in the lock.
      for (const c of winReport.cells.filter((c) => c.status !== 'missing' && c.status !== 'ok')) {
        expect(c.status).toBe('unsatisfied-dependency');
        for (const reason of c.reasons) {
          const needed = /needs ([A-Za-z0-9._-]+)/.exec(reason)![1]!.toLowerCase().replace(/[-_.]+/g, '-');
          expect(wanted.has(needed) || pins.some(([n]) => n === needed)).toBe(false);
        }
      }
      expect(winReport.pip![0]).toMatchObject({ target: 'cp311-win_amd64', ok: false, agrees: true });
    },
    900_000,
  );
});

describe('an sdist and its build backend, with real setuptools and wheel from the mirror', () => {
  const backend = ['setuptools-', 'wheel-'].map((prefix) => mirrorFiles(prefix).filter((f) => f.endsWith('-py3-none-any.whl')).pop());
  const packaging = mirrorFiles('packaging-').filter((f) => f.endsWith('.whl'));
  const present = backend.every((f) => f !== undefined) && packaging.length > 0;
  if (!present) console.warn(`${MIRROR_ABSENT} (or it has no setuptools, wheel and packaging wheels)`);

  test.runIf(present && python)('verify and pip agree: a build dependency missing from DIR fails both, then both pass', async () => {
    const dir = await tempDir();
    const house = await makeWheelhouse(dir, ['cp311-manylinux_2_17_x86_64'], [{ spec: { name: 'srconly', version: '1.0', wheel: false, sdist: 'setuptools' } }]);
    await rm(path.join(house.dir, 'pylock.toml'));
    for (const f of backend) await copyFile(f!, path.join(dir, path.basename(f!)));
    const wheelFile = path.basename(backend[1]!);
    // wheel's own METADATA asks for packaging, which DIR does not have yet (when it does: this wheel is too old for the test).
    const first = await runCli(['verify', dir, '--pip', '--json'], { timeoutMs: 300_000 });
    const report = JSON.parse(first.stdout) as VerifyReport;
    const c = report.cells.find((x) => x.package === 'srconly')!;
    expect(c.status).toBe('unsatisfied-dependency');
    expect(c.reasons.join('\n')).toMatch(new RegExp(`packaging>=[0-9.]+ \\(needed by ${wheelFile.replace(/[.]/g, '\\.')}\\) has no wheel in the wheelhouse`));
    expect(report.pip![0]).toMatchObject({ target: 'host', ok: false, agrees: true });
    expect(first.code).toBe(1);

    for (const f of packaging) await copyFile(f, path.join(dir, path.basename(f)));
    const second = await runCli(['verify', dir, '--pip', '--json'], { timeoutMs: 300_000 });
    const ok = JSON.parse(second.stdout) as VerifyReport;
    expect(ok.cells.find((x) => x.package === 'srconly')!.status).toBe('needs-build');
    expect(ok.buildDependencies).toEqual(expect.arrayContaining([path.basename(backend[0]!), wheelFile]));
    expect(ok.pip![0]).toMatchObject({ target: 'host', ok: true, agrees: true });
    expect(ok.unused).toEqual([]);
    expect(second.code).toBe(0);
  }, 600_000);
});

describe.runIf(python)('verify what wheelhouse download wrote', () => {
  const backend = ['setuptools-', 'wheel-', 'packaging-'].map((prefix) => mirrorFiles(prefix).filter((f) => f.endsWith('-py3-none-any.whl')).pop());
  const withSdist = backend.every((f) => f !== undefined);
  if (!withSdist) console.warn(`${MIRROR_ABSENT}: the sdist part of this test is left out (no setuptools, wheel and packaging wheels)`);

  async function findLinks(): Promise<string> {
    const dir = await tempDir();
    await writePackages(
      [
        { name: 'app', version: '1.0', requiresDist: ['native>=1', 'colorama ; sys_platform == "win32"', ...(withSdist ? ['srconly'] : [])] },
        { name: 'native', version: '1.0', wheelTags: ['cp312-cp312-win_amd64', 'cp311-cp311-manylinux_2_28_aarch64', 'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64'] },
        { name: 'colorama', version: '0.4.6' },
        ...(withSdist ? [{ name: 'srconly', version: '1.0', wheel: false, sdist: 'setuptools' as const }] : []),
      ],
      dir,
    );
    if (withSdist) for (const f of backend) await copyFile(f!, path.join(dir, path.basename(f!)));
    return dir;
  }

  test('host and foreign wheelhouses pass verify and pip; a removed build dependency and a removed wheel are named', async () => {
    const links = await findLinks();
    const host = path.join(await tempDir(), 'wh');
    const d1 = await runCli(['download', 'app', '--no-index', '-f', links, '-d', host, '--no-cache', '--quiet'], { timeoutMs: 300_000 });
    expect(d1.stderr).toBe('');
    expect(d1.code).toBe(0);
    const v1 = await runCli(['verify', host, '--pip', '--json'], { timeoutMs: 300_000 });
    const r1 = JSON.parse(v1.stdout) as VerifyReport;
    expect(r1.pip![0]).toMatchObject({ target: 'host', ok: true, agrees: true });
    expect(r1.unused).toEqual([]);
    expect(v1.code).toBe(0);

    const foreign = path.join(await tempDir(), 'wh');
    const targets = [WINDOWS, 'cp311-manylinux_2_28_aarch64'];
    const d2 = await runCli(['download', 'app', '--no-index', '-f', links, '-d', foreign, '--no-cache', '--quiet', ...targets.flatMap((t) => ['--target', t])], { timeoutMs: 300_000 });
    expect(d2.code).toBe(0);
    const v2 = await runCli(['verify', foreign, '--pip', '--json'], { timeoutMs: 300_000 });
    const r2 = JSON.parse(v2.stdout) as VerifyReport;
    expect(r2.targets).toEqual(targets);
    expect(r2.pip!.map((v) => [v.target, v.ok, v.agrees])).toEqual(targets.map((t) => [t, true, true]));
    expect(r2.cells.find((c) => c.package === 'colorama' && c.target === 'cp311-manylinux_2_28_aarch64')!.status).toBe('not-applicable');
    if (withSdist) expect(r2.cells.filter((c) => c.package === 'srconly').map((c) => c.status)).toEqual(['needs-build', 'needs-build']);
    expect(v2.code).toBe(0);

    await rm(path.join(foreign, 'native-1.0-cp312-cp312-win_amd64.whl'));
    if (withSdist) await rm(path.join(foreign, path.basename(backend[0]!)));
    const v3 = await runCli(['verify', foreign, '--pip'], { timeoutMs: 300_000 });
    expect(v3.code).toBe(1);
    expect(v3.stdout).toMatch(/^native\s+1\.0\s+MISSING\s+ok$/m);
    if (withSdist) expect(v3.stdout).toContain(`setuptools>=40.8.0 (build requirement of srconly-1.0.tar.gz) has no wheel in the wheelhouse for target ${WINDOWS}`);
    expect(v3.stdout).toMatch(new RegExp(`^ {2}${WINDOWS}: FAILED \\(wheelhouse: failed\\)$`, 'm'));
    if (withSdist) expect(v3.stdout).toContain("note: the static check is stricter here: srconly 1.0: its sdist is left out of pip's check (pip cannot build for another machine)");
  }, 900_000);
});

import { mkdir, mkdtemp, readFile, rename, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildWheel, hostileSdist, hostileWheel, renderCoreMetadata, type HostileSdistKind, type HostileWheelKind } from '../../fixtures/generator/index.js';
import { readWheelFile } from '../../src/metadata/index.js';
import { LockfileError, UsageError, VerifyError } from '../../src/errors.js';
import { renderVerifyReport, verifyWheelhouse, type VerifyCell, type VerifyReport } from '../../src/verify/index.js';
import { LINUX, WINDOWS, lockedFileOf, lockOf, makeWheelhouse, writeLockfiles } from './support.js';

const roots: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'wheelhouse-verify-test-'));
  roots.push(d);
  return d;
}
afterAll(async () => {
  for (const d of roots) await rm(d, { recursive: true, force: true });
});

function cell(report: VerifyReport, pkg: string, target: string): VerifyCell {
  const c = report.cells.find((x) => x.package === pkg && x.target === target);
  if (!c) throw new Error(`no cell ${pkg} × ${target} in ${JSON.stringify(report.cells)}`);
  return c;
}

/** A small good wheelhouse: app needs dep (>=1) and, on Windows only, colorama. */
async function goodHouse(): Promise<string> {
  const dir = await tempDir();
  await makeWheelhouse(dir, [LINUX, WINDOWS], [
    { spec: { name: 'app', version: '1.0', requiresDist: ['dep>=1', 'colorama; sys_platform == "win32"'] } },
    { spec: { name: 'dep', version: '1.2', wheelTags: ['cp311-cp311-manylinux_2_17_x86_64', 'cp312-cp312-win_amd64'] } },
    { spec: { name: 'colorama', version: '0.4.6' }, targets: [WINDOWS] },
  ]);
  return dir;
}

describe('a good wheelhouse', () => {
  test('passes on every target, reading DIR/pylock.toml; every file is used', async () => {
    const dir = await goodHouse();
    const progress: string[] = [];
    const report = await verifyWheelhouse({ dir, onProgress: (m) => progress.push(m) });
    expect(progress).toEqual([`checking 4 files of ${dir} for ${LINUX}, ${WINDOWS}`]);
    expect(report.ok).toBe(true);
    expect(report.targets).toEqual([LINUX, WINDOWS]);
    expect(report.lockPath).toBe(path.join(dir, 'pylock.toml'));
    expect(cell(report, 'dep', LINUX)).toMatchObject({ status: 'ok', file: 'dep-1.2-cp311-cp311-manylinux_2_17_x86_64.whl' });
    expect(cell(report, 'dep', WINDOWS)).toMatchObject({ status: 'ok', file: 'dep-1.2-cp312-cp312-win_amd64.whl' });
    expect(cell(report, 'colorama', LINUX).status).toBe('not-applicable');
    expect(cell(report, 'colorama', WINDOWS).status).toBe('ok');
    expect(report.unused).toEqual([]);
    const text = renderVerifyReport(report);
    expect(text).toMatch(/^app\s+1\.0\s+ok\s+ok$/m);
    expect(text).toMatch(/^OK: 3 packages on 2 targets$/m);
  });

  test('a wheel that is a symbolic link is followed, as pip follows it', async () => {
    const dir = await goodHouse();
    const elsewhere = await tempDir();
    await rename(path.join(dir, 'app-1.0-py3-none-any.whl'), path.join(elsewhere, 'app-1.0-py3-none-any.whl'));
    await symlink(path.join(elsewhere, 'app-1.0-py3-none-any.whl'), path.join(dir, 'app-1.0-py3-none-any.whl'));
    const report = await verifyWheelhouse({ dir });
    expect(cell(report, 'app', LINUX).status).toBe('ok');
    expect(report.unused).toEqual([]);
  });

  test('--target selects some of the lock targets; an unknown one is a usage error naming the lock targets', async () => {
    const dir = await goodHouse();
    const report = await verifyWheelhouse({ dir, targets: [WINDOWS] });
    expect(report.targets).toEqual([WINDOWS]);
    expect(new Set(report.cells.map((c) => c.target))).toEqual(new Set([WINDOWS]));
    // The Linux wheel of dep serves a lock target that was not checked: still used.
    expect(report.unused).toEqual([]);
    const err = await verifyWheelhouse({ dir, targets: ['cp39-macosx_11_0_arm64'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).expected).toContain(LINUX);
  });

  test('a requirements.txt lock (no targets) is checked for the targets given, its markers evaluated per target', async () => {
    const dir = await goodHouse();
    await unlink(path.join(dir, 'pylock.toml'));
    const reqs = await readFile(path.join(dir, 'requirements.txt'), 'utf8');
    expect(reqs).toContain('--find-links .');
    expect(reqs).toMatch(/colorama==0\.4\.6 ; sys_platform == "win32"/);
    const report = await verifyWheelhouse({ dir, targets: [LINUX, WINDOWS] });
    expect(report.lockPath).toBe(path.join(dir, 'requirements.txt'));
    expect(report.ok).toBe(true);
    expect(cell(report, 'colorama', LINUX).status).toBe('not-applicable');
    expect(cell(report, 'colorama', WINDOWS).status).toBe('ok');
    // Checked for Linux only: the Windows wheel of a locked version may serve another machine, it is not a stray.
    const linuxOnly = await verifyWheelhouse({ dir, targets: [LINUX] });
    expect(linuxOnly.targets).toEqual([LINUX]);
    expect(linuxOnly.unused).toEqual([]);
  });

  test('a project pinned at different versions per target: one row per version, each checked where it applies', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX, WINDOWS], [
      { spec: { name: 'numpy', version: '1.26.4', wheelTags: ['cp311-cp311-manylinux_2_17_x86_64'] }, targets: [LINUX] },
      { spec: { name: 'numpy', version: '2.0.0', wheelTags: ['cp312-cp312-win_amd64'] }, targets: [WINDOWS] },
      { spec: { name: 'app', version: '1.0', requiresDist: ['numpy>=1.20'] } },
    ]);
    const report = await verifyWheelhouse({ dir });
    expect(report.ok).toBe(true);
    const numpy = report.cells.filter((c) => c.package === 'numpy').map((c) => [c.version, c.target, c.status]);
    expect(numpy).toEqual([
      ['1.26.4', LINUX, 'ok'],
      ['1.26.4', WINDOWS, 'not-applicable'],
      ['2.0.0', LINUX, 'not-applicable'],
      ['2.0.0', WINDOWS, 'ok'],
    ]);
    expect(renderVerifyReport(report)).toMatch(/^numpy\s+2\.0\.0\s+-\s+ok$/m);
  });

  test("pip's target flags describe the target of a lock without targets; with a lock that has targets they are a usage error", async () => {
    const dir = await goodHouse();
    const pipWindows = { pythonVersion: '3.12', platforms: ['win_amd64'], implementation: 'cp', abis: ['cp312'] };
    const report = await verifyWheelhouse({ dir, lockPath: path.join(dir, 'requirements.txt'), pipTargetOptions: pipWindows });
    expect(report.targets).toHaveLength(1);
    expect(report.ok).toBe(true);
    expect(report.cells.find((c) => c.package === 'colorama')!.status).toBe('ok');
    expect(report.cells.find((c) => c.package === 'dep')!.file).toBe('dep-1.2-cp312-cp312-win_amd64.whl');
    await expect(verifyWheelhouse({ dir, pipTargetOptions: pipWindows })).rejects.toBeInstanceOf(UsageError);
  });

  test('a direct URL to an archive is checked like any pin once its file is in DIR; a VCS reference cannot be', async () => {
    const dir = await tempDir();
    const house = await makeWheelhouse(dir, [LINUX], [{ spec: { name: 'fromurl', version: '1.0' } }]);
    const [pkg] = house.lock.packages;
    const lock = {
      ...house.lock,
      packages: [
        { ...pkg!, direct: { kind: 'url' as const, url: 'https://example.org/fromurl-1.0-py3-none-any.whl' } },
        { name: 'fromgit', version: '', targets: [LINUX], extras: [], files: [], dependencies: [], via: [], direct: { kind: 'vcs' as const, url: 'git+https://example.org/fromgit@main' } },
      ],
    };
    const report = await verifyWheelhouse({ dir, lock });
    expect(cell(report, 'fromurl', LINUX).status).toBe('ok');
    expect(cell(report, 'fromgit', LINUX).status).toBe('missing');
    expect(cell(report, 'fromgit', LINUX).reasons[0]).toContain('direct reference (git+https://example.org/fromgit@main)');
  });

  test('--lock names the lockfile; no lock at all is an E_VERIFY error', async () => {
    const dir = await goodHouse();
    const lockDir = await tempDir();
    await writeFile(path.join(lockDir, 'locked.txt'), await readFile(path.join(dir, 'requirements.txt')));
    const report = await verifyWheelhouse({ dir, lockPath: path.join(lockDir, 'locked.txt'), targets: [LINUX] });
    expect(report.ok).toBe(true);
    const empty = await tempDir();
    await expect(verifyWheelhouse({ dir: empty })).rejects.toBeInstanceOf(VerifyError);
    await writeFile(path.join(empty, 'pylock.toml'), 'lock-version = "1.0"\npackages = [');
    await expect(verifyWheelhouse({ dir: empty })).rejects.toBeInstanceOf(LockfileError);
  });
});

describe('each failure is detected and named', () => {
  test('a missing file', async () => {
    const dir = await goodHouse();
    await unlink(path.join(dir, 'dep-1.2-cp312-cp312-win_amd64.whl'));
    const report = await verifyWheelhouse({ dir });
    expect(report.ok).toBe(false);
    expect(cell(report, 'dep', LINUX).status).toBe('ok');
    const c = cell(report, 'dep', WINDOWS);
    expect(c.status).toBe('missing');
    expect(c.reasons.join('\n')).toContain('none of dep-1.2-cp311-cp311-manylinux_2_17_x86_64.whl is compatible with cp312-win_amd64');
    await unlink(path.join(dir, 'dep-1.2-cp311-cp311-manylinux_2_17_x86_64.whl'));
    const again = await verifyWheelhouse({ dir });
    expect(cell(again, 'dep', LINUX).reasons.join('\n')).toContain('no file of dep 1.2 is in the wheelhouse');
  });

  test('a hash mismatch: a valid wheel of the right name with other bytes', async () => {
    const dir = await goodHouse();
    const other = await buildWheel({ name: 'app', version: '1.0', summary: 'not the locked one', requiresDist: ['dep>=1'] });
    await writeFile(path.join(dir, 'app-1.0-py3-none-any.whl'), other.bytes);
    const report = await verifyWheelhouse({ dir });
    const c = cell(report, 'app', LINUX);
    expect(c.status).toBe('hash-mismatch');
    expect(c.reasons[0]).toContain(`sha256 of app-1.0-py3-none-any.whl is ${other.sha256}`);
    expect(report.ok).toBe(false);
  });

  test.each<[HostileWheelKind, RegExp]>([
    ['truncated', /./],
    ['wrong-record-hash', /does not match its hash in RECORD/],
    ['wrong-record-size', /does not match its size in RECORD/],
    ['file-not-in-record', /not listed in RECORD/],
    ['mismatched-dist-info', /\.dist-info folder does not match the file name/],
  ])('a corrupt wheel (%s) whose hash the lock has', async (kind, message) => {
    const dir = await tempDir();
    const bad = hostileWheel(kind);
    const pkg = await lockedFileOf(dir, 'hostile', '1.0', bad.fileName, bad.bytes, [LINUX]);
    await writeLockfiles(dir, lockOf([LINUX], [pkg]));
    const report = await verifyWheelhouse({ dir });
    const c = cell(report, 'hostile', LINUX);
    expect(c.status).toBe('corrupt');
    expect(c.reasons.join('\n')).toMatch(message);
    expect(report.ok).toBe(false);
  });

  test('a truncated file of the good wheelhouse is corrupt (checked before its hash)', async () => {
    const dir = await goodHouse();
    await truncate(path.join(dir, 'dep-1.2-cp311-cp311-manylinux_2_17_x86_64.whl'), 100);
    const report = await verifyWheelhouse({ dir });
    expect(cell(report, 'dep', LINUX).status).toBe('corrupt');
    expect(cell(report, 'dep', WINDOWS).status).toBe('ok');
  });

  test('an unsatisfied dependency names the requirement, the package that needs it and the target', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX, WINDOWS], [{ spec: { name: 'requests', version: '2.31.0', requiresDist: ['idna<4,>=2.5', 'certifi>=2017.4.17'] } }, { spec: { name: 'certifi', version: '2024.2.2' } }]);
    const report = await verifyWheelhouse({ dir });
    for (const t of [LINUX, WINDOWS]) {
      const c = cell(report, 'requests', t);
      expect(c.status).toBe('unsatisfied-dependency');
      expect(c.reasons).toEqual([`requests 2.31.0 needs idna<4,>=2.5; the wheelhouse has none for target ${t}`]);
    }
    expect(cell(report, 'certifi', LINUX).status).toBe('ok');
    expect(report.ok).toBe(false);
  });

  test('a dependency pinned at a version outside the requirement', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX], [{ spec: { name: 'app', version: '1.0', requiresDist: ['dep>=2'] } }, { spec: { name: 'dep', version: '1.5' } }]);
    const report = await verifyWheelhouse({ dir });
    expect(cell(report, 'app', LINUX).reasons).toEqual([`app 1.0 needs dep>=2; the lock pins dep 1.5 for target ${LINUX}`]);
  });

  test('markers and extras of Requires-Dist are evaluated for the target; extras propagate through dependencies', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX, WINDOWS], [
      { spec: { name: 'web', version: '1.0', requiresDist: ['server[standard]>=1'] } },
      { spec: { name: 'server', version: '1.0', extras: { standard: ['uvloop; sys_platform != "win32"', 'watch'] } } },
      { spec: { name: 'watch', version: '1.0' } },
    ]);
    const report = await verifyWheelhouse({ dir });
    expect(cell(report, 'server', WINDOWS).status).toBe('ok');
    expect(cell(report, 'server', LINUX).status).toBe('unsatisfied-dependency');
    expect(cell(report, 'server', LINUX).reasons).toEqual([`server 1.0 needs uvloop; the wheelhouse has none for target ${LINUX}`]);
    expect(cell(report, 'web', LINUX).status).toBe('ok');
  });

  test("a lying .metadata is caught: the lock made from it lacks a dependency the wheel's own METADATA has", async () => {
    const dir = await tempDir();
    // The index served a .metadata without Requires-Dist; the lock (made from it) has no idna.
    const house = await makeWheelhouse(dir, [LINUX], [{ spec: { name: 'requests', version: '2.31.0', requiresDist: ['idna>=2.5'] } }]);
    const lying = renderCoreMetadata({ name: 'requests', version: '2.31.0' }, false);
    expect(lying.toString()).not.toContain('idna');
    expect(house.lock.packages[0]!.dependencies).toEqual([]);
    const report = await verifyWheelhouse({ dir });
    expect(cell(report, 'requests', LINUX).reasons).toEqual([`requests 2.31.0 needs idna>=2.5; the wheelhouse has none for target ${LINUX}`]);
    // And when the lie is in the wheelhouse itself (its PEP 503 tree), it is named.
    await mkdir(path.join(dir, 'simple', 'requests'), { recursive: true });
    await writeFile(path.join(dir, 'simple', 'requests', 'requests-2.31.0-py3-none-any.whl.metadata'), lying);
    const again = await verifyWheelhouse({ dir });
    const c = cell(again, 'requests', LINUX);
    expect(c.status).toBe('corrupt');
    expect(c.reasons.join('\n')).toContain('simple/requests/requests-2.31.0-py3-none-any.whl.metadata differs from the METADATA inside requests-2.31.0-py3-none-any.whl');
  });

  test('files nothing uses are reported, the wheelhouse own files are not', async () => {
    const dir = await goodHouse();
    await writeFile(path.join(dir, 'stray-1.0-py3-none-any.whl'), (await buildWheel({ name: 'stray', version: '1.0' })).bytes);
    await writeFile(path.join(dir, 'notes.txt'), 'hello');
    const partial = `.wheelhouse-tmp-${'a'.repeat(64)}.123-abcd`;
    await writeFile(path.join(dir, partial), 'half a wheel');
    await writeFile(path.join(dir, 'manifest.json'), '{}');
    await mkdir(path.join(dir, 'simple'));
    await mkdir(path.join(dir, 'leftovers'));
    // A PEP 658 file that tells the truth belongs to its wheel.
    await writeFile(path.join(dir, 'app-1.0-py3-none-any.whl.metadata'), (await readWheelFile(path.join(dir, 'app-1.0-py3-none-any.whl'))).metadataBytes);
    const report = await verifyWheelhouse({ dir });
    expect(report.ok).toBe(true);
    expect(report.unused).toEqual([partial, 'leftovers/', 'notes.txt', 'stray-1.0-py3-none-any.whl']);
    expect(report.warnings).toEqual([`${partial} is an unfinished download (pip ignores it): wheelhouse download continues or removes it when run again`]);
    expect(renderVerifyReport(report)).toContain('Unused (nothing in the lock installs them): 4');
  });
});

describe('sdists', () => {
  const BACKEND = [
    { spec: { name: 'setuptools', version: '69.0.0' }, unlocked: true },
    { spec: { name: 'wheel', version: '0.42.0' }, unlocked: true },
  ];

  test('an sdist whose build requirements are not in DIR is named with the missing requirement', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX], [{ spec: { name: 'srconly', version: '1.0', wheel: false, sdist: 'setuptools' } }, { spec: { name: 'wheel', version: '0.42.0' }, unlocked: true }]);
    const report = await verifyWheelhouse({ dir });
    const c = cell(report, 'srconly', LINUX);
    expect(c.status).toBe('unsatisfied-dependency');
    expect(c.file).toBe('srconly-1.0.tar.gz');
    expect(c.reasons.join('\n')).toContain(`setuptools>=40.8.0 (build requirement of srconly-1.0.tar.gz) has no wheel in the wheelhouse for target ${LINUX}`);
    expect(c.reasons.join('\n')).not.toContain('wheel (build');
    expect(report.ok).toBe(false);
  });

  test('an sdist with its build requirements in DIR needs a build and passes; the backend wheels are build dependencies, not unused', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX], [{ spec: { name: 'srconly', version: '1.0', wheel: false, sdist: 'setuptools' } }, ...BACKEND]);
    const report = await verifyWheelhouse({ dir });
    const c = cell(report, 'srconly', LINUX);
    expect(c.status).toBe('needs-build');
    expect(c.buildFiles).toEqual(['setuptools-69.0.0-py3-none-any.whl', 'wheel-0.42.0-py3-none-any.whl']);
    expect(report.buildDependencies).toEqual(c.buildFiles);
    expect(report.unused).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test("a build dependency whose bytes differ from DIR/manifest.json's record is named", async () => {
    const dir = await tempDir();
    const house = await makeWheelhouse(dir, [LINUX], [{ spec: { name: 'srconly', version: '1.0', wheel: false, sdist: 'setuptools' } }, ...BACKEND]);
    const files = house.files.map((f) => ({ filename: f.fileName, sha256: f.fileName.startsWith('wheel-') ? '0'.repeat(64) : f.sha256, buildDependency: !f.fileName.startsWith('srconly') }));
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ manifestVersion: 1, targets: [LINUX], files, needsBuild: [] }));
    const report = await verifyWheelhouse({ dir });
    const c = cell(report, 'srconly', LINUX);
    expect(c.status).toBe('unsatisfied-dependency');
    expect(c.reasons.join('\n')).toContain(`manifest.json records ${'0'.repeat(64)}`);
    expect(c.reasons.join('\n')).toContain('sha256 of wheel-0.42.0-py3-none-any.whl (for wheel, build requirement of srconly-1.0.tar.gz)');
  });

  test("an sdist's dependencies come from its PKG-INFO when PEP 643 makes it trustworthy; its backend is still used", async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX], [{ spec: { name: 'srconly', version: '1.0', wheel: false, sdist: 'setuptools', requiresDist: ['missingdep>=1'] } }, ...BACKEND]);
    const report = await verifyWheelhouse({ dir });
    const c = cell(report, 'srconly', LINUX);
    expect(c.status).toBe('unsatisfied-dependency');
    expect(c.reasons).toContain(`srconly 1.0 needs missingdep>=1; the wheelhouse has none for target ${LINUX}`);
    expect(c.buildFiles).toEqual(['setuptools-69.0.0-py3-none-any.whl', 'wheel-0.42.0-py3-none-any.whl']);
    expect(report.unused).toEqual([]);
  });

  test('build requirements are followed through their own dependencies; a legacy setup.py needs setuptools and wheel', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX], [
      { spec: { name: 'legacy', version: '1.0', wheel: false, sdist: 'setup-py' } },
      { spec: { name: 'setuptools', version: '69.0.0', requiresDist: ['helper>=1'] }, unlocked: true },
      { spec: { name: 'wheel', version: '0.42.0' }, unlocked: true },
    ]);
    const report = await verifyWheelhouse({ dir });
    const c = cell(report, 'legacy', LINUX);
    expect(c.status).toBe('unsatisfied-dependency');
    expect(c.reasons.join('\n')).toContain('helper>=1 (needed by setuptools-69.0.0-py3-none-any.whl) has no wheel in the wheelhouse');
  });

  test('a wheel compatible with the target is preferred to the sdist; the sdist is used where no wheel fits', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX, WINDOWS], [{ spec: { name: 'fast', version: '1.0', wheelTags: ['cp311-cp311-manylinux_2_17_x86_64'], sdist: 'setuptools' } }, ...BACKEND]);
    const report = await verifyWheelhouse({ dir });
    expect(cell(report, 'fast', LINUX)).toMatchObject({ status: 'ok', file: 'fast-1.0-cp311-cp311-manylinux_2_17_x86_64.whl' });
    expect(cell(report, 'fast', WINDOWS)).toMatchObject({ status: 'needs-build', file: 'fast-1.0.tar.gz' });
    expect(report.unused).toEqual([]);
    // Checking Linux alone: the sdist and its backend still serve the Windows target of the lock.
    const linuxOnly = await verifyWheelhouse({ dir, targets: [LINUX] });
    expect(linuxOnly.cells.map((c) => c.target)).toEqual([LINUX]);
    expect(linuxOnly.unused).toEqual([]);
    await writeLockfiles(dir, lockOf([LINUX, WINDOWS], []));
    expect((await verifyWheelhouse({ dir, targets: [LINUX] })).unused).toHaveLength(4);
  });

  test.each<[HostileSdistKind, RegExp]>([
    ['truncated-gzip', /./],
    ['two-top-level', /more than one top-level entry/],
    ['pkg-info-mismatch', /PKG-INFO names a different project or version/],
    ['tar-dotdot-member', /./],
  ])('a broken sdist (%s) whose hash the lock has is corrupt', async (kind, message) => {
    const dir = await tempDir();
    const bad = hostileSdist(kind);
    const pkg = await lockedFileOf(dir, 'hostile', '1.0', bad.fileName, bad.bytes, [LINUX]);
    await writeLockfiles(dir, lockOf([LINUX], [pkg]));
    const c = cell(await verifyWheelhouse({ dir }), 'hostile', LINUX);
    expect(c.status).toBe('corrupt');
    expect(c.reasons.join('\n')).toMatch(message);
  });

  test("the lock's --only-binary and --no-binary decide between wheel and sdist, as pip's FormatControl does", async () => {
    const dir = await tempDir();
    const house = await makeWheelhouse(dir, [LINUX], [{ spec: { name: 'both', version: '1.0', sdist: 'setuptools' } }, { spec: { name: 'srconly', version: '1.0', wheel: false, sdist: 'setuptools' } }, ...BACKEND]);
    await writeLockfiles(dir, { ...house.lock, options: { ...house.lock.options, noBinary: ['both'] } });
    const noBinary = await verifyWheelhouse({ dir });
    expect(cell(noBinary, 'both', LINUX)).toMatchObject({ status: 'needs-build', file: 'both-1.0.tar.gz' });
    await writeLockfiles(dir, { ...house.lock, options: { ...house.lock.options, onlyBinary: [':all:'] } });
    const onlyBinary = await verifyWheelhouse({ dir });
    expect(cell(onlyBinary, 'both', LINUX)).toMatchObject({ status: 'ok', file: 'both-1.0-py3-none-any.whl' });
    expect(cell(onlyBinary, 'srconly', LINUX).status).toBe('missing');
    expect(cell(onlyBinary, 'srconly', LINUX).reasons.join('\n')).toContain('the lock allows no sdist (--only-binary)');
  });

  test('an unreadable sdist is corrupt', async () => {
    const dir = await tempDir();
    await makeWheelhouse(dir, [LINUX], [{ spec: { name: 'srconly', version: '1.0', wheel: false, sdist: 'setuptools' } }, ...BACKEND]);
    await truncate(path.join(dir, 'srconly-1.0.tar.gz'), 50);
    const pkgs = (await verifyWheelhouse({ dir, lockPath: path.join(dir, 'requirements.txt'), targets: [LINUX] })).cells;
    // The hash no longer matches either, but corruption is what is reported.
    expect(pkgs.find((c) => c.package === 'srconly')!.status).toBe('corrupt');
  });
});

/**
 * Which file each target gets (src/download/choose-files.ts): pip's choice among the
 * locked files — best tag rank, then build tag — with the sdist as a per-target fallback
 * the binary policy may forbid, and the plan deduplicated by file.
 */
import { describe, expect, it } from 'vitest';
import { chooseFile, packageAppliesTo, planDownloads } from '../../src/download/choose-files.js';
import { DownloadError } from '../../src/errors.js';
import type { Lock, LockedFile, LockedPackage } from '../../src/lockfile/model.js';
import { FormatControl } from '../../src/requirements-txt/format-control.js';
import { lockTarget } from '../../src/resolver/merge-lock.js';
import { parseTarget } from '../../src/tags/index.js';

const linux = lockTarget(parseTarget('cp311-manylinux_2_28_x86_64'));
const oldLinux = lockTarget(parseTarget('cp311-manylinux_2_17_x86_64'));
const windows = lockTarget(parseTarget('cp312-win_amd64'));

function file(filename: string, n = 1): LockedFile {
  return { filename, kind: filename.endsWith('.whl') ? 'wheel' : 'sdist', url: `https://files.example/${filename}`, hashes: { sha256: String(n).repeat(64).slice(0, 64) } };
}

function pkg(name: string, files: LockedFile[], extra: Partial<LockedPackage> = {}): LockedPackage {
  return { name, version: '1.0', targets: [], extras: [], files, dependencies: [], via: [], ...extra };
}

function lock(packages: LockedPackage[], targets = [linux, windows]): Lock {
  return {
    targets,
    packages,
    hashPolicy: 'all',
    options: { extraIndexUrls: [], findLinks: [], noIndex: false, onlyBinary: [], noBinary: [], preferBinary: false, pre: false },
    inputs: [],
  };
}

const native = pkg('native', [
  file('native-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 1),
  file('native-1.0-cp311-cp311-manylinux_2_28_x86_64.whl', 2),
  file('native-1.0-cp311-abi3-manylinux_2_28_x86_64.whl', 3),
  file('native-1.0-py3-none-any.whl', 4),
  file('native-1.0.tar.gz', 5),
]);

describe('chooseFile', () => {
  it('takes the wheel whose best tag ranks first for the target', () => {
    expect(chooseFile(native, linux)).toEqual({ file: native.files[1], needsBuild: false });
    // manylinux_2_28 is not installable on a glibc 2.17 machine: the 2_17 wheel is.
    expect(chooseFile(native, oldLinux)).toEqual({ file: native.files[0], needsBuild: false });
    // Windows has only the pure wheel.
    expect(chooseFile(native, windows)).toEqual({ file: native.files[3], needsBuild: false });
  });

  it('prefers the higher build tag among equally ranked wheels', () => {
    const p = pkg('b', [file('b-1.0-1-py3-none-any.whl', 1), file('b-1.0-2-py3-none-any.whl', 2), file('b-1.0-py3-none-any.whl', 3)]);
    expect(chooseFile(p, linux)).toMatchObject({ file: { filename: 'b-1.0-2-py3-none-any.whl' } });
  });

  it('falls back to the sdist per target, unless --only-binary forbids it', () => {
    const p = pkg('linuxonly', [file('linuxonly-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', 1), file('linuxonly-1.0.zip', 2), file('linuxonly-1.0.tar.gz', 3)]);
    expect(chooseFile(p, linux)).toMatchObject({ file: { filename: 'linuxonly-1.0-cp311-cp311-manylinux_2_17_x86_64.whl' }, needsBuild: false });
    expect(chooseFile(p, windows)).toMatchObject({ file: { filename: 'linuxonly-1.0.tar.gz' }, needsBuild: true });
    const onlyBinary = new FormatControl();
    onlyBinary.addOnlyBinary(':all:');
    expect(chooseFile(p, windows, onlyBinary)).toEqual({ reason: 'no wheel in the lock is compatible with cp312-win_amd64, and sdists are not allowed (--only-binary)' });
  });

  it('--no-binary NAME takes the sdist even when a wheel fits', () => {
    const fc = new FormatControl();
    fc.addNoBinary('native');
    expect(chooseFile(native, linux, fc)).toEqual({ file: native.files[4], needsBuild: true });
  });

  it('a package applies to the targets it lists, else to those its marker selects', () => {
    expect(packageAppliesTo(pkg('a', [], { targets: ['cp312-win_amd64'] }), windows)).toBe(true);
    expect(packageAppliesTo(pkg('a', [], { targets: ['cp312-win_amd64'] }), linux)).toBe(false);
    expect(packageAppliesTo(pkg('a', [], { marker: 'sys_platform == "win32"' }), windows)).toBe(true);
    expect(packageAppliesTo(pkg('a', [], { marker: 'sys_platform == "win32"' }), linux)).toBe(false);
    expect(packageAppliesTo(pkg('a', []), linux)).toBe(true);
  });
});

describe('planDownloads', () => {
  it('lists each file once with the targets it serves, and the sdists each target builds', () => {
    const pure = pkg('pure', [file('pure-1.0-py3-none-any.whl', 6)]);
    const linuxonly = pkg('linuxonly', [file('linuxonly-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', 7), file('linuxonly-1.0.tar.gz', 8)]);
    const plan = planDownloads(lock([linuxonly, native, pure]));
    expect(plan.files.map((p) => [p.file.filename, p.targets])).toEqual([
      ['linuxonly-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', ['cp311-manylinux_2_28_x86_64']],
      ['linuxonly-1.0.tar.gz', ['cp312-win_amd64']],
      ['native-1.0-cp311-cp311-manylinux_2_28_x86_64.whl', ['cp311-manylinux_2_28_x86_64']],
      ['native-1.0-py3-none-any.whl', ['cp312-win_amd64']],
      ['pure-1.0-py3-none-any.whl', ['cp311-manylinux_2_28_x86_64', 'cp312-win_amd64']],
    ]);
    expect(plan.needsBuild).toEqual([{ package: 'linuxonly', version: '1.0', target: 'cp312-win_amd64', sdist: 'linuxonly-1.0.tar.gz' }]);
  });

  it('downloads only for the targets asked for', () => {
    const plan = planDownloads(lock([native]), { targets: [windows] });
    expect(plan.files.map((p) => p.file.filename)).toEqual(['native-1.0-py3-none-any.whl']);
  });

  it('a package with no usable file for a target is a DownloadError naming both', () => {
    const only = pkg('winwheel', [file('winwheel-1.0-cp312-cp312-win_amd64.whl', 9)]);
    expect(() => planDownloads(lock([only]))).toThrow(DownloadError);
    expect(() => planDownloads(lock([only]))).toThrow(/winwheel==1\.0 can be installed on target cp311-manylinux_2_28_x86_64/);
  });

  it('refuses a VCS pin (nothing to put in a folder)', () => {
    const vcs = pkg('fromgit', [], { direct: { kind: 'vcs', url: 'git+https://example.org/r.git@abc' } });
    expect(() => planDownloads(lock([vcs]))).toThrow(/version control checkout/);
  });
});

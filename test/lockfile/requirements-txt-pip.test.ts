/**
 * Real pip accepts a lock written by lockToRequirementsTxt as it is, in hash-checking mode:
 * a wheelhouse of wheels nobody here built (Debian's /usr/share/python-wheels and
 * ensurepip's bundled wheels, which hold two versions of setuptools and of pip), a lock for
 * this machine and for Windows with setuptools pinned differently for each (so the markers
 * come from markerForTargets), and a direct reference to a wheel file with its hash.
 * `pip install --dry-run --report` says what pip would install: the pins for this machine.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockToRequirementsTxt, type Lock, type LockedFile, type LockedPackage } from '../../src/lockfile/index.js';
import { hasPython, isolatedPythonEnv, PYTHON, pythonOutput } from '../helpers/python.js';
import { lockTarget, NO_OPTIONS } from './fixtures.js';

function wheelDirs(): string[] {
  const dirs = ['/usr/share/python-wheels'];
  if (hasPython()) dirs.push(pythonOutput('import ensurepip, os; print(os.path.join(os.path.dirname(ensurepip.__file__), "_bundled"))').trim());
  return dirs.filter((d) => existsSync(d));
}

function allWheels(): string[] {
  return wheelDirs().flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.whl')).map((f) => path.join(d, f)));
}

function wheelsOf(project: string): string[] {
  return allWheels()
    .filter((w) => path.basename(w).startsWith(`${project}-`))
    .sort();
}

function versionOf(wheel: string): string {
  return path.basename(wheel).split('-')[1] as string;
}

function lockedFile(wheel: string, dir: string): LockedFile {
  const name = path.basename(wheel);
  const local = path.join(dir, name);
  return { filename: name, kind: 'wheel', url: pathToFileURL(local).href, hashes: { sha256: createHash('sha256').update(readFileSync(local)).digest('hex') }, size: statSync(local).size };
}

function pip(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(PYTHON, ['-m', 'pip', ...args], { env: isolatedPythonEnv(), encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const setuptools = wheelsOf('setuptools');
const pipWheels = wheelsOf('pip');
const wheel = wheelsOf('wheel')[0];
/** This machine as a target (its pip picks the pins of this target). */
const hostSpec = hasPython() ? pythonOutput('import sys, platform; print(f"cp{sys.version_info[0]}{sys.version_info[1]}-manylinux_2_17_{platform.machine()}")').trim() : 'cp311-manylinux_2_17_x86_64';
const usable = hasPython() && process.platform === 'linux' && setuptools.length >= 2 && pipWheels.length >= 1 && wheel !== undefined;

describe.skipIf(!usable)('real pip installs a lock written by lockToRequirementsTxt, with --require-hashes', () => {
  let dir: string;
  let links: string;
  const hostTarget = lockTarget(hostSpec);
  const windows = lockTarget('cp312-win_amd64');

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wh-lock-reqtxt-'));
    links = path.join(dir, 'wheels');
    mkdirSync(links);
    for (const w of allWheels()) copyFileSync(w, path.join(links, path.basename(w)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function lock(): Lock {
    const [olderSetuptools, newerSetuptools] = [setuptools[0] as string, setuptools[setuptools.length - 1] as string];
    const directPip = pipWheels[pipWheels.length - 1] as string;
    const both = [hostTarget.name, windows.name];
    const packages: LockedPackage[] = [
      { name: 'setuptools', version: versionOf(newerSetuptools), targets: [hostTarget.name], extras: [], files: [lockedFile(newerSetuptools, links)], dependencies: [], via: ['-r requirements.in'] },
      { name: 'setuptools', version: versionOf(olderSetuptools), targets: [windows.name], extras: [], files: [lockedFile(olderSetuptools, links)], dependencies: [], via: ['-r requirements.in'] },
      { name: 'wheel', version: versionOf(wheel as string), targets: both, extras: [], files: [lockedFile(wheel as string, links)], dependencies: [], via: ['-r requirements.in'] },
      {
        name: 'pip',
        version: versionOf(directPip),
        targets: both,
        extras: [],
        direct: { kind: 'url', url: pathToFileURL(path.join(links, path.basename(directPip))).href },
        files: [lockedFile(directPip, links)],
        dependencies: [],
        via: ['-r requirements.in'],
      },
    ];
    return { targets: [hostTarget, windows], hashPolicy: 'targets', inputs: ['requirements.in'], options: { ...NO_OPTIONS, noIndex: true, findLinks: [links] }, packages };
  }

  it('pip resolves it offline and picks this machine\'s pins', () => {
    const file = path.join(dir, 'requirements.txt');
    const text = lockToRequirementsTxt(lock(), { header: { command: 'wheelhouse lock requirements.in' } });
    expect(text).toContain('; sys_platform == "linux"');
    expect(text).toContain('; sys_platform == "win32"');
    writeFileSync(file, text);
    const report = path.join(dir, 'report.json');
    const r = pip(['install', '--dry-run', '--ignore-installed', '--no-index', '--find-links', links, '--require-hashes', '-r', file, '--report', report]);
    expect(r.output).not.toMatch(/ERROR/);
    expect(r.status).toBe(0);
    const installed = (JSON.parse(readFileSync(report, 'utf8')) as { install: Array<{ metadata: { name: string; version: string } }> }).install.map((i) => `${i.metadata.name}==${i.metadata.version}`);
    const l = lock();
    expect(installed.sort()).toEqual(
      l.packages
        .filter((p) => p.targets.includes(hostTarget.name))
        .map((p) => `${p.name}==${p.version}`)
        .sort(),
    );
  });

  it('pip refuses it when one digest is wrong', () => {
    const l = lock();
    const f = l.packages[2]!.files[0]!;
    f.hashes = { sha256: f.hashes.sha256.replace(/.$/, (c) => (c === '0' ? '1' : '0')) };
    const file = path.join(dir, 'bad.txt');
    writeFileSync(file, lockToRequirementsTxt(l));
    const r = pip(['install', '--dry-run', '--ignore-installed', '--no-index', '--find-links', links, '--require-hashes', '-r', file]);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/DO NOT MATCH THE HASHES/);
  });
});

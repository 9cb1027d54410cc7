/**
 * resolveLock end to end over an in-memory index: pins, `via`, dependencies, extras,
 * multi-target merging with markers, errors that name the target, determinism, and
 * parallel fetching.
 */
import { describe, expect, it } from 'vitest';
import { ResolutionError, UsageError } from '../../src/errors.js';
import { lockToPylock, lockToRequirementsTxt } from '../../src/lockfile/index.js';
import type { Lock } from '../../src/lockfile/model.js';
import { LockResolutionError, resolveLock } from '../../src/resolver/index.js';
import { parseTarget } from '../../src/tags/parse-target.js';
import { MemoryPackageIndex, fakeSha256, type MemoryRelease } from '../helpers/memory-package-index.js';
import { LINUX, MAC_311, WINDOWS, lockRequest , rootInputs } from './support/lock-request.js';

/** The message a resolution fails with (the test fails if it succeeds). */
async function failureMessage(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => {
      throw new Error('expected the resolution to fail');
    },
    (e: Error) => e.message,
  );
}

function pins(lock: Lock): string[] {
  return lock.packages.map((p) => `${p.name}==${p.version}${p.marker === undefined ? '' : ` ; ${p.marker}`}`);
}

const web: MemoryRelease[] = [
  { name: 'Flask', version: '2.0.0', requires: ['Werkzeug>=2.0', 'click>=7.1'] },
  { name: 'Flask', version: '3.0.0', requires: ['Werkzeug>=3.0', 'click>=8.1', 'colorama; sys_platform == "win32"'] },
  { name: 'werkzeug', version: '2.3.0' },
  { name: 'werkzeug', version: '3.0.1', requires: ['MarkupSafe>=2.1.1'] },
  { name: 'click', version: '8.1.7', requires: ['colorama; platform_system == "Windows"'] },
  { name: 'markupsafe', version: '2.1.5', wheels: ['cp312-cp312-manylinux_2_17_x86_64', 'cp312-cp312-win_amd64'], sdist: true },
  { name: 'colorama', version: '0.4.6', wheels: ['py2.py3-none-any'] },
];

describe('resolveLock', () => {
  it('pins the highest versions that fit, with via, dependencies, files and hashes', async () => {
    const { lock, warnings } = await resolveLock(lockRequest(['flask']), new MemoryPackageIndex(web));
    expect(warnings).toEqual([]);
    expect(pins(lock)).toEqual(['click==8.1.7', 'flask==3.0.0', 'markupsafe==2.1.5', 'werkzeug==3.0.1']);
    const flask = lock.packages.find((p) => p.name === 'flask')!;
    expect(flask.via).toEqual(['-r requirements.in']);
    expect(flask.targets).toEqual([LINUX.name]);
    // On Linux, flask's `colorama; sys_platform == "win32"` does not apply.
    expect(flask.dependencies).toEqual([{ name: 'click' }, { name: 'werkzeug' }]);
    expect(lock.packages.find((p) => p.name === 'werkzeug')!.via).toEqual(['flask']);
    expect(lock.packages.find((p) => p.name === 'markupsafe')!.files.map((f) => f.filename)).toEqual(['markupsafe-2.1.5-cp312-cp312-manylinux_2_17_x86_64.whl']);
    for (const p of lock.packages) for (const f of p.files) expect(f.hashes.sha256).toBe(fakeSha256(f.filename));
    expect(lock.targets.map((t) => t.name)).toEqual([LINUX.name]);
    expect(lock.targets[0]!.tags[0]).toBe('cp312-cp312-manylinux_2_28_x86_64');
  });

  it('records where each root requirement came from, constraints included', async () => {
    const request = lockRequest(['flask'], { constraints: rootInputs(['werkzeug<3'], 'constraints.txt', '-c constraints.txt') });
    const { lock } = await resolveLock(request, new MemoryPackageIndex(web));
    expect(pins(lock)).toEqual(['click==8.1.7', 'flask==2.0.0', 'werkzeug==2.3.0']);
    expect(lock.packages.find((p) => p.name === 'werkzeug')!.via).toEqual(['-c constraints.txt', 'flask']);
  });

  it('never adds a package for a constraint alone', async () => {
    const request = lockRequest(['click'], { constraints: rootInputs(['flask<3', 'colorama==0.4.6'], 'constraints.txt', '-c constraints.txt') });
    const { lock } = await resolveLock(request, new MemoryPackageIndex(web));
    expect(pins(lock)).toEqual(['click==8.1.7']);
  });

  it('resolves extras as their own packages and records them on the pin', async () => {
    const index = new MemoryPackageIndex([
      { name: 'a', version: '1.0', extras: { Extra_B: ['b'], c: ['c>=2'] }, requires: ['d'] },
      { name: 'b', version: '1.0' },
      { name: 'c', version: '2.0' },
      { name: 'd', version: '1.0' },
    ]);
    const { lock, warnings } = await resolveLock(lockRequest(['a[extra-b]', 'a[missing]']), index);
    expect(pins(lock)).toEqual(['a==1.0', 'b==1.0', 'd==1.0']);
    const a = lock.packages.find((p) => p.name === 'a')!;
    expect(a.extras).toEqual(['extra-b', 'missing']);
    expect(a.dependencies).toEqual([{ name: 'b', marker: 'extra == "extra-b"' }, { name: 'd' }]);
    expect(lock.packages.find((p) => p.name === 'b')!.via).toEqual(['a']);
    expect(warnings).toEqual(['a==1.0 does not provide the extra "missing"; it is ignored']);
  });

  it('warns about root inputs that do nothing', async () => {
    const request = lockRequest(['click', 'colorama; sys_platform == "win32"'], {
      constraints: rootInputs(['flask[async]<3'], 'constraints.txt', '-c constraints.txt'),
    });
    const { lock, warnings } = await resolveLock(request, new MemoryPackageIndex(web));
    expect(pins(lock)).toEqual(['click==8.1.7']);
    expect(warnings).toEqual([
      'ignored colorama; sys_platform == "win32" (requirements.in:2): its marker is false on every target',
      'ignored the extras of the constraint flask[async]<3 (constraints.txt:1): a constraint restricts versions only',
    ]);
  });

  it('says which requirement failed, with its source line', async () => {
    const err = await resolveLock(lockRequest(['click', 'flask>=3', 'werkzeug<3']), new MemoryPackageIndex(web)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockResolutionError);
    expect(err).toBeInstanceOf(ResolutionError);
    const message = (err as Error).message;
    expect(message).toContain(`for target ${LINUX.name}`);
    expect(message).toContain('requirements.in:2');
    expect(message).toContain('requirements.in:3');
    expect((err as LockResolutionError).failures.map((f) => f.target)).toEqual([LINUX.name]);
  });

  it('makes a version with contradictory requirements unavailable, saying which', async () => {
    const index = new MemoryPackageIndex([
      { name: 'a', version: '2.0', requires: ['b==1.0', 'b==2.0'] },
      { name: 'a', version: '1.0', requires: ['b'] },
      { name: 'b', version: '1.0' },
      { name: 'b', version: '2.0' },
    ]);
    expect(pins((await resolveLock(lockRequest(['a']), index)).lock)).toEqual(['a==1.0', 'b==2.0']);
    expect(await failureMessage(resolveLock(lockRequest(['a==2.0']), index))).toContain('its requirements on b cannot all hold: b==1.0 and b==2.0');
  });

  it('skips a version whose metadata is invalid, or needs a build, and says why when nothing else fits', async () => {
    const index = new MemoryPackageIndex([
      { name: 'a', version: '3.0', rawRequiresDist: ['b >= = 1'] },
      { name: 'a', version: '2.0', wheels: [], sdist: true, dynamicSdist: true },
      { name: 'a', version: '1.0' },
    ]);
    expect(pins((await resolveLock(lockRequest(['a']), index)).lock)).toEqual(['a==1.0']);
    const message = await failureMessage(resolveLock(lockRequest(['a>=2']), index));
    expect(message).toMatch(/a==2\.0 is unavailable \(the dependencies of a-2\.0\.tar\.gz are not known without building it/);
    expect(message).toMatch(/a==3\.0 is unavailable \(invalid Requires-Dist "b >= = 1"/);
  });

  it('refuses a request without targets, or with one target twice', async () => {
    await expect(resolveLock(lockRequest(['a'], { targets: [] }), new MemoryPackageIndex([]))).rejects.toBeInstanceOf(UsageError);
    await expect(resolveLock(lockRequest(['a'], { targets: [LINUX, LINUX] }), new MemoryPackageIndex([]))).rejects.toBeInstanceOf(UsageError);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const index = new MemoryPackageIndex(web, { delayMs: 20 });
    const pending = resolveLock(lockRequest(['flask']), index, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('resolveLock for several targets', () => {
  it('pins a package once when every target needs the same version; a marker only for a subset', async () => {
    const { lock } = await resolveLock(lockRequest(['flask'], { targets: [LINUX, WINDOWS] }), new MemoryPackageIndex(web));
    expect(pins(lock)).toEqual(['click==8.1.7', 'colorama==0.4.6 ; sys_platform == "win32"', 'flask==3.0.0', 'markupsafe==2.1.5', 'werkzeug==3.0.1']);
    const markupsafe = lock.packages.find((p) => p.name === 'markupsafe')!;
    expect(markupsafe.targets).toEqual([LINUX.name, WINDOWS.name]);
    // targets policy: the best wheel of each target.
    expect(markupsafe.files.map((f) => f.filename)).toEqual(['markupsafe-2.1.5-cp312-cp312-manylinux_2_17_x86_64.whl', 'markupsafe-2.1.5-cp312-cp312-win_amd64.whl']);
    const colorama = lock.packages.find((p) => p.name === 'colorama')!;
    expect(colorama.targets).toEqual([WINDOWS.name]);
    expect(colorama.via).toEqual(['click', 'flask']);
  });

  it('pins different versions per target under markers that select them', async () => {
    const index = new MemoryPackageIndex([
      { name: 'numpy', version: '2.1.0', wheels: ['cp312-cp312-manylinux_2_17_x86_64', 'cp312-cp312-win_amd64'], requiresPython: '>=3.12' },
      { name: 'numpy', version: '2.0.0', wheels: ['cp311-cp311-macosx_11_0_arm64', 'cp312-cp312-win_amd64'] },
    ]);
    const { lock } = await resolveLock(lockRequest(['numpy'], { targets: [LINUX, WINDOWS, MAC_311] }), index);
    expect(pins(lock)).toEqual(['numpy==2.0.0 ; sys_platform == "darwin"', 'numpy==2.1.0 ; python_version == "3.12"']);
    expect(lock.packages.map((p) => p.targets)).toEqual([[MAC_311.name], [LINUX.name, WINDOWS.name]]);
    expect(lock.packages[1]!.requiresPython).toBe('>=3.12');
  });

  it('fails when targets no marker can tell apart need different pins, naming them', async () => {
    const older = parseTarget('cp312-manylinux_2_17_x86_64');
    const index = new MemoryPackageIndex([
      { name: 'a', version: '2.0', wheels: ['cp312-cp312-manylinux_2_28_x86_64'] },
      { name: 'a', version: '1.0', wheels: ['cp312-cp312-manylinux_2_17_x86_64'] },
    ]);
    const err = await resolveLock(lockRequest(['a'], { targets: [LINUX, older] }), index).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResolutionError);
    expect((err as Error).message).toContain(`targets ${older.name} and ${LINUX.name} need different pins, and no marker can tell them apart`);
    expect((err as Error).message).toContain('a==2.0');
    expect((err as Error).message).toContain('a==1.0');
  });

  it('names the target that has no solution', async () => {
    const index = new MemoryPackageIndex([{ name: 'a', version: '1.0', wheels: ['cp312-cp312-win_amd64'] }]);
    const err = (await resolveLock(lockRequest(['a'], { targets: [WINDOWS, LINUX] }), index).catch((e: unknown) => e)) as LockResolutionError;
    expect(err).toBeInstanceOf(LockResolutionError);
    expect(err.failures.map((f) => f.target)).toEqual([LINUX.name]);
    expect(err.message).toContain(`no solution found for target ${LINUX.name} (of 2)`);
    expect(err.message).toContain(`no wheel for ${LINUX.name} and no sdist`);
  });

  it('evaluates root markers per target', async () => {
    const { lock } = await resolveLock(lockRequest(['click', 'colorama; os_name == "nt"'], { targets: [LINUX, WINDOWS] }), new MemoryPackageIndex(web));
    expect(pins(lock)).toEqual(['click==8.1.7', 'colorama==0.4.6 ; sys_platform == "win32"']);
    expect(lock.packages[1]!.via).toEqual(['-r requirements.in', 'click']);
  });

  it('reads each project page and each metadata file once, whatever the number of targets', async () => {
    const index = new MemoryPackageIndex(web);
    await resolveLock(lockRequest(['flask'], { targets: [LINUX, WINDOWS, parseTarget('cp312-manylinux_2_17_x86_64')] }), index);
    expect(new Set(index.calls.getProject).size).toBe(index.calls.getProject.length);
    expect(new Set(index.calls.getMetadata).size).toBe(index.calls.getMetadata.length);
  });
});

describe('resolveLock timing', () => {
  it('gives the same lock whatever order the answers arrive in', async () => {
    const runs: Lock[] = [];
    for (let seed = 1; seed <= 4; seed++) {
      // A deterministic but different delay per question in each run.
      const delay = (q: string) => ([...q].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, seed * 7) % 9) + 1;
      runs.push((await resolveLock(lockRequest(['flask'], { targets: [LINUX, WINDOWS] }), new MemoryPackageIndex(web, { delayMs: delay }))).lock);
    }
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
  });

  it('asks for the metadata of independent packages at the same time', async () => {
    const fanOut: MemoryRelease[] = [
      { name: 'root', version: '1.0', requires: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'] },
      ...[1, 2, 3, 4, 5, 6].map((i) => ({ name: `p${i}`, version: '1.0' })),
    ];
    const index = new MemoryPackageIndex(fanOut, { delayMs: 5 });
    await resolveLock(lockRequest(['root']), index);
    expect(index.maxInFlight).toBeGreaterThanOrEqual(4);
    expect(index.calls.prefetchProject).toEqual(expect.arrayContaining(['root', 'p1', 'p6']));
    expect(index.calls.prefetchMetadata.length).toBeGreaterThan(0);
  });
});

describe('the lock and its writers', () => {
  it('is accepted by the requirements.txt and pylock.toml writers', async () => {
    const { lock } = await resolveLock(lockRequest(['flask'], { targets: [LINUX, WINDOWS], hashPolicy: 'all' }), new MemoryPackageIndex(web));
    const txt = lockToRequirementsTxt(lock);
    expect(txt).toContain('colorama==0.4.6 ; sys_platform == "win32" \\\n');
    expect(txt).toContain(`    --hash=sha256:${fakeSha256('flask-3.0.0-py3-none-any.whl')}\n`);
    expect(txt).toMatch(/werkzeug==3\.0\.1 \\\n(?: {4}--hash=sha256:[0-9a-f]{64}\s*\\?\n)+ {4}# via flask\n/);
    const toml = lockToPylock(lock);
    expect(toml).toContain('name = "markupsafe"');
  });
});

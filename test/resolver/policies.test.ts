/**
 * The candidate policies of resolveLock, one by one: pre-releases, yanked files,
 * --exclude-newer, Requires-Python, the binary policy, --prefer-binary, preferences,
 * resolution strategies and root --hash values.
 */
import { describe, expect, it } from 'vitest';
import type { Lock } from '../../src/lockfile/model.js';
import { Version } from '../../src/pep440/version.js';
import { resolveLock, type LockRequest } from '../../src/resolver/index.js';
import { MemoryPackageIndex, fakeSha256, type MemoryRelease } from '../helpers/memory-package-index.js';
import { Requirement } from '../../src/pep508/requirement.js';
import { WINDOWS, formatControl, lockRequest, rootInputs } from './support/lock-request.js';

function pins(lock: Lock): string[] {
  return lock.packages.map((p) => `${p.name}==${p.version}`);
}

async function lock(releases: MemoryRelease[], lines: string[], overrides: Partial<LockRequest> = {}): Promise<string[]> {
  return pins((await resolveLock(lockRequest(lines, overrides), new MemoryPackageIndex(releases))).lock);
}

async function failure(releases: MemoryRelease[], lines: string[], overrides: Partial<LockRequest> = {}): Promise<string> {
  return resolveLock(lockRequest(lines, overrides), new MemoryPackageIndex(releases)).then(
    (r) => `resolved: ${pins(r.lock).join(', ')}`,
    (e: Error) => e.message,
  );
}

describe('pre-releases', () => {
  const a: MemoryRelease[] = [
    { name: 'a', version: '1.0' },
    { name: 'a', version: '2.0b1' },
  ];
  it('are skipped by default, and said so when nothing else fits', async () => {
    expect(await lock(a, ['a'])).toEqual(['a==1.0']);
    expect(await failure(a, ['a>1'])).toContain('a==2.0b1 is unavailable (a pre-release; to allow pre-releases of a, name one in a requirement');
  });
  it('are allowed for a package whose root requirement or constraint names one', async () => {
    expect(await lock(a, ['a>=2.0a1'])).toEqual(['a==2.0b1']);
    expect(await lock(a, ['a'], { constraints: [{ requirement: Requirement.parse('a>=1.5b1'), source: 'c.txt:1', via: '-c c.txt' }] })).toEqual(['a==2.0b1']);
  });
  it('are allowed everywhere with prerelease "allow" (pip --pre)', async () => {
    expect(await lock(a, ['a'], { prerelease: 'allow' })).toEqual(['a==2.0b1']);
  });
  it('are allowed for a package that has nothing else, except with "disallow" or "explicit"', async () => {
    const only: MemoryRelease[] = [{ name: 'b', version: '1.0rc1' }];
    expect(await lock(only, ['b'])).toEqual(['b==1.0rc1']);
    expect(await lock(only, ['b'], { prerelease: 'if-necessary' })).toEqual(['b==1.0rc1']);
    expect(await failure(only, ['b'], { prerelease: 'disallow' })).toContain('pre-releases are disallowed');
    expect(await failure(only, ['b'], { prerelease: 'explicit' })).toContain('b is unavailable (a pre-release; to allow pre-releases of b');
  });
  it('named in a transitive requirement do not opt in', async () => {
    expect(await failure([...a, { name: 'c', version: '1.0', requires: ['a>=2.0b1'] }], ['c'])).toContain('a==2.0b1 is unavailable');
  });
});

describe('yanked files (PEP 592)', () => {
  const a: MemoryRelease[] = [
    { name: 'a', version: '1.0' },
    { name: 'a', version: '1.1', yanked: 'broken build' },
  ];
  it('are skipped unless a root requirement pins their version exactly', async () => {
    expect(await lock(a, ['a'])).toEqual(['a==1.0']);
    expect(await failure(a, ['a>1.0'])).toContain('a==1.1 is unavailable (yanked (broken build))');
    const r = await resolveLock(lockRequest(['a==1.1']), new MemoryPackageIndex(a));
    expect(pins(r.lock)).toEqual(['a==1.1']);
    expect(r.warnings).toEqual(['a==1.1 is yanked (broken build); it is used because a root requirement or constraint pins it exactly']);
    expect(r.lock.packages[0]!.files[0]!.yanked).toBe('broken build');
  });
  it('are opted in by a constraint that pins exactly', async () => {
    expect(await lock([...a, { name: 'b', version: '1.0', requires: ['a>1.0'] }], ['b'], { constraints: rootInputs(['a==1.1'], 'constraints.txt', '-c constraints.txt') })).toEqual(['a==1.1', 'b==1.0']);
  });
  it('are not opted in by a transitive pin', async () => {
    expect(await failure([...a, { name: 'b', version: '1.0', requires: ['a==1.1'] }], ['b'])).toContain('a==1.1 is unavailable (yanked');
  });
});

describe('--exclude-newer', () => {
  const a: MemoryRelease[] = [
    { name: 'a', version: '1.0', uploadTime: '2023-01-01T00:00:00Z' },
    { name: 'a', version: '2.0', uploadTime: '2024-06-01T00:00:00Z' },
    { name: 'a', version: '3.0' },
  ];
  it('drops files uploaded after the instant, and files without an upload time', async () => {
    expect(await lock(a, ['a'], { excludeNewer: new Date('2024-01-01T00:00:00Z') })).toEqual(['a==1.0']);
    expect(await lock(a, ['a'])).toEqual(['a==3.0']);
    const why = await failure(a, ['a>=2'], { excludeNewer: new Date('2024-01-01T00:00:00Z') });
    expect(why).toContain('a==2.0 is unavailable (uploaded after 2024-01-01T00:00:00.000Z (--exclude-newer))');
    expect(why).toContain('a==3.0 is unavailable (no upload time to compare with --exclude-newer 2024-01-01T00:00:00.000Z)');
  });
});

describe('Requires-Python', () => {
  it('of the index (data-requires-python) and of the metadata must admit the target Python', async () => {
    const a: MemoryRelease[] = [
      { name: 'a', version: '1.0', requiresPython: '>=3.8' },
      { name: 'a', version: '2.0', requiresPython: '>=3.13' },
      { name: 'a', version: '3.0', requiresPython: '>=3.14', dataRequiresPython: null },
    ];
    expect(await lock(a, ['a'])).toEqual(['a==1.0']);
    const why = await failure(a, ['a>=2']);
    expect(why).toContain('a==2.0 is unavailable (requires Python >=3.13)');
    expect(why).toContain('a==3.0 is unavailable (requires Python >=3.14)');
  });
  it('upper bounds count too (pip, unlike uv)', async () => {
    expect(await failure([{ name: 'a', version: '1.0', requiresPython: '<3.12' }], ['a'])).toContain('requires Python <3.12');
  });
});

describe('the binary policy', () => {
  const a: MemoryRelease[] = [
    { name: 'a', version: '1.0', wheels: ['cp312-cp312-manylinux_2_17_x86_64'], sdist: true },
    { name: 'a', version: '2.0', wheels: [], sdist: true },
  ];
  it('uses sdists unless --only-binary forbids them', async () => {
    expect(await lock(a, ['a'])).toEqual(['a==2.0']);
    expect(await lock(a, ['a'], { formatControl: formatControl([':all:']) })).toEqual(['a==1.0']);
    expect(await lock(a, ['a'], { formatControl: formatControl(['a']) })).toEqual(['a==1.0']);
  });
  it('explains a release with no file for the target', async () => {
    const why = await failure(a, ['a'], { formatControl: formatControl([':all:']), targets: [WINDOWS] });
    expect(why).toContain(`a==1.0 is unavailable (no wheel for ${WINDOWS.name} and sdists not allowed (--only-binary))`);
    expect(why).toContain('a==2.0 is unavailable (no wheels and sdists not allowed (--only-binary))');
  });
  it('--no-binary uses the sdist and records it', async () => {
    const r = await resolveLock(lockRequest(['a==1.0'], { formatControl: formatControl([], ['a']) }), new MemoryPackageIndex(a));
    expect(r.lock.packages[0]!.files.map((f) => f.filename)).toEqual(['a-1.0.tar.gz']);
    expect(await failure([{ name: 'b', version: '1.0' }], ['b'], { formatControl: formatControl([], [':all:']) })).toContain('wheels not allowed (--no-binary) and no sdist');
  });
  it('--prefer-binary takes an older release with a wheel over a newer one with only an sdist', async () => {
    expect(await lock(a, ['a'], { preferBinary: true })).toEqual(['a==1.0']);
    expect(await lock(a, ['a>=2'], { preferBinary: true })).toEqual(['a==2.0']);
  });
});

describe('choosing among versions', () => {
  const graph: MemoryRelease[] = [
    { name: 'a', version: '1.0', requires: ['b>=1'] },
    { name: 'a', version: '2.0', requires: ['b>=1'] },
    { name: 'b', version: '1.0' },
    { name: 'b', version: '2.0' },
  ];
  it('resolution: highest, lowest, lowest-direct', async () => {
    expect(await lock(graph, ['a'])).toEqual(['a==2.0', 'b==2.0']);
    expect(await lock(graph, ['a'], { resolution: 'lowest' })).toEqual(['a==1.0', 'b==1.0']);
    expect(await lock(graph, ['a'], { resolution: 'lowest-direct' })).toEqual(['a==1.0', 'b==2.0']);
  });
  it('keeps a preferred version (an existing pin) while it satisfies', async () => {
    expect(await lock(graph, ['a'], { preferences: new Map([['b', Version.parse('1.0')]]) })).toEqual(['a==2.0', 'b==1.0']);
    expect(await lock(graph, ['a', 'b>1'], { preferences: new Map([['b', Version.parse('1.0')]]) })).toEqual(['a==2.0', 'b==2.0']);
  });
});

describe('--hash on a root requirement', () => {
  const a: MemoryRelease[] = [
    { name: 'a', version: '1.0', wheels: ['py3-none-any'], sdist: true },
    { name: 'a', version: '2.0', wheels: ['py3-none-any'], noHash: true },
  ];
  it('restricts the files (hashing those the index gave no sha256 for)', async () => {
    const sdist = `sha256:${fakeSha256('a-1.0.tar.gz')}`;
    const r = await resolveLock(lockRequest(['a'], { requirements: [{ ...rootInputs(['a'])[0]!, hashes: [sdist] }], hashPolicy: 'all' }), new MemoryPackageIndex(a));
    expect(pins(r.lock)).toEqual(['a==1.0']);
    expect(r.lock.packages[0]!.files.map((f) => f.filename)).toEqual(['a-1.0.tar.gz']);
    const index = new MemoryPackageIndex(a);
    const wheel2 = `sha256:${fakeSha256('a-2.0-py3-none-any.whl')}`;
    const r2 = await resolveLock(lockRequest(['a'], { requirements: [{ ...rootInputs(['a'])[0]!, hashes: [wheel2] }] }), index);
    expect(pins(r2.lock)).toEqual(['a==2.0']);
    expect(index.calls.sha256Of).toEqual(['a-2.0-py3-none-any.whl']);
  });
  it('explains when no file matches', async () => {
    const inputs = rootInputs(['a==1.0']);
    const why = await resolveLock(lockRequest([], { requirements: [{ ...inputs[0]!, hashes: ['sha256:' + '0'.repeat(64)] }] }), new MemoryPackageIndex(a)).then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    expect(why).toContain('no file matches the --hash values given for it');
  });
});

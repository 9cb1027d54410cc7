/**
 * The files and hashes a lock records, per hash policy, and hashes the index did not give.
 */
import { describe, expect, it } from 'vitest';
import { resolveLock } from '../../src/resolver/index.js';
import { MemoryPackageIndex, fakeSha256, type MemoryRelease } from '../helpers/memory-package-index.js';
import { LINUX, WINDOWS, formatControl, lockRequest } from './support/lock-request.js';

const releases: MemoryRelease[] = [
  {
    name: 'a',
    version: '1.0',
    wheels: ['cp312-cp312-manylinux_2_17_x86_64', 'cp312-cp312-manylinux_2_28_x86_64', 'cp312-cp312-win_amd64', 'cp311-cp311-win_amd64', 'cp312-cp312-macosx_11_0_arm64'],
    sdist: true,
  },
  { name: 'b', version: '1.0', wheels: ['cp39-abi3-win_amd64'], sdist: true, noHash: true },
  { name: 'c', version: '2.0', wheels: ['py3-none-any'], sdist: true, uploadTime: '2024-01-01T00:00:00Z' },
];

function files(lock: { packages: { name: string; files: { filename: string }[] }[] }, name: string): string[] {
  return lock.packages.find((p) => p.name === name)!.files.map((f) => f.filename);
}

describe('hash policy "targets"', () => {
  it('records the best wheel of each target, or the sdist where no wheel fits', async () => {
    const { lock } = await resolveLock(lockRequest(['a', 'b'], { targets: [LINUX, WINDOWS] }), new MemoryPackageIndex(releases));
    expect(files(lock, 'a')).toEqual(['a-1.0-cp312-cp312-manylinux_2_28_x86_64.whl', 'a-1.0-cp312-cp312-win_amd64.whl']);
    expect(files(lock, 'b')).toEqual(['b-1.0-cp39-abi3-win_amd64.whl', 'b-1.0.tar.gz']);
  });
});

describe('hash policy "all"', () => {
  it('records every file of the pinned release, whatever its tags', async () => {
    const { lock } = await resolveLock(lockRequest(['a'], { hashPolicy: 'all' }), new MemoryPackageIndex(releases));
    expect(files(lock, 'a')).toEqual([
      'a-1.0-cp311-cp311-win_amd64.whl',
      'a-1.0-cp312-cp312-macosx_11_0_arm64.whl',
      'a-1.0-cp312-cp312-manylinux_2_17_x86_64.whl',
      'a-1.0-cp312-cp312-manylinux_2_28_x86_64.whl',
      'a-1.0-cp312-cp312-win_amd64.whl',
      'a-1.0.tar.gz',
    ]);
  });

  it('leaves out the files a policy excludes (here: sdists under --only-binary)', async () => {
    const { lock } = await resolveLock(lockRequest(['a'], { hashPolicy: 'all', formatControl: formatControl([':all:']) }), new MemoryPackageIndex(releases));
    expect(files(lock, 'a')).not.toContain('a-1.0.tar.gz');
    expect(files(lock, 'a')).toHaveLength(5);
  });
});

describe('hashes', () => {
  it('come from the index, or from hashing the file through the index, for every file', async () => {
    const index = new MemoryPackageIndex(releases);
    const { lock } = await resolveLock(lockRequest(['a', 'b'], { hashPolicy: 'all' }), index);
    for (const p of lock.packages) for (const f of p.files) expect(f.hashes.sha256).toBe(fakeSha256(f.filename));
    expect(index.calls.sha256Of.sort()).toEqual(['b-1.0-cp39-abi3-win_amd64.whl', 'b-1.0.tar.gz']);
  });

  it('carry the file facts the index gave', async () => {
    const { lock } = await resolveLock(lockRequest(['c']), new MemoryPackageIndex(releases));
    expect(lock.packages[0]!.files).toEqual([
      {
        filename: 'c-2.0-py3-none-any.whl',
        kind: 'wheel',
        url: 'https://memory.test/files/c-2.0-py3-none-any.whl',
        index: 'https://memory.test/simple/',
        hashes: { sha256: fakeSha256('c-2.0-py3-none-any.whl') },
        uploadTime: '2024-01-01T00:00:00Z',
        yanked: false,
      },
    ]);
  });
});

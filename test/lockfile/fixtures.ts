/**
 * Targets and locks for the lockfile tests: targets made by src/tags from their short
 * spellings (real marker environments and tag lists), and a small multi-target lock.
 */
import { formatTag, parseTarget } from '../../src/tags/index.js';
import type { Lock, LockedFile, LockTarget } from '../../src/lockfile/index.js';

export function lockTarget(spec: string): LockTarget {
  const t = parseTarget(spec);
  return { name: t.name, markerEnvironment: { ...t.markers }, tags: t.tags.map(formatTag), unknownMarkers: [...t.unknownMarkers] };
}

export const LINUX_311 = 'cp311-manylinux_2_17_x86_64';
export const WINDOWS_312 = 'cp312-win_amd64';

export const digest = (c: string): string => c.repeat(64).slice(0, 64);

export function wheelFile(filename: string, c: string, extra: Partial<LockedFile> = {}): LockedFile {
  return { filename, kind: 'wheel', url: `https://files.example.org/packages/${filename}`, hashes: { sha256: digest(c) }, ...extra };
}

export function sdistFile(filename: string, c: string, extra: Partial<LockedFile> = {}): LockedFile {
  return { filename, kind: 'sdist', url: `https://files.example.org/packages/${filename}`, hashes: { sha256: digest(c) }, ...extra };
}

export const NO_OPTIONS: Lock['options'] = { extraIndexUrls: [], findLinks: [], noIndex: false, onlyBinary: [], noBinary: [], preferBinary: false, pre: false };

/** Two targets; numpy pinned differently for each; an sdist and a wheel for idna. */
export function sampleLock(): Lock {
  const both = [LINUX_311, WINDOWS_312];
  return {
    targets: both.map(lockTarget),
    hashPolicy: 'targets',
    inputs: ['requirements.in'],
    options: { ...NO_OPTIONS, indexUrl: 'https://user:secret@pypi.example.org/simple' },
    requiresPython: '>=3.11',
    packages: [
      {
        name: 'idna',
        version: '3.6',
        targets: both,
        extras: [],
        files: [
          wheelFile('idna-3.6-py3-none-any.whl', 'a', { index: 'https://pypi.example.org/simple', size: 61567, uploadTime: '2023-11-25T15:40:52.227563Z' }),
          sdistFile('idna-3.6.tar.gz', 'b', { index: 'https://pypi.example.org/simple', size: 175426 }),
        ],
        dependencies: [],
        via: ['requests'],
      },
      {
        name: 'numpy',
        version: '1.26.4',
        targets: [LINUX_311],
        extras: [],
        files: [wheelFile('numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'c')],
        dependencies: [],
        via: ['-r requirements.in'],
      },
      {
        name: 'numpy',
        version: '2.0.0',
        targets: [WINDOWS_312],
        extras: [],
        files: [wheelFile('numpy-2.0.0-cp312-cp312-win_amd64.whl', 'd')],
        dependencies: [],
        via: ['-r requirements.in'],
      },
      {
        name: 'requests',
        version: '2.31.0',
        targets: both,
        extras: [],
        files: [wheelFile('requests-2.31.0-py3-none-any.whl', 'e')],
        dependencies: [{ name: 'idna' }],
        via: ['-r requirements.in'],
      },
    ],
  };
}

/**
 * pylock.toml as lockToPylock writes it: the whole text of a two-target lock (reviewed, in
 * sample-pylock.toml), wheelhouse paths, direct references, the errors for locks the
 * format cannot hold; and — with the mirror's modern packaging — `packaging.pylock`
 * validating what is written and selecting, for each target, exactly that target's pins.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lockToPylock, readPylock, type Lock, type LockedPackage } from '../../src/lockfile/index.js';
import { MIRROR_ABSENT } from '../helpers/mirror.js';
import { hasPython } from '../helpers/python.js';
import { digest, LINUX_311, lockTarget, NO_OPTIONS, sampleLock, sdistFile, WINDOWS_312, wheelFile } from './fixtures.js';
import { modernPackagingWheel, validatePylocks } from './packaging-oracle.js';

const SAMPLE = readFileSync(new URL('./sample-pylock.toml', import.meta.url), 'utf8');

function shortTags(lock: Lock): Lock {
  for (const t of lock.targets) t.tags = t.tags.slice(0, 3);
  return lock;
}

function pkg(name: string, version: string, extra: Partial<LockedPackage> = {}): LockedPackage {
  return { name, version, targets: [], extras: [], files: [wheelFile(`${name}-${version}-py3-none-any.whl`, 'f')], dependencies: [], via: [], ...extra };
}

function oneTargetLock(packages: LockedPackage[]): Lock {
  return { targets: [lockTarget(LINUX_311)], hashPolicy: 'all', inputs: [], options: NO_OPTIONS, packages };
}

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

/** Locks with every kind of source, for the validator. */
function directLock(): Lock {
  return oneTargetLock([
    pkg('archive-pkg', '1.0', { direct: { kind: 'url', url: 'https://example.org/dl/archive_pkg-1.0.tar.gz', subdirectory: 'sub' }, files: [sdistFile('archive_pkg-1.0.tar.gz', '1', { size: 10 })] }),
    pkg('local-archive', '2.0', { direct: { kind: 'path', url: 'dist/local_archive-2.0-py3-none-any.whl' }, files: [wheelFile('local_archive-2.0-py3-none-any.whl', '2')] }),
    pkg('local-dir', '', { direct: { kind: 'path', url: 'src/local-dir', editable: true }, files: [] }),
    pkg('vcs-pkg', '3.0', { direct: { kind: 'vcs', url: 'git+https://github.com/o/vcs-pkg@v3.0', commit: COMMIT, subdirectory: 'python' }, files: [] }),
  ]);
}

describe('lockToPylock', () => {
  it('writes the whole file, deterministically', () => {
    const text = lockToPylock(shortTags(sampleLock()), { command: 'wheelhouse lock --format pylock.toml requirements.in' });
    expect(text).toBe(SAMPLE);
    const shuffled = shortTags(sampleLock());
    shuffled.packages.reverse().reverse();
    shuffled.packages[0]!.files.reverse();
    expect(lockToPylock(shuffled, { command: 'wheelhouse lock --format pylock.toml requirements.in' })).toBe(SAMPLE);
  });

  it('adds wheelhouse paths relative to the lock, keeping URLs for provenance', () => {
    const text = lockToPylock(shortTags(sampleLock()), { wheelhouseDir: 'wheels/' });
    expect(text).toContain('url = "https://files.example.org/packages/idna-3.6.tar.gz"\npath = "wheels/idna-3.6.tar.gz"\n');
    expect(lockToPylock(shortTags(sampleLock()), { wheelhouseDir: '.' })).toContain('path = "idna-3.6-py3-none-any.whl"\n');
    const own = shortTags(sampleLock());
    own.packages[0]!.files[0]!.path = 'elsewhere/idna-3.6-py3-none-any.whl';
    expect(lockToPylock(own, { wheelhouseDir: 'wheels' })).toContain('path = "elsewhere/idna-3.6-py3-none-any.whl"\n');
  });

  it('writes direct references as vcs, directory and archive tables', () => {
    const text = lockToPylock(directLock());
    expect(text).toContain(['[[packages]]', 'name = "local-dir"', '', '[packages.directory]', 'path = "src/local-dir"', 'editable = true', ''].join('\n'));
    expect(text).toContain(
      ['[[packages]]', 'name = "vcs-pkg"', '', '[packages.vcs]', 'type = "git"', 'url = "https://github.com/o/vcs-pkg"', 'requested-revision = "v3.0"', `commit-id = "${COMMIT}"`, 'subdirectory = "python"', '', '[packages.tool.wheelhouse]', 'version = "3.0"', ''].join('\n'),
    );
    expect(text).toContain(['[packages.archive]', 'url = "https://example.org/dl/archive_pkg-1.0.tar.gz"', 'size = 10', `hashes = { sha256 = "${digest('1')}" }`, 'subdirectory = "sub"'].join('\n'));
    expect(text).toContain(['[packages.archive]', 'path = "dist/local_archive-2.0-py3-none-any.whl"'].join('\n'));
  });

  it('keeps what pylock.toml has no key for in [packages.tool.wheelhouse]', () => {
    const lock = oneTargetLock([
      pkg('six', '1.16.0', {
        // In the order the reader gives them back: the sdist, the wheels, the other sdists.
        files: [
          sdistFile('six-1.16.0.tar.gz', '2', { index: 'https://b.example/simple', yanked: 'bad upload' }),
          wheelFile('six-1.16.0-py2.py3-none-any.whl', '1', { index: 'https://a.example/simple', requiresPython: '>=2.7', yanked: false }),
          sdistFile('six-1.16.0.zip', '3'),
        ],
        dependencies: [{ name: 'idna', extras: ['all'], marker: 'python_version < "4"' }],
        extras: ['test'],
      }),
    ]);
    const text = lockToPylock(lock);
    expect(text).not.toMatch(/^index = /m);
    expect(text).toContain(
      [
        '[packages.tool.wheelhouse]',
        'extras = ["test"]',
        'dependencies = [',
        `    { name = "idna", extras = ["all"], marker = 'python_version < "4"' },`,
        ']',
        'files = [',
        '    { name = "six-1.16.0-py2.py3-none-any.whl", index = "https://a.example/simple", requires-python = ">=2.7", yanked = false },',
        '    { name = "six-1.16.0.tar.gz", index = "https://b.example/simple", yanked = "bad upload" },',
        ']',
        '',
        '[[packages.tool.wheelhouse.sdists]]',
        'name = "six-1.16.0.zip"',
      ].join('\n'),
    );
    expect(readPylock(text).lock).toEqual(lock);
  });

  it('keeps a find-links location out of `index`', () => {
    const lock = shortTags(sampleLock());
    lock.options = { ...lock.options, findLinks: ['https://pypi.example.org/simple'] };
    const text = lockToPylock(lock);
    expect(text).not.toMatch(/^index = /m);
    expect(text).toContain('files = [\n    { name = "idna-3.6-py3-none-any.whl", index = "https://pypi.example.org/simple" },');
    expect(readPylock(text).lock.packages[0]!.files.map((f) => f.index)).toEqual(['https://pypi.example.org/simple', 'https://pypi.example.org/simple']);
  });

  it('refuses locks pylock.toml cannot hold', () => {
    expect(() => lockToPylock(oneTargetLock([]), { environments: ['os_name =='] })).toThrow(/invalid environment marker/);
    expect(() => lockToPylock(oneTargetLock([pkg('vcs', '', { direct: { kind: 'vcs', url: 'git+https://github.com/o/vcs' }, files: [] })]))).toThrow(/the VCS pin vcs has no commit/);
    expect(() => lockToPylock(oneTargetLock([pkg('six', '1.16.0', { files: [wheelFile('six-1.15.0-py3-none-any.whl', '1')] })]))).toThrow(/six-1.15.0-py3-none-any.whl is not a distribution of six 1.16.0/);
    expect(() => lockToPylock(oneTargetLock([pkg('six', '1.16.0', { files: [] })]))).toThrow(/six 1.16.0 has no files/);
    expect(() => lockToPylock(oneTargetLock([pkg('six', 'latest')]))).toThrow(/invalid version of six/);
    expect(() => lockToPylock(oneTargetLock([pkg('six', '1.0', { files: [wheelFile('six-1.0-py3-none-any.whl', '1', { uploadTime: 'yesterday' })] })]))).toThrow(/invalid upload time of six-1.0-py3-none-any.whl/);
    expect(() => lockToPylock(oneTargetLock([pkg('six', '1.0', { direct: { kind: 'url', url: 'https://x.example/six-1.0.tar.gz' }, files: [] })]))).toThrow(/the URL pin six has no file/);
  });
});

const wheel = modernPackagingWheel();
describe.skipIf(!hasPython())('packaging.pylock accepts what lockToPylock writes', () => {
  it('validates and selects each target\'s pins', async () => {
    if (!wheel) {
      console.log(`${MIRROR_ABSENT}: pylock.toml files not checked with packaging.pylock`);
      return;
    }
    const lock = sampleLock();
    const select = lock.targets.map((t) => ({ environment: { ...t.markerEnvironment } as Record<string, string>, tags: t.tags }));
    const { version, results } = await validatePylocks(wheel, [
      { text: lockToPylock(lock), select },
      { text: lockToPylock(lock, { wheelhouseDir: 'wheels' }) },
      { text: lockToPylock(directLock()) },
      { text: lockToPylock({ ...oneTargetLock([]), targets: [] }) },
    ]);
    expect(version).toMatch(/^(2[6-9]|[3-9]\d)\./);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined]);
    const picked = results[0]!.selections!.map((s) => (s.picked ?? []).map((p) => `${p.name}==${p.version} ${p.file}`).sort());
    expect(picked).toEqual([
      ['idna==3.6 idna-3.6-py3-none-any.whl', 'numpy==1.26.4 numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'requests==2.31.0 requests-2.31.0-py3-none-any.whl'],
      ['idna==3.6 idna-3.6-py3-none-any.whl', 'numpy==2.0.0 numpy-2.0.0-cp312-cp312-win_amd64.whl', 'requests==2.31.0 requests-2.31.0-py3-none-any.whl'],
    ]);
    expect(LINUX_311).not.toBe(WINDOWS_312);
  });
});

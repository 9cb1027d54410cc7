/**
 * prefetchClosure: what it fetches before the targets are known (pages of every project
 * met; metadata only of a release whose one wheel is pure), what it leaves to the
 * resolver, and that it stops.
 */
import { describe, expect, it } from 'vitest';
import { SpecifierSet } from '../../src/pep440/specifier-set.js';
import { Version } from '../../src/pep440/version.js';
import { prefetchClosure, type ClosureRoot } from '../../src/resolver/index.js';
import { MemoryPackageIndex, type MemoryRelease } from '../helpers/memory-package-index.js';

const releases: MemoryRelease[] = [
  { name: 'app', version: '1.0', requires: ['lib>=2', 'winonly; sys_platform == "win32"', 'old<2'], extras: { fast: ['speedup'] } },
  { name: 'app', version: '2.0rc1', requires: ['never'] },
  { name: 'lib', version: '1.0', requires: ['never'] },
  { name: 'lib', version: '2.0', requires: ['native'] },
  { name: 'lib', version: '3.0', requires: ['native'], yanked: true },
  { name: 'native', version: '1.0', wheels: ['cp312-cp312-manylinux_2_17_x86_64', 'cp312-cp312-win_amd64'], requires: ['behind-native'] },
  { name: 'old', version: '1.5', requires: ['leaf'] },
  { name: 'old', version: '2.0', requires: ['never'] },
  { name: 'leaf', version: '1.0' },
  { name: 'leaf', version: '1.1' },
  { name: 'speedup', version: '1.0' },
  { name: 'winonly', version: '1.0' },
  { name: 'never', version: '1.0' },
  { name: 'behind-native', version: '1.0' },
];

function root(name: string, specifier = '', extras: string[] = []): ClosureRoot {
  return { name, specifier: SpecifierSet.parse(specifier), extras };
}

/** Lets every pending answer of the in-memory index (and what it starts) settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

describe('prefetchClosure', () => {
  it('walks pages and pure-wheel metadata of the highest final version each requirement allows', async () => {
    const index = new MemoryPackageIndex(releases);
    const walk = prefetchClosure(index, [root('app')]);
    await settle();
    expect([...walk.projects].sort()).toEqual(['app', 'leaf', 'lib', 'native', 'old']);
    expect(index.calls.getMetadata.sort()).toEqual(['app-1.0-py3-none-any.whl', 'leaf-1.1-py3-none-any.whl', 'lib-2.0-py3-none-any.whl', 'old-1.5-py3-none-any.whl']);
    // native has platform wheels: which one is the target's business, so its dependencies wait.
    expect(index.calls.getProject).not.toContain('behind-native');
    // A marker on anything but `extra` needs the target; pre-releases and yanked versions are not guessed.
    expect(index.calls.getProject).not.toContain('winonly');
    expect(index.calls.getProject).not.toContain('never');
  });

  it('follows the dependencies of the extras asked for, and keeps the existing pins', async () => {
    const index = new MemoryPackageIndex(releases);
    prefetchClosure(index, [root('app', '', ['fast'])], { preferences: new Map([['leaf', Version.parse('1.0')]]) });
    await settle();
    expect(index.calls.getProject).toContain('speedup');
    expect(index.calls.getMetadata).toContain('leaf-1.0-py3-none-any.whl');
    expect(index.calls.getMetadata).not.toContain('leaf-1.1-py3-none-any.whl');
  });

  it('asks at once for the page of every project pinned in the existing lock, and walks on from the pinned release', async () => {
    const index = new MemoryPackageIndex(releases, { delayMs: 5 });
    // winonly sits behind a platform marker and behind-native behind a platform wheel: the
    // walk alone never reaches them. A re-lock will, so their pages come first.
    prefetchClosure(index, [root('app')], { preferences: new Map([['winonly', Version.parse('1.0')], ['behind-native', Version.parse('1.0')], ['old', Version.parse('2.0')]]) });
    expect([...index.calls.getProject].sort()).toEqual(['app', 'behind-native', 'old', 'winonly']);
    await new Promise((r) => setTimeout(r, 60));
    expect(index.calls.getMetadata).toContain('winonly-1.0-py3-none-any.whl');
    // old was met first as a pin (any version), so its pinned 2.0 is what the walk follows.
    expect(index.calls.getMetadata).toContain('old-2.0-py3-none-any.whl');
    expect(index.calls.getProject).toContain('never');
  });

  it('asks nothing more once stopped', async () => {
    const index = new MemoryPackageIndex(releases, { delayMs: 5 });
    const walk = prefetchClosure(index, [root('app')]);
    walk.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(index.calls.getProject).toEqual(['app']);
    expect(index.calls.getMetadata).toEqual([]);
  });

  it('ignores files uploaded at or after --exclude-newer', async () => {
    const index = new MemoryPackageIndex([
      { name: 'x', version: '1.0', uploadTime: '2024-01-01T00:00:00Z' },
      { name: 'x', version: '2.0', uploadTime: '2024-06-01T00:00:00Z' },
    ]);
    prefetchClosure(index, [root('x')], { excludeNewer: new Date('2024-06-01T00:00:00Z') });
    await settle();
    expect(index.calls.getMetadata).toEqual(['x-1.0-py3-none-any.whl']);
  });
});

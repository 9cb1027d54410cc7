/**
 * Which files of a release a target may use, best first, and the reason when none.
 */
import { describe, expect, it } from 'vitest';
import type { DistributionFile } from '../../src/index/package-index.js';
import { SpecifierSet, Version } from '../../src/pep440/index.js';
import { FormatControl } from '../../src/requirements-txt/format-control.js';
import { selectFiles, type FileRules } from '../../src/resolver/file-selection.js';
import { MemoryPackageIndex, type MemoryRelease } from '../helpers/memory-package-index.js';
import { LINUX, WINDOWS } from './support/lock-request.js';

async function files(r: MemoryRelease): Promise<readonly DistributionFile[]> {
  return (await new MemoryPackageIndex([r]).getProject(r.name)).files;
}

function rules(overrides: Partial<FileRules> = {}): FileRules {
  return {
    target: LINUX,
    python: Version.parse(LINUX.markers.python_full_version),
    formats: new FormatControl().allowedFormats('a'),
    yankedAllowed: false,
    specifier: (t) => SpecifierSet.tryParse(t),
    ...overrides,
  };
}

function names(sel: ReturnType<typeof selectFiles>): string[] | string {
  return 'reason' in sel ? sel.reason : sel.usable.map((f) => f.filename);
}

describe('selectFiles', () => {
  it('ranks compatible wheels by the target\'s tag priority, sdists last', async () => {
    const fs = await files({
      name: 'a',
      version: '1.0',
      wheels: ['py3-none-any', 'cp312-abi3-manylinux_2_17_x86_64', 'cp312-cp312-manylinux_2_28_x86_64', 'cp312-cp312-win_amd64'],
      sdist: true,
    });
    expect(names(selectFiles(fs, rules()))).toEqual([
      'a-1.0-cp312-cp312-manylinux_2_28_x86_64.whl',
      'a-1.0-cp312-abi3-manylinux_2_17_x86_64.whl',
      'a-1.0-py3-none-any.whl',
      'a-1.0.tar.gz',
    ]);
    expect(names(selectFiles(fs, rules({ target: WINDOWS })))).toEqual(['a-1.0-cp312-cp312-win_amd64.whl', 'a-1.0-py3-none-any.whl', 'a-1.0.tar.gz']);
  });

  it('gives the reason of the rule that left nothing', async () => {
    const wheelOnly = await files({ name: 'a', version: '1.0', wheels: ['cp311-cp311-win_amd64'] });
    expect(names(selectFiles(wheelOnly, rules()))).toBe(`no wheel for ${LINUX.name} and no sdist`);
    const fc = new FormatControl();
    fc.addOnlyBinary(':all:');
    const both = await files({ name: 'a', version: '1.0', wheels: ['cp311-cp311-win_amd64'], sdist: true });
    expect(names(selectFiles(both, rules({ formats: fc.allowedFormats('a') })))).toBe(`no wheel for ${LINUX.name} and sdists not allowed (--only-binary)`);
    const yanked = await files({ name: 'a', version: '1.0', yanked: 'bad' });
    expect(names(selectFiles(yanked, rules()))).toBe('yanked (bad)');
    expect(names(selectFiles(yanked, rules({ yankedAllowed: true })))).toEqual(['a-1.0-py3-none-any.whl']);
    const py = await files({ name: 'a', version: '1.0', requiresPython: '>=3.13' });
    expect(names(selectFiles(py, rules()))).toBe('requires Python >=3.13');
    const late = await files({ name: 'a', version: '1.0', uploadTime: '2025-01-02T00:00:00Z' });
    expect(names(selectFiles(late, rules({ excludeNewer: new Date('2025-01-01T00:00:00Z') })))).toBe('uploaded after 2025-01-01T00:00:00.000Z (--exclude-newer)');
    expect(names(selectFiles([], rules()))).toBe('no files');
  });

  it('keeps a file whose data-requires-python cannot be parsed (pip ignores it)', async () => {
    const fs = await files({ name: 'a', version: '1.0', dataRequiresPython: '>=3.6.*junk' });
    expect(names(selectFiles(fs, rules()))).toEqual(['a-1.0-py3-none-any.whl']);
  });

  it('reports a yanked best file', async () => {
    const fs = await files({ name: 'a', version: '1.0', yanked: true });
    const sel = selectFiles(fs, rules({ yankedAllowed: true }));
    expect('usable' in sel && sel.yanked).toBe('');
  });
});

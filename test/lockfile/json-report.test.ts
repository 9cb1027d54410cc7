/**
 * The JSON report of `lock --json`: its schema (version 1) for a two-target lock, field by
 * field; credentials stripped; why each package is there; diagnostics carried through.
 */
import { describe, expect, it } from 'vitest';
import { LOCK_REPORT_VERSION, lockToJson } from '../../src/lockfile/index.js';
import { digest, LINUX_311, sampleLock, WINDOWS_312 } from './fixtures.js';

describe('lockToJson', () => {
  it('reports pins, files, hashes, why, targets, options and warnings', () => {
    const lock = sampleLock();
    lock.packages[0]!.files[0]!.hashes = { sha512: digest('9').repeat(2), sha256: digest('a') };
    lock.packages[3]!.via = ['-r requirements.in', '-c constraints.txt', 'httpx (pyproject.toml)'];
    const report = lockToJson(lock, {
      toolVersion: '0.1.0',
      command: 'wheelhouse lock --json requirements.in',
      warnings: [{ message: 'numpy has no wheel for cp313', package: 'numpy', target: LINUX_311, code: 'W_NO_WHEEL' }],
    });
    expect(report.version).toBe(LOCK_REPORT_VERSION);
    expect(report.tool).toEqual({ name: 'wheelhouse', version: '0.1.0' });
    expect(report.command).toBe('wheelhouse lock --json requirements.in');
    expect(report.options.indexUrl).toBe('https://pypi.example.org/simple');
    expect(JSON.stringify(report)).not.toContain('secret');
    expect(report.targets.map((t) => [t.name, t.markerEnvironment.sys_platform, t.tags.length > 10, t.unknownMarkers])).toEqual([
      [LINUX_311, 'linux', true, ['platform_release', 'platform_version']],
      [WINDOWS_312, 'win32', true, ['platform_release', 'platform_version']],
    ]);
    expect(report.packages.map((p) => [p.name, p.version, p.marker, p.targets])).toEqual([
      ['idna', '3.6', undefined, [LINUX_311, WINDOWS_312]],
      ['numpy', '1.26.4', 'sys_platform == "linux"', [LINUX_311]],
      ['numpy', '2.0.0', 'sys_platform == "win32"', [WINDOWS_312]],
      ['requests', '2.31.0', undefined, [LINUX_311, WINDOWS_312]],
    ]);
    expect(report.packages[0]!.files[0]).toEqual({
      filename: 'idna-3.6-py3-none-any.whl',
      kind: 'wheel',
      url: 'https://files.example.org/packages/idna-3.6-py3-none-any.whl',
      index: 'https://pypi.example.org/simple',
      size: 61567,
      uploadTime: '2023-11-25T15:40:52.227563Z',
      yanked: false,
      hashes: { sha256: digest('a'), sha512: digest('9').repeat(2) },
    });
    expect(Object.keys(report.packages[0]!.files[0]!.hashes)).toEqual(['sha256', 'sha512']);
    expect(report.packages[0]!.why).toEqual({ requested: false, inputs: [], requiredBy: ['requests'], via: ['requests'] });
    expect(report.packages[3]!.why).toEqual({
      requested: true,
      // `httpx (pyproject.toml)` names the project of an input file, not a locked package.
      inputs: ['-r requirements.in', '-c constraints.txt', 'httpx (pyproject.toml)'],
      requiredBy: [],
      via: ['-r requirements.in', '-c constraints.txt', 'httpx (pyproject.toml)'],
    });
    expect(report.packages[3]!.dependencies).toEqual([{ name: 'idna', extras: [] }]);
    expect(report.diagnostics.warnings).toEqual([{ message: 'numpy has no wheel for cp313', package: 'numpy', target: LINUX_311, code: 'W_NO_WHEEL' }]);
    // Plain data: JSON.stringify and back gives the same object.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reports direct references and an empty warnings list', () => {
    const lock = sampleLock();
    lock.packages.push({
      name: 'tool',
      version: '',
      targets: [],
      extras: [],
      direct: { kind: 'vcs', url: 'git+https://u:p@github.com/o/tool@main', commit: 'a'.repeat(40) },
      files: [],
      dependencies: [],
      via: ['-r requirements.in'],
    });
    const report = lockToJson(lock);
    expect(report.packages[4]!.direct).toEqual({ kind: 'vcs', url: 'git+https://github.com/o/tool@main', editable: false, commit: 'a'.repeat(40) });
    expect(report.diagnostics).toEqual({ warnings: [] });
    expect(report.tool).toEqual({ name: 'wheelhouse' });
  });
});

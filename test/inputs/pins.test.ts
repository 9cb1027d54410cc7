import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseUpgradePackages, pinPreferences } from '../../src/inputs/pins.js';

const EXISTING = [
  { name: 'Flask', version: '3.0.0' },
  { name: 'werkzeug', version: '3.0.1' },
  { name: 'pywin32', version: '306', marker: 'sys_platform == "win32"' },
  // One package pinned twice (two groups of targets): the highest is preferred.
  { name: 'numpy', version: '1.26.4', marker: 'python_version < "3.12"' },
  { name: 'numpy', version: '2.0.1', marker: 'python_version >= "3.12"' },
];

function prefs(map: Map<string, { toString(): string }>): Record<string, string> {
  return Object.fromEntries([...map].map(([k, v]) => [k, v.toString()]));
}

describe('pin preservation (pip-compile)', () => {
  it('keeps every existing pin as a preference, by canonical name', () => {
    const p = pinPreferences(EXISTING);
    expect(prefs(p.preferences)).toEqual({ flask: '3.0.0', werkzeug: '3.0.1', pywin32: '306', numpy: '2.0.1' });
    expect(p.constraints).toEqual([]);
  });

  it('--upgrade keeps none', () => {
    expect(pinPreferences(EXISTING, { all: true }).preferences.size).toBe(0);
  });

  it('-P NAME frees that package only', () => {
    expect(prefs(pinPreferences(EXISTING, { packages: ['FLASK'] }).preferences)).toEqual({ werkzeug: '3.0.1', pywin32: '306', numpy: '2.0.1' });
  });

  it('-P NAME==VERSION frees it and forces the version as a constraint without # via', () => {
    const p = pinPreferences(EXISTING, { packages: ['werkzeug==3.0.3', 'flask'] });
    expect(p.preferences.has('werkzeug')).toBe(false);
    expect(p.constraints).toHaveLength(1);
    expect(p.constraints[0]?.requirement.toString()).toBe('werkzeug==3.0.3');
    expect(p.constraints[0]?.via).toBe('');
    // With --upgrade too, the constraint still holds.
    expect(pinPreferences(EXISTING, { all: true, packages: ['werkzeug<3'] }).constraints[0]?.requirement.toString()).toBe('werkzeug<3');
  });

  it('an unparsable pin is not kept and says so', () => {
    const p = pinPreferences([{ name: 'odd', version: 'not-a-version' }]);
    expect(p.preferences.size).toBe(0);
    expect(p.warnings[0]).toContain('odd==not-a-version');
  });

  it('refuses -P values with URLs, extras or markers', () => {
    for (const bad of ['pkg @ https://x/y.whl', 'pkg[x]', 'pkg ; python_version < "3"', '==1', 'a b']) {
      expect(() => parseUpgradePackages([bad]), bad).toThrow(UsageError);
    }
  });
});

describe('reading the pins of the lockfile being replaced', () => {
  it('requirements.txt: pinned lines with their markers; a missing file has none', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { readLockfilePins } = await import('../../src/inputs/existing-pins.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wh-pins-'));
    try {
      writeFileSync(
        path.join(dir, 'requirements.txt'),
        `flask==3.0.0 \\\n    --hash=sha256:${'a'.repeat(64)}\n    # via -r requirements.in\npywin32==306 ; sys_platform == "win32"\nranged>=1\n`,
      );
      expect(await readLockfilePins('requirements.txt', 'requirements', { cwd: dir })).toEqual([
        { name: 'flask', version: '3.0.0' },
        { name: 'pywin32', version: '306', marker: 'sys_platform == "win32"' },
      ]);
      expect(await readLockfilePins('missing.txt', 'requirements', { cwd: dir })).toEqual([]);
      // PEP 751's minimal example (wheel data from uv's test pep_751_dependency).
      writeFileSync(
        path.join(dir, 'pylock.toml'),
        [
          'lock-version = "1.0"',
          'created-by = "wheelhouse"',
          '[[packages]]',
          'name = "idna"',
          'version = "3.6"',
          'wheels = [{ url = "https://files.pythonhosted.org/packages/c2/e7/a82b05cf63a603df6e68d59ae6a68bf5064484a0718ea5033660af4b54a9/idna-3.6-py3-none-any.whl", size = 61567, hashes = { sha256 = "c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f" } }]',
          '',
        ].join('\n'),
      );
      expect(await readLockfilePins('pylock.toml', 'pylock', { cwd: dir })).toEqual([{ name: 'idna', version: '3.6' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('withoutEmptyVia drops the empty annotations of -P constraints only', async () => {
    const { withoutEmptyVia } = await import('../../src/inputs/pins.js');
    const lock = {
      targets: [],
      packages: [
        { name: 'a', version: '1', targets: [], extras: [], files: [], dependencies: [], via: ['', '-r requirements.in'] },
        { name: 'b', version: '1', targets: [], extras: [], files: [], dependencies: [], via: ['a'] },
      ],
      hashPolicy: 'all' as const,
      options: { extraIndexUrls: [], findLinks: [], noIndex: false, onlyBinary: [], noBinary: [], preferBinary: false, pre: false },
      inputs: [],
    };
    expect(withoutEmptyVia(lock).packages.map((p) => p.via)).toEqual([['-r requirements.in'], ['a']]);
  });
});

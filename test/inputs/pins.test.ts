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

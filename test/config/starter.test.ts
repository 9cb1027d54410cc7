import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_KEYS, parseConfig, STARTER_CONFIG } from '../../src/config/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wh-starter-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the starter wheelhouse.yaml', () => {
  it('loads with the validator once requirements.in exists', async () => {
    await writeFile(path.join(dir, 'requirements.in'), 'flask\n');
    const c = parseConfig(STARTER_CONFIG, path.join(dir, 'wheelhouse.yaml'));
    expect(c.requirementFiles).toEqual([path.join(dir, 'requirements.in')]);
    expect(c.targets).toEqual([{ kind: 'host' }]);
    expect(c.lock).toEqual({ path: path.join(dir, 'requirements.txt'), format: 'requirements' });
    expect(c.wheelhouse).toEqual({ dir: path.join(dir, 'wheelhouse'), index: false });
    expect(c.verify).toEqual({ pip: true });
  });

  it('mentions every key, and every commented-out line is valid when uncommented', async () => {
    for (const key of CONFIG_KEYS) expect(STARTER_CONFIG).toMatch(new RegExp(`^#? ?${key}:`, 'm'));
    await writeFile(path.join(dir, 'constraints.txt'), '');
    // Uncomment the settings (lines "# key: value", and the commented target list items).
    const uncommented = STARTER_CONFIG.split('\n')
      .map((l) => l.replace(/^# ([a-z-]+:.*)$/, '$1').replace(/^  # (- .*|  platform:.*)$/, '  $1').replace(/^  # (python: .*)$/, '  $1'))
      .join('\n');
    const c = parseConfig(uncommented, path.join(dir, 'wheelhouse.yaml'));
    expect(c.targets?.length).toBe(4);
    expect(c.binary).toEqual([{ option: 'only-binary', value: ':all:' }]);
    expect(c.concurrency).toBe(8);
    expect(c.verify?.python).toBe('python3');
    expect(c.groups).toEqual(['dev']);
    expect(c.extras).toEqual(['test']);
    expect(c.hashes).toBe('all');
  });
});

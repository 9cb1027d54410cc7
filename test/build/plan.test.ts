import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planBuild } from '../../src/build/index.js';
import { parseConfig, type WheelhouseConfig } from '../../src/config/index.js';

let dir: string;
let cwd: string;
let config: WheelhouseConfig;

const TEXT = `
requirements: [requirements.in, "flask>=3"]
constraints: [constraints.txt]
index-url: index/simple
extra-index-url: [https://extra.example/simple]
find-links: [wheels]
index-strategy: unsafe-best-match
targets: [host, cp312-win_amd64]
only-binary: [":all:"]
prefer-binary: true
prerelease: if-necessary
resolution: lowest
exclude-newer: 2024-06-01
hashes: targets
lock: {path: out/requirements.txt}
wheelhouse: {dir: out/wheelhouse, index: true}
build-deps: false
concurrency: 3
verify: {pip: true, python: python3.11}
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wh-plan-'));
  cwd = path.join(dir, 'elsewhere');
  await writeFile(path.join(dir, 'requirements.in'), 'flask\n');
  await writeFile(path.join(dir, 'constraints.txt'), '');
  config = parseConfig(TEXT, path.join(dir, 'wheelhouse.yaml'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('planBuild: the file alone', () => {
  it('maps every setting', () => {
    const plan = planBuild(config, {}, { cwd, env: {} });
    expect(plan.configFile).toBe(path.join(dir, 'wheelhouse.yaml'));
    expect(plan.baseDir).toBe(dir);
    expect(plan.lockFile).toBe(path.join(dir, 'out', 'requirements.txt'));
    expect(plan.lockFormat).toBe('requirements');
    expect(plan.dest).toBe(path.join(dir, 'out', 'wheelhouse'));
    expect(plan.writeIndex).toBe(true);
    expect(plan.buildDeps).toBe(false);
    expect(plan.concurrency).toBe(3);
    expect(plan.verify).toEqual({ pip: true, python: 'python3.11' });
    expect(plan.targets.map((t) => (t.kind === 'host' ? 'host' : t.target.name))).toEqual(['host', 'cp312-win_amd64']);
    expect(plan.index).toMatchObject({
      indexUrl: path.join(dir, 'index', 'simple'),
      extraIndexUrls: ['https://extra.example/simple'],
      findLinks: [path.join(dir, 'wheels')],
      indexStrategy: 'unsafe-best-match',
      concurrency: 3,
    });
    expect(plan.lockInputs).toMatchObject({
      cwd: dir,
      arguments: ['requirements.in', 'flask>=3'],
      constraintFiles: ['constraints.txt'],
      binary: [{ option: 'only-binary', value: ':all:' }],
      preferBinary: true,
      pre: false,
      prerelease: 'if-necessary',
      resolution: 'lowest',
      excludeNewer: '2024-06-01',
      hashes: 'targets',
      upgrade: false,
      outputFile: path.join(dir, 'out', 'requirements.txt'),
      format: 'requirements',
      index: { indexUrl: path.join(dir, 'index', 'simple'), extraIndexUrls: ['https://extra.example/simple'], findLinks: [path.join(dir, 'wheels')] },
    });
  });

  it('defaults: host, requirements.txt and wheelhouse/ beside the file, no pip, build deps on', () => {
    const plan = planBuild(parseConfig('requirements: ["flask"]\n', path.join(dir, 'w.yaml')), {}, { cwd, env: {} });
    expect(plan.targets).toEqual([{ kind: 'host' }]);
    expect(plan.lockFile).toBe(path.join(dir, 'requirements.txt'));
    expect(plan.dest).toBe(path.join(dir, 'wheelhouse'));
    expect(plan.writeIndex).toBe(false);
    expect(plan.buildDeps).toBe(true);
    expect(plan.verify).toEqual({ pip: false });
    expect(plan.concurrency).toBeUndefined();
  });

  it('format pylock puts pylock.toml beside the file', () => {
    const plan = planBuild(parseConfig('lock: {format: pylock}\n', path.join(dir, 'w.yaml')), {}, { cwd, env: {} });
    expect(plan.lockFile).toBe(path.join(dir, 'pylock.toml'));
    expect(plan.lockFormat).toBe('pylock');
  });

  it('without a file: everything from the flags and the working directory', () => {
    const plan = planBuild(undefined, { target: ['cp311-win_amd64'] }, { cwd, env: {} });
    expect(plan.configFile).toBeUndefined();
    expect(plan.baseDir).toBe(cwd);
    expect(plan.lockFile).toBe(path.join(cwd, 'requirements.txt'));
    expect(plan.dest).toBe(path.join(cwd, 'wheelhouse'));
  });
});

describe('planBuild: flags win over the file, the file over the environment', () => {
  it('every flag replaces its setting; relative flag paths are relative to the working directory', () => {
    const plan = planBuild(
      config,
      {
        target: ['linux-aarch64@3.12', 'host'],
        dest: 'house',
        'lock-file': 'locks/pylock.toml',
        'index-url': 'https://flag.example/simple',
        'extra-index-url': ['other'],
        'find-links': ['flag-wheels'],
        'no-index': true,
        'index-strategy': 'first-index',
        binary: [{ option: 'no-binary', value: 'flask' }],
        'prefer-binary': false,
        pre: true,
        resolution: 'highest',
        'exclude-newer': '2025-01-01',
        upgrade: true,
        index: false,
        'build-deps': true,
        pip: false,
        python: '/usr/bin/python3',
        concurrency: 9,
        'cache-dir': 'cache',
        'no-cache': true,
      },
      { cwd, env: {} },
    );
    expect(plan.targets.map((t) => (t.kind === 'host' ? 'host' : t.target.name))).toEqual(['linux-aarch64@3.12', 'host']);
    expect(plan.dest).toBe(path.join(cwd, 'house'));
    expect(plan.lockFile).toBe(path.join(cwd, 'locks', 'pylock.toml'));
    expect(plan.lockFormat).toBe('pylock');
    expect(plan.index).toMatchObject({
      indexUrl: 'https://flag.example/simple',
      extraIndexUrls: [path.join(cwd, 'other')],
      findLinks: [path.join(cwd, 'flag-wheels')],
      noIndex: true,
      indexStrategy: 'first-index',
      concurrency: 9,
      cacheDir: path.join(cwd, 'cache'),
      noCache: true,
    });
    expect(plan.lockInputs).toMatchObject({
      binary: [{ option: 'no-binary', value: 'flask' }],
      preferBinary: false,
      pre: true,
      resolution: 'highest',
      excludeNewer: '2025-01-01',
      upgrade: true,
      outputFile: path.join(cwd, 'locks', 'pylock.toml'),
      format: 'pylock',
    });
    // --pre replaces the file's prerelease policy (they cannot be combined).
    expect(plan.lockInputs.prerelease).toBeUndefined();
    expect(plan.writeIndex).toBe(false);
    expect(plan.buildDeps).toBe(true);
    expect(plan.verify).toEqual({ pip: false, python: '/usr/bin/python3' });
    expect(plan.concurrency).toBe(9);
  });

  it('--prerelease replaces the file\'s pre: true', () => {
    const c = parseConfig('pre: true\n', path.join(dir, 'w.yaml'));
    const plan = planBuild(c, { prerelease: 'disallow' }, { cwd, env: {} });
    expect(plan.lockInputs.pre).toBe(false);
    expect(plan.lockInputs.prerelease).toBe('disallow');
  });

  it('--format with the file\'s lock path', () => {
    const c = parseConfig('lock: {path: pylock.toml}\n', path.join(dir, 'w.yaml'));
    expect(planBuild(c, {}, { cwd, env: {} }).lockFormat).toBe('pylock');
    expect(() => planBuild(c, { format: 'toml' }, { cwd, env: {} })).toThrow(/unknown --format/);
  });

  it('pip\'s environment variables apply only where the file and the flags say nothing', () => {
    const env = { PIP_INDEX_URL: 'https://env.example/simple', PIP_FIND_LINKS: '/opt/wheels', PIP_EXTRA_INDEX_URL: 'https://env-extra.example/simple' };
    const fromFile = planBuild(parseConfig('find-links: []\n', path.join(dir, 'w.yaml')), {}, { cwd, env });
    expect(fromFile.index.indexUrl).toBe('https://env.example/simple');
    expect(fromFile.index.extraIndexUrls).toEqual(['https://env-extra.example/simple']);
    expect(fromFile.index.findLinks).toEqual([]);
    const overridden = planBuild(config, {}, { cwd, env });
    expect(overridden.index.indexUrl).toBe(path.join(dir, 'index', 'simple'));
    expect(overridden.index.findLinks).toEqual([path.join(dir, 'wheels')]);
  });

  it('refuses --lock-file -', () => {
    expect(() => planBuild(config, { 'lock-file': '-' }, { cwd, env: {} })).toThrowError(expect.objectContaining({ code: 'E_USAGE' }));
  });

  it('refuses an invalid --target with the target error', () => {
    expect(() => planBuild(config, { target: ['cp312-nowhere'] }, { cwd, env: {} })).toThrowError(expect.objectContaining({ code: 'E_TARGET' }));
  });
});

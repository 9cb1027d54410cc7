import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_KEYS, loadConfig, parseConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors.js';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wh-config-'));
  file = path.join(dir, 'wheelhouse.yaml');
  await writeFile(path.join(dir, 'requirements.in'), 'flask\n');
  await writeFile(path.join(dir, 'constraints.txt'), 'flask<4\n');
  await mkdir(path.join(dir, 'sub'));
  await writeFile(path.join(dir, 'sub', 'setup.py'), 'print(1)\n');
  await writeFile(path.join(dir, 'sub', 'pyproject.toml'), '[project]\nname = "x"\nversion = "1"\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function load(text: string) {
  return parseConfig(text, file);
}

function failure(text: string): ConfigError {
  try {
    load(text);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('wheelhouse.yaml: valid keys', () => {
  it('reads every key, with relative paths made absolute against the file\'s folder', () => {
    const c = load(`
requirements:
  - requirements.in
  - "flask>=3"
  - sub/pyproject.toml
constraints: constraints.txt
extras: [test, docs]
groups: [dev, "sub/pyproject.toml:lint"]
index-url: ./index/simple
extra-index-url: [https://example.org/simple, file:///srv/simple]
find-links: [wheels, https://example.org/links.html]
no-index: false
index-strategy: unsafe-best-match
targets:
  - host
  - cp312-win_amd64
  - linux-aarch64@3.11
  - python-version: "3.12"
    platform: manylinux_2_28_x86_64
  - {python-version: "3.10", platforms: [macosx_11_0_arm64], implementation: cp, abi: cp310, name: mac}
only-binary: [":all:"]
no-binary: flask
prefer-binary: true
pre: true
prerelease: allow
resolution: lowest-direct
exclude-newer: 2024-06-01
hashes: targets
lock:
  path: out/requirements.txt
  format: requirements
wheelhouse:
  dir: ../house
  index: true
build-deps: false
concurrency: 4
verify:
  pip: true
  python: .venv/bin/python
`);
    expect(c.file).toBe(file);
    expect(c.dir).toBe(dir);
    expect(c.requirementFiles).toEqual([path.join(dir, 'requirements.in'), path.join(dir, 'sub', 'pyproject.toml')]);
    expect(c.requirementStrings).toEqual(['flask>=3']);
    expect(c.constraints).toEqual([path.join(dir, 'constraints.txt')]);
    expect(c.extras).toEqual(['test', 'docs']);
    expect(c.groups).toEqual(['dev', `${path.join(dir, 'sub', 'pyproject.toml')}:lint`]);
    expect(c.indexUrl).toBe(path.join(dir, 'index', 'simple'));
    expect(c.extraIndexUrls).toEqual(['https://example.org/simple', 'file:///srv/simple']);
    expect(c.findLinks).toEqual([path.join(dir, 'wheels'), 'https://example.org/links.html']);
    expect(c.noIndex).toBe(false);
    expect(c.indexStrategy).toBe('unsafe-best-match');
    expect(c.targets?.map((t) => (t.kind === 'host' ? 'host' : t.target.name))).toEqual([
      'host',
      'cp312-win_amd64',
      'linux-aarch64@3.11',
      'cp312-manylinux_2_28_x86_64',
      'mac',
    ]);
    const mac = c.targets?.[4];
    expect(mac?.kind === 'target' && mac.target.abis).toEqual(['cp310']);
    expect(c.binary).toEqual([
      { option: 'only-binary', value: ':all:' },
      { option: 'no-binary', value: 'flask' },
    ]);
    expect(c.preferBinary).toBe(true);
    expect(c.pre).toBe(true);
    expect(c.prerelease).toBe('allow');
    expect(c.resolution).toBe('lowest-direct');
    expect(c.excludeNewer).toBe('2024-06-01');
    expect(c.hashes).toBe('targets');
    expect(c.lock).toEqual({ path: path.join(dir, 'out', 'requirements.txt'), format: 'requirements' });
    expect(c.wheelhouse).toEqual({ dir: path.resolve(dir, '..', 'house'), index: true });
    expect(c.buildDeps).toBe(false);
    expect(c.concurrency).toBe(4);
    expect(c.verify).toEqual({ pip: true, python: path.join(dir, '.venv', 'bin', 'python') });
  });

  it('takes a single string where a list is expected', () => {
    const c = load('requirements: "flask>=3"\ntargets: cp311-win_amd64\nfind-links: wheels\nextra-index-url: https://x.org/simple\n');
    expect(c.requirementStrings).toEqual(['flask>=3']);
    expect(c.targets).toHaveLength(1);
    expect(c.findLinks).toEqual([path.join(dir, 'wheels')]);
    expect(c.extraIndexUrls).toEqual(['https://x.org/simple']);
  });

  it('keeps the order of only-binary and no-binary as written (pip applies them in order)', () => {
    const c = load('no-binary: [":all:"]\nonly-binary: [flask]\n');
    expect(c.binary).toEqual([
      { option: 'no-binary', value: ':all:' },
      { option: 'only-binary', value: 'flask' },
    ]);
  });

  it('treats a key with no value as absent', () => {
    const c = load('requirements:\ntargets:\nlock:\n  path:\n');
    expect(c.requirementFiles).toBeUndefined();
    expect(c.targets).toBeUndefined();
    expect(c.lock).toEqual({});
  });

  it('keeps verify.python a command name when it has no slash', () => {
    expect(load('verify: {python: python3.11}').verify).toEqual({ python: 'python3.11' });
  });

  it('accepts a pylock lock path with format pylock', () => {
    expect(load('lock: {path: pylock.toml, format: pylock}').lock).toEqual({ path: path.join(dir, 'pylock.toml'), format: 'pylock' });
  });

  it('reads the file from disk relative to cwd', async () => {
    await writeFile(path.join(dir, 'sub', 'w.yaml'), 'requirements: [../requirements.in]\n');
    const c = await loadConfig('sub/w.yaml', { cwd: dir });
    expect(c.requirementFiles).toEqual([path.join(dir, 'requirements.in')]);
    expect(c.dir).toBe(path.join(dir, 'sub'));
  });
});

describe('wheelhouse.yaml: invalid values name the key, its line and column and what was expected', () => {
  const cases: Array<{ name: string; text: string; line: number; column: number; message: RegExp; expected?: RegExp; hint?: RegExp }> = [
    { name: 'a list that is not one', text: 'requirements: {a: 1}\n', line: 1, column: 15, message: /^requirements: expected a string or a list of strings, found a mapping/ },
    { name: 'a missing requirements file', text: 'requirements:\n  - requirments.in\n', line: 2, column: 5, message: /requirements\[0\]: requirments\.in: no such file/ },
    { name: 'an invalid requirement', text: 'requirements:\n  - flask\n  - "flask >=> 3"\n', line: 3, column: 5, message: /^requirements\[1\]: /, expected: /./ },
    { name: 'a setup.py input', text: 'requirements: [sub/setup.py]\n', line: 1, column: 16, message: /setup\.py/ },
    { name: 'a number in a string list', text: 'extras: [test, 3]\n', line: 1, column: 16, message: /^extras\[1\]: expected a string, found the number 3/ },
    { name: 'a missing constraints file', text: 'constraints: [nope.txt]\n', line: 1, column: 15, message: /constraints\[0\]: nope\.txt: no such file/ },
    { name: 'all-extras not a boolean', text: 'all-extras: yes please\n', line: 1, column: 13, message: /^all-extras: expected true or false/ },
    { name: 'extras with all-extras', text: 'all-extras: true\nextras: [a]\n', line: 2, column: 1, message: /extras has no effect/ },
    { name: 'a group in a file that is not a pyproject.toml', text: 'groups: ["setup.cfg:dev"]\n', line: 1, column: 10, message: /^groups\[0\]: /, expected: /pyproject\.toml/ },
    { name: 'index-url a list', text: 'index-url: [a, b]\n', line: 1, column: 12, message: /^index-url: expected a string, found a list/ },
    { name: 'extra-index-url a number', text: 'extra-index-url: 5\n', line: 1, column: 18, message: /^extra-index-url: expected a string or a list of strings, found the number 5/ },
    { name: 'find-links a mapping', text: 'find-links: {a: b}\n', line: 1, column: 13, message: /^find-links: expected a string or a list/ },
    { name: 'no-index a string', text: 'no-index: "true"\n', line: 1, column: 11, message: /^no-index: expected true or false, found the string "true"/ },
    { name: 'an unknown index strategy', text: 'index-strategy: first_index\n', line: 1, column: 17, message: /^index-strategy: expected one of first-index, unsafe-best-match/, hint: /did you mean "first-index"/ },
    { name: 'an empty target list', text: 'targets: []\n', line: 1, column: 10, message: /^targets: the list is empty/ },
    { name: 'an invalid target spelling', text: 'targets:\n  - host\n  - cp312-windows\n', line: 3, column: 5, message: /^targets\[1\]: invalid target/, expected: /manylinux/ },
    { name: 'a target object without a platform', text: 'targets:\n  - python-version: "3.12"\n', line: 2, column: 5, message: /targets\[0\]: a target needs platform/ },
    { name: 'a target object without python-version', text: 'targets:\n  - platform: win_amd64\n', line: 2, column: 5, message: /targets\[0\]: a target needs python-version/ },
    { name: 'an unquoted python-version', text: 'targets:\n  - python-version: 3.10\n    platform: win_amd64\n', line: 2, column: 21, message: /must be quoted/, hint: /"3\.10"/ },
    { name: 'a bad python-version', text: 'targets:\n  - {python-version: "three", platform: win_amd64}\n', line: 2, column: 22, message: /^targets\[0\]\.python-version: / },
    { name: 'platform and platforms', text: 'targets:\n  - {python-version: "3.12", platform: a, platforms: [b]}\n', line: 2, column: 43, message: /either platform or platforms/ },
    { name: 'an unknown key in a target', text: 'targets:\n  - python-version: "3.12"\n    platfrom: win_amd64\n', line: 3, column: 5, message: /^targets\[0\]\.platfrom: unknown key/, hint: /did you mean "platform"/ },
    { name: 'a bad implementation', text: 'targets:\n  - {python-version: "3.12", platform: win_amd64, implementation: zz}\n', line: 2, column: 5, message: /^targets\[0\]: / },
    { name: 'a bad only-binary value', text: 'only-binary: ["not a name"]\n', line: 1, column: 15, message: /^only-binary\[0\]: invalid --only-binary value/ },
    { name: 'a bad no-binary value', text: 'no-binary: ":some:"\n', line: 1, column: 12, message: /^no-binary: invalid --no-binary value/ },
    { name: 'prefer-binary a number', text: 'prefer-binary: 1\n', line: 1, column: 16, message: /^prefer-binary: expected true or false, found the number 1/ },
    { name: 'pre a string', text: 'pre: allow\n', line: 1, column: 6, message: /^pre: expected true or false/ },
    { name: 'an unknown prerelease policy', text: 'prerelease: alow\n', line: 1, column: 13, message: /^prerelease: expected one of/, hint: /did you mean "allow"/ },
    { name: 'pre with another prerelease policy', text: 'pre: true\nprerelease: disallow\n', line: 2, column: 13, message: /pre: true means prerelease: allow/ },
    { name: 'an unknown resolution', text: 'resolution: newest\n', line: 1, column: 13, message: /^resolution: expected one of highest, lowest, lowest-direct/ },
    { name: 'a date that does not exist', text: 'exclude-newer: 2024-02-30\n', line: 1, column: 16, message: /^exclude-newer: invalid --exclude-newer value/ },
    { name: 'a date that is a number', text: 'exclude-newer: 20240601\n', line: 1, column: 16, message: /^exclude-newer: expected a string/ },
    { name: 'an unknown hashes policy', text: 'hashes: some\n', line: 1, column: 9, message: /^hashes: expected one of all, targets/ },
    { name: 'lock not a mapping', text: 'lock: requirements.txt\n', line: 1, column: 7, message: /^lock: expected a mapping/, expected: /path, format/ },
    { name: 'an unknown lock format', text: 'lock:\n  format: toml\n', line: 2, column: 11, message: /^lock\.format: expected one of requirements, pylock/ },
    { name: 'a pylock lock with another name', text: 'lock:\n  path: lock.toml\n  format: pylock\n', line: 2, column: 9, message: /^lock\.path: a PEP 751 lock file must be named pylock\.toml/ },
    { name: 'a lock path "-"', text: 'lock: {path: "-"}\n', line: 1, column: 14, message: /build writes the lock to a file/ },
    { name: 'an unknown key under lock', text: 'lock:\n  path: r.txt\n  fromat: pylock\n', line: 3, column: 3, message: /^lock\.fromat: unknown key/, hint: /did you mean "format"/ },
    { name: 'wheelhouse.dir a boolean', text: 'wheelhouse:\n  dir: true\n', line: 2, column: 8, message: /^wheelhouse\.dir: expected a string, found the boolean true/ },
    { name: 'wheelhouse.index a string', text: 'wheelhouse:\n  index: "yes"\n', line: 2, column: 10, message: /^wheelhouse\.index: expected true or false/ },
    { name: 'build-deps a string', text: 'build-deps: sometimes\n', line: 1, column: 13, message: /^build-deps: expected true or false/ },
    { name: 'concurrency zero', text: 'concurrency: 0\n', line: 1, column: 14, message: /^concurrency: expected a whole number of at least 1, found the number 0/ },
    { name: 'concurrency a fraction', text: 'concurrency: 2.5\n', line: 1, column: 14, message: /^concurrency: expected a whole number/ },
    { name: 'verify.pip a string', text: 'verify:\n  pip: "no"\n', line: 2, column: 8, message: /^verify\.pip: expected true or false/ },
    { name: 'verify.python empty', text: 'verify:\n  python: ""\n', line: 2, column: 11, message: /^verify\.python: empty/ },
    { name: 'an unknown top-level key', text: 'requirements: [flask]\ntargest: [host]\n', line: 2, column: 1, message: /^targest: unknown key "targest"/, hint: /did you mean "targets"/ },
    { name: 'an unknown key with no close match', text: 'color: blue\n', line: 1, column: 1, message: /^color: unknown key/ },
    { name: 'a document that is a list', text: '- a\n- b\n', line: 1, column: 1, message: /^\(the document\): expected a mapping/ },
    { name: 'a YAML syntax error', text: 'requirements: [flask\ntargets: host\n', line: 2, column: 1, message: /is not valid YAML/ },
    { name: 'an empty document', text: '# nothing here\n', line: 2, column: 1, message: /the file is empty/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = failure(c.text);
      expect(e.code).toBe('E_CONFIG');
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(c.message);
      expect(e.location).toEqual({ file, line: c.line, column: c.column });
      expect(e.where()).toBe(`${file}:${c.line}:${c.column}`);
      if (c.expected) expect(e.expected).toMatch(c.expected);
      else expect(e.expected).toBeTruthy();
      if (c.hint) expect(e.hint).toMatch(c.hint);
    });
  }

  it('every top-level key has a test here', () => {
    const text = cases.map((c) => c.text).join('\n');
    const missing = CONFIG_KEYS.filter((k) => !new RegExp(`^${k}:`, 'm').test(text) && !new RegExp(`^  - ${k}`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  it('a file that does not exist', async () => {
    await expect(loadConfig('nope.yaml', { cwd: dir })).rejects.toMatchObject({ code: 'E_CONFIG', message: 'nope.yaml: no such file', location: { file: 'nope.yaml' } });
  });

  it('names the file as the user gave it', () => {
    try {
      parseConfig('concurrency: -1\n', 'conf/w.yaml', { cwd: dir });
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).where()).toBe('conf/w.yaml:1:14');
    }
  });
});

/**
 * Reading pylock.toml: the specification's own example (packaging.python.org,
 * source/specifications/pylock-toml/pylock.example.toml, test vector) reads as a lock; every
 * rule of the specification the reader checks fails with the TOML key path and what was
 * expected; lock-version 2 is refused and 1.1 turns unknown keys into warnings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockfileError } from '../../src/errors.js';
import { readPylock, readPylockFile } from '../../src/lockfile/index.js';
import { digest } from './fixtures.js';

/** The specification's example lock file (pylock.example.toml), verbatim. */
const SPEC_EXAMPLE = `lock-version = '1.0'
environments = ["sys_platform == 'win32'", "sys_platform == 'linux'"]
requires-python = '== 3.12.*'
created-by = 'mousebender'

[[packages]]
name = 'attrs'
version = '25.1.0'
requires-python = '>= 3.8'

    [[packages.wheels]]
    name = 'attrs-25.1.0-py3-none-any.whl'
    upload-time = 2025-01-25T11:30:10.164985+00:00
    url = 'https://files.pythonhosted.org/packages/fc/30/d4986a882011f9df997a55e6becd864812ccfcd821d64aac8570ee39f719/attrs-25.1.0-py3-none-any.whl'
    size = 63152
    hashes = {sha256 = 'c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a'}

    [[packages.attestation-identities]]
    environment = 'release-pypi'
    kind = 'GitHub'
    repository = 'python-attrs/attrs'
    workflow = 'pypi-package.yml'

[[packages]]
name = 'cattrs'
version = '24.1.2'
requires-python = '>= 3.8'
dependencies = [
    {name = 'attrs'},
]

    [[packages.wheels]]
    name = 'cattrs-24.1.2-py3-none-any.whl'
    upload-time = 2024-09-22T14:58:34.812643+00:00
    url = 'https://files.pythonhosted.org/packages/c8/d5/867e75361fc45f6de75fe277dd085627a9db5ebb511a87f27dc1396b5351/cattrs-24.1.2-py3-none-any.whl'
    size = 66446
    hashes = {sha256 = '67c7495b760168d931a10233f979b28dc04daf853b30752246f4f8471c6d68d0'}

[[packages]]
name = 'numpy'
version = '2.2.3'
requires-python = '>= 3.10'

    [[packages.wheels]]
    name = 'numpy-2.2.3-cp312-cp312-win_amd64.whl'
    upload-time = 2025-02-13T16:51:21.821880+00:00
    url = 'https://files.pythonhosted.org/packages/42/6e/55580a538116d16ae7c9aa17d4edd56e83f42126cb1dfe7a684da7925d2c/numpy-2.2.3-cp312-cp312-win_amd64.whl'
    size = 12626357
    hashes = {sha256 = '83807d445817326b4bcdaaaf8e8e9f1753da04341eceec705c001ff342002e5d'}

    [[packages.wheels]]
    name = 'numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'
    upload-time = 2025-02-13T16:50:00.079662+00:00
    url = 'https://files.pythonhosted.org/packages/39/04/78d2e7402fb479d893953fb78fa7045f7deb635ec095b6b4f0260223091a/numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'
    size = 16116679
    hashes = {sha256 = '3b787adbf04b0db1967798dba8da1af07e387908ed1553a0d6e74c084d1ceafe'}

[tool.mousebender]
command = ['.', 'lock', '--platform', 'cpython3.12-windows-x64', '--platform', 'cpython3.12-manylinux2014-x64', 'cattrs', 'numpy']
run-on = 2025-03-06T12:28:57.760769
`;

const SHA = digest('a');
const WHEEL = `[[packages.wheels]]\nname = "six-1.16.0-py3-none-any.whl"\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nhashes = { sha256 = "${SHA}" }\n`;
const HEAD = 'lock-version = "1.0"\ncreated-by = "test"\n';

function doc(pkg: string, head = HEAD): string {
  return `${head}\n[[packages]]\n${pkg}`;
}

function failure(text: string): LockfileError {
  try {
    readPylock(text, { file: 'locks/pylock.toml' });
  } catch (e) {
    if (e instanceof LockfileError) return e;
    throw e;
  }
  throw new Error('read without error');
}

describe('readPylock', () => {
  it('reads the specification\'s example', () => {
    const read = readPylock(SPEC_EXAMPLE, { file: '/proj/pylock.toml' });
    expect(read.warnings).toEqual([]);
    expect(read.createdBy).toBe('mousebender');
    expect(read.environments).toEqual(["sys_platform == 'win32'", "sys_platform == 'linux'"]);
    const { lock } = read;
    expect(lock.requiresPython).toBe('== 3.12.*');
    expect(lock.targets).toEqual([]);
    expect(lock.packages.map((p) => [p.name, p.version, p.requiresPython, p.dependencies])).toEqual([
      ['attrs', '25.1.0', '>= 3.8', []],
      ['cattrs', '24.1.2', '>= 3.8', [{ name: 'attrs' }]],
      ['numpy', '2.2.3', '>= 3.10', []],
    ]);
    expect(lock.packages[0]!.attestationIdentities).toEqual([{ kind: 'GitHub', environment: 'release-pypi', repository: 'python-attrs/attrs', workflow: 'pypi-package.yml' }]);
    expect(lock.packages[0]!.files).toEqual([
      {
        filename: 'attrs-25.1.0-py3-none-any.whl',
        kind: 'wheel',
        url: 'https://files.pythonhosted.org/packages/fc/30/d4986a882011f9df997a55e6becd864812ccfcd821d64aac8570ee39f719/attrs-25.1.0-py3-none-any.whl',
        hashes: { sha256: 'c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a' },
        size: 63152,
        uploadTime: '2025-01-25T11:30:10.164Z',
      },
    ]);
    expect(lock.packages[2]!.files.map((f) => f.filename)).toEqual(['numpy-2.2.3-cp312-cp312-win_amd64.whl', 'numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl']);
  });

  it('takes file names from paths and URLs, and relative paths from the lock file\'s directory', () => {
    const { lock } = readPylock(
      doc(`name = "six"\nversion = "1.16.0"\n[packages.sdist]\npath = "dist/six-1.16.0.tar.gz"\nhashes = { sha256 = "${SHA}" }\n[[packages.wheels]]\nurl = "https://x.example/a/six-1.16.0-py3-none-any.whl%3F"\nname = "six-1.16.0-py3-none-any.whl"\nhashes = { SHA256 = "${SHA.toUpperCase()}" }\n`),
      { file: '/proj/locks/pylock.toml' },
    );
    expect(lock.packages[0]!.files.map((f) => [f.filename, f.url, f.path, f.hashes])).toEqual([
      ['six-1.16.0.tar.gz', 'file:///proj/locks/dist/six-1.16.0.tar.gz', 'dist/six-1.16.0.tar.gz', { sha256: SHA }],
      ['six-1.16.0-py3-none-any.whl', 'https://x.example/a/six-1.16.0-py3-none-any.whl%3F', undefined, { sha256: SHA }],
    ]);
  });

  it('takes a missing version from the file names, with a warning', () => {
    const read = readPylock(doc(`name = "six"\n${WHEEL}`));
    expect(read.lock.packages[0]!.version).toBe('1.16.0');
    expect(read.warnings).toEqual(['pylock.toml: packages[0].version: missing; 1.16.0 taken from the file names']);
    const mixed = doc(`name = "six"\n[packages.sdist]\nurl = "https://x.example/six-1.15.0.tar.gz"\nhashes = { sha256 = "${SHA}" }\n${WHEEL}`);
    expect(failure(mixed).message).toMatch(/packages\[0\]: no version, and its files are of versions 1.15.0 and 1.16.0/);
  });

  const errors: Array<[string, string, RegExp]> = [
    ['not TOML', 'lock-version = "1.0"\ncreated-by = \n', /^locks\/pylock.toml: not valid TOML/],
    ['no lock-version', 'created-by = "x"\npackages = []\n', /lock-version: missing required key/],
    ['lock-version 2', 'lock-version = "2.0"\ncreated-by = "x"\npackages = []\n', /lock-version: lock-version 2.0 is not supported/],
    ['lock-version not a string', 'lock-version = 1.0\ncreated-by = "x"\npackages = []\n', /lock-version: expected a string, found a number/],
    ['no created-by', 'lock-version = "1.0"\npackages = []\n', /created-by: missing required key/],
    ['no packages', HEAD, /packages: missing required key/],
    ['unknown top-level key', `${HEAD}packages = []\nlocked-at = 1\n`, /locked-at: unknown key/],
    ['bad environment marker', `${HEAD}environments = ["python_version >> '3'"]\npackages = []\n`, /environments\[0\]: invalid marker/],
    ['extras not normalized', `${HEAD}extras = ["Dev_Tools"]\npackages = []\n`, /extras\[0\]: name "Dev_Tools" is not normalized/],
    ['packages not an array', `${HEAD}packages = "six"\n`, /packages: expected an array of tables, found a string/],
    ['name not normalized', doc(`name = "Six"\nversion = "1.16.0"\n${WHEEL}`), /packages\[0\]\.name: name "Six" is not normalized/],
    ['no name', doc(`version = "1.16.0"\n${WHEEL}`), /packages\[0\]\.name: missing required key/],
    ['bad version', doc(`name = "six"\nversion = "one"\n${WHEEL}`), /packages\[0\]\.version: invalid version "one"/],
    ['bad package marker', doc(`name = "six"\nmarker = "os_name =="\n${WHEEL}`), /packages\[0\]\.marker: invalid marker/],
    ['bad requires-python', doc(`name = "six"\nrequires-python = ">=three"\n${WHEEL}`), /packages\[0\]\.requires-python: invalid version specifier/],
    ['no source', doc('name = "six"\nversion = "1.16.0"\n'), /packages\[0\]: no source/],
    ['two kinds of source', doc(`name = "six"\nversion = "1.16.0"\n[packages.directory]\npath = "."\n${WHEEL}`), /packages\[0\]: more than one kind of source: directory, wheels/],
    ['vcs and archive', doc(`name = "six"\n[packages.vcs]\ntype = "git"\nurl = "https://g.example/r"\ncommit-id = "abc"\n[packages.archive]\nurl = "https://x.example/six-1.0.tar.gz"\nhashes = { sha256 = "${SHA}" }\n`), /more than one kind of source: vcs, archive/],
    ['no hashes', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\n`), /packages\[0\]\.wheels\[0\]\.hashes: missing required key/],
    ['empty hashes', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nhashes = {}\n`), /packages\[0\]\.wheels\[0\]\.hashes: no hash/],
    ['no sha256', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nhashes = { md5 = "${'0'.repeat(32)}" }\n`), /packages\[0\]\.wheels\[0\]\.hashes: no sha256 among md5/],
    ['short digest', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nhashes = { sha256 = "abc" }\n`), /packages\[0\]\.wheels\[0\]\.hashes\.sha256: invalid sha256 digest/],
    ['neither url nor path', doc(`name = "six"\n[[packages.wheels]]\nname = "six-1.16.0-py3-none-any.whl"\nhashes = { sha256 = "${SHA}" }\n`), /packages\[0\]\.wheels\[0\]: neither url nor path/],
    ['relative url', doc(`name = "six"\n[[packages.wheels]]\nurl = "six-1.16.0-py3-none-any.whl"\nhashes = { sha256 = "${SHA}" }\n`), /packages\[0\]\.wheels\[0\]\.url: not an absolute URL/],
    ['wheel of another project', doc(`name = "idna"\n${WHEEL}`), /packages\[0\]\.wheels\[0\]: six-1.16.0-py3-none-any.whl is not a file of idna/],
    ['wheel of another version', doc(`name = "six"\nversion = "1.15.0"\n${WHEEL}`), /six-1.16.0-py3-none-any.whl is not version 1.15.0/],
    ['invalid wheel name', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six.whl"\nhashes = { sha256 = "${SHA}" }\n`), /packages\[0\]\.wheels\[0\]: invalid wheel file name/],
    ['size not an integer', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nsize = "12"\nhashes = { sha256 = "${SHA}" }\n`), /packages\[0\]\.wheels\[0\]\.size: expected a file size, found a string/],
    ['negative size', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nsize = -1\nhashes = { sha256 = "${SHA}" }\n`), /size: expected a file size, found a number \(-1\)/],
    ['upload-time a string', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nupload-time = "2024-01-01T00:00:00Z"\nhashes = { sha256 = "${SHA}" }\n`), /upload-time: expected a date-time, found a string/],
    ['upload-time a date', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nupload-time = 2024-01-01\nhashes = { sha256 = "${SHA}" }\n`), /upload-time: expected a date-time, found a date/],
    ['unknown file key', doc(`name = "six"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nsha256 = "x"\nhashes = { sha256 = "${SHA}" }\n`), /packages\[0\]\.wheels\[0\]\.sha256: unknown key/],
    ['vcs without commit', doc('name = "six"\n[packages.vcs]\ntype = "git"\nurl = "https://g.example/r"\n'), /packages\[0\]\.vcs\.commit-id: missing required key/],
    ['unknown vcs', doc('name = "six"\n[packages.vcs]\ntype = "cvs"\nurl = "https://g.example/r"\ncommit-id = "1"\n'), /packages\[0\]\.vcs\.type: unknown VCS "cvs"/],
    ['directory without path', doc('name = "six"\n[packages.directory]\neditable = true\n'), /packages\[0\]\.directory\.path: missing required key/],
    ['editable not a boolean', doc('name = "six"\n[packages.directory]\npath = "."\neditable = "yes"\n'), /packages\[0\]\.directory\.editable: expected a boolean, found a string/],
    ['attestation identity without kind', doc(`name = "six"\n${WHEEL}[[packages.attestation-identities]]\nrepository = "o/r"\n`), /packages\[0\]\.attestation-identities\[0\]\.kind: missing required key/],
    ['dependencies not tables', doc(`name = "six"\ndependencies = ["idna"]\n${WHEEL}`), /packages\[0\]\.dependencies\[0\]: expected a table, found a string/],
  ];
  it.each(errors)('refuses %s, naming the key', (_, text, message) => {
    const e = failure(text);
    expect(e.message).toMatch(message);
    expect(e.location?.file).toBe('locks/pylock.toml');
    expect(e.expected).toBeTruthy();
  });

  it('gives the line and column of a TOML syntax error', () => {
    const e = failure('lock-version = "1.0"\ncreated-by = \n');
    expect(e.location).toMatchObject({ file: 'locks/pylock.toml', line: 2 });
    expect(e.text).toBe('created-by = ');
  });

  it('warns about unknown keys of a newer minor version, and about discouraged forms', () => {
    const read = readPylock(
      doc(`name = "six"\nversion = "1.0"\nshiny-new-key = true\n[packages.directory]\npath = "."\n`, 'lock-version = "1.1"\ncreated-by = "future"\nfuture = 1\n'),
    );
    expect(read.lockVersion).toBe('1.1');
    expect(read.warnings).toEqual([
      'pylock.toml: lock-version: lock-version 1.1 is newer than 1.0: unknown keys are ignored',
      'pylock.toml: future: unknown key (the file has a newer minor lock-version; ignored)',
      'pylock.toml: packages[0].shiny-new-key: unknown key (the file has a newer minor lock-version; ignored)',
      'pylock.toml: packages[0].version: a source tree should not give a version (PEP 751)',
    ]);
    const times = readPylock(doc(`name = "six"\nversion = "1.16.0"\n[[packages.wheels]]\nurl = "https://x.example/six-1.16.0-py3-none-any.whl"\nupload-time = 2024-01-01T02:00:00.5+02:00\nhashes = { sha256 = "${SHA}" }\n`));
    expect(times.lock.packages[0]!.files[0]!.uploadTime).toBe('2024-01-01T00:00:00.500Z');
    expect(times.warnings).toEqual(['pylock.toml: packages[0].wheels[0].upload-time: not in UTC (the specification asks for UTC): converted']);
  });
});

describe('readPylockFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wh-pylock-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file, and refuses one that is not UTF-8', async () => {
    const good = path.join(dir, 'pylock.toml');
    writeFileSync(good, SPEC_EXAMPLE);
    expect((await readPylockFile(good)).lock.packages).toHaveLength(3);
    const bad = path.join(dir, 'pylock.bad.toml');
    writeFileSync(bad, Buffer.from([0x6c, 0x6f, 0xff, 0x0a]));
    await expect(readPylockFile(bad)).rejects.toThrow(/not UTF-8/);
    await expect(readPylockFile(path.join(dir, 'absent.toml'))).rejects.toThrow(LockfileError);
  });
});

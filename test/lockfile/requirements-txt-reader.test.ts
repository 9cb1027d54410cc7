/**
 * Reading a pinned requirements.txt back as a lock: what lockToRequirementsTxt writes comes
 * back (pins, markers, hashes, `# via` in both annotation styles, options); anything that is
 * not a pin, or that pip would refuse in hash-checking mode, is a LockfileError naming the
 * file and line; and pip-compile's lenient reading of an existing output for kept pins.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockfileError } from '../../src/errors.js';
import fc from 'fast-check';
import { lockToRequirementsTxt, packageMarker, readExistingPins, readRequirementsLock } from '../../src/lockfile/index.js';
import { digest, sampleLock } from './fixtures.js';
import { lockArb } from './lock-arbitrary.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wh-lock-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function failure(file: string): Promise<LockfileError> {
  try {
    await readRequirementsLock(file, { cwd: dir, env: {} });
  } catch (e) {
    if (e instanceof LockfileError) return e;
    throw e;
  }
  throw new Error(`${file} was read as a lock`);
}

const H1 = `sha256:${digest('1')}`;
const H2 = `sha256:${digest('2')}`;

describe('readRequirementsLock', () => {
  it('reads back what lockToRequirementsTxt writes, in both annotation styles', async () => {
    const lock = sampleLock();
    lock.packages[3]!.via = ['-r requirements.in', 'httpx'];
    for (const annotationStyle of ['split', 'line'] as const) {
      const file = write(`lock-${annotationStyle}.txt`, lockToRequirementsTxt(lock, { header: { command: 'wheelhouse lock' }, annotationStyle }));
      const read = await readRequirementsLock(file, { cwd: dir, env: {} });
      expect(read.pins.map((p) => ({ name: p.name, version: p.version, marker: p.marker, via: p.via, files: p.files.map((f) => `${f.algorithm}:${f.digest}`) }))).toEqual(
        lock.packages.map((p) => ({
          name: p.name,
          version: p.version,
          marker: p.name === 'numpy' ? (p.version === '1.26.4' ? 'sys_platform == "linux"' : 'sys_platform == "win32"') : undefined,
          via: p.via,
          files: p.files.map((f) => `sha256:${f.hashes.sha256}`).sort(),
        })),
      );
      expect(read.options).toMatchObject({ indexUrl: 'https://pypi.example.org/simple', requireHashes: true, noIndex: false });
      expect(read.pins[1]).toMatchObject({ operator: '==', editable: false, location: { file, line: 13 } });
    }
  });

  it('reads options, extras, arbitrary equality, direct references and included files', async () => {
    mkdirSync(path.join(dir, 'links'), { recursive: true });
    write('inc/more.txt', `zope.interface==6.1 --hash=${H2}\n    # via\n    #   -r requirements.in\n    #   twisted\n`);
    const file = write(
      'opts.txt',
      [
        '--index-url https://idx.example.org/simple',
        '--extra-index-url https://extra.example.org/simple',
        '--find-links links',
        '--trusted-host idx.example.org',
        '--only-binary :all:',
        '--no-binary Legacy_Pkg',
        '--prefer-binary',
        '--pre',
        '',
        `Requests[Socks, security]==2.31.0 ; python_version >= "3.8" --hash=${H1}`,
        `legacy-pkg===1.0-custom --hash=${H1}`,
        `direct @ https://files.example.org/direct-1.0-py3-none-any.whl --hash=${H2}`,
        '-r inc/more.txt',
        '',
      ].join('\n'),
    );
    const read = await readRequirementsLock(file, { cwd: dir, env: {} });
    expect(read.options).toEqual({
      indexUrl: 'https://idx.example.org/simple',
      extraIndexUrls: ['https://extra.example.org/simple'],
      noIndex: false,
      findLinks: [path.join(dir, 'links')],
      trustedHosts: ['idx.example.org'],
      onlyBinary: [':all:'],
      noBinary: ['legacy-pkg'],
      preferBinary: true,
      pre: true,
      requireHashes: true,
    });
    expect(read.pins.map((p) => [p.name, p.operator, p.version, p.url, p.extras, p.marker, p.via])).toEqual([
      ['requests', '==', '2.31.0', undefined, ['socks', 'security'], 'python_version >= "3.8"', []],
      ['legacy-pkg', '===', '1.0-custom', undefined, [], undefined, []],
      ['direct', undefined, undefined, 'https://files.example.org/direct-1.0-py3-none-any.whl', [], undefined, []],
      ['zope-interface', '==', '6.1', undefined, [], undefined, ['-r requirements.in', 'twisted']],
    ]);
    expect(read.pins[3]!.files).toEqual([{ algorithm: 'sha256', digest: digest('2') }]);
    expect(read.filesRead.map((f) => f.file)).toEqual([file, path.join(dir, 'inc/more.txt')]);
  });

  it('refuses requirements that are not pinned, naming the file and line', async () => {
    const cases: Array<[string, RegExp]> = [
      ['foo>=1', /^not a lock: foo>=1 is not pinned/],
      ['foo', /^not a lock: foo is not pinned: it has no version/],
      ['foo==1.*', /^not a lock: foo==1.\* is not pinned: ==1.\* matches many versions/],
      ['foo==1.0,<2', /^not a lock: foo==1.0,<2 is not pinned/],
      ['foo~=1.0', /is not pinned/],
    ];
    for (const [requirement, message] of cases) {
      const file = write('unpinned.txt', `# a comment\nsix==1.16.0\n${requirement}\n`);
      const e = await failure(file);
      expect(e.message).toMatch(message);
      expect(e.location).toMatchObject({ file, line: 3 });
      expect(e.expected).toMatch(/name==version/);
    }
  });

  it('refuses what pip refuses in hash-checking mode, and constraints', async () => {
    write('c.txt', 'six==1.16.0\n');
    write('proj/pyproject.toml', '[project]\nname = "proj"\nversion = "1.0"\n');
    const cases: Array<[string, RegExp]> = [
      [`six==1.16.0 --hash=${H1}\nidna==3.6\n`, /pip would refuse idna==3.6: it has no --hash/],
      ['--require-hashes\nidna==3.6\n', /pip would refuse idna==3.6: it has no --hash/],
      [`six==1.16.0 --hash=${H1}\nproj @ git+https://github.com/o/proj@abc\n`, /pip cannot hash a version control checkout/],
      [`six==1.16.0 --hash=${H1}\n-e ${dir}/proj\n`, /an editable requirement cannot be installed in hash-checking mode/],
      [`six==1.16.0 --hash=${H1}\nproj @ file://${dir}/proj\n`, /pip cannot hash a local directory/],
      ['-c c.txt\n', /six==1.16.0 is a constraint/],
    ];
    for (const [text, message] of cases) expect((await failure(write('hashmode.txt', text))).message).toMatch(message);
  });

  it('reads a lock without hashes', async () => {
    const read = await readRequirementsLock(write('plain.txt', 'six==1.16.0\n'), { cwd: dir, env: {} });
    expect(read.options.requireHashes).toBe(false);
    expect(read.pins[0]).toMatchObject({ name: 'six', version: '1.16.0', files: [] });
  });
});

describe('readExistingPins', () => {
  it('keeps pins with their markers and ignores the rest, as pip-compile does', async () => {
    const file = write(
      'existing.txt',
      ['six==1.16.0 ; python_version < "3.12"', 'six==1.15.0 ; python_version >= "3.12"', 'idna>=3', `certifi==2024.2.2 --hash=${H1}`, 'proj @ https://x.example/proj-1.0.tar.gz', ''].join('\n'),
    );
    const pins = await readExistingPins(file, { cwd: dir, env: {} });
    expect(pins.map((p) => [p.name, p.version, p.marker, p.hashes])).toEqual([
      ['six', '1.16.0', 'python_version < "3.12"', []],
      ['six', '1.15.0', 'python_version >= "3.12"', []],
      ['certifi', '2024.2.2', undefined, [H1]],
    ]);
  });

  it('has no pins when the file does not exist', async () => {
    expect(await readExistingPins(path.join(dir, 'absent.txt'))).toEqual([]);
  });
});

describe('requirements.txt round trip', () => {
  it('what lockToRequirementsTxt writes, readRequirementsLock reads back (100 random locks)', async () => {
    const via = fc.uniqueArray(fc.constantFrom('-r requirements.in', '-c constraints.txt', 'requests', 'httpx (pyproject.toml)'), { maxLength: 3 });
    const samples = fc.sample(fc.tuple(lockArb, via, fc.constantFrom('split' as const, 'line' as const)), { numRuns: 100, seed: 508 });
    for (const [i, [generated, sources, annotationStyle]] of samples.entries()) {
      // Index pins only (a hashed file cannot hold VCS checkouts or directories), and no
      // pylock-only markers (`extras`, `dependency_groups`), which pip would refuse.
      const lock = {
        ...generated,
        packages: generated.packages
          .filter((p) => !p.direct)
          .map(({ marker, ...p }) => ({ ...p, via: [...sources].sort(), ...(marker === undefined || /extras|dependency_groups/.test(marker) ? {} : { marker }) })),
      };
      const file = write(`roundtrip-${i}.txt`, lockToRequirementsTxt(lock, { annotationStyle, header: { command: 'wheelhouse lock' } }));
      const read = await readRequirementsLock(file, { cwd: dir, env: {} });
      const sorted = [...lock.packages].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      expect(read.pins.map((p) => [p.name, p.version, p.marker, p.files.map((f) => f.digest), p.via])).toEqual(
        sorted.map((p) => [p.name, p.version, packageMarker(lock, p), [...new Set(p.files.map((f) => f.hashes.sha256))].sort(), p.via]),
      );
    }
  });
});

/**
 * Our reader's own behaviour: where errors point, what the result holds, how the
 * requirement parser is plugged in, includes and their chain, remote files.
 * (Agreement with pip is in pip-differential.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequirementError, RequirementsFileError } from '../../src/errors.js';
import type { Requirement } from '../../src/pep508/requirement.js';
import {
  FormatControl,
  parseRequirementsFile,
  parseRequirementsFiles,
  type ParseRequirementsOptions,
  type SourceLocation,
  viaSource,
} from '../../src/requirements-txt/index.js';

let dir: string;
const H = 'e'.repeat(64);

function write(files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

async function parse<R = Requirement>(content: string, options: ParseRequirementsOptions<R> = {}) {
  write({ 'requirements.txt': content });
  return parseRequirementsFile<R>('requirements.txt', { cwd: dir, env: {}, ...options });
}

async function failure<R = Requirement>(content: string, options: ParseRequirementsOptions<R> = {}): Promise<RequirementsFileError> {
  try {
    await parse(content, options);
  } catch (e) {
    if (e instanceof RequirementsFileError) return e;
    throw e;
  }
  throw new Error('no error');
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wh-reqtxt-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading requirements files: results', () => {
  it('records each requirement with its text, name, marker, hashes and place', async () => {
    const r = await parse(`# header\n  foo[x]>=1 ; python_version >= "3.8" \\\n    --hash=sha256:${H}\n`);
    expect(r.entries).toHaveLength(1);
    const e = r.entries[0];
    expect(e).toMatchObject({
      text: 'foo[x]>=1 ; python_version >= "3.8"',
      written: 'foo[x]>=1 ; python_version >= "3.8"',
      name: 'foo',
      marker: 'python_version >= "3.8"',
      hasExtras: true,
      constraint: false,
      editable: false,
      hashes: [`sha256:${H}`],
      location: { file: 'requirements.txt', line: 2, column: 3 },
      lineNumber: 2,
      comesFrom: '-r requirements.txt (line 2)',
      includedFrom: [],
    });
    expect(e?.requirement.name).toBe('foo');
    expect(String(e?.requirement)).toBe('foo[x]>=1; python_version >= "3.8"');
    expect(r.files).toEqual([{ file: 'requirements.txt', resolved: path.join(dir, 'requirements.txt'), constraint: false }]);
  });

  it('hands the parser the PEP 508 text and where it starts; bare forms as "name @ url"', async () => {
    write({ 'dist/pkg_a-1.0-py3-none-any.whl': 'x' });
    const seen: [string, SourceLocation][] = [];
    const r = await parse('x==1\n  ./dist/pkg_a-1.0-py3-none-any.whl ; os_name == "posix"\nw @ https://h/w-1.tar.gz;python_version>"3"\n', {
      parseRequirement: (text, where) => {
        seen.push([text, where]);
        return text.length;
      },
    });
    expect(seen).toEqual([
      ['x==1', { file: 'requirements.txt', line: 1, column: 1 }],
      [`pkg-a @ ${pathToFileURL(path.join(dir, 'dist/pkg_a-1.0-py3-none-any.whl')).href} ; os_name == "posix"`, { file: 'requirements.txt', line: 2, column: 3 }],
      // pip splits at ";" before parsing; PEP 508 needs a space between a URL and ";".
      ['w @ https://h/w-1.tar.gz ; python_version>"3"', { file: 'requirements.txt', line: 3, column: 1 }],
    ]);
    expect(r.entries.map((e) => e.requirement)).toEqual(seen.map(([t]) => t.length));
    expect(r.entries[1]?.link).toMatchObject({ kind: 'archive', version: '1.0', written: './dist/pkg_a-1.0-py3-none-any.whl', path: path.join(dir, 'dist/pkg_a-1.0-py3-none-any.whl') });
  });

  it("turns the parser's errors into RequirementsFileError at the parser's location", async () => {
    const e = await failure('ok\nbad >= \n', {
      parseRequirement: (text, where) => {
        if (text.startsWith('bad')) throw new RequirementError('expected a version', { location: { ...where, column: where.column + 7 }, text, expected: 'a version after >=' });
        return text;
      },
    });
    expect(e.message).toBe('expected a version');
    expect(e.location).toEqual({ file: 'requirements.txt', line: 2, column: 8 });
    expect(e.expected).toBe('a version after >=');
    expect(e.cause).toBeInstanceOf(RequirementError);
  });

  it('PEP 508 errors are reported at their column in the file', async () => {
    const e = await failure('foo\n\n   %bar\n');
    expect(e.location).toEqual({ file: 'requirements.txt', line: 3, column: 4 });
    expect(e.text).toBe('%bar');
  });

  it('collects run options with their locations; find-links resolved against the file', async () => {
    write({ 'sub/req.txt': '-f wheels\n--find-links ../elsewhere\n', 'sub/wheels/.keep': '' });
    const r = await parse(
      '--index-url https://i.example/simple\n--extra-index-url https://e.example/simple\n-r sub/req.txt\n--trusted-host i.example\n--pre\n--prefer-binary\n--require-hashes\n--only-binary :all:\n--no-binary Foo_Bar\n--use-feature truststore\nfoo\n',
    );
    const o = r.options;
    expect(o.indexUrl).toEqual({ value: 'https://i.example/simple', location: { file: 'requirements.txt', line: 1, column: 13 } });
    expect(o.extraIndexUrls.map((u) => u.value)).toEqual(['https://e.example/simple']);
    expect(o.findLinks).toEqual([
      { value: path.join(dir, 'sub/wheels'), written: 'wheels', location: { file: 'sub/req.txt', line: 1, column: 4 } },
      { value: '../elsewhere', written: '../elsewhere', location: { file: 'sub/req.txt', line: 2, column: 14 } },
    ]);
    expect(o.trustedHosts.map((t) => t.value)).toEqual(['i.example']);
    expect([o.pre, o.preferBinary, o.requireHashes, o.noIndex]).toEqual([true, true, true, false]);
    expect(o.formatControl.toJSON()).toEqual({ noBinary: ['foo-bar'], onlyBinary: [':all:'] });
    expect(o.features.map((f) => f.value)).toEqual(['truststore']);
  });

  it('starts from the given binary policy without changing it', async () => {
    const start = new FormatControl();
    start.addNoBinary('x');
    const r = await parse('--only-binary x\nfoo\n', { formatControl: start });
    expect(r.options.formatControl.toJSON()).toEqual({ noBinary: [], onlyBinary: ['x'] });
    expect(start.toJSON()).toEqual({ noBinary: ['x'], onlyBinary: [] });
  });

  it('records per-requirement config settings and global options', async () => {
    const r = await parse('foo -C a=1 --config-settings a=2 -Cb=x=y --global-option=--opt\n');
    expect(r.entries[0]?.configSettings).toEqual({ a: ['1', '2'], b: 'x=y' });
    expect(r.entries[0]?.globalOptions).toEqual(['--opt']);
  });

  it('records editables with their link and name', async () => {
    write({ 'proj/pyproject.toml': '[project]\nname = "Proj"\n' });
    const r = await parse('-e ./proj[dev]\n-e git+https://g.example/r.git@v1.2#egg=r-name&subdirectory=py\n');
    expect(r.entries.map((e) => [e.editable, e.name, e.hasExtras, e.text])).toEqual([
      [true, 'Proj', true, `Proj[dev] @ ${pathToFileURL(path.join(dir, 'proj')).href}`],
      [true, 'r-name', false, 'r-name @ git+https://g.example/r.git@v1.2#egg=r-name&subdirectory=py'],
    ]);
    expect(r.entries[0]?.location).toEqual({ file: 'requirements.txt', line: 1, column: 4 });
    expect(r.entries[1]?.link).toEqual({
      kind: 'vcs',
      url: 'git+https://g.example/r.git@v1.2#egg=r-name&subdirectory=py',
      written: 'git+https://g.example/r.git@v1.2#egg=r-name&subdirectory=py',
      vcs: 'git',
      revision: 'v1.2',
      subdirectory: 'py',
    });
  });

  it('reads several top-level files into one run, constraints flagged', async () => {
    write({ 'c.txt': 'foo<2\n', 'r.txt': '-i https://a/simple\nfoo\n', 'r2.txt': '-i https://b/simple\nbar\n' });
    const r = await parseRequirementsFiles([{ file: 'c.txt', constraint: true }, { file: 'r.txt' }, { file: 'r2.txt' }], { cwd: dir, env: {} });
    expect(r.entries.map((e) => [e.name, e.constraint, e.comesFrom])).toEqual([
      ['foo', true, '-c c.txt (line 1)'],
      ['foo', false, '-r r.txt (line 2)'],
      ['bar', false, '-r r2.txt (line 2)'],
    ]);
    expect(r.entries.map(viaSource)).toEqual(['-c c.txt', '-r r.txt', '-r r2.txt']);
    expect(r.options.indexUrl?.value).toBe('https://b/simple');
    expect(r.warnings).toEqual([
      {
        message: '--index-url https://b/simple replaces the index URLs given before it: https://a/simple (r.txt:1)',
        location: { file: 'r2.txt', line: 1, column: 4 },
      },
    ]);
  });
});

describe('reading requirements files: includes', () => {
  it('follows -r/-c relative to the including file and records the chain', async () => {
    write({ 'a/one.txt': '-c ../b/two.txt\nx\n', 'b/two.txt': '\n-r three.txt\n', 'b/three.txt': 'y<3\n' });
    const r = await parse('-r a/one.txt\n');
    expect(r.entries.map((e) => [e.name, e.constraint, e.location.file])).toEqual([
      ['y', false, 'b/three.txt'],
      ['x', false, 'a/one.txt'],
    ]);
    expect(r.entries[0]?.includedFrom).toEqual([
      { file: 'requirements.txt', line: 1, column: 1 },
      { file: 'a/one.txt', line: 1, column: 1 },
      { file: 'b/two.txt', line: 2, column: 1 },
    ]);
    expect(r.files.map((f) => [f.file, f.constraint])).toEqual([
      ['requirements.txt', false],
      ['a/one.txt', false],
      ['b/two.txt', true],
      ['b/three.txt', false],
    ]);
  });

  it('reads a file included twice twice, and lists it once', async () => {
    write({ 'twice.txt': 'z\n' });
    const r = await parse('-r twice.txt\n-r twice.txt\n');
    expect(r.entries.map((e) => e.includedFrom[0]?.line)).toEqual([1, 2]);
    expect(r.files.map((f) => f.file)).toEqual(['requirements.txt', 'twice.txt']);
  });

  it('names the whole chain of an include cycle, at the line that closes it', async () => {
    write({ 'cyc/a.txt': 'x\n-r b.txt\n', 'cyc/b.txt': '\n\n  -r ./a.txt\n' });
    const e = await failure('-r cyc/a.txt\n');
    expect(e.message).toBe('requirements files include each other in a cycle: cyc/a.txt (line 2) -> cyc/b.txt (line 3) -> cyc/a.txt');
    expect(e.location).toEqual({ file: 'cyc/b.txt', line: 3, column: 3 });
  });

  it('detects a cycle through a symbolic link', async () => {
    write({ 'real/req.txt': '-r ../link/req.txt\n' });
    const { symlinkSync } = await import('node:fs');
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    const e = await failure('-r real/req.txt\n');
    expect(e.message).toMatch(/cycle: real\/req.txt \(line 1\) -> link\/req.txt/);
  });

  it('says which line includes a missing file', async () => {
    const e = await failure('foo\n-r nope/missing.txt\n');
    expect(e.message).toBe('could not open requirements file nope/missing.txt: no such file');
    expect(e.location).toEqual({ file: 'requirements.txt', line: 2, column: 1 });
    expect(e.expected).toMatch(/relative to the including file/);
  });

  it('refuses remote includes without a reader, naming the URL without credentials', async () => {
    const e = await failure('-r https://user:secret@h.example/r.txt\n');
    expect(e.message).toMatch(/remote requirements files are not supported/);
    expect(e.message).not.toContain('secret');
    expect(e.location?.line).toBe(1);
    expect(e.hint).toMatch(/download/);
  });

  it('reads remote files through readUrl, joining relative includes as URLs', async () => {
    const fetched: string[] = [];
    const readUrl = async (url: string): Promise<string> => {
      fetched.push(url);
      if (url.endsWith('/top.txt')) return '-r sub/more.txt\ntop\n';
      if (url.endsWith('/sub/more.txt')) return '-c ../cons.txt\nmore\n';
      return 'top<2\n';
    };
    const r = await parseRequirementsFile('https://h.example/reqs/top.txt', { cwd: dir, env: {}, readUrl });
    expect(fetched).toEqual(['https://h.example/reqs/top.txt', 'https://h.example/reqs/sub/more.txt', 'https://h.example/reqs/cons.txt']);
    expect(r.entries.map((e) => [e.name, e.constraint, e.location.file])).toEqual([
      ['top', true, 'https://h.example/reqs/cons.txt'],
      ['more', false, 'https://h.example/reqs/sub/more.txt'],
      ['top', false, 'https://h.example/reqs/top.txt'],
    ]);
  });

  it('reads file: URLs from disk, joining includes as URLs', async () => {
    write({ 'u/top.txt': '-r inner.txt\n', 'u/inner.txt': 'inner\n' });
    const url = pathToFileURL(path.join(dir, 'u/top.txt')).href;
    const r = await parseRequirementsFile(url, { cwd: dir, env: {} });
    expect(r.entries.map((e) => [e.name, e.location.file])).toEqual([['inner', pathToFileURL(path.join(dir, 'u/inner.txt')).href]]);
  });
});

describe('reading requirements files: errors point at the offending text', () => {
  it('an unknown option: file, line, column, text, and the valid options', async () => {
    const e = await failure('foo\n--pre \\\n  --no-deps\n');
    expect(e).toBeInstanceOf(RequirementsFileError);
    expect(e.code).toBe('E_REQUIREMENTS_FILE');
    expect(e.message).toBe('unknown option --no-deps in a requirements file');
    expect(e.location).toEqual({ file: 'requirements.txt', line: 3, column: 3 });
    expect(e.text).toBe('--no-deps');
    expect(e.expected).toMatch(/^one of -i\/--index-url\/--pypi-url, --extra-index-url, .*--hash, -C\/--config-settings$/);
  });

  it('a bad hash on a continuation line', async () => {
    const e = await failure(`foo==1 \\\n    --hash=sha256:${H} \\\n    --hash=sha1:abc\n`);
    expect(e.message).toBe('hash algorithm "sha1" is not allowed');
    expect(e.location).toEqual({ file: 'requirements.txt', line: 3, column: 5 });
    expect(e.expected).toBe('one of sha256, sha384, sha512');
  });

  it('an undecodable byte', async () => {
    write({ 'bad.txt': 'ok\nb\xff' });
    writeFileSync(path.join(dir, 'bad.txt'), Buffer.from([0x6f, 0x6b, 0x0a, 0x62, 0xff]));
    const e = await failure('-r bad.txt\n');
    expect(e.message).toBe('cannot decode bad.txt: the file is not valid utf-8');
    expect(e.location).toEqual({ file: 'bad.txt', line: 2, column: 2 });
  });

  it('a requirement that cannot be named', async () => {
    const e = await failure('https://h.example/archive/main.zip\n');
    expect(e.message).toBe('cannot tell the project name of "https://h.example/archive/main.zip": "main.zip" is not a {name}-{version} archive name');
    expect(e.hint).toMatch(/name @ url/);
    expect(e.location).toEqual({ file: 'requirements.txt', line: 1, column: 1 });
  });

  it('an editable that is not a directory, at the column of its value', async () => {
    const e = await failure('--editable  nope\n');
    expect(e.message).toBe('"nope" is not a valid editable requirement');
    expect(e.location).toEqual({ file: 'requirements.txt', line: 1, column: 13 });
    expect(e.expected).toMatch(/git\+https/);
  });

  it('a position inside an expanded variable points at the variable', async () => {
    const e = await failure('ok --hash=${WHRT_H}\n', { env: { WHRT_H: 'md5:00' } });
    expect(e.location).toEqual({ file: 'requirements.txt', line: 1, column: 4 });
    expect(e.text).toBe('md5:00');
  });

  it('the top-level file missing', async () => {
    await expect(parseRequirementsFile('absent.txt', { cwd: dir })).rejects.toMatchObject({
      message: 'could not open requirements file absent.txt: no such file',
      location: { file: 'absent.txt' },
    });
  });

  it('never shows credentials in messages about index URLs', async () => {
    const r = await parse('--extra-index-url https://u:pw@x.example/simple\n-i https://tok@y.example/simple\nfoo\n');
    expect(r.warnings[0]?.message).toBe('--index-url https://****@y.example/simple replaces the index URLs given before it: https://u:****@x.example/simple (requirements.txt:1)');
    // The values themselves keep their credentials: the index client needs them.
    expect(r.options.indexUrl?.value).toBe('https://tok@y.example/simple');
  });
});

/**
 * Differential tests: our reader against pip 23.2.1's `parse_requirements` (with a
 * finder and options, as `pip install` calls it), on the same files on disk. Compared:
 * requirement strings, editable and constraint flags, files and line numbers, per-line
 * options (hashes, config settings, global options), the name/link/marker/extras pip
 * derives, and the run's options (indexes, find-links, binary policy, pre, prefer-binary,
 * trusted hosts, require-hashes, features). Deliberate deviations are in
 * pip-deviations.test.ts, not here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPython } from '../helpers/python.js';
import { caseDir, materialize, pipFailed, runOurs, runPip, type FileCase, type OurResult, type PipResult } from './pip-oracle.js';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const H384 = 'c'.repeat(96);
const H512 = 'd'.repeat(128);
const PROJECT = { 'proj/pyproject.toml': '[project]\nname = "my-proj"\nversion = "1.0"\n' };
const canonical = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase();

/** Hand-written edge cases. */
const CASES: FileCase[] = [
  { name: 'plain requirements', files: { 'requirements.txt': 'requests==2.31.0\nflask>=2,<3\nDjango ~= 4.2\n' } },
  { name: 'comments: whole line, trailing, indented, not inside a word', files: { 'requirements.txt': '# c\nfoo==1 # trailing\n  # indented\nbar  #x\n\n\n' } },
  { name: 'a # glued to a word is not a comment', files: { 'requirements.txt': 'bar#notcomment\n' } },
  { name: 'URL fragments are not comments', files: { 'requirements.txt': 'pkg @ https://x.org/pkg-1.0.tar.gz#sha256=abc\nhttps://x.org/a/zz-1.0-py3-none-any.whl#egg=other\n' } },
  { name: 'hashes on continuation lines', files: { 'requirements.txt': `foo==1 \\\n    --hash=sha256:${H1} \\\n    --hash=sha256:${H2}\nbar==2\n` } },
  { name: 'hash algorithms and the space form', files: { 'requirements.txt': `foo==1 --hash sha384:${H384} --hash=sha512:${H512} --hash=sha256:${H1}\n` } },
  { name: 'continuation at end of file without newline', files: { 'requirements.txt': 'foo==1 \\' } },
  { name: 'continuation at end of file with newline', files: { 'requirements.txt': 'foo==1\nbar \\\n' } },
  { name: 'continuation into a comment line ends the line', files: { 'requirements.txt': 'foo \\\n# comment\nbar\n' } },
  { name: 'a comment ending in a backslash does not continue', files: { 'requirements.txt': '# comment \\\nfoo\n' } },
  { name: 'a trailing comment ending in a backslash swallows the next line', files: { 'requirements.txt': 'foo # c \\\nbar\nbaz\n' } },
  { name: 'all backslashes at both ends are stripped when joining', files: { 'requirements.txt': '\\foo\\\\\nbar\n' } },
  { name: 'continuation splitting a requirement', files: { 'requirements.txt': 'foo\\\n>=1\\\n,<2\n' } },
  { name: 'CRLF', files: { 'requirements.txt': 'a==1\r\nb==2 \\\r\n  --hash=sha256:' + H1 + '\r\n' } },
  { name: 'CR only', files: { 'requirements.txt': 'a==1\rb==2\r' } },
  { name: 'form feed and other Python line breaks', files: { 'requirements.txt': 'a\x0cb\x0bc\x1cd\u2028e\n' } },
  { name: 'UTF-8 BOM', files: { 'requirements.txt': '\ufeffa==1\nb\n' } },
  { name: 'UTF-16 with BOM', files: { 'requirements.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a==1\r\nb==2\r\n', 'utf16le')]) } },
  { name: 'coding line: latin-1', files: { 'requirements.txt': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nfoo==1 # caf'), Buffer.from([0xe9]), Buffer.from('\n')]) } },
  { name: 'coding line on the second line', files: { 'requirements.txt': Buffer.concat([Buffer.from('# hello\n# vim: set fileencoding=cp1252 :\nfoo==1 # '), Buffer.from([0x80]), Buffer.from('\n')]) } },
  { name: 'invalid UTF-8', files: { 'requirements.txt': Buffer.concat([Buffer.from('foo==1\n# '), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]) } },
  { name: 'unknown coding', files: { 'requirements.txt': '# coding: no-such-codec\nfoo\n' } },
  { name: 'leading and trailing Unicode whitespace', files: { 'requirements.txt': '\u2003foo==1\u00a0\n\tbar\n' } },
  { name: 'two spaces before options', files: { 'requirements.txt': `foo==1  --hash=sha256:${H1}\n` } },
  { name: 'tab before options keeps them in the requirement', files: { 'requirements.txt': `foo==1\t--hash=sha256:${H1}\n` } },
  {
    name: 'environment variables: set, unset, empty, lowercase, repeated',
    files: { 'requirements.txt': '${WHRT_PKG}==${WHRT_VER}\nbar==${WHRT_VER}.${WHRT_VER}\n${WHRT_UNSET}\n' },
    env: { WHRT_PKG: 'foo', WHRT_VER: '1' },
  },
  { name: 'unset variable stays as written', files: { 'requirements.txt': 'foo==1 ; python_version > "${WHRT_EMPTY}"\n' }, env: { WHRT_EMPTY: '' } },
  { name: 'lowercase variables are not expanded', files: { 'requirements.txt': '--index-url https://x/${whrt_lower}/simple\nfoo\n' }, env: { WHRT_PKG: 'x' } },
  { name: 'variables in options and includes', files: { 'requirements.txt': '-i ${WHRT_INDEX}\n-r ${WHRT_SUB}/a.txt\n', 'sub/a.txt': 'a\n' }, env: { WHRT_INDEX: 'https://u:p@idx.example/simple', WHRT_SUB: 'sub' } },
  { name: 'a variable value with # is not a comment', files: { 'requirements.txt': 'foo @ https://x.org/${WHRT_FRAG}\n' }, env: { WHRT_FRAG: 'foo-1.0.tar.gz#sha256=abc' } },
  {
    name: '-r nesting relative to the including file',
    files: { 'requirements.txt': '-r sub/a.txt\ntop\n', 'sub/a.txt': 'x\n-r b.txt\n-r ../c.txt\n', 'sub/b.txt': 'y\n', 'c.txt': 'z\n' },
  },
  { name: '-c and long forms', files: { 'requirements.txt': '-c c.txt\n--constraint=d.txt\n--requirement r.txt\nfoo\n', 'c.txt': 'foo<2\n', 'd.txt': 'bar<3\n', 'r.txt': 'baz\n' } },
  { name: '-r inside a constraints file gives requirements', files: { 'requirements.txt': '-c c.txt\n', 'c.txt': 'foo<2\n-r r.txt\n', 'r.txt': 'bar\n' } },
  { name: 'a file included twice', files: { 'requirements.txt': '-r a.txt\n-r a.txt\n-c a.txt\n', 'a.txt': 'foo\n' } },
  { name: 'attached short option values', files: { 'requirements.txt': '-rsub/a.txt\n-ihttps://idx/simple\n', 'sub/a.txt': 'foo\n' } },
  { name: 'absolute include paths', files: { 'requirements.txt': '-r {DIR}/abs/a.txt\n', 'abs/a.txt': '-c {DIR}/abs/c.txt\n-r {DIR}/b.txt\n', 'abs/c.txt': 'x<1\n', 'b.txt': 'y\n' } },
  { name: 'top-level constraints file', files: { 'c.txt': 'foo<2\n', 'requirements.txt': 'foo\n' }, top: [{ file: 'c.txt', constraint: true }, { file: 'requirements.txt' }] },
  { name: 'top-level file in a subdirectory', files: { 'deep/er/req.txt': '-r ../base.txt\nfoo\n', 'deep/base.txt': 'bar\n' }, top: [{ file: 'deep/er/req.txt' }] },
  { name: 'include cycle', files: { 'requirements.txt': '-r a.txt\n', 'a.txt': '-r b.txt\n', 'b.txt': '-r a.txt\n' } },
  { name: 'self include', files: { 'requirements.txt': 'foo\n-r requirements.txt\n' } },
  { name: 'missing include', files: { 'requirements.txt': 'foo\n-r nope.txt\n' } },
  { name: 'missing top-level file', files: { 'other.txt': 'x\n' } },
  { name: 'include of a directory', files: { 'requirements.txt': '-r sub\n', 'sub/x.txt': 'x\n' } },
  {
    name: 'find-links relative to the file when it exists there',
    files: { 'requirements.txt': '-r sub/req.txt\n-f wheels\n', 'sub/req.txt': '-f wheels\n--find-links=./wheels\n-f nonexistent\n-f https://x.example/links/\nfoo\n' },
    dirs: ['sub/wheels'],
  },
  { name: 'find-links absolute and quoted', files: { 'requirements.txt': "-f {DIR}/w\n-f'./my wheels'\nfoo\n" }, dirs: ['w', 'my wheels'] },
  {
    name: '--only-binary/--no-binary accumulate as pip FormatControl',
    files: { 'requirements.txt': '--only-binary foo\n--no-binary foo\n--no-binary Bar_Baz.qux,zed\n--only-binary=zed\nfoo\n' },
  },
  { name: ':all: then :none:', files: { 'requirements.txt': '--only-binary :all:\n--no-binary a\n--only-binary :none:\n--only-binary b,:all:,c\nfoo\n' } },
  { name: ':all: followed by :none: in one value', files: { 'requirements.txt': '--no-binary :all:,x,:none:,y\n--only-binary=z,:all:\nfoo\n' } },
  { name: 'several options on one line', files: { 'requirements.txt': '--pre --prefer-binary --require-hashes --trusted-host h.example:8080 --trusted-host=other\nfoo\n' } },
  { name: '--use-feature accumulates without repeats', files: { 'requirements.txt': '--use-feature fast-deps\n--use-feature=fast-deps --use-feature truststore\nfoo\n' } },
  { name: '--use-feature with an unknown feature', files: { 'requirements.txt': '--use-feature nope\n' } },
  { name: 'index URL and extras', files: { 'requirements.txt': '-i https://a.example/simple\n--extra-index-url https://b.example/simple\n--extra-index-url=https://c.example/simple\nfoo\n' } },
  { name: 'index options on one line: index first whatever the order', files: { 'requirements.txt': '--extra-index-url https://b/simple --index-url https://a/simple\nfoo\n' } },
  { name: 'alias --pypi-url and abbreviations', files: { 'requirements.txt': '--pypi-url https://a/simple\n--extra-index https://b/simple\n--no-i\n--trusted h\n--prefer\nfoo\n' } },
  { name: 'ambiguous abbreviation', files: { 'requirements.txt': '--pr\n' } },
  { name: 'unknown option', files: { 'requirements.txt': 'foo\n--no-deps\n' } },
  { name: 'unknown short option', files: { 'requirements.txt': '-x foo\n' } },
  { name: 'option missing its value', files: { 'requirements.txt': 'foo\n--index-url\n' } },
  { name: 'flag given a value', files: { 'requirements.txt': '--pre=yes\n' } },
  { name: 'unclosed quote in options', files: { 'requirements.txt': "-f 'abc\n" } },
  { name: 'hash without algorithm', files: { 'requirements.txt': 'foo --hash=abc\n' } },
  { name: 'hash with md5', files: { 'requirements.txt': 'foo --hash=md5:abc\n' } },
  { name: 'binary value starting with a dash', files: { 'requirements.txt': '--no-binary -x\n' } },
  { name: 'config settings and global options', files: { 'requirements.txt': 'foo --config-settings=a=1 -C a=2 -Cb=3 --config-settings c==4\nbar --global-option=--x --global-option -y\n' } },
  { name: 'config settings without =', files: { 'requirements.txt': 'foo -C abc\n' } },
  { name: 'editable directory with pyproject name', files: { 'requirements.txt': '-e ./proj\n--editable=./proj[dev]\n-e proj\n', ...PROJECT } },
  { name: 'editable VCS URLs', files: { 'requirements.txt': '-e git+https://github.com/a/b@v1#egg=bname\n-e git://github.com/a/c#egg=c-name[x]\n-e hg+https://h.example/r#egg=r&subdirectory=s\n' } },
  { name: 'editable file: URL with egg', files: { 'requirements.txt': '-e file://{DIR}/proj#egg=other\n', ...PROJECT } },
  { name: 'editable that is neither a directory nor VCS', files: { 'requirements.txt': '-e foo==1.0\n' } },
  { name: 'editable VCS without egg', files: { 'requirements.txt': '-e git+https://github.com/a/b\n' } },
  {
    name: 'local paths: directories and archives',
    files: {
      'requirements.txt': './proj\n./proj[a,b]\nproj\n./dist/pkg-1.0.tar.gz\n./dist/pkg_two-2.0-py3-none-any.whl\nthree-3.0-py2.py3-none-any.whl\ndist/../dist/pkg-1.0.tar.gz\n',
      'dist/pkg-1.0.tar.gz': 'x',
      'dist/pkg_two-2.0-py3-none-any.whl': 'x',
      'three-3.0-py2.py3-none-any.whl': 'x',
      ...PROJECT,
    },
  },
  { name: 'paths with markers', files: { 'requirements.txt': "./proj ; python_version >= '3'\n./proj;sys_platform=='linux'\n", ...PROJECT } },
  { name: 'current directory', files: { 'requirements.txt': '.\n', 'pyproject.toml': '[project]\nname = "here"\n' } },
  { name: 'a directory that is not a project', files: { 'requirements.txt': './empty\n' }, dirs: ['empty'] },
  { name: 'a wheel path that does not exist', files: { 'requirements.txt': './dist/gone-1.0-py3-none-any.whl\n' } },
  { name: 'an invalid wheel file name', files: { 'requirements.txt': 'https://x.example/notawheel.whl\n' } },
  {
    name: 'URLs: wheels, sdists, file:, markers after "; "',
    files: {
      'requirements.txt':
        "https://x.example/p/pkg-1.0-py3-none-any.whl ; python_version >= '3'\nhttps://x.example/p/sd-2.0.tar.gz#egg=sd\nfile://{DIR}/dist/pkg-1.0.tar.gz#egg=pkg\nftp://f.example/a/b-1.0.zip#egg=b\n",
      'dist/pkg-1.0.tar.gz': 'x',
    },
  },
  { name: 'relative file: URL with ../', files: { 'requirements.txt': 'file:sub/../dist/pkg-1.0-py3-none-any.whl\n', 'dist/pkg-1.0-py3-none-any.whl': 'x', 'sub/x': '' } },
  {
    name: 'VCS URLs with egg, revision, subdirectory',
    files: { 'requirements.txt': 'git+https://github.com/a/b.git@main#egg=b\ngit+https://github.com/a/b.git@feature/x#egg=b2&subdirectory=sub\nsvn+https://s.example/r@12#egg=s\nbzr+lp:proj#egg=pr\n' },
  },
  {
    name: 'PEP 508 URL requirements, with and without a space before ;',
    files: {
      'requirements.txt':
        "b @ git+https://github.com/a/b.git@main\npkg @ https://x.example/pkg-1.0.tar.gz ; python_version>'3'\npk2 @ https://x.example/pk2-1.0.tar.gz;python_version>'3'\nw @ https://x.example/w-1.0-py3-none-any.whl\n",
    },
  },
  { name: 'markers, empty markers, extras', files: { 'requirements.txt': "foo; python_version<'3.9'\nbar ;\nbaz ; \nqux[a,b]>=1 ; extra == 'x'\n" } },
  { name: 'requirement then -e on one line is a requirement', files: { 'requirements.txt': 'foo --hash=sha256:' + H1 + '\n' } },
  { name: 'invalid requirement (name)', files: { 'requirements.txt': '!!!\n' } },
  { name: 'invalid requirement (after the name)', files: { 'requirements.txt': 'foo >>= 1\n' } },
  { name: 'invalid marker', files: { 'requirements.txt': 'foo ; python_version >>> "3"\n' } },
  { name: '= instead of ==', files: { 'requirements.txt': 'foo=1.0\n' } },
  { name: 'a bare git:// URL is not a URL for pip', files: { 'requirements.txt': 'git://github.com/a/b#egg=b\n' } },
];

// ---------------------------------------------------------------------------------------
// Generated files: random sequences of lines both readers must accept, in random layouts.

const NAMES = ['foo', 'Bar_Baz', 'qux.quux', 'a1'];
const reqArb = fc.record({
  name: fc.constantFrom(...NAMES),
  spec: fc.constantFrom('', '==1.0', '>=2,<3', '~=1.4', '!=3'),
  extras: fc.constantFrom('', '[x]', '[x,y]'),
  marker: fc.constantFrom('', ' ; python_version >= "3.8"', "; sys_platform == 'linux'"),
  hashes: fc.array(fc.constantFrom(`sha256:${H1}`, `sha256:${H2}`, `sha384:${H384}`), { maxLength: 2 }),
  env: fc.boolean(),
});
const optionArb = fc.constantFrom(
  '--pre',
  '--prefer-binary',
  '--require-hashes',
  '-i https://a.example/simple',
  '--index-url=https://b.example/simple',
  '--extra-index-url https://c.example/simple',
  '--no-index',
  '-f wheels',
  '--find-links=https://links.example/',
  '--trusted-host t.example',
  '--only-binary :all:',
  '--only-binary foo,Bar_Baz',
  '--no-binary :all:',
  '--no-binary qux.quux',
  '--no-binary :none:',
  '--only-binary :none:',
  '--use-feature fast-deps',
  '-r sub/inc.txt',
  '-c sub/cons.txt',
);
type GeneratedRequirement = { name: string; spec: string; extras: string; marker: string; hashes: string[]; env: boolean };
const lineArb = fc.oneof(
  { weight: 5, arbitrary: reqArb.map((req) => ({ kind: 'req' as const, req })) },
  { weight: 3, arbitrary: optionArb.map((text) => ({ kind: 'opt' as const, text })) },
  { weight: 1, arbitrary: fc.constantFrom('# a comment', '   # indented', '#', '# with \\').map((text) => ({ kind: 'comment' as const, text })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const }) },
);
const layoutArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
  newline: fc.constantFrom('\n', '\r\n'),
  continuations: fc.boolean(),
  trailingComments: fc.boolean(),
  finalNewline: fc.boolean(),
  bom: fc.boolean(),
});

function renderRequirement(r: GeneratedRequirement, split: boolean): string {
  const name = r.env ? '${WHRT_NAME}' : r.name;
  const parts = [`${name}${r.extras}${r.spec}${r.marker}`, ...r.hashes.map((h) => `--hash=${h}`)];
  return parts.join(split ? ' \\\n    ' : ' ');
}

function generatedCase(l: Layout, n: number): FileCase {
  const text = l.lines
    .map((p) => {
      if (p.kind === 'req') {
        const line = renderRequirement(p.req, l.continuations);
        return l.trailingComments ? `${line}  # note` : line;
      }
      if (p.kind === 'opt') return l.trailingComments ? `${p.text} # note` : p.text;
      if (p.kind === 'comment') return p.text;
      return '';
    })
    .join('\n')
    .replace(/\n/g, l.newline);
  return {
    name: `generated #${n}`,
    files: {
      'requirements.txt': `${l.bom ? '\ufeff' : ''}${text}${l.finalNewline ? l.newline : ''}`,
      'sub/inc.txt': `foo==1\n-f wheels\n`,
      'sub/cons.txt': 'qux.quux<5\n',
    },
    dirs: ['sub/wheels'],
    env: { WHRT_NAME: 'envpkg' },
  };
}

type Layout = ReturnType<typeof layoutArb.generate>['value'];
const GENERATED: FileCase[] = fc.sample(layoutArb, { numRuns: 150, seed: 20240223 }).map((l, i) => generatedCase(l, i));

// ---------------------------------------------------------------------------------------

function sortedHashes(hashes: Record<string, string[]>): string[] {
  return Object.entries(hashes)
    .flatMap(([algo, values]) => values.map((v) => `${algo}:${v}`))
    .sort();
}

function compare(c: FileCase, pip: PipResult, ours: OurResult): void {
  const failure = pipFailed(pip);
  if (failure !== undefined) {
    expect('error' in ours, `pip failed (${failure}) but we accepted ${c.name}`).toBe(true);
    return;
  }
  if ('error' in ours) throw new Error(`we failed where pip did not, on ${c.name}: ${ours.error.message} at ${ours.error.where()}`);
  const got = ours.ok;
  expect(got.entries.length, c.name).toBe(pip.requirements.length);
  pip.requirements.forEach((want, i) => {
    const entry = got.entries[i];
    if (!entry) throw new Error(`missing entry ${i}`);
    const label = `${c.name}, entry ${i} (${want.requirement})`;
    expect(entry.written, label).toBe(want.requirement.trim());
    expect(entry.editable, label).toBe(want.editable);
    expect(entry.constraint, label).toBe(want.constraint);
    expect(path.normalize(entry.location.file), label).toBe(want.file);
    expect(entry.lineNumber, label).toBe(want.line);
    expect([...entry.hashes].sort(), label).toEqual(sortedHashes(want.hashes));
    expect(entry.globalOptions ?? null, label).toEqual(want.global_options);
    expect(entry.configSettings ?? null, label).toEqual(want.config_settings);
    const ireq = want.ireq;
    if (ireq.name !== null) expect(canonical(entry.name), label).toBe(canonical(ireq.name));
    if (entry.link) expect(entry.link.url, label).toBe(ireq.link);
    else expect(ireq.link === null || ireq.url !== null, label).toBe(true);
    expect(entry.marker !== undefined, label).toBe(ireq.markers !== null);
    expect(entry.hasExtras, label).toBe(ireq.extras.length > 0);
  });
  const options = got.options;
  expect([...(options.indexUrl ? [options.indexUrl.value] : []), ...options.extraIndexUrls.map((u) => u.value)], c.name).toEqual(pip.indexUrls);
  expect(options.findLinks.map((f) => f.value), c.name).toEqual(pip.findLinks);
  expect(options.noIndex, c.name).toBe(pip.noIndex);
  expect(options.formatControl.toJSON(), c.name).toEqual({ noBinary: pip.noBinary, onlyBinary: pip.onlyBinary });
  expect(options.pre, c.name).toBe(pip.pre);
  expect(options.preferBinary, c.name).toBe(pip.preferBinary);
  expect(options.trustedHosts.map((t) => t.value), c.name).toEqual(pip.trustedHosts);
  expect(options.requireHashes, c.name).toBe(pip.requireHashes);
  expect(options.features.map((f) => f.value), c.name).toEqual(pip.features);
}

describe.skipIf(!hasPython())('requirements files: ours against pip 23.2.1 parse_requirements', () => {
  let base: string;
  let pipResults: PipResult[];
  const all = [...CASES, ...GENERATED];

  beforeAll(async () => {
    base = mkdtempSync(path.join(os.tmpdir(), 'wh-reqtxt-diff-'));
    all.forEach((c, i) => materialize(c, caseDir(base, i)));
    pipResults = await runPip(all, base);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = all[i] as FileCase;
    compare(c, pipResults[i] as PipResult, await runOurs(c, caseDir(base, i)));
  });

  it(`agrees on ${GENERATED.length} generated files`, async () => {
    let failures = 0;
    for (let j = 0; j < GENERATED.length; j += 1) {
      const i = CASES.length + j;
      const c = all[i] as FileCase;
      compare(c, pipResults[i] as PipResult, await runOurs(c, caseDir(base, i)));
      if (pipFailed(pipResults[i] as PipResult)) failures += 1;
    }
    // The generator writes files both accept; a pip failure here means the generator is wrong.
    expect(failures).toBe(0);
  });
});

/**
 * Where we deliberately read requirements files differently from pip 23.2.1, each with
 * its reason. Every case asserts both sides: what pip does (from its own parser, in one
 * batched isolated python run) and what we do instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPython } from '../helpers/python.js';
import { caseDir, materialize, pipFailed, runOurs, runPip, type FileCase, type OurResult, type PipResult } from './pip-oracle.js';

const H1 = 'a'.repeat(64);
const PROJECT = { 'proj/pyproject.toml': '[project]\nname = "my-proj"\n' };

interface Deviation extends FileCase {
  /** Why we differ. */
  reason: string;
  /** What pip does. */
  pip: (r: PipResult) => void;
  /** What we do. */
  ours: (r: OurResult) => void;
}

function weRefuse(message: RegExp, line?: number, column?: number): (r: OurResult) => void {
  return (r) => {
    if (!('error' in r)) throw new Error('expected a RequirementsFileError, got a result');
    expect(r.error.message).toMatch(message);
    if (line !== undefined) expect(r.error.location?.line).toBe(line);
    if (column !== undefined) expect(r.error.location?.column).toBe(column);
  };
}

function pipAccepts(check: (r: PipResult) => void = () => undefined): (r: PipResult) => void {
  return (r) => {
    expect(pipFailed(r)).toBeUndefined();
    check(r);
  };
}

const DEVIATIONS: Deviation[] = [
  {
    name: 'a global option after a requirement',
    reason: 'pip silently ignores --pre there; the user surely meant it to apply',
    files: { 'requirements.txt': 'foo==1 --pre\n' },
    pip: pipAccepts((r) => expect(r.pre).toBe(false)),
    ours: weRefuse(/--pre cannot follow a requirement/, 1, 8),
  },
  {
    name: '--only-binary after a requirement',
    reason: 'pip applies it to every package although it is written on one requirement line',
    files: { 'requirements.txt': 'foo==1 --only-binary :all:\n' },
    pip: pipAccepts((r) => expect(r.onlyBinary).toEqual([':all:'])),
    ours: weRefuse(/--only-binary cannot follow a requirement/, 1, 8),
  },
  {
    name: '--hash on a line without a requirement',
    reason: 'pip warns and ignores it: a hash that checks nothing is a mistake in a lock input',
    files: { 'requirements.txt': `foo==1\n--hash=sha256:${H1}\n` },
    pip: pipAccepts((r) => expect(r.warnings.join('\n')).toMatch(/has --hash but no requirement/)),
    ours: weRefuse(/--hash applies to the requirement on its line, and this line has none/, 2, 1),
  },
  {
    name: '--config-settings on a line without a requirement',
    reason: 'pip ignores it silently',
    files: { 'requirements.txt': '-C a=b\n' },
    pip: pipAccepts(),
    ours: weRefuse(/-C applies to the requirement on its line, and this line has none/, 1, 1),
  },
  {
    name: 'options after -r on the same line',
    reason: 'pip reads only the -r and ignores the rest of the line',
    files: { 'requirements.txt': '-r a.txt --pre\n', 'a.txt': 'foo\n' },
    pip: pipAccepts((r) => expect(r.pre).toBe(false)),
    ours: weRefuse(/--pre cannot share a line with -r/, 1, 10),
  },
  {
    name: 'two -r on one line',
    reason: 'pip reads only the first',
    files: { 'requirements.txt': '-r a.txt -r b.txt\n', 'a.txt': 'foo\n', 'b.txt': 'bar\n' },
    pip: pipAccepts((r) => expect(r.requirements.map((q) => q.requirement)).toEqual(['foo'])),
    ours: weRefuse(/-r cannot share a line with -r/, 1, 10),
  },
  {
    name: 'two -f on one line',
    reason: 'pip reads only the first',
    files: { 'requirements.txt': '-f a -f b\nfoo\n' },
    pip: pipAccepts((r) => expect(r.findLinks).toEqual(['a'])),
    ours: weRefuse(/-f is given twice on one line/, 1, 6),
  },
  {
    name: 'two --index-url on one line',
    reason: 'pip keeps only the last',
    files: { 'requirements.txt': '-i https://a/simple -i https://b/simple\nfoo\n' },
    pip: pipAccepts((r) => expect(r.indexUrls).toEqual(['https://b/simple'])),
    ours: weRefuse(/-i is given twice on one line/, 1, 21),
  },
  {
    name: 'text after options',
    reason: 'optparse collects it as an argument and pip drops it',
    files: { 'requirements.txt': '--pre foo\n' },
    pip: pipAccepts((r) => expect(r.requirements).toEqual([])),
    ours: weRefuse(/unexpected "foo" after the options/, 1, 7),
  },
  {
    name: 'a line holding only "--"',
    reason: 'pip reads nothing from it',
    files: { 'requirements.txt': '--\nfoo\n' },
    pip: pipAccepts((r) => expect(r.requirements.length).toBe(1)),
    ours: weRefuse(/neither a requirement nor an option/, 1, 1),
  },
  {
    name: 'options after -e',
    reason: 'pip ignores per-requirement options on editables (and never checks their hashes)',
    files: { 'requirements.txt': `-e ./proj --hash=sha256:${H1}\n`, ...PROJECT },
    pip: pipAccepts((r) => expect(r.requirements[0]?.hashes).toEqual({})),
    ours: weRefuse(/--hash cannot share a line with -e/, 1, 11),
  },
  {
    name: 'a hash of the wrong length',
    reason: 'pip reads any text after "sha256:" and fails only when it installs',
    files: { 'requirements.txt': 'foo --hash=sha256:abc\n' },
    pip: pipAccepts((r) => expect(r.requirements[0]?.hashes).toEqual({ sha256: ['abc'] })),
    ours: weRefuse(/a sha256 digest must be 64 hexadecimal digits/, 1, 5),
  },
  {
    name: 'an uppercase hash',
    reason: 'pip compares digests as written with lowercase ones: it can never match',
    files: { 'requirements.txt': `foo --hash=sha256:${'A'.repeat(64)}\n` },
    pip: pipAccepts(),
    ours: weRefuse(/must be lowercase/),
  },
  {
    name: 'an #egg= fragment that is not a project name',
    reason: 'pip 23.2.1 deprecates it (gone in pip 25) and reads it as a requirement string',
    files: { 'requirements.txt': 'https://x.example/a.tar.gz#egg=foo==1.0\n' },
    pip: pipAccepts((r) => expect(r.requirements[0]?.ireq.specifier).toBe('==1.0')),
    ours: weRefuse(/#egg= fragment "foo==1.0" is not a project name/),
  },
  {
    name: 'an archive whose name gives no project name',
    reason: 'pip leaves it unnamed until it builds it; a lock needs the name first',
    files: { 'requirements.txt': './dist/v1.0.tar.gz\n', 'dist/v1.0.tar.gz': 'x' },
    pip: pipAccepts((r) => expect(r.requirements[0]?.ireq.name).toBeNull()),
    ours: weRefuse(/cannot tell the project name of "\.\/dist\/v1\.0\.tar\.gz"/),
  },
  {
    name: 'a VCS URL without #egg=',
    reason: 'pip leaves it unnamed until it checks it out',
    files: { 'requirements.txt': 'git+https://github.com/a/b@v1\n' },
    pip: pipAccepts((r) => expect(r.requirements[0]?.ireq.name).toBeNull()),
    ours: weRefuse(/cannot tell the project name/),
  },
  {
    name: 'a marker glued to a URL with ";"',
    reason: 'pip splits a marker off a URL only at "; ", so the marker becomes part of the URL and the file name, and the requirement is unnamed',
    files: { 'requirements.txt': "https://x.example/p/pkg-1.0-py3-none-any.whl;python_version>'3'\n" },
    pip: pipAccepts((r) => {
      expect(r.requirements[0]?.ireq.name).toBeNull();
      expect(r.requirements[0]?.ireq.markers).toBeNull();
    }),
    ours: (r) => {
      weRefuse(/cannot tell the project name/, 1, 1)(r);
      if ('error' in r) expect(r.error.hint).toMatch(/a semicolon and a space/);
    },
  },
  {
    name: 'a directory with setup.py only',
    reason: 'pip learns the name by building; we read only pyproject.toml [project] name',
    files: { 'requirements.txt': './legacy\n', 'legacy/setup.py': 'from setuptools import setup\nsetup(name="legacy")\n' },
    pip: pipAccepts((r) => expect(r.requirements[0]?.ireq.link).toMatch(/^file:\/\/.*\/legacy$/)),
    ours: weRefuse(/cannot tell the project name of "\.\/legacy"/),
  },
  {
    name: 'sdist and directory names are derived',
    reason: 'the same extension, when it succeeds: pip has no name yet, we have one',
    files: { 'requirements.txt': './dist/some_pkg-1.0.tar.gz\n./proj\n', 'dist/some_pkg-1.0.tar.gz': 'x', ...PROJECT },
    pip: pipAccepts((r) => expect(r.requirements.map((q) => q.ireq.name)).toEqual([null, null])),
    ours: (r) => {
      if (!('ok' in r)) throw r.error;
      expect(r.ok.entries.map((e) => e.name)).toEqual(['some_pkg', 'my-proj']);
    },
  },
  {
    name: 'an editable requirement in a constraints file',
    reason: 'pip accepts the file and fails later, in the resolver, with the same message',
    files: { 'requirements.txt': '-c c.txt\n', 'c.txt': '-e ./proj\n', ...PROJECT },
    pip: pipAccepts((r) => expect(r.requirements[0]?.editable).toBe(true)),
    ours: weRefuse(/editable requirements are not allowed as constraints/, 1, 1),
  },
  {
    name: 'extras in a constraints file',
    reason: 'pip accepts the file and fails later, in the resolver, with the same message',
    files: { 'requirements.txt': '-c c.txt\n', 'c.txt': 'foo[bar]<2\n' },
    pip: pipAccepts((r) => expect(r.requirements[0]?.ireq.extras).toEqual(['bar'])),
    ours: weRefuse(/constraints cannot have extras/, 1, 1),
  },
  {
    name: 'an include cycle',
    reason: 'pip recurses until Python gives up (RecursionError); we name the chain',
    files: { 'requirements.txt': '-r a.txt\n', 'a.txt': 'x\n-r b.txt\n', 'b.txt': '-r a.txt\n' },
    pip: (r) => expect(r.error).toMatch(/RecursionError/),
    ours: weRefuse(/cycle: a\.txt \(line 2\) -> b\.txt \(line 1\) -> a\.txt/, 1, 1),
  },
  {
    name: 'a UTF-32 file',
    reason: 'pip decodes a UTF-32-LE file as UTF-16 (its BOM list checks UTF-16 first) and reads garbage',
    files: { 'requirements.txt': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('f\0\0\0o\0\0\0o\0\0\0\n\0\0\0', 'latin1')]) },
    pip: (r) => expect(r.requirements.map((q) => q.requirement)).not.toEqual(['foo']),
    ours: weRefuse(/UTF-32 requirements files are not supported/),
  },
];

/** Deviations where we follow pip but warn, because a later line silently overrides an earlier one. */
const WARNED: Deviation[] = [
  {
    name: '--extra-index-url before --index-url',
    reason: 'pip drops extra index URLs given before a later --index-url',
    files: { 'requirements.txt': '--extra-index-url https://x/simple\n--index-url https://y/simple\nfoo\n' },
    pip: pipAccepts((r) => expect(r.indexUrls).toEqual(['https://y/simple'])),
    ours: (r) => {
      if (!('ok' in r)) throw r.error;
      expect(r.ok.options.indexUrl?.value).toBe('https://y/simple');
      expect(r.ok.options.extraIndexUrls).toEqual([]);
      expect(r.ok.warnings).toHaveLength(1);
      expect(r.ok.warnings[0]?.message).toMatch(/--index-url https:\/\/y\/simple replaces the index URLs given before it: https:\/\/x\/simple \(requirements.txt:1\)/);
      expect(r.ok.warnings[0]?.location).toEqual({ file: 'requirements.txt', line: 2, column: 13 });
    },
  },
  {
    name: 'index options after --no-index',
    reason: 'pip ignores them',
    files: { 'requirements.txt': '--no-index\n-i https://x/simple\n--extra-index-url https://u:secret@y/simple\nfoo\n' },
    pip: pipAccepts((r) => {
      expect(r.indexUrls).toEqual([]);
      expect(r.noIndex).toBe(true);
    }),
    ours: (r) => {
      if (!('ok' in r)) throw r.error;
      expect(r.ok.options.noIndex).toBe(true);
      expect(r.ok.options.indexUrl).toBeUndefined();
      expect(r.ok.warnings.map((w) => w.message)).toEqual([
        '--index-url https://x/simple is ignored: --no-index was given before',
        '--extra-index-url https://u:****@y/simple is ignored: --no-index was given before',
      ]);
    },
  },
  {
    name: 'a missing local archive',
    reason: 'pip warns the same way and carries on',
    files: { 'requirements.txt': './dist/gone-1.0-py3-none-any.whl\n' },
    pip: pipAccepts((r) => expect(r.warnings.join('\n')).toMatch(/looks like a filename, but the file does not exist/)),
    ours: (r) => {
      if (!('ok' in r)) throw r.error;
      expect(r.ok.warnings.map((w) => w.message)).toEqual(['requirement "./dist/gone-1.0-py3-none-any.whl" looks like a file name, but the file does not exist']);
    },
  },
];

describe.skipIf(!hasPython())('requirements files: deliberate deviations from pip 23.2.1', () => {
  let base: string;
  let pipResults: PipResult[];
  const all = [...DEVIATIONS, ...WARNED];

  beforeAll(async () => {
    base = mkdtempSync(path.join(os.tmpdir(), 'wh-reqtxt-dev-'));
    all.forEach((c, i) => materialize(c, caseDir(base, i)));
    pipResults = await runPip(all, base);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it.each(all.map((c, i) => [c.name, c.reason, i] as const))('%s (%s)', async (_name, _reason, i) => {
    const c = all[i] as Deviation;
    c.pip(pipResults[i] as PipResult);
    c.ours(await runOurs(c, caseDir(base, i)));
  });
});

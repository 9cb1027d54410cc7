import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequirementError, UsageError } from '../../src/errors.js';
import { classifyArguments, commandLineRequirements, inputFileKind } from '../../src/inputs/command-line.js';
import { lockHeaderCommand, normalizedLockArguments } from '../../src/inputs/compile-command.js';
import { parseExcludeNewer } from '../../src/inputs/exclude-newer.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wh-inputs-cli-'));
  writeFileSync(path.join(dir, 'reqs'), 'flask\n');
  mkdirSync(path.join(dir, 'requests'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('positional arguments: files or requirements', () => {
  it('tells files from requirement strings', () => {
    const r = classifyArguments(['requirements.in', 'flask>=3', 'requests', 'sub/dev.txt', 'pyproject.toml', 'reqs', 'pkg @ https://example.org/pkg-1.0.tar.gz', 'x ; python_version < "3.9"'], dir);
    expect(r.files).toEqual([
      { file: 'requirements.in', kind: 'requirements' },
      { file: 'sub/dev.txt', kind: 'requirements' },
      { file: 'pyproject.toml', kind: 'pyproject' },
      { file: 'reqs', kind: 'requirements' },
    ]);
    // "requests" is a directory here, not a file: still a requirement.
    expect(r.requirements).toEqual(['flask>=3', 'requests', 'pkg @ https://example.org/pkg-1.0.tar.gz', 'x ; python_version < "3.9"']);
  });

  it('a mistyped requirements file is a file (it is a valid project name too)', () => {
    expect(classifyArguments(['requirments.in'], dir).files).toEqual([{ file: 'requirments.in', kind: 'requirements' }]);
  });

  it('refuses inputs that need a build backend, other TOML files, stdin and directories', () => {
    expect(() => inputFileKind('setup.py')).toThrow(/needs the project's build backend/);
    expect(() => inputFileKind('x/setup.cfg')).toThrow(UsageError);
    expect(() => inputFileKind('pylock.toml')).toThrow(/only a pyproject\.toml/);
    expect(() => classifyArguments(['-'], dir)).toThrow(/standard input is not supported/);
    expect(() => classifyArguments(['requests/'], dir)).toThrow(/is a directory/);
    expect(() => classifyArguments(['--bogus=1'], dir)).toThrow(/^unknown option --bogus$/);
  });

  it('parses requirement strings with "command line" as source and via', () => {
    const [a, b] = commandLineRequirements(['Flask>=3', 'requests[socks] ; python_version >= "3.9"']);
    expect(a).toMatchObject({ source: 'command line', via: 'command line' });
    expect(a?.requirement.toString()).toBe('Flask>=3');
    expect(b?.requirement.toString()).toBe('requests[socks]; python_version >= "3.9"');
  });

  it('a bad requirement string names the argument and the column', () => {
    try {
      commandLineRequirements(['ok', 'flask>=>3']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RequirementError);
      const err = e as RequirementError;
      expect(err.message).toMatch(/^invalid requirement on the command line/);
      expect(err.where()).toMatch(/^argument 2:1:/);
      expect(err.text).toBe('flask>=>3');
    }
  });
});

describe('--exclude-newer', () => {
  it('accepts dates (start of day, UTC) and RFC 3339 date-times', () => {
    expect(parseExcludeNewer('2024-06-01').toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect(parseExcludeNewer('2024-06-01T12:30:00Z').toISOString()).toBe('2024-06-01T12:30:00.000Z');
    expect(parseExcludeNewer('2024-06-01T14:30:00+02:00').toISOString()).toBe('2024-06-01T12:30:00.000Z');
    expect(parseExcludeNewer('2024-06-01 12:30').toISOString()).toBe('2024-06-01T12:30:00.000Z');
    expect(parseExcludeNewer('2024-06-01T12:30:00.25-01:30').toISOString()).toBe('2024-06-01T14:00:00.250Z');
    expect(parseExcludeNewer('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses anything else as a usage error', () => {
    for (const bad of ['yesterday', '2024-02-30', '2023-02-29', '2024-13-01', '2024-06-01T24:00:00Z', '2024-06-01T12:00:00+25:00', '1st June', '7d', '']) {
      expect(() => parseExcludeNewer(bad), bad).toThrow(UsageError);
    }
  });
});

describe('the header command (pip-compile normalization)', () => {
  it('sorts options, drops one-off ones, removes credentials, puts inputs last', () => {
    const args = normalizedLockArguments(
      [
        { name: 'upgrade' },
        { name: 'target', value: 'cp312-win_amd64' },
        { name: 'index-url', value: 'https://user:secret@example.org/simple' },
        { name: 'output-file', value: 'requirements.txt' },
        { name: 'dry-run' },
        { name: 'target', value: 'cp311-manylinux_2_28_aarch64' },
        { name: 'upgrade-package', value: 'flask' },
        { name: 'cache-dir', value: '/tmp/c' },
      ],
      ['requirements.in'],
    );
    expect(args).toEqual([
      '--index-url=https://example.org/simple',
      '--output-file=requirements.txt',
      '--target=cp311-manylinux_2_28_aarch64',
      '--target=cp312-win_amd64',
      'requirements.in',
    ]);
  });

  it('CUSTOM_COMPILE_COMMAND replaces it; otherwise it is shell-quoted', () => {
    expect(lockHeaderCommand([], ['flask>=3'], { CUSTOM_COMPILE_COMMAND: 'make lock' })).toBe('make lock');
    expect(lockHeaderCommand([{ name: 'extra', value: 'a b' }], ['flask>=3'], {})).toBe("wheelhouse lock '--extra=a b' 'flask>=3'");
  });
});

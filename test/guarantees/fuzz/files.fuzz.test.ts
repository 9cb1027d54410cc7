/**
 * Fuzzing the file formats users and tools hand us: requirements files (as pip reads them,
 * includes and options), a pinned requirements.txt read as a lock, pylock.toml,
 * pyproject.toml's dependency tables and dependency groups, netrc. Every input is read, or
 * refused with the typed error pointing into the file; the lock readers also read back what
 * the writers wrote, after random damage, without anything but a typed error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNetrc } from '../../../src/index/http/netrc.js';
import { flattenDependencyGroup } from '../../../src/inputs/dependency-groups.js';
import { parsePyproject } from '../../../src/inputs/pyproject.js';
import { lockToPylock, lockToRequirementsTxt, readExistingPins, readPylock, readRequirementsLock } from '../../../src/lockfile/index.js';
import { parseRequirementsFile } from '../../../src/requirements-txt/index.js';
import { lockArb } from '../../lockfile/lock-arbitrary.js';
import { requirementText, rng } from '../../pep508/generators.js';
import { anyText, fromSeeded, fuzzParams, fuzzTimeout, mutated, tokenString, typedOutcome, typedOutcomeAsync } from '../support/fuzz.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wh-fuzz-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// An include target that exists, so `-r other.txt` / `-c other.txt` reach the included file's parser.
writeFileSync(path.join(dir, 'other.txt'), 'helper>=1\n-r requirements.in\n');

let counter = 0;
function writeInput(name: string, content: string | Uint8Array): string {
  const file = `${counter++}-${name}`;
  writeFileSync(path.join(dir, file), content);
  return file;
}

const REQ_FILE_TOKENS = [
  '\n', '\r\n', ' \\\n', '\\', ' ', '\t', '#', ' # comment', '-r ', '-c ', '-e ', '--requirement=', '--constraint ', 'other.txt', 'requirements.in', 'missing.txt',
  '-i ', '--index-url ', '--extra-index-url ', '--no-index', '-f ', '--find-links ', '--only-binary ', '--no-binary ', ':all:', ':none:', '--prefer-binary', '--pre',
  '--require-hashes', '--hash=sha256:', 'a'.repeat(64), '--hash ', 'md5:', '--trusted-host ', '--config-settings ', 'k=v', '--global-option', '--unknown-option',
  'https://user:secret@example.org/simple', 'file:///tmp/x', './local', '.', '../up', 'demo-1.0-py3-none-any.whl', 'git+https://x.org/r.git@v1#egg=r',
  '${HOME}', '${X', '$', 'requests', '==', '>=1', '[extra]', '; python_version >= "3.8"', '@ https://x.org/a.whl', '"', "'",
];
const requirementsFileInputs = fc.oneof(
  fc.array(fromSeeded((s) => requirementText(rng(s))), { maxLength: 6 }).map((l) => l.join('\n')),
  mutated(fc.array(fromSeeded((s) => requirementText(rng(s))), { maxLength: 4 }).map((l) => `# header\n-i https://example.org/simple\n${l.join('\n')}\n`), REQ_FILE_TOKENS),
  tokenString(REQ_FILE_TOKENS, 40),
  anyText(300),
);

describe('fuzz: requirements files', () => {
  it('read as pip reads them, or a typed error pointing into the file (or the included one)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(requirementsFileInputs.map((t) => Buffer.from(t, 'utf8')), fc.uint8Array({ maxLength: 200 })), async (bytes) => {
        const file = writeInput('requirements.in', bytes);
        const out = await typedOutcomeAsync(bytes.toString(), () => parseRequirementsFile(file, { cwd: dir, env: { HOME: '/home/x' } }));
        if (!out.ok) {
          const where = out.error.location;
          expect(where?.file ?? where?.url, `location of ${out.error.code}: ${out.error.message}`).toBeDefined();
          // A credential in the file (a URL's userinfo) never shows in the error.
          if (Buffer.from(bytes).includes('user:secret@')) expect(JSON.stringify({ m: out.error.message, l: where, t: out.error.text })).not.toContain('secret');
        }
      }),
      fuzzParams(0.5),
    );
  }, fuzzTimeout(60));
});

/** A valid lock written by our writers, then damaged. */
const requirementsLockTexts = lockArb.map((generated) => {
  const lock = {
    ...generated,
    packages: generated.packages.filter((p) => !p.direct).map(({ marker, ...p }) => ({ ...p, ...(marker === undefined || /extras|dependency_groups/.test(marker) ? {} : { marker }) })),
  };
  try {
    return lockToRequirementsTxt(lock, { header: { command: 'wheelhouse lock' } });
  } catch {
    return ''; // a random lock the writer refuses (e.g. a line break in a "# via" source)
  }
});
const LOCK_TOKENS = ['==', '===', '>=', ' \\\n', '    --hash=sha256:', 'a'.repeat(64), '    # via ', '\n', '#', ' ; ', 'sys_platform == "linux"', '-e ', '-c other.txt', 'https://x.org/a.whl', 'x'];

describe('fuzz: requirements.txt read as a lock', () => {
  it('damaged lockfiles: a lock, or a typed error with a location; existing pins likewise', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(requirementsLockTexts, LOCK_TOKENS), tokenString(LOCK_TOKENS, 40)), async (text) => {
        const file = writeInput('requirements.txt', text);
        const out = await typedOutcomeAsync(text, () => readRequirementsLock(file, { cwd: dir, env: {} }));
        if (out.ok) for (const pin of out.value.pins) expect(pin.name).toMatch(/\S/);
        await typedOutcomeAsync(text, () => readExistingPins(file, { cwd: dir, env: {} }));
      }),
      fuzzParams(0.3),
    );
  }, fuzzTimeout(80));
});

const TOML_TOKENS = [
  'lock-version = ', '"1.0"', '"2.0"', '"1.9"', 'created-by = "x"', '[[packages]]', 'name = ', 'version = ', '"demo"', '"1.0"', '[packages.sdist]', '[[packages.wheels]]', 'url = ', 'path = ',
  '"../../etc/passwd"', '"/abs/x.whl"', 'hashes = ', '{ sha256 = "', 'a'.repeat(64), '" }', 'size = ', '-1', '1e3', '99999999999999999999', 'upload-time = ', '2024-01-01T00:00:00Z',
  'environments = ', '["sys_platform == \'linux\'"]', 'marker = ', 'requires-python = ', '">=3.8"', '[', ']', '{', '}', '=', ',', '"', "'''", '\n', '[tool.wheelhouse]', 'hash-policy = "x"',
];

describe('fuzz: pylock.toml', () => {
  it('damaged pylock files and TOML soup: a lock, or a LockfileError with a location', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(lockArb.map((l) => lockToPylock(l)), TOML_TOKENS), tokenString(TOML_TOKENS, 50), anyText(200)), (text) => {
        const out = typedOutcome(text, () => readPylock(text, { file: path.join(dir, 'pylock.toml') }));
        if (!out.ok) expect(out.error.location?.file).toContain('pylock.toml');
        else {
          // What reads back writes and reads back the same (the writer's own round trip is test/lockfile/pylock-roundtrip.test.ts).
          const written = typedOutcome(text, () => lockToPylock(out.value.lock), false);
          if (written.ok) expect(lockToPylock(readPylock(written.value, { file: path.join(dir, 'pylock.toml') }).lock)).toBe(written.value);
        }
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

const PYPROJECT_SEED = `[project]
name = "app"
version = "1.0"
dependencies = ["requests>=2", "helper ; python_version >= '3.8'"]
requires-python = ">=3.8"
dynamic = []

[project.optional-dependencies]
test = ["pytest", "app[extra2]"]
extra2 = ["x"]

[dependency-groups]
dev = ["ruff", { include-group = "test" }]
test = ["pytest>=8", { include-group = "dev" }]
`;
const PYPROJECT_TOKENS = ['[project]', '[dependency-groups]', '[project.optional-dependencies]', 'dependencies = ', 'name = ', '"app"', '[', ']', '{', '}', '"', ',', '=', 'include-group', '"dev"', '"test"', '"ruff"', '"x>=1 ; extra == \'a\'"', '\n', 'dynamic = ["dependencies"]', '1', 'true'];

describe('fuzz: pyproject.toml inputs', () => {
  it('dependency tables and groups (include cycles too): read, or a typed error with a location', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(fc.constant(PYPROJECT_SEED), PYPROJECT_TOKENS), tokenString(PYPROJECT_TOKENS, 50), anyText(200)), fc.constantFrom('dev', 'test', 'Dev', 'missing'), (text, group) => {
        const out = typedOutcome(text, () => parsePyproject(text, 'pyproject.toml', path.join(dir, 'pyproject.toml')));
        if (!out.ok) {
          expect(out.error.location?.file).toBe('pyproject.toml');
          return;
        }
        typedOutcome(group, () => flattenDependencyGroup(out.value, group));
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

const NETRC_TOKENS = ['machine ', 'default', 'login ', 'password ', 'account ', 'macdef ', 'example.org', 'user', 'secret', '"quoted pass"', '\n', '\n\n', ' ', '\t', '#', '\\'];

describe('fuzz: netrc', () => {
  it('parsed, or a typed error naming the file and line, whose message (what a netrc warning shows) quotes nothing from the file', () => {
    fc.assert(
      fc.property(fc.oneof(tokenString(NETRC_TOKENS, 40), anyText(200)), (text) => {
        const out = typedOutcome(text, () => parseNetrc(text, '/home/x/.netrc'));
        if (!out.ok) {
          expect(out.error.location?.file).toBe('/home/x/.netrc');
          expect(out.error.message).not.toContain('secret');
        }
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

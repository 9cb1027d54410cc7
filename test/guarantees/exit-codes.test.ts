/**
 * Guarantee: exit codes are documented (README "Exit codes", src/errors.ts ExitCode) and
 * stable. Every error family's exit code is pinned here, and the built CLI is run into each
 * code: 0 ok (also --help), 1 the task failed (unsatisfiable), 2 usage or input errors
 * (unknown flag, invalid requirement, bad target, bad config file), 3 the network failed
 * after retries, 4 a bug (an unexpected exception inside a command, injected).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.js';
import { ExitCode } from '../../src/errors.js';
import { runCliProcess } from './support/cli-process.js';
import { GRAPH, serveIndex, TARGETS, type ServedIndex } from './support/served-index.js';

const THROW_ON_STDOUT = fileURLToPath(new URL('./support/throw-on-stdout.mjs', import.meta.url));

/** The documented table: family → exit code. A change here is a breaking change. */
const FAMILY_EXIT_CODES: Record<string, number> = {
  UsageError: 2,
  VersionError: 2,
  RequirementError: 2,
  FilenameError: 2,
  TargetError: 2,
  RequirementsFileError: 2,
  ConfigError: 2,
  NetworkError: 3,
  IndexError: 1,
  HashMismatchError: 1,
  ArchiveError: 1,
  MetadataError: 1,
  CacheError: 1,
  ResolutionError: 1,
  LockfileError: 1,
  DownloadError: 1,
  VerifyError: 1,
  InternalError: 4,
};

describe('exit codes of the error families', () => {
  it('are 0 ok, 1 failure, 2 usage, 3 network, 4 internal', () => {
    expect(ExitCode).toEqual({ ok: 0, failure: 1, usage: 2, network: 3, internal: 4 });
  });

  it('every family has its documented code, and every family is in the table', () => {
    const families = Object.entries(errors).filter(
      ([, v]) => typeof v === 'function' && v.prototype instanceof errors.WheelhouseError,
    ) as [string, new (m: string) => errors.WheelhouseError][];
    const actual = Object.fromEntries(families.map(([name, Family]) => [name, new Family('x').exitCode]));
    // A family added later must be added to the table (and to README) with its code.
    for (const name of Object.keys(actual)) expect(FAMILY_EXIT_CODES, `${name} is not in the documented table`).toHaveProperty(name);
    expect(actual).toEqual(Object.fromEntries(Object.keys(actual).map((n) => [n, FAMILY_EXIT_CODES[n]])));
  });
});

let root: string;
let index: ServedIndex;
let counter = 0;

async function work(requirements: string): Promise<string> {
  const dir = path.join(root, `work-${counter++}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'requirements.in'), requirements);
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-exit-codes-'));
  index = await serveIndex(path.join(root, 'index'), GRAPH);
}, 60_000);

afterAll(async () => {
  await index?.server.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe.concurrent('exit codes of the CLI', () => {
  const lock = async (requirements: string, extra: string[] = [], preload: string[] = []) =>
    runCliProcess(['lock', 'requirements.in', '--index-url', index.indexUrl, ...TARGETS, '--no-cache', '--quiet', ...extra], { cwd: await work(requirements), preload });

  it('0: a lock that succeeds; --help', async () => {
    expect((await lock('app\n')).code).toBe(0);
    expect((await runCliProcess(['lock', '--help'])).code).toBe(0);
    expect((await runCliProcess(['--version'])).code).toBe(0);
  });

  it('1: requirements that cannot be satisfied', async () => {
    const r = await lock('app\nweb<1\n');
    expect(r.stderr).toMatch(/^error\[E_RESOLUTION\]/m);
    expect(r.code).toBe(1);
  });

  it('2: an unknown flag, an invalid requirement, an invalid target, an invalid pyproject.toml', async () => {
    const unknown = await lock('app\n', ['--no-such-flag']);
    expect(unknown.stderr).toMatch(/^error\[E_USAGE\]/m);
    expect(unknown.code).toBe(2);
    const badRequirement = await lock('app >>= 1\n');
    expect(badRequirement.stderr).toMatch(/^error\[E_(PEP508|PEP440|REQUIREMENTS_FILE)\]/m);
    expect(badRequirement.stderr).toContain('requirements.in:1');
    expect(badRequirement.code).toBe(2);
    const badTarget = await lock('app\n', ['--target', 'cp312-no_such_platform!']);
    expect(badTarget.stderr).toMatch(/^error\[E_(TARGET|USAGE)\]/m);
    expect(badTarget.code).toBe(2);
    const dir = await work('');
    await writeFile(path.join(dir, 'pyproject.toml'), '[project\nname = "x"\n');
    const badToml = await runCliProcess(['lock', 'pyproject.toml', '--index-url', index.indexUrl, ...TARGETS, '--no-cache'], { cwd: dir });
    expect(badToml.stderr).toMatch(/^error\[E_CONFIG\]/m);
    expect(badToml.code).toBe(2);
  });

  it('3: an index that cannot be reached', async () => {
    const r = await runCliProcess(['lock', 'requirements.in', '--index-url', 'http://127.0.0.1:9/simple/', ...TARGETS, '--no-cache', '--retries', '0'], { cwd: await work('app\n') });
    expect(r.stderr).toMatch(/^error\[E_NETWORK\]/m);
    expect(r.code).toBe(3);
  });

  it('4: an unexpected exception inside a command is reported as a bug', async () => {
    const r = await lock('app\n', ['--dry-run'], [THROW_ON_STDOUT]);
    expect(r.stderr).toMatch(/^error\[E_INTERNAL\]: simulated bug/m);
    expect(r.stderr).toContain('this is a bug in wheelhouse');
    expect(r.code).toBe(4);
  });
});

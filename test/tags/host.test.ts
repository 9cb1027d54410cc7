import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetError } from '../../src/errors.js';
import { detectHostTarget, formatTag, targetFromPipOptions, type HostTarget } from '../../src/tags/index.js';
import { hasPython, isolatedPythonEnv, PYTHON, runPythonJson } from '../helpers/python.js';
import { pipDebugTags } from './pip-debug.js';

const run = promisify(execFile);

describe.skipIf(!hasPython())('the host as a target', () => {
  let host: HostTarget;
  beforeAll(async () => {
    host = await detectHostTarget({ env: isolatedPythonEnv() });
  });

  it('has the tags pip debug --verbose prints on this machine', async () => {
    expect(host.tagSource).toBe('pip');
    expect(host.tags.map(formatTag)).toEqual(await pipDebugTags([]));
  });

  it('has the marker environment packaging computes on this machine', async () => {
    const env = await runPythonJson<Record<string, string>>(
      'import json\nfrom pip._vendor.packaging.markers import default_environment\nprint(json.dumps(default_environment()))',
      null,
    );
    expect(host.markers).toEqual(env);
    expect(host.unknownMarkers).toEqual([]);
  });

  it('reproduces its own tags from its parts with wheelhouse\'s generators', () => {
    // No flag given: every value comes from the host, so the list must be pip's get_supported().
    const again = targetFromPipOptions({}, host.pipDefaults);
    expect(again.tags.map(formatTag)).toEqual(host.tags.map(formatTag));
    expect(host.interpreter).toBe(`${host.implementation}${host.python.major}${host.python.minor}`);
  });
});

describe('without a usable python3', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wheelhouse-host-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says python3 was not found and how to name a target instead', async () => {
    const err = await detectHostTarget({ python: path.join(dir, 'no-such-python3') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetError);
    const e = err as TargetError;
    expect(e.message).toMatch(/was not found/);
    expect(e.hint).toContain('--target cp312-manylinux_2_28_x86_64');
    expect(e.hint).toContain('--python-version');
  });

  it.skipIf(!hasPython())('says so when the interpreter has neither pip nor packaging', async () => {
    await run(PYTHON, ['-m', 'venv', '--without-pip', path.join(dir, 'bare')], { env: isolatedPythonEnv() });
    const bare = path.join(dir, 'bare', 'bin', 'python');
    const err = await detectHostTarget({ python: bare, env: isolatedPythonEnv() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect((err as TargetError).message).toMatch(/neither pip nor packaging/);
  });
});

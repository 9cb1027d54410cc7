/**
 * Real pip accepts what the writer writes: a hashed requirements file for wheels nobody
 * here built (Debian's /usr/share/python-wheels, or ensurepip's bundled ones), installed
 * offline with `--require-hashes`; and the same file with one wrong digit makes pip fail.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRequirementsTxt, type PinnedRequirement } from '../../src/requirements-txt/index.js';
import { hasPython, isolatedPythonEnv, PYTHON, pythonOutput } from '../helpers/python.js';

function wheelDirs(): string[] {
  const dirs = ['/usr/share/python-wheels'];
  if (hasPython()) {
    dirs.push(pythonOutput('import ensurepip, os; print(os.path.join(os.path.dirname(ensurepip.__file__), "_bundled"))').trim());
  }
  return dirs.filter((d) => existsSync(d));
}

/** The newest-listed wheel of `project` among the machine's bundled wheels. */
function findWheel(project: string): string | undefined {
  for (const dir of wheelDirs()) {
    const name = readdirSync(dir).find((f) => f.startsWith(`${project}-`) && f.endsWith('-py3-none-any.whl'));
    if (name) return path.join(dir, name);
  }
  return undefined;
}

function pin(wheel: string, via: string[]): PinnedRequirement {
  const [name, version] = path.basename(wheel).split('-') as [string, string];
  return { name, version, hashes: [`sha256:${createHash('sha256').update(readFileSync(wheel)).digest('hex')}`], via };
}

function pip(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(PYTHON, ['-m', 'pip', ...args], { env: isolatedPythonEnv(), encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const wheel = findWheel('wheel') ?? findWheel('pip');
const setuptools = findWheel('setuptools');

describe.skipIf(!hasPython() || !wheel || !setuptools)('real pip installs what the writer writes', () => {
  let dir: string;
  let links: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wh-reqtxt-pip-'));
    links = path.join(dir, 'wheels');
    for (const w of [wheel as string, setuptools as string]) {
      mkdirSync(links, { recursive: true });
      copyFileSync(w, path.join(links, path.basename(w)));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function lockfile(name: string, mangle = false): string {
    const pins = [pin(wheel as string, ['-r requirements.in'])];
    const unsafe = [pin(setuptools as string, ['-r requirements.in'])];
    if (mangle) {
      const h = pins[0]?.hashes?.[0] as string;
      pins[0] = { ...(pins[0] as PinnedRequirement), hashes: [h.slice(0, -1) + (h.endsWith('0') ? '1' : '0')] };
    }
    const file = path.join(dir, name);
    writeFileSync(
      file,
      writeRequirementsTxt({
        header: { command: 'wheelhouse lock requirements.in' },
        options: { noIndex: true, findLinks: [links] },
        pins,
        unsafePins: unsafe,
        allowUnsafe: true,
      }),
    );
    return file;
  }

  it('pip download --require-hashes fetches both files, checked', () => {
    const out = path.join(dir, 'out');
    const r = pip(['download', '--no-index', '--find-links', links, '--require-hashes', '-r', lockfile('ok.txt'), '-d', out]);
    expect(r.output).not.toMatch(/ERROR/);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([path.basename(setuptools as string), path.basename(wheel as string)].sort());
  });

  it('pip install --dry-run --require-hashes resolves it offline', () => {
    const r = pip(['install', '--dry-run', '--ignore-installed', '--no-index', '--find-links', links, '--require-hashes', '-r', lockfile('ok2.txt')]);
    expect(r.status).toBe(0);
    expect(r.output).toMatch(/Would install/);
  });

  it('pip refuses the file when one digest is wrong', () => {
    const r = pip(['download', '--no-index', '--find-links', links, '--require-hashes', '-r', lockfile('bad.txt', true), '-d', path.join(dir, 'out-bad')]);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/DO NOT MATCH THE HASHES/);
  });
});

/**
 * Real wheels nobody here wrote: ensurepip's bundled wheels and Debian's
 * /usr/share/python-wheels (python3-pip-whl, python3-setuptools-whl, python3-wheel-whl).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { hasPython, isolatedPythonEnv, pythonOutput } from './python.js';

export const DEBIAN_WHEELS_DIR = '/usr/share/python-wheels';

export function ensurepipBundledDir(): string | undefined {
  if (!hasPython()) return undefined;
  const dir = pythonOutput('import ensurepip,os;print(os.path.join(os.path.dirname(ensurepip.__file__),"_bundled"))').trim();
  return existsSync(dir) ? dir : undefined;
}

function wheelsIn(dir: string | undefined): string[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.whl'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function debianWheels(): string[] {
  return wheelsIn(DEBIAN_WHEELS_DIR);
}

export function ensurepipWheels(): string[] {
  return wheelsIn(ensurepipBundledDir());
}

/** Debian's setuptools and wheel wheels, when both are there (pip's build backends offline). */
export function debianBuildBackendWheels(): { setuptools: string; wheel: string } | undefined {
  const all = debianWheels();
  const setuptools = all.find((f) => path.basename(f).startsWith('setuptools-'));
  const wheel = all.find((f) => path.basename(f).startsWith('wheel-'));
  return setuptools && wheel ? { setuptools, wheel } : undefined;
}

/**
 * Debian's own python3, when it can make venvs. Debian's setuptools wheel is patched for
 * it (its `install_layout` option comes from Debian's distutils), so builds that use
 * Debian's setuptools and wheel run with this interpreter.
 */
export function debianPython(): string | undefined {
  const exe = '/usr/bin/python3';
  if (!existsSync(exe)) return undefined;
  const r = spawnSync(exe, ['-c', 'import ensurepip, venv'], { env: isolatedPythonEnv() });
  return r.status === 0 ? exe : undefined;
}

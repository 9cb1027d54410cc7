/**
 * Real wheels nobody here wrote: ensurepip's bundled wheels and Debian's
 * /usr/share/python-wheels (python3-pip-whl, python3-setuptools-whl, python3-wheel-whl).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { hasPython, pythonOutput } from './python.js';

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

/**
 * The machine's local PyPI mirror: static PEP 503 trees of real wheels, named as file://
 * indexes in the machine's pip configuration. Found the way ../shared/bench/mirror.py
 * finds them (never a hard-coded path). Tests that need it skip visibly when it is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON } from './python.js';

export interface MirrorRoot {
  /** e.g. "pypi" */
  name: string;
  /** the folder holding simple/ and the files */
  folder: string;
  /** file:// URL of its simple/ tree */
  indexUrl: string;
}

let cached: MirrorRoot[] | undefined;

/** The mirror's indexes, in the order pip's configuration names them; [] when absent. */
export function mirrorRoots(): MirrorRoot[] {
  if (cached) return cached;
  const roots: MirrorRoot[] = [];
  for (const key of ['global.index-url', 'global.extra-index-url']) {
    let out = '';
    try {
      // Reads the machine's pip configuration (that is where the mirror is named); it
      // installs nothing, so it is not isolated the way every other pip run is.
      out = execFileSync(PYTHON, ['-m', 'pip', 'config', 'get', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      continue;
    }
    for (const url of out.split(/\s+/)) {
      if (!url.startsWith('file://')) continue;
      const simple = fileURLToPath(url);
      if (existsSync(simple)) {
        const folder = path.dirname(simple.replace(/\/+$/, ''));
        roots.push({ name: path.basename(folder), folder, indexUrl: url });
      }
    }
  }
  cached = roots;
  return roots;
}

/** The message a test prints when it skips for want of the mirror. */
export const MIRROR_ABSENT = 'SKIPPED: the machine has no local PyPI mirror (python3 ../shared/bench/mirror.py finds none)';

/** Paths of the mirror's files whose names start with `prefix` (e.g. "packaging-"). */
export function mirrorFiles(prefix: string): string[] {
  const found: string[] = [];
  for (const root of mirrorRoots()) {
    const dir = path.join(root.folder, 'files');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.startsWith(prefix)) found.push(path.join(dir, f));
  }
  return found.sort();
}

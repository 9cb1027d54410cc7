/**
 * A local directory named on a requirements line. pip accepts it when it holds a
 * `pyproject.toml` or a `setup.py`, and learns its name by building metadata; a lock needs
 * the name before any build, so we read the static `[project] name` of `pyproject.toml`
 * (PEP 621: `name` can never be dynamic).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';

export interface LocalProject {
  /** pip's `is_installable_dir`: a pyproject.toml or setup.py is there. */
  installable: boolean;
  /** `[project] name` of pyproject.toml, when present. */
  name?: string;
  /** Why the name could not be read, when pyproject.toml exists but does not give it. */
  problem?: string;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export async function pathIsFile(p: string): Promise<boolean> {
  return isFile(p);
}

export async function readLocalProject(dir: string): Promise<LocalProject> {
  const pyproject = path.join(dir, 'pyproject.toml');
  const hasPyproject = await isFile(pyproject);
  const installable = hasPyproject || (await isFile(path.join(dir, 'setup.py')));
  if (!hasPyproject) return { installable };
  let doc: unknown;
  try {
    doc = parseToml(await readFile(pyproject, 'utf8'));
  } catch (e) {
    return { installable, problem: `${pyproject} is not valid TOML: ${(e as Error).message.split('\n')[0] ?? ''}` };
  }
  const project = (doc as { project?: unknown }).project;
  const name = typeof project === 'object' && project !== null ? (project as { name?: unknown }).name : undefined;
  if (typeof name === 'string') return { installable, name };
  return { installable, problem: `${pyproject} has no [project] name` };
}

/**
 * The parts of an sdist's `pyproject.toml` a downloader needs: the `[build-system]`
 * table (PEP 518 `requires`, PEP 517 `build-backend` and `backend-path`), checked the
 * way pip checks it before building.
 */
import { parse, TomlError } from 'smol-toml';
import { MetadataError } from '../errors.js';
import { memberLocation, type ArchiveSource } from './source.js';

export interface PyprojectBuildSystem {
  /** Whether the file has a `[build-system]` table at all. */
  hasBuildSystem: boolean;
  /** `[build-system] requires`: PEP 508 strings as written (parsed by src/pep508 later). */
  requires?: string[];
  buildBackend?: string;
  backendPath?: string[];
  /** `[project] name` / `version` / `dynamic` when present (PEP 621), for display. */
  project?: { name?: string; version?: string; dynamic?: string[] };
}

export function parsePyprojectBuildSystem(text: string, source: ArchiveSource = {}, member = 'pyproject.toml'): PyprojectBuildSystem {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    const line = err instanceof TomlError ? err.line : undefined;
    throw new MetadataError(`${member} is not valid TOML: ${(err as Error).message.split('\n')[0]}`, {
      location: memberLocation(source, member, line),
      expected: 'a TOML file (PEP 518)',
      cause: err,
    });
  }
  const fail = (message: string, text: string, expected: string): never => {
    throw new MetadataError(`invalid pyproject.toml: ${message}`, { location: memberLocation(source, member), text, expected });
  };

  const out: PyprojectBuildSystem = { hasBuildSystem: false };
  const bs = doc['build-system'];
  if (bs !== undefined) {
    if (!isTable(bs)) fail('[build-system] is not a table', JSON.stringify(bs), 'a [build-system] table');
    const table = bs as Record<string, unknown>;
    out.hasBuildSystem = true;
    if ('requires' in table) {
      const req = table['requires'];
      if (!isStringList(req)) fail('[build-system] requires is not a list of strings', JSON.stringify(req), 'requires = ["setuptools>=61", ...]');
      out.requires = req as string[];
    }
    if ('build-backend' in table) {
      const be = table['build-backend'];
      if (typeof be !== 'string' || !/^[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*)?$/.test(be)) {
        fail('[build-system] build-backend is not an object reference', JSON.stringify(be), 'a string such as "setuptools.build_meta" (PEP 517)');
      }
      out.buildBackend = be as string;
    }
    if ('backend-path' in table) {
      const bp = table['backend-path'];
      if (!isStringList(bp)) fail('[build-system] backend-path is not a list of strings', JSON.stringify(bp), 'backend-path = ["."]');
      out.backendPath = bp as string[];
    }
  }
  const project = doc['project'];
  if (isTable(project)) {
    const p = project as Record<string, unknown>;
    const info: { name?: string; version?: string; dynamic?: string[] } = {};
    if (typeof p['name'] === 'string') info.name = p['name'];
    if (typeof p['version'] === 'string') info.version = p['version'];
    if (isStringList(p['dynamic'])) info.dynamic = p['dynamic'] as string[];
    out.project = info;
  }
  return out;
}

function isTable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function isStringList(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

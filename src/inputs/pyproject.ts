/**
 * Reading the dependency tables of a project's `pyproject.toml`: `[project] name`,
 * `dependencies`, `optional-dependencies` and `dynamic` (PEP 621, "Declaring project
 * metadata") and `[dependency-groups]` (PEP 735). Everything is checked with the key
 * path and the line of the offending value; requirement strings of `[project]` are
 * parsed at once (they are the project's metadata), those of dependency groups only when
 * a group is used (PEP 735: tools should not validate groups they do not use).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { ConfigError, WheelhouseError, type Location } from '../errors.js';
import { canonicalizeExtra, canonicalizeName, isValidName } from '../pep508/name.js';
import { parseRequirement, type Requirement } from '../pep508/requirement.js';
import { formatTomlPath, tomlPathKey, tomlPositions, type TomlPath, type TomlPosition } from './toml-positions.js';

/** A requirement string of the file, parsed, with where it is. */
export interface PyprojectRequirement {
  requirement: Requirement;
  /** The string as written. */
  text: string;
  /** Its key path, e.g. `["project", "dependencies", 2]`. */
  path: TomlPath;
  location: Location;
}

/** One entry of a dependency group, not yet validated as a requirement (PEP 735). */
export type DependencyGroupEntry =
  | { kind: 'requirement'; text: string; path: TomlPath; location: Location }
  | { kind: 'include'; group: string; path: TomlPath; location: Location };

export interface DependencyGroup {
  /** The name as written (PEP 735: shown to users as written, compared normalised). */
  name: string;
  entries: DependencyGroupEntry[];
  path: TomlPath;
  location: Location;
}

export interface OptionalDependencies {
  /** The extra as written. */
  name: string;
  requirements: PyprojectRequirement[];
  location: Location;
}

export interface PyprojectProject {
  name: string;
  version?: string;
  /** `project.dynamic`, as written. */
  dynamic: string[];
  /** `project.dependencies`; undefined when the key is absent (see `dynamic`). */
  dependencies?: PyprojectRequirement[];
  /** By normalised extra name. */
  optionalDependencies: Map<string, OptionalDependencies>;
  location: Location;
}

export interface Pyproject {
  /** The file as the user named it (shown in messages and `# via`). */
  file: string;
  /** Absolute path. */
  resolved: string;
  /** `[project]`, when the file has one. */
  project?: PyprojectProject;
  /** `[dependency-groups]` by normalised group name. */
  dependencyGroups: Map<string, DependencyGroup>;
}

class Checker {
  private readonly positions: Map<string, TomlPosition>;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.positions = tomlPositions(text);
  }

  location(path: TomlPath): Location {
    for (let n = path.length; n > 0; n--) {
      const at = this.positions.get(tomlPathKey(path.slice(0, n)));
      if (at) return { file: this.file, line: at.line, column: at.column };
    }
    return { file: this.file };
  }

  fail(path: TomlPath, message: string, value: unknown, expected: string, hint?: string): never {
    throw new ConfigError(`invalid ${path.length > 0 ? formatTomlPath(path) : 'document'} in ${this.file}: ${message}`, {
      location: this.location(path),
      text: typeof value === 'string' ? value : describe(value),
      expected,
      ...(hint === undefined ? {} : { hint }),
    });
  }

  table(value: unknown, path: TomlPath, expected: string): Record<string, unknown> {
    if (!isTable(value)) this.fail(path, `expected a table, found ${kind(value)}`, value, expected);
    return value as Record<string, unknown>;
  }

  stringList(value: unknown, path: TomlPath, expected: string): string[] {
    if (!Array.isArray(value)) this.fail(path, `expected an array of strings, found ${kind(value)}`, value, expected);
    (value as unknown[]).forEach((item, i) => {
      if (typeof item !== 'string') this.fail([...path, i], `expected a string, found ${kind(item)}`, item, expected);
    });
    return value as string[];
  }

  requirement(text: string, path: TomlPath): PyprojectRequirement {
    const location = this.location(path);
    try {
      // Columns point into the string's text: after the opening quote.
      const at = location.column === undefined ? location : { ...location, column: location.column + 1 };
      return { requirement: parseRequirement(text, at), text, path, location };
    } catch (e) {
      if (!(e instanceof WheelhouseError)) throw e;
      throw new ConfigError(`invalid requirement in ${formatTomlPath(path)} of ${this.file}: ${e.message}`, {
        location: e.location?.line !== undefined ? e.location : location,
        text,
        expected: e.expected ?? 'a PEP 508 dependency specifier, e.g. "requests>=2.31"',
        cause: e,
      });
    }
  }
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function kind(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (isTable(v)) return 'a table';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number' || typeof v === 'bigint') return 'a number';
  return typeof v;
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

const DEPENDENCIES_EXAMPLE = 'dependencies = ["requests>=2.31", "rich"]';

function readProject(c: Checker, raw: unknown): PyprojectProject {
  const table = c.table(raw, ['project'], 'a [project] table (PEP 621)');
  const name = table['name'];
  if (name === undefined) {
    c.fail(['project'], '[project] has no name', '[project]', 'name = "my-project" in [project] (PEP 621: the name is always static)');
  }
  if (typeof name !== 'string' || !isValidName(name)) {
    c.fail(['project', 'name'], 'not a valid project name', name, 'ASCII letters, digits, ".", "-" and "_", starting and ending with a letter or digit');
  }
  const version = table['version'];
  if (version !== undefined && typeof version !== 'string') c.fail(['project', 'version'], `expected a string, found ${kind(version)}`, version, 'version = "1.0"');
  const dynamic = table['dynamic'] === undefined ? [] : c.stringList(table['dynamic'], ['project', 'dynamic'], 'dynamic = ["version"]');
  for (const [i, field] of dynamic.entries()) {
    if (field === 'name') c.fail(['project', 'dynamic', i], 'the name cannot be dynamic', field, 'a static [project] name (PEP 621)');
    if (field in table) {
      c.fail(['project', 'dynamic', i], `${JSON.stringify(field)} is listed in dynamic but also given in [project]`, field, 'a field either given statically or listed in dynamic, not both (PEP 621)');
    }
  }
  const project: PyprojectProject = {
    name,
    ...(version === undefined ? {} : { version }),
    dynamic,
    optionalDependencies: new Map(),
    location: c.location(['project']),
  };
  if (table['dependencies'] !== undefined) {
    const list = c.stringList(table['dependencies'], ['project', 'dependencies'], DEPENDENCIES_EXAMPLE);
    project.dependencies = list.map((text, i) => c.requirement(text, ['project', 'dependencies', i]));
  }
  const optional = table['optional-dependencies'];
  if (optional !== undefined) {
    const extras = c.table(optional, ['project', 'optional-dependencies'], '[project.optional-dependencies] with one array of requirements per extra');
    for (const [extra, value] of Object.entries(extras)) {
      const path = ['project', 'optional-dependencies', extra];
      if (!isValidName(extra)) c.fail(path, `${JSON.stringify(extra)} is not a valid extra name`, extra, 'an extra name of ASCII letters, digits, ".", "-" and "_"');
      const key = canonicalizeExtra(extra);
      const earlier = project.optionalDependencies.get(key);
      if (earlier) c.fail(path, `extra ${JSON.stringify(extra)} is the same as ${JSON.stringify(earlier.name)} once normalized`, extra, 'extra names that differ after normalization (PEP 685)');
      const list = c.stringList(value, path, `${extra} = ["pytest"]`);
      project.optionalDependencies.set(key, { name: extra, requirements: list.map((text, i) => c.requirement(text, [...path, i])), location: c.location(path) });
    }
  }
  return project;
}

function readDependencyGroups(c: Checker, raw: unknown): Map<string, DependencyGroup> {
  const groups = new Map<string, DependencyGroup>();
  const table = c.table(raw, ['dependency-groups'], '[dependency-groups] with one array per group (PEP 735)');
  for (const [name, value] of Object.entries(table)) {
    const path = ['dependency-groups', name];
    if (!isValidName(name)) c.fail(path, `${JSON.stringify(name)} is not a valid group name`, name, 'a group name of ASCII letters, digits, ".", "-" and "_" (PEP 735)');
    const key = canonicalizeName(name);
    const earlier = groups.get(key);
    if (earlier) c.fail(path, `group ${JSON.stringify(name)} is the same as ${JSON.stringify(earlier.name)} once normalized`, name, 'group names that differ after normalization (PEP 735)');
    if (!Array.isArray(value)) c.fail(path, `expected an array, found ${kind(value)}`, value, `${name} = ["pytest", {include-group = "lint"}]`);
    const entries = (value as unknown[]).map((item, i): DependencyGroupEntry => {
      const at = [...path, i];
      if (typeof item === 'string') return { kind: 'requirement', text: item, path: at, location: c.location(at) };
      if (isTable(item)) {
        const keys = Object.keys(item);
        const unknown = keys.find((k) => k !== 'include-group');
        if (unknown !== undefined || keys.length === 0) {
          c.fail(at, unknown === undefined ? 'an empty table' : `unknown key ${JSON.stringify(unknown)}`, item, 'a requirement string or {include-group = "NAME"} (PEP 735)');
        }
        const group = item['include-group'];
        if (typeof group !== 'string') c.fail([...at, 'include-group'], `expected a string, found ${kind(group)}`, group, '{include-group = "NAME"}');
        return { kind: 'include', group, path: at, location: c.location([...at, 'include-group']) };
      }
      return c.fail(at, `expected a string or an include-group table, found ${kind(item)}`, item, 'a requirement string or {include-group = "NAME"} (PEP 735)');
    });
    groups.set(key, { name, entries, path, location: c.location(path) });
  }
  return groups;
}

/** Reads the dependency tables of a pyproject.toml text (see the module comment). */
export function parsePyproject(text: string, file: string, resolved: string = path.resolve(file)): Pyproject {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    throw new ConfigError(`${file} is not valid TOML: ${e.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '')}`, {
      location: { file, line: e.line, column: e.column },
      text: text.split('\n')[e.line - 1] ?? '',
      expected: 'a TOML document (toml.io, version 1.0)',
      cause: e,
    });
  }
  const c = new Checker(file, text);
  const out: Pyproject = { file, resolved, dependencyGroups: new Map() };
  if (doc['project'] !== undefined) out.project = readProject(c, doc['project']);
  if (doc['dependency-groups'] !== undefined) out.dependencyGroups = readDependencyGroups(c, doc['dependency-groups']);
  return out;
}

/** Reads `file` (relative to `cwd`) with parsePyproject. */
export async function readPyproject(file: string, options: { cwd?: string } = {}): Promise<Pyproject> {
  const resolved = path.resolve(options.cwd ?? process.cwd(), file);
  let bytes: Buffer;
  try {
    bytes = await readFile(resolved);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`, {
      location: { file },
      text: file,
      expected: 'a readable pyproject.toml',
      cause: e,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new ConfigError(`${file} is not UTF-8 text`, { location: { file }, expected: 'a UTF-8 encoded TOML document', cause: e });
  }
  return parsePyproject(text.replace(/^\uFEFF/, ''), file, resolved);
}

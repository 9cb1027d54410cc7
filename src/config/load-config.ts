/**
 * Reads and validates a wheelhouse.yaml (the keys are those of `wheelhouse lock`'s flags,
 * kebab-case, plus the wheelhouse's own: see CONFIG_KEYS). Every error is a ConfigError
 * naming the file, the key path, its line and column, the value found and what was
 * expected; an unknown key is an error with the closest known key as a suggestion.
 * Relative paths are taken relative to the file's folder.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, WheelhouseError } from '../errors.js';
import { INDEX_STRATEGIES, type IndexStrategy } from '../index/client/options.js';
import { commandLineFormatControl, HASH_POLICIES, parseGroupOption, PRERELEASE_POLICIES, RESOLUTION_STRATEGIES, type BinaryOption } from '../inputs/collect.js';
import { classifyArguments } from '../inputs/command-line.js';
import { parseExcludeNewer } from '../inputs/exclude-newer.js';
import { LOCK_FORMATS, planOutput, type LockFormat } from '../inputs/output-path.js';
import type { HashPolicy } from '../lockfile/model.js';
import { parseRequirement } from '../pep508/requirement.js';
import type { PrereleasePolicy, ResolutionStrategy } from '../resolver/lock-request.js';
import { parseTarget } from '../tags/parse-target.js';
import { parsePythonVersion } from '../tags/python-version.js';
import { createTarget } from '../tags/target.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { ConfigTarget, WheelhouseConfig } from './types.js';
import { formatYamlPath, parseYamlDocument, type YamlDocument, type YamlPath } from './yaml-document.js';

/** The top-level keys, in the order the documentation lists them. */
export const CONFIG_KEYS = [
  'requirements',
  'constraints',
  'extras',
  'all-extras',
  'groups',
  'index-url',
  'extra-index-url',
  'find-links',
  'no-index',
  'index-strategy',
  'targets',
  'only-binary',
  'no-binary',
  'prefer-binary',
  'pre',
  'prerelease',
  'resolution',
  'exclude-newer',
  'hashes',
  'lock',
  'wheelhouse',
  'build-deps',
  'concurrency',
  'verify',
] as const;

export const LOCK_KEYS = ['path', 'format'] as const;
export const WHEELHOUSE_KEYS = ['dir', 'index'] as const;
export const VERIFY_KEYS = ['pip', 'python'] as const;
export const TARGET_OBJECT_KEYS = ['name', 'python-version', 'platform', 'platforms', 'implementation', 'abi', 'abis'] as const;

/** The default name `build` looks for in the working directory. */
export const DEFAULT_CONFIG_FILE = 'wheelhouse.yaml';

export interface LoadConfigOptions {
  /** Where a relative `file` is taken from; default process.cwd(). */
  cwd?: string;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;

/** A URL stays as it is; a path is taken relative to `dir`. */
function pathOrUrl(value: string, dir: string): string {
  if (URL_LIKE.test(value) && !/^[a-z]:[\\/]/i.test(value)) return value;
  return path.resolve(dir, value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `the ${typeof value} ${String(value)}`;
}

function verbatim(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

class Validator {
  constructor(
    private readonly doc: YamlDocument,
    readonly dir: string,
  ) {}

  /** A ConfigError at the value (or key) of `at`. */
  error(at: YamlPath, problem: string, details: { expected?: string; text?: string; hint?: string; atKey?: boolean; cause?: unknown } = {}): ConfigError {
    const position = details.atKey ? this.doc.keyPosition(at) : this.doc.valuePosition(at);
    return new ConfigError(`${formatYamlPath(at)}: ${problem}`, {
      location: { file: this.doc.file, ...(position ? { line: position.line, column: position.column } : {}) },
      ...(details.text === undefined ? {} : { text: details.text }),
      ...(details.expected === undefined ? {} : { expected: details.expected }),
      ...(details.hint === undefined ? {} : { hint: details.hint }),
      ...(details.cause === undefined ? {} : { cause: details.cause }),
    });
  }

  /** Runs `fn`; a WheelhouseError it throws becomes a ConfigError at `at`, keeping its words. */
  wrap<T>(at: YamlPath, fn: () => T, expected?: string): T {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof WheelhouseError) || e instanceof ConfigError) throw e;
      const exp = e.expected ?? expected;
      throw this.error(at, e.message, { ...(e.text === undefined ? {} : { text: e.text }), ...(exp === undefined ? {} : { expected: exp }), ...(e.hint === undefined ? {} : { hint: e.hint }), cause: e });
    }
  }

  mapping(value: unknown, at: YamlPath, known: readonly string[]): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw this.error(at, `expected a mapping, found ${describe(value)}`, { text: verbatim(value), expected: `a mapping with the keys ${known.join(', ')}` });
    }
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const suggestion = didYouMean(key, known);
      throw this.error([...at, key], `unknown key ${JSON.stringify(key)}`, {
        atKey: true,
        text: key,
        expected: `one of: ${known.join(', ')}`,
        ...(suggestion === undefined ? {} : { hint: `did you mean ${JSON.stringify(suggestion)}?` }),
      });
    }
    return obj;
  }

  string(value: unknown, at: YamlPath, expected: string): string {
    if (typeof value !== 'string' || value.trim() === '') {
      const hint = typeof value === 'number' ? `quote it: ${JSON.stringify(String(value))}` : undefined;
      throw this.error(at, typeof value === 'string' ? 'empty' : `expected a string, found ${describe(value)}`, { text: verbatim(value), expected, ...(hint ? { hint } : {}) });
    }
    return value;
  }

  boolean(value: unknown, at: YamlPath): boolean {
    if (typeof value !== 'boolean') throw this.error(at, `expected true or false, found ${describe(value)}`, { text: verbatim(value), expected: 'true or false' });
    return value;
  }

  /** A string or a list of strings. */
  strings(value: unknown, at: YamlPath, expected: string): string[] {
    if (typeof value === 'string') return [this.string(value, at, expected)];
    if (!Array.isArray(value)) throw this.error(at, `expected a string or a list of strings, found ${describe(value)}`, { text: verbatim(value), expected: `a list of ${expected}` });
    return value.map((item, i) => this.string(item, [...at, i], expected));
  }

  oneOf<T extends string>(value: unknown, at: YamlPath, options: readonly T[]): T {
    if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
      const suggestion = typeof value === 'string' ? didYouMean(value, options) : undefined;
      throw this.error(at, `expected one of ${options.join(', ')}, found ${describe(value)}`, {
        text: verbatim(value),
        expected: `one of: ${options.join(', ')}`,
        ...(suggestion === undefined ? {} : { hint: `did you mean ${JSON.stringify(suggestion)}?` }),
      });
    }
    return value as T;
  }

  positiveInteger(value: unknown, at: YamlPath): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw this.error(at, `expected a whole number of at least 1, found ${describe(value)}`, { text: verbatim(value), expected: 'a whole number of at least 1, e.g. 8' });
    }
    return value;
  }
}

function requirements(v: Validator, value: unknown, out: WheelhouseConfig): void {
  const entries = v.strings(value, ['requirements'], 'input files (requirements.in, pyproject.toml) or requirements ("flask>=3")');
  const files: string[] = [];
  const strings: string[] = [];
  entries.forEach((entry, i) => {
    const at = ['requirements', i];
    const sorted = v.wrap(at, () => classifyArguments([entry], v.dir));
    for (const f of sorted.files) {
      const full = path.resolve(v.dir, f.file);
      if (!existsSync(full) || !statSync(full).isFile()) {
        throw v.error(at, `${f.file}: no such file (relative paths are taken from ${v.dir})`, {
          text: entry,
          expected: 'an existing requirements file or pyproject.toml, or a PEP 508 requirement',
        });
      }
      files.push(full);
    }
    for (const r of sorted.requirements) {
      v.wrap(at, () => parseRequirement(r), 'a PEP 508 requirement such as "flask>=3"');
      strings.push(r);
    }
  });
  if (files.length > 0) out.requirementFiles = files;
  if (strings.length > 0) out.requirementStrings = strings;
}

function targetObject(v: Validator, value: unknown, at: YamlPath): ConfigTarget {
  const obj = v.mapping(value, at, TARGET_OBJECT_KEYS);
  const both = (one: string, many: string): void => {
    if (one in obj && many in obj) throw v.error([...at, many], `give either ${one} or ${many}, not both`, { atKey: true, expected: `${one}: X or ${many}: [X, Y]` });
  };
  both('platform', 'platforms');
  both('abi', 'abis');
  const pv = obj['python-version'];
  if (pv === undefined) throw v.error(at, 'a target needs python-version', { expected: 'python-version: "3.12" (quoted, so that 3.10 stays 3.10)' });
  if (typeof pv === 'number') {
    throw v.error([...at, 'python-version'], 'the Python version must be quoted: YAML reads an unquoted 3.10 as the number 3.1', { text: String(pv), expected: 'a quoted version such as "3.12"', hint: 'quote the version as written, e.g. python-version: "3.10"' });
  }
  const pythonText = v.string(pv, [...at, 'python-version'], 'a Python version such as "3.12"');
  const python = v.wrap([...at, 'python-version'], () => parsePythonVersion(pythonText));
  const platformKey = 'platforms' in obj ? 'platforms' : 'platform';
  if (obj[platformKey] === undefined) throw v.error(at, 'a target needs platform (or platforms)', { expected: 'platform: manylinux_2_28_x86_64, win_amd64, macosx_11_0_arm64, …' });
  const platforms = v.strings(obj[platformKey], [...at, platformKey], 'platform tags such as manylinux_2_28_x86_64');
  const abiKey = 'abis' in obj ? 'abis' : 'abi';
  const abis = obj[abiKey] === undefined ? undefined : v.strings(obj[abiKey], [...at, abiKey], 'ABI tags such as cp312 or abi3');
  const implementation = obj['implementation'] === undefined ? undefined : v.string(obj['implementation'], [...at, 'implementation'], 'cp, pp, … (PEP 425)');
  const name = obj['name'] === undefined ? undefined : v.string(obj['name'], [...at, 'name'], 'a name for the target');
  const target = v.wrap(at, () =>
    createTarget({
      python,
      platforms,
      ...(abis === undefined ? {} : { abis }),
      ...(implementation === undefined ? {} : { implementation }),
      ...(name === undefined ? {} : { name }),
    }),
  );
  return { kind: 'target', target };
}

/** `targets`: short spellings (`cp312-win_amd64`, `linux-x86_64@3.12`), `host`, or objects. */
function targets(v: Validator, value: unknown): ConfigTarget[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw v.error(['targets'], Array.isArray(list) ? 'the list is empty' : `expected a list, found ${describe(value)}`, {
      text: verbatim(value),
      expected: 'a list of targets: host, cp312-manylinux_2_28_x86_64, linux-x86_64@3.12, or {python-version, platform, implementation, abi}',
    });
  }
  return list.map((item, i): ConfigTarget => {
    const at = ['targets', i];
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) return targetObject(v, item, at);
    const text = v.string(item, at, 'a target: host, cp312-manylinux_2_28_x86_64, linux-x86_64@3.12, …');
    if (text === 'host') return { kind: 'host' };
    return { kind: 'target', target: v.wrap(at, () => parseTarget(text)) };
  });
}

function binary(v: Validator, obj: Record<string, unknown>): BinaryOption[] {
  const out: BinaryOption[] = [];
  for (const key of Object.keys(obj)) {
    if (key !== 'only-binary' && key !== 'no-binary') continue;
    const values = v.strings(obj[key], [key], ':all:, :none: or project names');
    values.forEach((value, i) => {
      const at = typeof obj[key] === 'string' ? [key] : [key, i];
      v.wrap(at, () => commandLineFormatControl([{ option: key, value }]));
      out.push({ option: key, value });
    });
  }
  return out;
}

/** Validates the parsed document of `file` (absolute) into a WheelhouseConfig. */
export function validateConfig(doc: YamlDocument, file: string): WheelhouseConfig {
  const dir = path.dirname(file);
  const v = new Validator(doc, dir);
  if (doc.value === null || doc.value === undefined) {
    throw v.error([], 'the file is empty', { expected: 'a mapping of wheelhouse settings, at least requirements and targets (wheelhouse init writes a starter)' });
  }
  const obj = v.mapping(doc.value, [], CONFIG_KEYS);
  const out: WheelhouseConfig = { file, dir };
  const has = (key: string): boolean => obj[key] !== undefined && obj[key] !== null;

  if (has('requirements')) requirements(v, obj['requirements'], out);
  if (has('constraints')) {
    out.constraints = v.strings(obj['constraints'], ['constraints'], 'constraint files').map((c, i) => {
      const full = path.resolve(dir, c);
      if (!existsSync(full)) throw v.error(typeof obj['constraints'] === 'string' ? ['constraints'] : ['constraints', i], `${c}: no such file`, { text: c, expected: 'an existing constraints file (relative to the config file)' });
      return full;
    });
  }
  if (has('extras')) out.extras = v.strings(obj['extras'], ['extras'], 'extra names of the pyproject.toml inputs');
  if (has('all-extras')) out.allExtras = v.boolean(obj['all-extras'], ['all-extras']);
  if (out.allExtras && out.extras?.length) throw v.error(['extras'], 'extras has no effect with all-extras: true', { atKey: true, expected: 'either extras or all-extras: true' });
  if (has('groups')) {
    out.groups = v.strings(obj['groups'], ['groups'], 'dependency groups: NAME or PATH/pyproject.toml:NAME').map((g, i) => {
      const at = typeof obj['groups'] === 'string' ? ['groups'] : ['groups', i];
      const parsed = v.wrap(at, () => parseGroupOption(g, 'pyproject.toml'));
      return g.lastIndexOf(':') > 0 ? `${path.resolve(dir, parsed.file)}:${parsed.group}` : g;
    });
  }
  if (has('index-url')) out.indexUrl = pathOrUrl(v.string(obj['index-url'], ['index-url'], 'an index URL or the path of a local PEP 503 tree'), dir);
  if (has('extra-index-url')) out.extraIndexUrls = v.strings(obj['extra-index-url'], ['extra-index-url'], 'index URLs').map((u) => pathOrUrl(u, dir));
  if (has('find-links')) out.findLinks = v.strings(obj['find-links'], ['find-links'], 'folders, HTML pages or URLs').map((u) => pathOrUrl(u, dir));
  if (has('no-index')) out.noIndex = v.boolean(obj['no-index'], ['no-index']);
  if (has('index-strategy')) out.indexStrategy = v.oneOf<IndexStrategy>(obj['index-strategy'], ['index-strategy'], INDEX_STRATEGIES);
  if (has('targets')) out.targets = targets(v, obj['targets']);
  const bin = binary(v, obj);
  if (bin.length > 0) out.binary = bin;
  if (has('prefer-binary')) out.preferBinary = v.boolean(obj['prefer-binary'], ['prefer-binary']);
  if (has('pre')) out.pre = v.boolean(obj['pre'], ['pre']);
  if (has('prerelease')) out.prerelease = v.oneOf<PrereleasePolicy>(obj['prerelease'], ['prerelease'], PRERELEASE_POLICIES);
  if (out.pre && out.prerelease !== undefined && out.prerelease !== 'allow') {
    throw v.error(['prerelease'], `pre: true means prerelease: allow; it cannot be combined with prerelease: ${out.prerelease}`, { text: out.prerelease, expected: 'either pre: true or prerelease: MODE' });
  }
  if (has('resolution')) out.resolution = v.oneOf<ResolutionStrategy>(obj['resolution'], ['resolution'], RESOLUTION_STRATEGIES);
  if (has('exclude-newer')) {
    const text = v.string(obj['exclude-newer'], ['exclude-newer'], 'a date or date-time: 2024-06-01 or 2024-06-01T12:30:00Z');
    v.wrap(['exclude-newer'], () => parseExcludeNewer(text));
    out.excludeNewer = text;
  }
  if (has('hashes')) out.hashes = v.oneOf<HashPolicy>(obj['hashes'], ['hashes'], HASH_POLICIES);
  if (has('lock')) {
    const lock = v.mapping(obj['lock'], ['lock'], LOCK_KEYS);
    out.lock = {};
    if (lock['format'] !== undefined && lock['format'] !== null) out.lock.format = v.oneOf<LockFormat>(lock['format'], ['lock', 'format'], LOCK_FORMATS);
    if (lock['path'] !== undefined && lock['path'] !== null) {
      const p = v.string(lock['path'], ['lock', 'path'], 'the lockfile path (requirements.txt, pylock.toml)');
      if (p === '-') throw v.error(['lock', 'path'], 'build writes the lock to a file', { text: p, expected: 'a file path such as requirements.txt or pylock.toml' });
      const format = out.lock.format;
      v.wrap(['lock', 'path'], () => planOutput({ inputs: [], outputFile: p, ...(format === undefined ? {} : { format }), cwd: dir }));
      out.lock.path = path.resolve(dir, p);
    }
  }
  if (has('wheelhouse')) {
    const w = v.mapping(obj['wheelhouse'], ['wheelhouse'], WHEELHOUSE_KEYS);
    out.wheelhouse = {};
    if (w['dir'] !== undefined && w['dir'] !== null) out.wheelhouse.dir = path.resolve(dir, v.string(w['dir'], ['wheelhouse', 'dir'], 'the wheelhouse folder'));
    if (w['index'] !== undefined && w['index'] !== null) out.wheelhouse.index = v.boolean(w['index'], ['wheelhouse', 'index']);
  }
  if (has('build-deps')) out.buildDeps = v.boolean(obj['build-deps'], ['build-deps']);
  if (has('concurrency')) out.concurrency = v.positiveInteger(obj['concurrency'], ['concurrency']);
  if (has('verify')) {
    const ver = v.mapping(obj['verify'], ['verify'], VERIFY_KEYS);
    out.verify = {};
    if (ver['pip'] !== undefined && ver['pip'] !== null) out.verify.pip = v.boolean(ver['pip'], ['verify', 'pip']);
    if (ver['python'] !== undefined && ver['python'] !== null) {
      const py = v.string(ver['python'], ['verify', 'python'], 'a Python interpreter: python3, /usr/bin/python3.12, .venv/bin/python');
      out.verify.python = py.includes('/') || py.includes(path.sep) ? path.resolve(dir, py) : py;
    }
  }
  return out;
}

/** Parses and validates `text`, the contents of `file` (as the user names it; made absolute against `cwd`). */
export function parseConfig(text: string, file: string, options: LoadConfigOptions = {}): WheelhouseConfig {
  const absolute = path.resolve(options.cwd ?? process.cwd(), file);
  return validateConfig(parseYamlDocument(text, file), absolute);
}

/** Reads, parses and validates a wheelhouse.yaml. */
export async function loadConfig(file: string, options: LoadConfigOptions = {}): Promise<WheelhouseConfig> {
  const absolute = path.resolve(options.cwd ?? process.cwd(), file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `${file}: no such file` : `${file} cannot be read: ${(e as Error).message}`, {
      location: { file },
      expected: 'a wheelhouse.yaml (wheelhouse init writes a starter)',
      ...(code === 'ENOENT' ? { hint: 'wheelhouse init writes a commented wheelhouse.yaml to start from' } : {}),
      cause: e,
    });
  }
  return parseConfig(text, file, options);
}

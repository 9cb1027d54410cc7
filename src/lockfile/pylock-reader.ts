/**
 * Reading PEP 751 `pylock.toml` into a Lock, checking every key against the specification
 * (packaging.python.org, "pylock.toml Specification"): required keys, types, at most one
 * kind of source per package, names normalised, hashes present, file names that belong to
 * their package. `lock-version` must have major version 1 (anything else is an error); a
 * newer minor version turns unknown keys from errors into warnings, as the specification
 * asks. Each error is a LockfileError naming the file, the TOML key path
 * (`packages[2].wheels[0].hashes`) and what was expected there.
 *
 * What wheelhouse wrote in `[tool.wheelhouse]` and `[packages.tool.wheelhouse]` comes back
 * into the lock (targets, hash policy, options, why each package is there). A pylock.toml
 * from another tool reads as a lock without targets, with hash policy "all".
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, TomlDate, TomlError } from 'smol-toml';
import { LockfileError, WheelhouseError } from '../errors.js';
import { parseSdistFilename, parseWheelFilename, unsafeFilenameReason } from '../filenames/index.js';
import { canonicalizeName, isValidName as isValidProjectName } from '../pep508/name.js';
import { MARKER_VARIABLES, type MarkerEnvironment, type MarkerVariable } from '../pep508/environment.js';
import { unquote } from '../requirements-txt/links.js';
import { checkMarkerText, checkSpecifierText } from './marker-text.js';
import type {
  AttestationIdentity,
  DirectReference,
  FileHashes,
  HashPolicy,
  Lock,
  LockedDependency,
  LockedFile,
  LockedPackage,
  LockOptions,
  LockTarget,
} from './model.js';
import { ungroupTags } from './tag-groups.js';
import { formatUploadTime } from './upload-time.js';
import { isVersionText, versionsEqual } from './version-text.js';

export interface ReadPylockOptions {
  /** The lock file's path: named in errors, and relative `path` keys are taken from its directory. Default "pylock.toml". */
  file?: string;
}

export interface PylockRead {
  lock: Lock;
  /** `lock-version` as written. */
  lockVersion: string;
  createdBy: string;
  /** `environments` as written, when given. */
  environments?: string[];
  /** Things the file does that the specification discourages, and unknown keys of a newer minor version. */
  warnings: string[];
}

type Table = Record<string, unknown>;

/** Digest lengths of the algorithms in hashlib.algorithms_guaranteed. */
const DIGEST_LENGTHS: Record<string, number> = {
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
  sha3_224: 56,
  sha3_256: 64,
  sha3_384: 96,
  sha3_512: 128,
  blake2b: 128,
  blake2s: 64,
};

const VCS_TYPES = ['git', 'hg', 'bzr', 'svn'];
const TOP_KEYS = ['lock-version', 'environments', 'requires-python', 'extras', 'dependency-groups', 'default-groups', 'created-by', 'packages', 'tool'];
const PACKAGE_KEYS = ['name', 'version', 'marker', 'requires-python', 'dependencies', 'vcs', 'directory', 'archive', 'index', 'sdist', 'wheels', 'attestation-identities', 'tool'];
const VCS_KEYS = ['type', 'url', 'path', 'requested-revision', 'commit-id', 'subdirectory'];
const DIRECTORY_KEYS = ['path', 'editable', 'subdirectory'];
const ARCHIVE_KEYS = ['url', 'path', 'size', 'upload-time', 'hashes', 'subdirectory'];
const FILE_KEYS = ['name', 'upload-time', 'url', 'path', 'size', 'hashes'];

function typeName(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'bigint') return 'an integer too large for this reader';
  // smol-toml gives 1.0 and 1 as the same number.
  if (typeof value === 'number') return Number.isInteger(value) ? 'a number' : 'a float';
  if (value instanceof TomlDate) return value.isDateTime() ? 'a date-time' : value.isDate() ? 'a date' : 'a time';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'a table';
  return typeof value;
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof TomlDate);
}

/** The file being read: where errors point, and what unknown keys mean. */
class PylockChecker {
  readonly warnings: string[] = [];
  /** Unknown keys are warnings (newer minor version) or errors. */
  lenient = false;

  constructor(readonly file: string) {}

  fail(keyPath: string, message: string, expected: string, text?: string): LockfileError {
    return new LockfileError(`${this.file}: ${keyPath === '' ? '' : `${keyPath}: `}${message}`, {
      location: { file: this.file },
      text: text ?? keyPath,
      expected,
    });
  }

  warn(keyPath: string, message: string): void {
    this.warnings.push(`${this.file}: ${keyPath}: ${message}`);
  }

  keyPath(parent: string, key: string | number): string {
    if (typeof key === 'number') return `${parent}[${key}]`;
    const k = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
    return parent === '' ? k : `${parent}.${k}`;
  }

  knownKeys(table: Table, at: string, known: readonly string[]): void {
    for (const key of Object.keys(table)) {
      if (known.includes(key)) continue;
      const where = this.keyPath(at, key);
      if (this.lenient) this.warn(where, 'unknown key (the file has a newer minor lock-version; ignored)');
      else throw this.fail(where, 'unknown key', `one of ${known.join(', ')} (lock-version 1.0)`, key);
    }
  }

  string(table: Table, at: string, key: string, required: true): string;
  string(table: Table, at: string, key: string, required?: false): string | undefined;
  string(table: Table, at: string, key: string, required = false): string | undefined {
    const value = table[key];
    const where = this.keyPath(at, key);
    if (value === undefined) {
      if (required) throw this.fail(where, 'missing required key', 'a string');
      return undefined;
    }
    if (typeof value !== 'string') throw this.fail(where, `expected a string, found ${typeName(value)}`, 'a string');
    return value;
  }

  boolean(table: Table, at: string, key: string): boolean | undefined {
    const value = table[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw this.fail(this.keyPath(at, key), `expected a boolean, found ${typeName(value)}`, 'true or false');
    return value;
  }

  size(table: Table, at: string, key: string): number | undefined {
    const value = table[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw this.fail(this.keyPath(at, key), `expected a file size, found ${typeName(value)}${typeof value === 'number' ? ` (${value})` : ''}`, 'a non-negative integer');
    }
    return value;
  }

  strings(table: Table, at: string, key: string): string[] | undefined {
    const value = table[key];
    const where = this.keyPath(at, key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.fail(where, `expected an array of strings, found ${typeName(value)}`, 'an array of strings');
    value.forEach((v, i) => {
      if (typeof v !== 'string') throw this.fail(this.keyPath(where, i), `expected a string, found ${typeName(v)}`, 'a string');
    });
    return value as string[];
  }

  table(table: Table, at: string, key: string, required = false): Table | undefined {
    const value = table[key];
    const where = this.keyPath(at, key);
    if (value === undefined) {
      if (required) throw this.fail(where, 'missing required key', 'a table');
      return undefined;
    }
    if (!isTable(value)) throw this.fail(where, `expected a table, found ${typeName(value)}`, 'a table');
    return value;
  }

  tables(table: Table, at: string, key: string, required = false): Table[] | undefined {
    const value = table[key];
    const where = this.keyPath(at, key);
    if (value === undefined) {
      if (required) throw this.fail(where, 'missing required key', 'an array of tables');
      return undefined;
    }
    if (!Array.isArray(value)) throw this.fail(where, `expected an array of tables, found ${typeName(value)}`, 'an array of tables');
    value.forEach((v, i) => {
      if (!isTable(v)) throw this.fail(this.keyPath(where, i), `expected a table, found ${typeName(v)}`, 'a table');
    });
    return value as Table[];
  }

  marker(table: Table, at: string, key: string, lockFile: boolean): string | undefined {
    const value = this.string(table, at, key);
    if (value === undefined) return undefined;
    const problem = checkMarkerText(value, { lockFile });
    if (problem) throw this.fail(this.keyPath(at, key), `invalid marker: ${problem.message} at column ${problem.offset + 1}`, problem.expected, value);
    return value;
  }

  specifier(table: Table, at: string, key: string): string | undefined {
    const value = this.string(table, at, key);
    if (value === undefined) return undefined;
    const problem = checkSpecifierText(value);
    if (problem) throw this.fail(this.keyPath(at, key), `invalid version specifier: ${problem.message}`, problem.expected, value);
    return value;
  }

  normalizedName(value: string, where: string): string {
    if (!isValidProjectName(value) || canonicalizeName(value) !== value) {
      throw this.fail(where, `name ${JSON.stringify(value)} is not normalized`, `the normalized name ${JSON.stringify(canonicalizeName(value))} (PEP 503: lowercase, runs of -_. as one -)`, value);
    }
    return value;
  }

  uploadTime(table: Table, at: string): string | undefined {
    const value = table['upload-time'];
    const where = this.keyPath(at, 'upload-time');
    if (value === undefined) return undefined;
    if (!(value instanceof TomlDate) || !value.isDateTime()) {
      throw this.fail(where, `expected a date-time, found ${typeName(value)}`, 'a TOML offset date-time in UTC, e.g. 2025-01-25T11:30:10Z');
    }
    if (value.isLocal()) this.warn(where, 'a local date-time: read as UTC (the specification asks for UTC)');
    else if (!/(?:Z|[+-]00:00)$/i.test(value.toISOString())) this.warn(where, 'not in UTC (the specification asks for UTC): converted');
    return formatUploadTime(new Date(value.getTime()));
  }

  hashes(table: Table, at: string): FileHashes {
    const where = this.keyPath(at, 'hashes');
    const value = this.table(table, at, 'hashes', true) as Table;
    const out: Record<string, string> = {};
    for (const [algorithm, digest] of Object.entries(value)) {
      const here = this.keyPath(where, algorithm);
      if (typeof digest !== 'string') throw this.fail(here, `expected a hex digest, found ${typeName(digest)}`, 'a string of hexadecimal digits');
      const length = DIGEST_LENGTHS[algorithm.toLowerCase()];
      if (!/^[0-9a-fA-F]+$/.test(digest) || (length !== undefined && digest.length !== length)) {
        throw this.fail(here, `invalid ${algorithm} digest`, length === undefined ? 'hexadecimal digits' : `${length} hexadecimal digits`, digest);
      }
      if (algorithm !== algorithm.toLowerCase()) this.warn(here, 'hash algorithm names should be lowercase');
      out[algorithm.toLowerCase()] = digest.toLowerCase();
    }
    if (Object.keys(out).length === 0) throw this.fail(where, 'no hash', 'at least one hash, e.g. { sha256 = "..." }');
    if (out['sha256'] === undefined) {
      throw this.fail(where, `no sha256 among ${Object.keys(out).join(', ')}`, 'a sha256 hash (the specification recommends it; wheelhouse checks every file by it)');
    }
    return out as FileHashes;
  }

  url(table: Table, at: string, key = 'url'): string | undefined {
    const value = this.string(table, at, key);
    if (value === undefined) return undefined;
    try {
      new URL(value);
    } catch {
      throw this.fail(this.keyPath(at, key), 'not an absolute URL', 'an absolute URL such as https://files.example/f.whl', value);
    }
    return value;
  }
}

/** The last component of a path (either separator) or of a URL's path, unquoted. */
function lastComponent(p: string | undefined, url: string | undefined): string | undefined {
  if (p !== undefined && p !== '') return p.split(/[/\\]/).pop();
  if (url === undefined) return undefined;
  const pathname = new URL(url).pathname;
  return unquote(pathname.slice(pathname.lastIndexOf('/') + 1)) || undefined;
}

/** What a package's files are checked against. */
interface PackageHeader {
  name: string;
  version?: string;
}

class PylockReader {
  constructor(
    private readonly c: PylockChecker,
    private readonly lockDir: string,
  ) {}

  private fileUrl(p: string): string {
    return pathToFileURL(path.resolve(this.lockDir, p)).href;
  }

  /** An sdist or wheel table. */
  distribution(t: Table, at: string, pkg: PackageHeader, kind: 'sdist' | 'wheel'): LockedFile {
    this.c.knownKeys(t, at, FILE_KEYS);
    const url = this.c.url(t, at);
    const filePath = this.c.string(t, at, 'path');
    if (url === undefined && filePath === undefined) throw this.c.fail(at, 'neither url nor path', 'a url, a path, or both');
    const filename = this.c.string(t, at, 'name') ?? lastComponent(filePath, url);
    if (filename === undefined) throw this.c.fail(at, 'no file name', 'a name, or a url or path ending in the file name');
    try {
      const parsed = kind === 'wheel' ? parseWheelFilename(filename) : parseSdistFilename(filename, pkg.name);
      const version = 'unescapedVersion' in parsed ? parsed.unescapedVersion : parsed.version;
      if (parsed.normalizedName !== pkg.name) throw this.c.fail(at, `${filename} is not a file of ${pkg.name}`, `a ${kind} of ${pkg.name}`, filename);
      if (pkg.version !== undefined && !versionsEqual(version, pkg.version)) {
        throw this.c.fail(at, `${filename} is not version ${pkg.version}`, `a ${kind} of ${pkg.name} ${pkg.version}`, filename);
      }
    } catch (e) {
      if (e instanceof LockfileError || !(e instanceof WheelhouseError)) throw e;
      throw this.c.fail(at, `invalid ${kind} file name: ${e.message}`, e.expected ?? `a ${kind} file name`, filename);
    }
    const file: LockedFile = { filename, kind, url: url ?? this.fileUrl(filePath as string), hashes: this.c.hashes(t, at) };
    const size = this.c.size(t, at, 'size');
    if (size !== undefined) file.size = size;
    const uploaded = this.c.uploadTime(t, at);
    if (uploaded !== undefined) file.uploadTime = uploaded;
    if (filePath !== undefined) file.path = filePath;
    return file;
  }

  private vcs(t: Table, at: string): DirectReference {
    this.c.knownKeys(t, at, VCS_KEYS);
    const type = this.c.string(t, at, 'type', true);
    if (!VCS_TYPES.includes(type)) throw this.c.fail(this.c.keyPath(at, 'type'), `unknown VCS ${JSON.stringify(type)}`, `one of ${VCS_TYPES.join(', ')} (the registered VCS names)`, type);
    const url = this.c.url(t, at);
    const vcsPath = this.c.string(t, at, 'path');
    if (url === undefined && vcsPath === undefined) throw this.c.fail(at, 'neither url nor path', 'the repository URL or a local path');
    const revision = this.c.string(t, at, 'requested-revision');
    const commit = this.c.string(t, at, 'commit-id', true);
    const base = url ?? this.fileUrl(vcsPath as string);
    const direct: DirectReference = { kind: 'vcs', url: `${type}+${base}${revision === undefined ? '' : `@${revision}`}`, commit };
    const sub = this.c.string(t, at, 'subdirectory');
    if (sub !== undefined) direct.subdirectory = sub;
    return direct;
  }

  private directory(t: Table, at: string): DirectReference {
    this.c.knownKeys(t, at, DIRECTORY_KEYS);
    const direct: DirectReference = { kind: 'path', url: this.c.string(t, at, 'path', true) };
    if (this.c.boolean(t, at, 'editable')) direct.editable = true;
    const sub = this.c.string(t, at, 'subdirectory');
    if (sub !== undefined) direct.subdirectory = sub;
    return direct;
  }

  private archive(t: Table, at: string): { direct: DirectReference; file: LockedFile } {
    this.c.knownKeys(t, at, ARCHIVE_KEYS);
    const url = this.c.url(t, at);
    const archivePath = this.c.string(t, at, 'path');
    if (url === undefined && archivePath === undefined) throw this.c.fail(at, 'neither url nor path', 'a url, a path, or both');
    const filename = lastComponent(archivePath, url);
    if (filename === undefined) throw this.c.fail(at, 'no file name', 'a url or path ending in the file name');
    // The name a downloader would write the archive under: never one that leaves its folder.
    const unsafe = unsafeFilenameReason(filename);
    if (unsafe !== undefined) throw this.c.fail(at, `unsafe archive file name: ${unsafe}`, 'a url or path ending in a plain file name (no directories, "..", drive letters or control characters)', filename);
    const direct: DirectReference = url !== undefined ? { kind: 'url', url } : { kind: 'path', url: archivePath as string };
    const sub = this.c.string(t, at, 'subdirectory');
    if (sub !== undefined) direct.subdirectory = sub;
    const file: LockedFile = { filename, kind: filename.toLowerCase().endsWith('.whl') ? 'wheel' : 'sdist', url: url ?? this.fileUrl(archivePath as string), hashes: this.c.hashes(t, at) };
    const size = this.c.size(t, at, 'size');
    if (size !== undefined) file.size = size;
    const uploaded = this.c.uploadTime(t, at);
    if (uploaded !== undefined) file.uploadTime = uploaded;
    if (url !== undefined && archivePath !== undefined) file.path = archivePath;
    return { direct, file };
  }

  private attestationIdentities(t: Table, at: string): AttestationIdentity[] | undefined {
    const list = this.c.tables(t, at, 'attestation-identities');
    if (list === undefined) return undefined;
    return list.map((identity, i) => {
      const here = this.c.keyPath(this.c.keyPath(at, 'attestation-identities'), i);
      const out: Record<string, string | number | boolean> = { kind: this.c.string(identity, here, 'kind', true) };
      for (const [key, value] of Object.entries(identity)) {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
          throw this.c.fail(this.c.keyPath(here, key), `expected a string, found ${typeName(value)}`, 'publisher keys with string values (PEP 740)');
        }
        out[key] = value;
      }
      return out as AttestationIdentity;
    });
  }

  private dependencies(t: Table, at: string, tool: Table | undefined, toolAt: string): LockedDependency[] {
    const full = tool === undefined ? undefined : this.c.tables(tool, toolAt, 'dependencies');
    if (full !== undefined) {
      return full.map((d, i) => {
        const here = this.c.keyPath(this.c.keyPath(toolAt, 'dependencies'), i);
        const dep: LockedDependency = { name: this.c.string(d, here, 'name', true) };
        const extras = this.c.strings(d, here, 'extras');
        if (extras !== undefined) dep.extras = extras;
        const marker = this.c.marker(d, here, 'marker', false);
        if (marker !== undefined) dep.marker = marker;
        return dep;
      });
    }
    const entries = this.c.tables(t, at, 'dependencies') ?? [];
    // Informational only (PEP 751): entries name a package, or identify it by other keys.
    return entries.flatMap((d, i) => {
      const name = this.c.string(d, this.c.keyPath(this.c.keyPath(at, 'dependencies'), i), 'name');
      return name === undefined ? [] : [{ name }];
    });
  }

  /** `[packages.tool.wheelhouse]`: what wheelhouse wrote for itself. */
  private applyTool(pkg: LockedPackage, tool: Table, at: string, index: string | undefined, sdistsFrom: (t: Table, at: string) => LockedFile): void {
    this.c.knownKeys(tool, at, ['version', 'editable', 'targets', 'extras', 'via', 'dependencies', 'files', 'sdists']);
    const version = this.c.string(tool, at, 'version');
    if (version !== undefined && pkg.version === '') pkg.version = version;
    if (this.c.boolean(tool, at, 'editable') && pkg.direct) pkg.direct.editable = true;
    pkg.targets = this.c.strings(tool, at, 'targets') ?? [];
    pkg.extras = this.c.strings(tool, at, 'extras') ?? [];
    pkg.via = this.c.strings(tool, at, 'via') ?? [];
    for (const [i, t] of (this.c.tables(tool, at, 'sdists') ?? []).entries()) {
      const sdist = sdistsFrom(t, this.c.keyPath(this.c.keyPath(at, 'sdists'), i));
      if (index !== undefined) sdist.index = index;
      pkg.files.push(sdist);
    }
    for (const [i, detail] of (this.c.tables(tool, at, 'files') ?? []).entries()) {
      const here = this.c.keyPath(this.c.keyPath(at, 'files'), i);
      this.c.knownKeys(detail, here, ['name', 'index', 'requires-python', 'yanked']);
      const name = this.c.string(detail, here, 'name', true);
      const file = pkg.files.find((f) => f.filename === name);
      if (!file) throw this.c.fail(here, `no file ${name} in this package`, 'the name of one of the package\'s files', name);
      const index = this.c.string(detail, here, 'index');
      if (index !== undefined) file.index = index;
      const requiresPython = this.c.specifier(detail, here, 'requires-python');
      if (requiresPython !== undefined) file.requiresPython = requiresPython;
      const yanked = detail['yanked'];
      if (yanked !== undefined) {
        if (typeof yanked !== 'string' && yanked !== false) throw this.c.fail(this.c.keyPath(here, 'yanked'), `expected false or a reason, found ${typeName(yanked)}`, 'false, or the reason as a string');
        file.yanked = yanked;
      }
    }
  }

  /** The version the file names give, for a package without `version` (a SHOULD of PEP 751). */
  private versionFromFiles(pkg: LockedPackage, at: string): string {
    const versions = pkg.files.map((f) => (f.kind === 'wheel' ? parseWheelFilename(f.filename).unescapedVersion : parseSdistFilename(f.filename, pkg.name).version));
    const [first] = versions;
    if (first === undefined) return '';
    const other = versions.find((v) => !versionsEqual(v, first));
    if (other !== undefined) throw this.c.fail(at, `no version, and its files are of versions ${first} and ${other}`, 'a version, or files of one version');
    this.c.warn(this.c.keyPath(at, 'version'), `missing; ${first} taken from the file names`);
    return first;
  }

  packageAt(t: Table, at: string): LockedPackage {
    this.c.knownKeys(t, at, PACKAGE_KEYS);
    const name = this.c.normalizedName(this.c.string(t, at, 'name', true), this.c.keyPath(at, 'name'));
    const version = this.c.string(t, at, 'version');
    if (version !== undefined && !isVersionText(version)) throw this.c.fail(this.c.keyPath(at, 'version'), `invalid version ${JSON.stringify(version)}`, 'a PEP 440 version', version);
    const header: PackageHeader = { name, ...(version === undefined ? {} : { version }) };
    const sources = ['vcs', 'directory', 'archive', 'sdist', 'wheels'].filter((k) => t[k] !== undefined);
    const direct = sources.filter((k) => k === 'vcs' || k === 'directory' || k === 'archive');
    if (direct.length > 1 || (direct.length === 1 && sources.length > 1)) {
      throw this.c.fail(at, `more than one kind of source: ${sources.join(', ')}`, 'one of vcs, directory, archive — or sdist and/or wheels');
    }
    if (sources.length === 0) throw this.c.fail(at, 'no source', 'one of vcs, directory, archive, sdist, wheels');
    const pkg: LockedPackage = { name, version: version ?? '', targets: [], extras: [], files: [], dependencies: [], via: [] };
    const marker = this.c.marker(t, at, 'marker', true);
    if (marker !== undefined) pkg.marker = marker;
    const requiresPython = this.c.specifier(t, at, 'requires-python');
    if (requiresPython !== undefined) pkg.requiresPython = requiresPython;
    const index = this.c.string(t, at, 'index');
    const vcs = this.c.table(t, at, 'vcs');
    const directory = this.c.table(t, at, 'directory');
    const archive = this.c.table(t, at, 'archive');
    if (vcs) pkg.direct = this.vcs(vcs, this.c.keyPath(at, 'vcs'));
    if (directory) pkg.direct = this.directory(directory, this.c.keyPath(at, 'directory'));
    if ((vcs || directory) && version !== undefined) this.c.warn(this.c.keyPath(at, 'version'), 'a source tree should not give a version (PEP 751)');
    if (archive) {
      const { direct: d, file } = this.archive(archive, this.c.keyPath(at, 'archive'));
      pkg.direct = d;
      pkg.files.push(file);
    }
    const sdist = this.c.table(t, at, 'sdist');
    if (sdist) pkg.files.push(this.distribution(sdist, this.c.keyPath(at, 'sdist'), header, 'sdist'));
    const wheels = this.c.tables(t, at, 'wheels') ?? [];
    wheels.forEach((w, i) => pkg.files.push(this.distribution(w, this.c.keyPath(this.c.keyPath(at, 'wheels'), i), header, 'wheel')));
    if (version === undefined && !pkg.direct) pkg.version = this.versionFromFiles(pkg, at);
    if (index !== undefined) for (const f of pkg.files) f.index = index;
    const identities = this.attestationIdentities(t, at);
    if (identities !== undefined) pkg.attestationIdentities = identities;
    const toolTable = this.c.table(t, at, 'tool');
    const toolAt = this.c.keyPath(this.c.keyPath(at, 'tool'), 'wheelhouse');
    const tool = toolTable ? this.c.table(toolTable, this.c.keyPath(at, 'tool'), 'wheelhouse') : undefined;
    pkg.dependencies = this.dependencies(t, at, tool, toolAt);
    if (tool) this.applyTool(pkg, tool, toolAt, index, (st, sat) => this.distribution(st, sat, header, 'sdist'));
    return pkg;
  }
}

function lockVersion(c: PylockChecker, doc: Table): string {
  const text = c.string(doc, '', 'lock-version', true);
  if (!/^\s*[0-9]+(\.[0-9]+)*\s*$/.test(text)) throw c.fail('lock-version', `invalid lock-version ${JSON.stringify(text)}`, 'a version such as "1.0"', text);
  const [major, ...rest] = text.trim().split('.').map(Number);
  if (major !== 1) {
    throw c.fail('lock-version', `lock-version ${text} is not supported`, 'lock-version 1.x (this reader implements PEP 751 lock-version 1.0)', text);
  }
  if (rest.some((n) => n > 0)) {
    c.lenient = true;
    c.warn('lock-version', `lock-version ${text} is newer than 1.0: unknown keys are ignored`);
  }
  return text;
}

function readOptions(c: PylockChecker, t: Table | undefined, at: string): LockOptions {
  const options: LockOptions = { extraIndexUrls: [], findLinks: [], noIndex: false, onlyBinary: [], noBinary: [], preferBinary: false, pre: false };
  if (!t) return options;
  c.knownKeys(t, at, ['index-url', 'extra-index-urls', 'find-links', 'no-index', 'only-binary', 'no-binary', 'prefer-binary', 'pre']);
  const indexUrl = c.string(t, at, 'index-url');
  if (indexUrl !== undefined) options.indexUrl = indexUrl;
  options.extraIndexUrls = c.strings(t, at, 'extra-index-urls') ?? [];
  options.findLinks = c.strings(t, at, 'find-links') ?? [];
  options.noIndex = c.boolean(t, at, 'no-index') ?? false;
  options.onlyBinary = c.strings(t, at, 'only-binary') ?? [];
  options.noBinary = c.strings(t, at, 'no-binary') ?? [];
  options.preferBinary = c.boolean(t, at, 'prefer-binary') ?? false;
  options.pre = c.boolean(t, at, 'pre') ?? false;
  return options;
}

function readTarget(c: PylockChecker, t: Table, at: string): LockTarget {
  c.knownKeys(t, at, ['name', 'tags', 'unknown-markers', 'marker-environment']);
  const name = c.string(t, at, 'name', true);
  const groups = c.strings(t, at, 'tags') ?? [];
  const tags = ungroupTags(groups);
  if (tags === undefined) throw c.fail(c.keyPath(at, 'tags'), 'invalid tag group', 'tags as interpreter-abi-platform[.platform...]');
  const envAt = c.keyPath(at, 'marker-environment');
  const envTable = c.table(t, at, 'marker-environment', true) as Table;
  const variables = MARKER_VARIABLES.filter((v) => v !== 'extra');
  c.knownKeys(envTable, envAt, variables);
  const env: Record<string, string> = {};
  for (const v of variables) env[v] = c.string(envTable, envAt, v, true);
  const target: LockTarget = { name, markerEnvironment: env as unknown as MarkerEnvironment, tags };
  const unknown = c.strings(t, at, 'unknown-markers');
  if (unknown !== undefined) {
    for (const u of unknown) if (!(MARKER_VARIABLES as readonly string[]).includes(u)) throw c.fail(c.keyPath(at, 'unknown-markers'), `unknown marker variable ${JSON.stringify(u)}`, 'marker variable names', u);
    target.unknownMarkers = unknown as MarkerVariable[];
  }
  return target;
}

function readToolTable(c: PylockChecker, doc: Table, lock: Lock): void {
  const tool = c.table(doc, '', 'tool');
  const own = tool ? c.table(tool, 'tool', 'wheelhouse') : undefined;
  if (!own) return;
  const at = 'tool.wheelhouse';
  c.knownKeys(own, at, ['hash-policy', 'inputs', 'options', 'targets']);
  const policy = c.string(own, at, 'hash-policy');
  if (policy !== undefined) {
    if (policy !== 'all' && policy !== 'targets') throw c.fail(`${at}.hash-policy`, `unknown hash policy ${JSON.stringify(policy)}`, '"all" or "targets"', policy);
    lock.hashPolicy = policy as HashPolicy;
  }
  lock.inputs = c.strings(own, at, 'inputs') ?? [];
  lock.options = readOptions(c, c.table(own, at, 'options'), `${at}.options`);
  lock.targets = (c.tables(own, at, 'targets') ?? []).map((t, i) => readTarget(c, t, `${at}.targets[${i}]`));
}

/** Reads pylock.toml text into a Lock (see the module comment for what is checked). */
export function readPylock(text: string, options: ReadPylockOptions = {}): PylockRead {
  const file = options.file ?? 'pylock.toml';
  const c = new PylockChecker(file);
  let doc: Table;
  try {
    doc = parse(text, { integersAsBigInt: 'asNeeded' }) as Table;
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    throw new LockfileError(`${file}: not valid TOML: ${e.message.split('\n')[0]}`, {
      location: { file, line: e.line, column: e.column },
      text: text.split(/\r?\n/)[e.line - 1] ?? '',
      expected: 'a TOML document (toml.io, v1.0.0)',
      cause: e,
    });
  }
  const version = lockVersion(c, doc);
  c.knownKeys(doc, '', TOP_KEYS);
  const environments = c.strings(doc, '', 'environments');
  environments?.forEach((marker, i) => {
    const problem = checkMarkerText(marker);
    if (problem) throw c.fail(`environments[${i}]`, `invalid marker: ${problem.message} at column ${problem.offset + 1}`, problem.expected, marker);
  });
  const requiresPython = c.specifier(doc, '', 'requires-python');
  const extras = c.strings(doc, '', 'extras');
  extras?.forEach((e, i) => c.normalizedName(e, `extras[${i}]`));
  const dependencyGroups = c.strings(doc, '', 'dependency-groups');
  const defaultGroups = c.strings(doc, '', 'default-groups');
  const createdBy = c.string(doc, '', 'created-by', true);
  const reader = new PylockReader(c, path.dirname(path.resolve(file)));
  const packages = (c.tables(doc, '', 'packages', true) as Table[]).map((t, i) => reader.packageAt(t, `packages[${i}]`));
  const lock: Lock = {
    targets: [],
    packages,
    hashPolicy: 'all',
    options: readOptions(c, undefined, ''),
    inputs: [],
  };
  if (requiresPython !== undefined) lock.requiresPython = requiresPython;
  if (extras && extras.length > 0) lock.extras = extras;
  if (dependencyGroups && dependencyGroups.length > 0) lock.dependencyGroups = dependencyGroups;
  if (defaultGroups && defaultGroups.length > 0) lock.defaultGroups = defaultGroups;
  readToolTable(c, doc, lock);
  return { lock, lockVersion: version, createdBy, ...(environments ? { environments } : {}), warnings: c.warnings };
}

/** Reads a pylock.toml file. */
export async function readPylockFile(file: string): Promise<PylockRead> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new LockfileError(`cannot read ${file}: ${(e as Error).message}`, { location: { file }, expected: 'a readable pylock.toml', cause: e });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (e) {
    throw new LockfileError(`${file}: not UTF-8`, { location: { file }, expected: 'a TOML document in UTF-8', cause: e });
  }
  return readPylock(text, { file });
}

/**
 * A lock as PEP 751 `pylock.toml` (packaging.python.org, "pylock.toml Specification").
 *
 * Layout: keys in the order the specification lists them; one `[[packages]]` table per pin,
 * sorted by name (pins of one project keep the lock's order); the files as non-inline
 * `[packages.sdist]` and `[[packages.wheels]]` tables, one key a line, so that a changed
 * hash or URL is a one-line diff; short values (`hashes`, dependency entries) inline, as
 * pip and uv write them. Wheels are sorted by file name, hash algorithms by name. The same
 * lock always gives the same bytes.
 *
 * `environments` has one marker per target: the target's implementation, Python version,
 * platform and machine (plus what else tells it from the other targets), so that a machine
 * none of the targets describes fails the check the specification asks installers to make.
 *
 * What a pylock.toml has no key for but wheelhouse needs to read its lock back (targets,
 * hash policy, options, why each package is there) goes in `[tool.wheelhouse]` and
 * `[packages.tool.wheelhouse]`, which the specification reserves for such data: it never
 * changes what an installer installs.
 *
 * With `wheelhouseDir`, every file also gets `path = "<dir>/<file name>"`, relative to the
 * lock file: installers use `path` first, and `url` stays for provenance.
 */
import { fileURLToPath } from 'node:url';
import { LockfileError } from '../errors.js';
import { parseSdistFilename, parseWheelFilename } from '../filenames/index.js';
import { canonicalizeName, isValidName as isValidProjectName } from '../pep508/name.js';
import { stripCredentials } from '../util/redact.js';
import { checkMarkerText, checkSpecifierText } from './marker-text.js';
import type { DirectReference, Lock, LockedDependency, LockedFile, LockedPackage, LockTarget } from './model.js';
import { checkRepeatedPins, packageMarker } from './package-markers.js';
import { groupTags } from './tag-groups.js';
import { describeTargetMarker } from './target-marker.js';
import { tomlKeyPath, tomlMultilineArray, tomlValue, TomlDateTime, type TomlValue } from './toml-text.js';
import { normalizeUploadTime } from './upload-time.js';
import { isVersionText, versionsEqual } from './version-text.js';

export interface LockToPylockOptions {
  /** `created-by`; default "wheelhouse". */
  createdBy?: string;
  /** The command that made the lock, shown in a comment at the top. */
  command?: string;
  /** `environments` to write instead of the ones made from the targets (e.g. those of a pylock.toml read back). */
  environments?: readonly string[];
  /**
   * Wheelhouse mode: each file gets `path = "<wheelhouseDir>/<file name>"` (relative to the
   * lock file, "/" separators; "." for files next to it), unless the file has its own `path`.
   */
  wheelhouseDir?: string;
}

/** The registered VCS names (direct URL data structure). */
const VCS_TYPES = ['git', 'hg', 'bzr', 'svn'];

type Entries = Array<[string, TomlValue | undefined]>;

class PylockText {
  private readonly lines: string[] = [];

  comment(text: string): void {
    for (const line of text.split('\n')) this.lines.push(line === '' ? '#' : `# ${line}`);
  }

  /** `key = value` lines; undefined values are skipped. Arrays of tables, and long arrays, go one element a line. */
  keys(entries: Entries): void {
    for (const [key, value] of entries) {
      if (value === undefined) continue;
      const start = `${tomlKeyPath([key])} = `;
      const inline = tomlValue(value);
      const tables = Array.isArray(value) && value.some((v) => typeof v === 'object' && !Array.isArray(v) && !(v instanceof TomlDateTime));
      const long = Array.isArray(value) && value.length > 1 && start.length + inline.length > 100;
      this.lines.push(`${start}${tables || long ? tomlMultilineArray(value as TomlValue[]) : inline}`);
    }
  }

  table(path: readonly string[], entries: Entries, arrayItem = false): void {
    this.lines.push('', arrayItem ? `[[${tomlKeyPath(path)}]]` : `[${tomlKeyPath(path)}]`);
    this.keys(entries);
  }

  text(): string {
    return `${this.lines.join('\n').replace(/^\n+/, '')}\n`;
  }
}

function fail(message: string, text: string, expected: string): LockfileError {
  return new LockfileError(message, { text, expected });
}

function checkHashes(pkg: LockedPackage, file: LockedFile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const algorithm of Object.keys(file.hashes).sort()) {
    const digest = file.hashes[algorithm] as string;
    if (!/^[a-z0-9_]+$/.test(algorithm) || !/^[0-9a-f]+$/.test(digest)) {
      throw fail(`invalid hash of ${file.filename} (${pkg.name})`, `${algorithm}:${digest}`, 'lowercase algorithm names and lowercase hexadecimal digests');
    }
    out[algorithm] = digest;
  }
  if (!/^[0-9a-f]{64}$/.test(out['sha256'] ?? '')) throw fail(`file ${file.filename} of ${pkg.name} has no valid sha256`, String(out['sha256']), '64 lowercase hexadecimal digits');
  return out;
}

function uploadTime(file: LockedFile): TomlDateTime | undefined {
  return file.uploadTime === undefined ? undefined : new TomlDateTime(normalizeUploadTime(file.uploadTime, `upload time of ${file.filename}`));
}

function filePath(file: LockedFile, options: LockToPylockOptions): string | undefined {
  if (file.path !== undefined) return file.path;
  if (options.wheelhouseDir === undefined) return undefined;
  const dir = options.wheelhouseDir.replace(/\\/g, '/').replace(/\/+$/, '');
  return dir === '' || dir === '.' ? file.filename : `${dir}/${file.filename}`;
}

/** `[packages.sdist]` / `[[packages.wheels]]` keys, in the specification's order. */
function fileEntries(pkg: LockedPackage, file: LockedFile, options: LockToPylockOptions): Entries {
  return [
    ['name', file.filename],
    ['upload-time', uploadTime(file)],
    ['url', stripCredentials(file.url)],
    ['path', filePath(file, options)],
    ['size', file.size],
    ['hashes', checkHashes(pkg, file)],
  ];
}

/** Checks that a file's name is a distribution of `pkg` at its version, as installers will. */
function checkFilename(pkg: LockedPackage, file: LockedFile): void {
  const parsed = file.kind === 'wheel' ? parseWheelFilename(file.filename) : parseSdistFilename(file.filename, pkg.name);
  const version = file.kind === 'wheel' ? (parsed as ReturnType<typeof parseWheelFilename>).unescapedVersion : parsed.version;
  if (parsed.normalizedName !== canonicalizeName(pkg.name) || !versionsEqual(version, pkg.version)) {
    throw fail(`file ${file.filename} is not a distribution of ${pkg.name} ${pkg.version}`, file.filename, `a file name for ${pkg.name} ${pkg.version}`);
  }
}

/** The main sdist (pylock has room for one): PEP 625's .tar.gz first, then by name. */
function splitSdists(files: readonly LockedFile[]): { sdist?: LockedFile; others: LockedFile[] } {
  const sdists = files.filter((f) => f.kind === 'sdist').sort((a, b) => {
    const rank = (f: LockedFile) => (f.filename.endsWith('.tar.gz') ? 0 : 1);
    return rank(a) - rank(b) || (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0);
  });
  const [sdist, ...others] = sdists;
  return sdist === undefined ? { others } : { sdist, others };
}

function byFilename(a: LockedFile, b: LockedFile): number {
  return a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0;
}

/**
 * The index every file came through, if they agree and it is an index: PEP 751's `index` is
 * a Simple API base URL, so a find-links location is kept in the tool table instead.
 */
function commonIndex(lock: Lock, files: readonly LockedFile[]): string | undefined {
  const indexes = new Set(files.map((f) => f.index));
  const [only] = indexes;
  return indexes.size === 1 && only !== undefined && !lock.options.findLinks.includes(only) ? only : undefined;
}

/** `git+https://host/repo@rev` → type, URL without the revision, and the revision. */
function splitVcsUrl(pkg: LockedPackage, direct: DirectReference): { type: string; url: string; revision?: string } {
  const m = /^([a-z]+)\+([^#]+)/i.exec(direct.url);
  const type = m?.[1]?.toLowerCase();
  if (!m || type === undefined || !VCS_TYPES.includes(type)) {
    throw fail(`invalid VCS reference of ${pkg.name}`, direct.url, `a VCS URL such as git+https://host/repo@revision (${VCS_TYPES.join(', ')})`);
  }
  const url = m[2] as string;
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? '';
  const rest = url.slice(origin.length);
  const at = rest.lastIndexOf('@');
  if (at === -1) return { type, url };
  return { type, url: origin + rest.slice(0, at), revision: decodeURIComponent(rest.slice(at + 1)) };
}

function localPath(url: string): string {
  return /^file:/i.test(url) ? fileURLToPath(url) : url;
}

/** `[packages.vcs]`, `[packages.directory]` or `[packages.archive]` of a direct reference. */
function directTable(pkg: LockedPackage, direct: DirectReference): { key: 'vcs' | 'directory' | 'archive'; entries: Entries } {
  if (direct.kind === 'vcs') {
    if (pkg.files.length > 0) throw fail(`the VCS pin ${pkg.name} has files`, direct.url, 'no files for a VCS checkout');
    if (direct.commit === undefined || direct.commit === '') throw fail(`the VCS pin ${pkg.name} has no commit`, direct.url, 'the commit the reference resolved to (PEP 751 commit-id is required)');
    const vcs = splitVcsUrl(pkg, direct);
    return {
      key: 'vcs',
      entries: [
        ['type', vcs.type],
        ['url', stripCredentials(vcs.url)],
        ['requested-revision', vcs.revision],
        ['commit-id', direct.commit],
        ['subdirectory', direct.subdirectory],
      ],
    };
  }
  if (pkg.files.length === 0) {
    if (direct.kind !== 'path') throw fail(`the URL pin ${pkg.name} has no file`, direct.url, 'the archive with its hashes');
    return {
      key: 'directory',
      entries: [
        ['path', localPath(direct.url)],
        ['editable', direct.editable ? true : undefined],
        ['subdirectory', direct.subdirectory],
      ],
    };
  }
  const [file, extra] = pkg.files;
  if (!file || extra) throw fail(`the direct reference ${pkg.name} has ${pkg.files.length} files`, direct.url, 'one archive');
  return {
    key: 'archive',
    entries: [
      ['url', direct.kind === 'url' ? stripCredentials(direct.url) : undefined],
      ['path', direct.kind === 'path' ? localPath(direct.url) : file.path],
      ['size', file.size],
      ['upload-time', uploadTime(file)],
      ['hashes', checkHashes(pkg, file)],
      ['subdirectory', direct.subdirectory],
    ],
  };
}

/**
 * `packages.dependencies`: `{ name }`, plus the version when the project is pinned more than
 * once and only one of its pins shares a target with the dependent (the specification's
 * "minimum information … with no ambiguity").
 */
function dependencyEntries(lock: Lock, pkg: LockedPackage): TomlValue[] {
  const names = [...new Set(pkg.dependencies.map((d) => canonicalizeName(d.name)))].sort();
  return names.map((name): TomlValue => {
    const pins = lock.packages.filter((p) => canonicalizeName(p.name) === name);
    if (pins.length < 2) return { name };
    const sharing = pins.filter((p) => p.targets.some((t) => pkg.targets.includes(t)));
    const only = sharing[0];
    return sharing.length === 1 && only && only.version !== '' ? { name, version: only.version } : { name };
  });
}

function fullDependency(d: LockedDependency): Record<string, TomlValue> {
  return { name: d.name, ...(d.extras && d.extras.length > 0 ? { extras: d.extras } : {}), ...(d.marker !== undefined ? { marker: d.marker } : {}) };
}

/** Per-file data pylock has no key for: the index (when files differ), Requires-Python, yanked. */
function fileDetails(files: readonly LockedFile[], packageIndex: string | undefined): Record<string, TomlValue>[] {
  const out: Record<string, TomlValue>[] = [];
  for (const f of [...files].sort(byFilename)) {
    const detail: Record<string, TomlValue> = {};
    if (packageIndex === undefined && f.index !== undefined) detail['index'] = stripCredentials(f.index);
    if (f.requiresPython !== undefined) detail['requires-python'] = f.requiresPython;
    if (f.yanked !== undefined) detail['yanked'] = f.yanked;
    if (Object.keys(detail).length > 0) out.push({ name: f.filename, ...detail });
  }
  return out;
}

function checkPackage(pkg: LockedPackage): void {
  if (!isValidProjectName(pkg.name)) throw fail(`invalid project name ${JSON.stringify(pkg.name)}`, pkg.name, 'a PEP 508 project name');
  const sourceTree = pkg.direct?.kind === 'vcs' || (pkg.direct?.kind === 'path' && pkg.files.length === 0);
  if (!(sourceTree && pkg.version === '') && !isVersionText(pkg.version)) throw fail(`invalid version of ${pkg.name}`, pkg.version, 'a PEP 440 version');
  if (pkg.requiresPython !== undefined) {
    const problem = checkSpecifierText(pkg.requiresPython);
    if (problem) throw fail(`invalid requires-python of ${pkg.name}: ${problem.message}`, pkg.requiresPython, problem.expected);
  }
  if (!pkg.direct) {
    if (pkg.files.length === 0) throw fail(`${pkg.name} ${pkg.version} has no files`, pkg.name, 'at least one wheel or sdist (PEP 751 needs a source for every package)');
    for (const f of pkg.files) checkFilename(pkg, f);
  }
}

function writePackage(out: PylockText, lock: Lock, pkg: LockedPackage, options: LockToPylockOptions): void {
  checkPackage(pkg);
  const direct = pkg.direct ? directTable(pkg, pkg.direct) : undefined;
  const sourceTree = direct?.key === 'vcs' || direct?.key === 'directory';
  const index = pkg.direct ? undefined : commonIndex(lock, pkg.files);
  out.table(['packages'], [
    ['name', canonicalizeName(pkg.name)],
    // PEP 751: the version MUST NOT be given for a source tree (it may not match the code).
    ['version', sourceTree ? undefined : pkg.version],
    ['marker', packageMarker(lock, pkg, { lockFile: true })],
    ['requires-python', pkg.requiresPython],
    ['dependencies', pkg.dependencies.length > 0 ? dependencyEntries(lock, pkg) : undefined],
    ['index', index === undefined ? undefined : stripCredentials(index)],
  ], true);
  if (direct) out.table(['packages', direct.key], direct.entries);
  const { sdist, others } = pkg.direct ? { others: [] } : splitSdists(pkg.files);
  if (sdist) out.table(['packages', 'sdist'], fileEntries(pkg, sdist, options));
  if (!pkg.direct) {
    for (const wheel of pkg.files.filter((f) => f.kind === 'wheel').sort(byFilename)) out.table(['packages', 'wheels'], fileEntries(pkg, wheel, options), true);
  }
  for (const identity of pkg.attestationIdentities ?? []) {
    const { kind, ...rest } = identity;
    out.table(['packages', 'attestation-identities'], [['kind', kind], ...Object.keys(rest).sort().map<[string, TomlValue]>((k) => [k, rest[k] as TomlValue])], true);
  }
  const details = fileDetails(pkg.files, index);
  const tool: Entries = [
    ['version', sourceTree && pkg.version !== '' ? pkg.version : undefined],
    ['editable', direct?.key === 'vcs' && pkg.direct?.editable ? true : undefined],
    ['targets', pkg.targets.length > 0 ? pkg.targets : undefined],
    ['extras', pkg.extras.length > 0 ? pkg.extras : undefined],
    ['via', pkg.via.length > 0 ? pkg.via : undefined],
    ['dependencies', pkg.dependencies.some((d) => (d.extras ?? []).length > 0 || d.marker !== undefined) ? pkg.dependencies.map(fullDependency) : undefined],
    ['files', details.length > 0 ? details : undefined],
  ];
  if (tool.some(([, v]) => v !== undefined)) out.table(['packages', 'tool', 'wheelhouse'], tool);
  for (const extra of others) out.table(['packages', 'tool', 'wheelhouse', 'sdists'], fileEntries(pkg, extra, options), true);
}

/** One marker per target (deduplicated), or undefined when some target cannot be described. */
function targetEnvironments(targets: readonly LockTarget[]): string[] | undefined {
  if (targets.length === 0) return undefined;
  const markers: string[] = [];
  for (const t of targets) {
    const marker = describeTargetMarker(targets, t.name);
    if (marker === undefined) return undefined;
    if (!markers.includes(marker)) markers.push(marker);
  }
  return markers;
}

function writeToolTable(out: PylockText, lock: Lock): void {
  const o = lock.options;
  out.table(['tool', 'wheelhouse'], [
    ['hash-policy', lock.hashPolicy],
    ['inputs', lock.inputs],
  ]);
  out.table(['tool', 'wheelhouse', 'options'], [
    ['index-url', o.indexUrl === undefined ? undefined : stripCredentials(o.indexUrl)],
    ['extra-index-urls', o.extraIndexUrls.map(stripCredentials)],
    ['find-links', o.findLinks.map(stripCredentials)],
    ['no-index', o.noIndex],
    ['only-binary', o.onlyBinary],
    ['no-binary', o.noBinary],
    ['prefer-binary', o.preferBinary],
    ['pre', o.pre],
  ]);
  for (const t of lock.targets) {
    out.table(['tool', 'wheelhouse', 'targets'], [
      ['name', t.name],
      ['unknown-markers', t.unknownMarkers],
    ], true);
    out.keys([['tags', groupTags(t.tags)]]);
    out.table(['tool', 'wheelhouse', 'targets', 'marker-environment'], Object.entries(t.markerEnvironment).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

/** The pylock.toml text of `lock`. */
export function lockToPylock(lock: Lock, options: LockToPylockOptions = {}): string {
  checkRepeatedPins(lock);
  if (lock.requiresPython !== undefined) {
    const problem = checkSpecifierText(lock.requiresPython);
    if (problem) throw fail(`invalid requires-python of the lock: ${problem.message}`, lock.requiresPython, problem.expected);
  }
  const out = new PylockText();
  if (options.command !== undefined) {
    if (/[\r\n]/.test(options.command)) throw fail('the command contains a line break', options.command, 'a command on one line');
    out.comment(`This file was autogenerated by wheelhouse via the following command:\n   ${options.command}`);
  }
  const environments = options.environments ?? targetEnvironments(lock.targets);
  for (const marker of options.environments ?? []) {
    const problem = checkMarkerText(marker);
    if (problem) throw fail(`invalid environment marker: ${problem.message}`, marker, problem.expected);
  }
  const createdBy = options.createdBy ?? 'wheelhouse';
  if (createdBy.trim() === '') throw fail('created-by is empty', createdBy, 'the name of the tool that made the lock');
  out.keys([
    ['lock-version', '1.0'],
    ['environments', environments],
    ['requires-python', lock.requiresPython],
    ['extras', lock.extras ?? []],
    ['dependency-groups', lock.dependencyGroups ?? []],
    ['default-groups', lock.defaultGroups && lock.defaultGroups.length > 0 ? lock.defaultGroups : undefined],
    ['created-by', createdBy],
  ]);
  const packages = [...lock.packages].sort((a, b) => {
    const x = canonicalizeName(a.name);
    const y = canonicalizeName(b.name);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (const pkg of packages) writePackage(out, lock, pkg, options);
  if (packages.length === 0) out.keys([['packages', []]]);
  writeToolTable(out, lock);
  return out.text();
}

/**
 * Reading a pinned (usually hashed) requirements.txt back: the pins, their hashes, their
 * `# via` annotations, and the index and binary options, read as pip reads the file
 * (parseRequirementsFile). Such a file is a lock only if every requirement is pinned —
 * `name==version`, `name===version` or a direct reference — else a LockfileError names the
 * file and line. It names no files: each pin's files are known only by their hashes, and
 * the downloader finds them on the index by those.
 *
 * `readExistingPins` is the lenient reading pip-compile does of its previous output to
 * keep existing pins: pinned lines are kept (with their markers), anything else ignored,
 * and no file means no pins.
 */
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LockfileError } from '../errors.js';
import { canonicalizeExtra, canonicalizeName } from '../pep508/name.js';
import { decodeRequirementsFile } from '../requirements-txt/decode.js';
import { isVcsScheme, urlScheme, urlToPath } from '../requirements-txt/links.js';
import { parseRequirementsFile, type ParseRequirementsOptions } from '../requirements-txt/read-files.js';
import { splitLinesPython } from '../requirements-txt/python-text.js';
import type { ParsedRequirementsFiles, RequirementsFileEntry, RequirementsFileRead, SourceLocation } from '../requirements-txt/types.js';

/**
 * A file of a pin known only by its hash: a requirements file names no file and no URL.
 * The downloader looks the file up on the index (or find-links) by this digest.
 */
export interface FileKnownByHash {
  /** sha256, sha384 or sha512 (what pip accepts). */
  algorithm: string;
  /** Lowercase hex. */
  digest: string;
}

export interface RequirementsLockPin {
  /** PEP 503 canonical name. */
  name: string;
  /** The pinned version (absent for direct references). */
  version?: string;
  /** `==`, or `===` (arbitrary equality). */
  operator?: '==' | '===';
  /** A direct reference: `name @ url`, a bare URL or path, or an editable. */
  url?: string;
  editable: boolean;
  /** Extras requested on the line (`name[extra]==1.0`), canonical. */
  extras: string[];
  marker?: string;
  /** The files pip may install for this pin, known only by hash; in file order. */
  files: FileKnownByHash[];
  /** Sources from the `# via` annotation that follows the pin, when there is one. */
  via: string[];
  location: SourceLocation;
}

export interface RequirementsLockOptions {
  indexUrl?: string;
  extraIndexUrls: string[];
  noIndex: boolean;
  /** As pip uses them: a relative path that exists next to the file is made absolute. */
  findLinks: string[];
  trustedHosts: string[];
  /** Canonical names, `:all:` first. */
  onlyBinary: string[];
  noBinary: string[];
  preferBinary: boolean;
  pre: boolean;
  /** `--require-hashes` given, or implied because some pin has hashes. */
  requireHashes: boolean;
}

export interface RequirementsLock {
  /** The file as given. */
  file: string;
  pins: RequirementsLockPin[];
  options: RequirementsLockOptions;
  /** Every file read (the lock and what it includes). */
  filesRead: RequirementsFileRead[];
  /** What pip would warn about while reading. */
  warnings: string[];
}

export type ReadRequirementsLockOptions = Pick<ParseRequirementsOptions, 'cwd' | 'env' | 'readUrl'>;

interface PinForm {
  name: string;
  extras: string[];
  operator?: '==' | '===';
  version?: string;
  url?: string;
  /** The requirement as written, without its marker. */
  written: string;
  /** Why it is not a pin, when it is not. */
  problem?: string;
}

/** The requirement as written, without its marker (the marker is in `entry.marker`). */
function requirementPart(entry: RequirementsFileEntry): string {
  if (entry.marker === undefined) return entry.text;
  const cut = entry.text.lastIndexOf(';');
  return cut === -1 ? entry.text : entry.text.slice(0, cut);
}

/** What the entry pins: exactly one `==`/`===` specifier without a wildcard, or a direct reference. */
function pinForm(entry: RequirementsFileEntry): PinForm {
  const req = entry.requirement;
  const form: PinForm = { name: req.canonicalName, extras: req.extras.map(canonicalizeExtra), written: requirementPart(entry).trim() };
  const url = entry.link?.url ?? req.url;
  if (url !== null && url !== undefined) {
    form.url = url;
    return form;
  }
  const specs = req.specifier.specifiers;
  const only = specs.length === 1 ? specs[0] : undefined;
  if (only === undefined || (only.operator !== '==' && only.operator !== '===')) {
    form.problem = specs.length === 0 ? 'it has no version' : `${req.specifier.toString()} is not one exact version`;
    return form;
  }
  if (only.wildcard) {
    form.problem = `==${only.version} matches many versions`;
    return form;
  }
  form.operator = only.operator;
  form.version = only.version;
  return form;
}

/** What a direct reference points at: pip knows bare forms' kinds; `name @ url` is told by its URL. */
async function linkKind(entry: RequirementsFileEntry, form: PinForm): Promise<'vcs' | 'directory' | 'archive' | undefined> {
  if (entry.link) return entry.link.kind;
  if (form.url === undefined) return undefined;
  if (isVcsScheme(urlScheme(form.url) ?? '')) return 'vcs';
  if (/^file:/i.test(form.url)) {
    const local = await stat(urlToPath(form.url)).catch(() => undefined);
    if (local?.isDirectory()) return 'directory';
  }
  return 'archive';
}

function notALock(file: string, entry: RequirementsFileEntry, message: string, expected: string, hint?: string): LockfileError {
  return new LockfileError(`not a lock: ${message}`, {
    location: { file: entry.location.file, line: entry.location.line, column: entry.location.column },
    text: entry.written,
    expected,
    ...(hint === undefined ? {} : { hint: `${hint} (reading ${file})` }),
  });
}

function isCommentLine(line: string): boolean {
  return /^\s*#/.test(line);
}

/** Sources of a `# via` annotation at physical line index `end` (the pin's last line) and after. */
function viaAfter(lines: readonly string[], end: number): string[] {
  const sameLine = /(?:^|\s)#\s*via\s+(.+?)\s*$/.exec(lines[end] ?? '');
  if (sameLine?.[1] !== undefined && !isCommentLine(lines[end] ?? '')) return sameLine[1].split(', ');
  const sources: string[] = [];
  let i = end + 1;
  const head = /^\s*#\s*via(?:\s+(.*?))?\s*$/.exec(lines[i] ?? '');
  if (!head) return sources;
  if (head[1] !== undefined && head[1] !== '') return head[1].split(', ');
  for (i += 1; i < lines.length; i++) {
    const item = /^\s*#\s{2,}(\S.*?)\s*$/.exec(lines[i] as string);
    if (!item?.[1]) break;
    sources.push(item[1]);
  }
  return sources;
}

/** The index of the last physical line of the logical line starting at 1-based `lineNumber` (pip's join_lines). */
function logicalLineEnd(lines: readonly string[], lineNumber: number): number {
  let i = lineNumber - 1;
  while (i < lines.length - 1 && (lines[i] as string).endsWith('\\') && !isCommentLine(lines[i] as string)) i++;
  return i;
}

async function fileLines(parsed: ParsedRequirementsFiles): Promise<Map<string, string[]>> {
  const byName = new Map<string, string[]>();
  for (const f of parsed.files) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(f.resolved)) continue; // remote: annotations are not read
    try {
      byName.set(f.file, splitLinesPython(decodeRequirementsFile(await readFile(f.resolved))));
    } catch {
      // It was just read and decoded by the parser; a file that changed since has no annotations.
    }
  }
  return byName;
}

function sortedFormats(values: Iterable<string>): string[] {
  const list = [...values];
  return [...list.filter((v) => v === ':all:'), ...list.filter((v) => v !== ':all:').sort()];
}

function lockOptions(parsed: ParsedRequirementsFiles, hashed: boolean): RequirementsLockOptions {
  const o = parsed.options;
  return {
    ...(o.indexUrl ? { indexUrl: o.indexUrl.value } : {}),
    extraIndexUrls: o.extraIndexUrls.map((v) => v.value),
    noIndex: o.noIndex,
    findLinks: o.findLinks.map((v) => v.value),
    trustedHosts: o.trustedHosts.map((v) => v.value),
    onlyBinary: sortedFormats(o.formatControl.onlyBinary),
    noBinary: sortedFormats(o.formatControl.noBinary),
    preferBinary: o.preferBinary,
    pre: o.pre,
    requireHashes: o.requireHashes || hashed,
  };
}

function filesOf(entry: RequirementsFileEntry): FileKnownByHash[] {
  return entry.hashes.map((h) => {
    const colon = h.indexOf(':');
    return { algorithm: h.slice(0, colon), digest: h.slice(colon + 1) };
  });
}

/**
 * Reads a pinned requirements file (and what it includes) as a lock. Throws LockfileError
 * for a requirement that is not pinned, a constraint, or — in hash-checking mode, as pip
 * would refuse them — a pin without hashes, an editable, or a VCS or directory reference.
 * Errors of the file itself are RequirementsFileError, as for any requirements file.
 */
export async function readRequirementsLock(file: string, options: ReadRequirementsLockOptions = {}): Promise<RequirementsLock> {
  const parsed = await parseRequirementsFile(file, options);
  const hashed = parsed.options.requireHashes || parsed.entries.some((e) => e.hashes.length > 0);
  const lines = await fileLines(parsed);
  const pins: RequirementsLockPin[] = [];
  for (const entry of parsed.entries) {
    const form = pinForm(entry);
    if (entry.constraint) {
      throw notALock(file, entry, `${form.written} is a constraint`, 'pinned requirements (a lock installs what it lists; constraints only restrict)');
    }
    if (form.problem !== undefined) {
      throw notALock(file, entry, `${form.written} is not pinned: ${form.problem}`, 'name==version, name===version or a direct reference (name @ url)');
    }
    if (hashed) {
      const kind = await linkKind(entry, form);
      const why = entry.editable
        ? 'an editable requirement cannot be installed in hash-checking mode'
        : kind === 'vcs'
          ? 'pip cannot hash a version control checkout'
          : kind === 'directory'
            ? 'pip cannot hash a local directory'
            : entry.hashes.length === 0
              ? 'it has no --hash, while the file is in hash-checking mode'
              : undefined;
      if (why !== undefined) {
        throw notALock(file, entry, `pip would refuse ${form.written}: ${why}`, 'a --hash for every requirement, or none at all', 'hash-checking mode starts when any requirement has a --hash or --require-hashes is given');
      }
    }
    const physical = lines.get(entry.location.file);
    const pin: RequirementsLockPin = {
      name: form.name,
      editable: entry.editable,
      extras: form.extras,
      files: filesOf(entry),
      via: physical ? viaAfter(physical, logicalLineEnd(physical, entry.lineNumber)) : [],
      location: entry.location,
    };
    if (form.version !== undefined) {
      pin.version = form.version;
      pin.operator = form.operator as '==' | '===';
    }
    if (form.url !== undefined) pin.url = form.url;
    if (entry.marker !== undefined) pin.marker = entry.marker;
    pins.push(pin);
  }
  return {
    file,
    pins,
    options: lockOptions(parsed, hashed),
    filesRead: parsed.files,
    warnings: parsed.warnings.map((w) => `${w.location.file}:${w.location.line}: ${w.message}`),
  };
}

/** A pin pip-compile keeps from its previous output. */
export interface ExistingPin {
  name: string;
  version: string;
  marker?: string;
  /** "algo:hex", as written (pip-compile's --reuse-hashes). */
  hashes: string[];
  location: SourceLocation;
}

/**
 * The pins of an existing output file, for pip-compile's "keep existing pins": every
 * `name==version` (or `===`) line with its marker; lines that pin nothing (ranges, URLs,
 * editables) are ignored, as pip-compile ignores them. A missing file has no pins; a file
 * that is not a valid requirements file is a RequirementsFileError.
 */
export async function readExistingPins(file: string, options: ReadRequirementsLockOptions = {}): Promise<ExistingPin[]> {
  const local = !/^[a-z][a-z0-9+.-]*:\/\//i.test(file);
  if (local) {
    try {
      await access(path.resolve(options.cwd ?? process.cwd(), file));
    } catch {
      return [];
    }
  }
  const parsed = await parseRequirementsFile(file, options);
  const pins: ExistingPin[] = [];
  for (const entry of parsed.entries) {
    if (entry.constraint || entry.editable) continue;
    const form = pinForm(entry);
    if (form.problem !== undefined || form.version === undefined) continue;
    pins.push({
      name: form.name,
      version: form.version,
      ...(entry.marker === undefined ? {} : { marker: entry.marker }),
      hashes: [...entry.hashes],
      location: entry.location,
    });
  }
  return pins;
}

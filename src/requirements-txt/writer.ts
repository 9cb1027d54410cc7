/**
 * Writing a pinned requirements file in pip-compile's layout (pip-tools `writer.py`):
 * a header naming the command, the index and binary options, then one entry per pin
 * sorted by canonical name (editables first), each `name==version ; marker` with its
 * hashes on continuation lines and `# via` annotations, then the "unsafe" packages.
 * A pure function of plain data: no clock, no environment, LF line endings, no trailing
 * whitespace, no credentials.
 */
import { LockfileError } from '../errors.js';
import { stripCredentials } from '../util/redact.js';
import { checkHashValue } from './hash-option.js';
import type { EnvironmentVariables } from './logical-lines.js';
import { canonicalizeName, isValidName } from '../pep508/name.js';

export interface PinnedRequirement {
  /** Project name; written canonicalized (PEP 503). */
  name: string;
  /** The pinned version; required unless `url` is given. */
  version?: string;
  /** A direct reference, written `name @ url` (or `-e url` when `editable`). */
  url?: string;
  editable?: boolean;
  /** A PEP 508 marker, written after " ; ". */
  marker?: string;
  /** "algo:hexdigest" values, written sorted. */
  hashes?: readonly string[];
  /** Where the pin comes from: "-r requirements.in", "-c constraints.txt", a project name. */
  via?: readonly string[];
}

export type AnnotationStyle = 'split' | 'line';

export interface RequirementsTxtHeader {
  /** The command shown in the header (use `compileCommand` for CUSTOM_COMPILE_COMMAND). */
  command: string;
  /** Default "wheelhouse". */
  tool?: string;
  /** e.g. "3.12": adds " with Python 3.12" as pip-compile does. */
  pythonVersion?: string;
}

/** The options written before the pins, in pip-compile's order. */
export interface RequirementsTxtOptions {
  /** Written unless it is PyPI's default index (as pip-compile). */
  indexUrl?: string;
  extraIndexUrls?: readonly string[];
  noIndex?: boolean;
  findLinks?: readonly string[];
  trustedHosts?: readonly string[];
  /** `--no-binary` / `--only-binary` names (`:all:` first, then names sorted). */
  noBinary?: Iterable<string>;
  onlyBinary?: Iterable<string>;
}

export interface WriteRequirementsTxtInput {
  pins: readonly PinnedRequirement[];
  /** Packages pip-compile calls unsafe (pip, setuptools, distribute), listed after the others. */
  unsafePins?: readonly PinnedRequirement[];
  /** Pin the unsafe packages; without it they are listed as comments only. */
  allowUnsafe?: boolean;
  /** The header, or false for none (`--no-header`). */
  header?: RequirementsTxtHeader | false;
  /** `# via` annotations; default true. */
  annotate?: boolean;
  /** Default "split". */
  annotationStyle?: AnnotationStyle;
  options?: RequirementsTxtOptions;
}

const DEFAULT_INDEX_URL = 'https://pypi.org/simple';

const MESSAGE_UNHASHED_PACKAGE = [
  '# WARNING: pip install will require the following package to be hashed.',
  '# Consider using a hashable URL like https://github.com/OWNER/REPO/archive/COMMIT.zip',
];
const MESSAGE_UNSAFE_PACKAGES_UNPINNED = [
  '# WARNING: The following packages were not pinned, but pip requires them to be',
  '# pinned when the requirements file includes hashes and the requirement is not',
  '# satisfied by a package already installed. Consider using the --allow-unsafe flag.',
];
const MESSAGE_UNSAFE_PACKAGES = ['# The following packages are considered to be unsafe in a requirements file:'];

function bad(message: string, text: string, expected: string): LockfileError {
  return new LockfileError(message, { text, expected });
}

/** Code-point order, as Python's `sorted()` on strings. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedup(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Text written on a requirements line must not start a comment or a new line there. */
function checkInline(value: string, what: string): void {
  if (/[\r\n\v\f\u0085\u2028\u2029\x1c-\x1e]/.test(value)) throw bad(`${what} contains a line break`, value, `${what} on one line`);
  if (/(^|\s)#/.test(value)) throw bad(`${what} contains " #", which pip reads as a comment`, value, `${what} without " #"`);
}

function requirementText(pin: PinnedRequirement): string {
  if (!isValidName(pin.name)) throw bad(`invalid project name ${JSON.stringify(pin.name)}`, pin.name, 'a PEP 508 project name');
  const name = canonicalizeName(pin.name);
  let line: string;
  if (pin.url !== undefined) {
    if (/\s/.test(pin.url) || pin.url === '') throw bad(`invalid URL for ${name}`, pin.url, 'a URL without spaces');
    const url = stripCredentials(pin.url);
    line = pin.editable ? `-e ${url}` : `${name} @ ${url}`;
  } else {
    if (pin.editable) throw bad(`editable pin ${name} has no URL`, name, 'a URL (file:///path or a VCS URL) for an editable pin');
    if (pin.version === undefined || !/^[^\s;\\#]+$/.test(pin.version)) {
      throw bad(`invalid version for ${name}`, pin.version ?? '', 'a version without spaces');
    }
    line = `${name}==${pin.version}`;
  }
  if (pin.marker !== undefined && pin.marker.trim() !== '') {
    checkInline(pin.marker, 'a marker');
    line += ` ; ${pin.marker.trim()}`;
  }
  return line;
}

function hashLines(pin: PinnedRequirement): string {
  const hashes = dedup(pin.hashes ?? []).sort(byCodePoint);
  for (const hash of hashes) {
    const problem = checkHashValue(hash);
    if (problem) throw bad(`${problem.message} (pin ${pin.name})`, hash, problem.expected);
  }
  return hashes.map((h) => ` \\\n    --hash=${h}`).join('');
}

function annotation(via: readonly string[], style: AnnotationStyle): string | undefined {
  const sources = dedup(via).sort(byCodePoint);
  for (const source of sources) if (/[\r\n]/.test(source)) throw bad('a "via" source contains a line break', source, 'one line');
  if (sources.length === 0) return undefined;
  if (style === 'line') return `# via ${sources.join(', ')}`;
  if (sources.length === 1) return `# via ${sources[0] as string}`;
  return ['# via', ...sources.map((s) => `    #   ${s}`)].join('\n');
}

/** One entry: requirement, hashes, annotation; pip-compile pads a line annotation to column 24. */
function formatPin(pin: PinnedRequirement, annotate: boolean, style: AnnotationStyle): string {
  const hashes = hashLines(pin);
  const line = requirementText(pin) + hashes;
  const note = annotate ? annotation(pin.via ?? [], style) : undefined;
  if (note === undefined) return line;
  const separator = style === 'split' || hashes !== '' ? '\n    ' : '  ';
  return `${line.padEnd(24)}${separator}${note}`;
}

function headerLines(header: RequirementsTxtHeader): string[] {
  checkInline(header.command, 'the command');
  const python = header.pythonVersion === undefined ? '' : ` with Python ${header.pythonVersion}`;
  return ['#', `# This file is autogenerated by ${header.tool ?? 'wheelhouse'}${python}`, '# by the following command:', '#', `#    ${header.command}`, '#'];
}

function optionLines(options: RequirementsTxtOptions): string[] {
  const lines: string[] = [];
  const extras = dedup(options.extraIndexUrls ?? []);
  if (options.noIndex) {
    if (options.indexUrl !== undefined || extras.length > 0) {
      throw bad('--no-index cannot be written together with index URLs', options.indexUrl ?? extras[0] ?? '', 'either --no-index or index URLs');
    }
    lines.push('--no-index');
  }
  const index = options.indexUrl === undefined ? undefined : stripCredentials(options.indexUrl);
  if (index !== undefined && index.replace(/\/+$/, '') !== DEFAULT_INDEX_URL) lines.push(`--index-url ${index}`);
  for (const url of extras.map(stripCredentials)) if (url !== index) lines.push(`--extra-index-url ${url}`);
  for (const link of dedup(options.findLinks ?? [])) lines.push(`--find-links ${stripCredentials(link)}`);
  for (const host of dedup(options.trustedHosts ?? [])) lines.push(`--trusted-host ${host}`);
  // pip's FormatControl gives names precedence over ":all:", so ":all:" comes first.
  const noBinary = new Set(options.noBinary ?? []);
  const onlyBinary = new Set(options.onlyBinary ?? []);
  if (noBinary.delete(':all:')) lines.push('--no-binary :all:');
  if (onlyBinary.delete(':all:')) lines.push('--only-binary :all:');
  for (const name of [...noBinary].sort(byCodePoint)) lines.push(`--no-binary ${name}`);
  for (const name of [...onlyBinary].sort(byCodePoint)) lines.push(`--only-binary ${name}`);
  for (const line of lines) checkInline(line, 'an option');
  return lines;
}

function sortPins(pins: readonly PinnedRequirement[]): PinnedRequirement[] {
  return [...pins].sort((a, b) => {
    if (Boolean(a.editable) !== Boolean(b.editable)) return a.editable ? -1 : 1;
    return byCodePoint(canonicalizeName(a.name), canonicalizeName(b.name));
  });
}

/** The requirements.txt text for `input`, ending with a newline. */
export function writeRequirementsTxt(input: WriteRequirementsTxtInput): string {
  const annotate = input.annotate ?? true;
  const style = input.annotationStyle ?? 'split';
  const unsafe = input.unsafePins ?? [];
  const hashed = [...input.pins, ...unsafe].some((p) => (p.hashes ?? []).length > 0);
  const out: string[] = [];
  if (input.header) out.push(...headerLines(input.header));
  const options = optionLines(input.options ?? {});
  if (options.length > 0) out.push(...options, '');
  for (const pin of sortPins(input.pins)) {
    if (hashed && (pin.hashes ?? []).length === 0) out.push(...MESSAGE_UNHASHED_PACKAGE);
    out.push(formatPin(pin, annotate, style));
  }
  if (unsafe.length > 0) {
    out.push('');
    out.push(...(hashed && !input.allowUnsafe ? MESSAGE_UNSAFE_PACKAGES_UNPINNED : MESSAGE_UNSAFE_PACKAGES));
    for (const pin of sortPins(unsafe)) {
      out.push(input.allowUnsafe ? formatPin(pin, annotate, style) : `# ${canonicalizeName(pin.name)}`);
    }
  }
  const lines = out.join('\n').split('\n').map((l) => l.trimEnd());
  return `${lines.join('\n')}\n`;
}

/** Python's `shlex.quote`. */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

/**
 * The command shown in the header: `CUSTOM_COMPILE_COMMAND` when set and not empty (as
 * pip-compile), else the program and its arguments, shell-quoted.
 */
export function compileCommand(argv: readonly string[], env: EnvironmentVariables, program = 'wheelhouse'): string {
  const custom = env['CUSTOM_COMPILE_COMMAND'];
  if (custom) return custom;
  return [program, ...argv.map(shellQuote)].join(' ');
}

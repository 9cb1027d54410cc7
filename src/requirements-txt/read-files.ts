/**
 * Reading requirements files as pip 23.2.1 reads them (`req/req_file.py`): each file's
 * logical lines, each line split into a requirement and options, `-r`/`-c` followed
 * relative to the including file, and options applied in pip's order to one state shared
 * by every file read in the run. Where pip ignores part of a line, we refuse the line;
 * where a later line overrides an earlier one, we follow pip and record a warning.
 */
import { readFile, realpath } from 'node:fs/promises';
import { pathExists } from '../util/path-exists.js';
import path from 'node:path';
import { RequirementsFileError, WheelhouseError } from '../errors.js';
import { redactCredentials } from '../util/redact.js';
import { decodeRequirementsFile, DecodeProblem } from './decode.js';
import { FormatControl } from './format-control.js';
import { checkHashValue } from './hash-option.js';
import { LineError } from './line-error.js';
import { urlToPath } from './links.js';
import { logicalLines, type EnvironmentVariables, type LogicalLine } from './logical-lines.js';
import { parseOptions, type OptionDest, type ParsedOption } from './options.js';
import { readEditableForm, readRequirementForm, type RequirementForm } from './requirement-forms.js';
import { parseRequirement, type Requirement } from '../pep508/requirement.js';
import type {
  ParsedRequirementsFiles,
  RequirementParser,
  RequirementsFileEntry,
  RequirementsFileOptions,
  SourceLocation,
} from './types.js';

export interface RequirementsFileInput {
  /** A path (relative to `cwd`) or a URL. */
  file: string;
  /** Read it as `-c FILE` rather than `-r FILE`. */
  constraint?: boolean;
}

export interface ParseRequirementsOptions<R = Requirement> {
  /** Parses each requirement's PEP 508 text; default PEP 508's `parseRequirement`. */
  parseRequirement?: RequirementParser<R>;
  /** Variables for `${NAME}` expansion; default `process.env`. */
  env?: EnvironmentVariables;
  /** Directory relative paths are taken from (top-level files, bare paths); default `process.cwd()`. */
  cwd?: string;
  /** The binary policy before the files are read (the command line's); copied, not changed. */
  formatControl?: FormatControl;
  /**
   * Fetches an http(s) requirements file as text (pip decodes the response as requests'
   * `.text` does). Without it, remote files are a RequirementsFileError; its own errors
   * (e.g. NetworkError) propagate as they are. The index client provides one.
   */
  readUrl?: (url: string) => Promise<string>;
}

/** pip's `SCHEME_RE`: a requirements file given as a URL. */
const FILE_URL_SCHEME = /^(http|https|file):/i;

interface Source {
  /** As pip names it. */
  file: string;
  /** Absolute path or URL. */
  resolved: string;
  /** Local path to read, for paths and file: URLs. */
  localPath?: string;
}

interface ChainLink {
  key: string;
  file: string;
  /** The line in this file that includes the next one. */
  include?: SourceLocation;
}

class RequirementsReader<R> {
  readonly entries: RequirementsFileEntry<R>[] = [];
  readonly files: ParsedRequirementsFiles<R>['files'] = [];
  readonly warnings: ParsedRequirementsFiles<R>['warnings'] = [];
  readonly options: RequirementsFileOptions;
  private readonly seen = new Set<string>();
  private readonly cwd: string;
  private readonly env: EnvironmentVariables;
  private readonly parse: RequirementParser<R>;

  constructor(private readonly settings: ParseRequirementsOptions<R>) {
    this.cwd = settings.cwd ?? process.cwd();
    this.env = settings.env ?? process.env;
    this.parse = settings.parseRequirement ?? (parseRequirement as unknown as RequirementParser<R>);
    this.options = {
      extraIndexUrls: [],
      noIndex: false,
      findLinks: [],
      trustedHosts: [],
      formatControl: settings.formatControl?.clone() ?? new FormatControl(),
      pre: false,
      preferBinary: false,
      requireHashes: false,
      features: [],
    };
  }

  topSource(file: string): Source {
    if (FILE_URL_SCHEME.test(file)) return this.urlSource(file);
    return { file, resolved: path.resolve(this.cwd, file), localPath: path.resolve(this.cwd, file) };
  }

  private urlSource(url: string): Source {
    if (/^file:/i.test(url)) {
      const local = path.resolve(this.cwd, urlToPath(url));
      return { file: url, resolved: url, localPath: local };
    }
    return { file: redactCredentials(url), resolved: url };
  }

  /** pip: relative to the including file (a URL join when that file is a URL). */
  private includedSource(parent: Source, value: string): Source {
    if (FILE_URL_SCHEME.test(parent.resolved)) {
      let joined: string;
      try {
        joined = new URL(value, parent.resolved).toString();
      } catch {
        joined = value;
      }
      return this.urlSource(joined);
    }
    if (FILE_URL_SCHEME.test(value)) return this.urlSource(value);
    // As Python's os.path.join: an absolute path replaces the directory.
    const file = path.isAbsolute(value) ? value : path.join(path.dirname(parent.file), value);
    return { file, resolved: path.resolve(this.cwd, file), localPath: path.resolve(this.cwd, file) };
  }

  private async load(source: Source, includedAt: SourceLocation | undefined): Promise<{ key: string; content: string }> {
    const where = includedAt ?? { file: source.file };
    if (source.localPath === undefined) {
      if (!this.settings.readUrl) {
        throw new RequirementsFileError(`cannot read the remote requirements file ${source.file}: remote requirements files are not supported here`, {
          location: includedAt ? { ...includedAt, url: source.resolved } : { url: source.resolved },
          text: source.file,
          expected: 'a local path or a file: URL',
          hint: 'download the file and give its local path',
        });
      }
      const key = source.resolved.split('#', 1)[0] ?? source.resolved;
      return { key, content: await this.settings.readUrl(source.resolved) };
    }
    let key: string;
    let bytes: Uint8Array;
    try {
      key = await realpath(source.localPath);
      bytes = await readFile(key);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
      throw new RequirementsFileError(`could not open requirements file ${source.file}: ${why}`, {
        location: where,
        text: source.file,
        expected: includedAt
          ? 'a readable file; a relative path is taken relative to the including file\'s directory'
          : 'a readable requirements file',
        cause: e,
      });
    }
    try {
      return { key, content: decodeRequirementsFile(bytes) };
    } catch (e) {
      if (!(e instanceof DecodeProblem)) throw e;
      throw new RequirementsFileError(`cannot decode ${source.file}: ${e.message}`, {
        location: { file: source.file, ...(e.line === undefined ? {} : { line: e.line, column: e.column }) },
        ...(e.text === undefined ? {} : { text: e.text }),
        expected: e.expected,
      });
    }
  }

  async read(source: Source, constraint: boolean, chain: readonly ChainLink[], includedAt?: SourceLocation): Promise<void> {
    const { key, content } = await this.load(source, includedAt);
    const cycleStart = chain.findIndex((link) => link.key === key);
    if (cycleStart !== -1 && includedAt) {
      const names = chain.slice(cycleStart).map((link) => `${link.file} (line ${link.include?.line ?? '?'})`);
      throw new RequirementsFileError(`requirements files include each other in a cycle: ${[...names, source.file].join(' -> ')}`, {
        location: includedAt,
        text: source.file,
        expected: 'files that do not include themselves, directly or through other files',
      });
    }
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.files.push({ file: source.file, resolved: source.localPath ?? redactCredentials(source.resolved), constraint, ...(includedAt ? { includedFrom: includedAt } : {}) });
    }
    const here: ChainLink = { key, file: source.file };
    for (const line of logicalLines(content, this.env)) {
      try {
        await this.readLine(line, source, constraint, [...chain, here]);
      } catch (e) {
        if (e instanceof LineError) throw this.lineError(e, line, source);
        throw e;
      }
    }
  }

  private lineError(e: LineError, line: LogicalLine, source: Source): RequirementsFileError {
    const at = line.text.positionAt(e.index);
    return new RequirementsFileError(e.message, {
      location: { file: source.file, line: at.line, column: at.column },
      text: e.text,
      expected: e.expected,
      ...(e.hint === undefined ? {} : { hint: e.hint }),
    });
  }

  private location(line: LogicalLine, source: Source, index: number): SourceLocation {
    const at = line.text.positionAt(index);
    return { file: source.file, line: at.line, column: at.column };
  }

  private async readLine(line: LogicalLine, source: Source, constraint: boolean, chain: ChainLink[]): Promise<void> {
    const text = line.text.text;
    // pip's `break_args_options`: words (split at " ") up to the first one starting with "-"
    // are the requirement; the rest of the line is options.
    let optionsAt = -1;
    let offset = 0;
    for (const word of text.split(' ')) {
      if (word.startsWith('-')) {
        optionsAt = offset;
        break;
      }
      offset += word.length + 1;
    }
    const args = optionsAt === -1 ? text : text.slice(0, Math.max(0, optionsAt - 1));
    const { options, positional } = optionsAt === -1 ? { options: [], positional: [] } : parseOptions(text.slice(optionsAt), optionsAt);
    const firstPositional = positional[0];
    if (firstPositional !== undefined) {
      throw new LineError(
        `unexpected ${JSON.stringify(firstPositional.value)} after the options (pip would ignore it)`,
        firstPositional.start,
        firstPositional.value,
        'a requirement before its options, or only options on the line',
      );
    }
    this.checkOptionValues(options);
    if (args !== '') {
      await this.readRequirementLine(line, source, constraint, chain, args, options);
    } else if (options.some((o) => o.spec.scope === 'editable')) {
      await this.readEditableLine(line, source, constraint, chain, options);
    } else if (options.some((o) => o.spec.scope === 'include')) {
      await this.readIncludeLine(line, source, chain, options);
    } else if (options.length === 0) {
      throw new LineError('the line has neither a requirement nor an option', 0, text, 'a requirement or an option');
    } else {
      await this.readOptionLine(line, source, options);
    }
  }

  /** The checks pip's optparse callbacks and choices make while parsing any line. */
  private checkOptionValues(options: readonly ParsedOption[]): void {
    for (const o of options) {
      const value = o.value ?? '';
      if (o.spec.dest === 'hashes') {
        const problem = checkHashValue(value);
        if (problem) throw new LineError(problem.message, o.valueStart, value, problem.expected, problem.hint);
      } else if (o.spec.dest === 'configSettings' && !value.includes('=')) {
        throw new LineError(`arguments to ${o.name} must be of the form KEY=VAL`, o.valueStart, value, 'KEY=VAL');
      } else if (o.spec.choices && !o.spec.choices.includes(value)) {
        throw new LineError(`invalid choice for ${o.name}: ${JSON.stringify(value)}`, o.valueStart, value, `one of ${o.spec.choices.join(', ')}`);
      } else if ((o.spec.dest === 'noBinary' || o.spec.dest === 'onlyBinary') && value.startsWith('-')) {
        throw new LineError(`${o.name} requires a value`, o.valueStart, value, ':all:, :none: or comma-separated project names');
      }
    }
  }

  /** A requirement line: only --hash, --config-settings and --global-option may follow it. */
  private async readRequirementLine(
    line: LogicalLine,
    source: Source,
    constraint: boolean,
    chain: ChainLink[],
    args: string,
    options: readonly ParsedOption[],
  ): Promise<void> {
    for (const o of options) {
      if (o.spec.scope !== 'requirement') {
        throw new LineError(
          `${o.name} cannot follow a requirement on its line: pip ignores it there`,
          o.start,
          o.name,
          'only --hash, --config-settings or --global-option after a requirement',
          'put it on a line of its own',
        );
      }
    }
    const form = await readRequirementForm(args, this.cwd);
    this.addEntry(line, source, constraint, chain, form, args, 0, false, options);
  }

  private async readEditableLine(
    line: LogicalLine,
    source: Source,
    constraint: boolean,
    chain: ChainLink[],
    options: readonly ParsedOption[],
  ): Promise<void> {
    const editable = options.find((o) => o.spec.scope === 'editable') as ParsedOption;
    const other = options.find((o) => o !== editable);
    if (other) {
      throw new LineError(
        `${other.name} cannot share a line with -e: pip ignores it there`,
        other.start,
        other.name,
        '-e and its value alone on the line',
        other.spec.dest === 'hashes' ? 'pip does not check hashes of editable requirements' : 'put it on a line of its own',
      );
    }
    const value = editable.value ?? '';
    if (constraint) {
      throw new LineError('editable requirements are not allowed as constraints', editable.start, value, 'a project name and a version specifier');
    }
    let form: RequirementForm;
    try {
      form = await readEditableForm(value, this.cwd);
    } catch (e) {
      if (e instanceof LineError) throw new LineError(e.message, editable.valueStart + e.index, e.text, e.expected, e.hint);
      throw e;
    }
    this.addEntry(line, source, constraint, chain, form, value, editable.valueStart, true, []);
  }

  private addEntry(
    line: LogicalLine,
    source: Source,
    constraint: boolean,
    chain: ChainLink[],
    form: RequirementForm,
    written: string,
    start: number,
    editable: boolean,
    options: readonly ParsedOption[],
  ): void {
    const location = this.location(line, source, start);
    if (constraint && form.hasExtras) {
      throw new LineError('constraints cannot have extras', start, written.trim(), 'a project name and a version specifier, without [extras]');
    }
    for (const message of form.warnings) this.warnings.push({ message, location });
    let requirement: R;
    try {
      requirement = this.parse(form.pep508, location);
    } catch (e) {
      if (e instanceof RequirementsFileError || !(e instanceof WheelhouseError)) throw e;
      throw new RequirementsFileError(e.message, {
        location: e.location?.file !== undefined ? e.location : location,
        text: e.text ?? form.pep508,
        expected: e.expected ?? 'a PEP 508 requirement',
        ...(e.hint === undefined ? {} : { hint: e.hint }),
        cause: e,
      });
    }
    const entry: RequirementsFileEntry<R> = {
      requirement,
      text: form.pep508,
      written: written.trim(),
      name: form.name,
      ...(form.marker === undefined ? {} : { marker: form.marker }),
      hasExtras: form.hasExtras,
      constraint,
      editable,
      ...(form.link === undefined ? {} : { link: form.link }),
      hashes: options.filter((o) => o.spec.dest === 'hashes').map((o) => o.value ?? ''),
      location,
      lineNumber: line.lineNumber,
      comesFrom: `${constraint ? '-c' : '-r'} ${source.file} (line ${line.lineNumber})`,
      includedFrom: chain.slice(0, -1).map((link) => link.include as SourceLocation),
    };
    const settings = options.filter((o) => o.spec.dest === 'configSettings');
    if (settings.length > 0) {
      // pip's `_handle_config_settings`: a repeated key collects its values in a list.
      const table: Record<string, string | string[]> = {};
      for (const o of settings) {
        const value = o.value ?? '';
        const eq = value.indexOf('=');
        const key = value.slice(0, eq);
        const val = value.slice(eq + 1);
        const prev = table[key];
        table[key] = prev === undefined ? val : Array.isArray(prev) ? [...prev, val] : [prev, val];
      }
      entry.configSettings = table;
    }
    const globalOptions = options.filter((o) => o.spec.dest === 'globalOptions').map((o) => o.value ?? '');
    if (globalOptions.length > 0) entry.globalOptions = globalOptions;
    this.entries.push(entry);
  }

  /** `-r FILE` or `-c FILE`, alone on its line. */
  private async readIncludeLine(line: LogicalLine, source: Source, chain: ChainLink[], options: readonly ParsedOption[]): Promise<void> {
    const include = options.find((o) => o.spec.scope === 'include') as ParsedOption;
    const other = options.find((o) => o !== include);
    if (other) {
      throw new LineError(
        `${other.name} cannot share a line with ${include.name}: pip reads only the first -r/-c of a line and ignores the rest`,
        other.start,
        other.name,
        `${include.name} and its file alone on the line`,
        'put each option on a line of its own',
      );
    }
    const includedAt = this.location(line, source, include.start);
    const here = chain[chain.length - 1] as ChainLink;
    here.include = includedAt;
    const target = this.includedSource(source, include.value ?? '');
    await this.read(target, include.spec.dest === 'constraints', chain, includedAt);
    delete here.include;
  }

  /** Options for the whole run, applied in pip's order (`handle_option_line`). */
  private async readOptionLine(line: LogicalLine, source: Source, options: readonly ParsedOption[]): Promise<void> {
    const of = (dest: OptionDest): ParsedOption[] => options.filter((o) => o.spec.dest === dest);
    const at = (o: ParsedOption): SourceLocation => this.location(line, source, o.valueStart);
    for (const o of options) {
      if (o.spec.scope === 'requirement') {
        throw new LineError(
          `${o.name} applies to the requirement on its line, and this line has none`,
          o.start,
          o.name,
          `a requirement before ${o.name}`,
          o.spec.dest === 'hashes' ? 'write "name==version --hash=..." (continue long lines with "\\")' : undefined,
        );
      }
    }
    const indexUrls = of('indexUrl');
    const findLinks = of('findLinks');
    for (const [list, why] of [
      [indexUrls, 'pip keeps only the last --index-url of a line'],
      [findLinks, 'pip reads only the first -f/--find-links of a line'],
    ] as const) {
      const second = list[1];
      if (second) throw new LineError(`${second.name} is given twice on one line: ${why}`, second.start, second.name, 'one such option per line', 'put each on a line of its own');
    }
    // The binary policy is applied while the line is parsed, word by word.
    for (const o of options) {
      if (o.spec.dest === 'noBinary') this.options.formatControl.addNoBinary(o.value ?? '');
      if (o.spec.dest === 'onlyBinary') this.options.formatControl.addOnlyBinary(o.value ?? '');
    }
    const state = this.options;
    const noIndex = of('noIndex')[0];
    if (noIndex) {
      state.noIndex = true;
      delete state.indexUrl;
      state.extraIndexUrls = [];
    }
    const indexUrl = indexUrls[0];
    if (indexUrl) {
      const value = indexUrl.value ?? '';
      if (state.noIndex) {
        this.warnings.push({ message: `--index-url ${redactCredentials(value)} is ignored: --no-index was given before`, location: at(indexUrl) });
      } else {
        const dropped = [
          ...(state.indexUrl && state.indexUrl.value !== value ? [state.indexUrl] : []),
          ...state.extraIndexUrls,
        ];
        if (dropped.length > 0) {
          const list = dropped.map((d) => `${redactCredentials(d.value)} (${d.location.file}:${d.location.line})`).join(', ');
          this.warnings.push({ message: `--index-url ${redactCredentials(value)} replaces the index URLs given before it: ${list}`, location: at(indexUrl) });
        }
        state.indexUrl = { value, location: at(indexUrl) };
        state.extraIndexUrls = [];
      }
    }
    for (const o of of('extraIndexUrls')) {
      const value = o.value ?? '';
      if (state.noIndex) {
        this.warnings.push({ message: `--extra-index-url ${redactCredentials(value)} is ignored: --no-index was given before`, location: at(o) });
      } else {
        state.extraIndexUrls.push({ value, location: at(o) });
      }
    }
    const findLink = findLinks[0];
    if (findLink) {
      const written = findLink.value ?? '';
      let value = written;
      // pip: a find-links path is taken relative to the requirements file when it exists there.
      if (source.localPath !== undefined && !/^file:/i.test(source.file)) {
        const relative = path.isAbsolute(written) ? written : path.join(path.dirname(source.localPath), written);
        if (await pathExists(relative)) value = relative;
      }
      state.findLinks.push({ value, written, location: at(findLink) });
    }
    if (of('pre').length > 0) state.pre = true;
    if (of('preferBinary').length > 0) state.preferBinary = true;
    for (const o of of('trustedHosts')) {
      // pip's session keeps each trusted host once.
      if (!state.trustedHosts.some((t) => t.value === o.value)) state.trustedHosts.push({ value: o.value ?? '', location: at(o) });
    }
    if (of('requireHashes').length > 0) state.requireHashes = true;
    for (const o of of('features')) {
      if (!state.features.some((f) => f.value === o.value)) state.features.push({ value: o.value ?? '', location: at(o) });
    }
  }
}

/**
 * Reads requirements files (`-r FILE` and `-c FILE` of a command line, in order) and
 * everything they include, into entries, options and the list of files read.
 */
export async function parseRequirementsFiles<R = Requirement>(
  inputs: readonly RequirementsFileInput[],
  options: ParseRequirementsOptions<R> = {},
): Promise<ParsedRequirementsFiles<R>> {
  const reader = new RequirementsReader<R>(options);
  for (const input of inputs) await reader.read(reader.topSource(input.file), input.constraint ?? false, []);
  return { entries: reader.entries, options: reader.options, files: reader.files, warnings: reader.warnings };
}

/** Reads one requirements file (as `-r FILE`) and everything it includes. */
export async function parseRequirementsFile<R = Requirement>(
  file: string,
  options: ParseRequirementsOptions<R> = {},
): Promise<ParsedRequirementsFiles<R>> {
  return parseRequirementsFiles([{ file }], options);
}

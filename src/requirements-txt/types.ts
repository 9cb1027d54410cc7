/**
 * What reading requirements files produces: an ordered list of entries (requirements,
 * constraints, editables), the options that apply to the whole run, the files read, and
 * the warnings pip would print. Nothing on a line is dropped silently: every line becomes
 * one of these, or a RequirementsFileError.
 */
import type { FormatControl } from './format-control.js';
import type { RequirementLink } from './requirement-forms.js';
import type { Requirement } from '../pep508/requirement.js';

/** A place in a requirements file (1-based line and column). */
export interface SourceLocation {
  /** The file as pip names it: relative paths joined to the including file's directory; or a URL. */
  file: string;
  line: number;
  column: number;
}

/**
 * Parses one requirement's PEP 508 text. `where` is where the requirement starts in its
 * file; a parser reporting an error at offset k of `text` should report column
 * `where.column + k`. (For bare URLs, paths and editables the text is built from what is
 * written, `name[extras] @ url ; marker`, and `where` points at the start of the line's
 * requirement.) The default is PEP 508's `parseRequirement`.
 */
export type RequirementParser<R> = (text: string, where: SourceLocation) => R;

export interface RequirementsFileEntry<R = Requirement> {
  /** The requirement parser's result for `text`. */
  requirement: R;
  /** The PEP 508 text given to the parser. */
  text: string;
  /** The requirement as written on the line (after `${VAR}` expansion), options removed. */
  written: string;
  /** The project name as written or derived from a file name, `#egg=` or pyproject.toml. */
  name: string;
  /** The marker after ";" (pip splits it off the requirement), if any. */
  marker?: string;
  /** Whether extras are requested. */
  hasExtras: boolean;
  /** From a `-c` file (or a file included from one). */
  constraint: boolean;
  /** Given with `-e`. */
  editable: boolean;
  /** For bare URLs, paths and editables: where they point. */
  link?: RequirementLink;
  /** `--hash` values on the line, as "algo:hexdigest", in file order. */
  hashes: string[];
  /** `--config-settings KEY=VAL` on the line (pip passes these to the build backend). */
  configSettings?: Record<string, string | string[]>;
  /** `--global-option` values on the line (deprecated by pip; they imply building from source). */
  globalOptions?: string[];
  /** Where the requirement text starts. */
  location: SourceLocation;
  /** pip's line number: the first physical line of a continued line. */
  lineNumber: number;
  /** pip's `comes_from`: "-r requirements.in (line 3)" or "-c constraints.txt (line 1)". */
  comesFrom: string;
  /** The `-r`/`-c` lines that led to this file, outermost first; empty for a file given directly. */
  includedFrom: SourceLocation[];
}

export interface LocatedValue {
  value: string;
  location: SourceLocation;
}

export interface FindLinksValue extends LocatedValue {
  /** As written; `value` is the absolute path when the written path exists relative to the file. */
  written: string;
}

/**
 * The options requirements files set for the whole run, as pip's finder and session end
 * up with them after reading every file (start values: nothing set).
 */
export interface RequirementsFileOptions {
  /** The last `--index-url`: it replaces the command line's index URLs (extra ones too). */
  indexUrl?: LocatedValue;
  /** `--extra-index-url` values after the last `--index-url`, in order. */
  extraIndexUrls: LocatedValue[];
  /** `--no-index`: no index at all, whatever the command line or other lines say. */
  noIndex: boolean;
  /** `-f/--find-links`, in order. */
  findLinks: FindLinksValue[];
  /** `--trusted-host`, in order. */
  trustedHosts: LocatedValue[];
  /** `--no-binary` / `--only-binary`, accumulated after the starting policy. */
  formatControl: FormatControl;
  pre: boolean;
  preferBinary: boolean;
  requireHashes: boolean;
  /** `--use-feature` values, without repeats. */
  features: LocatedValue[];
}

export interface RequirementsFileRead {
  /** As pip names it (see SourceLocation.file). */
  file: string;
  /** Absolute path, or URL (credentials redacted). */
  resolved: string;
  /** First read as a constraints file. */
  constraint: boolean;
  /** The `-r`/`-c` line that first included it; absent for a file given directly. */
  includedFrom?: SourceLocation;
}

export interface RequirementsFileWarning {
  message: string;
  location: SourceLocation;
}

export interface ParsedRequirementsFiles<R = Requirement> {
  entries: RequirementsFileEntry<R>[];
  options: RequirementsFileOptions;
  /** Every file read, once each, in the order first read. */
  files: RequirementsFileRead[];
  warnings: RequirementsFileWarning[];
}

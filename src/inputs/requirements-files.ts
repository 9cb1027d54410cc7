/**
 * Requirements files as lock inputs: the input files and `-r FILE` / `-c FILE` flags read
 * together as pip reads them (one shared option state, `-r`/`-c` lines followed relative
 * to the including file), each requirement becoming a root requirement or a constraint
 * with its place (`requirements.in:3`) and pip-compile's `# via` word
 * (`-r requirements.in`, `-c constraints.txt`).
 */
import { UsageError } from '../errors.js';
import { parseRequirementsFiles, type ParseRequirementsOptions } from '../requirements-txt/read-files.js';
import type { FormatControl } from '../requirements-txt/format-control.js';
import type { RequirementsFileEntry, RequirementsFileOptions, RequirementsFileRead } from '../requirements-txt/types.js';
import { viaSource } from '../requirements-txt/via.js';
import type { RootInput } from '../resolver/lock-request.js';

export interface RequirementsFilesInput {
  /** Requirement files (`requirements.in`, `-r FILE`), in order. */
  requirements: readonly string[];
  /** Constraint files (`-c FILE`), in order; read after the requirement files, as pip-compile does. */
  constraints: readonly string[];
}

export interface RequirementsFilesResult {
  requirements: RootInput[];
  constraints: RootInput[];
  /** The options the files set, accumulated after the command line's binary policy. */
  options: RequirementsFileOptions;
  files: RequirementsFileRead[];
  /** pip's warnings, as `file:line: message`. */
  warnings: string[];
}

export interface ReadRequirementsInputsOptions {
  cwd?: string;
  env?: ParseRequirementsOptions['env'];
  /** The command line's `--only-binary` / `--no-binary`, applied before the files' options. */
  formatControl?: FormatControl;
  readUrl?: ParseRequirementsOptions['readUrl'];
}

/** `requirements.in:3`: where a requirement is written (pip's line number: the first line of a continued line). */
export function entrySource(entry: RequirementsFileEntry): string {
  return `${entry.location.file}:${entry.lineNumber}`;
}

function rootInput(entry: RequirementsFileEntry): RootInput {
  if (entry.editable) {
    throw new UsageError(`editable requirement ${entry.written} cannot be locked: wheelhouse does not build local projects`, {
      location: entry.location,
      text: `-e ${entry.written}`,
      expected: 'a requirement on a published project, or a direct reference to a wheel or sdist',
      hint: 'list the project\'s own dependencies instead (pip-compile pyproject.toml), or build it and give the wheel\'s path',
    });
  }
  return {
    requirement: entry.requirement,
    source: entrySource(entry),
    via: viaSource(entry),
    ...(entry.hashes.length === 0 ? {} : { hashes: [...entry.hashes] }),
  };
}

/** Reads the files (see the module comment). */
export async function readRequirementsInputs(input: RequirementsFilesInput, options: ReadRequirementsInputsOptions = {}): Promise<RequirementsFilesResult> {
  const parsed = await parseRequirementsFiles(
    [...input.requirements.map((file) => ({ file })), ...input.constraints.map((file) => ({ file, constraint: true }))],
    {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.formatControl === undefined ? {} : { formatControl: options.formatControl }),
      ...(options.readUrl === undefined ? {} : { readUrl: options.readUrl }),
    },
  );
  const requirements: RootInput[] = [];
  const constraints: RootInput[] = [];
  for (const entry of parsed.entries) (entry.constraint ? constraints : requirements).push(rootInput(entry));
  return {
    requirements,
    constraints,
    options: parsed.options,
    files: parsed.files,
    warnings: parsed.warnings.map((w) => `${w.location.file}:${w.location.line}: ${w.message}`),
  };
}

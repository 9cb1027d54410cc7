/**
 * The positional arguments of `wheelhouse lock`: input files (requirements.in/.txt,
 * pyproject.toml) and requirement strings (`"flask>=3" requests`), told apart the way a
 * user would expect: an argument that names an existing file, contains a path separator
 * or ends in `.in`, `.txt` or `.toml` is a file (so that a mistyped `requirments.in`, a
 * valid project name, is reported as a missing file and not locked from an index);
 * anything else is a PEP 508 requirement.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { RequirementError, UsageError, WheelhouseError } from '../errors.js';
import { parseRequirement } from '../pep508/requirement.js';
import type { RootInput } from '../resolver/lock-request.js';

export type InputFileKind = 'requirements' | 'pyproject';

export interface InputFile {
  /** As given (relative to the working directory, or absolute). */
  file: string;
  kind: InputFileKind;
}

export interface PositionalArguments {
  files: InputFile[];
  /** Requirement strings, in order. */
  requirements: string[];
}

/** Source and `# via` of a requirement given on the command line. */
export const COMMAND_LINE = 'command line';

const FILE_SUFFIX = /\.(in|txt|toml)$/i;
/** Inputs that need a build backend to read, which wheelhouse does not run. */
const BUILD_INPUTS = new Set(['setup.py', 'setup.cfg']);

/** What kind of input `file` is, or a UsageError for inputs wheelhouse cannot read. */
export function inputFileKind(file: string): InputFileKind {
  const base = path.basename(file);
  if (base === 'pyproject.toml') return 'pyproject';
  if (BUILD_INPUTS.has(base)) {
    throw new UsageError(`${file}: reading requirements from ${base} needs the project's build backend, which wheelhouse does not run`, {
      text: file,
      expected: 'a requirements file (requirements.in) or a pyproject.toml with static [project] dependencies',
      hint: 'move the dependencies to pyproject.toml [project] dependencies, or list them in a requirements.in',
    });
  }
  if (/\.toml$/i.test(base)) {
    throw new UsageError(`${file}: only a pyproject.toml is read as TOML input`, {
      text: file,
      expected: 'a file named pyproject.toml, or a requirements file',
      ...(/^pylock\./i.test(base) ? { hint: 'a pylock.toml is an output: give it with -o to keep its pins' } : {}),
    });
  }
  return 'requirements';
}

function isFile(full: string): boolean {
  return existsSync(full) && statSync(full).isFile();
}

/** An existing file, or a path by its form (a directory named like a project, `requests/`, is not enough). */
function looksLikeFile(arg: string, cwd: string): boolean {
  if (arg === '-') return true;
  if (isFile(path.resolve(cwd, arg))) return true;
  return arg.includes('/') || arg.includes(path.sep) || FILE_SUFFIX.test(arg);
}

/** Sorts positional arguments into input files and requirement strings (see the module comment). */
export function classifyArguments(args: readonly string[], cwd: string = process.cwd()): PositionalArguments {
  const out: PositionalArguments = { files: [], requirements: [] };
  for (const arg of args) {
    if (arg === '') throw new UsageError('an empty argument', { text: arg, expected: 'an input file or a requirement such as "flask>=3"' });
    if (arg.startsWith('-') && arg !== '-' && !isFile(path.resolve(cwd, arg))) {
      throw new UsageError(`unknown option ${arg.split('=')[0]}`, { text: arg, expected: 'an option of wheelhouse lock (see --help), an input file or a requirement' });
    }
    // A requirement with a URL or a marker contains "/" or spaces; it is a requirement when it parses as one and is no file.
    if (/[@;<>=!~\s[]/.test(arg) && !isFile(path.resolve(cwd, arg))) {
      out.requirements.push(arg);
      continue;
    }
    if (!looksLikeFile(arg, cwd)) {
      out.requirements.push(arg);
      continue;
    }
    if (arg === '-') {
      throw new UsageError('reading requirements from standard input is not supported', {
        text: arg,
        expected: 'an input file, or requirements as arguments: wheelhouse lock "flask>=3" requests',
      });
    }
    const full = path.resolve(cwd, arg);
    if (existsSync(full) && statSync(full).isDirectory()) {
      throw new UsageError(`${arg} is a directory`, {
        text: arg,
        expected: 'an input file (requirements.in, pyproject.toml) or a requirement',
        hint: `to lock the project in ${arg}, give ${path.join(arg, 'pyproject.toml')}`,
      });
    }
    out.files.push({ file: arg, kind: inputFileKind(arg) });
  }
  return out;
}

/** Requirement strings from the command line as root requirements; errors name the argument and column. */
export function commandLineRequirements(texts: readonly string[]): RootInput[] {
  return texts.map((text, i) => {
    try {
      // Located as a one-line file, so that errors read `argument 2:1:7`.
      return { requirement: parseRequirement(text, { file: `argument ${i + 1}`, line: 1, column: 1 }), source: COMMAND_LINE, via: COMMAND_LINE };
    } catch (e) {
      if (!(e instanceof WheelhouseError)) throw e;
      throw new RequirementError(`invalid requirement on the command line: ${e.message}`, {
        ...(e.location === undefined ? {} : { location: e.location }),
        text,
        expected: e.expected ?? 'a PEP 508 requirement such as "flask>=3" or an input file',
        hint: 'quote requirements with spaces or markers: wheelhouse lock "flask>=3 ; python_version >= \'3.9\'"',
        cause: e,
      });
    }
  });
}

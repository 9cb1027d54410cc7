/**
 * Where a lock is written, as pip-compile derives it, and in which format:
 *
 * - `-o -`: standard output; `-o PATH`: that file;
 * - a pyproject.toml input: `requirements.txt` beside it;
 * - one requirements input: its name with the extension replaced by `.txt`
 *   (`requirements.in` → `requirements.txt`; a `.txt` input would be overwritten, which is
 *   an error, as in pip-compile);
 * - several inputs: `-o` is required (pip-compile's rule);
 * - requirement strings only: standard output;
 * - `--format pylock`: `pylock.toml` beside the first input. A `-o` named `pylock.toml`
 *   or `pylock.NAME.toml` selects the pylock format by itself (as uv does); PEP 751 allows
 *   no other name for it.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';

export type LockFormat = 'requirements' | 'pylock';

export const LOCK_FORMATS: readonly LockFormat[] = ['requirements', 'pylock'];

export type OutputDestination = { kind: 'stdout' } | { kind: 'file'; /** As shown to the user. */ file: string; /** Absolute. */ resolved: string };

export interface OutputPlan {
  format: LockFormat;
  destination: OutputDestination;
}

export interface OutputPlanOptions {
  /** Input files (requirements files and pyproject.toml), positional ones first; constraint files do not count. */
  inputs: readonly string[];
  /** `-o` / `--output-file`. */
  outputFile?: string;
  /** `--format`, when given. */
  format?: LockFormat;
  cwd?: string;
}

/** PEP 751: `pylock.toml` or `pylock.<name>.toml`. */
const PYLOCK_NAME = /^pylock\.([^.\s/\\]+\.)?toml$/;

export function isPylockFileName(file: string): boolean {
  return PYLOCK_NAME.test(path.basename(file));
}

function formatOf(options: OutputPlanOptions): LockFormat {
  const out = options.outputFile;
  const named = out !== undefined && out !== '-' && isPylockFileName(out);
  if (options.format === undefined) return named ? 'pylock' : 'requirements';
  if (options.format === 'requirements' && named) {
    throw new UsageError(`--format requirements cannot be written to ${out}: the name is reserved for PEP 751 lock files`, {
      text: out,
      expected: 'a requirements file name such as requirements.txt, or --format pylock',
    });
  }
  if (options.format === 'pylock' && out !== undefined && out !== '-' && !named) {
    throw new UsageError(`a PEP 751 lock file must be named pylock.toml or pylock.NAME.toml`, {
      text: out,
      expected: 'pylock.toml or pylock.NAME.toml (lowercase, NAME without dots)',
      hint: `-o ${path.join(path.dirname(out), 'pylock.toml')}`,
    });
  }
  return options.format;
}

function derivedFile(options: OutputPlanOptions, format: LockFormat): string | undefined {
  const first = options.inputs[0];
  if (first === undefined) return undefined;
  if (format === 'pylock') return path.join(path.dirname(first), 'pylock.toml');
  if (path.basename(first) === 'pyproject.toml') return path.join(path.dirname(first), 'requirements.txt');
  if (options.inputs.length > 1) {
    throw new UsageError('--output-file is required when two or more input files are given', {
      text: options.inputs.join(' '),
      expected: '-o PATH (or -o - for standard output)',
    });
  }
  const base = path.basename(first);
  const dot = base.lastIndexOf('.');
  return path.join(path.dirname(first), `${dot > 0 ? base.slice(0, dot) : base}.txt`);
}

/** The format and destination of a lock (see the module comment). */
export function planOutput(options: OutputPlanOptions): OutputPlan {
  const cwd = options.cwd ?? process.cwd();
  const format = formatOf(options);
  if (options.outputFile === '-') return { format, destination: { kind: 'stdout' } };
  if (options.outputFile === '') throw new UsageError('--output-file is empty', { text: '', expected: 'a file path, or - for standard output' });
  const file = options.outputFile ?? derivedFile(options, format);
  if (file === undefined) return { format, destination: { kind: 'stdout' } };
  const resolved = path.resolve(cwd, file);
  const clash = options.inputs.find((input) => path.resolve(cwd, input) === resolved);
  if (clash !== undefined) {
    throw new UsageError(`the lockfile would overwrite its input ${clash}`, {
      text: file,
      expected: 'an output file other than the inputs',
      hint: options.outputFile === undefined ? `rename the input to ${clash.replace(/\.[^./\\]*$/, '')}.in, or give -o PATH` : 'give another -o PATH',
    });
  }
  return { format, destination: { kind: 'file', file, resolved } };
}

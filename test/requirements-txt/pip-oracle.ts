/**
 * Runs pip 23.2.1's own requirements-file parser (pip_req_file_oracle.py) on cases
 * written to disk, in one isolated python process per suite, and runs ours on the same
 * files, so a test can compare the two.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RequirementsFileError } from '../../src/errors.js';
import { parseRequirementsFiles, type ParsedRequirementsFiles } from '../../src/requirements-txt/index.js';
import { runPythonJson } from '../helpers/python.js';

export interface FileCase {
  name: string;
  /** Files to write (relative paths); "{DIR}" in text is replaced by the case's directory. */
  files: Record<string, string | Buffer>;
  /** Directories to create. */
  dirs?: string[];
  /** Default: requirements.txt as -r. */
  top?: { file: string; constraint?: boolean }[];
  /** Environment variables for ${VAR} expansion (names start with WHRT_). */
  env?: Record<string, string>;
}

export interface PipIreq {
  name: string | null;
  link: string | null;
  markers: string | null;
  extras: string[];
  specifier: string | null;
  url: string | null;
  error?: string;
}

export interface PipRequirement {
  requirement: string;
  editable: boolean;
  constraint: boolean;
  file: string;
  line: number;
  hashes: Record<string, string[]>;
  global_options: string[] | null;
  config_settings: Record<string, string | string[]> | null;
  ireq: PipIreq;
}

export interface PipResult {
  error?: string;
  requirements: PipRequirement[];
  indexUrls: string[];
  findLinks: string[];
  noIndex: boolean;
  noBinary: string[];
  onlyBinary: string[];
  pre: boolean;
  preferBinary: boolean;
  trustedHosts: string[];
  requireHashes: boolean;
  features: string[];
  warnings: string[];
}

export type OurResult = { ok: ParsedRequirementsFiles } | { error: RequirementsFileError };

const ORACLE = readFileSync(fileURLToPath(new URL('./pip_req_file_oracle.py', import.meta.url)), 'utf8');

export function caseDir(base: string, index: number): string {
  return path.join(base, `case-${index}`);
}

export function materialize(c: FileCase, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const d of c.dirs ?? []) mkdirSync(path.join(dir, d), { recursive: true });
  for (const [name, content] of Object.entries(c.files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content.replaceAll('{DIR}', dir) : content);
  }
}

function tops(c: FileCase): { file: string; constraint?: boolean }[] {
  return c.top ?? [{ file: 'requirements.txt' }];
}

/** pip's results for every case (materialized under `base`), in one python process. */
export async function runPip(cases: readonly FileCase[], base: string): Promise<PipResult[]> {
  const envNames = [...new Set(cases.flatMap((c) => Object.keys(c.env ?? {})))];
  const input = {
    envNames,
    cases: cases.map((c, i) => ({ dir: caseDir(base, i), top: tops(c), env: c.env ?? {} })),
  };
  return runPythonJson<PipResult[]>(ORACLE, input);
}

/** Our results for one case. Errors other than RequirementsFileError are bugs: rethrown. */
export async function runOurs(c: FileCase, dir: string): Promise<OurResult> {
  try {
    return { ok: await parseRequirementsFiles(tops(c), { cwd: dir, env: c.env ?? {} }) };
  } catch (e) {
    if (e instanceof RequirementsFileError) return { error: e };
    throw e;
  }
}

/** pip failed: while reading, or while building a requirement from a line. */
export function pipFailed(r: PipResult): string | undefined {
  if (r.error) return r.error;
  return r.requirements.find((q) => q.ireq.error)?.ireq.error;
}

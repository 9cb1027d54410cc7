/**
 * The package sources of a lock: the command line's index options merged with those of
 * the requirements files as pip merges them (pip 23.2.1 `req_file.handle_option_line`):
 *
 * - the command line comes first: its `--index-url` (or PyPI) and its `--extra-index-url`s;
 * - a file's `--index-url` replaces every index URL set so far, the command line's
 *   included (pip's behaviour; wheelhouse warns when it overrides an explicit one);
 * - a file's `--extra-index-url`s are added after;
 * - `--no-index` anywhere leaves no index at all;
 * - find-links accumulate, the command line's first; a relative one from a file is
 *   taken relative to that file when that path exists (the requirements reader already
 *   did that), one from the command line relative to the working directory.
 */
import path from 'node:path';
import { redactCredentials } from '../util/redact.js';
import type { RequirementsFileOptions } from '../requirements-txt/types.js';

/** PyPI's simple index: pip's default `--index-url`. */
export const DEFAULT_INDEX_URL = 'https://pypi.org/simple';

/** Index options given on the command line. */
export interface CommandLineIndexOptions {
  indexUrl?: string;
  extraIndexUrls?: readonly string[];
  noIndex?: boolean;
  findLinks?: readonly string[];
  trustedHosts?: readonly string[];
}

/** Where packages are looked up, after merging. */
export interface PackageSources {
  /** Index URLs in pip's order (the first is the main index); empty with `--no-index`. */
  indexUrls: string[];
  /** Whether the first index URL is PyPI by default (nobody named an index). */
  defaultIndex: boolean;
  noIndex: boolean;
  /** Find-links locations: absolute paths or URLs. */
  findLinks: string[];
  trustedHosts: string[];
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;

function isLocal(value: string): boolean {
  // A Windows drive letter is a path, not a URL scheme.
  return !URL_LIKE.test(value) || /^[a-z]:[\\/]/i.test(value);
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Merges the command line's options and the files' (see the module comment). */
export function mergePackageSources(cli: CommandLineIndexOptions, files: RequirementsFileOptions | undefined, cwd: string = process.cwd()): { sources: PackageSources; warnings: string[] } {
  const warnings: string[] = [];
  const noIndex = Boolean(cli.noIndex) || Boolean(files?.noIndex);
  let indexUrls: string[] = [cli.indexUrl ?? DEFAULT_INDEX_URL, ...(cli.extraIndexUrls ?? [])];
  let defaultIndex = cli.indexUrl === undefined;
  const fileIndex = files?.indexUrl;
  if (fileIndex !== undefined) {
    const explicit = [...(cli.indexUrl === undefined ? [] : [cli.indexUrl]), ...(cli.extraIndexUrls ?? [])];
    // Only worth a warning when a URL of the command line is lost (a lock that names the same indexes loses none).
    const kept = new Set([fileIndex.value, ...(files?.extraIndexUrls ?? []).map((v) => v.value)]);
    if (!noIndex && explicit.some((u) => !kept.has(u))) {
      warnings.push(
        `${fileIndex.location.file}:${fileIndex.location.line}: --index-url ${redactCredentials(fileIndex.value)} replaces the index URLs given on the command line (${explicit.map(redactCredentials).join(', ')}), as pip does`,
      );
    }
    indexUrls = [fileIndex.value];
    defaultIndex = false;
  }
  indexUrls.push(...(files?.extraIndexUrls ?? []).map((v) => v.value));
  const findLinks = [
    ...(cli.findLinks ?? []).map((v) => (isLocal(v) ? path.resolve(cwd, v) : v)),
    ...(files?.findLinks ?? []).map((v) => (isLocal(v.value) ? path.resolve(cwd, v.value) : v.value)),
  ];
  return {
    sources: {
      indexUrls: noIndex ? [] : unique(indexUrls),
      defaultIndex: !noIndex && defaultIndex,
      noIndex,
      findLinks: unique(findLinks),
      trustedHosts: unique([...(cli.trustedHosts ?? []), ...(files?.trustedHosts ?? []).map((v) => v.value)]),
    },
    warnings,
  };
}

/**
 * Find-links as the lockfile records them: local paths relative to the lockfile's
 * directory with "/" separators (pip takes a relative find-links path in a requirements
 * file relative to that file when it exists there), URLs as they are.
 */
export function findLinksForLockfile(findLinks: readonly string[], lockDir: string): string[] {
  return findLinks.map((value) => {
    if (!isLocal(value)) return value;
    const rel = path.relative(lockDir, value);
    if (rel === '') return '.';
    if (path.isAbsolute(rel)) return value; // another drive
    return rel.split(path.sep).join('/');
  });
}

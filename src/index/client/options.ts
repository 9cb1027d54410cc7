/**
 * The options every command that talks to indexes shares (lock, download, build, inspect),
 * with pip's names and meanings: `--index-url`, `--extra-index-url`, `--no-index`,
 * `--find-links`, plus uv's `--index-strategy`, and the HTTP client's settings. The flags
 * that set them are in src/cli/index-flags.ts; this module is plain data, usable without
 * the CLI.
 */
import type { HttpClientOptions } from '../http/options.js';
import { UsageError } from '../../errors.js';

/** pip's and uv's default index. */
export const DEFAULT_INDEX_URL = 'https://pypi.org/simple/';

/**
 * How files of one project are taken from several indexes (uv's names):
 * - `first-index` (default): the first index, in the order given, that has the project
 *   supplies all its files; later indexes are never used for it, even for versions the
 *   first lacks. An internal package cannot be shadowed by a same-named one uploaded to
 *   a public index (dependency confusion).
 * - `unsafe-best-match`: pip's behaviour: the files of every index are merged, and the
 *   best version wins wherever it comes from.
 * Find-links locations are merged in under both (as pip and uv do).
 */
export type IndexStrategy = 'first-index' | 'unsafe-best-match';
export const INDEX_STRATEGIES: readonly IndexStrategy[] = ['first-index', 'unsafe-best-match'];

export interface IndexOptions {
  /** The main index (pip's `--index-url`): a URL, a file:// URL or a local folder holding a PEP 503 tree. Default PyPI. */
  indexUrl?: string;
  /** More indexes, consulted after the main one (`--extra-index-url`). */
  extraIndexUrls?: readonly string[];
  /** No index at all, only find-links (`--no-index`). */
  noIndex?: boolean;
  /**
   * Find-links locations (`--find-links`): a local folder (its files are candidates), a
   * local HTML file or a remote page (its links are), a single local or remote archive.
   * Relative paths are relative to the working directory.
   */
  findLinks?: readonly string[];
  indexStrategy?: IndexStrategy;
  /** The cache folder (`--cache-dir`); default the per-user cache. */
  cacheDir?: string;
  /** No cache at all (`--no-cache`). */
  noCache?: boolean;
  /** Revalidate every cached page (`--refresh`). */
  refresh?: boolean;
  /** A PEM bundle of extra CAs (`--cert`). */
  cert?: string;
  /** Network timeout in seconds (pip's `--timeout`, default 15): connect, and every wait for data. */
  timeoutSeconds?: number;
  /** Retries of a failed request (`--retries`, default 5). */
  retries?: number;
  /** Requests in flight at once (`--concurrency`, default 32). */
  concurrency?: number;
  /** Anything else the HTTP client takes (environment, netrc, logging, retry events). Wins over the fields above. */
  http?: HttpClientOptions;
}

/** Index sources after defaults: what the client consults, in order. */
export interface IndexSourceOptions {
  /** Index URLs in order (none with `noIndex`), duplicates removed. */
  indexUrls: string[];
  findLinks: string[];
  strategy: IndexStrategy;
}

export function resolveSourceOptions(options: IndexOptions): IndexSourceOptions {
  const strategy = options.indexStrategy ?? 'first-index';
  if (!INDEX_STRATEGIES.includes(strategy)) {
    throw new UsageError(`unknown index strategy ${JSON.stringify(strategy)}`, { text: String(strategy), expected: INDEX_STRATEGIES.join(' or ') });
  }
  const indexUrls = options.noIndex ? [] : unique([options.indexUrl ?? DEFAULT_INDEX_URL, ...(options.extraIndexUrls ?? [])]);
  return { indexUrls, findLinks: unique([...(options.findLinks ?? [])]), strategy };
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}

/** The HTTP client's options for these index options. */
export function httpClientOptions(options: IndexOptions): HttpClientOptions {
  const out: HttpClientOptions = {};
  if (options.cacheDir !== undefined) out.cacheDir = options.cacheDir;
  if (options.noCache !== undefined) out.noCache = options.noCache;
  if (options.refresh !== undefined) out.refresh = options.refresh;
  if (options.cert !== undefined) out.cert = options.cert;
  if (options.timeoutSeconds !== undefined) {
    if (!(options.timeoutSeconds > 0) || !Number.isFinite(options.timeoutSeconds)) {
      throw new UsageError(`invalid timeout ${options.timeoutSeconds}`, { text: String(options.timeoutSeconds), expected: 'a positive number of seconds' });
    }
    const ms = Math.ceil(options.timeoutSeconds * 1000);
    out.connectTimeoutMs = ms;
    out.headersTimeoutMs = ms;
    out.bodyTimeoutMs = ms;
  }
  if (options.retries !== undefined) out.retries = options.retries;
  if (options.concurrency !== undefined) out.concurrency = options.concurrency;
  return { ...out, ...options.http };
}

/** Values pip's boolean environment variables take (`PIP_NO_INDEX=1`), as pip's `strtobool`. */
function envBoolean(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'y', 'on', 't'].includes(v)) return true;
  if (['0', 'false', 'no', 'n', 'off', 'f', ''].includes(v)) return false;
  throw new UsageError(`invalid value for ${name}`, { text: value, expected: 'a boolean: 1/0, true/false, yes/no, on/off' });
}

function envList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(/\s+/).filter((v) => v !== '');
  return list.length === 0 ? undefined : list;
}

/**
 * The index options pip reads from the environment: `PIP_INDEX_URL`, `PIP_EXTRA_INDEX_URL`
 * and `PIP_FIND_LINKS` (lists separated by whitespace, as pip splits them) and
 * `PIP_NO_INDEX`. Command-line values replace these, as in pip.
 */
export function indexOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): IndexOptions {
  const out: IndexOptions = {};
  const indexUrl = env['PIP_INDEX_URL']?.trim();
  if (indexUrl) out.indexUrl = indexUrl;
  const extra = envList(env['PIP_EXTRA_INDEX_URL']);
  if (extra) out.extraIndexUrls = extra;
  const findLinks = envList(env['PIP_FIND_LINKS']);
  if (findLinks) out.findLinks = findLinks;
  const noIndex = env['PIP_NO_INDEX'];
  if (noIndex !== undefined) out.noIndex = envBoolean('PIP_NO_INDEX', noIndex);
  return out;
}

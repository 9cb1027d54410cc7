/**
 * The index flags, spelled once for every command that talks to indexes (lock, download,
 * build, inspect): pip's names and short forms, uv's `--index-strategy`. Spread
 * `indexFlags()` into a command's flags and turn the parsed values into `IndexOptions`
 * with `indexOptionsFromFlags` (which also reads pip's environment variables
 * PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX: flags win).
 */
import * as Flags from '@oclif/core/flags';
import { INDEX_STRATEGIES, indexOptionsFromEnv, type IndexOptions, type IndexStrategy } from '../index/client/options.js';

const INDEX = 'INDEX';
const NETWORK = 'NETWORK';

/** The flags that choose the sources (not for commands that only fetch URLs). */
export function indexSourceFlags() {
  return {
    'index-url': Flags.string({
      char: 'i',
      summary: 'Base URL of the package index (PEP 503/691), a file:// URL or a local folder of a PEP 503 tree. Default https://pypi.org/simple/ (env PIP_INDEX_URL).',
      helpGroup: INDEX,
    }),
    'extra-index-url': Flags.string({
      multiple: true,
      summary: 'Another index, consulted after --index-url (repeatable; env PIP_EXTRA_INDEX_URL, space-separated).',
      helpGroup: INDEX,
    }),
    'no-index': Flags.boolean({
      summary: 'Ignore every index; use --find-links only (env PIP_NO_INDEX).',
      helpGroup: INDEX,
    }),
    'find-links': Flags.string({
      char: 'f',
      multiple: true,
      summary: 'A folder of wheels and sdists, an HTML page (local or remote) linking to them, or one archive; always consulted (repeatable; env PIP_FIND_LINKS).',
      helpGroup: INDEX,
    }),
    'index-strategy': Flags.string({
      options: [...INDEX_STRATEGIES],
      summary: 'first-index (default): a project found on an index is never taken from a later one. unsafe-best-match: merge every index, as pip does.',
      helpGroup: INDEX,
    }),
  };
}

/** The flags of the HTTP client and its cache. */
export function networkFlags() {
  return {
    'cache-dir': Flags.string({ summary: 'The cache folder (default: the per-user cache, e.g. ~/.cache/wheelhouse).', helpGroup: NETWORK }),
    'no-cache': Flags.boolean({ aliases: ['no-cache-dir'], summary: 'Use no cache at all (alias --no-cache-dir, as pip).', helpGroup: NETWORK }),
    refresh: Flags.boolean({ summary: 'Revalidate every cached index page with the server.', helpGroup: NETWORK }),
    cert: Flags.string({ summary: 'A PEM bundle of CA certificates to trust besides the built-in ones (env SSL_CERT_FILE also works).', helpGroup: NETWORK }),
    timeout: Flags.string({ summary: 'Seconds to wait for a connection or for data (default 15, as pip).', helpGroup: NETWORK }),
    retries: Flags.integer({ min: 0, summary: 'Retries of a failed request (default 5, as pip).', helpGroup: NETWORK }),
    concurrency: Flags.integer({ min: 1, summary: 'Requests in flight at once (default 32).', helpGroup: NETWORK }),
  };
}

/** Every index flag: the sources and the network. */
export function indexFlags() {
  return { ...indexSourceFlags(), ...networkFlags() };
}

/** What oclif parses the flags of `indexFlags()` into (any subset). */
export interface IndexFlagValues {
  'index-url'?: string | undefined;
  'extra-index-url'?: string[] | undefined;
  'no-index'?: boolean | undefined;
  'find-links'?: string[] | undefined;
  'index-strategy'?: string | undefined;
  'cache-dir'?: string | undefined;
  'no-cache'?: boolean | undefined;
  refresh?: boolean | undefined;
  cert?: string | undefined;
  timeout?: string | undefined;
  retries?: number | undefined;
  concurrency?: number | undefined;
}

/** `IndexOptions` from parsed flags over pip's environment variables (a flag replaces its variable). */
export function indexOptionsFromFlags(flags: IndexFlagValues, env: Readonly<Record<string, string | undefined>> = process.env): IndexOptions {
  const out: IndexOptions = indexOptionsFromEnv(env);
  if (flags['index-url'] !== undefined) out.indexUrl = flags['index-url'];
  if (flags['extra-index-url'] !== undefined) out.extraIndexUrls = flags['extra-index-url'];
  if (flags['no-index']) out.noIndex = true;
  if (flags['find-links'] !== undefined) out.findLinks = flags['find-links'];
  if (flags['index-strategy'] !== undefined) out.indexStrategy = flags['index-strategy'] as IndexStrategy;
  if (flags['cache-dir'] !== undefined) out.cacheDir = flags['cache-dir'];
  if (flags['no-cache']) out.noCache = true;
  if (flags.refresh) out.refresh = true;
  if (flags.cert !== undefined) out.cert = flags.cert;
  if (flags.timeout !== undefined) out.timeoutSeconds = Number(flags.timeout);
  if (flags.retries !== undefined) out.retries = flags.retries;
  if (flags.concurrency !== undefined) out.concurrency = flags.concurrency;
  return out;
}

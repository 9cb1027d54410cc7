/**
 * Cached responses of pages (any URL; index pages and metadata in practice), keyed by the
 * URL without credentials and the Accept header (one URL serves HTML and JSON). One entry is
 * one file, `pages/ab/<sha256 of key>`, written atomically:
 *
 *     wheelhouse-page 1\n
 *     {"url":…,"accept":…,"storedAt":…,"headers":{…},"size":…,"sha256":…}\n
 *     <body>
 *
 * The body's sha256 is checked on every read: a damaged entry is deleted and reported
 * missing. Only the headers caching needs are kept (validators, freshness, content type).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CacheError } from '../../errors.js';
import { stripCredentials } from '../../util/redact.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import { sha256Hex } from './content-store.js';

const MAGIC = 'wheelhouse-page 1\n';

/** Response headers worth keeping with a cached page. */
export const KEPT_HEADERS = ['etag', 'last-modified', 'cache-control', 'expires', 'date', 'age', 'content-type', 'vary'] as const;

export interface CachedPage {
  /** The URL asked for (no credentials). */
  url: string;
  /** The URL that answered, after redirects (no credentials). */
  finalUrl: string;
  accept: string;
  /** When the response was received or last revalidated (ms since the epoch). */
  storedAt: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface PageHeader {
  url: string;
  finalUrl: string;
  accept: string;
  storedAt: number;
  headers: Record<string, string>;
  size: number;
  sha256: string;
}

/** The cache key of a URL: no credentials, no fragment. */
export function pageCacheUrl(url: string): string {
  const stripped = stripCredentials(url);
  const hash = stripped.indexOf('#');
  return hash === -1 ? stripped : stripped.slice(0, hash);
}

export function keptHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = headers[name];
    if (v !== undefined) kept[name] = v;
  }
  return kept;
}

export class PageCache {
  private readonly swept = new Set<string>();

  constructor(
    /** The folder holding the entries. */
    readonly root: string,
    private readonly options: { staleTempAgeMs?: number; log?: ((line: string) => void) | undefined } = {},
  ) {}

  pathFor(url: string, accept: string): string {
    const key = sha256Hex(`${pageCacheUrl(url)}\n${accept}`);
    return path.join(this.root, key.slice(0, 2), key.slice(2));
  }

  private async discard(file: string, why: string): Promise<undefined> {
    this.options.log?.(`cache: discarding ${file}: ${why}`);
    await fs.rm(file, { force: true });
    return undefined;
  }

  /** The verified entry, or undefined (missing, or damaged and now deleted). */
  async get(url: string, accept: string): Promise<CachedPage | undefined> {
    const file = this.pathFor(url, accept);
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw new CacheError(`cannot read the cache entry ${file}`, { location: { file }, cause: err });
    }
    if (!data.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) return this.discard(file, 'not a page entry');
    const eol = data.indexOf(10, MAGIC.length);
    if (eol === -1) return this.discard(file, 'no header');
    let header: PageHeader;
    try {
      header = JSON.parse(data.subarray(MAGIC.length, eol).toString('utf8')) as PageHeader;
    } catch {
      return this.discard(file, 'unreadable header');
    }
    const body = data.subarray(eol + 1);
    if (header.url !== pageCacheUrl(url) || header.accept !== accept) return this.discard(file, 'key mismatch');
    if (body.length !== header.size || sha256Hex(body) !== header.sha256) return this.discard(file, 'body does not match its sha256');
    return { url: header.url, finalUrl: header.finalUrl, accept, storedAt: header.storedAt, headers: header.headers, body };
  }

  /** Stores (or replaces) an entry. */
  async put(page: { url: string; finalUrl: string; accept: string; headers: Readonly<Record<string, string>>; body: Buffer; storedAt?: number }): Promise<CachedPage> {
    const file = this.pathFor(page.url, page.accept);
    const dir = path.dirname(file);
    if (!this.swept.has(dir)) {
      this.swept.add(dir);
      await fs.mkdir(dir, { recursive: true });
      await removeStaleTemps(dir, this.options.staleTempAgeMs ?? 60 * 60 * 1000);
    }
    const stored: CachedPage = {
      url: pageCacheUrl(page.url),
      finalUrl: pageCacheUrl(page.finalUrl),
      accept: page.accept,
      storedAt: page.storedAt ?? Date.now(),
      headers: keptHeaders(page.headers),
      body: page.body,
    };
    const header: PageHeader = {
      url: stored.url,
      finalUrl: stored.finalUrl,
      accept: stored.accept,
      storedAt: stored.storedAt,
      headers: stored.headers,
      size: page.body.length,
      sha256: sha256Hex(page.body),
    };
    // Not fsynced: a page torn by a power cut fails its sha256 check and is fetched again.
    // Written in parts: a page may be tens of MB, and one concatenated copy would double it.
    await writeFileAtomic(file, [Buffer.from(MAGIC), Buffer.from(`${JSON.stringify(header)}\n`), page.body]);
    return stored;
  }

  /** After a 304: the entry with the new response's headers merged in and a new `storedAt`. */
  async refresh(entry: CachedPage, notModifiedHeaders: Readonly<Record<string, string>>, now: number = Date.now()): Promise<CachedPage> {
    // A 304 updates the stored headers it names (RFC 9111 §4.3.4); a 304 usually omits
    // Content-Type, so the stored one stays. The old Age no longer applies.
    const headers = { ...entry.headers, ...keptHeaders(notModifiedHeaders) };
    if (notModifiedHeaders['age'] === undefined) delete headers['age'];
    return this.put({ url: entry.url, finalUrl: entry.finalUrl, accept: entry.accept, headers, body: entry.body, storedAt: now });
  }

  async delete(url: string, accept: string): Promise<void> {
    await fs.rm(this.pathFor(url, accept), { force: true });
  }
}

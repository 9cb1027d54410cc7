/**
 * Core metadata of one distribution file, cheapest first (the order uv uses):
 *
 * 0. the cache: METADATA bytes stored in the content store under a ref keyed by the
 *    file's sha256 (or by the `.metadata` file's own sha256): a warm run asks nothing;
 * 1. the PEP 658/714 `.metadata` file, checked against its advertised hash (a mismatch is
 *    a HashMismatchError, never used); a 404 falls through with a warning;
 * 2. a remote wheel's central directory and METADATA by HTTP range requests
 *    (`openRangeReader`); a server that ignores Range is remembered per origin and its
 *    wheels go straight to 3;
 * 3. the whole file, downloaded into the content store (checked against the index's
 *    hashes) and read locally.
 * file:// files are read in place. sdists: PKG-INFO when PEP 643 makes it trustworthy,
 * else a MetadataError naming the sdist (building is not this module's business).
 *
 * Whatever the path, the metadata must name the file's project and version.
 */
import { fileURLToPath } from 'node:url';
import { MetadataError } from '../../errors.js';
import { parseCoreMetadata, type CoreMetadata } from '../../metadata/core-metadata.js';
import { hashFile } from '../../metadata/file-hash.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../metadata/limits.js';
import { readSdistFile, staticMetadataVerdict } from '../../metadata/sdist-reader.js';
import { readWheelFile, readWheelFromReader } from '../../metadata/wheel-reader.js';
import { Version } from '../../pep440/version.js';
import { canonicalizeName } from '../../pep508/name.js';
import { redactCredentials } from '../../util/redact.js';
import { sha256Hex, type ContentStore } from '../cache/content-store.js';
import type { HttpClient } from '../http/client.js';
import { HttpStatusError, RangeNotSupportedError } from '../http/errors.js';
import { openRangeReader } from '../http/range-reader.js';
import type { StoredFile } from '../http/types.js';
import type { DistributionFile } from '../package-index.js';
import type { PackageIndexStats } from './stats.js';
import { checkableHashes, verifyBytes, verifyFile } from './verify-hashes.js';
import type { IndexWarnings } from './warnings.js';

/** Content-store namespace of refs from a distribution's sha256 to its core metadata's. */
export const METADATA_REF_NAMESPACE = 'core-metadata';

export interface MetadataContext {
  http: HttpClient;
  stats: PackageIndexStats;
  warnings: IndexWarnings;
  /** The persistent content store, or undefined without a cache. */
  store: () => Promise<ContentStore | undefined>;
}

/** The URL of a file's PEP 658 metadata: the file URL with `.metadata` appended to its path. */
export function metadataUrl(fileUrl: string): string {
  const u = new URL(fileUrl);
  u.hash = '';
  u.pathname += '.metadata';
  return u.href;
}

export class MetadataFetcher {
  private readonly memo = new Map<string, Promise<CoreMetadata>>();
  private readonly downloads = new Map<string, Promise<StoredFile>>();
  private readonly localHashes = new Map<string, Promise<string>>();
  /** Origins that answered a Range request with the whole file. */
  private readonly noRanges = new Set<string>();

  constructor(private readonly ctx: MetadataContext) {}

  metadata(file: DistributionFile): Promise<CoreMetadata> {
    let p = this.memo.get(file.url);
    if (p === undefined) {
      p = this.fetch(file);
      this.memo.set(file.url, p);
    }
    return p;
  }

  /** The file's sha256: the index's, else by hashing the local file or the downloaded one. */
  sha256(file: DistributionFile): Promise<string> {
    const given = file.hashes['sha256'];
    if (given !== undefined) return Promise.resolve(given);
    const url = new URL(file.url);
    if (url.protocol === 'file:') {
      let p = this.localHashes.get(file.url);
      if (p === undefined) {
        p = hashFile(fileURLToPath(url)).then((d) => d.sha256);
        this.localHashes.set(file.url, p);
      }
      return p;
    }
    return this.download(file).then((s) => s.sha256);
  }

  /** The whole file in the content store, checked against every hash the index gave (memoised). */
  download(file: DistributionFile): Promise<StoredFile> {
    let p = this.downloads.get(file.url);
    if (p === undefined) {
      p = this.downloadOnce(file);
      this.downloads.set(file.url, p);
    }
    return p;
  }

  private async downloadOnce(file: DistributionFile): Promise<StoredFile> {
    const sha256 = file.hashes['sha256'];
    const stored = await this.ctx.http.downloadFile(file.url, {
      ...(sha256 === undefined ? {} : { sha256 }),
      ...(file.size === undefined ? {} : { size: file.size }),
    });
    if (stored.fromCache) this.ctx.stats.downloadsFromCache++;
    else {
      this.ctx.stats.requests.download++;
      this.ctx.stats.bytes.download += stored.size;
    }
    // sha256 was checked while it streamed; other digests the index gave are checked now.
    const others = checkableHashes(file.hashes).filter(([name]) => name !== 'sha256');
    await verifyFile(stored.path, others, file.filename, redactCredentials(file.url));
    return stored;
  }

  private async fetch(file: DistributionFile): Promise<CoreMetadata> {
    const url = new URL(file.url);
    if (url.protocol === 'file:') {
      this.ctx.stats.metadata.local++;
      return this.fromLocalFile(file, fileURLToPath(url), undefined);
    }
    const cached = await this.fromCache(file);
    if (cached !== undefined) {
      this.ctx.stats.metadata.cached++;
      return cached;
    }
    if (file.coreMetadata !== false) {
      const m = await this.fromMetadataFile(file);
      if (m !== undefined) return m;
    }
    if (file.kind === 'wheel' && !this.noRanges.has(url.origin)) {
      const m = await this.fromRanges(file, url);
      if (m !== undefined) return m;
    }
    const stored = await this.download(file);
    this.ctx.stats.metadata.wholeFile++;
    return this.fromLocalFile(file, stored.path, stored.sha256);
  }

  // ------------------------------------------------------------------ the cache

  private async fromCache(file: DistributionFile): Promise<CoreMetadata | undefined> {
    const store = await this.ctx.store();
    if (store === undefined) return undefined;
    const fileSha = file.hashes['sha256'];
    let metaSha = fileSha === undefined ? undefined : await store.getRef(METADATA_REF_NAMESPACE, fileSha);
    // A `.metadata` file advertised with its sha256 is its own key.
    if (metaSha === undefined && typeof file.coreMetadata === 'object') metaSha = file.coreMetadata['sha256'];
    if (metaSha === undefined) return undefined;
    const bytes = await store.readBytes(metaSha);
    if (bytes === undefined) return undefined;
    return this.accept(file, bytes, metadataUrl(file.url), 'cached metadata');
  }

  /**
   * Stores metadata bytes (and the ref from the file's sha256) without holding up the
   * caller: the HTTP client's `close()` waits for the write; a failure is a warning (the
   * next run fetches the metadata again).
   */
  private remember(file: DistributionFile, bytes: Buffer, fileSha: string | undefined): void {
    const write = async (): Promise<void> => {
      const store = await this.ctx.store();
      if (store === undefined) return;
      // Not fsynced: every read re-hashes the entry, so a torn one is never served.
      const stored = await store.putBytes(bytes, { sha256: sha256Hex(bytes) }, { durable: false });
      if (fileSha !== undefined) await store.setRef(METADATA_REF_NAMESPACE, fileSha, stored.sha256);
    };
    this.ctx.http.defer(write(), (err) =>
      this.ctx.warnings.add({
        level: 'warning',
        code: 'cache-write',
        message: `could not store the metadata of ${file.filename} in the cache: ${(err as Error).message ?? String(err)}`,
        url: redactCredentials(file.url),
      }),
    );
  }

  // ------------------------------------------------------------------ PEP 658

  private async fromMetadataFile(file: DistributionFile): Promise<CoreMetadata | undefined> {
    const url = metadataUrl(file.url);
    const shown = redactCredentials(url);
    let hashes: Array<[string, string]> = [];
    if (typeof file.coreMetadata === 'object') {
      hashes = checkableHashes(file.coreMetadata);
      if (hashes.length === 0) {
        this.ctx.warnings.add({
          level: 'warning',
          code: 'metadata-fallback',
          message: `Not using ${shown}: none of its advertised hashes (${Object.keys(file.coreMetadata).join(', ')}) can be checked here`,
          url: shown,
        });
        return undefined;
      }
    }
    let body: Buffer;
    try {
      const res = await this.ctx.http.fetchBytes(url, { maxBytes: DEFAULT_ARCHIVE_LIMITS.maxMetadataBytes });
      body = res.body;
    } catch (err) {
      if (err instanceof HttpStatusError && (err.status === 404 || err.status === 410)) {
        this.ctx.stats.requests.metadataFile++;
        this.ctx.warnings.add({ level: 'warning', code: 'metadata-fallback', message: `The index advertises ${shown} but answers ${err.status}: reading the file instead`, url: shown });
        return undefined;
      }
      throw err;
    }
    this.ctx.stats.requests.metadataFile++;
    this.ctx.stats.bytes.metadataFile += body.length;
    verifyBytes(body, hashes, `the core metadata file of ${file.filename}`, shown);
    const meta = this.accept(file, body, url, 'the core metadata file');
    this.ctx.stats.metadata.metadataFile++;
    this.remember(file, body, file.hashes['sha256']);
    return meta;
  }

  // ------------------------------------------------------------------ ranges

  private async fromRanges(file: DistributionFile, url: URL): Promise<CoreMetadata | undefined> {
    let reader;
    try {
      reader = await openRangeReader(this.ctx.http, url, file.size === undefined ? {} : { size: file.size });
    } catch (err) {
      if (err instanceof RangeNotSupportedError) {
        this.ctx.stats.requests.range++;
        this.noRanges.add(url.origin);
        return undefined;
      }
      throw err;
    }
    try {
      const r = await readWheelFromReader(reader, reader.size, file.filename, { verifyRecord: false, url: redactCredentials(file.url) });
      checkIdentity(file, r.metadata, redactCredentials(file.url), 'METADATA');
      this.ctx.stats.metadata.rangeRead++;
      this.remember(file, r.metadataBytes, file.hashes['sha256']);
      return r.metadata;
    } finally {
      this.ctx.stats.requests.range += reader.requestCount;
      this.ctx.stats.bytes.range += reader.bytesFetched;
    }
  }

  // ------------------------------------------------------------------ whole files

  private async fromLocalFile(file: DistributionFile, path: string, sha256: string | undefined): Promise<CoreMetadata> {
    const shown = redactCredentials(file.url);
    const where = sha256 === undefined ? {} : { url: shown };
    if (file.kind === 'wheel') {
      const r = await readWheelFile(path, { verifyRecord: false, hashFile: false, filename: file.filename, ...where });
      checkIdentity(file, r.metadata, shown, 'METADATA');
      if (sha256 !== undefined) this.remember(file, r.metadataBytes, sha256);
      return r.metadata;
    }
    const r = await readSdistFile(path, { project: file.project, filename: file.filename, ...where });
    if (r.pkgInfoBytes !== undefined && sha256 !== undefined) this.remember(file, r.pkgInfoBytes, sha256);
    return trustedPkgInfo(file, r.pkgInfo, shown);
  }

  /** Parses metadata bytes (from the cache or a `.metadata` file) and checks them against the file. */
  private accept(file: DistributionFile, bytes: Buffer, url: string, what: string): CoreMetadata {
    const shown = redactCredentials(url);
    const meta = parseCoreMetadata(bytes, { source: { url: shown }, member: `${file.filename}.metadata` });
    if (file.kind === 'sdist') return trustedPkgInfo(file, checkIdentity(file, meta, shown, what), shown);
    return checkIdentity(file, meta, shown, what);
  }
}

/** The metadata must be of the file's project and version (PEP 658: it is the file's METADATA). */
function checkIdentity(file: DistributionFile, meta: CoreMetadata, url: string, what: string): CoreMetadata {
  if (canonicalizeName(meta.name) !== file.project) {
    throw new MetadataError(`${what} of ${file.filename} names another project`, { location: { url }, text: meta.name, expected: file.project });
  }
  const v = Version.tryParse(meta.version);
  if (v === null || !v.equals(file.version)) {
    throw new MetadataError(`${what} of ${file.filename} gives another version`, { location: { url }, text: meta.version, expected: file.version.toString() });
  }
  return meta;
}

/** An sdist's PKG-INFO when PEP 643 makes it usable without a build, else a MetadataError naming the sdist. */
function trustedPkgInfo(file: DistributionFile, pkgInfo: CoreMetadata | undefined, url: string): CoreMetadata {
  const verdict = staticMetadataVerdict(pkgInfo);
  if (verdict.trusted && pkgInfo !== undefined) return checkIdentity(file, pkgInfo, url, 'PKG-INFO');
  const reason = verdict.trusted ? 'it has no PKG-INFO' : verdict.reason;
  throw new MetadataError(`the dependencies of ${file.filename} are not known without building it: ${reason}`, {
    location: { url },
    expected: 'PKG-INFO with Metadata-Version 2.2 or later that does not list Requires-Dist, Requires-Python or Provides-Extra as Dynamic (PEP 643)',
    hint: 'building sdists is not supported; use a wheel of this version, or one whose sdist has static metadata',
  });
}

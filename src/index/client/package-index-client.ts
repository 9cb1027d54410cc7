/**
 * The index client: `PackageIndex` (src/index/package-index.ts) over the configured
 * indexes and find-links locations.
 *
 * - One request per project per index per run (concurrent and repeated callers share the
 *   promise); every find-links location is read once per run.
 * - `first-index`: the indexes are asked in order, the next one only when the earlier one
 *   does not have the project (so a private project's name never reaches a later, public
 *   index); the files come from the first index whose answer is a page (even one with no
 *   usable file). An index that fails before the one that has the project is an error,
 *   never skipped (skipping could hand the project to a later, untrusted index). Different
 *   projects are still fetched in parallel. `unsafe-best-match`: every index at once, its
 *   files merged.
 * - Find-links files are always merged in, first (pip lists them before index pages and
 *   uv adds its flat index to every registry answer).
 * - Files listed twice (same URL) are kept once.
 */
import type { CoreMetadata } from '../../metadata/core-metadata.js';
import { RequirementError } from '../../errors.js';
import { canonicalizeName, isValidName } from '../../pep508/name.js';
import { HttpClient } from '../http/client.js';
import type { DistributionFile, PackageIndex, ProjectListing } from '../package-index.js';
import { FindLinksSource } from './find-links.js';
import { fetchIndexProject, type IndexPageResult, type PageContext } from './index-page.js';
import { findLinksLocation, indexLocation, type IndexLocation } from './locations.js';
import { MetadataFetcher } from './metadata-fetcher.js';
import { httpClientOptions, resolveSourceOptions, type IndexOptions, type IndexStrategy } from './options.js';
import { copyStats, emptyStats, type PackageIndexStats } from './stats.js';
import { IndexWarnings, type IndexWarning } from './warnings.js';

export interface PackageIndexOptions extends IndexOptions {
  /** Use this HTTP client (it is then not closed by `close()`); default: one made from the options. */
  client?: HttpClient;
  /** Called once per distinct warning, as it happens. */
  onWarning?: (warning: IndexWarning) => void;
}

export interface PackageIndexClient extends PackageIndex {
  /** The indexes consulted, in order (credentials stripped). */
  readonly indexUrls: readonly string[];
  /** The find-links locations consulted, in order (credentials stripped). */
  readonly findLinks: readonly string[];
  readonly strategy: IndexStrategy;
  /** The HTTP client (for downloads that should share its connections and cache). */
  readonly http: HttpClient;
  /** Counters so far (a copy). */
  stats(): PackageIndexStats;
  /** Every distinct warning so far. */
  warnings(): readonly IndexWarning[];
  /** Closes the HTTP client when the index made it. */
  close(): Promise<void>;
}

export function createPackageIndex(options: PackageIndexOptions = {}): PackageIndexClient {
  const sources = resolveSourceOptions(options);
  const indexes = sources.indexUrls.map(indexLocation);
  const ownsClient = options.client === undefined;
  const http = options.client ?? new HttpClient(httpClientOptions(options));
  const stats = emptyStats();
  const warnings = new IndexWarnings(options.onWarning);
  const ctx: PageContext = { http, stats, warnings };
  const findLinks = sources.findLinks.map((f) => new FindLinksSource(findLinksLocation(f), ctx));
  const metadata = new MetadataFetcher({
    http,
    stats,
    warnings,
    store: async () => (await http.cache())?.content,
  });
  return new Client(sources.strategy, indexes, findLinks, metadata, ctx, ownsClient);
}

class Client implements PackageIndexClient {
  readonly indexUrls: readonly string[];
  readonly findLinks: readonly string[];
  private readonly projects = new Map<string, Promise<ProjectListing>>();
  private readonly pages = new Map<string, Promise<IndexPageResult>>();
  private closed = false;

  constructor(
    readonly strategy: IndexStrategy,
    private readonly indexes: readonly IndexLocation[],
    private readonly findLinkSources: readonly FindLinksSource[],
    private readonly fetcher: MetadataFetcher,
    private readonly ctx: PageContext,
    private readonly ownsClient: boolean,
  ) {
    this.indexUrls = indexes.map((i) => i.display);
    this.findLinks = findLinkSources.map((f) => f.display);
  }

  get http(): HttpClient {
    return this.ctx.http;
  }

  getProject(name: string): Promise<ProjectListing> {
    if (!isValidName(name)) {
      return Promise.reject(new RequirementError(`not a valid project name: ${JSON.stringify(name)}`, { text: name, expected: 'a PEP 508 project name (letters, digits, ".", "-", "_")' }));
    }
    const project = canonicalizeName(name);
    let p = this.projects.get(project);
    if (p === undefined) {
      p = this.list(project);
      this.projects.set(project, p);
    }
    return p;
  }

  prefetchProject(name: string): void {
    this.getProject(name).catch(() => undefined);
  }

  getMetadata(file: DistributionFile): Promise<CoreMetadata> {
    return this.fetcher.metadata(file);
  }

  prefetchMetadata(file: DistributionFile): void {
    this.fetcher.metadata(file).catch(() => undefined);
  }

  sha256Of(file: DistributionFile): Promise<string> {
    return this.fetcher.sha256(file);
  }

  stats(): PackageIndexStats {
    return copyStats(this.ctx.stats);
  }

  warnings(): readonly IndexWarning[] {
    return this.ctx.warnings.all();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await this.ctx.http.close();
  }

  /** One page per project per index per run. */
  private page(index: IndexLocation, project: string): Promise<IndexPageResult> {
    const key = `${index.url.href}\u0000${project}`;
    let p = this.pages.get(key);
    if (p === undefined) {
      p = fetchIndexProject(this.ctx, index, project);
      // A prefetched page's failure surfaces when it is awaited, not as an unhandled rejection.
      p.catch(() => undefined);
      this.pages.set(key, p);
    }
    return p;
  }

  private async list(project: string): Promise<ProjectListing> {
    const fromFindLinks = this.findLinkSources.map((f) => f.files(project));
    fromFindLinks.forEach((p) => p.catch(() => undefined));
    const indexFiles: DistributionFile[] = [];
    if (this.strategy === 'first-index') {
      for (const index of this.indexes) {
        const r = await this.page(index, project);
        if (r.found) {
          // One push per file: a page may list 200,000 files, too many for spread arguments.
          for (const f of r.files) indexFiles.push(f);
          break;
        }
      }
    } else {
      const fromIndexes = this.indexes.map((index) => this.page(index, project));
      for (const r of await Promise.all(fromIndexes)) if (r.found) for (const f of r.files) indexFiles.push(f);
    }
    const files: DistributionFile[] = [];
    const seen = new Set<string>();
    for (const f of [...(await Promise.all(fromFindLinks)).flat(), ...indexFiles]) {
      if (seen.has(f.url)) continue;
      seen.add(f.url);
      files.push(f);
    }
    return { name: project, files, consulted: [...this.findLinks, ...this.indexUrls] };
  }
}

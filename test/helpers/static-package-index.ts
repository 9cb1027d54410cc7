/**
 * A small PackageIndex for tests, until the real index client (src/index) is used: reads
 * PEP 503 HTML trees over http(s) (loopback servers) or file:// (the machine's mirror),
 * merges every index's files for a project (pip's behaviour with --extra-index-url, uv's
 * unsafe-best-match), reads PEP 658 `.metadata` files when offered, else the whole file,
 * and hashes files on request. Every call is memoised; requests are counted.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { IndexError } from '../../src/errors.js';
import { classifyDistributionFilename } from '../../src/filenames/classify.js';
import type { DistributionFile, PackageIndex, ProjectListing } from '../../src/index/package-index.js';
import { parseProjectPageHtml } from '../../src/index/pages/parse-html.js';
import { parseCoreMetadata, readSdistBuffer, readWheelBuffer, sdistStaticMetadata, type CoreMetadata } from '../../src/metadata/index.js';
import { Version } from '../../src/pep440/version.js';

export class StaticPackageIndex implements PackageIndex {
  /** Every URL fetched, in order. */
  readonly fetched: string[] = [];
  private readonly projects = new Map<string, Promise<ProjectListing>>();
  private readonly metadata = new Map<string, Promise<CoreMetadata>>();
  private readonly digests = new Map<string, Promise<string>>();

  /** Requests in flight at most (as a real client bounds its connections). */
  private readonly limit: ReturnType<typeof pLimit>;

  /** `indexUrls`: simple/ roots ending in "/", http(s):// or file://. */
  constructor(
    readonly indexUrls: readonly string[],
    options: { concurrency?: number } = {},
  ) {
    this.limit = pLimit(options.concurrency ?? 16);
  }

  getProject(name: string): Promise<ProjectListing> {
    let p = this.projects.get(name);
    if (p === undefined) {
      p = this.loadProject(name);
      p.catch(() => undefined);
      this.projects.set(name, p);
    }
    return p;
  }

  prefetchProject(name: string): void {
    void this.getProject(name);
  }

  getMetadata(file: DistributionFile): Promise<CoreMetadata> {
    let p = this.metadata.get(file.url);
    if (p === undefined) {
      p = this.loadMetadata(file);
      p.catch(() => undefined);
      this.metadata.set(file.url, p);
    }
    return p;
  }

  prefetchMetadata(file: DistributionFile): void {
    void this.getMetadata(file);
  }

  sha256Of(file: DistributionFile): Promise<string> {
    let p = this.digests.get(file.url);
    if (p === undefined) {
      p = this.fetchBytes(file.url).then((b) => (b === undefined ? missing(file.url) : createHash('sha256').update(b).digest('hex')));
      p.catch(() => undefined);
      this.digests.set(file.url, p);
    }
    return p;
  }

  private async loadProject(name: string): Promise<ProjectListing> {
    const pages = await Promise.all(this.indexUrls.map(async (root) => ({ root, url: `${root}${name}/`, body: await this.fetchBytes(`${root}${name}/`) })));
    const files: DistributionFile[] = [];
    for (const { root, url, body } of pages) {
      if (body === undefined) continue;
      const { page } = parseProjectPageHtml(body, { url, project: name });
      for (const f of page.files) {
        const c = classifyDistributionFilename(f.filename, name);
        if (c.kind === 'ignored') continue;
        const version = Version.tryParse(c.kind === 'wheel' ? c.wheel.unescapedVersion : c.sdist.version);
        if (version === null) continue;
        files.push({
          project: name,
          filename: f.filename,
          kind: c.kind,
          version,
          ...(c.kind === 'wheel' ? { wheel: c.wheel } : { sdist: c.sdist }),
          url: f.url,
          origin: root,
          hashes: f.hashes,
          ...(f.requiresPython === undefined ? {} : { requiresPython: f.requiresPython }),
          yanked: f.yanked,
          coreMetadata: f.coreMetadata,
          ...(f.size === undefined ? {} : { size: f.size }),
          ...(f.uploadTime === undefined ? {} : { uploadTime: f.uploadTime }),
        });
      }
    }
    return { name, files, consulted: [...this.indexUrls] };
  }

  private async loadMetadata(file: DistributionFile): Promise<CoreMetadata> {
    if (file.coreMetadata !== false) {
      const bytes = await this.fetchBytes(`${file.url}.metadata`);
      if (bytes !== undefined) return parseCoreMetadata(bytes, { source: { url: `${file.url}.metadata` } });
    }
    const bytes = (await this.fetchBytes(file.url)) ?? missing(file.url);
    if (file.kind === 'wheel') return (await readWheelBuffer(bytes, file.filename)).metadata;
    return sdistStaticMetadata(await readSdistBuffer(bytes, file.filename));
  }

  /** The bytes at a URL; undefined for a 404 or a missing file. */
  private fetchBytes(url: string): Promise<Buffer | undefined> {
    return this.limit(() => this.fetchNow(url));
  }

  private async fetchNow(url: string): Promise<Buffer | undefined> {
    this.fetched.push(url);
    if (url.startsWith('file:')) {
      let path = fileURLToPath(url);
      if (path.endsWith('/')) path += 'index.html';
      try {
        return await readFile(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    }
    const res = await fetch(url);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new IndexError(`HTTP ${res.status} for ${url}`, { location: { url } });
    return Buffer.from(await res.arrayBuffer());
  }
}

function missing(url: string): never {
  throw new IndexError(`${url} is listed but cannot be fetched`, { location: { url } });
}

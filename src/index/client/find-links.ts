/**
 * One find-links location, read once per run whatever the number of projects asked for:
 * a local folder is listed (top level, files only, following symlinks), a page (local
 * HTML file or remote URL) is fetched and its links kept, an archive stands for itself.
 * The links are bucketed by the project names their file names could belong to, so a
 * project's files are found without classifying every file of the folder.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndexError } from '../../errors.js';
import { canonicalizeName } from '../../pep508/name.js';
import type { DistributionFile } from '../package-index.js';
import { parseContentType } from '../pages/content-type.js';
import { parseFindLinksHtml } from '../pages/parse-html.js';
import { withIndexCredentials, type PageContext } from './index-page.js';
import type { FindLinksLocation } from './locations.js';
import { distributionFiles, type FileLink } from './project-files.js';

function link(filename: string, url: string): FileLink {
  return { filename, url, hashes: {}, yanked: false, coreMetadata: false };
}

/**
 * The canonical project names a file name could be of: a wheel's name ends at its first
 * dash; a legacy sdist's at any dash (`foo-bar-1.0.tar.gz`), which src/filenames settles
 * once the project is known.
 */
export function candidateProjects(filename: string): string[] {
  if (filename.endsWith('.whl')) {
    const dash = filename.indexOf('-');
    return dash > 0 ? [canonicalizeName(filename.slice(0, dash))] : [];
  }
  const out = new Set<string>();
  for (let i = filename.indexOf('-'); i > 0; i = filename.indexOf('-', i + 1)) out.add(canonicalizeName(filename.slice(0, i)));
  return [...out];
}

export class FindLinksSource {
  private loading: Promise<Map<string, FileLink[]>> | undefined;
  private readonly byProject = new Map<string, Promise<DistributionFile[]>>();

  constructor(
    readonly location: FindLinksLocation,
    private readonly ctx: PageContext,
  ) {}

  get display(): string {
    return this.location.display;
  }

  /** The files of `project` (a canonical name) this location offers. */
  files(project: string): Promise<DistributionFile[]> {
    let p = this.byProject.get(project);
    if (p === undefined) {
      p = this.load().then((buckets) => distributionFiles(project, buckets.get(project) ?? [], this.location.display, this.location.display, this.ctx.warnings));
      this.byProject.set(project, p);
    }
    return p;
  }

  private load(): Promise<Map<string, FileLink[]>> {
    this.loading ??= this.links().then((links) => {
      const buckets = new Map<string, FileLink[]>();
      for (const l of links) {
        for (const project of candidateProjects(l.filename)) {
          let list = buckets.get(project);
          if (list === undefined) buckets.set(project, (list = []));
          list.push(l);
        }
      }
      return buckets;
    });
    return this.loading;
  }

  private async links(): Promise<FileLink[]> {
    const loc = this.location;
    if (loc.kind === 'archive') return [link(loc.filename, loc.url.href)];
    if (loc.kind === 'directory') return this.listDirectory(loc.path);
    return this.readPage(loc.url);
  }

  private async listDirectory(dir: string): Promise<FileLink[]> {
    this.ctx.stats.findLinks.local++;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new IndexError(`cannot list the find-links folder ${dir}: ${(err as Error).message}`, { location: { file: dir }, cause: err });
    }
    const out: FileLink[] = [];
    await Promise.all(
      entries.map(async (e) => {
        let isFile = e.isFile();
        if (e.isSymbolicLink()) isFile = (await fs.stat(path.join(dir, e.name)).catch(() => undefined))?.isFile() ?? false;
        if (isFile) out.push(link(e.name, pathToFileURL(path.join(dir, e.name)).href));
      }),
    );
    return out.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  }

  private async readPage(url: URL): Promise<FileLink[]> {
    const local = url.protocol === 'file:';
    const res = await this.ctx.http.fetchPage(url, { accept: 'text/html' });
    if (local) this.ctx.stats.findLinks.local++;
    else if (res.cache !== 'fresh') {
      this.ctx.stats.findLinks.requests++;
      if (res.cache !== 'revalidated') this.ctx.stats.findLinks.bytes += res.body.length;
    }
    const contentType = res.headers['content-type'];
    const ct = contentType === undefined ? undefined : parseContentType(contentType);
    if (ct !== undefined && ct.mediaType !== 'text/html' && ct.mediaType !== 'application/xhtml+xml' && ct.mediaType !== 'application/vnd.pypi.simple.v1+html') {
      throw new IndexError(`the find-links page ${this.location.display} is ${ct.mediaType}, not HTML`, {
        location: { url: res.url },
        text: contentType,
        expected: 'an HTML page of links to wheels and sdists (text/html)',
      });
    }
    const parsed = parseFindLinksHtml(res.body, { url: res.finalUrl, ...(ct?.charset ? { charset: ct.charset } : {}) });
    for (const w of parsed.warnings) this.ctx.warnings.add({ level: 'warning', code: w.code, message: w.message, url: w.url, ...(w.text === undefined ? {} : { text: w.text }) });
    if (url.username === '' && url.password === '') return parsed.page.files;
    return parsed.page.files.map((f) => ({ ...f, url: withIndexCredentials(f.url, url) }));
  }
}

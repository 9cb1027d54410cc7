/**
 * One project page of one index: fetched through the page cache with PEP 691 content
 * negotiation (JSON preferred, HTML accepted: `SIMPLE_API_ACCEPT`), parsed by whichever
 * format the index answered with, its links turned into `DistributionFile`s. A 404 means
 * the index does not have the project; every other failure is a typed error naming the
 * URL (redacted).
 */
import type { HttpClient } from '../http/client.js';
import { HttpStatusError } from '../http/errors.js';
import { SIMPLE_API_ACCEPT } from '../pages/content-type.js';
import { parseProjectPage } from '../pages/parse-page.js';
import type { DistributionFile } from '../package-index.js';
import { stripCredentials } from '../../util/redact.js';
import { projectPageUrl, type IndexLocation } from './locations.js';
import { distributionFiles } from './project-files.js';
import type { PackageIndexStats } from './stats.js';
import type { IndexWarnings } from './warnings.js';

export type IndexPageResult = { found: false } | { found: true; files: DistributionFile[] };

export interface PageContext {
  http: HttpClient;
  stats: PackageIndexStats;
  warnings: IndexWarnings;
}

export async function fetchIndexProject(ctx: PageContext, index: IndexLocation, project: string): Promise<IndexPageResult> {
  const url = projectPageUrl(index, project);
  const shown = stripCredentials(url.href);
  ctx.stats.pageFetches[shown] = (ctx.stats.pageFetches[shown] ?? 0) + 1;
  const local = url.protocol === 'file:';
  let res;
  try {
    res = await ctx.http.fetchPage(url, { accept: SIMPLE_API_ACCEPT, deferStore: true });
  } catch (err) {
    if (local) ctx.stats.pages.local++;
    else ctx.stats.pages.requests++;
    if (err instanceof HttpStatusError && err.status === 404) {
      ctx.stats.pages.notFound++;
      return { found: false };
    }
    throw err;
  }
  if (local) ctx.stats.pages.local++;
  else if (res.cache === 'fresh') ctx.stats.pages.fresh++;
  else {
    ctx.stats.pages.requests++;
    if (res.cache === 'revalidated') ctx.stats.pages.notModified++;
    else ctx.stats.pages.bytes += res.body.length;
  }
  const parsed = parseProjectPage({ body: res.body, url: res.finalUrl, contentType: res.headers['content-type'], project });
  for (const w of parsed.warnings) ctx.warnings.add({ level: 'warning', code: w.code, message: w.message, url: w.url, ...(w.text === undefined ? {} : { text: w.text }) });
  const files = distributionFiles(project, parsed.page.files, index.display, shown, ctx.warnings);
  if (index.url.username !== '' || index.url.password !== '') for (const f of files) f.url = withIndexCredentials(f.url, index.url);
  return { found: true, files };
}

/**
 * The index URL's credentials on a file of the same origin (the page's own URL has none):
 * the file URL then works on its own, even when the page came from the cache and the
 * index was never asked in this run.
 */
export function withIndexCredentials(fileUrl: string, index: URL): string {
  const u = new URL(fileUrl);
  if (u.origin !== index.origin || u.username !== '' || u.password !== '') return fileUrl;
  u.username = index.username;
  u.password = index.password;
  return u.href;
}

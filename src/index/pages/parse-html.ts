/**
 * PEP 503 HTML pages (with PEP 592 yanking, PEP 629 versioning, PEP 658/714 metadata):
 * project pages, find-links pages, and the project list. Tolerant as browsers are about
 * the HTML; a link that cannot be used safely is skipped with a warning, never passed on.
 */
import { checkApiVersion, DEFAULT_API_VERSION } from './api-version.js';
import { decodeHtmlPage, type PageBody } from './decode.js';
import { unsafeFilenameReason } from '../../filenames/safe-filename.js';
import { checkHash, hashesFrom, parseHashFragment } from './hashes.js';
import { extractHtmlLinks, type HtmlAnchor, type HtmlLinks } from './html-links.js';
import { resolveLimits, type PageLimits } from './limits.js';
import { filenameFromUrl, isFetchableFrom, parsePageUrl, resolveReference, withoutFragment } from './links.js';
import type { CoreMetadataAvailability, FindLinksPage, PageWarning, ParseResult, ProjectFile, ProjectList, ProjectPage } from './model.js';
import { isValidName } from '../../pep508/name.js';
import { pageWarning } from './warnings.js';

export interface HtmlPageOptions {
  /** The URL the page was fetched from (after redirects): relative links resolve against it. */
  url: string;
  /** The Content-Type charset, when the response gave one; UTF-8 otherwise. */
  charset?: string;
  limits?: Partial<PageLimits>;
}

interface HtmlContext {
  page: URL;
  /** The page URL, or the first `<base href>` resolved against it. */
  base: URL;
  links: HtmlLinks;
  apiVersion: string;
  warnings: PageWarning[];
}

function readHtml(body: PageBody, options: HtmlPageOptions): HtmlContext {
  const limits = resolveLimits(options.limits);
  const page = parsePageUrl(options.url);
  const warnings: PageWarning[] = [];
  const html = decodeHtmlPage(body, options.url, limits, options.charset, warnings);
  const links = extractHtmlLinks(html, options.url, limits);
  let apiVersion = DEFAULT_API_VERSION;
  if (links.repositoryVersion !== undefined) {
    apiVersion = links.repositoryVersion.trim();
    const warning = checkApiVersion(apiVersion, options.url, 'pypi:repository-version meta tag');
    if (warning) warnings.push(warning);
  }
  let base = page;
  if (links.baseHref !== undefined) {
    const resolved = resolveReference(links.baseHref, page);
    if (resolved) base = resolved;
    else warnings.push(pageWarning('bad-url', 'Ignored a <base href> that is not a valid URL', options.url, links.baseHref));
  }
  return { page, base, links, apiVersion, warnings };
}

function skip(ctx: HtmlContext, code: PageWarning['code'], message: string, text: string): undefined {
  ctx.warnings.push(pageWarning(code, message, ctx.page.href, text));
  return undefined;
}

/**
 * `data-core-metadata`, else the older `data-dist-info-metadata` (PEP 714): `true` (or a
 * bare attribute) means available without a hash, `<hashname>=<hex>` available with one.
 * Anything else is reported and treated as unavailable, so the client falls back to
 * reading the distribution itself (whose own hash it checks) rather than trusting an
 * unverifiable metadata file.
 */
function coreMetadataOf(anchor: HtmlAnchor, ctx: HtmlContext): CoreMetadataAvailability {
  const value = anchor.attributes['data-core-metadata'] ?? anchor.attributes['data-dist-info-metadata'];
  if (value === undefined) return false;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'true') return true;
  const eq = trimmed.indexOf('=');
  if (eq > 0) {
    const check = checkHash(trimmed.slice(0, eq), trimmed.slice(eq + 1));
    if (check.ok) return hashesFrom([[check.name, check.digest]]);
    ctx.warnings.push(pageWarning('bad-hash', `Ignored a core metadata hash that is not valid (${check.expected} was expected)`, ctx.page.href, value));
    return false;
  }
  ctx.warnings.push(pageWarning('bad-core-metadata', 'Ignored a core metadata attribute that is neither "true" nor <hashname>=<hex>', ctx.page.href, value));
  return false;
}

/** One anchor as a file, or undefined (with a warning when the skip says something about the page). */
function fileFromAnchor(anchor: HtmlAnchor, ctx: HtmlContext): ProjectFile | undefined {
  const href = anchor.attributes.href;
  if (href === undefined || href.trim() === '') return undefined;
  const link = resolveReference(href, ctx.base);
  if (!link) return skip(ctx, 'bad-url', 'Skipped a link whose URL is not valid', href);
  if (!isFetchableFrom(link, ctx.page)) return skip(ctx, 'bad-url', `Skipped a link with a ${link.protocol} URL, which this page may not point at`, href);
  const name = filenameFromUrl(link);
  if (!name.ok) {
    // Directory links (parent directory, sub-folders of a listing) are navigation, not files.
    if (name.reason === 'it names a directory') return undefined;
    return skip(ctx, 'unsafe-filename', `Skipped a link because ${name.reason}`, href);
  }
  const unsafe = unsafeFilenameReason(name.filename);
  if (unsafe !== undefined) return skip(ctx, 'unsafe-filename', `Skipped a link whose file name is unsafe: ${unsafe}`, href);
  const fragment = parseHashFragment(link.hash.slice(1));
  if (fragment.bad.length > 0) {
    return skip(ctx, 'bad-hash', `Skipped ${name.filename}: its URL fragment has a malformed hash`, href);
  }
  const file: ProjectFile = {
    filename: name.filename,
    url: withoutFragment(link),
    hashes: fragment.hashes,
    yanked: anchor.attributes['data-yanked'] ?? false,
    coreMetadata: coreMetadataOf(anchor, ctx),
  };
  const requiresPython = anchor.attributes['data-requires-python'];
  if (requiresPython !== undefined && requiresPython !== '') file.requiresPython = requiresPython;
  return file;
}

function filesOf(ctx: HtmlContext): ProjectFile[] {
  const files: ProjectFile[] = [];
  for (const anchor of ctx.links.anchors) {
    const file = fileFromAnchor(anchor, ctx);
    if (file) files.push(file);
  }
  return files;
}

export interface HtmlProjectPageOptions extends HtmlPageOptions {
  /** The project asked for: HTML project pages do not name their project. */
  project: string;
}

/** A PEP 503 project page (`/simple/<project>/`). */
export function parseProjectPageHtml(body: PageBody, options: HtmlProjectPageOptions): ParseResult<ProjectPage> {
  const ctx = readHtml(body, options);
  return { page: { name: options.project, files: filesOf(ctx) }, apiVersion: ctx.apiVersion, warnings: ctx.warnings };
}

/**
 * A find-links page: any HTML page whose anchors point at files, such as a directory
 * listing from `python3 -m http.server`. Every anchor naming a file is kept (pip filters
 * by file name later); links to directories are not files and are left out.
 */
export function parseFindLinksHtml(body: PageBody, options: HtmlPageOptions): ParseResult<FindLinksPage> {
  const ctx = readHtml(body, options);
  return { page: { files: filesOf(ctx) }, apiVersion: ctx.apiVersion, warnings: ctx.warnings };
}

/**
 * The PEP 503 project list (the root `/simple/`): one anchor per project, its text the
 * project's name. Anchors whose text is not a valid project name are skipped with a
 * warning (pages may carry other links).
 */
export function parseProjectListHtml(body: PageBody, options: HtmlPageOptions): ParseResult<ProjectList> {
  const ctx = readHtml(body, options);
  const projects: ProjectList['projects'] = [];
  for (const anchor of ctx.links.anchors) {
    const href = anchor.attributes.href;
    if (href === undefined || href.trim() === '') continue;
    const name = anchor.text.trim();
    if (!isValidName(name)) {
      skip(ctx, 'bad-project', 'Skipped a link whose text is not a project name', name === '' ? href : name);
      continue;
    }
    const link = resolveReference(href, ctx.base);
    if (!link || !isFetchableFrom(link, ctx.page)) {
      skip(ctx, 'bad-url', `Skipped project ${name}: its URL is not valid or not fetchable`, href);
      continue;
    }
    projects.push({ name, url: link.href });
  }
  return { page: { projects }, apiVersion: ctx.apiVersion, warnings: ctx.warnings };
}

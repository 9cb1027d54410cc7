/**
 * PEP 691 JSON pages (with PEP 700 `versions`, `size`, `upload-time` and PEP 714
 * `core-metadata`). Types are checked strictly: a value of the wrong type is an
 * IndexError naming the page URL and the JSON path of the value. Unknown keys are
 * ignored (PEP 691: clients MUST ignore keys they do not understand); `null` counts as
 * absent for optional keys (PyPI writes `"requires-python": null`).
 */
import { IndexError } from '../../errors.js';
import { checkApiVersion } from './api-version.js';
import { decodeJsonPage, type PageBody } from './decode.js';
import { unsafeFilenameReason } from '../../filenames/safe-filename.js';
import { checkHash, hashesFrom, parseHashFragment } from './hashes.js';
import { badValue, childPath, isObject, own, type JsonObject } from './json-path.js';
import { checkJsonDepth, resolveLimits, tooManyLinks, type PageLimits } from './limits.js';
import { isFetchableFrom, parsePageUrl, resolveReference, withoutFragment } from './links.js';
import type { CoreMetadataAvailability, FileHashes, PageWarning, ParseResult, ProjectFile, ProjectList, ProjectPage } from './model.js';
import { canonicalizeName, isValidName } from '../../pep508/name.js';
import { isValidUploadTime } from './upload-time.js';
import { pageWarning } from './warnings.js';

export interface JsonPageOptions {
  /** The URL the page was fetched from (after redirects): relative URLs resolve against it. */
  url: string;
  limits?: Partial<PageLimits>;
}

interface JsonContext {
  url: string;
  page: URL;
  limits: PageLimits;
  warnings: PageWarning[];
}

function readJson(body: PageBody, options: JsonPageOptions): { root: JsonObject; apiVersion: string; ctx: JsonContext } {
  const limits = resolveLimits(options.limits);
  const page = parsePageUrl(options.url);
  const text = decodeJsonPage(body, options.url, limits);
  checkJsonDepth(text, options.url, limits);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (cause) {
    throw new IndexError(`The page is not valid JSON: ${(cause as Error).message}`, {
      location: { url: options.url },
      expected: 'a PEP 691 JSON document',
      cause,
    });
  }
  if (!isObject(root)) throw badValue(options.url, '', root, 'a JSON object (PEP 691: responses are always objects)');
  const ctx: JsonContext = { url: options.url, page, limits, warnings: [] };
  const meta = own(root, 'meta');
  if (!isObject(meta)) throw badValue(options.url, 'meta', meta, 'an object with "api-version" (PEP 691)');
  const apiVersion = own(meta, 'api-version');
  if (typeof apiVersion !== 'string') throw badValue(options.url, 'meta.api-version', apiVersion, 'a version string such as "1.1" (PEP 629)');
  const warning = checkApiVersion(apiVersion, options.url, 'meta.api-version');
  if (warning) ctx.warnings.push(warning);
  return { root, apiVersion: apiVersion.trim(), ctx };
}

function expectArray(ctx: JsonContext, value: unknown, path: string, expected: string): readonly unknown[] {
  if (!Array.isArray(value)) throw badValue(ctx.url, path, value, expected);
  return value;
}

function expectString(ctx: JsonContext, value: unknown, path: string, expected: string): string {
  if (typeof value !== 'string') throw badValue(ctx.url, path, value, expected);
  return value;
}

/** A `hashes`-shaped dictionary: name → hex digest, every digest valid. */
function hashesOf(ctx: JsonContext, value: unknown, path: string): FileHashes {
  if (!isObject(value)) throw badValue(ctx.url, path, value, 'an object mapping hash names to hex digests');
  const pairs: [string, string][] = [];
  for (const name of Object.keys(value)) {
    const digestPath = childPath(path, name);
    const digest = expectString(ctx, value[name], digestPath, 'a hex-encoded digest');
    const check = checkHash(name, digest);
    if (!check.ok) throw badValue(ctx.url, digestPath, digest, check.expected);
    pairs.push([check.name, check.digest]);
  }
  return hashesFrom(pairs);
}

/** PEP 714: `core-metadata`, else the older `dist-info-metadata`; a boolean or hashes. */
function coreMetadataOf(ctx: JsonContext, file: JsonObject, path: string): CoreMetadataAvailability {
  let key = 'core-metadata';
  let value = own(file, key);
  if (value === undefined || value === null) {
    key = 'dist-info-metadata';
    value = own(file, key);
  }
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  const hashes = hashesOf(ctx, value, childPath(path, key));
  // An empty dictionary still says the file exists (as pip reads it), without a hash.
  return Object.keys(hashes).length === 0 ? true : hashes;
}

function yankedOf(ctx: JsonContext, value: unknown, path: string): false | string {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return '';
  // PEP 691: a yanked reason is a non-empty string; an empty string is falsy: not yanked.
  if (typeof value === 'string') return value === '' ? false : value;
  throw badValue(ctx.url, path, value, 'a boolean or a reason string (PEP 592/691)');
}

function fileOf(ctx: JsonContext, value: unknown, path: string): ProjectFile | undefined {
  if (!isObject(value)) throw badValue(ctx.url, path, value, 'a file object with "filename", "url" and "hashes"');
  const filename = expectString(ctx, own(value, 'filename'), childPath(path, 'filename'), 'the file name, a string');
  const href = expectString(ctx, own(value, 'url'), childPath(path, 'url'), 'the file URL, a string');
  const link = resolveReference(href, ctx.page);
  if (!link) throw badValue(ctx.url, childPath(path, 'url'), href, 'a URL, absolute or relative to the page');

  const unsafe = unsafeFilenameReason(filename);
  if (unsafe !== undefined) {
    ctx.warnings.push(pageWarning('unsafe-filename', `Skipped ${path}: its file name is unsafe: ${unsafe}`, ctx.url, filename));
    return undefined;
  }
  if (!isFetchableFrom(link, ctx.page)) {
    ctx.warnings.push(pageWarning('bad-url', `Skipped ${filename}: a ${link.protocol} URL, which this page may not point at`, ctx.url, href));
    return undefined;
  }

  const hashesValue = own(value, 'hashes');
  // PEP 691 says `hashes` MUST be present; an index that leaves it out gives no hashes.
  let hashes = hashesValue === undefined || hashesValue === null ? hashesFrom([]) : hashesOf(ctx, hashesValue, childPath(path, 'hashes'));
  const fragment = parseHashFragment(link.hash.slice(1));
  if (fragment.bad.length > 0) throw badValue(ctx.url, childPath(path, 'url'), href, 'a URL whose fragment hash, if any, is a valid hex digest');
  for (const [name, digest] of Object.entries(fragment.hashes)) {
    const declared = hashes[name];
    if (declared !== undefined && declared !== digest) {
      throw badValue(ctx.url, childPath(path, 'url'), href, `a URL fragment hash that agrees with hashes.${name}`);
    }
  }
  if (Object.keys(fragment.hashes).length > 0) hashes = hashesFrom(Object.entries({ ...fragment.hashes, ...hashes }));

  const file: ProjectFile = {
    filename,
    url: withoutFragment(link),
    hashes,
    yanked: yankedOf(ctx, own(value, 'yanked'), childPath(path, 'yanked')),
    coreMetadata: coreMetadataOf(ctx, value, path),
  };
  const requiresPython = own(value, 'requires-python');
  if (requiresPython !== undefined && requiresPython !== null) {
    const rp = expectString(ctx, requiresPython, childPath(path, 'requires-python'), 'a Requires-Python specifier string');
    if (rp !== '') file.requiresPython = rp;
  }
  const size = own(value, 'size');
  if (size !== undefined && size !== null) {
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      throw badValue(ctx.url, childPath(path, 'size'), size, 'the file size in bytes, a non-negative integer (PEP 700)');
    }
    file.size = size;
  }
  const uploadTime = own(value, 'upload-time');
  if (uploadTime !== undefined && uploadTime !== null) {
    if (typeof uploadTime !== 'string' || !isValidUploadTime(uploadTime)) {
      throw badValue(ctx.url, childPath(path, 'upload-time'), uploadTime, 'an ISO 8601 UTC time such as "2024-01-31T12:00:00.000000Z" (PEP 700)');
    }
    file.uploadTime = uploadTime;
  }
  return file;
}

export interface JsonProjectPageOptions extends JsonPageOptions {
  /**
   * The project asked for, when known: a page naming a different project (after PEP 503
   * normalization) is an IndexError, not a page to take files from.
   */
  project?: string;
}

/** A PEP 691 project page (`/simple/<project>/`, `application/vnd.pypi.simple.v1+json`). */
export function parseProjectPageJson(body: PageBody, options: JsonProjectPageOptions): ParseResult<ProjectPage> {
  const { root, apiVersion, ctx } = readJson(body, options);
  const name = expectString(ctx, own(root, 'name'), 'name', 'the project name, a string');
  if (options.project !== undefined && canonicalizeName(name) !== canonicalizeName(options.project)) {
    throw new IndexError(`The index answered with the page of project "${name}" when asked for "${options.project}"`, {
      location: { url: options.url },
      text: name,
      expected: `the page of ${canonicalizeName(options.project)}`,
    });
  }
  const page: ProjectPage = { name, files: [] };
  const versions = own(root, 'versions');
  if (versions !== undefined && versions !== null) {
    page.versions = expectArray(ctx, versions, 'versions', 'an array of version strings (PEP 700)').map((v, i) =>
      expectString(ctx, v, childPath('versions', i), 'a version string'),
    );
  }
  const files = expectArray(ctx, own(root, 'files'), 'files', 'an array of file objects');
  if (files.length > ctx.limits.maxLinks) throw tooManyLinks(ctx.url, ctx.limits, 'files');
  files.forEach((f, i) => {
    const file = fileOf(ctx, f, childPath('files', i));
    if (file) page.files.push(file);
  });
  return { page, apiVersion, warnings: ctx.warnings };
}

/**
 * The PEP 691 project list (the root `/simple/`). Project URLs are not in the JSON: each
 * is the normalized name plus `/`, under the page URL (PEP 503's URL structure).
 * Entries whose name is not a valid project name are skipped with a warning.
 */
export function parseProjectListJson(body: PageBody, options: JsonPageOptions): ParseResult<ProjectList> {
  const { root, apiVersion, ctx } = readJson(body, options);
  const projects = expectArray(ctx, own(root, 'projects'), 'projects', 'an array of {"name": ...} objects');
  if (projects.length > ctx.limits.maxLinks) throw tooManyLinks(ctx.url, ctx.limits, 'projects');
  // The root URL ends in "/" (PEP 503); resolve as if it did, so ".../simple" still works.
  const base = new URL(ctx.page.href);
  base.hash = '';
  base.search = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const list: ProjectList = { projects: [] };
  projects.forEach((entry, i) => {
    const path = childPath('projects', i);
    if (!isObject(entry)) throw badValue(ctx.url, path, entry, 'an object with a "name"');
    const name = expectString(ctx, own(entry, 'name'), childPath(path, 'name'), 'the project name, a string');
    if (!isValidName(name)) {
      ctx.warnings.push(pageWarning('bad-project', `Skipped ${path}: not a valid project name`, ctx.url, name));
      return;
    }
    list.projects.push({ name, url: new URL(`${canonicalizeName(name)}/`, base).href });
  });
  return { page: list, apiVersion, warnings: ctx.warnings };
}

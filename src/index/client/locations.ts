/**
 * What the user's `--index-url`, `--extra-index-url` and `--find-links` values point at,
 * decided once when the client is made (as pip's `build_source` does per location):
 *
 * - an index is a URL (http, https, file) or a local folder holding a PEP 503 tree; a
 *   project's page is `<index>/<normalized name>/`;
 * - a find-links value that is an existing local path is a folder (its files are the
 *   candidates), an HTML file (its links are) or an archive (itself); a `file:` URL is the
 *   same; an http(s) URL is a page listing files, or a single archive when its name is one.
 *
 * A local path that does not exist is refused (pip only warns and goes on, which turns a
 * typo into "no matching distribution").
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError, WheelhouseError } from '../../errors.js';
import { classifyDistributionFilename } from '../../filenames/classify.js';
import { stripCredentials } from '../../util/redact.js';
import { locationToUrl } from '../http/url.js';
import { filenameFromUrl } from '../pages/links.js';

export interface IndexLocation {
  /** The index URL ending in `/`, credentials kept (requests need them). */
  url: URL;
  /** Without credentials: `DistributionFile.origin`, messages. */
  display: string;
}

export type FindLinksLocation =
  /** A local folder: its files (top level) are candidates. */
  | { kind: 'directory'; path: string; url: URL; display: string }
  /** A local HTML file or a remote page: its links are candidates. */
  | { kind: 'page'; url: URL; display: string }
  /** One archive, local or remote: itself. */
  | { kind: 'archive'; url: URL; filename: string; display: string };

function parseLocation(text: string, what: string): URL {
  try {
    return locationToUrl(text);
  } catch (err) {
    throw new UsageError(`invalid ${what}: ${text}`, {
      text,
      expected: 'an http(s) URL, a file:// URL or a local path',
      ...(err instanceof WheelhouseError ? { cause: err } : {}),
    });
  }
}

function statOf(file: string): 'file' | 'directory' | 'other' | undefined {
  try {
    const s = statSync(file);
    return s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
  } catch {
    return undefined;
  }
}

export function indexLocation(text: string): IndexLocation {
  const url = parseLocation(text, 'index URL');
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  if (url.protocol === 'file:') {
    const dir = fileURLToPath(url);
    if (statOf(dir) !== 'directory') {
      throw new UsageError(`the index folder ${dir} does not exist`, {
        text,
        expected: 'a folder holding a PEP 503 tree (one folder per project, each with an index.html)',
        hint: 'for a folder of wheels and sdists, use --find-links instead',
      });
    }
  }
  return { url, display: stripCredentials(url.href) };
}

/** `<index>/<normalized name>/`; the name is already normalized (letters, digits, `-`, `.`, `_`). */
export function projectPageUrl(index: IndexLocation, canonicalName: string): URL {
  return new URL(`${encodeURIComponent(canonicalName)}/`, index.url);
}

export function findLinksLocation(text: string): FindLinksLocation {
  const url = parseLocation(text, 'find-links location');
  url.hash = '';
  if (url.protocol === 'file:') {
    const file = fileURLToPath(url);
    const kind = statOf(file);
    if (kind === undefined) {
      throw new UsageError(`the find-links location ${file} does not exist`, {
        text,
        expected: 'an existing folder of wheels and sdists, an HTML file listing them, or a URL',
      });
    }
    const display = pathToFileURL(file).href;
    if (kind === 'directory') return { kind: 'directory', path: file, url: pathToFileURL(file + path.sep), display };
    if (/\.html?$/i.test(file)) return { kind: 'page', url, display };
    return { kind: 'archive', url, filename: path.basename(file), display };
  }
  const display = stripCredentials(url.href);
  const name = filenameFromUrl(url);
  if (name.ok && classifyDistributionFilename(name.filename).kind !== 'ignored') return { kind: 'archive', url, filename: name.filename, display };
  return { kind: 'page', url, display };
}

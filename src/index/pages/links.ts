/**
 * From a link on a page to a file: resolving the URL, which schemes a page may point
 * at, and the file name a URL gives.
 */
import { IndexError } from '../../errors.js';

/** The page's own URL, parsed; an IndexError when it is not an absolute URL. */
export function parsePageUrl(url: string): URL {
  try {
    return new URL(url);
  } catch (cause) {
    throw new IndexError('The page URL is not an absolute URL', { location: { url }, text: url, expected: 'an absolute URL such as https://pypi.org/simple/', cause });
  }
}

/** `reference` resolved against `base` (WHATWG URL rules, as browsers), or undefined when it cannot be. */
export function resolveReference(reference: string, base: URL | string): URL | undefined {
  try {
    return new URL(reference, base);
  } catch {
    return undefined;
  }
}

/**
 * Schemes a page may link files with: http and https always; `file:` only from a page
 * that is itself a local file, so a remote index cannot point the downloader at local
 * files.
 */
export function isFetchableFrom(link: URL, page: URL): boolean {
  if (link.protocol === 'http:' || link.protocol === 'https:') return true;
  return link.protocol === 'file:' && page.protocol === 'file:';
}

export type UrlFilename = { ok: true; filename: string } | { ok: false; reason: string };

/**
 * The file name a URL names: its last path segment, percent-decoded once. pip 23.2.1
 * (`Link.filename`) takes the same segment but decodes it twice (`%2541` gives `A`);
 * decoding once is what the URL means, and a `%2F` inside a segment decodes to `/`,
 * which the caller's safety check then rejects. A URL whose path ends in `/` names a
 * directory, not a file.
 */
export function filenameFromUrl(link: URL): UrlFilename {
  const path = link.pathname;
  if (path.endsWith('/')) return { ok: false, reason: 'it names a directory' };
  const segment = path.slice(path.lastIndexOf('/') + 1);
  try {
    return { ok: true, filename: decodeURIComponent(segment) };
  } catch {
    return { ok: false, reason: 'its percent-encoding is invalid' };
  }
}

/** The URL without its fragment. */
export function withoutFragment(link: URL): string {
  const copy = new URL(link.href);
  copy.hash = '';
  return copy.href;
}

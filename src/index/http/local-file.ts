/**
 * file:// URLs answered like a static web server would: a file is 200 (206 for a Range),
 * a folder is its `index.html` (pip reads a local PEP 503 tree that way) or, without one,
 * a generated listing of its entries (a find-links folder then reads like an autoindex
 * page). Missing → 404, unreadable → 403, so callers handle local and remote alike.
 */
import { createReadStream, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { IndexError } from '../../errors.js';
import type { ByteRange } from './byte-range.js';
import { HttpStatusError } from './errors.js';

/** A response before its status and body are checked (local or remote). */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
  /** Where the answer came from, after redirects; no userinfo. */
  url: URL;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.json': 'application/json',
  '.txt': 'text/plain',
};

/** Marks a generated folder listing (there is no index.html in the folder). */
export const GENERATED_LISTING_HEADER = 'x-wheelhouse-directory-listing';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function listing(dir: string): Promise<Buffer> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
  const title = escapeHtml(dir);
  const links = names.map((n) => `<a href="${escapeHtml(encodeURIComponent(n.replace(/\/$/, '')) + (n.endsWith('/') ? '/' : ''))}">${escapeHtml(n)}</a><br>`);
  return Buffer.from(`<!DOCTYPE html>\n<html><head><title>Index of ${title}</title></head><body>\n${links.join('\n')}\n</body></html>\n`, 'utf8');
}

function fail(status: number, url: URL, message: string, cause?: unknown): HttpStatusError {
  return new HttpStatusError(message, status, url.href, {}, cause === undefined ? {} : { cause });
}

async function statOrFail(file: string, url: URL): Promise<Stats> {
  try {
    return await fs.stat(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fail(404, url, `not found: ${file}`, err);
    if (code === 'EACCES' || code === 'EPERM') throw fail(403, url, `permission denied: ${file}`, err);
    throw fail(500, url, `cannot read ${file}: ${(err as Error).message}`, err);
  }
}

function resolveRange(range: ByteRange, size: number): { start: number; end: number } | undefined {
  if ('suffixLength' in range) {
    if (range.suffixLength <= 0) return undefined;
    return { start: Math.max(0, size - range.suffixLength), end: size };
  }
  if (range.start >= size) return undefined;
  const end = range.length === undefined ? size : Math.min(size, range.start + range.length);
  return { start: range.start, end };
}

export async function openLocal(url: URL, method: 'GET' | 'HEAD', range?: ByteRange): Promise<RawResponse> {
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch (err) {
    throw new IndexError(`cannot read ${url.href}: not a local file URL`, { location: { url: url.href }, expected: 'file:///absolute/path', cause: err });
  }
  let stat = await statOrFail(file, url);
  const headers: Record<string, string> = {};
  if (stat.isDirectory()) {
    // Like a web server's redirect from /dir to /dir/: relative links resolve inside the folder.
    if (!url.pathname.endsWith('/')) {
      url = new URL(url.href);
      url.pathname += '/';
    }
    const index = path.join(file, 'index.html');
    const indexStat = await fs.stat(index).catch(() => undefined);
    if (indexStat?.isFile()) {
      file = index;
      stat = indexStat;
    } else {
      const html = await listing(file);
      headers['content-type'] = 'text/html; charset=utf-8';
      headers['content-length'] = String(html.length);
      headers[GENERATED_LISTING_HEADER] = '1';
      return { status: 200, headers, body: Readable.from(method === 'HEAD' ? [] : [html]), url };
    }
  }
  headers['content-type'] = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  headers['last-modified'] = stat.mtime.toUTCString();
  headers['accept-ranges'] = 'bytes';
  let status = 200;
  let start = 0;
  let end = stat.size;
  if (range !== undefined) {
    const r = resolveRange(range, stat.size);
    if (r === undefined) {
      throw new HttpStatusError(`range not satisfiable for ${file} (${stat.size} bytes)`, 416, url.href, { 'content-range': `bytes */${stat.size}` });
    }
    status = 206;
    ({ start, end } = r);
    headers['content-range'] = `bytes ${start}-${end - 1}/${stat.size}`;
  }
  headers['content-length'] = String(end - start);
  const body = method === 'HEAD' || end === start ? Readable.from([]) : createReadStream(file, { start, end: end - 1 });
  return { status, headers, body, url };
}

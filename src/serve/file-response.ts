/**
 * Serving a file as a static web server does: ETag (strong, from its sha256) and
 * Last-Modified, 304 for a matching If-None-Match / If-Modified-Since, one byte range
 * (`bytes=a-b`, `a-`, `-n`) with 206 and Content-Range, 416 when unsatisfiable, If-Range,
 * HEAD. Several ranges in one request are answered with the whole file (RFC 9110 allows
 * ignoring Range); a malformed Range header is ignored, as RFC 9110 §14.2 says.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

export interface FileToServe {
  path: string;
  size: number;
  mtimeMs: number;
  etag: string;
  contentType: string;
}

export type ParsedRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** A single range of a `size`-byte file, `end` exclusive; undefined when the header is to be ignored. */
export function parseRangeHeader(header: string | undefined, size: number): ParsedRange {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  const end = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
  return { start, end };
}

function httpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString();
}

function etagMatches(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });
}

/** Whether the client's copy is current (If-None-Match wins over If-Modified-Since). */
function notModified(req: IncomingMessage, file: FileToServe): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return etagMatches(inm, file.etag);
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(file.mtimeMs / 1000) * 1000 <= since;
}

/** If-Range: the range applies only when the validator still matches (strong ETag, or the exact date). */
function ifRangeHolds(req: IncomingMessage, file: FileToServe): boolean {
  const v = req.headers['if-range'];
  if (v === undefined) return true;
  const t = String(v).trim();
  if (t.startsWith('"')) return t === file.etag;
  return Date.parse(t) === Math.floor(file.mtimeMs / 1000) * 1000;
}

export async function sendFile(req: IncomingMessage, res: ServerResponse, file: FileToServe, extraHeaders: Record<string, string> = {}): Promise<void> {
  const headers: Record<string, string> = {
    ...extraHeaders,
    etag: file.etag,
    'last-modified': httpDate(file.mtimeMs),
    'accept-ranges': 'bytes',
    'content-type': file.contentType,
  };
  if (notModified(req, file)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  let status = 200;
  let start = 0;
  let end = file.size;
  const range = ifRangeHolds(req, file) ? parseRangeHeader(req.headers.range, file.size) : undefined;
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${file.size}`, 'content-length': '0' });
    res.end();
    return;
  }
  if (range !== undefined) {
    status = 206;
    ({ start, end } = range);
    headers['content-range'] = `bytes ${start}-${end - 1}/${file.size}`;
  }
  headers['content-length'] = String(end - start);
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || end === start) {
    res.end();
    return;
  }
  await pipeline(createReadStream(file.path, { start, end: end - 1 }), res);
}

/** A small in-memory body (pages, metadata files) with an ETag and conditional GET. */
export function sendBytes(req: IncomingMessage, res: ServerResponse, body: Buffer, etag: string, headers: Record<string, string>): void {
  const all = { ...headers, etag };
  const inm = req.headers['if-none-match'];
  if (inm !== undefined && etagMatches(inm, etag)) {
    res.writeHead(304, all);
    res.end();
    return;
  }
  res.writeHead(200, { ...all, 'content-length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

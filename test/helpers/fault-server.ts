/**
 * A fault-injecting HTTP(S) server for tests: scripted per path, on 127.0.0.1, port 0.
 *
 * ```ts
 * const server = await FaultServer.start();            // or start({ tls: { key, cert } })
 * server.route('/simple/foo/', { body: '<html>…', etag: '"v1"', cacheControl: 'max-age=60' });
 * server.route('/f.whl', [{ status: 503 }, { status: 503 }, { body: wheelBytes }]); // per attempt
 * server.route('/slow', ({ attempt }) => (attempt === 1 ? { body, resetAfter: 100 } : { body }));
 * await client.fetchBytes(server.url('/f.whl'));
 * expect(server.requestsTo('/f.whl')).toHaveLength(3);
 * await server.close();                                 // in afterAll; never hangs
 * ```
 *
 * A script is one `Reply` (every attempt), an array (attempt n gets element n-1; the last one
 * repeats) or a function of the attempt number and the recorded request. Paths are matched
 * exactly, without the query string; unrouted paths answer 404. `serveDirectory` maps a URL
 * prefix onto a folder (files only, Range honoured), for real wheels and PEP 503 trees.
 *
 * A `Reply` combines any of these (all optional):
 * - `status` (default 200, or 302 with `redirect`), `headers`, `contentType`;
 * - `body` (string or bytes) or `generate: n` (n deterministic bytes streamed without being held
 *   in memory: compare with `generatedBytes(start, length)`);
 * - validators: `etag`, `lastModified`, `cacheControl`; with a validator, a matching
 *   If-None-Match / If-Modified-Since gets 304 (set `conditional: false` to always send 200);
 * - `ranges`: 'honour' (default: 206 with Content-Range, 416 when unsatisfiable; suffix and
 *   open ranges), 'ignore' (200 and the whole body, though `Accept-Ranges: bytes` is sent);
 * - `contentEncoding`: 'gzip' | 'deflate' | 'br', applied when the client's Accept-Encoding
 *   lists it, or always with `forceEncoding: true` (ranges are then ignored);
 * - faults: `reset: true` (TCP RST before any answer); `resetAfter: n` (RST after n body bytes);
 *   `closeAfter: n` (clean FIN after n body bytes: a truncated body); `contentLength: n` (declare
 *   a wrong length), `'omit'` (no length: chunked) or `'close'` (no length, no chunks: the body
 *   ends when the connection closes);
 *   `stallHeaders: ms | 'forever'`; `stallBody: { after: n, ms: ms | 'forever' }`;
 *   `bytesPerSecond: n` (a slow body, written in 10 slices a second);
 * - `retryAfter: seconds | HTTP-date string` (sets Retry-After; use with 429 or 503);
 * - `redirect: url` (absolute, or a path on this server);
 * - `auth: { username, password }`: 401 with WWW-Authenticate unless Basic credentials match.
 *
 * Every request is recorded (`requests`, `requestsTo(path)`) with its method, path, headers
 * (lower-cased, including Authorization), decoded Basic credentials, Range header and attempt
 * number; `maxInFlight` is the most requests it answered at once. `kill()` stops the server mid-run (every socket destroyed, new connections refused);
 * `close()` does the same and is what `afterAll` calls.
 */
import { Buffer } from 'node:buffer';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import zlib from 'node:zlib';

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  contentType?: string;
  body?: string | Uint8Array;
  generate?: number;
  etag?: string;
  lastModified?: string | Date;
  cacheControl?: string;
  conditional?: boolean;
  ranges?: 'honour' | 'ignore';
  contentEncoding?: 'gzip' | 'deflate' | 'br';
  forceEncoding?: boolean;
  reset?: boolean;
  resetAfter?: number;
  closeAfter?: number;
  contentLength?: number | 'omit' | 'close';
  stallHeaders?: number | 'forever';
  stallBody?: { after: number; ms: number | 'forever' };
  bytesPerSecond?: number;
  retryAfter?: number | string;
  redirect?: string;
  auth?: { username: string; password: string };
}

export interface RecordedRequest {
  method: string;
  /** path without the query string */
  path: string;
  /** path with the query string, as sent */
  url: string;
  headers: Record<string, string>;
  authorization?: string;
  /** decoded Basic credentials, when sent */
  basic?: { username: string; password: string };
  range?: string;
  /** 1 for the first request to this path, 2 for the second… */
  attempt: number;
}

export type Script = Reply | Reply[] | ((ctx: { attempt: number; request: RecordedRequest }) => Reply);

export interface FaultServerOptions {
  /** PEM key and certificate: the server speaks HTTPS. */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

/** The deterministic bytes of `generate`: byte i is (i * 7 + (i >> 8)) mod 256. */
export function generatedBytes(start: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let k = 0; k < length; k++) {
    const i = start + k;
    out[k] = (i * 7 + Math.floor(i / 256)) & 0xff;
  }
  return out;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FaultServer {
  readonly requests: RecordedRequest[] = [];
  readonly origin: string;
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly routes = new Map<string, Script>();
  private readonly dirs: Array<{ prefix: string; folder: string; reply: Reply }> = [];
  private readonly attempts = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  private constructor(private readonly server: http.Server | https.Server, port: number, tls: boolean) {
    this.origin = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  }

  static async start(options: FaultServerOptions = {}): Promise<FaultServer> {
    let instance: FaultServer | undefined;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      instance!.handle(req, res).catch((err: unknown) => {
        res.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    };
    const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
    // Long enough that undici keeps connections (it subtracts a 2 s margin from the server's hint).
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    instance = new FaultServer(server, port, options.tls !== undefined);
    const track = (socket: Socket) => {
      instance!.sockets.add(socket);
      socket.on('close', () => instance!.sockets.delete(socket));
    };
    server.on(options.tls ? 'secureConnection' : 'connection', track);
    return instance;
  }

  /** Absolute URL of a path on this server. */
  url(p = '/'): string {
    return this.origin + p;
  }

  get port(): number {
    return Number(new URL(this.origin).port);
  }

  /** Scripts `path` (replacing any earlier script and resetting its attempt count). */
  route(p: string, script: Script): this {
    this.routes.set(p, script);
    this.attempts.delete(p);
    return this;
  }

  /** Serves the files under `folder` at `prefix` (e.g. '/files/'), with `reply` options. */
  serveDirectory(prefix: string, folder: string, reply: Reply = {}): this {
    this.dirs.push({ prefix, folder, reply });
    return this;
  }

  requestsTo(p: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === p);
  }

  /** Forgets recorded requests and attempt counts (routes stay). */
  resetRecords(): void {
    this.requests.length = 0;
    this.attempts.clear();
    this.maxInFlight = this.inFlight;
  }

  /** Stops the server now: listener closed, every socket destroyed. */
  async kill(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await closing;
  }

  close(): Promise<void> {
    return this.kill();
  }

  private record(req: http.IncomingMessage): RecordedRequest {
    const url = req.url ?? '/';
    const p = url.split('?')[0] ?? '/';
    const attempt = (this.attempts.get(p) ?? 0) + 1;
    this.attempts.set(p, attempt);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: p, url, headers, attempt };
    if (headers['authorization'] !== undefined) {
      rec.authorization = headers['authorization'];
      const m = /^Basic\s+(.+)$/i.exec(rec.authorization);
      if (m) {
        const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
        const i = decoded.indexOf(':');
        rec.basic = { username: decoded.slice(0, i < 0 ? undefined : i), password: i < 0 ? '' : decoded.slice(i + 1) };
      }
    }
    if (headers['range'] !== undefined) rec.range = headers['range'];
    this.requests.push(rec);
    return rec;
  }

  private async resolveReply(rec: RecordedRequest): Promise<Reply | undefined> {
    const script = this.routes.get(rec.path);
    if (script !== undefined) {
      if (typeof script === 'function') return script({ attempt: rec.attempt, request: rec });
      if (Array.isArray(script)) return script[Math.min(rec.attempt, script.length) - 1];
      return script;
    }
    for (const d of this.dirs) {
      if (!rec.path.startsWith(d.prefix)) continue;
      const rel = decodeURIComponent(rec.path.slice(d.prefix.length));
      const file = path.resolve(d.folder, rel);
      if (!file.startsWith(path.resolve(d.folder) + path.sep)) return { status: 403 };
      try {
        return { ...d.reply, body: await fs.readFile(file) };
      } catch {
        return { status: 404 };
      }
    }
    return undefined;
  }

  private wait(ms: number | 'forever'): Promise<void> {
    if (ms === 'forever') return new Promise<void>(() => undefined); // until close() destroys the socket
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rec = this.record(req);
    req.resume();
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    const finished = () => {
      if (!done) this.inFlight--;
      done = true;
    };
    res.once('finish', finished);
    res.once('close', finished);
    const reply = (await this.resolveReply(rec)) ?? { status: 404, body: `no route for ${rec.path}\n` };
    const socket = req.socket;

    if (reply.reset) {
      socket.resetAndDestroy();
      return;
    }
    if (reply.stallHeaders !== undefined) await this.wait(reply.stallHeaders);
    if (socket.destroyed) return;

    if (reply.auth) {
      const ok = rec.basic?.username === reply.auth.username && rec.basic?.password === reply.auth.password;
      if (!ok) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="fault-server"', 'content-type': 'text/plain' });
        res.end('401 unauthorized\n');
        return;
      }
    }

    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    if (reply.contentType !== undefined) headers['content-type'] = reply.contentType;
    if (reply.cacheControl !== undefined) headers['cache-control'] = reply.cacheControl;
    if (reply.etag !== undefined) headers['etag'] = reply.etag;
    const lastModified = reply.lastModified instanceof Date ? reply.lastModified.toUTCString() : reply.lastModified;
    if (lastModified !== undefined) headers['last-modified'] = lastModified;
    if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);

    if (reply.redirect !== undefined) {
      res.writeHead(reply.status ?? 302, { ...headers, location: reply.redirect, 'content-length': '0' });
      res.end();
      return;
    }

    let status = reply.status ?? 200;
    if (status === 200 && reply.conditional !== false && isNotModified(req, reply.etag, lastModified)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }

    // The body: a buffer, or a generator of `generate` bytes.
    let total = reply.generate ?? toBuffer(reply.body).length;
    let start = 0;
    let encoded: Buffer | undefined;
    const accepted = (req.headers['accept-encoding'] ?? '').toLowerCase();
    const encode =
      reply.contentEncoding !== undefined && reply.generate === undefined && (reply.forceEncoding === true || accepted.includes(reply.contentEncoding));
    if (encode) {
      encoded = compress(toBuffer(reply.body), reply.contentEncoding!);
      headers['content-encoding'] = reply.contentEncoding!;
      total = encoded.length;
    } else if (status === 200) {
      headers['accept-ranges'] = 'bytes';
      const range = req.headers['range'];
      if (range !== undefined && reply.ranges !== 'ignore') {
        const r = parseRange(range, total);
        if (r === 'unsatisfiable') {
          res.writeHead(416, { ...headers, 'content-range': `bytes */${total}`, 'content-length': '0' });
          res.end();
          return;
        }
        if (r !== undefined) {
          status = 206;
          headers['content-range'] = `bytes ${r.start}-${r.end - 1}/${total}`;
          start = r.start;
          total = r.end - r.start;
        }
      }
    }
    const bodyAt = (offset: number, length: number): Buffer => {
      if (encoded) return encoded.subarray(offset, offset + length);
      if (reply.generate !== undefined) return generatedBytes(start + offset, length);
      return toBuffer(reply.body).subarray(start + offset, start + offset + length);
    };

    if (reply.contentLength === undefined) headers['content-length'] = String(total);
    else if (typeof reply.contentLength === 'number') headers['content-length'] = String(reply.contentLength);
    else if (reply.contentLength === 'close') {
      // No length and no chunks: the body ends when the connection closes (HTTP/1.0 style).
      res.useChunkedEncodingByDefault = false;
      res.shouldKeepAlive = false;
      headers['connection'] = 'close';
    }
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await this.writeBody(res, socket, reply, total, bodyAt);
  }

  private async writeBody(
    res: http.ServerResponse,
    socket: Socket,
    reply: Reply,
    total: number,
    bodyAt: (offset: number, length: number) => Buffer,
  ): Promise<void> {
    const slice = reply.bytesPerSecond !== undefined ? Math.max(1, Math.floor(reply.bytesPerSecond / 10)) : 64 * 1024;
    res.flushHeaders();
    let sent = 0;
    let stalled = false;
    while (sent < total) {
      if (socket.destroyed || this.closed) return;
      if (reply.resetAfter !== undefined && sent >= reply.resetAfter) {
        await flushed(socket); // what was written reaches the client before the RST
        socket.resetAndDestroy();
        return;
      }
      if (reply.closeAfter !== undefined && sent >= reply.closeAfter) {
        socket.end();
        return;
      }
      if (reply.stallBody !== undefined && !stalled && sent >= reply.stallBody.after) {
        stalled = true;
        await this.wait(reply.stallBody.ms);
        if (socket.destroyed || this.closed) return;
      }
      let next = total;
      for (const stop of [reply.resetAfter, reply.closeAfter, stalled ? undefined : reply.stallBody?.after]) {
        if (stop !== undefined && stop > sent) next = Math.min(next, stop);
      }
      const n = Math.min(slice, next - sent);
      const ok = res.write(bodyAt(sent, n));
      sent += n;
      if (!ok) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
      if (reply.bytesPerSecond !== undefined && sent < total) await this.wait(100);
    }
    if (reply.resetAfter !== undefined && reply.resetAfter >= total) {
      // A reset after the declared body (e.g. with a wrong Content-Length).
      socket.resetAndDestroy();
      return;
    }
    if (typeof reply.contentLength === 'number' && reply.contentLength !== total) {
      // The declared length is wrong: the connection ends after the real body.
      await flushed(socket);
      socket.end();
      return;
    }
    res.end();
  }
}

function flushed(socket: Socket): Promise<void> {
  // A write callback runs once everything written before it has been handed to the kernel.
  return new Promise<void>((resolve) => (socket.writableLength === 0 ? resolve() : socket.write(Buffer.alloc(0), () => resolve())));
}

function toBuffer(body: string | Uint8Array | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function compress(body: Buffer, encoding: 'gzip' | 'deflate' | 'br'): Buffer {
  if (encoding === 'gzip') return zlib.gzipSync(body);
  if (encoding === 'deflate') return zlib.deflateSync(body);
  return zlib.brotliCompressSync(body);
}

function isNotModified(req: http.IncomingMessage, etag: string | undefined, lastModified: string | undefined): boolean {
  const inm = req.headers['if-none-match'];
  if (etag !== undefined && inm !== undefined) {
    return inm.split(',').some((t) => t.trim() === etag || t.trim() === '*');
  }
  const ims = req.headers['if-modified-since'];
  if (lastModified !== undefined && ims !== undefined) {
    const since = Date.parse(ims);
    const modified = Date.parse(lastModified);
    return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
  }
  return false;
}

/** One `bytes=` range (end exclusive), undefined when not a single byte range we honour. */
function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, a, b] = m;
  if (a === '' && b === '') return undefined;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size };
  }
  const start = Number(a);
  if (start >= size) return 'unsatisfiable';
  const end = b === '' ? size : Math.min(size, Number(b) + 1);
  if (end <= start) return undefined;
  return { start, end };
}

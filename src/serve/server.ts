/**
 * `wheelhouse serve`: a folder of wheels and sdists as a Simple Repository API index, for
 * a laptop or a small air-gapped LAN (a fleet is better served by a static tree on a real
 * web server: `writeStaticIndex`).
 *
 *     /simple/                      the project list (PEP 503 HTML or PEP 691 JSON by Accept)
 *     /simple/<project>/            a project page: `#sha256=` hashes, data-requires-python,
 *                                   data-yanked, PEP 658/714 data-core-metadata; JSON 1.1
 *                                   with `versions` and `size`
 *     /files/<file>                 the file: Range (206/416), ETag, Last-Modified (304), HEAD
 *     /files/<file>.metadata        its core metadata (PEP 658), hash-checked by clients
 *
 * A non-normalized project name redirects (301) to its normalized page, as PyPI does. Only
 * names of files that are in the folder are served: request paths never reach the file
 * system, so `..`, encoded slashes and the like are refused (400) or unknown (404).
 *
 * The folder is scanned at start, and again (cheaply: a stat per file, unchanged files are
 * not re-read) when a request comes at least `rescanIntervalMs` after the last scan, or
 * when a served file no longer matches what the scan saw.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import { promises as fs } from 'node:fs';
import { renderProjectListHtml, renderProjectPageHtml } from '../index/pages/render-html.js';
import { renderProjectListJson, renderProjectPageJson } from '../index/pages/render-json.js';
import type { ProjectFile } from '../index/pages/model.js';
import { canonicalizeName, isValidName } from '../pep508/name.js';
import { CONTENT_TYPES, negotiateFormat, type ServedFormat } from './negotiate.js';
import { sendBytes, sendFile } from './file-response.js';
import { scanWheelhouse, type ServedFile, type ServedProject, type WheelhouseSnapshot } from './wheelhouse-dir.js';

export interface ServeOptions {
  /** The folder of wheels and sdists. */
  dir: string;
  /** Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Default 8000; 0 picks a free port. */
  port?: number;
  /** Re-scan the folder when a request comes this long after the last scan. Default 1000; 0: every request. */
  rescanIntervalMs?: number;
  /** On close, connections still busy after this long are cut. Default 10 000. */
  shutdownGraceMs?: number;
  /** Warnings (files that cannot be read) and, with `accessLog`, one line per request. */
  log?: (line: string) => void;
  accessLog?: boolean;
  /** Called as each request arrives (before it is answered): for tests and metrics. */
  onRequest?: (request: { method: string; url: string; headers: Readonly<Record<string, string | string[] | undefined>> }) => void;
}

export interface RunningServer {
  /** The index URL: `http://host:port/simple/`. */
  url: string;
  host: string;
  port: number;
  /** The current view of the folder. */
  snapshot(): WheelhouseSnapshot;
  /** Scans the folder now. */
  rescan(): Promise<WheelhouseSnapshot>;
  /** Stops accepting connections, lets requests in flight finish (cut after the grace time), resolves when done. */
  close(): Promise<void>;
}

const SIMPLE = '/simple/';
const FILES = '/files/';

function weakHash(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}

function served(file: ServedFile): ProjectFile {
  const out: ProjectFile = {
    filename: file.filename,
    url: `../../files/${encodeURIComponent(file.filename)}`,
    hashes: { sha256: file.sha256 },
    yanked: file.yanked,
    coreMetadata: file.metadata === undefined ? false : { sha256: file.metadata.sha256 },
    size: file.size,
  };
  if (file.requiresPython !== undefined) out.requiresPython = file.requiresPython;
  return out;
}

function versionsOf(project: ServedProject): string[] {
  return [...new Set(project.files.map((f) => f.version))];
}

interface Rendered {
  body: Buffer;
  etag: string;
}

class WheelhouseServer {
  private current: WheelhouseSnapshot;
  private lastScan = Date.now();
  private scanning: Promise<WheelhouseSnapshot> | undefined;
  private readonly pages = new Map<string, Rendered>();
  private pagesGeneration: number;

  constructor(
    snapshot: WheelhouseSnapshot,
    private readonly options: ServeOptions,
  ) {
    this.current = snapshot;
    this.pagesGeneration = snapshot.generation;
  }

  snapshot(): WheelhouseSnapshot {
    return this.current;
  }

  rescan(): Promise<WheelhouseSnapshot> {
    this.scanning ??= scanWheelhouse(this.options.dir, this.current, this.options.log ? { log: this.options.log } : {})
      .then((s) => {
        this.current = s;
        this.lastScan = Date.now();
        return s;
      })
      .finally(() => {
        this.scanning = undefined;
      });
    return this.scanning;
  }

  private async fresh(): Promise<WheelhouseSnapshot> {
    const interval = this.options.rescanIntervalMs ?? 1000;
    if (Date.now() - this.lastScan >= interval) return this.rescan();
    return this.current;
  }

  private render(key: string, make: () => string): Rendered {
    if (this.pagesGeneration !== this.current.generation) {
      this.pages.clear();
      this.pagesGeneration = this.current.generation;
    }
    let r = this.pages.get(key);
    if (r === undefined) {
      const body = Buffer.from(make(), 'utf8');
      r = { body, etag: weakHash(body) };
      this.pages.set(key, r);
    }
    return r;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('405 method not allowed\n');
      return;
    }
    const raw = (req.url ?? '/').split('?')[0] ?? '/';
    let pathname: string;
    try {
      pathname = decodeURIComponent(raw);
    } catch {
      return this.plain(res, 400, 'bad percent-encoding in the path');
    }
    if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').some((s) => s === '..' || s === '.')) {
      return this.plain(res, 400, 'path not allowed');
    }
    if (pathname === '/' || pathname === '/simple') return this.redirect(res, SIMPLE, 302);
    if (pathname === SIMPLE) return this.projectList(req, res);
    if (pathname.startsWith(SIMPLE)) return this.projectPage(req, res, pathname.slice(SIMPLE.length));
    if (pathname.startsWith(FILES)) return this.file(req, res, pathname.slice(FILES.length));
    return this.plain(res, 404, 'not found');
  }

  private plain(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`${status} ${text}\n`);
  }

  private redirect(res: ServerResponse, location: string, status: number): void {
    res.writeHead(status, { location, 'content-length': '0' });
    res.end();
  }

  private sendPage(req: IncomingMessage, res: ServerResponse, format: ServedFormat, page: Rendered): void {
    // Pages change when the folder does: always revalidate (a 304 costs a round trip, no body).
    sendBytes(req, res, page.body, page.etag, { 'content-type': CONTENT_TYPES[format], vary: 'Accept', 'cache-control': 'max-age=0, must-revalidate' });
  }

  private async projectList(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const snap = await this.fresh();
    const format = negotiateFormat(req.headers.accept);
    const projects = [...snap.projects.values()].map((p) => ({ name: p.name }));
    const page = this.render(`/|${format}`, () => (format === 'json' ? renderProjectListJson({ projects }) : renderProjectListHtml({ projects })));
    this.sendPage(req, res, format, page);
  }

  private async projectPage(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    if (slash >= 0 && slash !== rest.length - 1) return this.plain(res, 404, 'not found');
    if (!isValidName(name)) return this.plain(res, 404, 'not a project name');
    const canonical = canonicalizeName(name);
    if (canonical !== name || slash < 0) return this.redirect(res, `${SIMPLE}${encodeURIComponent(canonical)}/`, 301);
    const snap = await this.fresh();
    const project = snap.projects.get(canonical);
    if (project === undefined) return this.plain(res, 404, `no project ${canonical} here`);
    const format = negotiateFormat(req.headers.accept);
    const files = project.files.map(served);
    const page = this.render(`${canonical}|${format}`, () =>
      format === 'json' ? renderProjectPageJson({ name: project.name, versions: versionsOf(project), files }) : renderProjectPageHtml({ name: project.name, files }),
    );
    this.sendPage(req, res, format, page);
  }

  /** The snapshot's entry for `filename`, re-scanning first when the file changed on disk since. */
  private async lookup(filename: string): Promise<ServedFile | undefined> {
    let file = (await this.fresh()).files.get(filename);
    if (file === undefined) return undefined;
    const stat = await fs.stat(file.path).catch(() => undefined);
    if (stat === undefined || stat.size !== file.size || stat.mtimeMs !== file.mtimeMs || stat.ino !== file.ino) {
      file = (await this.rescan()).files.get(filename);
    }
    return file;
  }

  private async file(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (name === '' || name.includes('/')) return this.plain(res, 404, 'not found');
    const isMetadata = name.endsWith('.metadata') && !this.current.files.has(name);
    const filename = isMetadata ? name.slice(0, -'.metadata'.length) : name;
    const file = await this.lookup(filename);
    if (file === undefined) return this.plain(res, 404, `no file ${filename} here`);
    if (isMetadata) {
      if (file.metadata === undefined) return this.plain(res, 404, `no core metadata for ${filename}`);
      sendBytes(req, res, file.metadata.bytes, `"${file.metadata.sha256}"`, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'max-age=0, must-revalidate' });
      return;
    }
    await sendFile(req, res, {
      path: file.path,
      size: file.size,
      mtimeMs: file.mtimeMs,
      etag: `"${file.sha256}"`,
      contentType: file.kind === 'wheel' ? 'application/zip' : file.filename.endsWith('.zip') ? 'application/zip' : 'application/octet-stream',
    });
  }
}

function formatUrl(host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}${SIMPLE}`;
}

/** Scans `dir` and serves it; resolves once listening. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`invalid port ${port}`, { text: String(port), expected: 'an integer from 0 to 65535 (0: any free port)' });
  }
  const stat = await fs.stat(options.dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new UsageError(`${options.dir} is not a folder`, { text: options.dir, expected: 'a folder of wheels and sdists' });
  }
  const snapshot = await scanWheelhouse(options.dir, undefined, options.log ? { log: options.log } : {});
  const app = new WheelhouseServer(snapshot, options);
  const server = http.createServer((req, res) => {
    const started = Date.now();
    options.onRequest?.({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    res.once('finish', () => {
      if (options.accessLog) options.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
    });
    app.handle(req, res).catch((err: unknown) => {
      options.log?.(`error: ${req.method} ${req.url}: ${(err as Error).message}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('500 internal error\n');
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new UsageError(`port ${port} on ${host} is already in use`, { text: String(port), expected: 'a free port', hint: 'choose another with --port, or --port 0 for any free one' })
          : new UsageError(`cannot listen on ${host}:${port}: ${err.message}`, { text: `${host}:${port}`, expected: 'an address of this machine and a free port', cause: err }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: formatUrl(host, address.port),
    host,
    port: address.port,
    snapshot: () => app.snapshot(),
    rescan: () => app.rescan(),
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // Idle keep-alive connections would hold close() open; busy ones finish first.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

/**
 * `python3 -m http.server` over a folder: an independent static web server (HTML
 * directory listings, Last-Modified and If-Modified-Since, no Range, no content
 * negotiation), on 127.0.0.1 and a free port. Its request log (stderr) is parsed so tests
 * can count what a client asked for. Stopped by PID in `close()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { isolatedPythonEnv, PYTHON } from './python.js';

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

export class PythonHttpServer {
  readonly requests: LoggedRequest[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly origin: string,
  ) {}

  static async start(dir: string): Promise<PythonHttpServer> {
    const child = spawn(PYTHON, ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir], {
      env: isolatedPythonEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const origin = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`python -m http.server did not start: ${out}`)), 20_000);
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /port (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`python -m http.server exited with ${code}: ${out}`));
      });
    });
    const server = new PythonHttpServer(child, origin);
    let buffer = '';
    child.stderr!.on('data', (b: Buffer) => {
      buffer += b.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3})/.exec(line);
        if (m) server.requests.push({ method: m[1]!, path: m[2]!, status: Number(m[3]) });
      }
    });
    return server;
  }

  url(p = '/'): string {
    return this.origin + p;
  }

  /**
   * Resolves once every request answered so far is in `requests`: a sentinel request is
   * made and awaited in the log (each line is written before its response, in order).
   */
  async settled(): Promise<void> {
    const sentinel = `/__settled__${Math.random().toString(36).slice(2)}`;
    await fetch(this.url(sentinel)).then((r) => r.arrayBuffer());
    for (let i = 0; i < 500 && !this.requests.some((r) => r.path === sentinel); i++) await new Promise((r) => setTimeout(r, 10));
    const at = this.requests.findIndex((r) => r.path === sentinel);
    if (at >= 0) this.requests.splice(at, 1);
  }

  requestsTo(p: string): LoggedRequest[] {
    return this.requests.filter((r) => r.path === p);
  }

  reset(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Connections: to a loopback origin, at most LOOPBACK_UNPROVEN connections opened and not
 * yet answered; a request takes a new connection while there is room, a kept one beyond
 * (small local servers stall reused connections and have small backlogs; dispatchers.ts);
 * CA bundles are parsed only when TLS is first needed.
 */
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { HttpClient } from '../../../src/index/http/index.js';
import { FirstByteGate, isLoopbackHost, LOOPBACK_CONNECTIONS, LOOPBACK_UNPROVEN, originKey } from '../../../src/index/http/dispatchers.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { PYTHON, isolatedPythonEnv } from '../../helpers/python.js';

let server: http.Server;
let base: string;
let connections = 0;
let inFlight = 0;
let maxInFlight = 0;
const clients: HttpClient[] = [];
let dir: string;

function client(options: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  const c = new HttpClient({ noCache: true, netrc: false, env: {}, retries: 0, ...options });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wh-dispatchers-'));
  server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.end(`page ${req.url}`);
    }, 15);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('FirstByteGate', () => {
  it('lets `limit` in per origin, holds the next until one leaves, and counts a leave once', async () => {
    const gate = new FirstByteGate(2);
    const a1 = await gate.enter('a');
    const a2 = await gate.enter('a');
    expect(gate.hasRoom('a')).toBe(false);
    expect(gate.hasRoom('b')).toBe(true);
    await gate.enter('b');
    let third = false;
    const waiting = gate.enter('a').then((leave) => {
      third = true;
      return leave;
    });
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    a1();
    a1(); // twice: still one place freed
    await waiting;
    expect(third).toBe(true);
    expect(gate.hasRoom('a')).toBe(false);
    a2();
    expect(gate.hasRoom('a')).toBe(true);
  });

  it('keys an origin the same from a URL and from undici\'s connect options', () => {
    expect(originKey('http:', '[::1]', '')).toBe(originKey('http:', '::1', 80));
    expect(originKey('http:', '127.0.0.1', '8080')).toBe(originKey('http:', '127.0.0.1', 8080));
    expect(originKey('https:', 'localhost', undefined)).toBe('https://localhost:443');
  });
});

describe('loopback origins', () => {
  it('are told apart from other hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'pypi.localhost', '[::1]', '::1', '::ffff:127.0.0.1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['10.0.0.1', 'pypi.org', '128.0.0.1', '[::2]', 'localhost.example.com', '0.0.0.0']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('never have more than LOOPBACK_UNPROVEN connections unanswered; beyond them requests reuse answered ones', async () => {
    maxInFlight = 0;
    // Server side: a connection is unanswered from its accept until its first response is sent.
    let unanswered = 0;
    let maxUnanswered = 0;
    let opened = 0;
    const onConnection = (socket: import('node:net').Socket) => {
      opened++;
      unanswered++;
      maxUnanswered = Math.max(maxUnanswered, unanswered);
      let first = true;
      socket.on('data', () => {
        if (!first) return;
        first = false;
        // Answered 15 ms later (the handler's timer); counting it as answered now is only
        // more generous to the server, so the bound below is checked on the safe side.
        setTimeout(() => unanswered--, 15);
      });
      socket.on('close', () => {
        if (first) unanswered--;
      });
    };
    server.on('connection', onConnection);
    const c = client({ concurrency: 32 });
    // Enough requests for the steady state: the first burst all asks for new connections
    // (the gate fills only as they connect), and kept connections build up after it.
    const pages = await Promise.all(Array.from({ length: 300 }, (_, i) => c.fetchText(`${base}/p${i}`)));
    server.off('connection', onConnection);
    expect(pages.map((p) => p.text)).toEqual(Array.from({ length: 300 }, (_, i) => `page /p${i}`));
    expect(maxUnanswered).toBeLessThanOrEqual(LOOPBACK_UNPROVEN);
    // More than the gate at once: the rest went over kept connections, so fewer were opened.
    expect(maxInFlight).toBeGreaterThan(LOOPBACK_UNPROVEN);
    expect(maxInFlight).toBeLessThanOrEqual(LOOPBACK_CONNECTIONS);
    expect(opened).toBeLessThan(300);
  });

  it('still keep a smaller connectionsPerOrigin', async () => {
    maxInFlight = 0;
    const c = client({ concurrency: 32, connectionsPerOrigin: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.fetchText(`${base}/q${i}`)));
    expect(maxInFlight).toBeLessThanOrEqual(2);
  });
});

/** ../shared/bench/serve.py beside the checkout (or a parent folder's), when present. */
function findServe(): string | undefined {
  for (let dir = path.dirname(REPO_ROOT); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'bench', 'serve.py');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
const SERVE = findServe();
if (SERVE === undefined) console.warn('SKIPPED: ../shared/bench/serve.py not found (the benchmark index server)');

describe.skipIf(SERVE === undefined)('the benchmark index server (serve.py)', () => {
  // A python http.server: it closes the connection after an answer to `Connection: close`
  // without saying so in its answer, which undici reports as an error when the body is read
  // slowly (a download written to disk) — so downloads keep keep-alive connections.
  let child: ChildProcess;
  let serveBase: string;
  const wheel = Buffer.alloc(300_000, 7);
  beforeAll(async () => {
    const tree = path.join(dir, 'tree');
    mkdirSync(path.join(tree, 'simple', 'demo'), { recursive: true });
    mkdirSync(path.join(tree, 'files'), { recursive: true });
    writeFileSync(path.join(tree, 'files', 'demo-1.0-py3-none-any.whl'), wheel);
    writeFileSync(path.join(tree, 'simple', 'demo', 'index.html'), '<a href="../../files/demo-1.0-py3-none-any.whl">demo-1.0-py3-none-any.whl</a>\n');
    child = spawn(PYTHON, [SERVE!, '--root', `t=${tree}`, '--no-metadata'], { env: isolatedPythonEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
    serveBase = await new Promise<string>((resolve, reject) => {
      child.once('error', reject);
      createInterface({ input: child.stdout! }).once('line', (line) => resolve(line.trim()));
    });
  });
  afterAll(() => {
    if (child.pid !== undefined) process.kill(child.pid);
  });

  it('takes a burst of 60 page requests without a stalled connection (backlog 5: an overflow waits 1 s for a SYN retransmission)', async () => {
    const c = client({ concurrency: 32 });
    const times = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const start = performance.now();
        const page = await c.fetchText(`${serveBase}/t/simple/demo/`);
        expect(page.text).toContain('demo-1.0-py3-none-any.whl');
        return performance.now() - start;
      }),
    );
    expect(Math.max(...times)).toBeLessThan(900);
  });

  it('answers pages on connections of their own and downloads on kept ones', async () => {
    const c = client();
    const page = await c.fetchText(`${serveBase}/t/simple/demo/`);
    expect(page.text).toContain('demo-1.0-py3-none-any.whl');
    for (let i = 0; i < 5; i++) {
      let size = 0;
      await c.stream(`${serveBase}/t/files/demo-1.0-py3-none-any.whl`, {}, async (chunks) => {
        for await (const chunk of chunks) {
          size += chunk.length;
          await new Promise((r) => setTimeout(r, 1));
        }
      });
      expect(size).toBe(wheel.length);
    }
  });
});

describe('CA bundles', () => {
  it('are parsed only for TLS: a bad certificate fails the first https request, not plain http', async () => {
    const bad = path.join(dir, 'bad.pem');
    writeFileSync(bad, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    const c = client({ cert: bad });
    expect((await c.fetchText(`${base}/plain`)).text).toBe('page /plain');
    const err = await c.fetchText('https://127.0.0.1:9/simple/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/certificate 1 of the CA bundle .*bad\.pem \(--cert\) is not valid/);
  });
});

/**
 * HTTPS trust: Node's roots by default, extra CAs from --cert, SSL_CERT_FILE and
 * NODE_EXTRA_CA_CERTS (combined, not replacing), https through a CONNECT proxy.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderError } from '../../../src/cli/render-error.js';
import { NetworkError, UsageError } from '../../../src/errors.js';
import { HttpClient, type HttpClientOptions } from '../../../src/index/http/index.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { FaultServer } from '../../helpers/fault-server.js';
import { ProxyServer } from '../../helpers/proxy-server.js';
import { hasOpenssl, makeCertificateAuthority, OPENSSL_ABSENT, type TestCertificates } from '../../helpers/tls.js';

const enabled = hasOpenssl();
if (!enabled) console.warn(OPENSSL_ABSENT);

let dir: string;
let one: TestCertificates;
let two: TestCertificates;
let serverOne: FaultServer;
let serverTwo: FaultServer;
const clients: HttpClient[] = [];

function client(options: HttpClientOptions = {}): HttpClient {
  const c = new HttpClient({ noCache: true, netrc: false, env: {}, retries: 2, retryBaseDelayMs: 1, ...options });
  clients.push(c);
  return c;
}

function childFetch(urls: string[], env: Record<string, string>, options: HttpClientOptions = {}): Promise<Array<{ url: string; ok?: string; error?: string }>> {
  const script = fileURLToPath(new URL('./children/fetch-texts.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...urls], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env, WH_CLIENT_OPTIONS: JSON.stringify({ env: {}, ...options }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      else resolve(out.trim().split('\n').map((l) => JSON.parse(l) as { url: string; ok?: string; error?: string }));
    });
  });
}

beforeAll(async () => {
  if (!enabled) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'wh-tls-'));
  one = makeCertificateAuthority(dir, 'one');
  two = makeCertificateAuthority(dir, 'two');
  serverOne = await FaultServer.start({ tls: { key: one.key, cert: one.cert } });
  serverTwo = await FaultServer.start({ tls: { key: two.key, cert: two.cert } });
  serverOne.route('/simple/', { body: 'one' });
  serverTwo.route('/simple/', { body: 'two' });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await serverOne?.close();
  await serverTwo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!enabled)('certificate authorities', () => {
  it('refuses an unknown CA at once (no retries) with a hint about --cert', async () => {
    const retries: unknown[] = [];
    const err = await client({ onRetry: (e) => retries.push(e) }).fetchText(serverOne.url('/simple/')).catch((e: unknown) => e);
    expect(retries).toEqual([]);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain('TLS certificate verification failed');
    expect(renderError(err).text).toContain('--cert');
    expect(serverOne.requestsTo('/simple/').length).toBe(0);
  });

  it('trusts a --cert bundle', async () => {
    expect((await client({ cert: one.caFile }).fetchText(serverOne.url('/simple/'))).text).toBe('one');
  });

  it('trusts SSL_CERT_FILE, in addition to --cert', async () => {
    const c = client({ cert: one.caFile, env: { SSL_CERT_FILE: two.caFile } });
    expect((await c.fetchText(serverOne.url('/simple/'))).text).toBe('one');
    expect((await c.fetchText(serverTwo.url('/simple/'))).text).toBe('two');
  });

  it('rejects a --cert file that is missing or holds no certificate when the client is made, naming it', () => {
    const empty = path.join(dir, 'empty.pem');
    writeFileSync(empty, 'not a certificate\n');
    expect(() => new HttpClient({ cert: path.join(dir, 'nope.pem'), env: {} })).toThrow(UsageError);
    expect(() => new HttpClient({ cert: empty, env: {} })).toThrow(/no certificate in the CA bundle .*empty\.pem/);
    expect(() => new HttpClient({ env: { SSL_CERT_FILE: empty } })).toThrow(/SSL_CERT_FILE/);
  });

  it('NODE_EXTRA_CA_CERTS: Node applies it alone, and we keep it when --cert adds another CA', async () => {
    const urls = [serverOne.url('/simple/'), serverTwo.url('/simple/')];
    const alone = await childFetch(urls, { NODE_EXTRA_CA_CERTS: one.caFile });
    expect(alone.map((r) => r.ok ?? r.error)).toEqual(['one', 'E_NETWORK']);
    const combined = await childFetch(urls, { NODE_EXTRA_CA_CERTS: one.caFile }, { cert: two.caFile, env: { NODE_EXTRA_CA_CERTS: one.caFile } });
    expect(combined.map((r) => r.ok ?? r.error)).toEqual(['one', 'two']);
  });

  it('reaches an https origin through a CONNECT proxy', async () => {
    const proxy = await ProxyServer.start();
    try {
      const res = await client({ cert: one.caFile, env: { HTTPS_PROXY: proxy.url } }).fetchText(serverOne.url('/simple/'));
      expect(res.text).toBe('one');
      expect(proxy.requests.map((r) => [r.method, r.target])).toEqual([['CONNECT', `127.0.0.1:${serverOne.port}`]]);
    } finally {
      await proxy.close();
    }
  });
});

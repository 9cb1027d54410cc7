/**
 * Proxies from the environment (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, either case) through a
 * loopback proxy that records what it forwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/errors.js';
import { HttpClient, type Environment } from '../../../src/index/http/index.js';
import { bypassesProxy, proxyForUrl, proxySettingsFromEnv } from '../../../src/index/http/proxy.js';
import { FaultServer } from '../../helpers/fault-server.js';
import { ProxyServer } from '../../helpers/proxy-server.js';

let origin: FaultServer;
let proxy: ProxyServer;
const clients: HttpClient[] = [];

function client(env: Environment): HttpClient {
  const c = new HttpClient({ noCache: true, env, netrc: false, retries: 0, headersTimeoutMs: 2_000 });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  origin = await FaultServer.start();
  proxy = await ProxyServer.start();
  origin.route('/simple/', { body: 'through' });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy.close();
  await origin.close();
});

describe('proxy selection', () => {
  it('reads lower case first, then upper case, and adds http:// to a bare host:port', () => {
    const s = proxySettingsFromEnv({ http_proxy: 'lower:3128', HTTP_PROXY: 'http://upper:1', HTTPS_PROXY: 'https://secure:443', NO_PROXY: 'x' });
    expect(s).toEqual({ http: 'http://lower:3128', https: 'https://secure:443', noProxy: 'x' });
    expect(proxySettingsFromEnv({ ALL_PROXY: 'http://all:1' })).toEqual({ http: 'http://all:1', https: 'http://all:1', noProxy: '' });
  });

  it('matches NO_PROXY entries like curl and requests', () => {
    const u = (s: string) => new URL(s);
    const no = 'example.com, .internal.net,*.corp,10.0.0.0/8 localhost:8080 [::1]';
    expect(bypassesProxy(u('https://example.com/x'), no)).toBe(true);
    expect(bypassesProxy(u('https://pypi.example.com/x'), no)).toBe(true);
    expect(bypassesProxy(u('https://notexample.com/x'), no)).toBe(false);
    expect(bypassesProxy(u('http://a.internal.net/'), no)).toBe(true);
    expect(bypassesProxy(u('http://internal.net/'), no)).toBe(true);
    expect(bypassesProxy(u('http://x.corp/'), no)).toBe(true);
    expect(bypassesProxy(u('http://10.2.3.4/'), no)).toBe(true);
    expect(bypassesProxy(u('http://11.2.3.4/'), no)).toBe(false);
    expect(bypassesProxy(u('http://localhost:8080/'), no)).toBe(true);
    expect(bypassesProxy(u('http://localhost:9090/'), no)).toBe(false);
    expect(bypassesProxy(u('http://[::1]:5000/'), no)).toBe(true);
    expect(bypassesProxy(u('http://anything/'), '*')).toBe(true);
    expect(proxyForUrl(u('https://pypi.org/'), { http: 'http://p:1', https: undefined, noProxy: '' })).toBeUndefined();
    expect(proxyForUrl(u('http://pypi.org/'), { http: 'http://p:1', https: undefined, noProxy: '' })).toBe('http://p:1');
  });
});

describe('through a loopback proxy', () => {
  it('sends plain-http requests to HTTP_PROXY in absolute form', async () => {
    const before = proxy.requests.length;
    const res = await client({ HTTP_PROXY: proxy.url }).fetchText(origin.url('/simple/'));
    expect(res.text).toBe('through');
    const seen = proxy.requests.slice(before);
    expect(seen.map((r) => [r.method, r.target])).toEqual([['GET', origin.url('/simple/')]]);
  });

  it('goes direct for hosts in NO_PROXY (either case)', async () => {
    for (const env of [{ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }, { http_proxy: proxy.url, no_proxy: `localhost,127.0.0.1:${origin.port}` }]) {
      const before = proxy.requests.length;
      const res = await client(env).fetchText(origin.url('/simple/'));
      expect(res.text).toBe('through');
      expect(proxy.requests.length).toBe(before);
    }
  });

  it('passes proxy credentials as Proxy-Authorization, never to the origin', async () => {
    const before = proxy.requests.length;
    origin.resetRecords();
    const withCreds = proxy.url.replace('http://', 'http://puser:ppass@');
    await client({ http_proxy: withCreds }).fetchText(origin.url('/simple/'));
    const seen = proxy.requests.slice(before);
    expect(seen[0]?.headers['proxy-authorization']).toBe(`Basic ${Buffer.from('puser:ppass').toString('base64')}`);
    expect(origin.requestsTo('/simple/')[0]?.headers['proxy-authorization']).toBeUndefined();
    expect(origin.requestsTo('/simple/')[0]?.authorization).toBeUndefined();
  });

  it('fails with a NetworkError when the proxy is unreachable', async () => {
    const err = await client({ HTTP_PROXY: 'http://127.0.0.1:1' }).fetchText(origin.url('/simple/')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain(origin.url('/simple/'));
  });
});

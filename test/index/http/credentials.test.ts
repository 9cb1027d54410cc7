/**
 * Credentials: from URL userinfo (percent-decoded) and from a netrc file (NETRC), sent to
 * their own origin only, dropped on cross-origin redirects, and never shown in errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderError } from '../../../src/cli/render-error.js';
import { HttpClient, HttpStatusError, type HttpClientOptions } from '../../../src/index/http/index.js';
import { FaultServer } from '../../helpers/fault-server.js';

let a: FaultServer;
let b: FaultServer;
let tmp: string;
const clients: HttpClient[] = [];

function client(options: HttpClientOptions = {}): HttpClient {
  const c = new HttpClient({ noCache: true, retries: 1, retryBaseDelayMs: 1, headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000, env: {}, netrc: false, ...options });
  clients.push(c);
  return c;
}

function withUserinfo(url: string, userinfo: string): string {
  return url.replace('http://', `http://${userinfo}@`);
}

beforeAll(async () => {
  a = await FaultServer.start();
  b = await FaultServer.start();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wh-cred-'));
});
afterEach(() => {
  a.resetRecords();
  b.resetRecords();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await a.close();
  await b.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('userinfo', () => {
  it('sends percent-decoded credentials from the URL, and not the userinfo itself', async () => {
    a.route('/simple/', { auth: { username: 'me@corp', password: 'p:ss w/rd' }, body: 'index' });
    const http = client();
    const res = await http.fetchText(withUserinfo(a.url('/simple/'), 'me%40corp:p%3Ass%20w%2Frd'));
    expect(res.text).toBe('index');
    expect(a.requestsTo('/simple/')[0]?.basic).toEqual({ username: 'me@corp', password: 'p:ss w/rd' });
    expect(res.url).not.toContain('p%3Ass');
    expect(res.finalUrl).toBe(a.url('/simple/'));
  });

  it('reuses an index URL credentials for other URLs of the same origin only', async () => {
    a.route('/simple/pkg/', { auth: { username: 'u', password: 'secret' }, body: 'page' });
    a.route('/files/pkg.whl', { auth: { username: 'u', password: 'secret' }, body: 'wheel' });
    b.route('/files/pkg.whl', { body: 'elsewhere' });
    const http = client();
    await http.fetchText(withUserinfo(a.url('/simple/pkg/'), 'u:secret'));
    expect((await http.fetchText(a.url('/files/pkg.whl'))).text).toBe('wheel');
    expect(a.requestsTo('/files/pkg.whl')[0]?.basic?.password).toBe('secret');
    await http.fetchText(b.url('/files/pkg.whl'));
    expect(b.requestsTo('/files/pkg.whl')[0]?.authorization).toBeUndefined();
  });

  it('sends a user name alone (a token) with an empty password', async () => {
    a.route('/token/', { auth: { username: 'tok123', password: '' }, body: 'ok' });
    const http = client();
    expect((await http.fetchText(withUserinfo(a.url('/token/'), 'tok123'))).text).toBe('ok');
  });

  it('drops credentials on a redirect to another origin, keeps them on the same origin', async () => {
    a.route('/start', { auth: { username: 'u', password: 'pw' }, redirect: '/same' });
    a.route('/same', { auth: { username: 'u', password: 'pw' }, redirect: b.url('/other') });
    b.route('/other', { body: 'landed' });
    const http = client();
    const res = await http.fetchText(withUserinfo(a.url('/start'), 'u:pw'));
    expect(res.text).toBe('landed');
    expect(a.requestsTo('/same')[0]?.basic).toEqual({ username: 'u', password: 'pw' });
    expect(b.requestsTo('/other')[0]?.authorization).toBeUndefined();
  });

  it('drops an explicit Authorization header on a cross-origin redirect', async () => {
    a.route('/hdr', { redirect: b.url('/hdr-target') });
    b.route('/hdr-target', { body: 'x' });
    const http = client();
    await http.fetchText(a.url('/hdr'), { headers: { Authorization: 'Bearer abc' } });
    expect(a.requestsTo('/hdr')[0]?.authorization).toBe('Bearer abc');
    expect(b.requestsTo('/hdr-target')[0]?.authorization).toBeUndefined();
  });

  it('never shows the password in errors, rendered or not', async () => {
    a.route('/denied', { auth: { username: 'u', password: 'right' } });
    a.route('/broken', { status: 503 });
    const http = client();
    const secret = 'hunter2secret';
    const denied = await http.fetchText(withUserinfo(a.url('/denied'), `u:${secret}`)).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(HttpStatusError);
    expect((denied as HttpStatusError).status).toBe(401);
    const broken = await http.fetchText(withUserinfo(a.url('/broken'), `u:${secret}`)).catch((e: unknown) => e);
    const refused = await http.fetchText(`http://u:${secret}@127.0.0.1:1/x`).catch((e: unknown) => e);
    for (const err of [denied, broken, refused]) {
      for (const debug of [false, true]) {
        const { text } = renderError(err, debug);
        expect(text).not.toContain(secret);
        expect(text).toContain('****');
      }
      expect((err as Error).message).not.toContain(secret);
      expect(JSON.stringify(err)).not.toContain(secret);
    }
    expect(renderError(denied).text).toContain('were refused');
  });

  it('hints at credentials when a server wants some and none were sent', async () => {
    a.route('/private', { auth: { username: 'u', password: 'p' } });
    const err = await client().fetchText(a.url('/private')).catch((e: unknown) => e);
    expect(renderError(err).text).toContain('~/.netrc');
  });
});

describe('netrc', () => {
  function netrc(text: string): string {
    const file = path.join(tmp, `netrc-${Math.random().toString(16).slice(2)}`);
    writeFileSync(file, text);
    return file;
  }

  it('reads credentials for the host from $NETRC', async () => {
    // "localhost" and 127.0.0.1 are the same server but different hosts for netrc.
    const file = netrc(`machine localhost login alice password "s3cret pass"\nmachine 127.0.0.1 login bob password other\n`);
    a.route('/n', { auth: { username: 'alice', password: 's3cret pass' }, body: 'ok' });
    const http = client({ netrc: undefined, env: { NETRC: file } });
    expect((await http.fetchText(`http://localhost:${a.port}/n`)).text).toBe('ok');
    expect(a.requestsTo('/n')[0]?.basic).toEqual({ username: 'alice', password: 's3cret pass' });
  });

  it('sends netrc credentials only to their host, not to the origin a redirect leads to', async () => {
    const file = netrc(`machine localhost login alice password pw\n`);
    a.route('/r', { redirect: b.url('/r-target') });
    b.route('/r-target', { body: 'b' });
    const http = client({ netrc: undefined, env: { NETRC: file } });
    await http.fetchText(`http://localhost:${a.port}/r`);
    expect(a.requestsTo('/r')[0]?.basic?.username).toBe('alice');
    // b is 127.0.0.1, which has no netrc entry.
    expect(b.requestsTo('/r-target')[0]?.authorization).toBeUndefined();
  });

  it('uses the default entry for other hosts, and the URL userinfo over netrc', async () => {
    const file = netrc(`machine elsewhere login x password y\ndefault login dflt password dpw\n`);
    a.route('/d', { body: 'ok' });
    const http = client({ netrc: undefined, env: { NETRC: file } });
    await http.fetchText(a.url('/d'));
    expect(a.requestsTo('/d')[0]?.basic).toEqual({ username: 'dflt', password: 'dpw' });
    await http.fetchText(withUserinfo(a.url('/d'), 'own:pass'));
    expect(a.requestsTo('/d')[1]?.basic).toEqual({ username: 'own', password: 'pass' });
  });

  it('ignores netrc when disabled, and an unparsable netrc (as requests does)', async () => {
    const good = netrc(`default login dflt password dpw\n`);
    const bad = netrc(`machine\n`);
    a.route('/off', { body: 'ok' });
    await client({ netrc: false, env: { NETRC: good } }).fetchText(a.url('/off'));
    const logs: string[] = [];
    await client({ netrc: undefined, env: { NETRC: bad }, log: (l) => logs.push(l) }).fetchText(a.url('/off'));
    expect(a.requestsTo('/off').map((r) => r.authorization)).toEqual([undefined, undefined]);
    expect(logs.some((l) => l.includes('ignored'))).toBe(true);
  });
});

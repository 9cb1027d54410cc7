/**
 * HttpClient against a real loopback server that misbehaves on purpose: every fault either
 * ends in a successful retry (with the number of attempts checked) or in a typed error that
 * names the URL; never a hang (short timeouts), never a short body taken as complete.
 */
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderError } from '../../../src/cli/render-error.js';
import { IndexError, NetworkError } from '../../../src/errors.js';
import { HttpClient, HttpStatusError, type HttpClientOptions, type RetryEvent } from '../../../src/index/http/index.js';
import { FaultServer, generatedBytes } from '../../helpers/fault-server.js';

let server: FaultServer;
let other: FaultServer;
const clients: HttpClient[] = [];

/** A client with test-sized timeouts and no cache; records its retries. */
function client(options: HttpClientOptions = {}): { http: HttpClient; retries: RetryEvent[] } {
  const retries: RetryEvent[] = [];
  const http = new HttpClient({
    noCache: true,
    connectTimeoutMs: 2_000,
    headersTimeoutMs: 1_000,
    bodyTimeoutMs: 1_000,
    retries: 3,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    retryAfterMaxMs: 3_000,
    env: {},
    netrc: false,
    onRetry: (e) => retries.push(e),
    ...options,
  });
  clients.push(http);
  return { http, retries };
}

beforeAll(async () => {
  server = await FaultServer.start();
  other = await FaultServer.start();
});
afterEach(() => {
  server.resetRecords();
  other.resetRecords();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
  await other.close();
});

describe('plain answers', () => {
  it('fetches bytes and text, and reports the headers', async () => {
    server.route('/hello', { body: 'héllo', contentType: 'text/plain; charset=utf-8' });
    const { http } = client();
    const res = await http.fetchText(server.url('/hello'));
    expect(res.text).toBe('héllo');
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(1);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const [req] = server.requestsTo('/hello');
    expect(req?.headers['user-agent']).toMatch(/^wheelhouse\/\d+\.\d+\.\d+$/);
    expect(req?.headers['user-agent']).not.toBe('wheelhouse/0.0.0'); // the package's version was found
  });

  it('sends the Accept header it is given', async () => {
    server.route('/json', { body: '{}' });
    const { http } = client();
    await http.fetchBytes(server.url('/json'), { accept: 'application/vnd.pypi.simple.v1+json' });
    expect(server.requestsTo('/json')[0]?.headers['accept']).toBe('application/vnd.pypi.simple.v1+json');
  });

  it('turns a 404 into an HttpStatusError naming the URL, without retrying', async () => {
    const { http, retries } = client();
    const err = await http.fetchBytes(server.url('/missing')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(404);
    expect((err as HttpStatusError).message).toContain(server.url('/missing'));
    expect(retries).toHaveLength(0);
    expect(server.requestsTo('/missing')).toHaveLength(1);
  });

  it('does not retry other 4xx either', async () => {
    server.route('/gone', { status: 410 });
    const { http } = client();
    await expect(http.fetchBytes(server.url('/gone'))).rejects.toMatchObject({ status: 410 });
    expect(server.requestsTo('/gone')).toHaveLength(1);
  });

  it('refuses an invalid UTF-8 page with an IndexError naming the offset', async () => {
    server.route('/latin', { body: Buffer.from([0x3c, 0x61, 0x3e, 0xe9, 0x74, 0xe9]), contentType: 'text/html' });
    const { http } = client();
    const err = await http.fetchText(server.url('/latin')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toContain(server.url('/latin'));
    expect((err as Error).message).toContain('byte 3');
  });

  it('decodes the charset the Content-Type names', async () => {
    server.route('/latin1', { body: Buffer.from([0x63, 0x61, 0x66, 0xe9]), contentType: 'text/html; charset=ISO-8859-1' });
    const { http } = client();
    expect((await http.fetchText(server.url('/latin1'))).text).toBe('café');
  });
});

describe('retries', () => {
  it('retries 503 and 500 and succeeds, counting attempts', async () => {
    server.route('/flaky', [{ status: 503 }, { status: 500 }, { body: 'ok' }]);
    const { http, retries } = client();
    const res = await http.fetchText(server.url('/flaky'));
    expect(res.text).toBe('ok');
    expect(res.attempts).toBe(3);
    expect(server.requestsTo('/flaky')).toHaveLength(3);
    expect(retries.map((r) => r.reason)).toEqual(['HTTP 503 Service Unavailable', 'HTTP 500 Internal Server Error']);
  });

  it('gives up after retries + 1 attempts with a NetworkError naming the URL and the status', async () => {
    server.route('/down', { status: 503 });
    const { http } = client({ retries: 2 });
    const err = await http.fetchBytes(server.url('/down')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(server.requestsTo('/down')).toHaveLength(3);
    const text = renderError(err).text;
    expect(text).toContain('error[E_NETWORK]');
    expect(text).toContain(server.url('/down'));
    expect(text).toContain('HTTP 503');
    expect(text).toContain('after 3 attempts');
    expect(renderError(err).exitCode).toBe(3);
  });

  it('with retries: 0 makes exactly one attempt', async () => {
    server.route('/once', { status: 502 });
    const { http } = client({ retries: 0 });
    await expect(http.fetchBytes(server.url('/once'))).rejects.toBeInstanceOf(NetworkError);
    expect(server.requestsTo('/once')).toHaveLength(1);
  });

  it('honours Retry-After in seconds on 429', async () => {
    server.route('/busy', [{ status: 429, retryAfter: 1 }, { body: 'done' }]);
    const { http, retries } = client();
    const res = await http.fetchText(server.url('/busy'));
    expect(res.text).toBe('done');
    expect(retries).toHaveLength(1);
    expect(retries[0]?.delayMs).toBe(1000);
    expect(retries[0]?.reason).toBe('HTTP 429 Too Many Requests');
  });

  it('honours Retry-After as an HTTP date, and caps it', async () => {
    const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
    server.route('/busy-date', [{ status: 503, retryAfter: inTwoSeconds }, { body: 'a' }]);
    server.route('/busy-long', [{ status: 429, retryAfter: 3600 }, { body: 'b' }]);
    const { http, retries } = client({ retryAfterMaxMs: 50 });
    await http.fetchBytes(server.url('/busy-date'));
    await http.fetchBytes(server.url('/busy-long'));
    // The date is at most 2 s away (HTTP dates have 1 s resolution); both are capped at 50 ms.
    expect(retries.map((r) => r.delayMs)).toEqual([50, 50]);
    const { http: uncapped, retries: seen } = client();
    server.route('/busy-date2', [{ status: 503, retryAfter: new Date(Date.now() + 2_000).toUTCString() }, { body: 'c' }]);
    await uncapped.fetchBytes(server.url('/busy-date2'));
    expect(seen[0]?.delayMs).toBeGreaterThan(0);
    expect(seen[0]?.delayMs).toBeLessThanOrEqual(2_000);
  });

  it('retries a connection reset before the answer', async () => {
    server.route('/rst', [{ reset: true }, { body: 'fine' }]);
    const { http, retries } = client();
    expect((await http.fetchText(server.url('/rst'))).text).toBe('fine');
    expect(server.requestsTo('/rst')).toHaveLength(2);
    expect(retries[0]?.reason).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it('retries a connection reset mid-body and never returns the partial body', async () => {
    const body = generatedBytes(0, 200_000);
    server.route('/rst-mid', [{ body, resetAfter: 70_000 }, { body }]);
    const { http } = client();
    const res = await http.fetchBytes(server.url('/rst-mid'));
    expect(res.body.equals(body)).toBe(true);
    expect(res.attempts).toBe(2);
  });

  it('fails with a NetworkError when every attempt is reset mid-body', async () => {
    server.route('/rst-always', { body: generatedBytes(0, 100_000), resetAfter: 10_000 });
    const { http } = client({ retries: 2 });
    const err = await http.fetchBytes(server.url('/rst-always')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain(server.url('/rst-always'));
    expect(server.requestsTo('/rst-always')).toHaveLength(3);
  });

  it('retries when the headers stall, then gives up with a timeout error', async () => {
    server.route('/stall-once', [{ stallHeaders: 'forever', body: 'x' }, { body: 'y' }]);
    server.route('/stall-always', { stallHeaders: 'forever', body: 'x' });
    const { http } = client({ headersTimeoutMs: 200, retries: 1 });
    expect((await http.fetchText(server.url('/stall-once'))).text).toBe('y');
    const err = await http.fetchBytes(server.url('/stall-always')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/no response headers before the timeout \(UND_ERR_HEADERS_TIMEOUT\)/);
    expect(server.requestsTo('/stall-always')).toHaveLength(2);
  });

  it('retries a body that stalls midway (idle timeout)', async () => {
    const body = generatedBytes(0, 50_000);
    server.route('/stall-body', [{ body, stallBody: { after: 1000, ms: 'forever' } }, { body }]);
    server.route('/stall-body-always', { body, stallBody: { after: 1000, ms: 'forever' } });
    const { http } = client({ bodyTimeoutMs: 200, retries: 1 });
    const res = await http.fetchBytes(server.url('/stall-body'));
    expect(res.body.equals(body)).toBe(true);
    expect(res.attempts).toBe(2);
    const err = await http.fetchBytes(server.url('/stall-body-always')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain('UND_ERR_BODY_TIMEOUT');
  });

  it('waits through a short stall that is below the timeout', async () => {
    const body = generatedBytes(0, 10_000);
    server.route('/pause', { body, stallBody: { after: 5_000, ms: 100 }, stallHeaders: 100 });
    const { http, retries } = client({ bodyTimeoutMs: 2_000, headersTimeoutMs: 2_000 });
    expect((await http.fetchBytes(server.url('/pause'))).body.equals(body)).toBe(true);
    expect(retries).toHaveLength(0);
  });

  it('reads a slow body that never pauses longer than the idle timeout', async () => {
    // 3 KB at 2 KB/s: longer in total than the 600 ms idle timeout, never idle that long.
    const body = generatedBytes(0, 3_000);
    server.route('/slow', { body, bytesPerSecond: 2_000 });
    const { http, retries } = client({ bodyTimeoutMs: 600 });
    const res = await http.fetchBytes(server.url('/slow'));
    expect(res.body.equals(body)).toBe(true);
    expect(retries).toHaveLength(0);
  });

  it('retries a truncated body (connection closed early) and fails when it persists', async () => {
    const body = generatedBytes(0, 20_000);
    server.route('/trunc', [{ body, closeAfter: 5_000 }, { body }]);
    server.route('/trunc-always', { body, closeAfter: 5_000 });
    const { http } = client({ retries: 2 });
    expect((await http.fetchBytes(server.url('/trunc'))).body.equals(body)).toBe(true);
    expect(server.requestsTo('/trunc')).toHaveLength(2);
    await expect(http.fetchBytes(server.url('/trunc-always'))).rejects.toBeInstanceOf(NetworkError);
    expect(server.requestsTo('/trunc-always')).toHaveLength(3);
  });

  it('treats a Content-Length larger than the body as a truncation', async () => {
    server.route('/cl-long', [{ body: 'abcdef', contentLength: 100 }, { body: 'abcdef' }]);
    const { http } = client();
    const res = await http.fetchText(server.url('/cl-long'));
    expect(res.text).toBe('abcdef');
    expect(res.attempts).toBe(2);
  });

  it('reads exactly Content-Length bytes when the server sends more (RFC 9112 §6.3), and rejects them against an expected size', async () => {
    server.route('/cl-short', { body: 'abcdefghij', contentLength: 4 });
    const { http } = client({ retries: 1 });
    expect((await http.fetchText(server.url('/cl-short'))).text).toBe('abcd');
    // The connection carrying the excess is not reused for a wrong answer.
    server.route('/after', { body: 'next' });
    expect((await http.fetchText(server.url('/after'))).text).toBe('next');
    // With the size known (from the index), the short message is caught and retried, then fails.
    const err = await http.fetchBytes(server.url('/cl-short'), { expectedSize: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain('4 of 10 bytes');
  });

  it('rejects a body longer than the expected size without retrying', async () => {
    server.route('/longer', { body: 'abcdefghij' });
    const { http } = client();
    const err = await http.fetchBytes(server.url('/longer'), { expectedSize: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect(server.requestsTo('/longer')).toHaveLength(1);
  });

  it('fails over a chunked body cut short', async () => {
    server.route('/chunked', [{ body: generatedBytes(0, 30_000), contentLength: 'omit', closeAfter: 1_000 }, { body: 'whole', contentLength: 'omit' }]);
    const { http } = client();
    const res = await http.fetchText(server.url('/chunked'));
    expect(res.text).toBe('whole');
    expect(res.attempts).toBe(2);
  });

  it('catches a close-delimited body cut short when the size is known', async () => {
    // Without Content-Length or chunks, only the expected size (from the index) can tell.
    const body = generatedBytes(0, 10_000);
    server.route('/close-delimited', [{ body, contentLength: 'close', closeAfter: 3_000 }, { body, contentLength: 'close' }]);
    const { http } = client();
    const res = await http.fetchBytes(server.url('/close-delimited'), { expectedSize: body.length });
    expect(res.body.equals(body)).toBe(true);
    expect(res.attempts).toBe(2);
  });

  it('retries a TLS handshake that never completes (connect timeout)', async () => {
    // A TCP listener that accepts and then says nothing: the https connect cannot finish.
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    try {
      const { http, retries } = client({ connectTimeoutMs: 200, retries: 1 });
      const err = await http.fetchBytes(`https://127.0.0.1:${port}/simple/`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as Error).message).toContain('UND_ERR_CONNECT_TIMEOUT');
      expect((err as Error).message).toContain(`https://127.0.0.1:${port}/simple/`);
      expect(retries).toHaveLength(1);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('retries while the server is down, with a NetworkError naming the URL', async () => {
    const gone = await FaultServer.start();
    const url = gone.url('/x');
    await gone.kill();
    const { http, retries } = client({ retries: 2 });
    const err = await http.fetchBytes(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain(url);
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect(retries).toHaveLength(2);
  });

  it('fails cleanly when the server stops in the middle of a slow body', async () => {
    const doomed = await FaultServer.start();
    doomed.route('/big', { generate: 1_000_000, bytesPerSecond: 20_000 });
    const { http } = client({ retries: 2 });
    const pending = http.fetchBytes(doomed.url('/big'), { maxBytes: 2_000_000 }).catch((e: unknown) => e);
    while (doomed.requestsTo('/big').length === 0) await new Promise((r) => setTimeout(r, 10));
    await doomed.kill();
    const err = await pending;
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain(doomed.url('/big'));
  });

  it('can be aborted, also while waiting to retry', async () => {
    server.route('/abort', { status: 503, retryAfter: 30 });
    const { http } = client({ retryAfterMaxMs: 30_000 });
    const controller = new AbortController();
    const pending = http.fetchBytes(server.url('/abort'), { signal: controller.signal }).catch((e: unknown) => e);
    while (server.requestsTo('/abort').length === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const err = await pending;
    expect((err as Error).name).toBe('AbortError');
  });
});

describe('limits and decoding', () => {
  it('refuses a page larger than maxBytes without reading it all', async () => {
    server.route('/huge', { generate: 50_000_000 });
    server.route('/huge-chunked', { generate: 50_000_000, contentLength: 'omit' });
    const { http } = client();
    const err = await http.fetchBytes(server.url('/huge'), { maxBytes: 1_000_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toContain('larger than the limit');
    const err2 = await http.fetchBytes(server.url('/huge-chunked'), { maxBytes: 1_000_000 }).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(IndexError);
    expect(server.requestsTo('/huge-chunked')).toHaveLength(1);
  });

  it('decodes gzip, deflate and br pages', async () => {
    const page = '<html>' + 'x'.repeat(10_000) + '</html>';
    server.route('/gz', { body: page, contentEncoding: 'gzip' });
    server.route('/df', { body: page, contentEncoding: 'deflate' });
    server.route('/br', { body: page, contentEncoding: 'br' });
    const { http } = client();
    for (const p of ['/gz', '/df', '/br']) {
      const res = await http.fetchText(server.url(p));
      expect(res.text).toBe(page);
      expect(res.headers['content-encoding']).toBeDefined();
    }
    expect(server.requestsTo('/gz')[0]?.headers['accept-encoding']).toContain('gzip');
  });

  it('checks the expected size of a compressed body after decoding', async () => {
    server.route('/gz-sized', { body: 'twelve bytes', contentEncoding: 'gzip' });
    const { http } = client();
    expect((await http.fetchText(server.url('/gz-sized'), { expectedSize: 12 })).text).toBe('twelve bytes');
    await expect(http.fetchText(server.url('/gz-sized'), { expectedSize: 13 })).rejects.toThrow(/expected size once decoded/);
  });

  it('caps a decompression bomb', async () => {
    server.route('/bomb', { body: Buffer.alloc(20_000_000), contentEncoding: 'gzip' });
    const { http } = client();
    const err = await http.fetchBytes(server.url('/bomb'), { maxBytes: 1_000_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toContain('decompressed');
  });

  it('rejects a corrupt gzip body with an IndexError', async () => {
    const gz = gzipSync(Buffer.from('hello world, hello world'));
    gz[12] = (gz[12] ?? 0) ^ 0xff;
    server.route('/badgz', { body: gz, headers: { 'content-encoding': 'gzip' } });
    const { http } = client();
    await expect(http.fetchBytes(server.url('/badgz'))).rejects.toBeInstanceOf(IndexError);
  });

  it('never decodes a file: streams ask for identity and keep a Content-Encoding body as served', async () => {
    // A common misconfiguration: a .tar.gz served with "Content-Encoding: gzip". The file is
    // the gzip bytes; a client that decoded them would store the tar inside instead.
    const tgz = gzipSync(Buffer.from('pretend this is a tarball'));
    server.route('/pkg-1.0.tar.gz', { body: tgz, headers: { 'content-encoding': 'gzip' } });
    const { http } = client();
    const got = await http.stream(server.url('/pkg-1.0.tar.gz'), { expectedSize: tgz.length }, async (body) => {
      const parts: Buffer[] = [];
      for await (const c of body) parts.push(c);
      return Buffer.concat(parts);
    });
    expect(server.requestsTo('/pkg-1.0.tar.gz')[0]?.headers['accept-encoding']).toBe('identity');
    expect(got.equals(tgz)).toBe(true);
    const raw = await http.fetchBytes(server.url('/pkg-1.0.tar.gz'), { decode: false });
    expect(raw.body.equals(tgz)).toBe(true);
  });
});

describe('streaming', () => {
  it('restarts the consumer after a mid-body failure and passes consumer errors through', async () => {
    const body = generatedBytes(0, 300_000);
    server.route('/wheel', [{ body, resetAfter: 100_000 }, { body }]);
    const { http } = client();
    let starts = 0;
    const size = await http.stream(server.url('/wheel'), { expectedSize: body.length }, async (chunks) => {
      starts++;
      let n = 0;
      for await (const c of chunks) n += c.length;
      return n;
    });
    expect(size).toBe(body.length);
    expect(starts).toBe(2);

    class Mine extends Error {}
    server.route('/ok', { body: 'abc' });
    await expect(
      http.stream(server.url('/ok'), {}, async () => {
        throw new Mine('consumer says no');
      }),
    ).rejects.toBeInstanceOf(Mine);
    expect(server.requestsTo('/ok')).toHaveLength(1);
  });

  it('resumes a body cut midway with Range and If-Range, without restarting the consumer', async () => {
    const body = generatedBytes(5, 600_000);
    server.route('/resume.whl', [{ body, etag: '"w1"', resetAfter: 250_000 }, { body, etag: '"w1"', closeAfter: 100_000 }, { body, etag: '"w1"' }]);
    const { http } = client();
    let starts = 0;
    const got = await http.stream(server.url('/resume.whl'), { expectedSize: body.length }, async (chunks) => {
      starts++;
      const parts: Buffer[] = [];
      for await (const c of chunks) parts.push(c);
      return Buffer.concat(parts);
    });
    expect(got.equals(body)).toBe(true);
    expect(starts).toBe(1);
    const reqs = server.requestsTo('/resume.whl');
    expect(reqs).toHaveLength(3);
    expect(reqs[0]?.range).toBeUndefined();
    for (const r of reqs.slice(1)) {
      expect(r.range).toMatch(/^bytes=\d+-$/);
      expect(r.headers['if-range']).toBe('"w1"');
    }
  });

  it('starts over when the server cannot resume (ignores Range, or the file changed)', async () => {
    const body = generatedBytes(6, 300_000);
    server.route('/no-resume.whl', [{ body, etag: '"a"', resetAfter: 100_000 }, { body, etag: '"a"', ranges: 'ignore' }]);
    server.route('/changed.whl', ({ attempt, request }) =>
      attempt === 1 ? { body, etag: '"v1"', resetAfter: 100_000 } : request.headers['if-range'] === '"v2"' ? { body, etag: '"v2"' } : { body, etag: '"v2"', ranges: 'ignore' },
    );
    const { http } = client();
    for (const p of ['/no-resume.whl', '/changed.whl']) {
      let starts = 0;
      const got = await http.stream(server.url(p), { expectedSize: body.length }, async (chunks) => {
        starts++;
        const parts: Buffer[] = [];
        for await (const c of chunks) parts.push(c);
        return Buffer.concat(parts);
      });
      expect(got.equals(body)).toBe(true);
      expect(starts).toBe(2);
    }
  });

  it('never lets a short streamed body end normally', async () => {
    const body = generatedBytes(0, 100_000);
    server.route('/short-stream', { body, closeAfter: 40_000 });
    const { http } = client({ retries: 1 });
    let completed = 0;
    const err = await http
      .stream(server.url('/short-stream'), {}, async (chunks) => {
        for await (const _ of chunks) void _;
        completed++;
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(completed).toBe(0);
  });

  it('runs requests concurrently, within connectionsPerOrigin and concurrency', async () => {
    for (let i = 0; i < 40; i++) server.route(`/p${i}`, { body: `page ${i}`, stallHeaders: 30 });
    const urls = Array.from({ length: 40 }, (_, i) => server.url(`/p${i}`));
    const { http: perOrigin } = client({ concurrency: 16, connectionsPerOrigin: 4 });
    const pages = await Promise.all(urls.map((u) => perOrigin.fetchText(u)));
    expect(pages.map((p) => p.text)).toEqual(Array.from({ length: 40 }, (_, i) => `page ${i}`));
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
    server.resetRecords();
    const { http: overall } = client({ concurrency: 3, connectionsPerOrigin: 8 });
    await Promise.all(urls.map((u) => overall.fetchText(u)));
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('answers HEAD with status and headers', async () => {
    server.route('/head.whl', { body: generatedBytes(0, 1234) });
    const { http } = client();
    const res = await http.head(server.url('/head.whl'));
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('1234');
    expect(server.requestsTo('/head.whl')[0]?.method).toBe('HEAD');
  });
});

describe('redirects', () => {
  it('follows same-origin and cross-origin redirects, reporting the final URL', async () => {
    server.route('/old', { redirect: '/new', status: 301 });
    server.route('/new', { redirect: other.url('/there'), status: 302 });
    other.route('/there', { body: 'arrived' });
    const { http } = client();
    const res = await http.fetchText(server.url('/old'));
    expect(res.text).toBe('arrived');
    expect(res.finalUrl).toBe(other.url('/there'));
    expect(res.url).toBe(server.url('/old'));
  });

  it('stops after maxRedirects with an IndexError', async () => {
    server.route('/loop', { redirect: '/loop' });
    const { http } = client({ maxRedirects: 3 });
    const err = await http.fetchBytes(server.url('/loop')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toContain('too many redirects');
    expect(server.requestsTo('/loop')).toHaveLength(4);
  });

  it('refuses a redirect to another scheme', async () => {
    server.route('/to-file', { redirect: 'file:///etc/passwd' });
    const { http } = client();
    await expect(http.fetchBytes(server.url('/to-file'))).rejects.toBeInstanceOf(IndexError);
  });
});

describe('conditional requests', () => {
  it('gets 304 for a matching ETag or an unchanged Last-Modified', async () => {
    const lastModified = new Date('2024-01-02T03:04:05Z');
    server.route('/page', { body: 'v1', etag: '"abc"', lastModified });
    const { http } = client();
    const first = await http.fetchBytes(server.url('/page'));
    expect(first.headers['etag']).toBe('"abc"');
    const byEtag = await http.fetchBytes(server.url('/page'), { ifNoneMatch: '"abc"' });
    expect(byEtag.status).toBe(304);
    expect(byEtag.body.length).toBe(0);
    const byDate = await http.fetchBytes(server.url('/page'), { ifModifiedSince: lastModified.toUTCString() });
    expect(byDate.status).toBe(304);
    const changed = await http.fetchBytes(server.url('/page'), { ifNoneMatch: '"old"' });
    expect(changed.status).toBe(200);
    expect(changed.body.toString()).toBe('v1');
    expect(server.requestsTo('/page')[1]?.headers['if-none-match']).toBe('"abc"');
  });
});

describe('options', () => {
  it('rejects invalid option values with a UsageError', () => {
    expect(() => new HttpClient({ retries: -1 })).toThrow(/retries/);
    expect(() => new HttpClient({ concurrency: 0 })).toThrow(/concurrency/);
  });

  it('refuses requests after close()', async () => {
    const { http } = client();
    await http.close();
    await expect(http.fetchBytes(server.url('/x'))).rejects.toBeInstanceOf(IndexError);
  });
});

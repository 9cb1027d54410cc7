/**
 * The undici 7 crash worked around in paused-parser-fix.ts: a body read slowly from a
 * server that closes the connection after the response (HTTP/1.0 style, or Connection:
 * close) made undici throw an uncatchable AssertionError from the socket's 'end' handler.
 * Without the fix these downloads crash the test worker (vitest reports the uncaught
 * errors and fails the run); with it every body arrives whole and intact.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/index/http/index.js';
import { FaultServer, generatedBytes } from '../../helpers/fault-server.js';

let server: FaultServer;
let http: HttpClient;
const body = generatedBytes(0, 2_000_000);
const digest = createHash('sha256').update(body).digest('hex');

beforeAll(async () => {
  server = await FaultServer.start();
  server.route('/close', { body, headers: { connection: 'close' } });
  server.route('/eof', { body, contentLength: 'close' });
  http = new HttpClient({ noCache: true, env: {}, netrc: false, retries: 0 });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

async function slowRead(path: string): Promise<string> {
  return http.stream(server.url(path), {}, async (chunks) => {
    const hash = createHash('sha256');
    for await (const c of chunks) {
      hash.update(c);
      // Slower than loopback: the parser pauses, the last bytes included.
      await new Promise((r) => setTimeout(r, 1));
    }
    return hash.digest('hex');
  });
}

describe('a slowly read body from a server that closes the connection', () => {
  it.each(['/close', '/eof'])('arrives whole and intact (%s), again and again', async (path) => {
    for (let i = 0; i < 6; i++) expect(await slowRead(path)).toBe(digest);
  });
});

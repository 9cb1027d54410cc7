/**
 * Child process for tests: fetches each URL given on the command line with an HttpClient
 * built from the JSON options in WH_CLIENT_OPTIONS, and prints one JSON line per URL:
 * {"url", "ok": text} or {"url", "error": code, "message"}. Used where the process
 * environment itself matters (NODE_EXTRA_CA_CERTS is read by Node at start).
 */
import { HttpClient } from '../../../../src/index/http/index.js';

const options = JSON.parse(process.env['WH_CLIENT_OPTIONS'] ?? '{}') as Record<string, unknown>;
const client = new HttpClient({ noCache: true, netrc: false, retries: 0, ...options });
for (const url of process.argv.slice(2)) {
  try {
    const res = await client.fetchText(url);
    console.log(JSON.stringify({ url, ok: res.text }));
  } catch (err) {
    console.log(JSON.stringify({ url, error: (err as { code?: string }).code, message: (err as Error).message }));
  }
}
await client.close();

/**
 * A page through the on-disk cache (RFC 9111, as a private cache): fresh → no request;
 * stale, `no-cache` or `refresh` → a conditional request with the stored validators, where
 * 304 refreshes the entry and serves its body; otherwise the answer is stored when its
 * headers allow (decoded: its Content-Encoding no longer applies).
 */
import { isFresh, isStorable } from '../cache/cache-control.js';
import type { PageCache } from '../cache/page-cache.js';
import type { FetchBytesOptions, HttpBytes, PageResponse } from './types.js';
import { displayUrl } from './url.js';

export async function fetchThroughCache(
  fetchBytes: (options: FetchBytesOptions) => Promise<HttpBytes>,
  pages: PageCache,
  url: URL,
  options: FetchBytesOptions,
  refresh: boolean,
  log: (line: string) => void,
  /** Takes the store of a new answer off the critical path (default: waited for). */
  defer?: (work: Promise<unknown>) => void,
): Promise<PageResponse> {
  const accept = options.accept ?? '*/*';
  const key = url.href;
  const entry = await pages.get(key, accept);
  if (entry !== undefined && !refresh && isFresh(entry.headers, entry.storedAt)) {
    log(`cache: fresh ${displayUrl(url)}`);
    return { url: displayUrl(url), finalUrl: entry.finalUrl, status: 200, headers: entry.headers, attempts: 0, credentialsSent: false, body: entry.body, cache: 'fresh' };
  }
  const conditional: FetchBytesOptions = { ...options };
  if (entry?.headers['etag'] !== undefined) conditional.ifNoneMatch = entry.headers['etag'];
  if (entry?.headers['last-modified'] !== undefined) conditional.ifModifiedSince = entry.headers['last-modified'];
  const res = await fetchBytes(conditional);
  if (res.status === 304) {
    if (entry !== undefined) {
      const refreshed = await pages.refresh(entry, res.headers);
      return { ...res, status: 200, finalUrl: refreshed.finalUrl, headers: refreshed.headers, body: refreshed.body, cache: 'revalidated' };
    }
    // The entry vanished meanwhile (another process replaced it): ask plainly.
    return { ...(await fetchBytes(options)), cache: 'none' };
  }
  if (!isStorable(res.headers)) {
    if (entry !== undefined) await pages.delete(key, accept);
    return { ...res, cache: 'none' };
  }
  const headers = { ...res.headers };
  delete headers['content-encoding'];
  const stored = pages.put({ url: key, finalUrl: res.finalUrl, accept, headers, body: res.body });
  if (defer === undefined) await stored;
  else defer(stored);
  return { ...res, cache: 'stored' };
}

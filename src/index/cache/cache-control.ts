/**
 * HTTP caching rules for a private client cache (RFC 9111), the part pip's CacheControl and
 * uv apply to index pages: `no-store` is never stored; `no-cache` is stored but always
 * revalidated; `max-age` (else `Expires` − `Date`) gives the freshness lifetime, minus the
 * `Age` the response already had. A response without a lifetime is stored only when it has
 * a validator (ETag or Last-Modified) to revalidate it with.
 */

export interface CacheDirectives {
  noStore: boolean;
  noCache: boolean;
  maxAge: number | undefined;
}

export function parseCacheControl(value: string | undefined): CacheDirectives {
  const d: CacheDirectives = { noStore: false, noCache: false, maxAge: undefined };
  if (value === undefined) return d;
  for (const part of value.split(',')) {
    const [rawName, ...rest] = part.split('=');
    const name = (rawName ?? '').trim().toLowerCase();
    const arg = rest.join('=').trim().replace(/^"|"$/g, '');
    if (name === 'no-store') d.noStore = true;
    else if (name === 'no-cache') d.noCache = true;
    else if (name === 'max-age' && /^\d+$/.test(arg)) {
      // With duplicates, the smallest wins (RFC 9111 §4.2.1 leaves it open; the safe choice).
      const n = Number(arg);
      d.maxAge = d.maxAge === undefined ? n : Math.min(d.maxAge, n);
    }
  }
  return d;
}

/** Freshness lifetime in milliseconds; 0 when the response must always be revalidated. */
export function freshnessLifetimeMs(headers: Readonly<Record<string, string>>): number {
  const cc = parseCacheControl(headers['cache-control']);
  if (cc.noCache || cc.noStore) return 0;
  let lifetime = 0;
  if (cc.maxAge !== undefined) lifetime = cc.maxAge * 1000;
  else if (headers['expires'] !== undefined) {
    const expires = Date.parse(headers['expires']);
    const date = headers['date'] === undefined ? NaN : Date.parse(headers['date']);
    // An invalid Expires (e.g. "0") means already expired.
    if (!Number.isNaN(expires) && !Number.isNaN(date)) lifetime = Math.max(0, expires - date);
  }
  const age = /^\d+$/.test(headers['age'] ?? '') ? Number(headers['age']) * 1000 : 0;
  return Math.max(0, lifetime - age);
}

export function hasValidator(headers: Readonly<Record<string, string>>): boolean {
  return headers['etag'] !== undefined || headers['last-modified'] !== undefined;
}

/** Whether a 200 response with these headers may be stored. */
export function isStorable(headers: Readonly<Record<string, string>>): boolean {
  if (parseCacheControl(headers['cache-control']).noStore) return false;
  if ((headers['vary'] ?? '').trim() === '*') return false;
  return freshnessLifetimeMs(headers) > 0 || hasValidator(headers);
}

/** Whether an entry stored at `storedAt` is still fresh at `now`. */
export function isFresh(headers: Readonly<Record<string, string>>, storedAt: number, now: number = Date.now()): boolean {
  return now - storedAt < freshnessLifetimeMs(headers);
}

/**
 * The on-disk cache of the index client: pages with HTTP revalidation, content by sha256.
 */
export { Cache, type CacheOptions } from './cache.js';
export { defaultCacheDir, resolveCacheDir } from './cache-dir.js';
export { ContentStore, type ContentStoreOptions, type ExpectedContent, type StoredContent } from './content-store.js';
export { PageCache, pageCacheUrl, type CachedPage } from './page-cache.js';
export { freshnessLifetimeMs, hasValidator, isFresh, isStorable, parseCacheControl, type CacheDirectives } from './cache-control.js';
export { AtomicWriter, isTempName, removeStaleTemps, writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';

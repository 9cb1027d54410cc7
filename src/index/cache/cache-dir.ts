/**
 * Where the cache lives: `--cache-dir`, else the per-user cache folder of the platform
 * (env-paths, name `wheelhouse`: `$XDG_CACHE_HOME/wheelhouse` or `~/.cache/wheelhouse` on
 * Linux, `~/Library/Caches/wheelhouse` on macOS, `%LOCALAPPDATA%\wheelhouse\Cache` on Windows).
 */
import envPaths from 'env-paths';
import path from 'node:path';

export function defaultCacheDir(): string {
  return envPaths('wheelhouse', { suffix: '' }).cache;
}

/** The cache folder to use, or undefined when caching is off (`--no-cache`). */
export function resolveCacheDir(options: { cacheDir?: string | undefined; noCache?: boolean | undefined }): string | undefined {
  if (options.noCache) return undefined;
  return path.resolve(options.cacheDir ?? defaultCacheDir());
}

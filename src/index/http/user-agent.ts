/**
 * `wheelhouse/<version>`, the User-Agent of every request. The version is read from the
 * package's own package.json (two folders above both src/index/http and dist/index/http).
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function wheelhouseVersion(): string {
  if (cached === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    } catch {
      cached = '0.0.0';
    }
  }
  return cached;
}

export function defaultUserAgent(): string {
  return `wheelhouse/${wheelhouseVersion()}`;
}

/**
 * `wheelhouse/<version>`, the User-Agent of every request. The version is read from the
 * package's own package.json: the nearest one above this module named "wheelhouse" (the
 * module sits in src/, in dist/ or in a bundled chunk under dist/commands/).
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

function versionFromPackageJson(): string | undefined {
  for (let url = new URL('./package.json', import.meta.url), depth = 0; depth < 6; depth++, url = new URL('../package.json', url)) {
    try {
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'wheelhouse' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here: one folder up
    }
  }
  return undefined;
}

export function wheelhouseVersion(): string {
  cached ??= versionFromPackageJson() ?? '0.0.0';
  return cached;
}

export function defaultUserAgent(): string {
  return `wheelhouse/${wheelhouseVersion()}`;
}

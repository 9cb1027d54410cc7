/**
 * The machine's local PyPI mirror as indexes: static PEP 503 trees of real wheels, named
 * by file:// URLs exactly as pip's configuration names them. Every project of the first
 * tree is listed concurrently; a sample's metadata is read (local files, in place).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createPackageIndex, type PackageIndexClient } from '../../../src/index/index.js';
import { Version } from '../../../src/pep440/version.js';
import { canonicalizeName } from '../../../src/pep508/name.js';
import { MIRROR_ABSENT, mirrorRoots } from '../../helpers/mirror.js';

const roots = mirrorRoots();
if (roots.length === 0) console.warn(MIRROR_ABSENT);
const clients: PackageIndexClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

describe.skipIf(roots.length === 0)('the local PyPI mirror (file:// PEP 503 trees)', () => {
  it('lists every project of the first tree, each file a wheel or sdist of it with a sha256', async () => {
    const [first, ...rest] = roots;
    const idx = createPackageIndex({ indexUrl: first!.indexUrl, extraIndexUrls: rest.map((r) => r.indexUrl), noCache: true });
    clients.push(idx);
    const projects = readdirSync(fileURLToPath(first!.indexUrl), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(projects.length).toBeGreaterThan(100);
    const listings = await Promise.all(projects.map((p) => idx.getProject(p)));
    let files = 0;
    for (const [i, listing] of listings.entries()) {
      expect(listing.name).toBe(projects[i]);
      for (const f of listing.files) {
        expect(f.project).toBe(listing.name);
        expect(f.hashes['sha256']).toMatch(/^[0-9a-f]{64}$/);
        expect(f.url.startsWith('file://')).toBe(true);
        files++;
      }
    }
    expect(files).toBeGreaterThan(projects.length);
    const stats = idx.stats();
    // Local trees: no network request, one page read per project (and per tree asked).
    expect(stats.pages.requests).toBe(0);
    expect(Object.values(stats.pageFetches).every((n) => n === 1)).toBe(true);
    expect(idx.warnings().filter((w) => w.level === 'warning')).toEqual([]);

    // Metadata of a sample of wheels, read in place; the name and version must match the file.
    const wheels = listings.flatMap((l) => l.files.filter((f) => f.kind === 'wheel').slice(0, 1)).filter((_, i) => i % 10 === 0);
    for (const f of wheels) {
      const m = await idx.getMetadata(f);
      expect(canonicalizeName(m.name)).toBe(f.project);
      expect(Version.parse(m.version).equals(f.version)).toBe(true);
    }
    expect(idx.stats().metadata.local).toBe(wheels.length);
  }, 300_000);
});

/**
 * file:// URLs and local paths through the same calls as HTTP: files, folders (index.html
 * or a generated listing), 404s, streaming and ranges; and the machine's PEP 503 mirror.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HttpStatusError, locationToUrl } from '../../../src/index/http/index.js';
import { GENERATED_LISTING_HEADER } from '../../../src/index/http/local-file.js';
import { MIRROR_ABSENT, mirrorRoots } from '../../helpers/mirror.js';

let dir: string;
let http: HttpClient;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wh-local-'));
  mkdirSync(path.join(dir, 'simple', 'demo'), { recursive: true });
  writeFileSync(path.join(dir, 'simple', 'demo', 'index.html'), '<a href="demo-1.0.tar.gz">demo-1.0.tar.gz</a>');
  mkdirSync(path.join(dir, 'wheels'));
  writeFileSync(path.join(dir, 'wheels', 'demo-1.0-py3-none-any.whl'), 'wheel bytes');
  writeFileSync(path.join(dir, 'wheels', 'odd name+1.0.tar.gz'), 'sdist bytes');
  mkdirSync(path.join(dir, 'wheels', 'sub'));
  http = new HttpClient({ env: {}, netrc: false, cacheDir: path.join(dir, 'cache') });
});
afterAll(async () => {
  await http.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('file:// and paths', () => {
  it('turns paths into file URLs, keeping a trailing slash, and refuses other schemes', () => {
    expect(locationToUrl('/a/b/').href).toBe('file:///a/b/');
    expect(locationToUrl('rel/x.whl').href).toBe(pathToFileURL(path.resolve('rel/x.whl')).href);
    expect(() => locationToUrl('ftp://host/x')).toThrow(/unsupported URL scheme/);
  });

  it('reads a file by URL, absolute path and relative path', async () => {
    const file = path.join(dir, 'wheels', 'demo-1.0-py3-none-any.whl');
    for (const input of [pathToFileURL(file).href, file, path.relative(process.cwd(), file)]) {
      const res = await http.fetchText(input);
      expect(res.text).toBe('wheel bytes');
      expect(res.status).toBe(200);
      expect(res.headers['content-length']).toBe('11');
    }
  });

  it('serves a folder’s index.html, as pip does for a local PEP 503 tree', async () => {
    const res = await http.fetchText(pathToFileURL(path.join(dir, 'simple', 'demo')).href);
    expect(res.text).toContain('demo-1.0.tar.gz');
    // The folder URL gains its slash, so that relative links resolve inside it.
    expect(res.finalUrl).toBe(pathToFileURL(path.join(dir, 'simple', 'demo')).href + '/');
    expect(res.headers['content-type']).toBe('text/html');
  });

  it('lists a folder without index.html like an autoindex page (find-links)', async () => {
    const res = await http.fetchText(path.join(dir, 'wheels') + '/');
    expect(res.headers[GENERATED_LISTING_HEADER]).toBe('1');
    expect(res.text).toContain('<a href="demo-1.0-py3-none-any.whl">demo-1.0-py3-none-any.whl</a>');
    expect(res.text).toContain('<a href="odd%20name%2B1.0.tar.gz">odd name+1.0.tar.gz</a>');
    expect(res.text).toContain('<a href="sub/">sub/</a>');
  });

  it('answers 404 for a missing file, as an HttpStatusError naming it', async () => {
    const missing = path.join(dir, 'simple', 'nope') + '/';
    const err = await http.fetchBytes(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(404);
    expect((err as Error).message).toContain(path.join(dir, 'simple', 'nope'));
  });

  it('streams and downloads local files, and never caches their pages', async () => {
    const file = path.join(dir, 'wheels', 'demo-1.0-py3-none-any.whl');
    const n = await http.stream(file, { expectedSize: 11 }, async (body) => {
      let size = 0;
      for await (const c of body) size += c.length;
      return size;
    });
    expect(n).toBe(11);
    const stored = await http.downloadFile(file);
    expect(stored.size).toBe(11);
    expect(stored.fromCache).toBe(false);
    const page = await http.fetchPage(pathToFileURL(path.join(dir, 'simple', 'demo')).href + '/');
    expect(page.cache).toBe('none');
  });

  it('reads the index page of the machine’s PEP 503 mirror', async (ctx) => {
    const roots = mirrorRoots();
    if (roots.length === 0) {
      console.warn(MIRROR_ABSENT);
      ctx.skip();
      return;
    }
    const index = await http.fetchText(roots[0]!.indexUrl);
    expect(index.text.toLowerCase()).toContain('<a ');
    // A project page, and a file it links to, resolved against the page's final URL.
    expect(index.finalUrl.endsWith('/')).toBe(true);
    const project = await http.fetchText(new URL('packaging/', index.finalUrl));
    const href = /href="([^"]+)"/.exec(project.text)?.[1];
    expect(href).toBeDefined();
    const file = new URL(href!.split('#')[0]!, project.finalUrl);
    const tail = await http.fetchRange(file, { suffixLength: 22 });
    expect(tail.totalSize).toBeGreaterThan(22);
  });
});

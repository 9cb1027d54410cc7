/**
 * What index and find-links values point at, decided as pip's `build_source` decides.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { findLinksLocation, indexLocation, projectPageUrl } from '../../../src/index/index.js';
import { candidateProjects } from '../../../src/index/client/find-links.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wh-locations-'));
  await mkdir(path.join(dir, 'wheels'));
  await mkdir(path.join(dir, 'simple'));
  await writeFile(path.join(dir, 'links.html'), '<a href="x-1.0.tar.gz">x</a>');
  await writeFile(path.join(dir, 'x-1.0-py3-none-any.whl'), '');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('index locations', () => {
  it('ends every index URL in a slash and builds project page URLs from normalized names', () => {
    const ix = indexLocation('https://user:tok@pypi.example/simple');
    expect(ix.url.href).toBe('https://user:tok@pypi.example/simple/');
    expect(ix.display).toBe('https://pypi.example/simple/');
    expect(projectPageUrl(ix, 'foo-bar').href).toBe('https://user:tok@pypi.example/simple/foo-bar/');
  });

  it('takes a local folder (relative or file://) as a PEP 503 tree, and refuses a missing one', () => {
    const rel = path.relative(process.cwd(), path.join(dir, 'simple'));
    expect(indexLocation(rel).url.href).toBe(pathToFileURL(path.join(dir, 'simple')).href + '/');
    expect(indexLocation(pathToFileURL(path.join(dir, 'simple')).href).url.protocol).toBe('file:');
    expect(() => indexLocation(path.join(dir, 'missing'))).toThrow(UsageError);
    expect(() => indexLocation('ftp://x/simple/')).toThrow(UsageError);
  });
});

describe('find-links locations', () => {
  it('tells folders, HTML files, archives and pages apart', () => {
    expect(findLinksLocation(path.relative(process.cwd(), path.join(dir, 'wheels')))).toMatchObject({ kind: 'directory', path: path.join(dir, 'wheels') });
    expect(findLinksLocation(pathToFileURL(path.join(dir, 'wheels')).href)).toMatchObject({ kind: 'directory' });
    expect(findLinksLocation(path.join(dir, 'links.html'))).toMatchObject({ kind: 'page' });
    expect(findLinksLocation(path.join(dir, 'x-1.0-py3-none-any.whl'))).toMatchObject({ kind: 'archive', filename: 'x-1.0-py3-none-any.whl' });
    expect(findLinksLocation('https://tok@files.example/wheels/')).toMatchObject({ kind: 'page', display: 'https://files.example/wheels/' });
    expect(findLinksLocation('https://files.example/x-1.0.tar.gz')).toMatchObject({ kind: 'archive', filename: 'x-1.0.tar.gz' });
    expect(() => findLinksLocation(path.join(dir, 'nope'))).toThrow(/does not exist/);
  });

  it('buckets file names by every project they could belong to', () => {
    expect(candidateProjects('Foo_Bar-1.0-py3-none-any.whl')).toEqual(['foo-bar']);
    expect(candidateProjects('foo-bar-1.0-1.tar.gz')).toEqual(['foo', 'foo-bar', 'foo-bar-1-0']);
    expect(candidateProjects('README')).toEqual([]);
  });
});

/**
 * PEP 691 JSON pages (with PEP 700 and PEP 714). Samples follow the specification's
 * examples (packaging.python.org "Simple repository API"), with real-looking digests in
 * place of its "...", and PyPI's habits (nulls for absent values, private `_` keys).
 */
import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/errors.js';
import { parseProjectListJson, parseProjectPageJson } from '../../../src/index/pages/index.js';
import { isValidUploadTime } from '../../../src/index/pages/upload-time.js';

const H1 = '4a7a5e6e2c1bfbe8db3c2f4f8e0e2b6fd1e9b0b4d1b6c7b8e3b1d3c2a1f0e9d8';
const B2 = 'ab'.repeat(64);
const URL_ = 'https://pypi.example.org/simple/holygrail/';

function page(files: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ meta: { 'api-version': '1.1', '_last-serial': 42 }, name: 'holygrail', versions: ['1.0'], files, ...extra });
}

function file(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { filename: 'holygrail-1.0.tar.gz', url: 'https://files.example.org/holygrail-1.0.tar.gz', hashes: { sha256: H1 }, ...extra };
}

function thrown(fn: () => unknown): IndexError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IndexError) return e;
    throw e;
  }
  throw new Error('expected an IndexError');
}

describe('parseProjectPageJson', () => {
  it('reads the PEP 691 example', () => {
    const json = JSON.stringify({
      meta: { 'api-version': '1.0' },
      name: 'holygrail',
      files: [
        { filename: 'holygrail-1.0.tar.gz', url: 'https://example.com/files/holygrail-1.0.tar.gz', hashes: { sha256: H1, blake2b: B2 }, 'requires-python': '>=3.7', yanked: 'Had a vulnerability' },
        { filename: 'holygrail-1.0-py3-none-any.whl', url: 'https://example.com/files/holygrail-1.0-py3-none-any.whl', hashes: { sha256: H1, blake2b: B2 }, 'requires-python': '>=3.7', 'dist-info-metadata': true },
      ],
    });
    const { page: p, apiVersion, warnings } = parseProjectPageJson(json, { url: URL_ });
    expect(apiVersion).toBe('1.0');
    expect(warnings).toEqual([]);
    expect(p).toEqual({
      name: 'holygrail',
      files: [
        { filename: 'holygrail-1.0.tar.gz', url: 'https://example.com/files/holygrail-1.0.tar.gz', hashes: { sha256: H1, blake2b: B2 }, requiresPython: '>=3.7', yanked: 'Had a vulnerability', coreMetadata: false },
        { filename: 'holygrail-1.0-py3-none-any.whl', url: 'https://example.com/files/holygrail-1.0-py3-none-any.whl', hashes: { sha256: H1, blake2b: B2 }, requiresPython: '>=3.7', yanked: false, coreMetadata: true },
      ],
    });
  });

  it('reads PyPI-style 1.1 pages: nulls, private keys, size, upload-time, versions', () => {
    const json = page([
      file({
        'core-metadata': { sha256: H1 },
        'data-dist-info-metadata': { sha256: H1 },
        'requires-python': null,
        yanked: false,
        provenance: null,
        size: 12345,
        'upload-time': '2023-06-01T12:34:56.123456Z',
        'gpg-sig': false,
        _private: { anything: [1, 2] },
      }),
    ], { versions: ['0.9', '1.0'] });
    const { page: p } = parseProjectPageJson(json, { url: URL_, project: 'HolyGrail' });
    expect(p).toEqual({
      name: 'holygrail',
      versions: ['0.9', '1.0'],
      files: [{ filename: 'holygrail-1.0.tar.gz', url: 'https://files.example.org/holygrail-1.0.tar.gz', hashes: { sha256: H1 }, yanked: false, coreMetadata: { sha256: H1 }, size: 12345, uploadTime: '2023-06-01T12:34:56.123456Z' }],
    });
  });

  it('resolves relative URLs against the page URL', () => {
    const { page: p } = parseProjectPageJson(page([file({ url: '../../files/holygrail-1.0.tar.gz' })]), { url: URL_ });
    expect(p.files[0]?.url).toBe('https://pypi.example.org/files/holygrail-1.0.tar.gz');
  });

  it('reads yanked as PEP 691 says: true, a reason, or falsy', () => {
    const files = [true, 'reason <3', '', false, null].map((y, i) => file({ filename: `f${i}.tar.gz`, yanked: y }));
    const { page: p } = parseProjectPageJson(page(files), { url: URL_ });
    expect(p.files.map((f) => f.yanked)).toEqual(['', 'reason <3', false, false, false]);
  });

  it('reads core metadata per PEP 714: core-metadata first, dist-info-metadata as fallback', () => {
    const files = [
      { 'core-metadata': false, 'dist-info-metadata': true },
      { 'core-metadata': null, 'dist-info-metadata': { sha256: H1 } },
      { 'dist-info-metadata': {} },
      { 'data-dist-info-metadata': true },
    ].map((extra, i) => file({ filename: `f${i}.whl`, ...extra }));
    const { page: p } = parseProjectPageJson(page(files), { url: URL_ });
    expect(p.files.map((f) => f.coreMetadata)).toEqual([false, { sha256: H1 }, true, false]);
  });

  it('merges a hash in the URL fragment with hashes, and fails when they disagree', () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const { page: p } = parseProjectPageJson(page([file({ url: `x.tar.gz#md5=${md5}` })]), { url: URL_ });
    expect(p.files[0]).toMatchObject({ url: 'https://pypi.example.org/simple/holygrail/x.tar.gz', hashes: { sha256: H1, md5 } });
    const err = thrown(() => parseProjectPageJson(page([file({ url: `x.tar.gz#sha256=${'0'.repeat(64)}` })]), { url: URL_ }));
    expect(err.message).toContain('files[0].url');
  });

  it('skips unsafe file names and unfetchable URLs with warnings', () => {
    const files = [
      file({ filename: '../../../etc/cron.d/evil' }),
      file({ filename: 'C:\\evil.whl' }),
      file({ filename: 'nul\u0000.whl' }),
      file({ url: 'file:///etc/passwd' }),
      file(),
    ];
    const { page: p, warnings } = parseProjectPageJson(page(files), { url: URL_ });
    expect(p.files).toHaveLength(1);
    expect(warnings.map((w) => w.code)).toEqual(['unsafe-filename', 'unsafe-filename', 'unsafe-filename', 'bad-url']);
  });

  it('checks meta.api-version (PEP 629)', () => {
    const withVersion = (v: unknown) => JSON.stringify({ meta: { 'api-version': v }, name: 'holygrail', files: [] });
    expect(parseProjectPageJson(withVersion('1.4'), { url: URL_ }).warnings).toMatchObject([{ code: 'api-version-newer' }]);
    expect(thrown(() => parseProjectPageJson(withVersion('2.0'), { url: URL_ })).message).toContain('only major version 1');
    expect(thrown(() => parseProjectPageJson(withVersion(1.0), { url: URL_ })).message).toContain('meta.api-version');
    expect(thrown(() => parseProjectPageJson(JSON.stringify({ name: 'x', files: [] }), { url: URL_ })).message).toContain('at meta');
  });

  it('refuses the page of another project', () => {
    const err = thrown(() => parseProjectPageJson(page([]), { url: URL_, project: 'frob' }));
    expect(err.message).toContain('"holygrail" when asked for "frob"');
  });

  it.each([
    ['top level', '[]', 'the top level'],
    ['name', page([], { name: 7 }), 'at name'],
    ['files missing', JSON.stringify({ meta: { 'api-version': '1.0' }, name: 'x' }), 'at files'],
    ['files not array', page([], { files: {} }), 'at files'],
    ['versions', page([], { versions: '1.0' }), 'at versions'],
    ['versions entry', page([], { versions: ['1.0', 2] }), 'at versions[1]'],
    ['file', page([42]), 'at files[0]'],
    ['filename', page([file({ filename: null })]), 'at files[0].filename'],
    ['url type', page([file({ url: ['x'] })]), 'at files[0].url'],
    ['url invalid', page([file({ url: 'http://[::1' })]), 'at files[0].url'],
    ['hashes', page([file({ hashes: 'sha256=abc' })]), 'at files[0].hashes'],
    ['hash value type', page([file({ hashes: { sha256: 1 } })]), 'at files[0].hashes.sha256'],
    ['hash value', page([file({ hashes: { sha256: 'xyz' } })]), 'at files[0].hashes.sha256'],
    ['hash name', page([file({ hashes: { 'sha 256': 'ab' } })]), 'at files[0].hashes["sha 256"]'],
    ['proto hash name', `{"meta":{"api-version":"1.0"},"name":"x","files":[{"filename":"x.whl","url":"x.whl","hashes":{"__proto__":"ab"}}]}`, 'files[0].hashes.__proto__'],
    ['requires-python', page([file({ 'requires-python': ['>=3'] })]), 'at files[0].requires-python'],
    ['yanked', page([file({ yanked: 1 })]), 'at files[0].yanked'],
    ['core-metadata', page([file({ 'core-metadata': 'true' })]), 'at files[0].core-metadata'],
    ['core-metadata hash', page([file({ 'core-metadata': { sha256: 'no' } })]), 'at files[0].core-metadata.sha256'],
    ['size type', page([file({ size: '12' })]), 'at files[0].size'],
    ['size negative', page([file({ size: -1 })]), 'at files[0].size'],
    ['size fraction', page([file({ size: 1.5 })]), 'at files[0].size'],
    ['size huge', page([file({ size: 2 ** 60 })]), 'at files[0].size'],
    ['upload-time', page([file({ 'upload-time': '2023-02-30T00:00:00Z' })]), 'at files[0].upload-time'],
    ['second file', page([file(), file({ size: false })]), 'at files[1].size'],
  ])('fails on a bad %s with an IndexError naming the URL and the JSON path', (_what, json, where) => {
    const err = thrown(() => parseProjectPageJson(json, { url: URL_ }));
    expect(err.code).toBe('E_INDEX');
    expect(err.location?.url).toBe(URL_);
    expect(err.message).toContain(where);
    expect(err.expected).toBeTruthy();
  });

  it('fails on JSON that is not JSON, or not UTF-8', () => {
    expect(thrown(() => parseProjectPageJson('{"meta": ', { url: URL_ })).message).toContain('not valid JSON');
    const bytes = Buffer.concat([Buffer.from('{"meta":{"api-version":"1.0"},"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","files":[]}')]);
    expect(thrown(() => parseProjectPageJson(bytes, { url: URL_ })).message).toContain('not valid UTF-8');
    const good = Buffer.from('\ufeff{"meta":{"api-version":"1.0"},"name":"holygrail","files":[]}');
    expect(parseProjectPageJson(good, { url: URL_ }).page.name).toBe('holygrail');
  });
});

describe('parseProjectListJson', () => {
  it('reads the PEP 691 example; project URLs are the normalized names under the page', () => {
    const json = JSON.stringify({ meta: { 'api-version': '1.0' }, projects: [{ name: 'Frob' }, { name: 'spamspamspam' }, { name: 'Holy.Grail_x' }] });
    const { page: p } = parseProjectListJson(json, { url: 'https://pypi.example.org/simple/' });
    expect(p.projects).toEqual([
      { name: 'Frob', url: 'https://pypi.example.org/simple/frob/' },
      { name: 'spamspamspam', url: 'https://pypi.example.org/simple/spamspamspam/' },
      { name: 'Holy.Grail_x', url: 'https://pypi.example.org/simple/holy-grail-x/' },
    ]);
    expect(parseProjectListJson(json, { url: 'https://pypi.example.org/simple' }).page.projects[0]?.url).toBe('https://pypi.example.org/simple/frob/');
  });

  it('skips invalid names with a warning and fails on wrong types', () => {
    const json = JSON.stringify({ meta: { 'api-version': '1.0' }, projects: [{ name: '../../admin' }, { name: 'ok' }] });
    const { page: p, warnings } = parseProjectListJson(json, { url: 'https://pypi.example.org/simple/' });
    expect(p.projects.map((x) => x.name)).toEqual(['ok']);
    expect(warnings).toMatchObject([{ code: 'bad-project', text: '../../admin' }]);
    const bad = JSON.stringify({ meta: { 'api-version': '1.0' }, projects: [{ name: 'ok' }, { name: null }] });
    expect(thrown(() => parseProjectListJson(bad, { url: 'https://pypi.example.org/simple/' })).message).toContain('projects[1].name');
  });
});

describe('isValidUploadTime', () => {
  it.each([
    ['2023-06-01T12:34:56Z', true],
    ['2023-06-01T12:34:56.123456Z', true],
    ['2024-02-29T00:00:00.1Z', true],
    ['2023-06-01T12:34:56+00:00', true],
    ['2023-06-01T12:34:56.123456789Z', true],
    ['2023-02-29T00:00:00Z', false],
    ['2023-06-01 12:34:56Z', false],
    ['2023-06-01T12:34:56', false],
    ['2023-13-01T00:00:00Z', false],
    ['2023-06-01T24:00:00Z', false],
    ['2023-06-01T12:34:56+25:00', false],
    ['yesterday', false],
  ])('%s → %s', (text, ok) => {
    expect(isValidUploadTime(text)).toBe(ok);
  });
});

/**
 * Pages written to hurt: gigantic, deeply nested, link floods, invalid types, an unknown
 * major version, bad hashes, path traversal, invalid UTF-8. Each ends in an IndexError
 * (or a skipped link with a warning), never a crash, a hang or unbounded memory.
 */
import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/errors.js';
import {
  DEFAULT_PAGE_LIMITS,
  parseFindLinksHtml,
  parseProjectList,
  parseProjectPage,
  parseProjectPageHtml,
  parseProjectPageJson,
} from '../../../src/index/pages/index.js';

const URL_ = 'https://evil.example/simple/x/';

function indexError(fn: () => unknown): IndexError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IndexError) return e;
    throw e;
  }
  throw new Error('expected an IndexError');
}

describe('page size', () => {
  it('refuses a page over the byte limit before reading it', () => {
    const huge = new Uint8Array(DEFAULT_PAGE_LIMITS.maxBytes + 1);
    for (const parse of [
      () => parseProjectPageHtml(huge, { url: URL_, project: 'x' }),
      () => parseProjectPageJson(huge, { url: URL_ }),
      () => parseFindLinksHtml(huge, { url: URL_ }),
    ]) {
      const err = indexError(parse);
      expect(err.message).toContain('too large');
      expect(err.location?.url).toBe(URL_);
    }
  });

  it('honours a smaller limit given by the caller', () => {
    const page = '<a href="x-1.0.tar.gz">x</a>'.repeat(10);
    expect(() => parseProjectPageHtml(page, { url: URL_, project: 'x', limits: { maxBytes: 100 } })).toThrow(/too large/);
    expect(parseProjectPageHtml(page, { url: URL_, project: 'x', limits: { maxBytes: 1000 } }).page.files).toHaveLength(10);
  });
});

describe('link floods', () => {
  it('stops HTML at the link limit', () => {
    const html = '<a href="x-1.0.tar.gz">x</a>\n'.repeat(DEFAULT_PAGE_LIMITS.maxLinks + 1);
    expect(indexError(() => parseProjectPageHtml(html, { url: URL_, project: 'x' })).message).toContain(`more than ${DEFAULT_PAGE_LIMITS.maxLinks} links`);
    expect(() => parseProjectPageHtml('<a href="a">a</a><a href="b">b</a>', { url: URL_, project: 'x', limits: { maxLinks: 1 } })).toThrow(IndexError);
  });

  it('counts only real anchors against the limit: "<a" in comments, scripts, attribute values and other tags does not count', () => {
    const noise = '<!-- <a href="c"> --><script>"<a href=s>"</script><abbr>x</abbr><p title="<a >">t</p><a/><br>';
    const page = `${noise.repeat(3)}<A HREF="x-1.0.tar.gz">x</A><a href="x-2.0.tar.gz">x</a>`;
    // Three self-closed <a/> (no href: not files) and the two real ones: 5 anchors, more "<a" than that.
    expect(parseProjectPageHtml(page, { url: URL_, project: 'x', limits: { maxLinks: 5 } }).page.files.map((f) => f.filename)).toEqual(['x-1.0.tar.gz', 'x-2.0.tar.gz']);
    expect(() => parseProjectPageHtml(page, { url: URL_, project: 'x', limits: { maxLinks: 4 } })).toThrow(/more than 4 links/);
    expect(() => parseProjectPageHtml(`${page}<A\thref="y">`, { url: URL_, project: 'x', limits: { maxLinks: 5 } })).toThrow(/more than 5 links/);
  });

  it('stops JSON at the file and project limits', () => {
    const files = JSON.stringify({ meta: { 'api-version': '1.0' }, name: 'x', files: [{}, {}, {}] });
    expect(indexError(() => parseProjectPageJson(files, { url: URL_, limits: { maxLinks: 2 } })).message).toContain('more than 2 files');
    const projects = JSON.stringify({ meta: { 'api-version': '1.0' }, projects: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    expect(() => parseProjectList({ body: projects, url: 'https://evil.example/simple/', contentType: 'application/vnd.pypi.simple.v1+json', limits: { maxLinks: 2 } })).toThrow(/more than 2 projects/);
  });
});

describe('nesting', () => {
  it('reads deeply nested and unbalanced HTML in one pass: no element stack to grow', () => {
    const pages = [
      `${'<div>'.repeat(1_000_000)}<a href="x-1.0.tar.gz">x</a>`,
      `${'<svg><math>'.repeat(100_000)}<a href="x-1.0.tar.gz">x</a>`,
      `<a href="x-1.0.tar.gz">x</a>${'</div></p></br>'.repeat(200_000)}`,
      `${'<p><li><td>'.repeat(100_000)}<a href="x-1.0.tar.gz">x</a>`,
    ];
    for (const html of pages) {
      const { page } = parseProjectPageHtml(html, { url: URL_, project: 'x' });
      expect(page.files.map((f) => f.filename)).toEqual(['x-1.0.tar.gz']);
    }
  });

  it('keeps at most 64 attributes per element', () => {
    const junk = (n: number) => Array.from({ length: n }, (_, i) => `data-junk${i}=x`).join(' ');
    expect(parseProjectPageHtml(`<a href="x-1.0.tar.gz" ${junk(100_000)}>x</a>`, { url: URL_, project: 'x' }).page.files).toHaveLength(1);
    expect(parseProjectPageHtml(`<a ${junk(64)} href="x-1.0.tar.gz">x</a>`, { url: URL_, project: 'x' }).page.files).toHaveLength(0);
  });

  it('stops an anchor flood nested inside itself at the link limit', () => {
    expect(() => parseProjectPageHtml('<a href="x.tar.gz">'.repeat(1000), { url: URL_, project: 'x', limits: { maxLinks: 999 } })).toThrow(/more than 999 links/);
  });

  it('stops deeply nested JSON before JSON.parse sees it', () => {
    for (const json of ['['.repeat(1_000_000), `{"meta":${'{"a":'.repeat(200)}`, `{"files":${'['.repeat(128)}`]) {
      expect(indexError(() => parseProjectPageJson(json, { url: URL_ })).message).toContain('nests JSON arrays and objects more than 128 deep');
    }
  });

  it('does not count brackets inside JSON strings', () => {
    const json = JSON.stringify({ meta: { 'api-version': '1.0' }, name: 'x', files: [{ filename: 'x.tar.gz', url: 'x.tar.gz', hashes: {}, yanked: `${'['.repeat(500)}"\\${'{'.repeat(500)}` }] });
    expect(parseProjectPageJson(json, { url: URL_ }).page.files[0]?.yanked).toBe(`${'['.repeat(500)}"\\${'{'.repeat(500)}`);
  });
});

describe('hostile content', () => {
  it('rejects an unknown major API version in either format', () => {
    expect(() => parseProjectPageHtml('<meta name="pypi:repository-version" content="2.0"><a href="x.tar.gz">x</a>', { url: URL_, project: 'x' })).toThrow(/only major version 1/);
    expect(() => parseProjectPageJson('{"meta":{"api-version":"3.1"},"name":"x","files":[]}', { url: URL_ })).toThrow(/only major version 1/);
    expect(() => parseProjectPage({ body: '{}', url: URL_, contentType: 'application/vnd.pypi.simple.v2+json', project: 'x' })).toThrow(/v2/);
  });

  it('never passes on a traversal name from either format', () => {
    const names = ['../../.bashrc', '..', '/etc/passwd', 'C:\\Windows\\evil.dll', 'x\u0000.whl', '..\\..\\evil.whl'];
    const json = JSON.stringify({ meta: { 'api-version': '1.0' }, name: 'x', files: names.map((n) => ({ filename: n, url: 'https://evil.example/f', hashes: {} })) });
    const fromJson = parseProjectPageJson(json, { url: URL_ });
    expect(fromJson.page.files).toEqual([]);
    expect(fromJson.warnings).toHaveLength(names.length);
    const html = names.map((n) => `<a href="/files/${encodeURIComponent(n)}">${n}</a>`).join('');
    const fromHtml = parseProjectPageHtml(html, { url: URL_, project: 'x' });
    for (const f of fromHtml.page.files) {
      expect(names).not.toContain(f.filename);
      expect(f.filename).not.toMatch(/[/\\\u0000:]|^\.\.?$/);
    }
  });

  it('treats invalid types as errors, not crashes, whatever the shape', () => {
    const shapes: unknown[] = [null, 1, 'x', true, [], { meta: null }, { meta: [] }, { meta: { 'api-version': null } }, { meta: { 'api-version': '1.0' }, name: 'x', files: null }, { meta: { 'api-version': '1.0' }, name: 'x', files: [null] }, { meta: { 'api-version': '1.0' }, name: 'x', files: [{ filename: 'a', url: 'b', hashes: [] }] }];
    for (const shape of shapes) {
      expect(() => parseProjectPageJson(JSON.stringify(shape), { url: URL_ }), JSON.stringify(shape)).toThrow(IndexError);
    }
  });

  it('reads HTML with invalid UTF-8 (replacement characters) but refuses such JSON', () => {
    const bad = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]);
    const html = Buffer.concat([Buffer.from('<p>'), bad, Buffer.from('</p><a href="x-1.0.tar.gz">x</a>')]);
    expect(parseProjectPageHtml(html, { url: URL_, project: 'x' }).page.files).toHaveLength(1);
    const json = Buffer.concat([Buffer.from('{"meta":{"api-version":"1.0"},"name":"x","files":[],"junk":"'), bad, Buffer.from('"}')]);
    expect(() => parseProjectPageJson(json, { url: URL_ })).toThrow(/not valid UTF-8/);
  });

  it('skips links with malformed hashes', () => {
    const { page, warnings } = parseProjectPageHtml('<a href="x-1.0.tar.gz#sha256=../../../../">x</a><a href="y-1.0.tar.gz#md5=0">y</a>', { url: URL_, project: 'x' });
    expect(page.files).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(['bad-hash', 'bad-hash']);
  });

  it('keeps attacker text out of error messages\' credentials', () => {
    const err = indexError(() => parseProjectPageJson('{"meta":{"api-version":"9.0"}}', { url: 'https://user:secret@evil.example/simple/x/' }));
    expect(err.location?.url).not.toContain('secret');
    const { page, warnings } = parseProjectPageHtml('<a href="../%2E%2E%2Fx">x</a><a href="https://u:token@cdn.example/%2Fetc">y</a><a href="ok-1.0.tar.gz">ok</a>', {
      url: 'https://user:secret@evil.example/simple/x/',
      project: 'x',
    });
    // The file keeps the credentials it needs for its download; warnings, which get printed, do not.
    expect(page.files[0]?.url).toBe('https://user:secret@evil.example/simple/x/ok-1.0.tar.gz');
    expect(warnings.length).toBeGreaterThan(0);
    expect(JSON.stringify(warnings)).not.toMatch(/secret|token/);
  });
});

import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/errors.js';
import { parseProjectList, parseProjectPage, renderProjectListJson, renderProjectPageHtml, renderProjectPageJson, type ProjectPage } from '../../../src/index/pages/index.js';

const PAGE: ProjectPage = {
  name: 'frob',
  versions: ['1.0'],
  files: [{ filename: 'frob-1.0.tar.gz', url: 'https://files.example/frob-1.0.tar.gz', hashes: { sha256: 'e'.repeat(64) }, yanked: false, coreMetadata: false, size: 10 }],
};
const URL_ = 'https://pypi.example.org/simple/frob/';

describe('parseProjectPage / parseProjectList', () => {
  it('picks the parser from the Content-Type', () => {
    const json = parseProjectPage({ body: renderProjectPageJson(PAGE), url: URL_, contentType: 'application/vnd.pypi.simple.v1+json', project: 'Frob' });
    expect(json.page).toEqual(PAGE);
    expect(json.apiVersion).toBe('1.1');
    for (const contentType of ['application/vnd.pypi.simple.v1+html', 'text/html; charset=utf-8']) {
      const html = parseProjectPage({ body: Buffer.from(renderProjectPageHtml(PAGE)), url: URL_, contentType, project: 'frob' });
      expect(html.page).toEqual({ name: 'frob', files: PAGE.files.map(({ size: _size, ...f }) => f) });
    }
    const list = parseProjectList({ body: renderProjectListJson({ projects: [{ name: 'Frob' }] }), url: 'https://pypi.example.org/simple/', contentType: 'application/vnd.pypi.simple.v1+json' });
    expect(list.page.projects).toEqual([{ name: 'Frob', url: 'https://pypi.example.org/simple/frob/' }]);
  });

  it('decodes HTML in the charset the Content-Type names', () => {
    const body = Buffer.from('<a href="frob-1.0.tar.gz" data-yanked="na\xefve">x</a>', 'latin1');
    const page = parseProjectPage({ body, url: URL_, contentType: 'text/html; charset=ISO-8859-1', project: 'frob' });
    expect(page.page.files[0]?.yanked).toBe('naïve');
  });

  it('refuses what is not a Simple API page, naming the URL', () => {
    expect(() => parseProjectPage({ body: '{}', url: URL_, contentType: 'application/json', project: 'frob' })).toThrow(IndexError);
    expect(() => parseProjectList({ body: '', url: URL_, contentType: undefined })).toThrow(/without a Content-Type/);
  });
});

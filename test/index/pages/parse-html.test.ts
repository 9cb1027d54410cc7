/**
 * PEP 503 HTML pages. Sample pages are written by hand from the specification
 * (packaging.python.org "Simple repository API": PEP 503, 592, 629, 658, 714) and in the
 * style of PyPI's pages and of the pages pip's own test-suite serves.
 */
import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/errors.js';
import { parseFindLinksHtml, parseProjectListHtml, parseProjectPageHtml } from '../../../src/index/pages/index.js';

const H1 = '4a7a5e6e2c1bfbe8db3c2f4f8e0e2b6fd1e9b0b4d1b6c7b8e3b1d3c2a1f0e9d8';
const H2 = 'b8a0f3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80';
const M1 = 'cafebabe'.repeat(8);

const PYPI_STYLE = `<!DOCTYPE html>
<html>
  <head>
    <meta name="pypi:repository-version" content="1.1">
    <title>Links for holygrail</title>
  </head>
  <body>
    <h1>Links for holygrail</h1>
    <a href="https://files.example.org/packages/ab/cd/holygrail-1.0.tar.gz#sha256=${H1}" data-requires-python="&gt;=3.7, &lt;4" >holygrail-1.0.tar.gz</a><br />
    <a href="https://files.example.org/packages/ef/01/holygrail-1.0-py3-none-any.whl#sha256=${H2}" data-requires-python="&gt;=3.7, &lt;4" data-dist-info-metadata="sha256=${M1}" data-core-metadata="sha256=${M1}">holygrail-1.0-py3-none-any.whl</a><br />
    <a href="https://files.example.org/packages/23/45/holygrail-0.9-py3-none-any.whl#sha256=${H2}" data-yanked="Broken on Windows &amp; &quot;macOS&quot; &lt;12" data-gpg-sig="false">holygrail-0.9-py3-none-any.whl</a><br />
    <a href="https://files.example.org/packages/67/89/holygrail-0.8.tar.gz#md5=d41d8cd98f00b204e9800998ecf8427e" data-yanked>holygrail-0.8.tar.gz</a><br />
  </body>
</html>
<!--SERIAL 123456-->`;

describe('parseProjectPageHtml', () => {
  it('reads a PyPI-style page: hashes, escaped requires-python, metadata, yanked reasons', () => {
    const { page, apiVersion, warnings } = parseProjectPageHtml(PYPI_STYLE, { url: 'https://pypi.example.org/simple/holygrail/', project: 'holygrail' });
    expect(apiVersion).toBe('1.1');
    expect(warnings).toEqual([]);
    expect(page).toEqual({
      name: 'holygrail',
      files: [
        {
          filename: 'holygrail-1.0.tar.gz',
          url: 'https://files.example.org/packages/ab/cd/holygrail-1.0.tar.gz',
          hashes: { sha256: H1 },
          requiresPython: '>=3.7, <4',
          yanked: false,
          coreMetadata: false,
        },
        {
          filename: 'holygrail-1.0-py3-none-any.whl',
          url: 'https://files.example.org/packages/ef/01/holygrail-1.0-py3-none-any.whl',
          hashes: { sha256: H2 },
          requiresPython: '>=3.7, <4',
          yanked: false,
          coreMetadata: { sha256: M1 },
        },
        {
          filename: 'holygrail-0.9-py3-none-any.whl',
          url: 'https://files.example.org/packages/23/45/holygrail-0.9-py3-none-any.whl',
          hashes: { sha256: H2 },
          yanked: 'Broken on Windows & "macOS" <12',
          coreMetadata: false,
        },
        {
          filename: 'holygrail-0.8.tar.gz',
          url: 'https://files.example.org/packages/67/89/holygrail-0.8.tar.gz',
          hashes: { md5: 'd41d8cd98f00b204e9800998ecf8427e' },
          // PEP 592: the attribute's presence means yanked, even without a value.
          yanked: '',
          coreMetadata: false,
        },
      ],
    });
  });

  it('reads pages in the style of pip\'s test-suite: relative URLs, md5 fragments, no head', () => {
    const html = `<html><body>
<a href="../../packages/simple-1.0.tar.gz#md5=d41d8cd98f00b204e9800998ecf8427e">simple-1.0.tar.gz</a>
<a href="/packages/simple-2.0.tar.gz" data-requires-python="">simple-2.0.tar.gz</a>
<a href="simple-3.0.tar.gz" data-requires-python="&lt;2.7">simple-3.0.tar.gz</a>
</body></html>`;
    const { page, apiVersion } = parseProjectPageHtml(html, { url: 'http://127.0.0.1:8000/simple/simple/', project: 'simple' });
    expect(apiVersion).toBe('1.0');
    expect(page.files.map((f) => [f.filename, f.url, f.hashes, f.requiresPython])).toEqual([
      ['simple-1.0.tar.gz', 'http://127.0.0.1:8000/packages/simple-1.0.tar.gz', { md5: 'd41d8cd98f00b204e9800998ecf8427e' }, undefined],
      // An empty data-requires-python means none (as pip reads it).
      ['simple-2.0.tar.gz', 'http://127.0.0.1:8000/packages/simple-2.0.tar.gz', {}, undefined],
      ['simple-3.0.tar.gz', 'http://127.0.0.1:8000/simple/simple/simple-3.0.tar.gz', {}, '<2.7'],
    ]);
  });

  it('finds anchors anywhere, in any spelling browsers accept', () => {
    const html = `<table><tr><td><div><A HREF=a-1.0.tar.gz>a</A></td></tr></table>
<p><span><a href='b-1.0.tar.gz' DATA-YANKED=old>b<p>c<a href="c-1.0.tar.gz">
<!-- <a href="commented-1.0.tar.gz">x</a> -->
<script>document.write('<a href="scripted-1.0.tar.gz">')</script>`;
    const { page } = parseProjectPageHtml(html, { url: 'https://example.org/simple/x/', project: 'x' });
    expect(page.files.map((f) => [f.filename, f.yanked])).toEqual([
      ['a-1.0.tar.gz', false],
      ['b-1.0.tar.gz', 'old'],
      ['c-1.0.tar.gz', false],
    ]);
  });

  it('resolves relative URLs against the first <base href>, itself resolved against the page', () => {
    const html = `<head><base href="../../files/"><base href="https://elsewhere.example/"></head>
<a href="x-1.0.tar.gz">x</a><a href="/abs/y-1.0.tar.gz">y</a><a href="https://cdn.example/z-1.0.tar.gz">z</a>`;
    const { page } = parseProjectPageHtml(html, { url: 'https://example.org/simple/x/', project: 'x' });
    expect(page.files.map((f) => f.url)).toEqual([
      'https://example.org/files/x-1.0.tar.gz',
      'https://example.org/abs/y-1.0.tar.gz',
      'https://cdn.example/z-1.0.tar.gz',
    ]);
  });

  it('takes the file name from the URL path, percent-decoded once, not from the link text', () => {
    const html = `<a href="../../files/foo-1.0%2Blocal-py3-none-any.whl?token=1#sha256=${H1}">anything</a>
<a href="../../files/b%C3%A4r-1.0.tar.gz">bär</a>
<a href="../../files/odd%2541-1.0.tar.gz">odd%41</a>`;
    const { page } = parseProjectPageHtml(html, { url: 'https://example.org/simple/foo/', project: 'foo' });
    expect(page.files.map((f) => [f.filename, f.url])).toEqual([
      ['foo-1.0+local-py3-none-any.whl', 'https://example.org/files/foo-1.0%2Blocal-py3-none-any.whl?token=1'],
      ['bär-1.0.tar.gz', 'https://example.org/files/b%C3%A4r-1.0.tar.gz'],
      // pip 23.2.1 decodes twice and would call this "oddA-1.0.tar.gz".
      ['odd%41-1.0.tar.gz', 'https://example.org/files/odd%2541-1.0.tar.gz'],
    ]);
  });

  it('never lets a file name with a path in it through: such links are skipped with a warning', () => {
    // "%2E%2E" is a ".." segment to the URL parser: it resolves to the parent directory,
    // a directory link, left out like any other.
    const html = ['..%2F..%2Fevil-1.0.tar.gz', '%2E%2E', 'a%5Cb-1.0.tar.gz', 'C%3Aevil.whl', 'nul%00-1.0.tar.gz', 'bad%E0%A4%A-1.0.tar.gz', 'ok-1.0.tar.gz']
      .map((href) => `<a href="${href}">x</a>`)
      .join('\n');
    const { page, warnings } = parseProjectPageHtml(html, { url: 'https://example.org/simple/x/', project: 'x' });
    expect(page.files.map((f) => f.filename)).toEqual(['ok-1.0.tar.gz']);
    expect(warnings.map((w) => [w.code, w.text])).toEqual([
      ['unsafe-filename', '..%2F..%2Fevil-1.0.tar.gz'],
      ['unsafe-filename', 'a%5Cb-1.0.tar.gz'],
      ['unsafe-filename', 'C%3Aevil.whl'],
      ['unsafe-filename', 'nul%00-1.0.tar.gz'],
      ['unsafe-filename', 'bad%E0%A4%A-1.0.tar.gz'],
    ]);
    expect(warnings.every((w) => w.url === 'https://example.org/simple/x/')).toBe(true);
  });

  it('skips links to other schemes, and to local files from a remote page', () => {
    const html = `<a href="file:///etc/passwd">p</a><a href="javascript:alert(1)">j</a><a href="ftp://example.org/x-1.0.tar.gz">f</a>
<a href="mailto:a@example.org">m</a><a href="http://[bad">b</a><a href="https://example.org/ok-1.0.tar.gz">ok</a>`;
    const { page, warnings } = parseProjectPageHtml(html, { url: 'https://example.org/simple/x/', project: 'x' });
    expect(page.files.map((f) => f.filename)).toEqual(['ok-1.0.tar.gz']);
    expect(warnings.map((w) => w.code)).toEqual(['bad-url', 'bad-url', 'bad-url', 'bad-url', 'bad-url']);
    const local = parseProjectPageHtml('<a href="../../files/x-1.0.tar.gz">x</a>', { url: 'file:///srv/wheels/simple/x/', project: 'x' });
    expect(local.page.files.map((f) => f.url)).toEqual(['file:///srv/wheels/files/x-1.0.tar.gz']);
  });

  it('skips a file whose hash fragment is malformed, rather than offering it unverified', () => {
    const html = `<a href="x-1.0.tar.gz#sha256=abc">x</a><a href="y-1.0.tar.gz#sha256=${H1.toUpperCase()}">y</a>`;
    const { page, warnings } = parseProjectPageHtml(html, { url: 'https://example.org/simple/x/', project: 'x' });
    expect(page.files.map((f) => [f.filename, f.hashes])).toEqual([['y-1.0.tar.gz', { sha256: H1 }]]);
    expect(warnings).toMatchObject([{ code: 'bad-hash', text: 'x-1.0.tar.gz#sha256=abc' }]);
  });

  it('reads core metadata per PEP 714: data-core-metadata first, then data-dist-info-metadata', () => {
    const html = `<a href="a.whl" data-core-metadata="true" data-dist-info-metadata="sha256=${M1}">a</a>
<a href="b.whl" data-dist-info-metadata="sha256=${M1}">b</a>
<a href="c.whl" data-core-metadata>c</a>
<a href="d.whl" data-core-metadata="sha256=zz">d</a>
<a href="e.whl" data-core-metadata="false">e</a>
<a href="f.whl" data-core-metadata="SHA256=${M1.toUpperCase()}">f</a>`;
    const { page, warnings } = parseProjectPageHtml(html, { url: 'https://example.org/simple/x/', project: 'x' });
    expect(page.files.map((f) => [f.filename, f.coreMetadata])).toEqual([
      ['a.whl', true],
      ['b.whl', { sha256: M1 }],
      ['c.whl', true],
      ['d.whl', false],
      ['e.whl', false],
      ['f.whl', { sha256: M1 }],
    ]);
    expect(warnings.map((w) => [w.code, w.text])).toEqual([
      ['bad-hash', 'sha256=zz'],
      ['bad-core-metadata', 'false'],
    ]);
  });

  it('checks the PEP 629 meta tag: newer minor warns, other major fails', () => {
    const page = (v: string) => `<meta name="pypi:repository-version" content="${v}"><a href="x-1.0.tar.gz">x</a>`;
    const opts = { url: 'https://example.org/simple/x/', project: 'x' };
    const newer = parseProjectPageHtml(page('1.3'), opts);
    expect(newer.apiVersion).toBe('1.3');
    expect(newer.warnings).toMatchObject([{ code: 'api-version-newer', text: '1.3' }]);
    expect(newer.page.files).toHaveLength(1);
    expect(() => parseProjectPageHtml(page('2.0'), opts)).toThrow(IndexError);
    expect(() => parseProjectPageHtml(page('one'), opts)).toThrow(/Invalid repository version/);
  });

  it('decodes invalid UTF-8 with replacement characters, and honours the charset', () => {
    const bytes = Buffer.concat([Buffer.from('<a href="x-1.0.tar.gz" data-yanked="bad '), Buffer.from([0xff, 0xfe]), Buffer.from('">x</a>')]);
    const { page } = parseProjectPageHtml(bytes, { url: 'https://example.org/simple/x/', project: 'x' });
    expect(page.files[0]?.yanked).toBe('bad \ufffd\ufffd');
    const latin1 = Buffer.from('<a href="x-1.0.tar.gz" data-yanked="caf\xe9">x</a>', 'latin1');
    expect(parseProjectPageHtml(latin1, { url: 'https://example.org/simple/x/', project: 'x', charset: 'iso-8859-1' }).page.files[0]?.yanked).toBe('café');
    const unknown = parseProjectPageHtml(Buffer.from('<a href="x-1.0.tar.gz">x</a>'), { url: 'https://example.org/simple/x/', project: 'x', charset: 'klingon' });
    expect(unknown.warnings).toMatchObject([{ code: 'unknown-charset' }]);
    expect(unknown.page.files).toHaveLength(1);
  });

  it('leaves out directory links and anchors without href', () => {
    const html = '<a href="../">Parent</a><a href="sub/">sub/</a><a name="top">top</a><a href="">empty</a><a href="?C=N;O=D">Name</a><a href="x-1.0.tar.gz">x</a>';
    const { page, warnings } = parseFindLinksHtml(html, { url: 'https://example.org/wheels/' });
    expect(page.files.map((f) => f.filename)).toEqual(['x-1.0.tar.gz']);
    expect(warnings).toEqual([]);
  });

  it('fails with an IndexError on a page URL that is not absolute', () => {
    expect(() => parseProjectPageHtml('', { url: 'simple/x/', project: 'x' })).toThrow(IndexError);
  });
});

describe('parseProjectListHtml', () => {
  it('reads the PEP 503 example root page', () => {
    const html = `<!DOCTYPE html>
<html>
  <body>
    <a href="/frob/">frob</a>
    <a href="/spamspamspam/">spamspamspam</a>
  </body>
</html>`;
    const { page, warnings } = parseProjectListHtml(html, { url: 'https://pypi.example.org/simple/' });
    expect(warnings).toEqual([]);
    expect(page.projects).toEqual([
      { name: 'frob', url: 'https://pypi.example.org/frob/' },
      { name: 'spamspamspam', url: 'https://pypi.example.org/spamspamspam/' },
    ]);
  });

  it('keeps display names, resolves relative links, skips anchors that are not projects', () => {
    const html = `<a href="holy-grail/"> Holy_Grail </a><a href="../">Parent Directory</a><a href="x/"></a><a href="javascript:void(0)">frob</a>`;
    const { page, warnings } = parseProjectListHtml(html, { url: 'https://example.org/simple/' });
    expect(page.projects).toEqual([{ name: 'Holy_Grail', url: 'https://example.org/simple/holy-grail/' }]);
    expect(warnings.map((w) => [w.code, w.text])).toEqual([
      ['bad-project', 'Parent Directory'],
      ['bad-project', 'x/'],
      ['bad-url', 'javascript:void(0)'],
    ]);
  });
});

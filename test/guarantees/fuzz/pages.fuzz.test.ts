/**
 * Fuzzing the index page parsers (PEP 503 HTML, PEP 691 JSON, find-links HTML, project
 * lists): every page parses or is an IndexError naming the page's URL; whatever parses
 * lists only files with safe names (no separators, `..`, NUL, drives) and absolute URLs,
 * and hashes that are hex digests. (Render → parse round trips: test/index/pages/round-trip.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/errors.js';
import { isSafeFilename } from '../../../src/filenames/index.js';
import {
  parseFindLinksHtml,
  parseProjectList,
  parseProjectListHtml,
  parseProjectListJson,
  parseProjectPage,
  parseProjectPageHtml,
  parseProjectPageJson,
  type ProjectFile,
} from '../../../src/index/pages/index.js';
import { anyText, fuzzParams, fuzzTimeout, mutated, tokenString, typedOutcome, type Outcome } from '../support/fuzz.js';

const PAGE = 'https://index.example/simple/demo/';
const SHA = 'a'.repeat(64);

const HTML_SEEDS = [
  `<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.1"><title>Links for demo</title></head><body>
<a href="../../files/demo-1.0-py3-none-any.whl#sha256=${SHA}" data-requires-python="&gt;=3.8" data-dist-info-metadata="sha256=${SHA}">demo-1.0-py3-none-any.whl</a><br>
<a href="https://files.example/demo-1.0.tar.gz#md5=0123456789abcdef0123456789abcdef" data-yanked="broken">demo-1.0.tar.gz</a><br>
<a href="demo-2.0-cp312-cp312-manylinux_2_17_x86_64.whl" data-core-metadata="true">x</a>
</body></html>`,
  `<html><body><base href="https://other.example/path/"><a href="demo-1.0.zip#sha512=${'b'.repeat(128)}">demo</a><a href="..%2F..%2Fetc%2Fpasswd">p</a></body></html>`,
];

const JSON_SEEDS = [
  JSON.stringify({
    meta: { 'api-version': '1.1' },
    name: 'demo',
    versions: ['1.0', '2.0'],
    files: [
      { filename: 'demo-1.0-py3-none-any.whl', url: '../../files/demo-1.0-py3-none-any.whl', hashes: { sha256: SHA }, 'requires-python': '>=3.8', 'core-metadata': { sha256: SHA }, size: 1234, 'upload-time': '2024-01-01T00:00:00.000000Z' },
      { filename: 'demo-1.0.tar.gz', url: 'https://files.example/demo-1.0.tar.gz', hashes: {}, yanked: 'bad', 'dist-info-metadata': true },
    ],
  }),
  JSON.stringify({ meta: { 'api-version': '1.0' }, projects: [{ name: 'demo' }, { name: 'Other_Thing' }] }),
];

const HTML_TOKENS = [
  '<a href="', '">', '</a>', '<a', ' href=', 'demo-1.0-py3-none-any.whl', 'demo-1.0.tar.gz', '#sha256=', SHA.slice(0, 16), '"', "'", ' data-yanked', ' data-requires-python="',
  ' data-core-metadata="sha256=', '<base href="', '<meta name="pypi:repository-version" content="', '2.0', '1.', '&lt;', '&gt;', '&amp;', '&#x2F;', '&#47;', '&#0;', '<!--', '-->', '<![CDATA[', '<script>', '</script>',
  '<div>', '</div>', '../', '..%2F', '%00', '/', '\\', 'C:\\x', 'file:///etc/', 'javascript:', 'data:', '//evil/', '\0', '\n', ' ',
];
const JSON_TOKENS = ['{', '}', '[', ']', ':', ',', '"', '"meta"', '"api-version"', '"1.1"', '"files"', '"filename"', '"url"', '"hashes"', '"sha256"', '"yanked"', 'true', 'false', 'null', '1e400', '-0', '12345678901234567890', '"\\u0000"', '"..\\/x"', '"\\ud800"', ' '];

/** JSON values shaped like a page, with any value where a field is. */
const jsonFileArb = fc.record(
  {
    filename: fc.oneof(fc.constantFrom('demo-1.0-py3-none-any.whl', '../x.whl', '/abs/demo-1.0.tar.gz', 'C:demo-1.0.zip', 'demo\0-1.0.tar.gz', 'a/b.whl', '..', ''), fc.jsonValue()),
    url: fc.oneof(fc.constantFrom('demo-1.0-py3-none-any.whl', '../../x/demo-1.0.tar.gz', 'https://f.example/demo-1.0.tar.gz', 'javascript:alert(1)', 'file:///etc/passwd', '//evil.example/x', ''), fc.jsonValue()),
    hashes: fc.oneof(fc.record({ sha256: fc.oneof(fc.constant(SHA), fc.string()) }, { requiredKeys: [] }), fc.jsonValue()),
    'requires-python': fc.oneof(fc.string(), fc.jsonValue()),
    yanked: fc.oneof(fc.boolean(), fc.string(), fc.jsonValue()),
    'core-metadata': fc.oneof(fc.boolean(), fc.record({ sha256: fc.string() }), fc.jsonValue()),
    size: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()),
    'upload-time': fc.oneof(fc.constant('2024-01-01T00:00:00Z'), fc.string(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);
const jsonPageArb = fc
  .record(
    {
      meta: fc.oneof(fc.record({ 'api-version': fc.oneof(fc.constantFrom('1.0', '1.1', '1.4', '2.0', '1', 'x'), fc.jsonValue()) }, { requiredKeys: [] }), fc.jsonValue()),
      name: fc.oneof(fc.constantFrom('demo', 'Demo', 'other'), fc.jsonValue()),
      versions: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
      files: fc.oneof(fc.array(jsonFileArb, { maxLength: 5 }), fc.jsonValue()),
      projects: fc.oneof(fc.array(fc.record({ name: fc.oneof(fc.string(), fc.jsonValue()) }), { maxLength: 5 }), fc.jsonValue()),
    },
    { requiredKeys: [] },
  )
  .map((v) => JSON.stringify(v));

const htmlInputs = fc.oneof(mutated(fc.constantFrom(...HTML_SEEDS), HTML_TOKENS), tokenString(HTML_TOKENS, 80), anyText(300));
const jsonInputs = fc.oneof(
  jsonPageArb,
  mutated(fc.constantFrom(...JSON_SEEDS), JSON_TOKENS),
  mutated(jsonPageArb, JSON_TOKENS),
  tokenString(JSON_TOKENS, 80),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? 'null'),
  anyText(200),
);
const asBytes = (text: string, raw: boolean): string | Uint8Array => (raw ? Buffer.from(text, 'utf8') : text);
const rawBytes = fc.uint8Array({ maxLength: 300 });

/** What every accepted page must hold about its files, whatever the input. */
function checkFiles(files: readonly ProjectFile[]): void {
  for (const f of files) {
    expect(isSafeFilename(f.filename), `unsafe file name ${JSON.stringify(f.filename)} passed`).toBe(true);
    expect(f.filename).not.toMatch(/[/\\\0]|^\.\.?$/);
    const u = new URL(f.url);
    expect(['http:', 'https:']).toContain(u.protocol); // an https page may not point at file: URLs
    expect(f.url).not.toContain('#');
    for (const [algo, digest] of Object.entries(f.hashes)) {
      expect(digest, `${algo} digest`).toMatch(/^[0-9a-f]+$/);
    }
    if (f.size !== undefined) expect(Number.isSafeInteger(f.size) && f.size >= 0).toBe(true);
  }
}

function checkOutcome(out: Outcome<{ page: object }>): void {
  if (out.ok) {
    const page = out.value.page as { files?: readonly ProjectFile[] };
    if (page.files) checkFiles(page.files);
    return;
  }
  expect(out.error).toBeInstanceOf(IndexError);
  expect(out.error.location?.url).toBe(PAGE);
}

describe('fuzz: HTML index pages', () => {
  it('project pages, find-links pages and project lists: parsed with safe files, or an IndexError naming the URL', () => {
    fc.assert(
      fc.property(fc.oneof(htmlInputs, rawBytes.map((b) => Buffer.from(b).toString('latin1'))), fc.boolean(), (text, raw) => {
        const body = asBytes(text, raw);
        checkOutcome(typedOutcome(text, () => parseProjectPageHtml(body, { url: PAGE, project: 'demo' })));
        checkOutcome(typedOutcome(text, () => parseFindLinksHtml(body, { url: PAGE })));
        checkOutcome(typedOutcome(text, () => parseProjectListHtml(body, { url: PAGE })));
        checkOutcome(typedOutcome(text, () => parseProjectPage({ body, url: PAGE, contentType: 'text/html; charset=latin-1', project: 'demo' })));
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('raw bytes in any charset the server names', () => {
    fc.assert(
      fc.property(rawBytes, fc.constantFrom(undefined, 'utf-8', 'iso-8859-1', 'shift_jis', 'utf-16le', 'no-such-charset', ''), (bytes, charset) => {
        checkOutcome(typedOutcome(bytes, () => parseProjectPageHtml(bytes, { url: PAGE, project: 'demo', ...(charset === undefined ? {} : { charset }) })));
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

describe('fuzz: JSON index pages', () => {
  it('project pages and project lists: parsed with safe files, or an IndexError naming the URL', () => {
    fc.assert(
      fc.property(fc.oneof(jsonInputs, rawBytes.map((b) => Buffer.from(b).toString('latin1'))), fc.boolean(), (text, raw) => {
        const body = asBytes(text, raw);
        checkOutcome(typedOutcome(text, () => parseProjectPageJson(body, { url: PAGE, project: 'demo' })));
        checkOutcome(typedOutcome(text, () => parseProjectPageJson(body, { url: PAGE })));
        checkOutcome(typedOutcome(text, () => parseProjectListJson(body, { url: PAGE })));
        checkOutcome(typedOutcome(text, () => parseProjectList({ body, url: PAGE, contentType: 'application/vnd.pypi.simple.v1+json' })));
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('invalid UTF-8 bytes are an IndexError, never a crash', () => {
    fc.assert(
      fc.property(rawBytes, (bytes) => {
        checkOutcome(typedOutcome(bytes, () => parseProjectPageJson(bytes, { url: PAGE })));
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

/**
 * How long index pages take to parse, from a large real-shaped page to the worst a
 * hostile index can send within the default limits. Run: npx tsx bench/index-pages.ts
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_PAGE_LIMITS, parseProjectPageHtml, parseProjectPageJson, renderProjectPageHtml, renderProjectPageJson, type ProjectFile } from '../src/index/pages/index.js';

const URL_ = 'https://pypi.example.org/simple/big/';

function files(n: number): ProjectFile[] {
  return Array.from({ length: n }, (_, i) => ({
    filename: `big-1.${i}-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`,
    url: `https://files.example.org/packages/ab/cd/${'0'.repeat(60)}/big-1.${i}-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`,
    hashes: { sha256: 'f'.repeat(64) },
    requiresPython: '>=3.8',
    yanked: i % 100 === 0 ? 'broken' : false,
    coreMetadata: { sha256: 'e'.repeat(64) },
    size: 1_000_000 + i,
    uploadTime: '2024-01-02T03:04:05.123456Z',
  }));
}

function time(label: string, bytes: number, run: () => unknown): void {
  const start = performance.now();
  let outcome = 'ok';
  try {
    run();
  } catch (e) {
    outcome = (e as Error).message.slice(0, 60);
  }
  const ms = performance.now() - start;
  console.log(`${label.padEnd(48)} ${(bytes / 1024 / 1024).toFixed(1).padStart(6)} MiB ${ms.toFixed(0).padStart(7)} ms  ${outcome}`);
}

const many = files(50_000);
const html = renderProjectPageHtml({ name: 'big', files: many });
const json = renderProjectPageJson({ name: 'big', versions: [], files: many });
time('HTML, 50,000 files', html.length, () => parseProjectPageHtml(html, { url: URL_, project: 'big' }));
time('JSON, 50,000 files', json.length, () => parseProjectPageJson(json, { url: URL_ }));

const max = DEFAULT_PAGE_LIMITS.maxBytes;
time('hostile: 13 million nested elements', max, () => parseProjectPageHtml('<div>'.repeat(Math.floor(max / 5)), { url: URL_, project: 'big' }));
time('hostile: 16 million unmatched end tags', max, () => parseProjectPageHtml('</b>'.repeat(Math.floor(max / 4)), { url: URL_, project: 'big' }));
const attributes = `<a href="x.whl" ${Array.from({ length: Math.floor(max / 11) }, (_, i) => `a${i.toString(36)}=1`).join(' ')}`.slice(0, max - 1) + '>';
time('hostile: 6 million attributes on one anchor', attributes.length, () => parseProjectPageHtml(attributes, { url: URL_, project: 'big' }));
time('hostile: a flood of links', max, () => parseProjectPageHtml('<a href="x.whl">x</a>'.repeat(Math.floor(max / 22)), { url: URL_, project: 'big' }));
time('hostile: nested JSON', max, () => parseProjectPageJson('['.repeat(max), { url: URL_ }));
time('hostile: page over the size limit', max + 1, () => parseProjectPageJson(new Uint8Array(max + 1), { url: URL_ }));

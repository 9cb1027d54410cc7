/**
 * Render → parse gives back the same model, for HTML and JSON, over random models with
 * awkward characters where pages carry free text (requires-python, yanked reasons, file
 * names).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeFilename } from '../../../src/filenames/index.js';
import {
  parseProjectListHtml,
  parseProjectListJson,
  parseProjectPageHtml,
  parseProjectPageJson,
  renderProjectListHtml,
  renderProjectListJson,
  renderProjectPageHtml,
  renderProjectPageJson,
  type ProjectFile,
  type ProjectPage,
} from '../../../src/index/pages/index.js';

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

/** Characters that break naive HTML or JSON writers, plus ordinary and non-ASCII text. */
const AWKWARD = [...'<>&"\'=;#?%+ \t\n/\\`{}[]', '&amp;', '&lt;', '&#39;', ']]>', '<!--', '-->', '</a>', 'é', 'ß', '中', '😀', '\u00a0', '\u2028', 'a', 'Z', '0', '.', '-', '~'];
const freeText = fc.string({ unit: fc.constantFrom(...AWKWARD), maxLength: 12 });
const nonEmptyText = fc.string({ unit: fc.constantFrom(...AWKWARD), minLength: 1, maxLength: 12 });

const filename = fc
  .string({ unit: fc.constantFrom(...'abcXYZ019-_.+!~*\'()$&,;=@%# éß中😀'), minLength: 1, maxLength: 40 })
  .filter(isSafeFilename);

const projectName = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?$/);

const FILES_BASE = 'https://files.example.org/packages/ab/';
const fileUrl = (name: string) => new URL(encodeURIComponent(name), FILES_BASE).href;

const coreMetadata = fc.oneof(fc.constant(false), fc.constant(true), hex(64).map((d) => ({ sha256: d })));

/** A file as HTML can carry it: one hash at most, no PEP 700 fields. */
const htmlFile: fc.Arbitrary<ProjectFile> = fc
  .record({
    filename,
    hashes: fc.oneof(fc.constant({}), hex(64).map((d) => ({ sha256: d })), hex(32).map((d) => ({ md5: d })), hex(128).map((d) => ({ sha512: d }))),
    requiresPython: fc.option(nonEmptyText, { nil: undefined }),
    yanked: fc.oneof(fc.constant(false as const), freeText),
    coreMetadata,
  })
  .map(({ requiresPython, ...f }) => ({ ...f, url: fileUrl(f.filename), ...(requiresPython === undefined ? {} : { requiresPython }) }));

const uploadTime = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

/** A file as JSON can carry it: any hashes, size, upload time. */
const jsonFile: fc.Arbitrary<ProjectFile> = fc
  .record({
    base: htmlFile,
    hashes: fc.record({ sha256: hex(64), md5: hex(32), blake2b: hex(128), blake3: hex(64) }, { requiredKeys: [] }),
    size: fc.option(fc.maxSafeNat(), { nil: undefined }),
    uploadTime: fc.option(uploadTime, { nil: undefined }),
  })
  .map(({ base, hashes, size, uploadTime: t }) => ({
    ...base,
    hashes,
    ...(size === undefined ? {} : { size }),
    ...(t === undefined ? {} : { uploadTime: t }),
  }));

const PAGE_URL = (name: string) => `https://pypi.example.org/simple/${encodeURIComponent(name.toLowerCase())}/`;

describe('round trips', () => {
  it('HTML project page: render → parse is the identity', () => {
    fc.assert(
      fc.property(projectName, fc.array(htmlFile, { maxLength: 6 }), (name, files) => {
        const page: ProjectPage = { name, files };
        const parsed = parseProjectPageHtml(renderProjectPageHtml(page), { url: PAGE_URL(name), project: name });
        expect(parsed.warnings).toEqual([]);
        expect(parsed.apiVersion).toBe('1.1');
        expect(parsed.page).toEqual(page);
      }),
      { numRuns: 300 },
    );
  });

  it('JSON project page: render → parse is the identity', () => {
    fc.assert(
      fc.property(projectName, fc.option(fc.array(freeText, { maxLength: 4 }), { nil: undefined }), fc.array(jsonFile, { maxLength: 6 }), (name, versions, files) => {
        const page: ProjectPage = { name, files, ...(versions === undefined ? {} : { versions }) };
        const parsed = parseProjectPageJson(renderProjectPageJson(page), { url: PAGE_URL(name), project: name });
        expect(parsed.warnings).toEqual([]);
        expect(parsed.page).toEqual(page);
        expect(parsed.apiVersion).toBe(versions !== undefined && files.every((f) => f.size !== undefined) ? '1.1' : '1.0');
      }),
      { numRuns: 300 },
    );
  });

  it('HTML and JSON project lists: render → parse gives the names and their pages', () => {
    fc.assert(
      fc.property(fc.uniqueArray(projectName, { maxLength: 8 }), (names) => {
        const root = 'https://pypi.example.org/simple/';
        const projects = names.map((name) => ({ name }));
        const expected = names.map((name) => ({ name, url: `${root}${name.replace(/[-_.]+/g, '-').toLowerCase()}/` }));
        expect(parseProjectListHtml(renderProjectListHtml({ projects }), { url: root }).page.projects).toEqual(expected);
        expect(parseProjectListJson(renderProjectListJson({ projects }), { url: root }).page.projects).toEqual(expected);
      }),
    );
  });

  it('relative file URLs come back resolved against the page', () => {
    const page: ProjectPage = {
      name: 'frob',
      files: [{ filename: 'frob-1.0.tar.gz', url: '../../files/frob-1.0.tar.gz', hashes: {}, yanked: false, coreMetadata: false }],
    };
    const url = 'https://mirror.example/a/simple/frob/';
    for (const parsed of [parseProjectPageHtml(renderProjectPageHtml(page), { url, project: 'frob' }), parseProjectPageJson(renderProjectPageJson(page), { url })]) {
      expect(parsed.page.files[0]?.url).toBe('https://mirror.example/a/files/frob-1.0.tar.gz');
    }
  });
});

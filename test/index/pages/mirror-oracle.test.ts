/**
 * Hand-made pages with everything the mirror's pages lack (data- attributes, escapes,
 * base, odd HTML), and every project page of the machine's PyPI mirror (static PEP 503 trees of real
 * projects), parsed here and by pip 23.2.1's own parser
 * (`pip._internal.index.collector.parse_links` over an `IndexContent`), in one batched
 * isolated python process: the same files, URLs, hashes, requires-python, yanked state
 * and metadata availability.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProjectListHtml, parseProjectPageHtml, renderProjectPageHtml, renderProjectPageJson, type ProjectFile } from '../../../src/index/pages/index.js';
import { MIRROR_ABSENT, mirrorRoots } from '../../helpers/mirror.js';
import { hasPython, runPythonJson } from '../../helpers/python.js';

interface PipLink {
  url: string;
  filename: string;
  hashes: Record<string, string>;
  requires_python: string | null;
  yanked_reason: string | null;
  metadata: null | { hashes: Record<string, string> | null };
}

const PIP_PARSE = `
import json, sys, urllib.parse
from pip._internal.index.collector import IndexContent, parse_links
out = []
for item in json.load(sys.stdin):
    if "path" in item:
        with open(item["path"], "rb") as f:
            content = f.read()
    else:
        content = item["html"].encode("utf-8")
    page = IndexContent(content, item.get("contentType", "text/html"), encoding=None, url=item["url"], cache_link_parsing=False)
    links = []
    for link in parse_links(page):
        meta = link.metadata_file_data
        links.append({
            "url": urllib.parse.unquote(link.url.split("#", 1)[0]),
            "filename": link.filename,
            "hashes": dict(link._hashes),
            "requires_python": link.requires_python,
            "yanked_reason": link.yanked_reason,
            "metadata": None if meta is None else {"hashes": meta.hashes},
        })
    out.append(links)
json.dump(out, sys.stdout)
`;

interface MirrorPage {
  project: string;
  path: string;
  url: string;
}

function mirrorPages(): MirrorPage[] {
  const pages: MirrorPage[] = [];
  for (const root of mirrorRoots()) {
    const simple = path.join(root.folder, 'simple');
    for (const project of readdirSync(simple).sort()) {
      const file = path.join(simple, project, 'index.html');
      if (existsSync(file)) pages.push({ project, path: file, url: pathToFileURL(file).href });
    }
  }
  return pages;
}

/** Our file in pip's terms, for comparison. */
function asPip(file: ProjectFile): PipLink {
  const meta = file.coreMetadata;
  return {
    url: decodeURIComponent(file.url),
    filename: file.filename,
    hashes: { ...file.hashes },
    requires_python: file.requiresPython ?? null,
    yanked_reason: file.yanked === false ? null : file.yanked,
    metadata: meta === false ? null : { hashes: meta === true ? null : { ...meta } },
  };
}

const H = 'c0ffee00'.repeat(8);
const M = 'deadbeef'.repeat(8);

/**
 * Pages pip and this parser must read alike. Left out on purpose, where the two differ
 * by design (see parse-html.ts and links.ts): a valueless data-yanked (PEP 592 says
 * yanked; pip 23.2.1 says not), doubly percent-encoded names (pip decodes twice),
 * %2F in names, malformed hashes, non-HTTP links, directory links, core metadata
 * values other than "true" or a hash, duplicate attributes (pip keeps the last, HTML
 * the first), and a relative <base href> (pip joins links to it as it stands; browsers
 * and this parser resolve it against the page first).
 */
const HAND_MADE: { url: string; html: string }[] = [
  {
    url: 'https://pypi.example.org/simple/holygrail/',
    html: `<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.1"><title>Links for holygrail</title></head><body>
<a href="https://files.example.org/p/holygrail-1.0.tar.gz#sha256=${H}" data-requires-python="&gt;=3.7, &lt;4">holygrail-1.0.tar.gz</a><br/>
<a href="https://files.example.org/p/holygrail-1.0-py3-none-any.whl#sha256=${H}" data-requires-python="&gt;=3.7" data-dist-info-metadata="sha256=${M}" data-core-metadata="sha256=${M}">holygrail-1.0-py3-none-any.whl</a><br/>
<a href="https://files.example.org/p/holygrail-0.9-py3-none-any.whl#sha256=${H}" data-yanked="Broken &amp; &quot;bad&quot; &lt;3">holygrail-0.9-py3-none-any.whl</a>
<a href="https://files.example.org/p/holygrail-0.8.tar.gz#md5=d41d8cd98f00b204e9800998ecf8427e" data-yanked="">holygrail-0.8.tar.gz</a>
<a href="https://files.example.org/p/holygrail-0.7-py2.py3-none-any.whl" data-core-metadata="true" data-gpg-sig="true">holygrail-0.7-py2.py3-none-any.whl</a>
<a href="https://files.example.org/p/holygrail-0.6-py3-none-any.whl" data-dist-info-metadata="true">holygrail-0.6-py3-none-any.whl</a>
</body></html>`,
  },
  {
    url: 'http://127.0.0.1:8000/simple/simple/',
    html: `<html><head><base href="http://127.0.0.1:8000/packages/"></head><body>
<A HREF=simple-1.0.tar.gz#md5=d41d8cd98f00b204e9800998ecf8427e>simple-1.0.tar.gz</A>
<a href='simple-2.0+local.tar.gz?x=1&amp;y=2'>simple-2.0+local.tar.gz</a>
<table><tr><td><a href="/other/simple-3.0%2Bcu118-py3-none-any.whl#egg=simple&sha256=${H}">whatever</a></td></tr></table>
<!-- <a href="hidden-1.0.tar.gz">hidden</a> -->
<p><a href="b%C3%A4r-1.0.tar.gz" data-requires-python='&gt;=3.8,!=3.9.*'>bär</a>
<a href="with%20space-1.0.zip">with space-1.0.zip</a>
</body></html>`,
  },
];

const pages = mirrorPages();
const enabled = pages.length > 0 && hasPython();
if (!enabled) console.warn(MIRROR_ABSENT);

describe.skipIf(!hasPython())('hand-made pages, against pip 23.2.1', () => {
  it('gives the links pip gives', async () => {
    const pip = await runPythonJson<PipLink[][]>(PIP_PARSE, HAND_MADE);
    HAND_MADE.forEach((page, i) => {
      const parsed = parseProjectPageHtml(page.html, { url: page.url, project: 'x' });
      expect(parsed.warnings).toEqual([]);
      expect(parsed.page.files.length).toBeGreaterThan(4);
      expect(parsed.page.files.map(asPip), page.url).toEqual(pip[i]);
    });
  });

  it('renders JSON that pip reads as the same links', async () => {
    const rendered = HAND_MADE.map((page) => {
      const parsed = parseProjectPageHtml(page.html, { url: page.url, project: 'x' }).page;
      return { parsed, input: { url: page.url, html: renderProjectPageJson(parsed), contentType: 'application/vnd.pypi.simple.v1+json' } };
    });
    const pip = await runPythonJson<PipLink[][]>(PIP_PARSE, rendered.map((r) => r.input));
    rendered.forEach((r, i) => expect(r.parsed.files.map(asPip)).toEqual(pip[i]));
  });
});

describe.skipIf(!enabled)('the PyPI mirror, against pip 23.2.1', () => {
  let pip: PipLink[][] = [];
  beforeAll(async () => {
    pip = await runPythonJson<PipLink[][]>(PIP_PARSE, pages.map(({ path: p, url }) => ({ path: p, url })));
  });

  it('holds several hundred project pages', () => {
    expect(pages.length).toBeGreaterThan(300);
    expect(pip).toHaveLength(pages.length);
  });

  it('gives the links pip gives, page by page', () => {
    let links = 0;
    pages.forEach((page, i) => {
      const { page: parsed, warnings } = parseProjectPageHtml(readFileSync(page.path), { url: page.url, project: page.project });
      expect(warnings, page.path).toEqual([]);
      expect(parsed.files.map(asPip), page.path).toEqual(pip[i]);
      links += parsed.files.length;
    });
    expect(links).toBeGreaterThan(pages.length);
  });

  it('re-renders every page so that it parses to the same files', () => {
    for (const page of pages) {
      const first = parseProjectPageHtml(readFileSync(page.path), { url: page.url, project: page.project }).page;
      const again = parseProjectPageHtml(renderProjectPageHtml(first), { url: page.url, project: page.project }).page;
      expect(again, page.path).toEqual(first);
    }
  });

  it('reads each root page as the list of its project pages', () => {
    for (const root of mirrorRoots()) {
      const file = path.join(root.folder, 'simple', 'index.html');
      if (!existsSync(file)) continue;
      const { page, warnings } = parseProjectListHtml(readFileSync(file), { url: pathToFileURL(file).href });
      expect(warnings).toEqual([]);
      const dirs = pages.filter((p) => p.path.startsWith(path.join(root.folder, 'simple') + path.sep)).map((p) => pathToFileURL(path.dirname(p.path)).href + '/');
      expect(page.projects.map((p) => p.url).sort()).toEqual(dirs.sort());
    }
  });
});

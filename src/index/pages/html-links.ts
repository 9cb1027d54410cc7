/**
 * What index pages say in HTML: every anchor (anywhere in the document, as browsers and
 * pip see them), the first `<base href>`, and the PEP 629 `pypi:repository-version`
 * meta tag.
 *
 * htmlparser2's Tokenizer reads the HTML the way browsers tokenize it (unquoted and
 * duplicate attributes, character references, comments, raw-text elements such as
 * `<script>`, unclosed tags). No tree is built and no stack of open elements is kept:
 * anchors need neither, and htmlparser2's Parser keeps its stack in an array it shifts
 * and searches for every tag, which makes deep nesting cost quadratic time. Here the
 * cost is linear in the page whatever its shape; anchors are capped (limits.ts).
 */
import { createRequire } from 'node:module';
import type * as Htmlparser2 from 'htmlparser2';

let htmlparser2: typeof Htmlparser2 | undefined;

/** htmlparser2 (and its tables of character references), loaded with the first HTML page: a run against JSON (PEP 691) indexes never pays for it. */
function loadHtmlparser2(): typeof Htmlparser2 {
  htmlparser2 ??= createRequire(import.meta.url)('htmlparser2') as typeof Htmlparser2;
  return htmlparser2;
}
import { tooManyLinks, type PageLimits } from './limits.js';

/** The anchor attributes index pages use (PEP 503, 592, 658, 714); others are not kept. */
export const ANCHOR_ATTRIBUTES = ['href', 'data-requires-python', 'data-yanked', 'data-core-metadata', 'data-dist-info-metadata'] as const;
export type AnchorAttribute = (typeof ANCHOR_ATTRIBUTES)[number];

export interface HtmlAnchor {
  /**
   * The attributes of ANCHOR_ATTRIBUTES the anchor has, character references decoded; the
   * first of duplicates wins (as in HTML); a bare attribute is "". A plain object rather
   * than a Map: a page may hold 200,000 anchors, and a Map per anchor costs ~4x the memory.
   */
  attributes: Partial<Record<AnchorAttribute, string>>;
  /** The anchor's text content (references decoded), at most MAX_ANCHOR_TEXT characters. */
  text: string;
}

export interface HtmlLinks {
  anchors: HtmlAnchor[];
  /** `href` of the first `<base>` that has one, verbatim. */
  baseHref?: string;
  /** `content` of the first `<meta name="pypi:repository-version">`. */
  repositoryVersion?: string;
}

/** Project names and file names are short; longer anchor text is cut here. */
const MAX_ANCHOR_TEXT = 1024;

/** Anchors carry a handful of attributes; past this many, more are ignored (memory stays small). */
const MAX_ATTRIBUTES = 64;

/** The elements whose attributes matter; others are tokenized and forgotten. */
const WANTED = new Set(['a', 'base', 'meta']);

function codePoint(cp: number): string {
  return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
}

function keptAttributes(all: ReadonlyMap<string, string>): HtmlAnchor['attributes'] {
  const kept: HtmlAnchor['attributes'] = {};
  for (const name of ANCHOR_ATTRIBUTES) {
    const value = all.get(name);
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

/** At least as many as the page's anchors: every `<a` followed by a space, `/` or `>` (case-insensitive). */
function anchorCountBound(html: string): number {
  const start = /<a[\s/>]/gi;
  let n = 0;
  while (start.exec(html) !== null) n++;
  return n;
}

/** The exact number of anchors, by tokenizing the page without keeping anything. */
function anchorCount(html: string): number {
  const { Tokenizer } = loadHtmlparser2();
  let n = 0;
  let isAnchor = false;
  const none = () => {};
  const endTag = () => {
    if (isAnchor) n++;
    isAnchor = false;
  };
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname(start, end) {
        isAnchor = end - start === 1 && (html.charCodeAt(start) | 0x20) === 0x61; /* a or A */
      },
      onopentagend: endTag,
      onselfclosingtag: endTag,
      onattribname: none,
      onattribdata: none,
      onattribentity: none,
      onattribend: none,
      onclosetag: none,
      ontext: none,
      ontextentity: none,
      oncdata: none,
      oncomment: none,
      ondeclaration: none,
      onprocessinginstruction: none,
      onend: none,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return n;
}

export function extractHtmlLinks(html: string, url: string, limits: PageLimits): HtmlLinks {
  // A page over the link limit fails before any anchor is built (memory stays at the
  // page's own size): counted only when a cheap upper bound says it might be over.
  if (anchorCountBound(html) > limits.maxLinks && anchorCount(html) > limits.maxLinks) throw tooManyLinks(url, limits, 'links');
  const { QuoteType, Tokenizer } = loadHtmlparser2();
  const result: HtmlLinks = { anchors: [] };
  let tag = '';
  let attributes: Map<string, string> | undefined;
  let attributeName = '';
  let attributeValue = '';
  let current: HtmlAnchor | undefined;

  const appendText = (text: string) => {
    if (current && current.text.length < MAX_ANCHOR_TEXT) current.text = (current.text + text).slice(0, MAX_ANCHOR_TEXT);
  };

  const endOpenTag = () => {
    if (!attributes) return;
    if (tag === 'a') {
      if (result.anchors.length >= limits.maxLinks) throw tooManyLinks(url, limits, 'links');
      current = { attributes: keptAttributes(attributes), text: '' };
      result.anchors.push(current);
    } else if (tag === 'base') {
      const href = attributes.get('href');
      if (result.baseHref === undefined && href !== undefined) result.baseHref = href;
    } else if (tag === 'meta') {
      const content = attributes.get('content');
      if (result.repositoryVersion === undefined && content !== undefined && attributes.get('name')?.trim().toLowerCase() === 'pypi:repository-version') {
        result.repositoryVersion = content;
      }
    }
    attributes = undefined;
  };

  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname(start, end) {
        tag = html.slice(start, end).toLowerCase();
        attributes = WANTED.has(tag) ? new Map() : undefined;
      },
      onattribname(start, end) {
        if (attributes && attributes.size < MAX_ATTRIBUTES) attributeName = html.slice(start, end).toLowerCase();
        attributeValue = '';
      },
      onattribdata(start, end) {
        if (attributes && attributes.size < MAX_ATTRIBUTES) attributeValue += html.slice(start, end);
      },
      onattribentity(cp) {
        if (attributes && attributes.size < MAX_ATTRIBUTES) attributeValue += codePoint(cp);
      },
      onattribend(quote) {
        if (attributes && attributes.size < MAX_ATTRIBUTES && !attributes.has(attributeName)) {
          attributes.set(attributeName, quote === QuoteType.NoValue ? '' : attributeValue);
        }
        attributeValue = '';
      },
      onopentagend: endOpenTag,
      // HTML ignores the "/" of <a/>: the element is open all the same.
      onselfclosingtag: endOpenTag,
      onclosetag(start, end) {
        if (html.slice(start, end).toLowerCase() === 'a') current = undefined;
      },
      ontext(start, end) {
        if (current) appendText(html.slice(start, end));
      },
      ontextentity(cp) {
        if (current) appendText(codePoint(cp));
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return result;
}

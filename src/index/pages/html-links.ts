/**
 * What index pages say in HTML: every anchor (anywhere in the document, as browsers and
 * pip see them), the first `<base href>`, and the PEP 629 `pypi:repository-version`
 * meta tag. htmlparser2 tokenizes the way browsers do (unquoted and duplicate
 * attributes, entities, comments, raw-text elements, unclosed tags).
 *
 * Cost stays linear: anchors and open elements are capped (see limits.ts), and the
 * callbacks abort the parse by throwing as soon as a cap is passed.
 */
import { Parser } from 'htmlparser2';
import { tooDeep, tooManyLinks, type PageLimits } from './limits.js';

export interface HtmlAnchor {
  /** Attributes with entities decoded; names lowercased; the first of duplicates wins. */
  attributes: ReadonlyMap<string, string>;
  /** The anchor's text content (entities decoded), at most MAX_ANCHOR_TEXT characters. */
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

function attributeMap(attribs: Record<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const name of Object.keys(attribs)) {
    const value = attribs[name];
    if (value !== undefined) map.set(name, value);
  }
  return map;
}

export function extractHtmlLinks(html: string, url: string, limits: PageLimits): HtmlLinks {
  const result: HtmlLinks = { anchors: [] };
  let depth = 0;
  let anchorCount = 0;
  let current: { attributes: Map<string, string>; text: string } | undefined;

  const parser = new Parser(
    {
      // htmlparser2 reports every element opened once and closed once (void elements at
      // once, others when popped, implied closes included), so this count is the depth
      // of its stack of open elements.
      onopentagname() {
        if (++depth > limits.maxDepth) throw tooDeep(url, limits, 'HTML elements');
      },
      onclosetag(name) {
        depth--;
        if (name === 'a') current = undefined;
      },
      onopentag(name, attribs) {
        if (name === 'a') {
          if (++anchorCount > limits.maxLinks) throw tooManyLinks(url, limits, 'links');
          const anchor = { attributes: attributeMap(attribs), text: '' };
          current = anchor;
          result.anchors.push(anchor);
        } else if (name === 'base') {
          if (result.baseHref === undefined && Object.hasOwn(attribs, 'href')) result.baseHref = attribs['href'];
        } else if (name === 'meta') {
          const metaName = Object.hasOwn(attribs, 'name') ? attribs['name'] : undefined;
          if (result.repositoryVersion === undefined && metaName?.trim().toLowerCase() === 'pypi:repository-version' && Object.hasOwn(attribs, 'content')) {
            result.repositoryVersion = attribs['content'];
          }
        }
      },
      ontext(text) {
        if (current && current.text.length < MAX_ANCHOR_TEXT) {
          current.text = (current.text + text).slice(0, MAX_ANCHOR_TEXT);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return result;
}

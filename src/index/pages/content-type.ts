/**
 * Content negotiation for the Simple Repository API (PEP 691, "Version + Format
 * Selection"): the Accept header a client sends, and which parser a response's
 * Content-Type calls for.
 */
import { IndexError } from '../../errors.js';

export const SIMPLE_JSON_V1 = 'application/vnd.pypi.simple.v1+json';
export const SIMPLE_HTML_V1 = 'application/vnd.pypi.simple.v1+html';

/**
 * The Accept header for index pages: JSON preferred, HTML v1 next, legacy `text/html`
 * last (the q values PEP 691's example client uses, and pip's).
 */
export const SIMPLE_API_ACCEPT = `${SIMPLE_JSON_V1}, ${SIMPLE_HTML_V1};q=0.2, text/html;q=0.01`;

/** `json-v1`: PEP 691 JSON; `html-v1`: PEP 503 HTML declared as API v1; `html-legacy`: plain `text/html`. */
export type SimplePageFormat = 'json-v1' | 'html-v1' | 'html-legacy';

export interface ContentType {
  /** Lowercased `type/subtype`, without parameters. */
  mediaType: string;
  /** The `charset` parameter, lowercased, when given. */
  charset?: string;
}

/** Splits a Content-Type header into its media type and charset (RFC 9110 syntax, quoted values allowed). */
export function parseContentType(header: string): ContentType {
  const parts = header.split(';');
  const mediaType = (parts[0] ?? '').trim().toLowerCase();
  let charset: string | undefined;
  for (const param of parts.slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    let value = param.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value !== '') charset = value.toLowerCase();
    break;
  }
  return charset === undefined ? { mediaType } : { mediaType, charset };
}

export interface PageFormat extends ContentType {
  format: SimplePageFormat;
}

/**
 * Which parser a response needs, from its Content-Type header. Throws an IndexError
 * naming the URL for anything that is not a Simple API v1 page: a missing header, a
 * different major version, or any other type (PEP 691: check the Content-Type).
 */
export function simplePageFormat(contentTypeHeader: string | undefined, url: string): PageFormat {
  if (contentTypeHeader === undefined || contentTypeHeader.trim() === '') {
    throw new IndexError('The index answered without a Content-Type', {
      location: { url },
      expected: `${SIMPLE_JSON_V1}, ${SIMPLE_HTML_V1} or text/html`,
    });
  }
  const ct = parseContentType(contentTypeHeader);
  const withFormat = (format: SimplePageFormat): PageFormat => ({ ...ct, format });
  switch (ct.mediaType) {
    case SIMPLE_JSON_V1:
      return withFormat('json-v1');
    case SIMPLE_HTML_V1:
      return withFormat('html-v1');
    case 'text/html':
      return withFormat('html-legacy');
  }
  const other = /^application\/vnd\.pypi\.simple\.(v\d+|latest)\+(json|html)$/.exec(ct.mediaType);
  if (other) {
    throw new IndexError(`The index answered with Simple API ${other[1]}, which is not supported`, {
      location: { url },
      text: contentTypeHeader,
      expected: `version 1: ${SIMPLE_JSON_V1} or ${SIMPLE_HTML_V1} (PEP 691)`,
    });
  }
  throw new IndexError(`The index answered with ${ct.mediaType || 'an empty Content-Type'}, not a Simple Repository API page`, {
    location: { url },
    text: contentTypeHeader,
    expected: `${SIMPLE_JSON_V1}, ${SIMPLE_HTML_V1} or text/html`,
    hint:
      ct.mediaType === 'application/json'
        ? 'this looks like a JSON API other than the Simple API (such as https://pypi.org/pypi/<project>/json); use the index URL ending in /simple/'
        : 'check that the index URL points at a PEP 503/691 "simple" index',
  });
}

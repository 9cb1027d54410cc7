import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/errors.js';
import { SIMPLE_API_ACCEPT, parseContentType, simplePageFormat } from '../../../src/index/pages/content-type.js';

const URL_ = 'https://example.org/simple/frob/';

describe('content negotiation', () => {
  it('asks for JSON first, HTML v1 next, legacy text/html last (PEP 691)', () => {
    expect(SIMPLE_API_ACCEPT).toBe('application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01');
  });

  it('parses media type and charset', () => {
    expect(parseContentType('Text/HTML; Charset="ISO-8859-1"')).toEqual({ mediaType: 'text/html', charset: 'iso-8859-1' });
    expect(parseContentType('application/vnd.pypi.simple.v1+json')).toEqual({ mediaType: 'application/vnd.pypi.simple.v1+json' });
  });

  it('picks the parser from the Content-Type', () => {
    expect(simplePageFormat('application/vnd.pypi.simple.v1+json', URL_).format).toBe('json-v1');
    expect(simplePageFormat('application/vnd.pypi.simple.v1+html; charset=utf-8', URL_)).toEqual({
      format: 'html-v1',
      mediaType: 'application/vnd.pypi.simple.v1+html',
      charset: 'utf-8',
    });
    expect(simplePageFormat('text/html', URL_).format).toBe('html-legacy');
  });

  it.each([
    [undefined, 'without a Content-Type'],
    ['', 'without a Content-Type'],
    ['application/vnd.pypi.simple.v2+json', 'Simple API v2, which is not supported'],
    ['application/vnd.pypi.simple.latest+json', 'Simple API latest'],
    ['application/json', 'application/json, not a Simple Repository API page'],
    ['application/octet-stream', 'not a Simple Repository API page'],
  ])('rejects %j with an IndexError naming the URL', (header, message) => {
    let error: unknown;
    try {
      simplePageFormat(header, URL_);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).message).toContain(message);
    expect((error as IndexError).location?.url).toBe(URL_);
  });
});

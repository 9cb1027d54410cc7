/**
 * Bytes of a page to text. HTML is decoded as browsers do: the Content-Type charset or
 * UTF-8, with U+FFFD for invalid sequences. JSON must be UTF-8 (RFC 8259), and invalid
 * UTF-8 is an error: a JSON page with broken bytes is a broken page.
 */
import { TextDecoder } from 'node:util';
import { IndexError } from '../../errors.js';
import { checkPageSize, type PageLimits } from './limits.js';
import type { PageWarning } from './model.js';
import { pageWarning } from './warnings.js';

/** A page as the caller has it: the response body's bytes, or text already decoded. */
export type PageBody = Uint8Array | string;

export function decodeHtmlPage(body: PageBody, url: string, limits: PageLimits, charset: string | undefined, warnings: PageWarning[]): string {
  checkPageSize(body.length, url, limits);
  if (typeof body === 'string') return body;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8', { fatal: false });
  } catch {
    warnings.push(pageWarning('unknown-charset', `Unknown charset "${charset}"; the page was read as UTF-8`, url, charset ?? ''));
    decoder = new TextDecoder('utf-8', { fatal: false });
  }
  return decoder.decode(body);
}

export function decodeJsonPage(body: PageBody, url: string, limits: PageLimits): string {
  checkPageSize(body.length, url, limits);
  if (typeof body === 'string') return body;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch (cause) {
    throw new IndexError('The JSON page is not valid UTF-8', {
      location: { url },
      expected: 'UTF-8 encoded JSON (RFC 8259)',
      cause,
    });
  }
}

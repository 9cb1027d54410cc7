/**
 * Bounds that keep a hostile or broken page from costing unbounded time or memory.
 * Every parser checks the size first, then caps links while it parses, so a gigantic
 * page ends in an IndexError after linear work. HTML keeps no stack of open elements
 * (html-links.ts), so nesting costs it nothing; JSON nesting is capped before
 * JSON.parse sees the text.
 */
import { IndexError } from '../../errors.js';

export interface PageLimits {
  /** Largest page accepted, in bytes (UTF-16 code units for an already decoded string). */
  maxBytes: number;
  /** Most anchors (HTML) or files/projects (JSON) accepted on one page. */
  maxLinks: number;
  /** Deepest nesting of JSON arrays and objects accepted; Simple API pages nest 4 deep. */
  maxDepth: number;
}

export const DEFAULT_PAGE_LIMITS: Readonly<PageLimits> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  maxLinks: 200_000,
  maxDepth: 128,
});

export function resolveLimits(limits: Partial<PageLimits> | undefined): PageLimits {
  return { ...DEFAULT_PAGE_LIMITS, ...limits };
}

export function checkPageSize(size: number, url: string, limits: PageLimits): void {
  if (size > limits.maxBytes) {
    throw new IndexError(`The page is too large: ${size} bytes, more than the limit of ${limits.maxBytes}`, {
      location: { url },
      expected: `a page of at most ${limits.maxBytes} bytes`,
    });
  }
}

export function tooManyLinks(url: string, limits: PageLimits, what: string): IndexError {
  return new IndexError(`The page lists more than ${limits.maxLinks} ${what}`, {
    location: { url },
    expected: `at most ${limits.maxLinks} ${what} on one page`,
  });
}

export function tooDeep(url: string, limits: PageLimits, what: string): IndexError {
  return new IndexError(`The page nests ${what} more than ${limits.maxDepth} deep`, {
    location: { url },
    expected: `${what} nested at most ${limits.maxDepth} deep`,
  });
}

/**
 * Rejects JSON nested deeper than `maxDepth` before JSON.parse sees it: one linear scan
 * that tracks strings (and their escapes) so brackets inside strings do not count.
 */
export function checkJsonDepth(text: string, url: string, limits: PageLimits): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limits.maxDepth) throw tooDeep(url, limits, 'JSON arrays and objects');
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
}

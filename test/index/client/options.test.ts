/**
 * The shared index options: pip's environment variables, defaults, requirements-file
 * options applied as pip applies them, and what the HTTP client gets.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  DEFAULT_INDEX_URL,
  httpClientOptions,
  indexOptionsFromEnv,
  resolveSourceOptions,
} from '../../../src/index/index.js';
import { indexOptionsFromFlags } from '../../../src/cli/index-flags.js';

describe('index sources', () => {
  it('defaults to PyPI and first-index; --no-index drops every index; duplicates go', () => {
    expect(resolveSourceOptions({})).toEqual({ indexUrls: [DEFAULT_INDEX_URL], findLinks: [], strategy: 'first-index' });
    expect(resolveSourceOptions({ noIndex: true, extraIndexUrls: ['https://x/simple/'], findLinks: ['wheels'] })).toEqual({ indexUrls: [], findLinks: ['wheels'], strategy: 'first-index' });
    expect(resolveSourceOptions({ indexUrl: 'https://a/simple/', extraIndexUrls: ['https://b/simple/', 'https://a/simple/'] }).indexUrls).toEqual(['https://a/simple/', 'https://b/simple/']);
    expect(() => resolveSourceOptions({ indexStrategy: 'unsafe-first-match' as never })).toThrow(UsageError);
  });

  it('reads PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS (whitespace-separated) and PIP_NO_INDEX as pip does', () => {
    expect(
      indexOptionsFromEnv({ PIP_INDEX_URL: 'https://mirror/simple/', PIP_EXTRA_INDEX_URL: ' https://a/simple/\n https://b/simple/ ', PIP_FIND_LINKS: 'wheels other', PIP_NO_INDEX: 'yes' }),
    ).toEqual({ indexUrl: 'https://mirror/simple/', extraIndexUrls: ['https://a/simple/', 'https://b/simple/'], findLinks: ['wheels', 'other'], noIndex: true });
    expect(indexOptionsFromEnv({ PIP_NO_INDEX: 'off' })).toEqual({ noIndex: false });
    expect(() => indexOptionsFromEnv({ PIP_NO_INDEX: 'maybe' })).toThrow(/PIP_NO_INDEX/);
    expect(indexOptionsFromEnv({})).toEqual({});
  });

  it('flags replace their environment variables', () => {
    const env = { PIP_INDEX_URL: 'https://env/simple/', PIP_EXTRA_INDEX_URL: 'https://env-extra/simple/' };
    expect(indexOptionsFromFlags({ 'extra-index-url': ['https://flag/simple/'] }, env)).toEqual({ indexUrl: 'https://env/simple/', extraIndexUrls: ['https://flag/simple/'] });
    expect(indexOptionsFromFlags({ 'index-url': 'https://flag/simple/', 'index-strategy': 'unsafe-best-match', timeout: '2.5', retries: 0, 'no-cache': true }, env)).toEqual({
      indexUrl: 'https://flag/simple/',
      extraIndexUrls: ['https://env-extra/simple/'],
      indexStrategy: 'unsafe-best-match',
      timeoutSeconds: 2.5,
      retries: 0,
      noCache: true,
    });
  });

  it('turns --timeout into every HTTP timeout, and refuses a bad one', () => {
    expect(httpClientOptions({ timeoutSeconds: 2, retries: 1, concurrency: 4, cacheDir: '/c', http: { retries: 7 } })).toEqual({
      connectTimeoutMs: 2000,
      headersTimeoutMs: 2000,
      bodyTimeoutMs: 2000,
      retries: 7,
      concurrency: 4,
      cacheDir: '/c',
    });
    expect(() => httpClientOptions({ timeoutSeconds: Number('soon') })).toThrow(UsageError);
  });
});

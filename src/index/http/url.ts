/**
 * What the client accepts as a location: an http(s) URL, a file:// URL, or a local path
 * (absolute or relative to the working directory), so that local PEP 503 trees and
 * find-links folders go through the same API as remote indexes.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndexError } from '../../errors.js';
import { redactCredentials } from '../../util/redact.js';

/** A URL for `input`; local paths become file:// URLs (a trailing separator is kept). */
export function locationToUrl(input: string | URL): URL {
  if (input instanceof URL) return checkScheme(new URL(input.href));
  // A scheme is two letters or more: `C:\wheels` is a Windows path, not a URL.
  if (/^[a-z][a-z0-9+.-]+:/i.test(input)) {
    let url: URL;
    try {
      url = new URL(input);
    } catch (err) {
      throw new IndexError(`not a valid URL: ${redactCredentials(input)}`, { text: input, expected: 'an http(s) or file URL, or a local path', cause: err });
    }
    return checkScheme(url);
  }
  const resolved = path.resolve(input);
  const url = pathToFileURL(resolved);
  if (/[\\/]$/.test(input) && !url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function checkScheme(url: URL): URL {
  if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'file:') return url;
  throw new IndexError(`unsupported URL scheme ${url.protocol} in ${redactCredentials(url.href)}`, {
    location: { url: url.href },
    text: url.protocol,
    expected: 'http:, https: or file:',
  });
}

/** The URL as it may be shown: userinfo redacted. */
export function displayUrl(url: URL | string): string {
  return redactCredentials(typeof url === 'string' ? url : url.href);
}

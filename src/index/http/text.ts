/**
 * Bytes to text for pages: the charset of the Content-Type (UTF-8 when none; PEP 503 pages
 * are UTF-8), decoded strictly. Invalid bytes are an IndexError naming the URL and, for
 * UTF-8, the offset of the first bad byte.
 */
import { TextDecoder } from 'node:util';
import { IndexError } from '../../errors.js';

export function contentTypeCharset(contentType: string | undefined): string {
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return (m?.[2] ?? 'utf-8').toLowerCase();
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let n: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += n + 1;
  }
  return -1;
}

export function decodeBodyText(body: Uint8Array, contentType: string | undefined, url: string): string {
  const charset = contentTypeCharset(contentType);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch (err) {
    throw new IndexError(`${url} is in an unknown character set`, { location: { url }, text: charset, expected: 'UTF-8 or another charset Node knows', cause: err });
  }
  try {
    return decoder.decode(body);
  } catch (err) {
    const at = decoder.encoding === 'utf-8' ? invalidUtf8Offset(body) : -1;
    const bytes = at >= 0 ? Buffer.from(body.subarray(at, at + 8)).toString('hex') : '';
    throw new IndexError(`${url} is not valid ${decoder.encoding}${at >= 0 ? ` (byte ${at})` : ''}`, {
      location: { url },
      ...(at >= 0 ? { text: `bytes ${bytes} at offset ${at}` } : {}),
      expected: `text encoded in ${decoder.encoding}`,
      cause: err,
    });
  }
}

/**
 * Hash names and hex digests as index pages give them: URL fragments `#sha256=<hex>`
 * (PEP 503), `data-core-metadata="sha256=<hex>"` (PEP 658/714) and JSON `hashes`
 * dictionaries (PEP 691). Digests are validated as hex and lowercased; names known to
 * hashlib must have their digest's exact length.
 */
import type { FileHashes } from './model.js';

/** Hex length of the digest of each fixed-size algorithm in `hashlib.algorithms_guaranteed`. */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = Object.freeze({
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
  sha3_224: 56,
  sha3_256: 64,
  sha3_384: 96,
  sha3_512: 128,
  blake2b: 128,
  blake2s: 64,
});

/** Names recognized in a URL fragment; anything else there (`egg=`, `subdirectory=`) is not a hash. */
export function isKnownHashName(name: string): boolean {
  return Object.hasOwn(DIGEST_HEX_LENGTH, name);
}

/** A hash name as PEP 691 allows (any `hashlib.new()` name): lowercase letters, digits, `_`, `-`. */
const HASH_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const HEX = /^[0-9a-f]+$/;

export type HashCheck = { ok: true; name: string; digest: string } | { ok: false; expected: string };

/** Validates one (name, digest) pair; the name is lowercased (PEP 691: "SHOULD be lowercase"). */
export function checkHash(name: string, digest: string): HashCheck {
  const n = name.toLowerCase();
  if (!HASH_NAME.test(n)) return { ok: false, expected: 'a hash name such as sha256' };
  const d = digest.toLowerCase();
  const length = DIGEST_HEX_LENGTH[n];
  if (!HEX.test(d) || (length !== undefined && d.length !== length)) {
    return {
      ok: false,
      expected: length === undefined ? `a hex-encoded ${n} digest` : `a ${n} digest of ${length} hex digits`,
    };
  }
  return { ok: true, name: n, digest: d };
}

/** Builds a FileHashes from validated pairs, as own data properties only. */
export function hashesFrom(pairs: Iterable<readonly [string, string]>): FileHashes {
  return Object.freeze(Object.fromEntries(pairs));
}

export interface FragmentHashes {
  hashes: FileHashes;
  /** `name=value` parts with a known hash name and a malformed digest. */
  bad: string[];
}

/**
 * The hashes in a URL fragment (without `#`). PEP 503 specifies one `<hashname>=<hex>`;
 * parts are also split on `&`, as pip does, so `#egg=x&sha256=...` still yields its hash.
 * The first value of a name wins.
 */
export function parseHashFragment(fragment: string): FragmentHashes {
  const pairs: [string, string][] = [];
  const bad: string[] = [];
  const seen = new Set<string>();
  for (const part of fragment.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).toLowerCase();
    if (!isKnownHashName(name) || seen.has(name)) continue;
    const check = checkHash(name, part.slice(eq + 1));
    if (check.ok) {
      seen.add(name);
      pairs.push([check.name, check.digest]);
    } else {
      bad.push(part);
    }
  }
  return { hashes: hashesFrom(pairs), bad };
}

/** Hash names in the order a single-hash serialization (HTML fragment) prefers them. */
const PREFERRED = ['sha256', 'sha512', 'sha384', 'sha3_256', 'sha3_512', 'sha3_384', 'blake2b', 'blake2s', 'sha224', 'sha3_224', 'sha1', 'md5'];

/** The one hash to show where only one fits (PEP 503 fragments): sha256 first, then the strongest. */
export function preferredHash(hashes: FileHashes): [string, string] | undefined {
  for (const name of PREFERRED) {
    const d = hashes[name];
    if (d !== undefined && Object.hasOwn(hashes, name)) return [name, d];
  }
  const first = Object.entries(hashes)[0];
  return first;
}

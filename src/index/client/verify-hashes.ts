/**
 * Checking bytes and files against the digests an index gave for them (PEP 503 fragments,
 * PEP 691 `hashes`, PEP 658 `data-core-metadata`). Hash names are hashlib's; Node's
 * crypto names some differently (`sha3_256` is `sha3-256`, `blake2b` is `blake2b512`).
 */
import { createHash, getHashes, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { HashMismatchError } from '../../errors.js';

const NODE_NAMES: Readonly<Record<string, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
};

let available: Set<string> | undefined;

/** Node's name for a hashlib algorithm, or undefined when Node cannot compute it. */
export function nodeHashName(name: string): string | undefined {
  available ??= new Set(getHashes());
  const n = NODE_NAMES[name];
  return n !== undefined && available.has(n) ? n : undefined;
}

/** The digests of `hashes` that can be checked here, sha256 first. */
export function checkableHashes(hashes: Readonly<Record<string, string>>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, digest] of Object.entries(hashes)) if (nodeHashName(name) !== undefined) out.push([name, digest]);
  return out.sort(([a], [b]) => (a === 'sha256' ? -1 : b === 'sha256' ? 1 : 0));
}

function mismatch(label: string, url: string, name: string, actual: string, expected: string): HashMismatchError {
  return new HashMismatchError(`${label} does not match its ${name} hash`, {
    location: { url },
    text: `${name}:${actual}`,
    expected: `${name}:${expected} (as the index says)`,
    hint: 'the index or a proxy served other bytes than it promised; nothing was used',
  });
}

/** Throws HashMismatchError unless `bytes` match every checkable digest in `hashes`. */
export function verifyBytes(bytes: Uint8Array, hashes: Array<[string, string]>, label: string, url: string): void {
  for (const [name, expected] of hashes) {
    const actual = createHash(nodeHashName(name)!).update(bytes).digest('hex');
    if (actual !== expected.toLowerCase()) throw mismatch(label, url, name, actual, expected);
  }
}

/** Throws HashMismatchError unless the file matches every digest of `hashes` (read once). */
export async function verifyFile(file: string, hashes: Array<[string, string]>, label: string, url: string): Promise<void> {
  if (hashes.length === 0) return;
  const hashers: Array<[string, string, Hash]> = hashes.map(([name, expected]) => [name, expected, createHash(nodeHashName(name)!)]);
  for await (const chunk of createReadStream(file)) for (const [, , h] of hashers) h.update(chunk as Buffer);
  for (const [name, expected, h] of hashers) {
    const actual = h.digest('hex');
    if (actual !== expected.toLowerCase()) throw mismatch(label, url, name, actual, expected);
  }
}

/**
 * `--hash=algorithm:hexdigest` on a requirement line. pip 23.2.1 accepts the algorithms
 * it calls strong (sha256, sha384, sha512) and compares digests as written with its own
 * lowercase hex digests, so a digest of the wrong length or in uppercase can never match;
 * pip finds that out at install time, we say so while reading.
 */

/** pip's `STRONG_HASHES`, with the length of each hex digest. */
export const PIP_HASH_ALGORITHMS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

export type HashProblem = { message: string; expected: string; hint?: string };

/** Undefined when `value` is a valid `algo:hex`, else what is wrong with it. */
export function checkHashValue(value: string): HashProblem | undefined {
  const colon = value.indexOf(':');
  if (colon === -1) {
    return { message: 'a --hash value must be a hash name followed by a digest', expected: 'algorithm:hexdigest, like sha256:abcdef...' };
  }
  const algorithm = value.slice(0, colon);
  const digest = value.slice(colon + 1);
  const length = PIP_HASH_ALGORITHMS[algorithm];
  if (length === undefined) {
    return {
      message: `hash algorithm ${JSON.stringify(algorithm)} is not allowed`,
      expected: `one of ${Object.keys(PIP_HASH_ALGORITHMS).join(', ')}`,
    };
  }
  if (!/^[0-9a-fA-F]*$/.test(digest) || digest.length !== length) {
    return {
      message: `a ${algorithm} digest must be ${length} hexadecimal digits`,
      expected: `${length} lowercase hexadecimal digits after "${algorithm}:"`,
    };
  }
  if (digest !== digest.toLowerCase()) {
    return {
      message: `a ${algorithm} digest must be lowercase`,
      expected: `${length} lowercase hexadecimal digits after "${algorithm}:"`,
      hint: 'pip compares digests as written with lowercase ones, so this hash could never match',
    };
  }
  return undefined;
}

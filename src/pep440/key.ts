/**
 * The comparison key of a version: one string whose plain `<` (UTF-16 code unit order)
 * is PEP 440's total order ("Summary of permitted suffixes and relative ordering").
 * Two versions are equal exactly when their keys are equal.
 *
 * Layout (every number as length code unit + digits, see digits.ts):
 *
 *   epoch, release without trailing zeros, TERM,
 *   pre rank [pre number], post rank [post number], dev rank [dev number],
 *   local segments (string: STR chars END, number: INT number)
 *
 * - the release ends with TERM (0x01), below any number, so `1` < `1.1`;
 * - pre rank: dev-only '0' < a '1' < b '2' < rc '3' < none '4' (`1.0.dev1` < `1.0a1` < `1.0`);
 * - post rank: none '0' < post '1'; dev rank: dev '0' < none '1';
 * - a key without local is a prefix of the same key with one, so it sorts first;
 *   string segments (STR 0x02) sort before numeric ones (INT 0x03), a string ends
 *   with END (0x01) so `abc` < `abcd`.
 *
 * The range code (cut.ts) uses strings between keys as cut points; it relies on keys
 * never containing 0x00, and never starting with 0xFFFF. simple-version.ts writes the
 * same layout directly for release-only versions.
 */
import { encodeDigits } from './digits.js';

export type PreReleaseKind = 'a' | 'b' | 'rc';

/** The parsed, normalised parts of a version, numbers as digit strings. */
export interface VersionFields {
  readonly epoch: string;
  readonly release: readonly string[];
  readonly preKind: PreReleaseKind | null;
  readonly preNumber: string;
  readonly post: string | null;
  readonly dev: string | null;
  /** Lower-case segments; numeric segments without leading zeros. */
  readonly local: readonly string[] | null;
}

export const TERM = '\x01';
const STR = '\x02';
const END = '\x01';
const INT = '\x03';
/** Smaller than anything that can follow a complete key: "just after V". */
export const AFTER_EXACT = '\x00';
/** Greater than every key and every number's length code unit. */
export const TOP = '\uffff';

const PRE_RANK: Record<PreReleaseKind, string> = { a: '1', b: '2', rc: '3' };

/** Epoch and release (trailing zeros dropped) then TERM: every version of that release starts with it. */
function releasePrefix(epoch: string, release: readonly string[]): string {
  let end = release.length;
  while (end > 0 && release[end - 1] === '0') end--;
  let out = encodeDigits(epoch);
  for (let i = 0; i < end; i++) out += encodeDigits(release[i]!);
  return out + TERM;
}

/** The pre-release part of the key (rank and number). */
function preKey(f: VersionFields): string {
  if (f.preKind !== null) return PRE_RANK[f.preKind] + encodeDigits(f.preNumber);
  return f.post === null && f.dev !== null ? '0' : '4';
}

function isNumericSegment(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return segment.length > 0;
}

function localKey(local: readonly string[]): string {
  let out = '';
  for (const seg of local) out += isNumericSegment(seg) ? INT + encodeDigits(seg) : STR + seg + END;
  return out;
}

export function versionKey(f: VersionFields): string {
  let key = releasePrefix(f.epoch, f.release) + preKey(f);
  key += f.post === null ? '0' : '1' + encodeDigits(f.post);
  key += f.dev === null ? '1' : '0' + encodeDigits(f.dev);
  if (f.local !== null) key += localKey(f.local);
  return key;
}

/**
 * The point above a version V (no post, no dev), its local versions and every one of its
 * post-releases (and their dev releases): where `>V` starts (PEP 440, "Exclusive ordered
 * comparison").
 */
export function afterPostsKey(f: VersionFields): string {
  return releasePrefix(f.epoch, f.release) + preKey(f) + '1' + TOP;
}

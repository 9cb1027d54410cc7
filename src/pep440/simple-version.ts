/**
 * The fast path for the commonest versions: digits and dots only (`1.2.3`, `2024.1`).
 * Builds the comparison key (key.ts) straight from the character codes, with no
 * intermediate strings, because the resolver parses tens of thousands of these.
 */
import { MAX_DIGITS } from './digits.js';

let codes = new Uint16Array(64);
let starts = new Int32Array(16);
let ends = new Int32Array(16);

/** The canonical text of the last successful `simpleVersionKey` call. */
export let simpleCanonical = '';

/**
 * The key of a release-only version (already stripped of whitespace), or null when the
 * text is not digits separated by single dots. Sets `simpleCanonical`.
 */
export function simpleVersionKey(text: string): string | null {
  const n = text.length;
  let comps = 0;
  let i = 0;
  let leadingZeros = false;
  for (;;) {
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c < 0x30 || c > 0x39) break;
      j++;
    }
    if (j === i) return null;
    let s = i;
    while (s < j - 1 && text.charCodeAt(s) === 0x30) s++;
    if (s > i) leadingZeros = true;
    if (j - s > MAX_DIGITS) return null;
    if (comps === starts.length) {
      starts = grow(starts);
      ends = grow(ends);
    }
    starts[comps] = s;
    ends[comps] = j;
    comps++;
    if (j === n) break;
    if (text.charCodeAt(j) !== 0x2e || j + 1 === n) return null;
    i = j + 1;
  }
  // Trailing zeros do not count (1.0 == 1).
  let last = comps - 1;
  while (last >= 0 && ends[last]! - starts[last]! === 1 && text.charCodeAt(starts[last]!) === 0x30) last--;
  let length = 2 + 4;
  for (let k = 0; k <= last; k++) length += 1 + ends[k]! - starts[k]!;
  if (codes.length < length) codes = new Uint16Array(length * 2);
  // Epoch 0, the release, TERM, no pre-release ('4'), no post ('0'), no dev ('1').
  codes[0] = 0x22;
  codes[1] = 0x30;
  let p = 2;
  for (let k = 0; k <= last; k++) {
    const s = starts[k]!;
    const e = ends[k]!;
    codes[p++] = 0x21 + e - s;
    for (let q = s; q < e; q++) codes[p++] = text.charCodeAt(q);
  }
  codes[p++] = 0x01;
  codes[p++] = 0x34;
  codes[p++] = 0x30;
  codes[p++] = 0x31;
  if (leadingZeros) {
    let canonical = '';
    for (let k = 0; k < comps; k++) canonical += (k === 0 ? '' : '.') + text.slice(starts[k], ends[k]);
    simpleCanonical = canonical;
  } else {
    simpleCanonical = text;
  }
  return String.fromCharCode.apply(null, codes.subarray(0, p) as unknown as number[]);
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * A small version-set implementation for testing the solver (and for the benchmark):
 * versions are dotted numbers ("1.2.0"), sets are sorted unions of intervals. Written
 * here independently of src/pep440 so that the solver is tested on its own.
 */
import type { VersionSetOps } from '../../../../src/resolver/index.js';

export type Version = string;

interface Interval {
  /** undefined: unbounded below */
  readonly lo: Version | undefined;
  readonly loInc: boolean;
  /** undefined: unbounded above */
  readonly hi: Version | undefined;
  readonly hiInc: boolean;
}

export class IntervalSet {
  constructor(readonly intervals: readonly Interval[]) {}
}

const partsCache = new Map<string, number[]>();
function parts(v: Version): number[] {
  let p = partsCache.get(v);
  if (!p) {
    p = v.split('.').map((x) => {
      const n = Number(x);
      if (!Number.isInteger(n) || n < 0) throw new Error(`bad test version ${v}`);
      return n;
    });
    partsCache.set(v, p);
  }
  return p;
}

export function compareVersions(a: Version, b: Version): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Compare lower bounds: unbounded first; inclusive before exclusive at the same version. */
function cmpLo(a: Interval, b: Interval): number {
  if (a.lo === undefined || b.lo === undefined) return (a.lo === undefined ? 0 : 1) - (b.lo === undefined ? 0 : 1);
  return compareVersions(a.lo, b.lo) || (a.loInc === b.loInc ? 0 : a.loInc ? -1 : 1);
}

/** True when `a` ends before `b` starts with a gap (so they cannot merge). */
function endsBefore(a: Interval, b: Interval): boolean {
  if (a.hi === undefined || b.lo === undefined) return false;
  const c = compareVersions(a.hi, b.lo);
  return c < 0 || (c === 0 && !a.hiInc && !b.loInc);
}

/** The later of two upper bounds. */
function maxHi(a: Interval, b: Interval): Pick<Interval, 'hi' | 'hiInc'> {
  if (a.hi === undefined || b.hi === undefined) return { hi: undefined, hiInc: false };
  const c = compareVersions(a.hi, b.hi);
  if (c !== 0) return c > 0 ? { hi: a.hi, hiInc: a.hiInc } : { hi: b.hi, hiInc: b.hiInc };
  return { hi: a.hi, hiInc: a.hiInc || b.hiInc };
}

/** Compare upper bounds: unbounded last; exclusive before inclusive at the same version. */
function cmpHi(a: Interval, b: Interval): number {
  if (a.hi === undefined || b.hi === undefined) return (a.hi === undefined ? 1 : 0) - (b.hi === undefined ? 1 : 0);
  return compareVersions(a.hi, b.hi) || (a.hiInc === b.hiInc ? 0 : a.hiInc ? 1 : -1);
}

/** Intersection of two sorted unions of disjoint intervals, by walking both. */
function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  const xs = a.intervals;
  const ys = b.intervals;
  if (xs.length === 0 || ys.length === 0) return EMPTY;
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < xs.length && j < ys.length) {
    const x = xs[i]!;
    const y = ys[j]!;
    const lo = cmpLo(x, y) >= 0 ? x : y;
    const hi = cmpHi(x, y) <= 0 ? x : y;
    const piece = { lo: lo.lo, loInc: lo.loInc, hi: hi.hi, hiInc: hi.hiInc };
    if (!isEmptyInterval(piece)) out.push(piece);
    if (hi === x) i++;
    else j++;
  }
  return new IntervalSet(out);
}

function sameIntervals(a: IntervalSet, b: IntervalSet): boolean {
  if (a.intervals.length !== b.intervals.length) return false;
  return a.intervals.every((x, k) => {
    const y = b.intervals[k]!;
    return cmpLo(x, y) === 0 && cmpHi(x, y) === 0;
  });
}

function isEmptyInterval(i: Interval): boolean {
  if (i.lo === undefined || i.hi === undefined) return false;
  const c = compareVersions(i.lo, i.hi);
  return c > 0 || (c === 0 && !(i.loInc && i.hiInc));
}

function normalize(items: Interval[]): IntervalSet {
  const sorted = items.filter((i) => !isEmptyInterval(i)).sort(cmpLo);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && !endsBefore(last, i)) out[out.length - 1] = { lo: last.lo, loInc: last.loInc, ...maxHi(last, i) };
    else out.push(i);
  }
  return new IntervalSet(out);
}

function complement(a: IntervalSet): IntervalSet {
  const out: Interval[] = [];
  // The end of the previous interval; null while the gap starts at -infinity.
  let prev: { v: Version; inc: boolean } | null = null;
  for (const i of a.intervals) {
    if (i.lo !== undefined) {
      out.push({ lo: prev?.v, loInc: prev !== null && !prev.inc, hi: i.lo, hiInc: !i.loInc });
    }
    if (i.hi === undefined) return normalize(out);
    prev = { v: i.hi, inc: i.hiInc };
  }
  out.push({ lo: prev?.v, loInc: prev !== null && !prev.inc, hi: undefined, hiInc: false });
  return normalize(out);
}

/** Binary search for the last interval starting at or below v, then a bound check. */
function contains(a: IntervalSet, v: Version): boolean {
  const xs = a.intervals;
  let lo = 0;
  let hi = xs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = xs[mid]!;
    const c = x.lo === undefined ? -1 : compareVersions(x.lo, v);
    if (c < 0 || (c === 0 && x.loInc)) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return false;
  const x = xs[found]!;
  if (x.hi === undefined) return true;
  const c = compareVersions(v, x.hi);
  return c < 0 || (c === 0 && x.hiInc);
}

function intervalToString(i: Interval): string {
  if (i.lo !== undefined && i.hi !== undefined && i.lo === i.hi) return `==${i.lo}`;
  const out: string[] = [];
  if (i.lo !== undefined) out.push(`${i.loInc ? '>=' : '>'}${i.lo}`);
  if (i.hi !== undefined) out.push(`${i.hiInc ? '<=' : '<'}${i.hi}`);
  return out.length === 0 ? '*' : out.join(',');
}

function setToString(a: IntervalSet): string {
  const xs = a.intervals;
  if (xs.length === 0) return '<empty>';
  // (<v) ∪ (>v) is written !=v.
  if (
    xs.length === 2 &&
    xs[0]!.lo === undefined &&
    xs[1]!.hi === undefined &&
    xs[0]!.hi !== undefined &&
    xs[0]!.hi === xs[1]!.lo &&
    !xs[0]!.hiInc &&
    !xs[1]!.loInc
  ) {
    return `!=${xs[0]!.hi}`;
  }
  return xs.map(intervalToString).join(' || ');
}

const FULL: IntervalSet = new IntervalSet([{ lo: undefined, loInc: false, hi: undefined, hiInc: false }]);
const EMPTY: IntervalSet = new IntervalSet([]);

export const intervalOps: VersionSetOps<Version, IntervalSet> = {
  full: () => FULL,
  empty: () => EMPTY,
  singleton: (v) => new IntervalSet([{ lo: v, loInc: true, hi: v, hiInc: true }]),
  union: (a, b) => normalize([...a.intervals, ...b.intervals]),
  complement,
  intersect,
  isEmpty: (a) => a.intervals.length === 0,
  contains,
  isSubsetOf: (a, b) => sameIntervals(intersect(a, b), a),
  equals: sameIntervals,
  toString: setToString,
  versionToString: (v) => v,
  compare: compareVersions,
  between: (lo, hi) => normalize([{ lo, loInc: true, hi, hiInc: false }]),
};

/**
 * Parses a test range: `*`, `==1.0`, `>=1.0,<2.0` (comma = and), `^1.0.0` (pub's caret:
 * `>=1.0.0,<2.0.0`), `a || b` (or), `!=1.0`.
 */
export function range(text: string): IntervalSet {
  return text
    .split('||')
    .map((alt) =>
      alt
        .split(',')
        .map((c) => clause(c.trim()))
        .reduce((x, y) => intervalOps.intersect(x, y), FULL),
    )
    .reduce((x, y) => intervalOps.union(x, y), EMPTY);
}

function clause(c: string): IntervalSet {
  if (c === '*' || c === '') return FULL;
  const m = /^(==|!=|>=|<=|>|<|\^)?\s*(\d+(?:\.\d+)*)$/.exec(c);
  if (!m) throw new Error(`bad test range clause ${JSON.stringify(c)}`);
  const v = m[2]!;
  switch (m[1] ?? '==') {
    case '==':
      return intervalOps.singleton(v);
    case '!=':
      return complement(intervalOps.singleton(v));
    case '>=':
      return normalize([{ lo: v, loInc: true, hi: undefined, hiInc: false }]);
    case '>':
      return normalize([{ lo: v, loInc: false, hi: undefined, hiInc: false }]);
    case '<=':
      return normalize([{ lo: undefined, loInc: false, hi: v, hiInc: true }]);
    case '<':
      return normalize([{ lo: undefined, loInc: false, hi: v, hiInc: false }]);
    default: {
      // ^1.2.3 → <2.0.0; ^0.2.3 → <0.3.0 (pub's caret).
      const p = parts(v);
      const major = p[0] ?? 0;
      const upper = major > 0 ? `${major + 1}.0.0` : `0.${(p[1] ?? 0) + 1}.0`;
      return normalize([{ lo: v, loInc: true, hi: upper, hiInc: false }]);
    }
  }
}

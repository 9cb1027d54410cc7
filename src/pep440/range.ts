/**
 * Version ranges: a sorted union of disjoint intervals of versions, the currency of the
 * resolver (PubGrub terms are ranges). Immutable.
 *
 * Membership is exactly `SpecifierSet.contains(v, { prereleases: true })` for ranges
 * built from specifiers: the pre-release *policy* is not part of a range; the resolver's
 * provider applies it. Intervals are half-open between canonical cuts (cut.ts), so
 * emptiness, equality and adjacency are plain string comparisons.
 *
 * `===` (arbitrary equality) compares strings, which a set of versions cannot express:
 * its range is the versions equal to the named one (`===1.0` holds `1.0` and `1.0.0`,
 * not `1.0+local`), and nothing when the string is not a PEP 440 version. See
 * test/pep440/deviations.ts.
 */
import { incrementDigits } from './digits.js';
import { Cut } from './cut.js';
import { formatRange } from './range-format.js';
import type { Specifier } from './specifier.js';
import type { SpecifierSet } from './specifier-set.js';
import { Version } from './version.js';

export interface VersionInterval {
  /** Versions at or above this cut... */
  readonly lower: Cut;
  /** ...and below this one. */
  readonly upper: Cut;
}

export class VersionRange {
  private static readonly FULL = new VersionRange([Cut.MIN, Cut.MAX]);
  private static readonly EMPTY = new VersionRange([]);

  /** [lower0, upper0, lower1, upper1, ...]; canonical: every lower < its upper < the next lower. */
  private readonly cuts: readonly Cut[];
  private keyCache: string | undefined;

  private constructor(cuts: readonly Cut[]) {
    this.cuts = cuts;
  }

  /** Every version. */
  static full(): VersionRange {
    return VersionRange.FULL;
  }
  /** No version. */
  static empty(): VersionRange {
    return VersionRange.EMPTY;
  }
  /** Exactly `v` (and the versions equal to it, such as `1.0.0` for `1.0`), not its local versions. */
  static singleton(v: Version): VersionRange {
    return VersionRange.between(Cut.before(v), Cut.after(v));
  }
  /** `v` and every version above it (`>=v`). PubGrub's `higher_than`. */
  static atLeast(v: Version): VersionRange {
    return VersionRange.between(Cut.before(v), Cut.MAX);
  }
  /** Same as `atLeast`: `v` and above. */
  static higherThan(v: Version): VersionRange {
    return VersionRange.atLeast(v);
  }
  /** Versions above `v` in plain version order (`v`'s local and post-releases included). */
  static greaterThan(v: Version): VersionRange {
    return VersionRange.between(Cut.after(v), Cut.MAX);
  }
  /** Versions below `v` in plain version order (`v`'s pre-releases included). PubGrub's `strictly_lower_than`. */
  static lessThan(v: Version): VersionRange {
    return VersionRange.between(Cut.MIN, Cut.before(v));
  }
  /** Same as `lessThan`: strictly below `v`. */
  static lowerThan(v: Version): VersionRange {
    return VersionRange.lessThan(v);
  }
  /** `v` and every version below it in plain version order (not `v`'s local versions). */
  static atMost(v: Version): VersionRange {
    return VersionRange.between(Cut.MIN, Cut.after(v));
  }
  /** The versions at or above `lower` and below `upper`. */
  static between(lower: Cut | Version, upper: Cut | Version): VersionRange {
    const lo = lower instanceof Version ? Cut.before(lower) : lower;
    const hi = upper instanceof Version ? Cut.before(upper) : upper;
    return lo.key < hi.key ? new VersionRange([lo, hi]) : VersionRange.EMPTY;
  }

  /** The versions one specifier admits (pre-releases included). */
  static fromSpecifier(spec: Specifier): VersionRange {
    return spec.toRange();
  }
  /** The versions a specifier set admits (pre-releases included); the full range when empty. */
  static fromSpecifierSet(set: SpecifierSet): VersionRange {
    return set.toRange();
  }

  /** The intervals, lowest first. */
  get intervals(): readonly VersionInterval[] {
    const out: VersionInterval[] = [];
    for (let i = 0; i < this.cuts.length; i += 2) out.push({ lower: this.cuts[i]!, upper: this.cuts[i + 1]! });
    return out;
  }

  isEmpty(): boolean {
    return this.cuts.length === 0;
  }
  isFull(): boolean {
    return this.cuts.length === 2 && this.cuts[0] === Cut.MIN && this.cuts[1] === Cut.MAX;
  }

  contains(v: Version): boolean {
    return this.containsKey(v.key);
  }

  /** Membership by `Version.key`. */
  containsKey(key: string): boolean {
    const cuts = this.cuts;
    const n = cuts.length;
    if (n <= 8) {
      for (let i = 0; i < n; i += 2) {
        if (key < cuts[i]!.key) return false;
        if (key < cuts[i + 1]!.key) return true;
      }
      return false;
    }
    // Binary search for the last interval whose lower cut is at or below the key.
    let lo = 0;
    let hi = n / 2 - 1;
    if (key < cuts[0]!.key) return false;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cuts[mid * 2]!.key <= key) lo = mid;
      else hi = mid - 1;
    }
    return key < cuts[lo * 2 + 1]!.key;
  }

  intersect(other: VersionRange): VersionRange {
    const a = this.cuts;
    const b = other.cuts;
    if (a.length === 0 || b.length === 0) return VersionRange.EMPTY;
    if (this.isFull()) return other;
    if (other.isFull()) return this;
    const out: Cut[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const lo = a[i]!.key >= b[j]!.key ? a[i]! : b[j]!;
      const aHi = a[i + 1]!;
      const bHi = b[j + 1]!;
      const hi = aHi.key <= bHi.key ? aHi : bHi;
      if (lo.key < hi.key) out.push(lo, hi);
      if (aHi.key < bHi.key) i += 2;
      else j += 2;
    }
    return VersionRange.of(out);
  }

  union(other: VersionRange): VersionRange {
    const a = this.cuts;
    const b = other.cuts;
    if (a.length === 0) return other;
    if (b.length === 0) return this;
    const out: Cut[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      let lo: Cut;
      let hi: Cut;
      if (j >= b.length || (i < a.length && a[i]!.key <= b[j]!.key)) {
        lo = a[i]!;
        hi = a[i + 1]!;
        i += 2;
      } else {
        lo = b[j]!;
        hi = b[j + 1]!;
        j += 2;
      }
      const last = out.length - 1;
      if (last > 0 && lo.key <= out[last]!.key) {
        if (hi.key > out[last]!.key) out[last] = hi;
      } else {
        out.push(lo, hi);
      }
    }
    return VersionRange.of(out);
  }

  complement(): VersionRange {
    const a = this.cuts;
    if (a.length === 0) return VersionRange.FULL;
    const out: Cut[] = [];
    if (a[0] !== Cut.MIN) out.push(Cut.MIN, a[0]!);
    for (let i = 1; i < a.length - 1; i += 2) out.push(a[i]!, a[i + 1]!);
    if (a[a.length - 1] !== Cut.MAX) out.push(a[a.length - 1]!, Cut.MAX);
    return VersionRange.of(out);
  }

  /** The versions in this range and not in `other`. */
  difference(other: VersionRange): VersionRange {
    return this.intersect(other.complement());
  }

  /** Whether every version of this range is in `other`. */
  isSubsetOf(other: VersionRange): boolean {
    const a = this.cuts;
    const b = other.cuts;
    let j = 0;
    for (let i = 0; i < a.length; i += 2) {
      const lo = a[i]!.key;
      const hi = a[i + 1]!.key;
      // Skip the intervals of `other` that end at or below this interval's start.
      while (j < b.length && b[j + 1]!.key <= lo) j += 2;
      if (j >= b.length || b[j]!.key > lo || b[j + 1]!.key < hi) return false;
    }
    return true;
  }

  isSupersetOf(other: VersionRange): boolean {
    return other.isSubsetOf(this);
  }

  /** Whether no version is in both ranges. */
  isDisjoint(other: VersionRange): boolean {
    const a = this.cuts;
    const b = other.cuts;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const lo = a[i]!.key >= b[j]!.key ? a[i]!.key : b[j]!.key;
      const aHi = a[i + 1]!.key;
      const bHi = b[j + 1]!.key;
      if (lo < (aHi <= bHi ? aHi : bHi)) return false;
      if (aHi < bHi) i += 2;
      else j += 2;
    }
    return true;
  }

  /** Same set of versions. */
  equals(other: VersionRange): boolean {
    if (this === other) return true;
    const a = this.cuts;
    const b = other.cuts;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i]!.key !== b[i]!.key) return false;
    return true;
  }

  /** A string equal for equal ranges and different otherwise (for Map keys). */
  toKey(): string {
    if (this.keyCache === undefined) this.keyCache = this.cuts.map((c) => c.key).join('\uffff');
    return this.keyCache;
  }

  /**
   * For people: specifier syntax where it says exactly this set (`>=1.0, <2.0`, `==1.5`,
   * `!=1.5`, `==1.*`, `~=1.4.2`, `*`, `<1.0 | >=2.0.dev0`), and a short note in
   * parentheses where no specifier can (`<2.0 (incl. pre-releases of 2.0)`); `∅` for
   * the empty range.
   */
  toString(): string {
    return formatRange(this.intervals);
  }

  /** Builds a range from canonical cuts already sorted, disjoint and non-adjacent. */
  private static of(cuts: Cut[]): VersionRange {
    if (cuts.length === 0) return VersionRange.EMPTY;
    if (cuts.length === 2 && cuts[0] === Cut.MIN && cuts[1] === Cut.MAX) return VersionRange.FULL;
    return new VersionRange(cuts);
  }

  /** Builds a range from intervals in any order; empty ones are dropped, overlapping ones merged. */
  static fromIntervals(intervals: Iterable<VersionInterval>): VersionRange {
    let out = VersionRange.EMPTY;
    for (const { lower, upper } of intervals) out = out.union(VersionRange.between(lower, upper));
    return out;
  }
}

/** The range of one specifier (PEP 440 "Version specifiers"), as packaging 26 defines it. */
export function specifierRange(operator: string, version: Version | null, wildcard: boolean): VersionRange {
  if (version === null) return VersionRange.empty();
  if (wildcard) {
    const f = version.fields;
    const lo = Cut.beforeRelease(f.epoch, f.release);
    const next = f.release.slice();
    next[next.length - 1] = incrementDigits(next[next.length - 1]!);
    const hi = Cut.beforeRelease(f.epoch, next);
    const inside = VersionRange.between(lo, hi);
    return operator === '==' ? inside : inside.complement();
  }
  switch (operator) {
    case '===':
      return VersionRange.singleton(version);
    case '>=':
      return VersionRange.between(Cut.before(version), Cut.MAX);
    case '<=':
      return VersionRange.between(Cut.MIN, Cut.afterLocals(version));
    case '>': {
      // `>V` excludes V's post-releases unless V is one; never V's local versions.
      const f = version.fields;
      const lo = f.dev !== null || f.post !== null ? Cut.afterLocals(version) : Cut.afterPosts(version);
      return VersionRange.between(lo, Cut.MAX);
    }
    case '<': {
      // `<V` excludes V's pre-releases unless V is one: below V.dev0.
      const bound = version.isPrerelease ? version : Version.fromFields({ ...version.fields, dev: '0', local: null });
      return VersionRange.between(Cut.MIN, Cut.before(bound));
    }
    case '==':
    case '!=': {
      // Without a local label, `==V` admits V's local versions too.
      const upper = version.hasLocal ? Cut.after(version) : Cut.afterLocals(version);
      const inside = VersionRange.between(Cut.before(version), upper);
      return operator === '==' ? inside : inside.complement();
    }
    case '~=': {
      // `~=V.N` is `>=V.N, ==V.*` (PEP 440 "Compatible release").
      const f = version.fields;
      const prefix = f.release.slice(0, -1);
      prefix[prefix.length - 1] = incrementDigits(prefix[prefix.length - 1]!);
      return VersionRange.between(Cut.before(version), Cut.beforeRelease(f.epoch, prefix));
    }
    default:
      throw new RangeError(`unknown specifier operator ${operator}`);
  }
}

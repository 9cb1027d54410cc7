/**
 * The PubGrub solver bound to PEP 440: versions are `Version`, sets of versions are
 * `VersionRange` (sorted unions of intervals). Pre-release policy is not part of a range;
 * the provider applies it to the candidates it lists.
 */
import { Cut } from '../pep440/cut.js';
import { VersionRange } from '../pep440/range.js';
import { Version } from '../pep440/version.js';
import type { VersionSetOps } from './pubgrub/version-set.js';

/** A range in the words users write; `==1.0` rather than `==1.0 (excl. local versions)`. */
function describeRange(range: VersionRange): string {
  const intervals = range.intervals;
  if (intervals.length === 1) {
    const { lower } = intervals[0]!;
    if (lower.kind === 'before' && lower.version !== null && range.equals(VersionRange.singleton(lower.version))) {
      return `==${lower.version}`;
    }
  }
  return range.toString();
}

export const pep440VersionSets: VersionSetOps<Version, VersionRange> = {
  full: () => VersionRange.full(),
  empty: () => VersionRange.empty(),
  singleton: (v) => VersionRange.singleton(v),
  intersect: (a, b) => a.intersect(b),
  union: (a, b) => a.union(b),
  complement: (a) => a.complement(),
  isEmpty: (a) => a.isEmpty(),
  contains: (a, v) => a.contains(v),
  isSubsetOf: (a, b) => a.isSubsetOf(b),
  equals: (a, b) => a.equals(b),
  toString: describeRange,
  versionToString: (v) => v.toString(),
  compare: (a, b) => Version.compare(a, b),
  between: (lower, upper) => VersionRange.between(lower === undefined ? Cut.MIN : Cut.before(lower), upper === undefined ? Cut.MAX : Cut.before(upper)),
};

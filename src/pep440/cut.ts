/**
 * Cuts: the points between versions that bound a `VersionRange`.
 *
 * A cut splits every version into "below" and "at or above". Each cut is a string
 * compared with version keys (key.ts): a version is at or above the cut when
 * `version.key >= cut.key`. Besides "just below V" (V's own key) PEP 440's exclusive
 * comparisons need cuts that are not versions:
 *
 * - `after(V)`: just above V, below V's local versions (`V.key + "\x00"`);
 * - "after V's local versions" (`<=V`, `==V`): becomes `before(least version above them)`;
 * - `afterPosts(V)`: above V, its local versions and all its post-releases (`>V`);
 * - "below every pre-release of V" (`<V`): `before(V.dev0)`.
 *
 * Cuts are canonical: when a least version at or above the cut exists, the cut is
 * `before(that version)`, and `before(0.dev0)` (the least version of all) is `MIN`.
 * So an interval [lo, hi) holds a version exactly when `lo.key < hi.key`, and two
 * ranges are the same set exactly when their cuts are the same strings.
 */
import { incrementDigits } from './digits.js';
import { AFTER_EXACT, TOP, afterPostsKey, type VersionFields } from './key.js';
import { Version } from './version.js';

export type CutKind = 'min' | 'max' | 'before' | 'after' | 'afterPosts';

/** Key of `0.dev0`, the least version there is. */
const LEAST_KEY = Version.parse('0.dev0').key;

export class Cut {
  /** Below every version. */
  static readonly MIN = new Cut('', 'min', null);
  /** Above every version. */
  static readonly MAX = new Cut(TOP, 'max', null);

  private constructor(
    /** Compared with `Version.key`: versions at or above the cut have `key >= cut.key`. */
    readonly key: string,
    /**
     * `before`: just below `version` (so a lower bound includes it, an upper bound
     * excludes it); `after`: just above `version`, below its local versions;
     * `afterPosts`: above `version`, its local versions and its post-releases.
     */
    readonly kind: CutKind,
    readonly version: Version | null,
  ) {}

  /** Just below `v`. */
  static before(v: Version): Cut {
    return v.key === LEAST_KEY ? Cut.MIN : new Cut(v.key, 'before', v);
  }

  /** Just above `v` in version order (below `v`'s local versions, if `v` has none). */
  static after(v: Version): Cut {
    return new Cut(v.key + AFTER_EXACT, 'after', v);
  }

  /** Above `v` (which has no local label) and every local version of it: `<=V`, `==V`. */
  static afterLocals(v: Version): Cut {
    const f = v.fields;
    let next: VersionFields;
    if (f.dev !== null) next = { ...f, dev: incrementDigits(f.dev), local: null };
    else if (f.post !== null) next = { ...f, post: incrementDigits(f.post), dev: '0', local: null };
    else next = { ...f, post: '0', dev: '0', local: null };
    return Cut.before(Version.fromFields(next));
  }

  /** Above `v` (no post, no dev), its local versions and all of its post-releases: `>V`. */
  static afterPosts(v: Version): Cut {
    const f = v.fields;
    if (f.preKind !== null) {
      // The least version above 1.0a1 and its post-releases is 1.0a2.dev0.
      return Cut.before(
        Version.fromFields({ ...f, preNumber: incrementDigits(f.preNumber), post: null, dev: '0', local: null }),
      );
    }
    return new Cut(afterPostsKey(f), 'afterPosts', v.public);
  }

  /** Below every version of the release `epoch!release` (its `.dev0`). */
  static beforeRelease(epoch: string, release: readonly string[]): Cut {
    return Cut.before(Version.fromFields({ epoch, release, preKind: null, preNumber: '0', post: null, dev: '0', local: null }));
  }
}

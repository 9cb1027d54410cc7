/**
 * The marker each pin of a lock is written with: its own `marker`, or, when it serves only
 * some of the lock's targets and has none, the marker that selects exactly those targets
 * (markerForTargets). Before anything is written the pins are checked: a project pinned
 * more than once needs a marker on every pin, and no target may be served by two pins of
 * the same project.
 */
import { LockfileError } from '../errors.js';
import { canonicalizeName } from '../pep508/name.js';
import { checkMarkerText } from './marker-text.js';
import type { Lock, LockedPackage } from './model.js';
import { markerForTargets } from './target-marker.js';

function pinName(pkg: LockedPackage): string {
  return pkg.version === '' ? pkg.name : `${pkg.name} ${pkg.version}`;
}

/** The marker `pkg` is written with; undefined when it serves every target. */
export function packageMarker(lock: Lock, pkg: LockedPackage, options: { lockFile?: boolean } = {}): string | undefined {
  if (pkg.marker !== undefined && pkg.marker.trim() !== '') {
    const problem = checkMarkerText(pkg.marker, options);
    if (problem) {
      throw new LockfileError(`invalid marker of ${pinName(pkg)}: ${problem.message}`, { text: pkg.marker, expected: problem.expected });
    }
    return pkg.marker.trim();
  }
  if (pkg.targets.length === 0 || lock.targets.length === 0) return undefined;
  const result = markerForTargets(lock.targets, pkg.targets);
  if (result.kind === 'all') return undefined;
  if (result.kind === 'marker') return result.marker;
  throw new LockfileError(`cannot write a marker for ${pinName(pkg)}, pinned for target ${result.inside} but not for ${result.outside}: ${result.message}`, {
    text: pkg.targets.join(', '),
    expected: 'pins whose targets markers can tell apart',
    hint: `pin one version of ${pkg.name} for both targets, or lock them separately`,
  });
}

/** Checks that pins of the same project have markers and serve disjoint targets. */
export function checkRepeatedPins(lock: Lock): void {
  const byName = new Map<string, LockedPackage[]>();
  for (const pkg of lock.packages) {
    const key = canonicalizeName(pkg.name);
    byName.set(key, [...(byName.get(key) ?? []), pkg]);
  }
  for (const [name, pins] of byName) {
    if (pins.length < 2) continue;
    const seen = new Map<string, LockedPackage>();
    for (const pin of pins) {
      const bare = (pin.marker === undefined || pin.marker.trim() === '') && (pin.targets.length === 0 || pin.targets.length === lock.targets.length);
      if (bare) {
        throw new LockfileError(`${name} is pinned ${pins.length} times, and the pin ${pinName(pin)} applies everywhere`, {
          text: pins.map(pinName).join(', '),
          expected: 'one pin per project, or pins with markers (or targets) that do not overlap',
        });
      }
      for (const target of pin.targets) {
        const other = seen.get(target);
        if (other) {
          throw new LockfileError(`target ${target} has two pins of ${name}: ${pinName(other)} and ${pinName(pin)}`, {
            text: target,
            expected: 'at most one pin of a project per target',
          });
        }
        seen.set(target, pin);
      }
    }
  }
}

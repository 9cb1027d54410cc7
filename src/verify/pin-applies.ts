/**
 * Whether a locked pin serves a target, and which cell statuses pass.
 */
import type { LockTarget } from '../lockfile/model.js';
import type { VerifyStatus } from './contract.js';
import type { VerifyLock, VerifyPin } from './verify-lock.js';

/** Statuses that do not fail the check. */
export const PASSING_STATUSES: readonly VerifyStatus[] = ['ok', 'not-applicable', 'needs-build'];

/** Whether a pin serves a target: the lock's target list, else its marker (absent = every target). */
export function pinApplies(pin: VerifyPin, target: LockTarget, lock: Pick<VerifyLock, 'pylockMarkers'>): boolean {
  if (pin.targets) return pin.targets.includes(target.name);
  if (!pin.marker) return true;
  return lock.pylockMarkers ? pin.marker.evaluate(target.markerEnvironment, [], []) : pin.marker.evaluate(target.markerEnvironment);
}

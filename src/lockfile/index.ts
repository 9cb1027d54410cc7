/**
 * Lockfiles: the lock as data (model.ts) and its files — pip-compile style requirements.txt,
 * PEP 751 pylock.toml, the JSON report — written atomically; the markers that select targets.
 */
export type {
  AttestationIdentity,
  DirectReference,
  DistributionKind,
  /** The lock's FileHashes (sha256 required); the index pages have their own FileHashes. */
  FileHashes as LockedFileHashes,
  HashPolicy,
  Lock,
  LockedDependency,
  LockedFile,
  LockedPackage,
  LockOptions,
  LockTarget,
} from './model.js';
export { markerForTargets, describeTargetMarker, DISTINGUISHING_VARIABLES, type DistinguishingVariable, type TargetMarkerResult } from './target-marker.js';
export { packageMarker, checkRepeatedPins } from './package-markers.js';
export { lockToRequirementsTxt, pinVcsRevision, UNSAFE_PACKAGES, type LockToRequirementsTxtOptions } from './requirements-txt-writer.js';
export {
  readRequirementsLock,
  readExistingPins,
  type ExistingPin,
  type FileKnownByHash,
  type ReadRequirementsLockOptions,
  type RequirementsLock,
  type RequirementsLockOptions,
  type RequirementsLockPin,
} from './requirements-txt-reader.js';
export { lockToPylock, type LockToPylockOptions } from './pylock-writer.js';
export { readPylock, readPylockFile, type PylockRead, type ReadPylockOptions } from './pylock-reader.js';
export { lockToJson, LOCK_REPORT_VERSION, type LockDiagnostic, type LockReport, type LockReportExtra, type LockReportFile, type LockReportPackage } from './json-report.js';
export { writeLockfileAtomic } from './atomic-write.js';
export { normalizeUploadTime } from './upload-time.js';

/**
 * Resolution: the PubGrub solver and its provider interface; the PEP 440-bound resolver
 * (`resolveLock`) that locks requirements for several targets through a PackageIndex.
 */
export * from './pubgrub/index.js';
export type { LockRequest, LockResult, PrereleasePolicy, ResolutionStrategy, ResolveLock, RootInput } from './lock-request.js';
export { resolveLock, createResolveLock, type ResolveLockOptions } from './resolve-lock.js';
export { LockResolutionError, type TargetFailure } from './lock-resolution-error.js';
export { lockTarget, type TargetMarkerFunction } from './merge-lock.js';
export { pep440VersionSets } from './version-sets.js';
export { packageId, splitPackageId, projectOf, type PackageId } from './package-id.js';
export { directCandidate, type DirectCandidate } from './direct-reference.js';
export { prefetchClosure, type ClosurePrefetch, type ClosurePrefetchOptions, type ClosureRoot } from './prefetch-closure.js';

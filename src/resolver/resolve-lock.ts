/**
 * `resolveLock`: the resolver's entry point (contract in lock-request.ts). One PubGrub
 * resolution per target, all at once over one ProjectCatalog (so a page or a metadata file
 * is fetched once for every target), merged into one Lock.
 */
import { ResolutionError, UsageError } from '../errors.js';
import type { PackageIndex } from '../index/package-index.js';
import type { Lock } from '../lockfile/model.js';
import { markerForTargets } from '../lockfile/target-marker.js';
import { Version } from '../pep440/version.js';
import { LockResolutionError, type TargetFailure } from './lock-resolution-error.js';
import type { LockRequest, LockResult, ResolveLock } from './lock-request.js';
import { lockTarget, mergeResolutions, type TargetMarkerFunction } from './merge-lock.js';
import { PrereleaseRule } from './policies/prereleases.js';
import { ProjectCatalog } from './project-catalog.js';
import { NoSolutionError } from './pubgrub/no-solution-error.js';
import { planRoots, targetRoots } from './root-plan.js';
import { resolveTarget, type TargetResolution } from './resolve-target.js';
import { Warnings } from './warnings.js';

export interface ResolveLockOptions {
  /** Builds the marker that selects a subset of the lock's targets (default: src/lockfile's `markerForTargets`). */
  markerForTargets: TargetMarkerFunction;
}

/** A `resolveLock` with its marker builder given. */
export function createResolveLock(options: ResolveLockOptions): ResolveLock {
  return (request, index, signal) => lockResolution(request, index, options, signal);
}

async function lockResolution(request: LockRequest, index: PackageIndex, options: ResolveLockOptions, signal?: AbortSignal): Promise<LockResult> {
  checkTargets(request);
  const warnings = new Warnings();
  const catalog = new ProjectCatalog(index, warnings);
  const plan = planRoots(request, (m) => warnings.add(m));
  const prereleases = new PrereleaseRule(request.prerelease, plan.explicitPrereleases);
  // Every root project's page is wanted at once, by every target.
  for (const input of request.requirements) if (input.requirement.url === null) catalog.prefetchProject(input.requirement.canonicalName);

  const settled = await Promise.allSettled(
    request.targets.map((target) =>
      resolveTarget(
        {
          target,
          python: targetPython(target.name, target.markers.python_full_version),
          request,
          plan,
          roots: targetRoots(plan, request, target),
          catalog,
          prereleases,
          warnings,
        },
        signal,
      ),
    ),
  );
  const failures: TargetFailure[] = [];
  const resolutions: TargetResolution[] = [];
  for (const [i, s] of settled.entries()) {
    if (s.status === 'fulfilled') resolutions.push(s.value);
    else if (s.reason instanceof NoSolutionError) failures.push({ target: request.targets[i]!.name, error: s.reason });
  }
  // Anything but "no solution" (the network, an abort, a bug) is reported as it is.
  const other = settled.find((s) => s.status === 'rejected' && !(s.reason instanceof NoSolutionError));
  if (other !== undefined) throw (other as PromiseRejectedResult).reason;
  if (failures.length > 0) throw new LockResolutionError(failures, request.targets.length);

  const targets = request.targets.map(lockTarget);
  const packages = await mergeResolutions(resolutions, targets, { hashPolicy: request.hashPolicy, catalog, markerForTargets: options.markerForTargets });
  const lock: Lock = {
    targets,
    packages,
    hashPolicy: request.hashPolicy,
    options: request.options,
    inputs: [...request.inputs],
  };
  return { lock, warnings: warnings.list() };
}

function checkTargets(request: LockRequest): void {
  if (request.targets.length === 0) throw new UsageError('a lock needs at least one target', { expected: 'one or more targets' });
  const seen = new Set<string>();
  for (const t of request.targets) {
    if (seen.has(t.name)) throw new UsageError(`the target ${t.name} is given twice`, { text: t.name, expected: 'distinct target names' });
    seen.add(t.name);
  }
}

function targetPython(name: string, text: string): Version {
  const v = Version.tryParse(text);
  if (v === null) {
    throw new ResolutionError(`target ${name} has no usable Python version (python_full_version ${JSON.stringify(text)})`, {
      text,
      expected: 'a Python version such as 3.12.0',
    });
  }
  return v;
}

/** The resolver's entry point (see lock-request.ts). */
export const resolveLock: ResolveLock = createResolveLock({ markerForTargets });

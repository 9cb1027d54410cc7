/**
 * One target's resolution: PubGrub over `VersionRange` with the target's provider, then
 * what the lock needs of each chosen project (version, extras, files, dependencies, why).
 */
import { InternalError } from '../errors.js';
import type { DistributionFile } from '../index/package-index.js';
import type { LockedDependency } from '../lockfile/model.js';
import type { Version } from '../pep440/version.js';
import type { DirectCandidate } from './direct-reference.js';
import type { FileRules } from './file-selection.js';
import { projectOf, splitPackageId } from './package-id.js';
import { solve } from './pubgrub/solver.js';
import type { SolverStats } from './pubgrub/provider.js';
import { lockedDependency, TargetProvider, type TargetSettings } from './target-provider.js';
import { pep440VersionSets } from './version-sets.js';
import { yankedReason } from './policies/yanked.js';

/** A project as one target's resolution pinned it. */
export interface TargetPin {
  readonly name: string;
  readonly version: Version;
  readonly direct?: DirectCandidate;
  /** Extras something asked for (PEP 685-normalised). */
  readonly extras: Set<string>;
  /** The files the target may use, best first. */
  readonly usable: readonly DistributionFile[];
  /** Every file of the release, and the rules that judged them on this target. */
  readonly files: readonly DistributionFile[];
  readonly rules: FileRules;
  readonly requiresPython?: string;
  /** Dependency edges, by a key that tells them apart. */
  readonly dependencies: Map<string, LockedDependency>;
  /** Projects whose chosen version depends on this one. */
  readonly parents: Set<string>;
  /** `# via` words of the root inputs naming it. */
  readonly vias: Set<string>;
}

export interface TargetResolution {
  readonly settings: TargetSettings;
  readonly pins: ReadonlyMap<string, TargetPin>;
  readonly stats: Readonly<SolverStats>;
}

export async function resolveTarget(settings: TargetSettings, signal?: AbortSignal): Promise<TargetResolution> {
  const provider = new TargetProvider(settings);
  const resolution = await solve({
    sets: pep440VersionSets,
    provider,
    requirements: settings.roots.requirements,
    constraints: settings.roots.constraints,
    ...(signal === undefined ? {} : { signal }),
  });
  const pins = new Map<string, TargetPin>();
  // Projects first, then their extras (which name the project's version).
  const chosen = [...resolution.versions].sort(([a], [b]) => Number(a.includes('[')) - Number(b.includes('[')));
  for (const [pkg, version] of chosen) {
    const { name, extra } = splitPackageId(pkg);
    const read = provider.read.get(`${pkg} ${version.key}`);
    if (read === undefined) throw new InternalError(`the dependencies of ${pkg}==${version} were not recorded`);
    if (extra === undefined) {
      const candidate = provider.candidatesOf(name)?.byKey.get(version.key);
      if (candidate === undefined || 'reason' in candidate.selection) throw new InternalError(`${name}==${version} was chosen but is not a usable candidate`);
      const direct = settings.roots.direct.get(name);
      pins.set(name, {
        name,
        version,
        ...(direct === undefined ? {} : { direct }),
        extras: new Set(),
        usable: candidate.selection.usable,
        files: candidate.files,
        rules: candidate.rules,
        ...(read.metadata.requiresPythonText === undefined ? {} : { requiresPython: read.metadata.requiresPythonText }),
        dependencies: new Map(),
        parents: new Set(),
        vias: new Set(settings.roots.vias.get(name) ?? []),
      });
      if (candidate.selection.yanked !== false) {
        settings.warnings.add(`${name}==${version} is ${yankedReason(candidate.selection.yanked)}; it is used because a root requirement or constraint pins it exactly`);
      }
    } else {
      const pin = pins.get(name);
      if (pin === undefined) throw new InternalError(`${pkg} was chosen without ${name}`);
      pin.extras.add(extra);
      if (read.missingExtra !== undefined) {
        settings.warnings.add(`${name}==${version} does not provide the extra "${read.missingExtra}"; it is ignored`);
      }
    }
    const pin = pins.get(name)!;
    for (const r of read.applied) {
      const dep = lockedDependency(r);
      pin.dependencies.set(JSON.stringify(dep), dep);
    }
  }
  // Who needs whom: the chosen packages' dependency edges (an extra's own edge to its project aside).
  for (const [pkg, deps] of resolution.dependencies) {
    const parent = projectOf(pkg);
    for (const d of deps) {
      const child = projectOf(d.package);
      if (child !== parent) pins.get(child)?.parents.add(parent);
    }
  }
  return { settings, pins, stats: resolution.stats };
}

/**
 * What the sdists of a wheelhouse need to be built offline: for each sdist, the build
 * requirements pip would install into its isolated build environment — `[build-system]
 * requires` of its pyproject.toml, or `setuptools>=40.8.0` and `wheel` for a legacy
 * setup.py project (src/metadata/build-system.ts) — resolved with `resolveLock` for the
 * targets that build it. Each distinct set of requirements is resolved on its own (pip
 * gives every sdist its own build environment, so two sdists may need different versions
 * of one backend); the results are merged into one lock of build dependencies.
 */
import type { PackageIndex } from '../index/package-index.js';
import type { Lock, LockedPackage, LockOptions } from '../lockfile/model.js';
import { readSdistFile } from '../metadata/sdist-reader.js';
import { parseRequirement } from '../pep508/requirement.js';
import type { FormatControl } from '../requirements-txt/format-control.js';
import type { LockRequest, LockResult } from '../resolver/lock-request.js';
import { lockTarget } from '../resolver/merge-lock.js';
import type { Target } from '../tags/target.js';

/** An sdist in the wheelhouse and the targets that will build it. */
export interface SdistToBuild {
  /** Absolute path of the verified sdist. */
  path: string;
  filename: string;
  /** Canonical project name. */
  project: string;
  targets: readonly string[];
}

export interface BuildRequirements {
  sdist: SdistToBuild;
  /** PEP 508 strings pip installs to build it. */
  requires: string[];
}

/** The build requirements of each sdist, read from the file (never by running anything). */
export async function readBuildRequirements(sdists: readonly SdistToBuild[]): Promise<BuildRequirements[]> {
  const out: BuildRequirements[] = [];
  for (const sdist of sdists) {
    const read = await readSdistFile(sdist.path, { project: sdist.project, filename: sdist.filename });
    const requires = [...new Set([...read.buildSystem.requires, ...read.buildSystem.check].map((r) => r.trim()).filter((r) => r !== ''))];
    out.push({ sdist, requires });
  }
  return out;
}

export interface ResolveBuildOptions {
  targets: ReadonlyMap<string, Target>;
  formatControl: FormatControl;
  options: LockOptions;
  resolve: (request: LockRequest, index: PackageIndex) => Promise<LockResult>;
}

function mergeInto(merged: Map<string, LockedPackage>, lock: Lock): void {
  for (const pkg of lock.packages) {
    const key = `${pkg.name}\u0000${pkg.version}`;
    const have = merged.get(key);
    if (have === undefined) {
      // Targets say which machines need it; a marker from one resolution would say less.
      const { marker: _marker, ...rest } = pkg;
      merged.set(key, { ...rest, targets: [...pkg.targets], files: [...pkg.files], via: [...pkg.via] });
      continue;
    }
    for (const t of pkg.targets) if (!have.targets.includes(t)) have.targets.push(t);
    for (const f of pkg.files) if (!have.files.some((g) => g.filename === f.filename)) have.files.push(f);
    for (const v of pkg.via) if (!have.via.includes(v)) have.via.push(v);
  }
}

/**
 * Resolves the build requirements of `needs` for their targets; returns the merged lock of
 * build dependencies (targets: those that build something) and the resolver's warnings.
 */
export async function resolveBuildDependencies(needs: readonly BuildRequirements[], index: PackageIndex, o: ResolveBuildOptions): Promise<{ lock: Lock; warnings: string[] }> {
  const groups = new Map<string, { requires: string[]; targets: string[]; sdists: string[] }>();
  for (const need of needs) {
    if (need.requires.length === 0) continue;
    const requires = [...need.requires].sort();
    const targets = [...need.sdist.targets].sort();
    const key = `${requires.join('\n')}\u0000${targets.join('\n')}`;
    const group = groups.get(key) ?? { requires, targets, sdists: [] };
    group.sdists.push(need.sdist.filename);
    groups.set(key, group);
  }
  const merged = new Map<string, LockedPackage>();
  const warnings: string[] = [];
  const usedTargets = new Set<string>();
  for (const group of groups.values()) {
    const via = `build requirements of ${group.sdists.join(', ')}`;
    const targets = group.targets.map((name) => o.targets.get(name)).filter((t): t is Target => t !== undefined);
    targets.forEach((t) => usedTargets.add(t.name));
    const request: LockRequest = {
      requirements: group.requires.map((text) => ({ requirement: parseRequirement(text), source: `[build-system] requires of ${group.sdists[0]}`, via })),
      constraints: [],
      targets,
      prerelease: 'if-necessary-or-explicit',
      resolution: 'highest',
      formatControl: o.formatControl,
      preferBinary: false,
      preferences: new Map(),
      hashPolicy: 'targets',
      options: o.options,
      inputs: [],
    };
    const result = await o.resolve(request, index);
    warnings.push(...result.warnings);
    mergeInto(merged, result.lock);
  }
  const lockTargets = [...o.targets.values()].filter((t) => usedTargets.has(t.name));
  return {
    lock: {
      targets: lockTargets.map(lockTarget),
      packages: [...merged.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      hashPolicy: 'targets',
      options: o.options,
      inputs: [],
    },
    warnings,
  };
}

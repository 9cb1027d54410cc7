/**
 * The DependencyProvider of one target: PubGrub's questions ("which versions of
 * `a[x]`?", "what does `a==1.0` need?") answered from the PackageIndex with pip's
 * candidate rules for that target.
 *
 * Candidates are every release of the project, in preference order (resolution strategy,
 * `--prefer-binary`, an existing pin first); the releases this target cannot use come last,
 * each with its reason, so that the solver never picks them but an explanation can say
 * why they were not used ("a==2.0 is unavailable (requires Python >=3.13)").
 */
import type { DistributionFile } from '../index/package-index.js';
import type { LockedDependency } from '../lockfile/model.js';
import type { VersionRange } from '../pep440/range.js';
import type { Version } from '../pep440/version.js';
import { canonicalizeName } from '../pep508/name.js';
import type { Requirement } from '../pep508/requirement.js';
import type { Target } from '../tags/target.js';
import { selectFiles, type FileRules, type FileSelection } from './file-selection.js';
import type { LockRequest } from './lock-request.js';
import { packageId, projectOf, splitPackageId, type PackageId } from './package-id.js';
import { orderCandidates } from './policies/candidate-order.js';
import { pinnedExactly } from './policies/yanked.js';
import type { PrereleaseRule } from './policies/prereleases.js';
import type { DistributionMetadata, ProjectCatalog, Release } from './project-catalog.js';
import type { Dependencies, Dependency, DependencyProvider, PackageVersions } from './pubgrub/provider.js';
import type { RootPlan, TargetRoots } from './root-plan.js';
import { pep440VersionSets } from './version-sets.js';
import type { Warnings } from './warnings.js';

export interface TargetSettings {
  readonly target: Target;
  /** The target's Python full version (`python_full_version`), for Requires-Python. */
  readonly python: Version;
  readonly request: LockRequest;
  readonly plan: RootPlan;
  readonly roots: TargetRoots;
  readonly catalog: ProjectCatalog;
  readonly prereleases: PrereleaseRule;
  readonly warnings: Warnings;
}

/** One release of a project on this target. */
export interface Candidate {
  readonly version: Version;
  /** All files of the release (for `--hash-policy all`). */
  readonly files: readonly DistributionFile[];
  /** The files this target may use, best first, or why none. */
  readonly selection: FileSelection;
  readonly rules: FileRules;
  /** Set for a direct reference. */
  readonly direct: boolean;
}

export interface ProjectCandidates {
  /** Versions in the order the solver should try them. */
  readonly order: readonly Version[];
  readonly byKey: ReadonlyMap<string, Candidate>;
}

/** What a chosen package version needed on this target, for the lock. */
export interface ReadDependencies {
  readonly file: DistributionFile;
  readonly metadata: DistributionMetadata;
  /** The requirements that applied (markers true), as the package wrote them. */
  readonly applied: readonly Requirement[];
  /** The extra asked for is not one the version provides (pip and uv ignore it, with a warning). */
  readonly missingExtra?: string;
}

export class TargetProvider implements DependencyProvider<PackageId, Version, VersionRange> {
  private readonly candidates = new Map<string, Promise<ProjectCandidates | { unavailable: string }>>();
  private readonly known = new Map<string, ProjectCandidates>();
  /** `pkg version` → what it needed, for the versions whose dependencies were read. */
  readonly read = new Map<string, ReadDependencies>();

  constructor(private readonly s: TargetSettings) {}

  display(pkg: PackageId): string {
    return pkg;
  }

  prefetch(pkg: PackageId): void {
    const name = projectOf(pkg);
    if (!this.s.roots.direct.has(name)) this.s.catalog.prefetchProject(name);
  }

  async getVersions(pkg: PackageId): Promise<PackageVersions<Version>> {
    const c = await this.projectCandidates(projectOf(pkg));
    return 'unavailable' in c ? c : c.order;
  }

  /** The candidates of a project once known (after the solver asked for them). */
  candidatesOf(name: string): ProjectCandidates | undefined {
    return this.known.get(name);
  }

  async getDependencies(pkg: PackageId, version: Version): Promise<Dependencies<PackageId, VersionRange>> {
    const { name, extra } = splitPackageId(pkg);
    const c = await this.projectCandidates(name);
    const candidate = 'unavailable' in c ? undefined : c.byKey.get(version.key);
    if (candidate === undefined) return { kind: 'unavailable', reason: 'not a candidate' };
    if ('reason' in candidate.selection) return { kind: 'unavailable', reason: candidate.selection.reason };
    const file = candidate.selection.usable[0]!;
    const metadata = await this.s.catalog.fileMetadata(file);
    if (metadata.problem !== undefined) return { kind: 'unavailable', reason: metadata.problem };
    if (metadata.requiresPython !== undefined && !metadata.requiresPython.contains(this.s.python, { prereleases: true })) {
      return { kind: 'unavailable', reason: `requires Python ${metadata.requiresPythonText}` };
    }
    const env = this.s.target.markers;
    const applied: Requirement[] = [];
    let missingExtra: string | undefined;
    try {
      if (extra === undefined) {
        for (const r of metadata.requirements) if (r.evaluateMarker(env)) applied.push(r);
      } else if (!metadata.providesExtras.has(extra)) {
        missingExtra = extra;
      } else {
        // The extra's own requirements: those its marker turns on (the others come through the project itself).
        for (const r of metadata.requirements) if (r.marker !== null && r.evaluateMarker(env, [extra]) && !r.evaluateMarker(env)) applied.push(r);
      }
    } catch (err) {
      return { kind: 'unavailable', reason: `a marker in its metadata cannot be evaluated: ${(err as Error).message}` };
    }
    const dependencies: Dependency<PackageId, VersionRange>[] = [];
    if (extra !== undefined) dependencies.push({ package: name, versions: pep440VersionSets.singleton(version) });
    for (const r of applied) {
      const dep = canonicalizeName(r.name);
      if (r.url !== null && !this.s.roots.direct.has(dep)) {
        return { kind: 'unavailable', reason: `it depends on ${r.name} @ ${r.url}, a direct reference that only a root requirement may make` };
      }
      const versions = r.url !== null ? pep440VersionSets.full() : r.specifier.toRange();
      dependencies.push({ package: dep, versions });
      for (const e of r.extras) dependencies.push({ package: packageId(dep, e), versions });
    }
    const conflict = conflictingRequirements(applied);
    if (conflict !== undefined) return { kind: 'unavailable', reason: conflict };
    this.read.set(`${pkg} ${version.key}`, { file, metadata, applied, ...(missingExtra === undefined ? {} : { missingExtra }) });
    return { kind: 'available', dependencies };
  }

  /** The candidates of a project on this target, computed once. */
  projectCandidates(name: string): Promise<ProjectCandidates | { unavailable: string }> {
    let p = this.candidates.get(name);
    if (p === undefined) {
      p = this.computeCandidates(name);
      p.catch(() => undefined);
      this.candidates.set(name, p);
    }
    return p;
  }

  private async computeCandidates(name: string): Promise<ProjectCandidates | { unavailable: string }> {
    const direct = this.s.roots.direct.get(name);
    let releases: readonly Release[];
    let allowPre = true;
    if (direct !== undefined) {
      releases = [{ version: direct.file.version, files: [direct.file] }];
    } else {
      const project = await this.s.catalog.project(name);
      if (project.releases.length === 0) {
        const where = project.listing.consulted.length === 0 ? 'any index' : project.listing.consulted.join(', ');
        return { unavailable: `not found on ${where}` };
      }
      releases = project.releases;
      allowPre = this.s.prereleases.allows(project);
    }
    const hashAllowed = await this.hashRule(name, releases);
    const formats = this.s.request.formatControl.allowedFormats(name);
    const pins = this.s.roots.exactPins.get(name);
    const byKey = new Map<string, Candidate>();
    const available: Candidate[] = [];
    const unavailable: Candidate[] = [];
    for (const release of releases) {
      const rules: FileRules = {
        target: this.s.target,
        python: this.s.python,
        formats,
        ...(this.s.request.excludeNewer === undefined || direct !== undefined ? {} : { excludeNewer: this.s.request.excludeNewer }),
        yankedAllowed: direct !== undefined || pinnedExactly(pins, release.version),
        ...(hashAllowed === undefined ? {} : { hashAllowed }),
        specifier: (text) => this.s.catalog.specifierSet(text),
      };
      const selection: FileSelection =
        release.version.isPrerelease && !allowPre ? { reason: this.s.prereleases.reason(name) } : selectFiles(release.files, rules);
      const candidate: Candidate = { version: release.version, files: release.files, selection, rules, direct: direct !== undefined };
      byKey.set(release.version.key, candidate);
      ('reason' in selection ? unavailable : available).push(candidate);
    }
    const preferred = this.s.request.preferences.get(name);
    const ordered = orderCandidates(
      available.map((c) => ({ version: c.version, hasWheel: 'usable' in c.selection && c.selection.hasWheel })),
      {
        strategy: this.s.request.resolution,
        direct: this.s.roots.directNames.has(name),
        preferBinary: this.s.request.preferBinary,
        ...(preferred === undefined ? {} : { preferred }),
      },
    );
    const order = [...ordered.map((o) => o.version), ...unavailable.map((c) => c.version)];
    const result: ProjectCandidates = { order, byKey };
    this.known.set(name, result);
    // The likely choice: start reading its metadata now.
    const first = available[0];
    if (first !== undefined && !('reason' in first.selection)) this.s.catalog.prefetchMetadata(first.selection.usable[0]!);
    return result;
  }

  /**
   * The root's `--hash` values for a project, as a file test. A file the index gave no
   * sha256 for is hashed through the index (only in the versions the root allows).
   */
  private async hashRule(name: string, releases: readonly Release[]): Promise<((f: DistributionFile) => boolean) | undefined> {
    const wanted = this.s.plan.hashes.get(name);
    if (wanted === undefined) return undefined;
    const ranges = this.s.roots.requirements.filter((r) => r.package === name).map((r) => r.versions);
    const inRange = (v: Version) => ranges.every((r) => r.contains(v));
    const computed = new Map<string, string>();
    if ([...wanted].some((h) => h.startsWith('sha256:'))) {
      const missing = releases.filter((r) => inRange(r.version)).flatMap((r) => r.files.filter((f) => f.hashes['sha256'] === undefined));
      const digests = await Promise.all(missing.map((f) => this.s.catalog.sha256(f)));
      missing.forEach((f, i) => computed.set(f.url, digests[i]!));
    }
    return (f) => {
      for (const h of wanted) {
        const colon = h.indexOf(':');
        const algo = h.slice(0, colon);
        const digest = f.hashes[algo] ?? (algo === 'sha256' ? computed.get(f.url) : undefined);
        if (digest !== undefined && digest.toLowerCase() === h.slice(colon + 1)) return true;
      }
      return false;
    };
  }
}

/** Requirements of one package on another that no version can meet together, in words. */
function conflictingRequirements(applied: readonly Requirement[]): string | undefined {
  const byName = new Map<string, { range: VersionRange; texts: string[] }>();
  for (const r of applied) {
    if (r.url !== null) continue;
    const name = canonicalizeName(r.name);
    const entry = byName.get(name);
    const text = `${r.name}${r.specifier}`;
    if (entry === undefined) byName.set(name, { range: r.specifier.toRange(), texts: [text] });
    else {
      entry.range = entry.range.intersect(r.specifier.toRange());
      entry.texts.push(text);
    }
  }
  for (const [name, { range, texts }] of byName) {
    if (range.isEmpty()) return `its requirements on ${name} cannot all hold: ${texts.join(' and ')}`;
  }
  return undefined;
}

/** A requirement as a lock's informational dependency edge. */
export function lockedDependency(r: Requirement): LockedDependency {
  const extras = r.normalizedExtras;
  return {
    name: canonicalizeName(r.name),
    ...(extras.length === 0 ? {} : { extras: [...extras] }),
    ...(r.marker === null ? {} : { marker: r.marker.toString() }),
  };
}


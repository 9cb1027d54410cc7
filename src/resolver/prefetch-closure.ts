/**
 * A head start for a lock while its targets are still being worked out (asking python3
 * about the host takes a few hundred milliseconds): walks the dependency graph as far as
 * it can without a target, through the index client, whose memo then hands the pages and
 * metadata files to the real resolution.
 *
 * Only what every target would fetch anyway is asked for: the page of each root project
 * and of each dependency met; the metadata of a release only when the choice does not
 * depend on the target — the existing pin, else the highest final, non-yanked version the
 * requirement allows, and only when that release has exactly one wheel and it is pure
 * (`none` ABI, `any` platform), the file every target takes. Dependencies followed: those
 * without a marker, and those of a requested extra whose marker reads nothing but `extra`.
 * Everything else waits for the resolver, which knows the target — except the projects
 * pinned in the existing lockfile, whose pages are all asked for at once. Nothing here decides
 * anything: it only starts requests early, and stops starting them at `stop()`.
 */
import type { DistributionFile, PackageIndex, ProjectListing } from '../index/package-index.js';
import { SpecifierSet } from '../pep440/specifier-set.js';
import type { Version } from '../pep440/version.js';
import { canonicalizeName } from '../pep508/name.js';
import { Requirement } from '../pep508/requirement.js';
import type { MarkerEnvironment } from '../pep508/environment.js';

export interface ClosureRoot {
  /** Canonical project name. */
  name: string;
  specifier: SpecifierSet;
  /** PEP 685-normalised extras asked for. */
  extras: readonly string[];
}

export interface ClosurePrefetchOptions {
  /** Versions to prefer (the existing lockfile's pins), by canonical name. */
  preferences?: ReadonlyMap<string, Version>;
  /** Files uploaded at or after this instant are ignored (as `--exclude-newer`). */
  excludeNewer?: Date;
  /** At most this many projects are visited (default 1000). */
  maxProjects?: number;
}

export interface ClosurePrefetch {
  /** Starts no more requests (those in flight finish into the index's memo). */
  stop(): void;
  /** Projects whose page was asked for so far. */
  readonly projects: ReadonlySet<string>;
}

const ANY_VERSION = SpecifierSet.parse('');

/** No variable but `extra` is ever read from this environment. */
const NO_ENVIRONMENT = {} as MarkerEnvironment;

export function prefetchClosure(index: PackageIndex, roots: Iterable<ClosureRoot>, options: ClosurePrefetchOptions = {}): ClosurePrefetch {
  const projects = new Set<string>();
  const extrasSeen = new Set<string>();
  const max = options.maxProjects ?? 1000;
  let stopped = false;

  const visit = (root: ClosureRoot): void => {
    if (stopped) return;
    const extrasKey = root.extras.map((e) => `${root.name}[${e}]`);
    const first = !projects.has(root.name);
    const newExtras = extrasKey.filter((k) => !extrasSeen.has(k));
    if (!first && newExtras.length === 0) return;
    if (first && projects.size >= max) return;
    projects.add(root.name);
    newExtras.forEach((k) => extrasSeen.add(k));
    // Only the first specifier met chooses the release; later ones only add extras.
    index.getProject(root.name).then(
      (listing) => {
        if (stopped) return;
        const file = targetFreeFile(listing, root.specifier, options);
        if (file === undefined) return;
        return index.getMetadata(file).then((metadata) => {
          if (stopped) return;
          for (const text of metadata.requiresDist) {
            const r = Requirement.tryParse(text);
            if (r === null || r.url !== null) continue;
            if (r.marker !== null) {
              const vars = r.marker.variables();
              if (vars.size !== 1 || !vars.has('extra')) continue;
              let holds: boolean;
              try {
                holds = r.marker.evaluate(NO_ENVIRONMENT, root.extras);
              } catch {
                continue;
              }
              if (!holds) continue;
            }
            visit({ name: canonicalizeName(r.name), specifier: r.specifier, extras: r.normalizedExtras });
          }
        });
      },
    ).catch(() => undefined); // the resolver meets any failure itself, where it matters
  };

  for (const root of roots) visit(root);
  // A re-lock needs (nearly) every project of the existing lock: their pages are asked for
  // at once instead of one dependency level at a time, so a warm re-lock (metadata in the
  // cache by hash) waits on about one round trip rather than the graph's depth.
  for (const name of options.preferences?.keys() ?? []) visit({ name, specifier: ANY_VERSION, extras: [] });
  return {
    stop: () => {
      stopped = true;
    },
    projects,
  };
}

/** The wheel every target would take, when the choice does not depend on the target. */
function targetFreeFile(listing: ProjectListing, specifier: SpecifierSet, options: ClosurePrefetchOptions): DistributionFile | undefined {
  const cutoff = options.excludeNewer?.getTime();
  const byVersion = new Map<string, { version: Version; files: DistributionFile[] }>();
  for (const f of listing.files) {
    if (cutoff !== undefined && (f.uploadTime === undefined || !(Date.parse(f.uploadTime) < cutoff))) continue;
    let entry = byVersion.get(f.version.key);
    if (entry === undefined) byVersion.set(f.version.key, (entry = { version: f.version, files: [] }));
    entry.files.push(f);
  }
  const preferred = options.preferences?.get(listing.name);
  let chosen: { version: Version; files: DistributionFile[] } | undefined;
  if (preferred !== undefined && specifier.contains(preferred, { prereleases: true })) chosen = byVersion.get(preferred.key);
  if (chosen === undefined) {
    for (const entry of byVersion.values()) {
      if (entry.version.isPrerelease || !specifier.contains(entry.version)) continue;
      if (entry.files.every((f) => f.yanked !== false)) continue;
      if (chosen === undefined || entry.version.compare(chosen.version) > 0) chosen = entry;
    }
  }
  if (chosen === undefined) return undefined;
  const wheels = chosen.files.filter((f) => f.kind === 'wheel' && f.yanked === false);
  if (wheels.length !== 1) return undefined;
  const w = wheels[0]!.wheel;
  if (w === undefined || !w.abiTags.every((t) => t === 'none') || !w.platformTags.every((t) => t === 'any')) return undefined;
  return wheels[0];
}

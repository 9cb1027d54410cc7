/**
 * Per-target resolutions merged into one Lock. A project pinned at the same version on
 * every target that needs it appears once, with a marker only when some targets do not
 * need it; different versions on different targets appear once per version, each with the
 * marker that selects its targets. The markers come from a function of the lock's targets
 * (src/lockfile's `markerForTargets`); targets no marker can tell apart that need
 * different pins are an error naming them. Output is sorted: it does not depend on the
 * order answers arrived in.
 */
import { ResolutionError } from '../errors.js';
import type { HashPolicy, LockedDependency, LockedPackage, LockTarget } from '../lockfile/model.js';
import type { TargetMarkerResult } from '../lockfile/target-marker.js';
import { Version } from '../pep440/version.js';
import { formatTag } from '../tags/tag.js';
import type { Target } from '../tags/target.js';
import { compareText } from './file-selection.js';
import { lockedFiles, pinFiles } from './locked-files.js';
import type { ProjectCatalog } from './project-catalog.js';
import type { TargetPin, TargetResolution } from './resolve-target.js';

/**
 * The simplest PEP 508 marker true on exactly the `subset` (names) of `targets`: src/lockfile's
 * `markerForTargets`, or a stand-in in tests.
 */
export type TargetMarkerFunction = (targets: readonly LockTarget[], subset: Iterable<string>) => TargetMarkerResult;

export function lockTarget(t: Target): LockTarget {
  return {
    name: t.name,
    markerEnvironment: { ...t.markers },
    tags: t.tags.map(formatTag),
    ...(t.unknownMarkers.length === 0 ? {} : { unknownMarkers: [...t.unknownMarkers] }),
  };
}

interface Group {
  name: string;
  version: Version;
  pins: { target: string; pin: TargetPin }[];
}

export async function mergeResolutions(
  resolutions: readonly TargetResolution[],
  targets: readonly LockTarget[],
  options: { hashPolicy: HashPolicy; catalog: ProjectCatalog; markerForTargets: TargetMarkerFunction },
): Promise<LockedPackage[]> {
  const groups = new Map<string, Map<string, Group>>();
  for (const r of resolutions) {
    for (const pin of r.pins.values()) {
      let byVersion = groups.get(pin.name);
      if (byVersion === undefined) groups.set(pin.name, (byVersion = new Map()));
      let group = byVersion.get(pin.version.key);
      if (group === undefined) byVersion.set(pin.version.key, (group = { name: pin.name, version: pin.version, pins: [] }));
      group.pins.push({ target: r.settings.target.name, pin });
    }
  }
  const order = new Map(targets.map((t, i) => [t.name, i]));
  const packages: Promise<LockedPackage>[] = [];
  for (const name of [...groups.keys()].sort(compareText)) {
    const versions = [...groups.get(name)!.values()].sort((a, b) => Version.compare(a.version, b.version));
    for (const group of versions) {
      group.pins.sort((a, b) => order.get(a.target)! - order.get(b.target)!);
      const subset = group.pins.map((p) => p.target);
      const marker = subset.length === targets.length ? undefined : markerFor(name, group, versions, targets, subset, options.markerForTargets);
      packages.push(lockedPackage(group, subset, marker, options));
    }
  }
  return Promise.all(packages);
}

function markerFor(
  name: string,
  group: Group,
  versions: readonly Group[],
  targets: readonly LockTarget[],
  subset: string[],
  markerForTargets: TargetMarkerFunction,
): string | undefined {
  const result = markerForTargets(targets, subset);
  if (result.kind === 'all') return undefined;
  if (result.kind === 'marker') return result.marker;
  const pinnedThere = versions.find((g) => g.pins.some((p) => p.target === result.outside));
  const there = pinnedThere === undefined ? `does not need ${name}` : `needs ${name}==${pinnedThere.version}`;
  throw new ResolutionError(
    `targets ${result.inside} and ${result.outside} need different pins, and no marker can tell them apart: ${result.inside} needs ${name}==${group.version}, ${result.outside} ${there} (${result.message})`,
    {
      text: `${result.inside}, ${result.outside}`,
      expected: 'targets that need different pins to differ in a marker variable (sys_platform, platform_machine, python_version, ...)',
      hint: `lock ${result.inside} and ${result.outside} separately, or pin ${name} to one version for both`,
    },
  );
}

async function lockedPackage(
  group: Group,
  targets: string[],
  marker: string | undefined,
  options: { hashPolicy: HashPolicy; catalog: ProjectCatalog },
): Promise<LockedPackage> {
  const pins = group.pins.map((p) => p.pin);
  const extras = new Set<string>();
  const via = new Set<string>();
  const dependencies = new Map<string, LockedDependency>();
  let requiresPython: string | undefined;
  for (const pin of pins) {
    for (const e of pin.extras) extras.add(e);
    for (const v of pin.vias) via.add(v);
    for (const p of pin.parents) via.add(p);
    for (const [k, d] of pin.dependencies) dependencies.set(k, d);
    requiresPython ??= pin.requiresPython;
  }
  const direct = pins[0]!.direct;
  const files = await lockedFiles(pinFiles(options.hashPolicy, pins), options.catalog, direct !== undefined);
  return {
    name: group.name,
    version: group.version.toString(),
    ...(marker === undefined ? {} : { marker }),
    targets,
    extras: [...extras].sort(compareText),
    ...(requiresPython === undefined ? {} : { requiresPython }),
    ...(direct === undefined ? {} : { direct: direct.reference }),
    files,
    dependencies: [...dependencies.entries()].sort(([a], [b]) => compareText(a, b)).map(([, d]) => d),
    via: [...via].sort(compareText),
  };
}

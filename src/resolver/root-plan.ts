/**
 * The root of a resolution, read once from the LockRequest: which requirements and
 * constraints apply on a target (their markers evaluated there), their direct references,
 * the exact pins that let yanked files in (PEP 592), the `--hash` values that restrict a
 * project's files, and the projects whose pre-releases the root asks for.
 */
import { ResolutionError } from '../errors.js';
import type { Specifier } from '../pep440/specifier.js';
import type { VersionRange } from '../pep440/range.js';
import { canonicalizeName } from '../pep508/name.js';
import type { Target } from '../tags/target.js';
import { directCandidate, type DirectCandidate } from './direct-reference.js';
import type { LockRequest, RootInput } from './lock-request.js';
import { packageId, type PackageId } from './package-id.js';
import { isExactPin } from './policies/yanked.js';
import type { RootRequirement } from './pubgrub/solver.js';

export interface RootPlan {
  /** Direct references by canonical name (one URL per project). */
  readonly direct: ReadonlyMap<string, { candidate: DirectCandidate; input: RootInput }>;
  /** `algo:hex` values a project's files must match, by canonical name. */
  readonly hashes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Projects whose root requirement or constraint names a pre-release. */
  readonly explicitPrereleases: ReadonlySet<string>;
}

/** What the root asks on one target. */
export interface TargetRoots {
  readonly requirements: RootRequirement<PackageId, VersionRange>[];
  readonly constraints: RootRequirement<PackageId, VersionRange>[];
  /** Projects a root requirement names (for `lowest-direct`). */
  readonly directNames: ReadonlySet<string>;
  /** Exact pins (`==V`, `===V`) of root requirements and constraints, by project. */
  readonly exactPins: ReadonlyMap<string, readonly Specifier[]>;
  /** Direct references that apply on this target. */
  readonly direct: ReadonlyMap<string, DirectCandidate>;
  /** pip-compile's `# via` words of the root inputs naming each project. */
  readonly vias: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Reads the root of the request once. Tells `warn` about inputs that do nothing: a
 * requirement or constraint whose marker no target meets (pip: "Ignoring …"), and the
 * extras of a constraint (constraints restrict versions; they cannot ask for extras).
 */
export function planRoots(request: LockRequest, warn: (message: string) => void = () => undefined): RootPlan {
  for (const input of [...request.requirements, ...request.constraints]) {
    if (!request.targets.some((t) => applies(input, t))) {
      warn(`ignored ${input.requirement} (${input.source}): its marker is false on every target`);
    }
  }
  for (const input of request.constraints) {
    if (input.requirement.extras.length > 0) warn(`ignored the extras of the constraint ${input.requirement} (${input.source}): a constraint restricts versions only`);
  }
  const direct = new Map<string, { candidate: DirectCandidate; input: RootInput }>();
  for (const input of request.requirements) {
    const req = input.requirement;
    if (req.url === null) continue;
    const name = canonicalizeName(req.name);
    const earlier = direct.get(name);
    if (earlier !== undefined) {
      if (earlier.input.requirement.url !== req.url) {
        throw new ResolutionError(`${name} is required from two different URLs: ${earlier.input.requirement.url} (${earlier.input.source}) and ${req.url} (${input.source})`, {
          text: req.toString(),
          expected: 'one direct reference per project',
        });
      }
      continue;
    }
    const candidate = directCandidate(req, input.source);
    if (candidate.file.project !== name) {
      throw new ResolutionError(`${req.name} @ ${req.url} (${input.source}) names a file of another project (${candidate.file.filename})`, {
        text: req.toString(),
        expected: `a wheel or sdist of ${name}`,
      });
    }
    direct.set(name, { candidate, input });
  }
  for (const input of request.constraints) {
    if (input.requirement.url !== null) {
      throw new ResolutionError(`a constraint with a direct reference is not supported: ${input.requirement} (${input.source})`, {
        text: input.requirement.toString(),
        expected: 'a constraint with version specifiers, such as name==1.0',
        hint: 'put the direct reference in the requirements instead',
      });
    }
  }

  const hashes = new Map<string, Set<string>>();
  for (const input of [...request.requirements, ...request.constraints]) {
    if (input.hashes === undefined || input.hashes.length === 0) continue;
    const name = canonicalizeName(input.requirement.name);
    const mine = new Set(input.hashes.map((h) => h.toLowerCase()));
    const earlier = hashes.get(name);
    // pip intersects the hashes given for one project in several places.
    hashes.set(name, earlier === undefined ? mine : new Set([...earlier].filter((h) => mine.has(h))));
  }

  const explicitPrereleases = new Set<string>();
  for (const input of [...request.requirements, ...request.constraints]) {
    if (input.requirement.specifier.prereleases) explicitPrereleases.add(canonicalizeName(input.requirement.name));
  }
  return { direct, hashes, explicitPrereleases };
}

/** The root requirements and constraints whose markers hold on `target`. */
export function targetRoots(plan: RootPlan, request: LockRequest, target: Target): TargetRoots {
  const requirements: RootRequirement<PackageId, VersionRange>[] = [];
  const constraints: RootRequirement<PackageId, VersionRange>[] = [];
  const directNames = new Set<string>();
  const exactPins = new Map<string, Specifier[]>();
  const direct = new Map<string, DirectCandidate>();
  const vias = new Map<string, Set<string>>();
  const addVia = (name: string, via: string) => {
    let set = vias.get(name);
    if (set === undefined) vias.set(name, (set = new Set()));
    set.add(via);
  };
  for (const input of request.requirements) {
    const req = input.requirement;
    if (!applies(input, target)) continue;
    const name = canonicalizeName(req.name);
    const range = req.specifier.toRange();
    requirements.push({ package: packageId(name), versions: range, source: input.source });
    for (const extra of req.extras) requirements.push({ package: packageId(name, extra), versions: range, source: input.source });
    directNames.add(name);
    addVia(name, input.via);
    const pins = req.specifier.specifiers.filter(isExactPin);
    if (pins.length > 0) exactPins.set(name, [...(exactPins.get(name) ?? []), ...pins]);
    if (req.url !== null) direct.set(name, plan.direct.get(name)!.candidate);
  }
  for (const input of request.constraints) {
    if (!applies(input, target)) continue;
    const name = canonicalizeName(input.requirement.name);
    constraints.push({ package: packageId(name), versions: input.requirement.specifier.toRange(), source: input.source });
    addVia(name, input.via);
    // A constraint pinning a version exactly is the user's word too: it lets yanked files in.
    const pins = input.requirement.specifier.specifiers.filter(isExactPin);
    if (pins.length > 0) exactPins.set(name, [...(exactPins.get(name) ?? []), ...pins]);
  }
  return { requirements, constraints, directNames, exactPins, direct, vias };
}

function applies(input: RootInput, target: Target): boolean {
  try {
    return input.requirement.evaluateMarker(target.markers);
  } catch (err) {
    throw new ResolutionError(`cannot evaluate the marker of ${input.requirement} (${input.source}) for target ${target.name}: ${(err as Error).message}`, {
      text: input.requirement.toString(),
      expected: 'a marker PEP 508 can evaluate',
      cause: err,
    });
  }
}

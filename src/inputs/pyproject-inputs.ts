/**
 * The root requirements a pyproject.toml contributes to a lock: `[project] dependencies`,
 * the optional dependencies of the chosen extras (`--extra`, `--all-extras`) and the
 * chosen dependency groups (`--group`). A requirement naming the project itself,
 * `myproj[test]` (a "self-reference", in an extra or a group), stands for the project's
 * own dependencies plus those of the named extras, as uv expands it; the project itself
 * is never pinned (pip-compile and `uv pip compile` do not pin it either). Dependencies
 * listed in `project.dynamic` cannot be read without running the build backend, which
 * wheelhouse does not do: that is an error saying so.
 *
 * `# via` follows pip-compile for the project (`myproj (pyproject.toml)`) and uv for
 * groups (`myproj (pyproject.toml:dev)`).
 */
import { ConfigError, type Location } from '../errors.js';
import { Marker } from '../pep508/marker.js';
import { canonicalizeExtra, canonicalizeName } from '../pep508/name.js';
import { Requirement } from '../pep508/requirement.js';
import type { RootInput } from '../resolver/lock-request.js';
import { flattenDependencyGroup } from './dependency-groups.js';
import type { Pyproject, PyprojectProject, PyprojectRequirement } from './pyproject.js';
import { formatTomlPath } from './toml-positions.js';

export interface PyprojectSelection {
  /** Include `[project] dependencies` (true when the pyproject.toml is an input file). */
  project?: boolean;
  /** Extras whose optional dependencies are included (`--extra`). */
  extras?: readonly string[];
  /** Every extra (`--all-extras`). */
  allExtras?: boolean;
  /** Dependency groups to include (`--group`). */
  groups?: readonly string[];
}

/** Where a requirement string is, for explanations: `pyproject.toml:7 (project.dependencies)`. */
function sourceOf(req: PyprojectRequirement): string {
  const where = req.location.line === undefined ? req.location.file ?? '' : `${req.location.file}:${req.location.line}`;
  const table = req.path.slice(0, -1);
  return `${where} (${formatTomlPath(table)})`;
}

function combineMarkers(inner: Marker | null, outer: Marker | null): Marker | null {
  if (inner === null) return outer;
  if (outer === null) return inner;
  return Marker.and(inner, outer);
}

function withMarker(req: Requirement, outer: Marker | null): Requirement {
  if (outer === null) return req;
  return Requirement.create({ name: req.name, extras: req.extras, specifier: req.specifier, url: req.url, marker: combineMarkers(req.marker, outer) });
}

function noDynamic(pyproject: Pyproject, project: PyprojectProject, field: string, why: string): ConfigError {
  return new ConfigError(`${pyproject.file} lists ${field} in project.dynamic: ${why}, but wheelhouse reads them statically and does not run the build backend`, {
    location: project.location,
    text: `dynamic = ${JSON.stringify(project.dynamic)}`,
    expected: `${field} written in [project] (PEP 621)`,
    hint: `write them in [project] ${field}, or lock a requirements.in (pip-compile's output of the project, for instance)`,
  });
}

interface Expansion {
  requirement: Requirement;
  from: PyprojectRequirement;
}

/** Expands requirements, replacing self-references by the project's dependencies and extras. */
class SelfReferences {
  constructor(
    private readonly pyproject: Pyproject,
    private readonly project: PyprojectProject | undefined,
  ) {}

  private isSelf(req: Requirement): boolean {
    return this.project !== undefined && req.canonicalName === canonicalizeName(this.project.name);
  }

  dependencies(why: string): PyprojectRequirement[] {
    const project = this.project as PyprojectProject;
    if (project.dependencies === undefined && project.dynamic.includes('dependencies')) throw noDynamic(this.pyproject, project, 'dependencies', why);
    return project.dependencies ?? [];
  }

  extra(name: string, why: string, at: Location): PyprojectRequirement[] {
    const project = this.project as PyprojectProject;
    const found = project.optionalDependencies.get(canonicalizeExtra(name));
    if (found) return found.requirements;
    if (project.dynamic.includes('optional-dependencies')) throw noDynamic(this.pyproject, project, 'optional-dependencies', why);
    const known = [...project.optionalDependencies.values()].map((e) => e.name);
    throw new ConfigError(`${project.name} has no extra ${JSON.stringify(name)} in ${this.pyproject.file}`, {
      location: at,
      text: name,
      expected: known.length === 0 ? `an extra defined in [project.optional-dependencies] (there are none)` : `one of: ${known.join(', ')}`,
    });
  }

  /**
   * `reqs` with self-references expanded; `seen` holds the parts of the project already
   * expanded on this path ("" for its dependencies, else extra names), so recursive extras
   * (`all = ["myproj[a,b]"]`) end.
   */
  expand(reqs: readonly PyprojectRequirement[], outer: Marker | null, seen: Set<string>): Expansion[] {
    const out: Expansion[] = [];
    for (const from of reqs) {
      const req = from.requirement;
      if (!this.isSelf(req)) {
        out.push({ requirement: withMarker(req, outer), from });
        continue;
      }
      if (req.url !== null || !req.specifier.isEmpty) {
        throw new ConfigError(`${formatTomlPath(from.path)} in ${this.pyproject.file} refers to the project itself with a ${req.url !== null ? 'URL' : 'version'}`, {
          location: from.location,
          text: from.text,
          expected: `the project's own name with extras only, e.g. "${this.project?.name}[test]"`,
        });
      }
      const marker = combineMarkers(req.marker, outer);
      const why = `${formatTomlPath(from.path)} refers to the project itself (${from.text})`;
      const parts: Array<[string, () => PyprojectRequirement[]]> = [['', () => this.dependencies(why)]];
      for (const extra of req.extras) parts.push([canonicalizeExtra(extra), () => this.extra(extra, why, from.location)]);
      for (const [key, get] of parts) {
        if (seen.has(key)) continue;
        out.push(...this.expand(get(), marker, new Set([...seen, key])));
      }
    }
    return out;
  }
}

function rootInputs(expansions: readonly Expansion[], via: string): RootInput[] {
  return expansions.map((e) => ({ requirement: e.requirement, source: sourceOf(e.from), via }));
}

/** Drops repeats of the same requirement with the same `# via` (a group that includes the project's own dependencies, say). */
function unique(inputs: RootInput[]): RootInput[] {
  const seen = new Set<string>();
  return inputs.filter((i) => {
    const key = `${i.requirement.toString()}\u0000${i.via}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The root requirements of `pyproject` for `selection` (see the module comment). */
export function pyprojectRootInputs(pyproject: Pyproject, selection: PyprojectSelection): RootInput[] {
  const project = pyproject.project;
  const expander = new SelfReferences(pyproject, project);
  const out: RootInput[] = [];
  const wantsExtras = (selection.extras?.length ?? 0) > 0 || selection.allExtras === true;
  if ((selection.project || wantsExtras) && project === undefined) {
    throw new ConfigError(`${pyproject.file} has no [project] table`, {
      location: { file: pyproject.file },
      expected: wantsExtras ? '[project] with optional-dependencies for --extra' : '[project] with dependencies (PEP 621)',
      hint:
        pyproject.dependencyGroups.size > 0
          ? `choose a dependency group with --group (${[...pyproject.dependencyGroups.values()].map((g) => g.name).join(', ')})`
          : 'add a [project] table with dependencies, or lock a requirements.in',
    });
  }
  if (project) {
    const via = `${project.name} (${pyproject.file})`;
    if (selection.project) {
      out.push(...rootInputs(expander.expand(expander.dependencies('they are the project\'s dependencies'), null, new Set([''])), via));
    }
    const extras = selection.allExtras ? [...project.optionalDependencies.values()].map((e) => e.name) : [...(selection.extras ?? [])];
    if (selection.allExtras && project.dynamic.includes('optional-dependencies')) {
      throw noDynamic(pyproject, project, 'optional-dependencies', '--all-extras asks for every extra');
    }
    for (const extra of extras) {
      const reqs = expander.extra(extra, `--extra ${extra} asks for them`, { file: pyproject.file });
      out.push(...rootInputs(expander.expand(reqs, null, new Set([canonicalizeExtra(extra)])), via));
    }
  }
  for (const group of selection.groups ?? []) {
    const reqs = flattenDependencyGroup(pyproject, group);
    const name = pyproject.dependencyGroups.get(canonicalizeName(group))?.name ?? group;
    const via = project ? `${project.name} (${pyproject.file}:${name})` : `(${pyproject.file}:${name})`;
    out.push(...rootInputs(expander.expand(reqs, null, new Set()), via));
  }
  return unique(out);
}

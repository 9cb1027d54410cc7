/**
 * PEP 735 dependency groups flattened: each `{include-group = "NAME"}` replaced by the
 * requirements of that group, recursively, in order. Including a group that does not
 * exist, or a cycle of includes, is an error naming the chain. Each requirement string is
 * validated when its group is used (the spec asks tools not to validate unused groups).
 */
import { ConfigError, WheelhouseError } from '../errors.js';
import { canonicalizeName } from '../pep508/name.js';
import { parseRequirement } from '../pep508/requirement.js';
import type { DependencyGroup, Pyproject, PyprojectRequirement } from './pyproject.js';
import { formatTomlPath } from './toml-positions.js';

/** A requirement of a flattened group and the group it is written in. */
export interface GroupRequirement extends PyprojectRequirement {
  /** The group (as written) whose array holds the string: the named group or one it includes. */
  group: string;
}

function available(pyproject: Pyproject): string {
  const names = [...pyproject.dependencyGroups.values()].map((g) => g.name);
  return names.length === 0 ? `${pyproject.file} has no [dependency-groups] table` : `one of: ${names.join(', ')}`;
}

/** The group named `name` (compared normalised), or a ConfigError listing the groups there are. */
export function findDependencyGroup(pyproject: Pyproject, name: string): DependencyGroup {
  const group = pyproject.dependencyGroups.get(canonicalizeName(name));
  if (!group) {
    throw new ConfigError(`dependency group ${JSON.stringify(name)} is not defined in ${pyproject.file}`, {
      location: { file: pyproject.file },
      text: name,
      expected: available(pyproject),
    });
  }
  return group;
}

function parseEntry(pyproject: Pyproject, group: DependencyGroup, text: string, entry: { path: GroupRequirement['path']; location: GroupRequirement['location'] }): GroupRequirement {
  const at = entry.location.column === undefined ? entry.location : { ...entry.location, column: entry.location.column + 1 };
  try {
    return { requirement: parseRequirement(text, at), text, path: entry.path, location: entry.location, group: group.name };
  } catch (e) {
    if (!(e instanceof WheelhouseError)) throw e;
    throw new ConfigError(`invalid requirement in ${formatTomlPath(entry.path)} of ${pyproject.file}: ${e.message}`, {
      location: e.location?.line !== undefined ? e.location : entry.location,
      text,
      expected: e.expected ?? 'a PEP 508 dependency specifier, e.g. "pytest>=8"',
      cause: e,
    });
  }
}

/** The requirements of group `name` with every include expanded, in order. */
export function flattenDependencyGroup(pyproject: Pyproject, name: string): GroupRequirement[] {
  const out: GroupRequirement[] = [];
  const visit = (group: DependencyGroup, chain: DependencyGroup[]): void => {
    for (const entry of group.entries) {
      if (entry.kind === 'requirement') {
        out.push(parseEntry(pyproject, group, entry.text, entry));
        continue;
      }
      const included = pyproject.dependencyGroups.get(canonicalizeName(entry.group));
      if (!included) {
        throw new ConfigError(`group ${JSON.stringify(group.name)} includes ${JSON.stringify(entry.group)}, which is not defined in ${pyproject.file}`, {
          location: entry.location,
          text: entry.group,
          expected: available(pyproject),
        });
      }
      const cycleAt = [...chain, group].indexOf(included);
      if (cycleAt !== -1) {
        const names = [...chain, group].slice(cycleAt).map((g) => g.name);
        throw new ConfigError(`dependency groups include each other in a cycle: ${[...names, included.name].join(' -> ')}`, {
          location: entry.location,
          text: entry.group,
          expected: 'groups that do not include themselves, directly or through other groups (PEP 735)',
        });
      }
      visit(included, [...chain, group]);
    }
  };
  visit(findDependencyGroup(pyproject, name), []);
  return out;
}

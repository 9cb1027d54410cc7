/**
 * pyproject.toml as a lock input: PEP 621 dependencies and extras, PEP 735 groups with
 * includes and cycles, self-references (uv's behaviour), dynamic fields, and errors that
 * name the file, line, key path and what was expected.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { flattenDependencyGroup } from '../../src/inputs/dependency-groups.js';
import { parsePyproject } from '../../src/inputs/pyproject.js';
import { pyprojectRootInputs, type PyprojectSelection } from '../../src/inputs/pyproject-inputs.js';

function roots(text: string, selection: PyprojectSelection) {
  return pyprojectRootInputs(parsePyproject(text, 'pyproject.toml'), selection).map((r) => ({ req: r.requirement.toString(), source: r.source, via: r.via }));
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('no error');
}

const PROJECT = `[project]
name = "My_Proj"
version = "1.0"
dependencies = [
  "requests>=2.31",
  "tomli ; python_version < '3.11'",
]

[project.optional-dependencies]
test = ["pytest>=8", "My-Proj[fast]"]
fast = ["orjson"]
all = ["my_proj[test,fast]"]

[dependency-groups]
lint = ["ruff"]
dev = [{include-group = "lint"}, "mypy", "my-proj[fast] ; sys_platform == 'linux'"]
`;

describe('pyproject.toml: project dependencies and extras', () => {
  it('gives [project] dependencies with their line and pip-compile\'s via', () => {
    expect(roots(PROJECT, { project: true })).toEqual([
      { req: 'requests>=2.31', source: 'pyproject.toml:5 (project.dependencies)', via: 'My_Proj (pyproject.toml)' },
      { req: 'tomli; python_version < "3.11"', source: 'pyproject.toml:6 (project.dependencies)', via: 'My_Proj (pyproject.toml)' },
    ]);
  });

  it('adds the chosen extras, expanding references to the project itself (recursive extras)', () => {
    const r = roots(PROJECT, { project: true, extras: ['TEST'] });
    expect(r.map((x) => x.req)).toEqual(['requests>=2.31', 'tomli; python_version < "3.11"', 'pytest>=8', 'orjson']);
    expect(r[2]?.source).toBe('pyproject.toml:10 (project.optional-dependencies.test)');
    expect(r[3]?.source).toBe('pyproject.toml:11 (project.optional-dependencies.fast)');
  });

  it('--all-extras takes every extra; a recursive extra adds each requirement once', () => {
    const r = roots(PROJECT, { project: true, allExtras: true });
    expect(r.map((x) => x.req)).toEqual(['requests>=2.31', 'tomli; python_version < "3.11"', 'pytest>=8', 'orjson']);
  });

  it('refuses an extra the project does not define, listing those it does', () => {
    const e = configError(() => roots(PROJECT, { project: true, extras: ['docs'] }));
    expect(e.message).toContain('My_Proj has no extra "docs"');
    expect(e.expected).toBe('one of: test, fast, all');
  });

  it('says that dynamic dependencies cannot be read, and how to proceed', () => {
    const text = '[project]\nname = "p"\ndynamic = ["dependencies", "version"]\n';
    const e = configError(() => roots(text, { project: true }));
    expect(e.message).toMatch(/lists dependencies in project\.dynamic.*does not run the build backend/);
    expect(e.location).toEqual({ file: 'pyproject.toml', line: 1, column: 1 });
    expect(e.hint).toContain('requirements.in');
    // Without the project's dependencies (a group of other packages only), it is not needed.
    expect(roots(`${text}[dependency-groups]\ndev = ["ruff"]\n`, { groups: ['dev'] }).map((r) => r.req)).toEqual(['ruff']);
  });

  it('refuses a field both dynamic and given', () => {
    const e = configError(() => parsePyproject('[project]\nname = "p"\ndynamic = ["dependencies"]\ndependencies = []\n', 'pyproject.toml'));
    expect(e.message).toContain('listed in dynamic but also given');
    expect(e.location).toEqual({ file: 'pyproject.toml', line: 3, column: 12 });
  });

  it('a pyproject.toml without [project] cannot be an input by itself', () => {
    const e = configError(() => roots('[dependency-groups]\ndev = ["ruff"]\n', { project: true }));
    expect(e.message).toBe('pyproject.toml has no [project] table');
    expect(e.hint).toContain('--group (dev)');
  });
});

describe('pyproject.toml: validation errors name line, column, key path and what was expected', () => {
  it('invalid TOML', () => {
    const e = configError(() => parsePyproject('[project]\nname = "p"\ndependencies = ["a",\n  b]\n', 'pyproject.toml'));
    expect(e.message).toMatch(/^pyproject\.toml is not valid TOML/);
    expect(e.location?.line).toBe(4);
    expect(e.text).toBe('  b]');
  });

  it('an invalid requirement points into the string', () => {
    const e = configError(() => parsePyproject('[project]\nname = "p"\ndependencies = [\n  "ok",\n  "bad>=>1",\n]\n', 'pyproject.toml'));
    expect(e.message).toMatch(/^invalid requirement in project\.dependencies\[1\] of pyproject\.toml/);
    expect(e.location?.file).toBe('pyproject.toml');
    expect(e.location?.line).toBe(5);
    expect(e.location?.column).toBeGreaterThanOrEqual(4);
    expect(e.text).toBe('bad>=>1');
  });

  it('wrong types', () => {
    let e = configError(() => parsePyproject('[project]\nname = "p"\ndependencies = "requests"\n', 'pyproject.toml'));
    expect(e.message).toBe('invalid project.dependencies in pyproject.toml: expected an array of strings, found a string');
    expect(e.location).toEqual({ file: 'pyproject.toml', line: 3, column: 16 });
    expect(e.expected).toContain('dependencies = [');
    e = configError(() => parsePyproject('[project]\nname = "p"\ndependencies = ["a", 3]\n', 'pyproject.toml'));
    expect(e.message).toContain('project.dependencies[1]');
    expect(e.location).toEqual({ file: 'pyproject.toml', line: 3, column: 22 });
    e = configError(() => parsePyproject('project = 1\n', 'pyproject.toml'));
    expect(e.message).toContain('expected a table, found a number');
  });

  it('names: missing, invalid, duplicate extras and groups after normalization', () => {
    expect(configError(() => parsePyproject('[project]\nversion = "1"\n', 'pyproject.toml')).message).toContain('[project] has no name');
    expect(configError(() => parsePyproject('[project]\nname = "-bad"\n', 'pyproject.toml')).message).toContain('not a valid project name');
    const dup = configError(() => parsePyproject('[project]\nname = "p"\n[project.optional-dependencies]\nFoo_Bar = []\nfoo-bar = []\n', 'pyproject.toml'));
    expect(dup.message).toContain('same as "Foo_Bar" once normalized');
    expect(dup.location?.line).toBe(5);
    const dupGroup = configError(() => parsePyproject('[dependency-groups]\na_b = []\n"A.B" = []\n', 'pyproject.toml'));
    expect(dupGroup.message).toContain('group "A.B" is the same as "a_b" once normalized');
  });

  it('group entries: only strings and {include-group = "..."}', () => {
    let e = configError(() => parsePyproject('[dependency-groups]\ndev = [{include-group = "x", extra = 1}]\n', 'pyproject.toml'));
    expect(e.message).toContain('unknown key "extra"');
    expect(e.location).toEqual({ file: 'pyproject.toml', line: 2, column: 8 });
    e = configError(() => parsePyproject('[dependency-groups]\ndev = [1]\n', 'pyproject.toml'));
    expect(e.message).toContain('expected a string or an include-group table, found a number');
    e = configError(() => parsePyproject('[dependency-groups]\ndev = [{include-group = 2}]\n', 'pyproject.toml'));
    expect(e.message).toContain('dependency-groups.dev[0].include-group');
  });
});

describe('pyproject.toml: dependency groups (PEP 735)', () => {
  it('flattens includes in order, with the via uv writes and the line of each string', () => {
    expect(roots(PROJECT, { groups: ['DEV'] })).toEqual([
      { req: 'ruff', source: 'pyproject.toml:15 (dependency-groups.lint)', via: 'My_Proj (pyproject.toml:dev)' },
      { req: 'mypy', source: 'pyproject.toml:16 (dependency-groups.dev)', via: 'My_Proj (pyproject.toml:dev)' },
      // The self-reference: the project's dependencies and its "fast" extra, under the reference's marker.
      { req: 'requests>=2.31; sys_platform == "linux"', source: 'pyproject.toml:5 (project.dependencies)', via: 'My_Proj (pyproject.toml:dev)' },
      {
        req: 'tomli; python_version < "3.11" and sys_platform == "linux"',
        source: 'pyproject.toml:6 (project.dependencies)',
        via: 'My_Proj (pyproject.toml:dev)',
      },
      { req: 'orjson; sys_platform == "linux"', source: 'pyproject.toml:11 (project.optional-dependencies.fast)', via: 'My_Proj (pyproject.toml:dev)' },
    ]);
  });

  it('groups without a [project] table are plain requirements', () => {
    expect(roots('[dependency-groups]\ntest = ["pytest", {include-group = "cov"}]\ncov = ["coverage[toml]"]\n', { groups: ['test'] })).toEqual([
      { req: 'pytest', source: 'pyproject.toml:2 (dependency-groups.test)', via: '(pyproject.toml:test)' },
      { req: 'coverage[toml]', source: 'pyproject.toml:3 (dependency-groups.cov)', via: '(pyproject.toml:test)' },
    ]);
  });

  it('a cycle of includes is an error naming the cycle and where it closes', () => {
    const p = parsePyproject('[dependency-groups]\na = ["x", {include-group = "b"}]\nb = [{include-group = "c"}]\nc = ["y", {include-group = "A"}]\n', 'pyproject.toml');
    const e = configError(() => flattenDependencyGroup(p, 'a'));
    expect(e.message).toBe('dependency groups include each other in a cycle: a -> b -> c -> a');
    expect(e.location).toEqual({ file: 'pyproject.toml', line: 4, column: 28 });
    const self = parsePyproject('[dependency-groups]\na = [{include-group = "a"}]\n', 'pyproject.toml');
    expect(configError(() => flattenDependencyGroup(self, 'a')).message).toBe('dependency groups include each other in a cycle: a -> a');
  });

  it('including or choosing a missing group is an error listing the groups', () => {
    const p = parsePyproject('[dependency-groups]\na = [{include-group = "nope"}]\nb = []\n', 'pyproject.toml');
    const e = configError(() => flattenDependencyGroup(p, 'a'));
    expect(e.message).toContain('group "a" includes "nope", which is not defined');
    expect(e.expected).toBe('one of: a, b');
    expect(configError(() => flattenDependencyGroup(p, 'c')).message).toBe('dependency group "c" is not defined in pyproject.toml');
  });

  it('validates the requirements of used groups only (PEP 735)', () => {
    const text = '[dependency-groups]\nok = ["ruff"]\nbroken = ["not a requirement!"]\n';
    expect(roots(text, { groups: ['ok'] }).map((r) => r.req)).toEqual(['ruff']);
    const e = configError(() => roots(text, { groups: ['broken'] }));
    expect(e.message).toMatch(/^invalid requirement in dependency-groups\.broken\[0\]/);
    expect(e.location?.line).toBe(3);
  });

  it('a self-reference with a version or URL is refused; one naming a missing extra says so', () => {
    const withVersion = '[project]\nname = "p"\n[dependency-groups]\ndev = ["p>=1"]\n';
    expect(configError(() => roots(withVersion, { groups: ['dev'] })).message).toContain('refers to the project itself with a version');
    const missing = '[project]\nname = "p"\n[dependency-groups]\ndev = ["p[nope]"]\n';
    const e = configError(() => roots(missing, { groups: ['dev'] }));
    expect(e.message).toBe('p has no extra "nope" in pyproject.toml');
    expect(e.location?.line).toBe(4);
    const dynamic = '[project]\nname = "p"\ndynamic = ["dependencies"]\n[dependency-groups]\ndev = ["p"]\n';
    expect(configError(() => roots(dynamic, { groups: ['dev'] })).message).toContain('lists dependencies in project.dynamic: dependency-groups.dev[0] refers to the project itself');
  });
});

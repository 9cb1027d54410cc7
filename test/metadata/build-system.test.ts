import { describe, expect, it } from 'vitest';
import { MetadataError } from '../../src/errors.js';
import { effectiveBuildSystem, LEGACY_BUILD_BACKEND } from '../../src/metadata/build-system.js';
import { parsePyprojectBuildSystem } from '../../src/metadata/pyproject.js';

describe('parsePyprojectBuildSystem', () => {
  it('reads requires, build-backend, backend-path and [project]', () => {
    const p = parsePyprojectBuildSystem('[build-system]\nrequires = ["hatchling>=1.20"]\nbuild-backend = "hatchling.build"\nbackend-path = ["."]\n[project]\nname = "x"\ndynamic = ["version"]\n');
    expect(p).toEqual({ hasBuildSystem: true, requires: ['hatchling>=1.20'], buildBackend: 'hatchling.build', backendPath: ['.'], project: { name: 'x', dynamic: ['version'] } });
  });

  it('fails on invalid TOML with the line, and on wrongly typed keys', () => {
    let err: unknown;
    try {
      parsePyprojectBuildSystem('[build-system]\nrequires = [\n', { file: 'x-1.tar.gz' }, 'x-1/pyproject.toml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MetadataError);
    expect((err as MetadataError).location?.file).toBe('x-1.tar.gz!x-1/pyproject.toml');
    expect(() => parsePyprojectBuildSystem('[build-system]\nrequires = "setuptools"\n')).toThrow(/not a list of strings/);
    expect(() => parsePyprojectBuildSystem('[build-system]\nrequires = []\nbuild-backend = 3\n')).toThrow(/build-backend/);
    expect(() => parsePyprojectBuildSystem('build-system = 1\n')).toThrow(/not a table/);
  });
});

describe('effectiveBuildSystem (pip\'s rule)', () => {
  it('no pyproject.toml, or no [build-system]: setuptools>=40.8.0 and wheel, legacy backend', () => {
    const legacy = { requires: ['setuptools>=40.8.0', 'wheel'], buildBackend: LEGACY_BUILD_BACKEND, backendPath: [], check: [], origin: 'legacy-default' };
    expect(effectiveBuildSystem(undefined, true)).toEqual(legacy);
    expect(effectiveBuildSystem(parsePyprojectBuildSystem('[tool.black]\nline-length = 100\n'), true)).toEqual(legacy);
    expect(effectiveBuildSystem(parsePyprojectBuildSystem('[project]\nname = "x"\n'), false)).toEqual(legacy);
  });

  it('[build-system] without build-backend: its requires, the legacy backend, and a check for setuptools', () => {
    expect(effectiveBuildSystem(parsePyprojectBuildSystem('[build-system]\nrequires = ["setuptools>=61", "cython"]\n'), true)).toEqual({
      requires: ['setuptools>=61', 'cython'],
      buildBackend: LEGACY_BUILD_BACKEND,
      backendPath: [],
      check: ['setuptools>=40.8.0'],
      origin: 'pyproject',
    });
  });

  it('fails without requires, or with neither pyproject.toml nor setup.py', () => {
    expect(() => effectiveBuildSystem(parsePyprojectBuildSystem('[build-system]\nbuild-backend = "flit_core.buildapi"\n'), false)).toThrow(/no requires key/);
    expect(() => effectiveBuildSystem(undefined, false)).toThrow(/neither setup.py nor pyproject.toml/);
  });
});

/**
 * Which build backend pip uses for an sdist, and what it installs to run it — the rule
 * of pip's `load_pyproject_toml` (pip 23.x), so that a downloader can fetch the build
 * requirements for an offline install:
 *
 * - `[build-system]` present: `requires` is mandatory; `build-backend` defaults to
 *   `setuptools.build_meta:__legacy__`, and then pip checks that `setuptools>=40.8.0`
 *   is among what was installed.
 * - no pyproject.toml, or no `[build-system]` (a legacy project): `setuptools>=40.8.0`
 *   and `wheel`, backend `setuptools.build_meta:__legacy__`.
 * - neither pyproject.toml nor setup.py: not a Python project; pip fails.
 */
import { MetadataError } from '../errors.js';
import type { PyprojectBuildSystem } from './pyproject.js';
import { archiveLocation, type ArchiveSource } from './source.js';

export interface BuildSystem {
  /** What pip installs into the build environment (PEP 508 strings). */
  requires: string[];
  /** PEP 517 object reference of the backend. */
  buildBackend: string;
  /** `backend-path` (in-tree backends), relative to the project root. */
  backendPath: string[];
  /** Requirements pip checks (not installs) when it chose the backend itself. */
  check: string[];
  /** Where this came from: the pyproject table, or pip's default for legacy projects. */
  origin: 'pyproject' | 'legacy-default';
}

export const LEGACY_BUILD_REQUIRES: readonly string[] = Object.freeze(['setuptools>=40.8.0', 'wheel']);
export const LEGACY_BUILD_BACKEND = 'setuptools.build_meta:__legacy__';

export function effectiveBuildSystem(pyproject: PyprojectBuildSystem | undefined, hasSetupPy: boolean, source: ArchiveSource = {}): BuildSystem {
  if (!pyproject && !hasSetupPy) {
    throw new MetadataError('not a Python project: neither setup.py nor pyproject.toml found', {
      location: archiveLocation(source),
      expected: 'a pyproject.toml or a setup.py at the top of the sdist',
    });
  }
  if (!pyproject || !pyproject.hasBuildSystem) {
    return { requires: [...LEGACY_BUILD_REQUIRES], buildBackend: LEGACY_BUILD_BACKEND, backendPath: [], check: [], origin: 'legacy-default' };
  }
  if (pyproject.requires === undefined) {
    throw new MetadataError('invalid pyproject.toml: [build-system] has no requires key', {
      location: archiveLocation(source),
      expected: 'requires = [...] in [build-system] (PEP 518 makes it mandatory)',
    });
  }
  if (pyproject.buildBackend === undefined) {
    return { requires: [...pyproject.requires], buildBackend: LEGACY_BUILD_BACKEND, backendPath: pyproject.backendPath ?? [], check: ['setuptools>=40.8.0'], origin: 'pyproject' };
  }
  return { requires: [...pyproject.requires], buildBackend: pyproject.buildBackend, backendPath: pyproject.backendPath ?? [], check: [], origin: 'pyproject' };
}

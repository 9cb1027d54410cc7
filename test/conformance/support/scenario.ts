/**
 * A packse scenario (scenarios/README.md; schema in the shared corpus's README): a tiny
 * package universe, the root requirements, the target and resolver options, and the
 * expected outcome.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ScenarioRelease {
  requires_python?: string;
  requires: string[];
  extras: Record<string, string[]>;
  sdist: boolean;
  wheel: boolean;
  wheel_tags: string[];
  yanked: boolean;
}

export interface Scenario {
  name: string;
  description: string;
  category: string;
  uv_mode: 'install' | 'compile' | 'lock';
  environment: { python_version: string; python_full_version?: string; python_platform?: string; installed_python?: string };
  options: { prerelease?: 'allow'; only_binary?: string[]; no_binary?: string[]; universal?: boolean };
  root: { requires: string[]; requires_python?: string };
  packages: Record<string, Record<string, ScenarioRelease>>;
  expected: { satisfiable: boolean; packages?: Record<string, string>; notes?: string };
}

export const SCENARIO_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(SCENARIO_DIR, f), 'utf8')) as Scenario);
}

export function isUniversal(s: Scenario): boolean {
  return s.options.universal === true;
}

/** The Python the scenario resolves for: X.Y.Z, X.Y meaning X.Y.0 (pip's and uv's --python-version). */
export function scenarioPython(s: Scenario): string {
  return s.environment.python_full_version ?? s.environment.python_version;
}

/**
 * uv's `--python-platform` names used by the corpus, as the platform tag a pip user would
 * give; absent means CPython on x86_64 Linux with glibc 2.28 (the corpus's default).
 */
export function scenarioPlatform(s: Scenario): string {
  const p = s.environment.python_platform;
  if (p === undefined) return 'manylinux_2_28_x86_64';
  const m = /^(x86_64|aarch64|i686)-manylinux(?:(2014)|_(\d+)_(\d+))$/.exec(p);
  if (!m) throw new Error(`python_platform ${p} is not modelled by this harness`);
  return m[2] === '2014' ? `manylinux_2_17_${m[1]}` : `manylinux_${m[3]}_${m[4]}_${m[1]}`;
}

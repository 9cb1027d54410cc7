/**
 * Runs scenarios: builds every index in-process under one folder, serves it on loopback
 * once, locks each scenario's requirements for its target through a PackageIndex, and
 * judges the outcome.
 */
import path from 'node:path';
import pLimit from 'p-limit';
import type { PackageIndex } from '../../../src/index/package-index.js';
import { Requirement } from '../../../src/pep508/requirement.js';
import { FormatControl } from '../../../src/requirements-txt/format-control.js';
import { resolveLock } from '../../../src/resolver/index.js';
import type { LockRequest } from '../../../src/resolver/lock-request.js';
import { createTarget } from '../../../src/tags/target.js';
import { parsePythonVersion } from '../../../src/tags/python-version.js';
import type { Target } from '../../../src/tags/target.js';
import { buildScenarioIndex, type BuiltIndex } from './build-index.js';
import { judge, type Attempt, type Outcome } from './judge.js';
import { scenarioPlatform, scenarioPython, type Scenario } from './scenario.js';

export function scenarioTarget(s: Scenario): Target {
  return createTarget({ implementation: 'cp', python: parsePythonVersion(scenarioPython(s)), platforms: [scenarioPlatform(s)] });
}

export function scenarioRequest(s: Scenario, target: Target): LockRequest {
  const formatControl = new FormatControl();
  for (const n of s.options.only_binary ?? []) formatControl.addOnlyBinary(n);
  for (const n of s.options.no_binary ?? []) formatControl.addNoBinary(n);
  return {
    requirements: s.root.requires.map((text, i) => ({ requirement: Requirement.parse(text), source: `requirements.in:${i + 1}`, via: '-r requirements.in' })),
    constraints: [],
    targets: [target],
    prerelease: s.options.prerelease === 'allow' ? 'allow' : 'if-necessary-or-explicit',
    resolution: 'highest',
    formatControl,
    preferBinary: false,
    preferences: new Map(),
    hashPolicy: 'all',
    options: {
      extraIndexUrls: [],
      findLinks: [],
      noIndex: false,
      onlyBinary: [...formatControl.onlyBinary].sort(),
      noBinary: [...formatControl.noBinary].sort(),
      preferBinary: false,
      pre: s.options.prerelease === 'allow',
    },
    inputs: ['requirements.in'],
  };
}

/** Writes every scenario's index under `root/<name>/`. */
export async function buildIndexes(scenarios: readonly Scenario[], root: string): Promise<Map<string, BuiltIndex>> {
  const limit = pLimit(4);
  const built = await Promise.all(scenarios.map((s) => limit(async () => [s.name, await buildScenarioIndex(s, path.join(root, s.name))] as const)));
  return new Map(built);
}

export interface ScenarioRun {
  outcome: Outcome;
  /** The resolver's error, when it failed. */
  error?: unknown;
}

/** Locks and judges every scenario, several at once; `indexFor` gives a scenario's PackageIndex. */
export async function runScenarios(
  scenarios: readonly Scenario[],
  built: ReadonlyMap<string, BuiltIndex>,
  indexFor: (s: Scenario) => PackageIndex,
): Promise<Map<string, ScenarioRun>> {
  const limit = pLimit(16);
  const runs = await Promise.all(
    scenarios.map((s) =>
      limit(async () => {
        const target = scenarioTarget(s);
        let attempt: Attempt;
        try {
          attempt = { lock: (await resolveLock(scenarioRequest(s, target), indexFor(s))).lock };
        } catch (error) {
          attempt = { error };
        }
        const run: ScenarioRun = { outcome: judge(s, attempt, target, built.get(s.name)!), ...('error' in attempt ? { error: attempt.error } : {}) };
        return [s.name, run] as const;
      }),
    ),
  );
  return new Map(runs);
}

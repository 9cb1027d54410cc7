/**
 * No lock exists: the resolution failed for one or more targets. The message gives each
 * failing target's explanation (targets failing for the same reason share one); the
 * solver's own errors stay available, by target.
 */
import { ResolutionError } from '../errors.js';
import type { NoSolutionError } from './pubgrub/no-solution-error.js';

export interface TargetFailure {
  /** The target's name. */
  readonly target: string;
  readonly error: NoSolutionError;
}

export class LockResolutionError extends ResolutionError {
  readonly failures: readonly TargetFailure[];

  constructor(failures: readonly TargetFailure[], targetCount: number) {
    super(describe(failures, targetCount), { cause: failures[0]?.error });
    this.failures = failures;
  }
}

function describe(failures: readonly TargetFailure[], targetCount: number): string {
  const byText = new Map<string, string[]>();
  for (const f of failures) byText.set(f.error.explanation, [...(byText.get(f.error.explanation) ?? []), f.target]);
  const parts: string[] = [];
  for (const [explanation, targets] of byText) {
    const which = targets.length === 1 ? `target ${targets[0]}` : `targets ${targets.join(', ')}`;
    const lead = targetCount === 1 ? `no solution found when resolving dependencies for ${which}:` : `no solution found for ${which} (of ${targetCount}):`;
    parts.push(`${lead}\n${indent(explanation)}`);
  }
  return parts.join('\n\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? '' : `  ${l}`))
    .join('\n');
}

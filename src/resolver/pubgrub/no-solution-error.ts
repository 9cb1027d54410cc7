/**
 * The error of an unsatisfiable resolution: its message is the explanation; the
 * derivation graph stays available, as objects and as plain data.
 */
import { ResolutionError } from '../../errors.js';
import { derivationTreeToJSON, type DerivationTreeJSON } from './derivation-tree.js';
import type { ExplainContext } from './wording.js';
import type { Incompatibility } from './incompatibility.js';
import type { SolverStats } from './provider.js';
import { explain } from './report.js';

export class NoSolutionError<P = unknown, S = unknown> extends ResolutionError {
  /** The explanation alone, without the first line of the message. */
  readonly explanation: string;
  /** The empty incompatibility; its causes form the derivation graph. */
  readonly incompatibility: Incompatibility<P, S>;
  /** The derivation graph as plain data (ids, terms and causes in words). */
  readonly derivation: DerivationTreeJSON;
  /** The solver's counters when it gave up. */
  readonly stats: Readonly<SolverStats> | undefined;

  constructor(
    incompatibility: Incompatibility<P, S>,
    context: ExplainContext<P, unknown, S>,
    stats?: Readonly<SolverStats>,
  ) {
    const explanation = explain(incompatibility, context);
    const indented = explanation
      .split('\n')
      .map((l) => (l === '' ? '' : `  ${l}`))
      .join('\n');
    super(`no solution found when resolving dependencies:\n${indented}`);
    this.explanation = explanation;
    this.incompatibility = incompatibility;
    this.derivation = derivationTreeToJSON(incompatibility, context);
    this.stats = stats === undefined ? undefined : { ...stats };
  }
}

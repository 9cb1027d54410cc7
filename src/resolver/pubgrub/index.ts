/**
 * PubGrub: a version solver generic over versions and version sets, with explanations
 * in words when there is no solution.
 */
export type { VersionSetOps } from './version-set.js';
export type { Term } from './term.js';
export { Incompatibility } from './incompatibility.js';
export type { IncompatibilityCause, ExternalCause, PackageTerm } from './incompatibility.js';
export { candidateList } from './provider.js';
export type {
  Dependency,
  Dependencies,
  DependencyProvider,
  PackageVersions,
  PriorityContext,
  Reporter,
  SolverStats,
} from './provider.js';
export { solve } from './solver.js';
export type { RootRequirement, SolveOptions, Resolution } from './solver.js';
export { NoSolutionError } from './no-solution-error.js';
export { explain } from './report.js';
export type { ExplainContext } from './wording.js';
export { derivationTreeToJSON } from './derivation-tree.js';
export type {
  DerivationTreeJSON,
  DerivationNodeJSON,
  DerivationTermJSON,
  DerivationCauseJSON,
} from './derivation-tree.js';

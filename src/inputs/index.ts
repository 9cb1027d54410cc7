/**
 * The inputs of a lock: requirements files, pyproject.toml (dependencies, extras, PEP 735
 * groups), requirement strings, package sources, targets, existing pins and the output
 * path, turned into a LockRequest for the resolver.
 */
export {
  collectLockInputs,
  commandLineFormatControl,
  parseGroupOption,
  DEFAULT_INPUT_FILES,
  PRERELEASE_POLICIES,
  RESOLUTION_STRATEGIES,
  HASH_POLICIES,
  type BinaryOption,
  type LockInputOptions,
  type LockInputs,
  type EarlyLockInputs,
} from './collect.js';
export { classifyArguments, commandLineRequirements, inputFileKind, COMMAND_LINE, type InputFile, type InputFileKind, type PositionalArguments } from './command-line.js';
export { readRequirementsInputs, entrySource, type RequirementsFilesInput, type RequirementsFilesResult, type ReadRequirementsInputsOptions } from './requirements-files.js';
export {
  readPyproject,
  parsePyproject,
  type Pyproject,
  type PyprojectProject,
  type PyprojectRequirement,
  type DependencyGroup,
  type DependencyGroupEntry,
  type OptionalDependencies,
} from './pyproject.js';
export { flattenDependencyGroup, findDependencyGroup, type GroupRequirement } from './dependency-groups.js';
export { pyprojectRootInputs, type PyprojectSelection } from './pyproject-inputs.js';
export { tomlPositions, formatTomlPath, tomlPathKey, type TomlPath, type TomlPosition } from './toml-positions.js';
export { mergePackageSources, findLinksForLockfile, type CommandLineIndexOptions, type PackageSources } from './index-options.js';
export { selectTargets, type TargetSelection } from './targets.js';
export { readLockfilePins, type ReadLockfilePinsOptions } from './existing-pins.js';
export { pinPreferences, parseUpgradePackages, withoutEmptyVia, UPGRADE_PACKAGE_SOURCE, type ExistingPinLike, type PinPreferences, type UpgradeOptions, type UpgradePackage } from './pins.js';
export { planOutput, isPylockFileName, LOCK_FORMATS, type LockFormat, type OutputDestination, type OutputPlan, type OutputPlanOptions } from './output-path.js';
export { parseExcludeNewer } from './exclude-newer.js';
export { lockHeaderCommand, normalizedLockArguments, HEADER_EXCLUDED_OPTIONS, type GivenOption } from './compile-command.js';
export { EarlyPackageIndex, indexOptionsForSources, packageIndexForSources, packageIndexForInputs, lockFromInputs, describeLockTargets, renderLockText, type LockTextOptions } from './lock-run.js';

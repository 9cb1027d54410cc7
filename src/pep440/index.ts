/**
 * PEP 440: versions, specifiers, specifier sets and version ranges.
 */
export { Version, compareVersions, VERSION_EXPECTED, type PreRelease, type PreReleaseKind, type VersionParts } from './version.js';
export type { VersionFields } from './key.js';
export { Specifier, SPECIFIER_OPERATORS, type SpecifierOperator, type SpecifierProblem } from './specifier.js';
export { SpecifierSet, type FilterOptions, type PrereleaseOption } from './specifier-set.js';
export { VersionRange, type VersionInterval } from './range.js';
export { Cut, type CutKind } from './cut.js';

/**
 * PEP 508: names, requirements, environment markers and their evaluation.
 */
export { MARKER_VARIABLES, type MarkerEnvironment, type MarkerVariable } from './environment.js';
export { canonicalizeExtra, canonicalizeName, isNormalizedName, isValidName } from './name.js';
export { Marker } from './marker.js';
export { MARKER_OPERATORS, type MarkerNode, type MarkerOperator, type MarkerValue, type MarkerVariableName } from './marker-ast.js';
export { Requirement, parseRequirement, type RequirementParts } from './requirement.js';

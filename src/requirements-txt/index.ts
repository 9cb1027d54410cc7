/**
 * pip's requirements-file format: reading it as pip 23.2.1 does, and writing it as
 * pip-compile does.
 */
export { parseRequirementsFile, parseRequirementsFiles } from './read-files.js';
export type { ParseRequirementsOptions, RequirementsFileInput } from './read-files.js';
export type {
  FindLinksValue,
  LocatedValue,
  ParsedRequirementsFiles,
  RequirementParser,
  RequirementsFileEntry,
  RequirementsFileOptions,
  RequirementsFileRead,
  RequirementsFileWarning,
  SourceLocation,
} from './types.js';
export type { RequirementLink } from './requirement-forms.js';
export type { EnvironmentVariables } from './logical-lines.js';
export { FormatControl, type BinaryFormat } from './format-control.js';
export { REQUIREMENTS_FILE_OPTIONS, optionDisplayName, type OptionSpec, type OptionScope, type OptionDest } from './options.js';
export { PIP_HASH_ALGORITHMS } from './hash-option.js';
export { writeRequirementsTxt, compileCommand } from './writer.js';
export type {
  AnnotationStyle,
  PinnedRequirement,
  RequirementsTxtHeader,
  RequirementsTxtOptions,
  WriteRequirementsTxtInput,
} from './writer.js';
export { viaSource } from './via.js';

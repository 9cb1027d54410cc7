/**
 * The built-in requirement parser: it checks only that the text starts with a project
 * name followed by something a PEP 508 requirement can have there, and returns the name.
 * Bare URLs and paths reach it already written as `name @ url`. Plug in PEP 508's
 * `parseRequirement` (src/pep508) for full parsing.
 */
import { RequirementError } from '../errors.js';
import type { RequirementText, SourceLocation } from './types.js';

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;

export function parseRequirementText(text: string, where: SourceLocation): RequirementText {
  const m = NAME.exec(text);
  const name = m?.[1];
  const next = m ? text.charAt(m[0].length) : text.charAt(0);
  if (name === undefined || (next !== '' && !'[(<>=!~;@'.includes(next))) {
    const offset = m ? m[0].length : 0;
    throw new RequirementError('invalid requirement', {
      location: { ...where, column: where.column + offset },
      text,
      expected: name === undefined ? 'a project name' : 'extras, a version specifier, "@ url" or "; marker" after the project name',
    });
  }
  return { text, name };
}

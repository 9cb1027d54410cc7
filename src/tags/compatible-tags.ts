/**
 * The tags any interpreter of a Python version accepts after its own ones (packaging's
 * `compatible_tags`):
 *
 *   py3X-none-<platform>, py3-none-<platform>, py3(X-1)-none-<platform> … py30-none-<platform>
 *   <interpreter>-none-any       when the interpreter is known (cp312-none-any)
 *   py3X-none-any, py3-none-any, py3(X-1)-none-any … py30-none-any
 */
import { makeTag, type Tag } from './tag.js';
import { type PythonVersion } from './python-version.js';

/** py312, py3, py311 … py30: the version, then the major alone, then every older minor. */
export function pythonInterpreterRange(python: PythonVersion): string[] {
  const out: string[] = [];
  if (python.minor !== undefined) out.push(`py${python.major}${python.minor}`);
  out.push(`py${python.major}`);
  if (python.minor !== undefined) for (let m = python.minor - 1; m >= 0; m--) out.push(`py${python.major}${m}`);
  return out;
}

export function compatibleTags(python: PythonVersion, interpreter: string | undefined, platforms: readonly string[]): Tag[] {
  const range = pythonInterpreterRange(python);
  const tags: Tag[] = [];
  for (const v of range) for (const p of platforms) tags.push(makeTag(v, 'none', p));
  if (interpreter) tags.push(makeTag(interpreter, 'none', 'any'));
  for (const v of range) tags.push(makeTag(v, 'none', 'any'));
  return tags;
}

/**
 * The escaped form of project names that wheel and sdist file names use (binary
 * distribution format, "Escaping and Unicode"; PEP 625). Validity and PEP 503
 * normalisation live in src/pep508/name.ts.
 */
import { canonicalizeName } from '../pep508/name.js';

/** The name as a wheel or PEP 625 sdist file name writes it: normalised, with `_` for `-` ("foo_bar_baz"). */
export function escapeFilenameName(name: string): string {
  return canonicalizeName(name).replace(/-/g, '_');
}

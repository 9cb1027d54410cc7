/**
 * Project names: PEP 503 normalisation (the form names are compared in) and the escaped
 * form wheel and sdist file names use (binary distribution format, "Escaping and Unicode";
 * PEP 625).
 */

/** A valid project name (core metadata `Name`): ASCII letters, digits, `.`, `_`, `-`, starting and ending alphanumeric. */
const VALID_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

export function isValidProjectName(name: string): boolean {
  return VALID_NAME.test(name);
}

/** PEP 503: lower-case, every run of `-`, `_` and `.` becomes one `-` ("Foo.Bar_baz" → "foo-bar-baz"). */
export function canonicalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The name as a wheel or PEP 625 sdist file name writes it: normalised, with `_` for `-` ("foo_bar_baz"). */
export function escapeFilenameName(name: string): string {
  return canonicalizeName(name).replace(/-/g, '_');
}

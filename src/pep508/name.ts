/**
 * Project and extra names: validity (PEP 508 "Names", the core metadata `Name` rule),
 * normalisation (PEP 503, "Names and normalization" on packaging.python.org) and extra
 * normalisation (PEP 685: extras compare as normalised names).
 */

/** PEP 508: `^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$`, ASCII, case-insensitive. */
export const NAME_PATTERN = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const VALID_NAME = new RegExp(`^${NAME_PATTERN}$`);
const NORMALIZED_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Whether `name` is a valid project (or extra) name. */
export function isValidName(name: string): boolean {
  return VALID_NAME.test(name);
}

/** PEP 503 normalisation: lower case, every run of `-`, `_`, `.` becomes one `-`. */
export function canonicalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** Whether `name` is valid and already normalised (`canonicalizeName` leaves it as is). */
export function isNormalizedName(name: string): boolean {
  return NORMALIZED_NAME.test(name);
}

/** PEP 685: extras are compared, and written, as normalised names. */
export function canonicalizeExtra(extra: string): string {
  return canonicalizeName(extra);
}

/**
 * Project names as PEP 503/508 define them. (Kept local to this folder until the
 * standards modules export the same functions.)
 */

/** PEP 508 project name: letters, digits, `.`, `_`, `-`; starting and ending alphanumeric. */
export const PROJECT_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

export function isValidProjectName(name: string): boolean {
  return PROJECT_NAME.test(name);
}

/** PEP 503 normalized name: runs of `-`, `_`, `.` become one `-`, lowercase. */
export function canonicalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

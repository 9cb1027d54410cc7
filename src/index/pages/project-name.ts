/**
 * PEP 503 "Normalized Names": lowercase, runs of `-`, `_`, `.` become one `-`. The project
 * page of `Foo.Bar_baz` lives at `/simple/foo-bar-baz/`.
 */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** A valid project name (PEP 508 "Names"; the core metadata `Name` field). */
export function isValidProjectName(name: string): boolean {
  return /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i.test(name);
}

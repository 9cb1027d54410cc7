/**
 * The solver's packages: a project (`requests`, its PEP 503 canonical name) or a project
 * with one extra (`requests[socks]`, the extra PEP 685-normalised). A project with an
 * extra is a virtual package: its version `v` depends on the project at exactly `v` and
 * on the extra's own requirements (as uv and pip's resolvelib model extras).
 */
import { canonicalizeExtra, canonicalizeName } from '../pep508/name.js';

/** `name` or `name[extra]`, both normalised. */
export type PackageId = string;

export function packageId(name: string, extra?: string): PackageId {
  const base = canonicalizeName(name);
  return extra === undefined ? base : `${base}[${canonicalizeExtra(extra)}]`;
}

/** The project and the extra of a package id. */
export function splitPackageId(id: PackageId): { name: string; extra?: string } {
  const open = id.indexOf('[');
  if (open < 0) return { name: id };
  return { name: id.slice(0, open), extra: id.slice(open + 1, -1) };
}

/** The project of a package id (`requests` for `requests[socks]`). */
export function projectOf(id: PackageId): string {
  const open = id.indexOf('[');
  return open < 0 ? id : id.slice(0, open);
}

/**
 * Whether two version strings (a file name's, a folder's, a METADATA field's) name the
 * same version: PEP 440 equality when both parse ("1.0" and "1.0.0" are equal), otherwise
 * the texts compared case-insensitively, so a non-PEP 440 version still has to match itself.
 */
import { Version } from '../pep440/version.js';

export function sameVersion(a: string, b: string): boolean {
  const va = Version.tryParse(a);
  const vb = Version.tryParse(b);
  if (va && vb) return va.equals(vb);
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

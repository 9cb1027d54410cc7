/**
 * Version texts in lockfiles, judged by PEP 440 (src/pep440): is this a version, are two
 * equal ("1.0" == "1.0.0"), which is greater.
 */
import { Version } from '../pep440/version.js';

export function isVersionText(text: string): boolean {
  return Version.tryParse(text) !== null;
}

/** Compares two version texts; undefined when either is not a PEP 440 version. */
export function compareVersionText(a: string, b: string): number | undefined {
  const va = Version.tryParse(a);
  const vb = Version.tryParse(b);
  return va && vb ? va.compare(vb) : undefined;
}

/** PEP 440 equality (`==` without wildcards): "1.0" equals "1.0.0" and "1.0+LOCAL" equals "1.0+local". */
export function versionsEqual(a: string, b: string): boolean {
  return compareVersionText(a, b) === 0;
}

/**
 * PEP 592: a yanked file is used only when a root requirement (or constraint) pins its
 * version exactly (`==V` without a wildcard, or `===V`). A transitive `==` does not opt in
 * (uv's rule; packse `transitive-yanked-and-unyanked-dependency`).
 */
import type { Specifier } from '../../pep440/specifier.js';
import type { Version } from '../../pep440/version.js';

/** Whether one of the root's exact pins of a project names `version`. */
export function pinnedExactly(pins: readonly Specifier[] | undefined, version: Version): boolean {
  if (pins === undefined) return false;
  return pins.some((s) => s.toRange().contains(version));
}

/** The root specifiers that pin exactly: `==V` (no `.*`) and `===V`. */
export function isExactPin(s: Specifier): boolean {
  return (s.operator === '==' && !s.wildcard) || s.operator === '===';
}

/** `yanked` or `yanked (reason)`. */
export function yankedReason(reason: string): string {
  return reason.trim() === '' ? 'yanked' : `yanked (${reason.trim()})`;
}

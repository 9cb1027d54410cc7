/**
 * A light check that a file name's version part looks like a version, until the PEP 440
 * module parses it: an optional "v", an optional epoch, then a digit, then only the
 * characters PEP 440 versions (and their local labels) use.
 */
const VERSION_TEXT = /^[vV]?(?:[0-9]+!)?[0-9][A-Za-z0-9._+!]*$/;
const LEGACY_VERSION_TEXT = /^[vV]?(?:[0-9]+!)?[0-9][A-Za-z0-9._+!-]*$/;

export function looksLikeVersion(text: string, allowDash = false): boolean {
  return (allowDash ? LEGACY_VERSION_TEXT : VERSION_TEXT).test(text);
}

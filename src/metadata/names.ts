/**
 * Project names and extras as the core-metadata readers compare them.
 *
 * PROVISIONAL: `versionsLooselyEqual` stands in for PEP 440 equality until src/pep440 is
 * merged; the lead replaces it with `Version` comparison (see the report).
 */

/** PEP 503 normalisation: lowercase, runs of `-`, `_`, `.` become one `-`. */
export function canonicalizeName(name: string): string {
  return name.trim().replace(/[-_.]+/g, '-').toLowerCase();
}

/** PEP 685: extras are normalised exactly like project names. */
export function canonicalizeExtra(extra: string): string {
  return canonicalizeName(extra);
}

/**
 * A valid project name (PEP 508 "Names"; core metadata "Name"): ASCII letters and digits,
 * with `.`, `_`, `-` allowed inside but not at either end.
 */
export function isValidProjectName(name: string): boolean {
  return /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i.test(name);
}

/** The name as it is written in wheel and sdist file names and `.dist-info` folders (PEP 491, PEP 625). */
export function escapeNameForFilename(name: string): string {
  return canonicalizeName(name).replace(/-/g, '_');
}

/**
 * PROVISIONAL stand-in for PEP 440 equality of two version strings, used only to check
 * that a file name, its `.dist-info`/top-level folder and its metadata agree. Both are
 * normalised with the grammar of PEP 440 ("Normalization"; the pattern of Appendix B)
 * and compared as strings, so `1.0` and `1.0.0` differ here (PEP 440 says they are
 * equal). Strings that are not PEP 440 versions compare case-insensitively as written.
 * Replace with `Version` equality once src/pep440 is merged.
 */
export function versionsLooselyEqual(a: string, b: string): boolean {
  return normalizeVersionString(a) === normalizeVersionString(b);
}

const PEP440 =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/;

const PRE_SPELLING: Record<string, string> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', preview: 'rc', pre: 'rc', c: 'rc', rc: 'rc' };

/** PROVISIONAL: the PEP 440 normal form of `v`, or `v` lowercased when it is not a PEP 440 version. */
export function normalizeVersionString(v: string): string {
  const s = v.trim().toLowerCase();
  const m = PEP440.exec(s);
  if (!m) return s;
  const [, epoch, release, preL, preN, postImplicit, postL, postN, devL, devN, local] = m;
  let out = '';
  if (epoch !== undefined && Number(epoch) !== 0) out += `${Number(epoch)}!`;
  out += release!.split('.').map((p) => String(BigInt(p))).join('.');
  if (preL !== undefined) out += `${PRE_SPELLING[preL]}${BigInt(preN ?? '0')}`;
  if (postImplicit !== undefined) out += `.post${BigInt(postImplicit)}`;
  else if (postL !== undefined) out += `.post${BigInt(postN ?? '0')}`;
  if (devL !== undefined) out += `.dev${BigInt(devN ?? '0')}`;
  if (local !== undefined) out += `+${local.split(/[-_.]/).map((p) => (/^\d+$/.test(p) ? String(BigInt(p)) : p)).join('.')}`;
  return out;
}

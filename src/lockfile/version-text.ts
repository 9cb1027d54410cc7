/**
 * PEP 440 versions, as much as the lockfile readers and writers need: is this text a
 * version, are two versions equal ("1.0" == "1.0.0"), which is greater. A stopgap until
 * src/pep440 (`Version.parse`, `Version.compare`) is merged: the lead should replace
 * `parseVersionText`, `versionsEqual` and `compareVersionText` with it.
 *
 * The pattern is PEP 440's own (Appendix B, "Parsing version strings with regular
 * expressions"), in JavaScript syntax.
 */

const VERSION_PATTERN = new RegExp(
  '^\\s*v?' +
    '(?:(?<epoch>[0-9]+)!)?' +
    '(?<release>[0-9]+(?:\\.[0-9]+)*)' +
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?' +
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?' +
    '(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?' +
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?' +
    '\\s*$',
  'i',
);

export interface VersionKey {
  epoch: number;
  /** Release numbers without trailing zeros (1.0.0 and 1 are the same release). */
  release: number[];
  /** ['a' | 'b' | 'rc', n] */
  pre?: [string, number];
  post?: number;
  dev?: number;
  /** Lower-cased, separators as ".". */
  local?: string;
}

const PRE_LABELS: Record<string, string> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', c: 'rc', rc: 'rc', pre: 'rc', preview: 'rc' };

/** The parts of a PEP 440 version, or undefined when `text` is not one. */
export function parseVersionText(text: string): VersionKey | undefined {
  const m = VERSION_PATTERN.exec(text);
  const g = m?.groups;
  if (!g) return undefined;
  const release = (g['release'] as string).split('.').map(Number);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const key: VersionKey = { epoch: g['epoch'] === undefined ? 0 : Number(g['epoch']), release };
  if (g['preL'] !== undefined) key.pre = [PRE_LABELS[g['preL'].toLowerCase()] as string, Number(g['preN'] ?? 0)];
  if (g['post'] !== undefined) key.post = Number(g['postN1'] ?? g['postN2'] ?? 0);
  if (g['devL'] !== undefined) key.dev = Number(g['devN'] ?? 0);
  if (g['local'] !== undefined) key.local = g['local'].toLowerCase().replace(/[-_]/g, '.');
  return key;
}

export function isVersionText(text: string): boolean {
  return parseVersionText(text) !== undefined;
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** PEP 440 local segments: numbers compare as numbers and sort after strings. */
function compareLocal(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const x = as[i];
    const y = bs[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^[0-9]+$/.test(x);
    const yn = /^[0-9]+$/.test(y);
    if (xn && yn) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    } else if (xn !== yn) {
      return xn ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** Sort rank of the pre-release part: a dev release of a final sorts before its pre-releases. */
function preRank(k: VersionKey): [number, number] {
  if (k.pre) return [{ a: 0, b: 1, rc: 2 }[k.pre[0]] ?? 0, k.pre[1]];
  if (k.post === undefined && k.dev !== undefined) return [-1, 0];
  return [3, 0];
}

export function compareVersionKeys(a: VersionKey, b: VersionKey): number {
  return (
    a.epoch - b.epoch ||
    compareNumbers(a.release, b.release) ||
    compareNumbers(preRank(a), preRank(b)) ||
    (a.post ?? -1) - (b.post ?? -1) ||
    (a.dev ?? Number.POSITIVE_INFINITY) - (b.dev ?? Number.POSITIVE_INFINITY) ||
    compareLocal(a.local, b.local)
  );
}

/** Compares two version texts; undefined when either is not a PEP 440 version. */
export function compareVersionText(a: string, b: string): number | undefined {
  const ka = parseVersionText(a);
  const kb = parseVersionText(b);
  return ka && kb ? compareVersionKeys(ka, kb) : undefined;
}

/** PEP 440 equality (`==` without wildcards): "1.0" equals "1.0.0" and "1.0+LOCAL" equals "1.0+local". */
export function versionsEqual(a: string, b: string): boolean {
  return compareVersionText(a, b) === 0;
}

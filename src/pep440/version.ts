/**
 * PEP 440 versions ("Version scheme"): parsing with every normalisation the spec lists
 * (case, separators, spellings, implicit numbers, `v` prefix, surrounding whitespace),
 * the canonical string (as packaging's `str(Version)`), and the total order through a
 * precomputed string key (key.ts), so that comparing two versions is one string compare.
 */
import { VersionError, type Location } from '../errors.js';
import { stripPython, isPythonSpace } from '../util/python-text.js';
import { MAX_DIGITS, digitsOf, stripLeadingZeros } from './digits.js';
import { simpleCanonical, simpleVersionKey } from './simple-version.js';
import { type PreReleaseKind, type VersionFields, versionKey } from './key.js';

export type { PreReleaseKind } from './key.js';

export interface PreRelease {
  readonly kind: PreReleaseKind;
  readonly number: number;
}

/** The parts of a version, for `Version.fromParts`. */
export interface VersionParts {
  epoch?: number;
  release: readonly number[];
  /** `kind` may be any spelling PEP 440 accepts (`alpha`, `c`, `pre`, ...). */
  pre?: { kind: string; number: number } | null;
  post?: number | null;
  dev?: number | null;
  /** e.g. `ubuntu.1`; `-` and `_` separators are normalised to `.` */
  local?: string | null;
}

/** PEP 440, Appendix B, as packaging implements it (ASCII only, case-insensitive). */
const VERSION_RE =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/i;
/** The same without the end anchor: how far a bad version is still good (for error columns). */
const VERSION_PREFIX_RE = new RegExp(VERSION_RE.source.slice(0, -1), 'i');

/** PEP 440 "Pre-release spelling". */
const PRE_SPELLINGS: Readonly<Record<string, PreReleaseKind>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

export const VERSION_EXPECTED = 'a PEP 440 version such as 1.0, 2.1.3rc1, 1!2.0.post1.dev3 or 1.0+local.7';

/** A PEP 440 version. Immutable; compare with `compare`/`equals` (never `===`). */
export class Version {
  /**
   * The comparison key: `a.key < b.key` exactly when `a < b` in PEP 440 order, and
   * equal keys mean equal versions (`1.0` and `1.0.0`). Usable as a Map key.
   */
  readonly key: string;
  /** Parts, computed on first use for release-only versions (they need only the key and text). */
  private parts: VersionFields | undefined;
  private text: string | undefined;

  private constructor(key: string, fields: VersionFields | undefined, text: string | undefined) {
    this.key = key;
    this.parts = fields;
    this.text = text;
  }

  /**
   * Parses a version, accepting every normalisation PEP 440 allows. Throws
   * `VersionError` (with the offending text, what was expected and, when `location`
   * gives where the text starts, the column of the problem).
   */
  static parse(text: string, location?: Location): Version {
    const v = Version.tryParse(text);
    if (v === null) throw invalidVersion(text, location);
    return v;
  }

  /**
   * Like `parse`, but `null` for an invalid version. There is no global intern table:
   * parsing costs about a microsecond, and a shared cache doubled the cost of every
   * first parse; callers that see the same strings often can keep their own Map.
   */
  static tryParse(text: string): Version | null {
    return parseVersion(text);
  }

  /** Builds a version from parts (`{ release: [3, 12] }` is `3.12`). */
  static fromParts(parts: VersionParts): Version {
    if (parts.release.length === 0) throw new VersionError('a version needs at least one release number', { expected: 'release: [1, 0, ...]' });
    let preKind: PreReleaseKind | null = null;
    let preNumber = '0';
    if (parts.pre) {
      const kind = PRE_SPELLINGS[parts.pre.kind.toLowerCase()];
      if (kind === undefined) throw new VersionError(`unknown pre-release kind ${JSON.stringify(parts.pre.kind)}`, { text: parts.pre.kind, expected: 'a, b or rc' });
      preKind = kind;
      preNumber = digitsOf(parts.pre.number);
    }
    let local: string[] | null = null;
    if (parts.local != null) {
      if (!/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/i.test(parts.local)) {
        throw new VersionError(`invalid local version label ${JSON.stringify(parts.local)}`, {
          text: parts.local,
          expected: 'ASCII letters and digits separated by ".", "-" or "_"',
        });
      }
      local = normaliseLocal(parts.local);
    }
    return Version.fromFields({
      epoch: digitsOf(parts.epoch ?? 0),
      release: parts.release.map(digitsOf),
      preKind,
      preNumber,
      post: parts.post == null ? null : digitsOf(parts.post),
      dev: parts.dev == null ? null : digitsOf(parts.dev),
      local,
    });
  }

  /** Builds a version from already normalised fields (digits without leading zeros). */
  static fromFields(fields: VersionFields): Version {
    return new Version(versionKey(fields), fields, undefined);
  }

  /** Normalised parts, numbers as exact digit strings. */
  get fields(): VersionFields {
    if (this.parts === undefined) {
      // Only release-only versions are built without parts; their text is canonical.
      this.parts = { epoch: '0', release: this.text!.split('.'), preKind: null, preNumber: '0', post: null, dev: null, local: null };
    }
    return this.parts;
  }

  /** Whether this is a release-only version whose parts were never needed. */
  private get releaseOnly(): boolean {
    return this.parts === undefined;
  }

  /** PEP 440 order: negative, zero or positive. */
  static compare(a: Version, b: Version): number {
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  }

  compare(other: Version): number {
    return this.key < other.key ? -1 : this.key > other.key ? 1 : 0;
  }
  equals(other: Version): boolean {
    return this.key === other.key;
  }
  lessThan(other: Version): boolean {
    return this.key < other.key;
  }
  lessThanOrEqual(other: Version): boolean {
    return this.key <= other.key;
  }
  greaterThan(other: Version): boolean {
    return this.key > other.key;
  }
  greaterThanOrEqual(other: Version): boolean {
    return this.key >= other.key;
  }

  /** The epoch (`1` in `1!2.0`), 0 when absent. Numbers above 2^53 are approximate here; `fields` is exact. */
  get epoch(): number {
    return Number(this.fields.epoch);
  }
  /** The release numbers as written, trailing zeros included (`[2, 0, 0]` for `2.0.0`). */
  get release(): readonly number[] {
    return this.fields.release.map(Number);
  }
  get pre(): PreRelease | null {
    const f = this.fields;
    return f.preKind === null ? null : { kind: f.preKind, number: Number(f.preNumber) };
  }
  get post(): number | null {
    return this.fields.post === null ? null : Number(this.fields.post);
  }
  get dev(): number | null {
    return this.fields.dev === null ? null : Number(this.fields.dev);
  }
  /** The normalised local label (`ubuntu.1`), or null. */
  get local(): string | null {
    return this.fields.local === null ? null : this.fields.local.join('.');
  }
  /** The local label's segments, numbers as numbers (`['ubuntu', 1]`), or null. */
  get localSegments(): readonly (string | number)[] | null {
    const l = this.fields.local;
    return l === null ? null : l.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  }
  get major(): number {
    return Number(this.fields.release[0] ?? 0);
  }
  get minor(): number {
    return Number(this.fields.release[1] ?? 0);
  }
  get micro(): number {
    return Number(this.fields.release[2] ?? 0);
  }

  /** A pre-release or a development release (PEP 440 "Handling of pre-releases"). */
  get isPrerelease(): boolean {
    return !this.releaseOnly && (this.fields.preKind !== null || this.fields.dev !== null);
  }
  get isPostrelease(): boolean {
    return !this.releaseOnly && this.fields.post !== null;
  }
  get isDevrelease(): boolean {
    return !this.releaseOnly && this.fields.dev !== null;
  }
  get hasLocal(): boolean {
    return !this.releaseOnly && this.fields.local !== null;
  }

  /** The version without its local label (packaging's `public`, as a Version). */
  get public(): Version {
    if (this.releaseOnly || this.fields.local === null) return this;
    return Version.fromFields({ ...this.fields, local: null });
  }
  /** Epoch and release only (packaging's `base_version`, as a Version). */
  get baseVersion(): Version {
    if (this.releaseOnly) return this;
    const f = this.fields;
    if (f.preKind === null && f.post === null && f.dev === null && f.local === null) return this;
    return Version.fromFields({ epoch: f.epoch, release: f.release, preKind: null, preNumber: '0', post: null, dev: null, local: null });
  }

  /** The canonical form, as packaging's `str(Version)` (`1.0-r4` → `1.0.post4`). */
  toString(): string {
    if (this.text !== undefined) return this.text;
    const f = this.fields;
    let s = f.epoch === '0' ? '' : f.epoch + '!';
    s += f.release.join('.');
    if (f.preKind !== null) s += f.preKind + f.preNumber;
    if (f.post !== null) s += '.post' + f.post;
    if (f.dev !== null) s += '.dev' + f.dev;
    if (f.local !== null) s += '+' + f.local.join('.');
    this.text = s;
    return s;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** `Version.compare` as a plain function, for `array.sort(compareVersions)`. */
export function compareVersions(a: Version, b: Version): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function normaliseLocal(local: string): string[] {
  const out = local.toLowerCase().split(/[-_.]/);
  for (let i = 0; i < out.length; i++) {
    const seg = out[i]!;
    if (/^\d+$/.test(seg)) out[i] = stripLeadingZeros(seg);
  }
  return out;
}

/** Parses a version, or null when the text is not one. */
function parseVersion(raw: string): Version | null {
  const text = stripPython(raw);
  const key = simpleVersionKey(text);
  if (key !== null) return new VersionCtor(key, undefined, simpleCanonical);
  const fields = parseFields(text);
  return fields === null ? null : Version.fromFields(fields);
}

/** The general case (PEP 440 Appendix B), on text without surrounding whitespace. */
function parseFields(text: string): VersionFields | null {
  const m = VERSION_RE.exec(text);
  if (m === null) return null;
  const [, epoch, release, preL, preN, postN1, postL, postN2, devL, devN, local] = m;
  for (const group of m) if (group !== undefined && group.length > MAX_DIGITS && /^\d+$/.test(group)) return null;
  const parts = release!.split('.');
  if (parts.some((part) => part.length > MAX_DIGITS)) return null;
  const post = postN1 ?? (postL === undefined ? undefined : (postN2 ?? '0'));
  return {
    epoch: epoch === undefined ? '0' : stripLeadingZeros(epoch),
    release: parts.map(stripLeadingZeros),
    preKind: preL === undefined ? null : PRE_SPELLINGS[preL.toLowerCase()]!,
    preNumber: preN === undefined ? '0' : stripLeadingZeros(preN),
    post: post === undefined ? null : stripLeadingZeros(post),
    dev: devL === undefined ? null : devN === undefined ? '0' : stripLeadingZeros(devN),
    local: local === undefined ? null : normaliseLocal(local),
  };
}

const VersionCtor = Version as unknown as new (key: string, fields: VersionFields | undefined, text: string | undefined) => Version;

/** Where a bad version stops being a version (0-based, in the text as given), for error columns. */
function failureOffset(raw: string): number {
  const text = stripPython(raw);
  const lead = text.length === 0 ? 0 : raw.indexOf(text);
  const m = VERSION_PREFIX_RE.exec(text);
  let n = m === null ? 0 : m[0].length;
  while (n < text.length && isPythonSpace(text.charCodeAt(n))) n++;
  return lead + Math.min(n, text.length);
}

function invalidVersion(text: string, location?: Location): VersionError {
  return new VersionError(`invalid version ${JSON.stringify(text)}`, {
    text,
    expected: VERSION_EXPECTED,
    ...(location ? { location: { ...location, column: (location.column ?? 1) + failureOffset(text) } } : {}),
  });
}

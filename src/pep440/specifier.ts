/**
 * One PEP 440 version specifier ("Version specifiers"): `~=`, `==`, `!=`, `<=`, `>=`,
 * `<`, `>`, `===`, prefix matching `==1.*`, local labels with `==`/`!=`. Parsing accepts
 * what packaging 26 accepts; matching is the VersionRange of the specifier (range.ts)
 * plus the pre-release policy of `SpecifierSet.contains`.
 */
import { VersionError, type Location } from '../errors.js';
import { hasPythonSpace, isPythonSpace, skipPythonSpace } from '../util/python-text.js';
import { specifierRange, type VersionRange } from './range.js';
import { Version } from './version.js';

export type SpecifierOperator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

export const SPECIFIER_OPERATORS: readonly SpecifierOperator[] = ['~=', '==', '!=', '<=', '>=', '<', '>', '==='];

const RELEASE_ONLY = /^v?(?:\d+!)?\d+(?:\.\d+)*$/i;

/** Why a specifier is invalid, and where (0-based offset into the text). */
export interface SpecifierProblem {
  offset: number;
  message: string;
  expected: string;
}

export class Specifier {
  /** The parsed version; null only for `===` with a string that is not a PEP 440 version. */
  readonly parsedVersion: Version | null;
  private rangeCache: VersionRange | undefined;

  private constructor(
    readonly operator: SpecifierOperator,
    /** The version as written, without whitespace: `1.0.*`, `2.0rc1`, or anything after `===`. */
    readonly version: string,
    parsed: Version | null,
    /** A prefix match (`==1.*`, `!=1.2.*`). */
    readonly wildcard: boolean,
  ) {
    this.parsedVersion = parsed;
  }

  /**
   * Parses one specifier such as `>=1.0` or `== 2.1.*`. Throws `VersionError` with the
   * column of the problem (relative to `location.column`, default 1).
   */
  static parse(text: string, location?: Location): Specifier {
    const result = parseSpecifier(text);
    if (result instanceof Specifier) return result;
    throw new VersionError(`invalid version specifier ${JSON.stringify(text)}: ${result.message}`, {
      text,
      expected: result.expected,
      location: { ...location, column: (location?.column ?? 1) + result.offset },
    });
  }

  /** Like `parse`, but `null` when invalid. */
  static tryParse(text: string): Specifier | null {
    const result = parseSpecifier(text);
    return result instanceof Specifier ? result : null;
  }

  /** The problem with a specifier text, or null when it is valid. */
  static check(text: string): SpecifierProblem | null {
    const result = parseSpecifier(text);
    return result instanceof Specifier ? null : result;
  }

  /** `Specifier.create('>=', version)`; the version text is checked as by `parse`. */
  static create(operator: SpecifierOperator, version: Version | string): Specifier {
    return Specifier.parse(operator + String(version));
  }

  /** Whether this specifier names a pre-release, which opts pre-releases in (all operators but `!=` and `==X.*`). */
  get prereleases(): boolean {
    if (this.operator === '!=' || this.wildcard) return false;
    const v = this.operator === '===' ? Version.tryParse(this.version) : this.parsedVersion;
    return v !== null && v.isPrerelease;
  }

  /** The versions this specifier admits, pre-releases included (see range.ts for `===`). */
  toRange(): VersionRange {
    if (this.rangeCache === undefined) this.rangeCache = specifierRange(this.operator, this.parsedVersion, this.wildcard);
    return this.rangeCache;
  }

  /**
   * Whether the version matches, with the pre-release policy of SpecifierSet.contains:
   * pre-releases only when `prereleases` is true, or when it is not given and this
   * specifier names a pre-release. A string is parsed; `===` compares strings.
   */
  contains(item: Version | string, options: { prereleases?: boolean } = {}): boolean {
    const v = typeof item === 'string' ? Version.tryParse(item) : item;
    if (v !== null && v.isPrerelease && !(options.prereleases ?? this.prereleases)) return false;
    return this.matches(item, v);
  }

  /** The match itself, without the pre-release policy; `v` is `item` parsed (or null). */
  matches(item: Version | string, v: Version | null): boolean {
    if (this.operator === '===') {
      const literal = typeof item === 'string' ? item : item.toString();
      return literal.toLowerCase() === this.version.toLowerCase();
    }
    return v !== null && this.toRange().containsKey(v.key);
  }

  /**
   * A string equal for specifiers packaging considers equal: trailing zeros do not
   * matter (`==1.0` is `==1.0.0`) except after `~=`; `===` and `.*` compare as written.
   */
  get canonicalKey(): string {
    const v = this.parsedVersion;
    if (this.operator === '===' || this.wildcard || v === null) return this.operator + this.version;
    if (this.operator === '~=') return this.operator + v.toString();
    const f = v.fields;
    let end = f.release.length;
    while (end > 1 && f.release[end - 1] === '0') end--;
    return this.operator + Version.fromFields({ ...f, release: f.release.slice(0, end) }).toString();
  }

  equals(other: Specifier): boolean {
    return this.canonicalKey === other.canonicalKey;
  }

  /** Operator and version as written, without whitespace (packaging's `str(Specifier)`). */
  toString(): string {
    return this.operator + this.version;
  }

  toJSON(): string {
    return this.toString();
  }
}

function problem(offset: number, message: string, expected: string): SpecifierProblem {
  return { offset, message, expected };
}

const OPERATOR_EXPECTED = 'an operator (==, !=, <=, >=, <, >, ~= or ===) followed by a version, e.g. >=1.0';

/** The operator at `i`, longest first, or null. */
export function operatorAt(text: string, i: number): SpecifierOperator | null {
  if (text.startsWith('===', i)) return '===';
  const two = text.slice(i, i + 2);
  if (two === '~=' || two === '==' || two === '!=' || two === '<=' || two === '>=') return two;
  const one = text[i];
  return one === '<' || one === '>' ? one : null;
}

/** Parses as packaging 26's Specifier regex accepts (whitespace is Python's). */
function parseSpecifier(text: string): Specifier | SpecifierProblem {
  const start = skipPythonSpace(text);
  let end = text.length;
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end--;
  const op = operatorAt(text, start);
  if (op === null) return problem(start, 'no comparison operator', OPERATOR_EXPECTED);
  const at = skipPythonSpace(text, start + op.length);
  const version = text.slice(at, end);

  if (op === '===') {
    // Arbitrary equality: anything but whitespace, ';' and ')' (they end a requirement's specifier).
    for (let i = 0; i < version.length; i++) {
      const c = version[i]!;
      if (c === ';' || c === ')' || isPythonSpace(c.charCodeAt(0))) {
        return problem(at + i, `${JSON.stringify(c)} cannot appear after ===`, 'a version string without whitespace, ";" or ")"');
      }
    }
    return new SpecifierCtor(op, version, Version.tryParse(version), false);
  }

  if (version.length === 0) return problem(at, `no version after ${op}`, `a version after ${op}, e.g. ${op}1.0`);
  if (hasPythonSpace(version)) {
    let i = 0;
    while (!isPythonSpace(version.charCodeAt(i))) i++;
    return problem(at + i, 'whitespace inside the version', 'a version without whitespace; separate specifiers with ","');
  }

  let base = version;
  const wildcard = version.endsWith('.*');
  if (wildcard) {
    if (op !== '==' && op !== '!=') {
      return problem(end - 2, `.* is only allowed with == and !=, not ${op}`, `${op}${version.slice(0, -2)} or ==${version}`);
    }
    base = version.slice(0, -2);
    if (!RELEASE_ONLY.test(base)) {
      if (Version.tryParse(base) !== null) {
        return problem(end - 2, '.* cannot follow a pre-release, post-release, dev release or local version', 'a release such as ==1.2.*');
      }
      return problem(at, `invalid version ${JSON.stringify(base)} before .*`, 'a release such as ==1.2.*');
    }
  }
  const parsed = Version.tryParse(base);
  if (parsed === null) {
    return problem(at, `invalid version ${JSON.stringify(base)}`, 'a PEP 440 version such as 1.0, 2.1.3rc1 or 1!2.0.post1');
  }
  if (parsed.hasLocal && op !== '==' && op !== '!=') {
    return problem(at + base.indexOf('+'), `a local version label is only allowed with ==, != and ===, not ${op}`, `${op}${parsed.public}`);
  }
  if (op === '~=' && parsed.fields.release.length < 2) {
    return problem(at, '~= needs a version with at least two release numbers', `~=${parsed.fields.release[0]}.0, or >=${base}`);
  }
  return new SpecifierCtor(op, version, parsed, wildcard);
}

/** The private constructor, for this module's parser. */
const SpecifierCtor = Specifier as unknown as new (
  operator: SpecifierOperator,
  version: string,
  parsed: Version | null,
  wildcard: boolean,
) => Specifier;

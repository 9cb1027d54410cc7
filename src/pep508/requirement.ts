/**
 * Dependency specifiers (PEP 508, packaging.python.org "Dependency specifiers"):
 * `name [extras] (versionspec | @ url) ; marker`, parsed as packaging 26 and pip parse
 * them (space/tab whitespace, `name (>=1.0)`, a trailing comma after the specifiers,
 * a URL ended by whitespace) and printed in packaging's normal form.
 */
import { RequirementError, VersionError, type Location } from '../errors.js';
import { SpecifierSet } from '../pep440/specifier-set.js';
import { operatorAt } from '../pep440/specifier.js';
import type { MarkerEnvironment } from './environment.js';
import { Marker, parseMarkerToEnd } from './marker.js';
import { NAME_PATTERN, canonicalizeExtra, canonicalizeName, isValidName } from './name.js';
import { Scanner } from './scanner.js';
import { matchSpecifier } from './specifier-token.js';
import { compareCodePoints } from '../util/python-text.js';

/** A name where the scanner stands (sticky). */
const NAME = new RegExp(NAME_PATTERN, 'y');

export interface RequirementParts {
  name: string;
  extras?: Iterable<string>;
  specifier?: SpecifierSet | string;
  url?: string | null;
  marker?: Marker | string | null;
}

export class Requirement {
  /** The name as written. */
  readonly name: string;
  /** The extras as written, without repeats, in the order written. */
  readonly extras: readonly string[];
  readonly specifier: SpecifierSet;
  /** The direct reference after `@`, as written; null for a name-based requirement. */
  readonly url: string | null;
  readonly marker: Marker | null;

  private constructor(name: string, extras: readonly string[], specifier: SpecifierSet, url: string | null, marker: Marker | null) {
    this.name = name;
    this.extras = extras;
    this.specifier = specifier;
    this.url = url;
    this.marker = marker;
  }

  /**
   * Parses a dependency specifier. Throws `RequirementError` with the column of the
   * problem (after `location.column`, default 1; pass the file and line of a
   * requirements file), the requirement text and what was expected.
   */
  static parse(text: string, location?: Location): Requirement {
    return parseRequirementText(text, location);
  }

  /** Like `parse`, but `null` when invalid. */
  static tryParse(text: string): Requirement | null {
    try {
      return parseRequirementText(text);
    } catch (e) {
      if (e instanceof RequirementError) return null;
      throw e;
    }
  }

  /** Builds a requirement from parts; the result is checked by printing and parsing it back. */
  static create(parts: RequirementParts): Requirement {
    const extras = [...(parts.extras ?? [])];
    for (const n of [parts.name, ...extras]) {
      if (!isValidName(n)) throw new RequirementError(`invalid name ${JSON.stringify(n)}`, { text: n, expected: 'ASCII letters, digits, ".", "-" and "_", starting and ending with a letter or digit' });
    }
    const specifier = typeof parts.specifier === 'string' ? SpecifierSet.parse(parts.specifier) : (parts.specifier ?? SpecifierSet.empty());
    const marker = typeof parts.marker === 'string' ? Marker.parse(parts.marker) : (parts.marker ?? null);
    if (parts.url != null && !specifier.isEmpty) {
      throw new RequirementError('a requirement has either a version specifier or a URL, not both', { text: `${parts.name} ${specifier} @ ${parts.url}` });
    }
    const req = new Requirement(parts.name, dedupe(extras), specifier, parts.url ?? null, marker);
    return Requirement.parse(req.toString());
  }

  /** PEP 503 normalised name. */
  get canonicalName(): string {
    return canonicalizeName(this.name);
  }

  /** PEP 685 normalised extras, without repeats, sorted. */
  get normalizedExtras(): readonly string[] {
    return [...new Set(this.extras.map(canonicalizeExtra))].sort(compareCodePoints);
  }

  /** Whether the marker holds for this target and these extras (true without a marker). */
  evaluateMarker(env: MarkerEnvironment, extras: Iterable<string> = []): boolean {
    return this.marker === null || this.marker.evaluate(env, extras);
  }

  /** Same name, extras, specifiers, URL and marker up to normalisation (packaging's `==`). */
  equals(other: Requirement): boolean {
    return (
      this.canonicalName === other.canonicalName &&
      this.normalizedExtras.join(',') === other.normalizedExtras.join(',') &&
      this.specifier.equals(other.specifier) &&
      this.url === other.url &&
      String(this.marker) === String(other.marker)
    );
  }

  /** packaging's `str(Requirement)`: `name[a,b]>=1.0,<2; python_version >= "3.8"`, `name @ url ; marker`. */
  toString(): string {
    let s = this.name;
    if (this.extras.length > 0) s += `[${[...this.extras].sort(compareCodePoints).join(',')}]`;
    s += this.specifier.toString();
    if (this.url !== null) s += ` @ ${this.url}${this.marker ? ' ' : ''}`;
    if (this.marker !== null) s += `; ${this.marker}`;
    return s;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** `Requirement.parse` as a function. */
export function parseRequirement(text: string, location?: Location): Requirement {
  return parseRequirementText(text, location);
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}

const CtorRequirement = Requirement as unknown as new (
  name: string,
  extras: readonly string[],
  specifier: SpecifierSet,
  url: string | null,
  marker: Marker | null,
) => Requirement;

function readName(s: Scanner, what: string, expected: string): string {
  NAME.lastIndex = s.pos;
  const m = NAME.exec(s.source);
  if (m === null) throw s.error(`expected ${what}, found ${s.found()}`, expected);
  s.pos += m[0].length;
  const next = s.peek();
  if (next === '-' || next === '_' || next === '.') {
    throw s.error(`${what} ${JSON.stringify(m[0] + next)} does not end with a letter or digit`, expected, s.pos);
  }
  return m[0];
}

const NAME_EXPECTED = 'a project name: ASCII letters, digits, ".", "-" and "_", starting and ending with a letter or digit';

function parseRequirementText(text: string, location?: Location): Requirement {
  const s = new Scanner(text, location, 'requirement');
  s.skipSpace();
  const name = readName(s, 'a project name', NAME_EXPECTED);
  s.skipSpace();
  const extras = s.peek() === '[' ? parseExtras(s) : [];
  s.skipSpace();

  let url: string | null = null;
  let specifier = SpecifierSet.empty();
  let marker: Marker | null = null;
  if (s.eat('@')) {
    s.skipSpace();
    const start = s.pos;
    while (!s.done && s.peek() !== ' ' && s.peek() !== '\t') s.pos++;
    if (s.pos === start) throw s.error('expected a URL after "@"', 'a URL, e.g. name @ https://example.org/name-1.0.tar.gz');
    url = s.source.slice(start, s.pos);
    // The URL runs to the next whitespace, so a marker needs a space before its ";".
    if (s.skipSpace() && s.eat(';')) marker = parseMarkerToEnd(s);
  } else {
    specifier = parseSpecifiers(s);
    s.skipSpace();
    if (s.eat(';')) marker = parseMarkerToEnd(s);
    else if (!s.done) {
      const expected = specifier.isEmpty ? 'a version specifier, "[extras]", "@ URL", ";" and a marker, or the end' : '"," and another specifier, ";" and a marker, or the end';
      throw s.error(`unexpected ${s.found()}`, expected);
    }
  }
  s.skipSpace();
  if (!s.done) throw s.error(`unexpected ${s.found()} after the ${url !== null ? 'URL' : 'marker'}`, url !== null ? 'whitespace, ";" and a marker, or the end' : 'the end of the requirement');
  return new CtorRequirement(name, dedupe(extras), specifier, url, marker);
}

function parseExtras(s: Scanner): string[] {
  const open = s.pos;
  s.pos++;
  s.skipSpace();
  const extras: string[] = [];
  if (s.peek() !== ']') {
    extras.push(readName(s, 'an extra name', 'an extra name such as "security"'));
    for (;;) {
      s.skipSpace();
      if (s.eat(',')) {
        s.skipSpace();
        extras.push(readName(s, 'an extra name after ","', 'an extra name such as "security"'));
      } else if (s.peek() === ']') break;
      else if (/^[A-Za-z0-9]/.test(s.source.slice(s.pos, s.pos + 1))) throw s.error('expected "," between extra names', '"," between extra names');
      else throw s.error(`expected "]" to close the "[" at column ${s.column(open)}, found ${s.found()}`, '"," and another extra, or "]"');
    }
  }
  s.pos++; // ]
  return extras;
}

/** `version_many` or `( version_many )`; returns the set (empty when there is none). */
function parseSpecifiers(s: Scanner): SpecifierSet {
  const open = s.peek() === '(' ? s.pos : -1;
  if (open !== -1) {
    s.pos++;
    s.skipSpace();
  }
  const start = s.pos;
  let text = '';
  for (;;) {
    const begin = s.pos;
    const end = matchSpecifier(s.source, begin);
    if (end === -1) break;
    text += s.source.slice(begin, end);
    s.pos = end;
    if (s.startsWith('.*')) {
      const op = operatorAt(s.source, begin);
      const equality = op === '==' || op === '!=';
      throw s.error(
        equality ? '.* cannot follow a pre-release, post-release, dev release or local version' : '.* is only allowed with == and !=',
        equality ? 'a release such as ==1.2.*' : 'a specifier such as ==1.2.*',
        s.pos,
      );
    }
    if (s.peek() === '+' && /[A-Za-z0-9]/.test(s.peek(1) ?? '')) {
      throw s.error('a local version label (+...) is only allowed with ==, != and ===', 'a specifier without a local label', s.pos);
    }
    s.skipSpace();
    if (!s.eat(',')) break;
    text += ',';
    s.skipSpace();
  }
  if (open !== -1) {
    s.skipSpace();
    if (!s.eat(')')) {
      throw s.error(`expected ")" to close the "(" at column ${s.column(open)}, found ${s.found()}`, '"," and another specifier, or ")"');
    }
  }
  try {
    return text === '' ? SpecifierSet.empty() : SpecifierSet.parse(text);
  } catch (e) {
    if (e instanceof VersionError) throw s.error(e.message, e.expected ?? 'a version specifier', start, e);
    throw e;
  }
}


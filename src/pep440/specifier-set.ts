/**
 * A comma-separated set of PEP 440 specifiers (`>=1.0, !=1.3.*, <2`), all of which a
 * version must match. The pre-release policy follows PEP 440 "Handling of pre-releases"
 * as pip applies it: a pre-release matches only when asked for (`prereleases: true`) or
 * when a specifier names one. `filter` applies the PEP's default: pre-releases only if
 * no final release matches.
 */
import { VersionError, type Location } from '../errors.js';
import { compareCodePoints, isPythonSpace } from '../util/python-text.js';
import { VersionRange } from './range.js';
import { Specifier } from './specifier.js';
import { Version } from './version.js';

export interface PrereleaseOption {
  /**
   * true: pre-releases match; false: they never do; absent: they match only when a
   * specifier of the set names a pre-release (`>=2.0b1`).
   */
  prereleases?: boolean;
}

export interface FilterOptions<T> extends PrereleaseOption {
  /** The version of an item, when items are not versions or strings themselves. */
  key?: (item: T) => Version | string;
}

export class SpecifierSet {
  private static readonly EMPTY = new SpecifierSet([]);
  /** The specifiers in the order written. */
  readonly specifiers: readonly Specifier[];
  private readonly hasArbitrary: boolean;
  private rangeCache: VersionRange | undefined;
  private namesPrerelease: boolean | undefined;

  private constructor(specifiers: readonly Specifier[]) {
    this.specifiers = specifiers;
    this.hasArbitrary = specifiers.some((s) => s.operator === '===');
  }

  /**
   * Parses `>=1.0, <2` (empty items between commas are ignored, as packaging does).
   * Throws `VersionError` naming the column of the bad specifier.
   */
  static parse(text: string, location?: Location): SpecifierSet {
    const specs: Specifier[] = [];
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf(',', start);
      if (end === -1) end = text.length;
      const piece = text.slice(start, end);
      let blank = true;
      for (let i = 0; i < piece.length && blank; i++) blank = isPythonSpace(piece.charCodeAt(i));
      if (!blank) {
        const spec = Specifier.tryParse(piece);
        specs.push(spec ?? Specifier.parse(piece, { ...location, column: (location?.column ?? 1) + start }));
      }
      start = end + 1;
    }
    return specs.length === 0 ? SpecifierSet.EMPTY : new SpecifierSet(specs);
  }

  /** Like `parse`, but `null` when invalid. */
  static tryParse(text: string): SpecifierSet | null {
    try {
      return SpecifierSet.parse(text);
    } catch (e) {
      if (e instanceof VersionError) return null;
      throw e;
    }
  }

  static fromSpecifiers(specifiers: Iterable<Specifier>): SpecifierSet {
    const list = [...specifiers];
    return list.length === 0 ? SpecifierSet.EMPTY : new SpecifierSet(list);
  }

  /** The set without specifiers: every version (pre-releases only when asked for). */
  static empty(): SpecifierSet {
    return SpecifierSet.EMPTY;
  }

  get size(): number {
    return this.specifiers.length;
  }
  get isEmpty(): boolean {
    return this.specifiers.length === 0;
  }
  [Symbol.iterator](): Iterator<Specifier> {
    return this.specifiers[Symbol.iterator]();
  }

  /** Whether a specifier names a pre-release, which opts pre-releases in. */
  get prereleases(): boolean {
    if (this.namesPrerelease === undefined) this.namesPrerelease = this.specifiers.some((s) => s.prereleases);
    return this.namesPrerelease;
  }

  /** The versions all specifiers admit, pre-releases included. */
  toRange(): VersionRange {
    if (this.rangeCache === undefined) {
      let range = VersionRange.full();
      for (const s of this.specifiers) range = range.intersect(s.toRange());
      this.rangeCache = range;
    }
    return this.rangeCache;
  }

  /**
   * Whether the version matches every specifier, pre-releases as `options.prereleases`
   * says (absent: only when a specifier names one). A string is parsed (`===` compares it
   * as written); a string that is not a version matches only `===` specifiers.
   */
  contains(item: Version | string, options: PrereleaseOption = {}): boolean {
    const v = typeof item === 'string' ? Version.tryParse(item) : item;
    if (v !== null && v.isPrerelease && !(options.prereleases ?? this.prereleases)) return false;
    return this.matches(item, v);
  }

  private matches(item: Version | string, v: Version | null): boolean {
    if (!this.hasArbitrary) return v === null ? this.specifiers.length === 0 : this.toRange().containsKey(v.key);
    for (const s of this.specifiers) if (!s.matches(item, v)) return false;
    return true;
  }

  /**
   * The items that match, in order. With `prereleases` absent and no specifier naming a
   * pre-release, pre-releases are kept only when no final release matches (PEP 440
   * "Handling of pre-releases"; packaging 26's `filter`).
   */
  filter<T extends Version | string>(items: Iterable<T>, options?: FilterOptions<T>): T[];
  filter<T>(items: Iterable<T>, options: FilterOptions<T> & { key: (item: T) => Version | string }): T[];
  filter<T>(items: Iterable<T>, options: FilterOptions<T> = {}): T[] {
    const key = options.key ?? ((item: T) => item as unknown as Version | string);
    const allow = options.prereleases ?? (this.prereleases ? true : undefined);
    const matched: T[] = [];
    const isPre: boolean[] = [];
    let finalFound = false;
    for (const item of items) {
      const raw = key(item);
      const v = typeof raw === 'string' ? Version.tryParse(raw) : raw;
      if (!this.matches(raw, v)) continue;
      const pre = v !== null && v.isPrerelease;
      if (pre && allow === false) continue;
      if (v !== null && !pre) finalFound = true;
      matched.push(item);
      isPre.push(pre);
    }
    if (allow !== undefined || !finalFound) return matched;
    return matched.filter((_, i) => !isPre[i]);
  }

  /** Both sets at once (packaging's `&`). */
  intersect(other: SpecifierSet): SpecifierSet {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    return new SpecifierSet([...this.specifiers, ...other.specifiers]);
  }

  /** The specifiers sorted as text, duplicates (equal canonical form) dropped. */
  private canonicalSpecifiers(): Specifier[] {
    const sorted = [...this.specifiers].sort((a, b) => compareCodePoints(a.toString(), b.toString()));
    const seen = new Set<string>();
    return sorted.filter((s) => {
      const k = s.canonicalKey;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  /** Same specifiers up to order, duplicates and trailing zeros (packaging's `==`). */
  equals(other: SpecifierSet): boolean {
    const a = this.canonicalSpecifiers();
    const b = other.canonicalSpecifiers();
    return a.length === b.length && a.every((s, i) => s.canonicalKey === b[i]!.canonicalKey);
  }

  /** Sorted, without duplicates, comma-separated (packaging's `str(SpecifierSet)`): `!=1.3,>=1.0`. */
  toString(): string {
    return this.canonicalSpecifiers().join(',');
  }

  toJSON(): string {
    return this.toString();
  }
}

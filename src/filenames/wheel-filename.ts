/**
 * Wheel file names (PEP 427, PEP 491, the binary distribution format specification):
 *
 *   {name}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl
 *
 * The name escapes every run of `-_.` as `_`, so exactly 4 or 5 dashes separate the parts.
 * A build tag starts with a digit and sorts as (number, rest). Each tag part may be a
 * dot-compressed set (`py2.py3-none-any`) standing for every combination.
 */
import { FilenameError, TargetError, type Location } from '../errors.js';
import { expandCompressedTag, formatCompressedTag, parseCompressedTag, type CompressedTag, type Tag } from '../tags/tag.js';
import { canonicalizeName } from '../pep508/name.js';
import { escapeFilenameName } from './names.js';
import { assertSafeFilename } from './safe-filename.js';
import { looksLikeVersion } from './version-text.js';

export interface BuildTag {
  /** the leading digits, as a number */
  readonly number: number;
  /** the rest, compared as a string */
  readonly suffix: string;
  /** as written */
  readonly text: string;
}

export interface WheelFilename {
  /** the whole file name */
  readonly filename: string;
  /** the name part as written (escaped: `foo_bar`, sometimes with capitals or dots) */
  readonly name: string;
  /** PEP 503 canonical name, for comparison: `foo-bar` */
  readonly normalizedName: string;
  /** the version part exactly as written */
  readonly version: string;
  /** the version with `_` turned back into `-` (what pip reads); parse this one as PEP 440 */
  readonly unescapedVersion: string;
  readonly buildTag?: BuildTag;
  /** the dot-separated parts of each tag component, lower-cased */
  readonly pythonTags: readonly string[];
  readonly abiTags: readonly string[];
  readonly platformTags: readonly string[];
  /** every tag the (possibly compressed) tag set stands for */
  readonly tags: readonly Tag[];
}

const WHEEL_FORM = '{name}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl, e.g. "foo_bar-1.0-py3-none-any.whl"';
/** A wheel's escaped name part: letters, digits, `_` and `.`, starting and ending alphanumeric. */
const WHEEL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?$/;
const BUILD_TAG = /^([0-9]+)([A-Za-z0-9._]*)$/;

function invalid(filename: string, why: string, location?: Location): FilenameError {
  return new FilenameError(`invalid wheel file name: ${why}`, { text: filename, expected: WHEEL_FORM, ...(location ? { location } : {}) });
}

export function parseBuildTag(text: string): BuildTag | undefined {
  const m = BUILD_TAG.exec(text);
  return m ? { number: Number(m[1]), suffix: m[2] as string, text } : undefined;
}

/** Orders build tags as pip does: none first, then by (number, suffix). */
export function compareBuildTags(a: BuildTag | undefined, b: BuildTag | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (a.number !== b.number) return a.number - b.number;
  return a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0;
}

/** Parses a wheel file name; throws FilenameError naming the text and the expected form. */
export function parseWheelFilename(filename: string, location?: Location): WheelFilename {
  assertSafeFilename(filename, location);
  if (!filename.endsWith('.whl')) throw invalid(filename, 'it does not end in ".whl"', location);
  const parts = filename.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) {
    throw invalid(filename, `expected 4 or 5 "-" separators, found ${parts.length - 1} (a "-" inside the name or version must be written "_")`, location);
  }
  const [name, version] = parts as [string, string];
  if (!WHEEL_NAME.test(name)) throw invalid(filename, `${JSON.stringify(name)} is not a project name (letters, digits, "_" and ".", starting and ending with a letter or digit)`, location);
  if (!looksLikeVersion(version)) throw invalid(filename, `${JSON.stringify(version)} is not a version`, location);
  let buildTag: BuildTag | undefined;
  if (parts.length === 6) {
    buildTag = parseBuildTag(parts[2] as string);
    if (!buildTag) throw invalid(filename, `build tag ${JSON.stringify(parts[2])} does not start with a digit`, location);
  }
  let tagSet: TagSet;
  try {
    tagSet = tagSetOf(parts.slice(-3).join('-'));
  } catch (err) {
    if (err instanceof TargetError) throw invalid(filename, err.message.replace(/^invalid compatibility tag: /, 'tag: '), location);
    throw err;
  }
  return Object.freeze({
    filename,
    name,
    normalizedName: canonicalizeName(name),
    version,
    unescapedVersion: version.replace(/_/g, '-'),
    ...(buildTag ? { buildTag } : {}),
    ...tagSet,
  });
}

type TagSet = Pick<WheelFilename, 'pythonTags' | 'abiTags' | 'platformTags' | 'tags'>;

/**
 * Parsed tag sets by their text. An index page lists many wheels with the same tags (every
 * version of a project built for the same platforms), and a page may list 200,000 files:
 * sharing one frozen parse per distinct tag set keeps a page's memory to its names and
 * URLs. Bounded: when full it is emptied and refills with the tags in use.
 */
const TAG_SETS = new Map<string, TagSet>();
const TAG_SETS_MAX = 4096;

function tagSetOf(text: string): TagSet {
  const known = TAG_SETS.get(text);
  if (known !== undefined) return known;
  const compressed: CompressedTag = parseCompressedTag(text);
  const tagSet: TagSet = Object.freeze({
    pythonTags: Object.freeze([...compressed.interpreters]),
    abiTags: Object.freeze([...compressed.abis]),
    platformTags: Object.freeze([...compressed.platforms]),
    tags: Object.freeze(expandCompressedTag(compressed).map((t) => Object.freeze(t))),
  });
  if (TAG_SETS.size >= TAG_SETS_MAX) TAG_SETS.clear();
  TAG_SETS.set(text, tagSet);
  return tagSet;
}

export interface WheelFilenameParts {
  /** the project name in any spelling; written normalised and escaped (`Foo.Bar` → `foo_bar`) */
  name: string;
  /** a normalised PEP 440 version (no "-") */
  version: string;
  /** e.g. "1" or "2abc", or as parsed */
  buildTag?: string | BuildTag;
  /** the tag set, compressed ("py2.py3-none-any") or as components */
  tag: string | CompressedTag;
}

/** Builds `{name}-{version}(-{build})?-{tag}.whl`, normalising the name, and checks the result parses. */
export function buildWheelFilename(parts: WheelFilenameParts): string {
  const name = escapeFilenameName(parts.name);
  const pieces = [name, parts.version];
  if (!looksLikeVersion(parts.version)) {
    throw new FilenameError('cannot build a wheel file name: invalid version', { text: parts.version, expected: 'a normalised PEP 440 version, e.g. "1.0.post1" (no "-")' });
  }
  if (parts.buildTag !== undefined) pieces.push(typeof parts.buildTag === 'string' ? parts.buildTag : parts.buildTag.text);
  pieces.push(typeof parts.tag === 'string' ? parts.tag : formatCompressedTag(parts.tag));
  const filename = `${pieces.join('-')}.whl`;
  parseWheelFilename(filename);
  return filename;
}

/**
 * PEP 425 compatibility tags: `{python tag}-{abi tag}-{platform tag}`, and compressed tag
 * sets (`py2.py3-none-any`) that stand for every combination of their dotted parts
 * (PEP 425, "Compressed Tag Sets").
 */
import { TargetError } from '../errors.js';

/** One tag triple. Components are lower-case, as `packaging.tags.Tag` stores them. */
export interface Tag {
  readonly interpreter: string;
  readonly abi: string;
  readonly platform: string;
}

/** A tag component part: letters, digits and `_` (PEP 425 replaces every other character with `_`). */
const PART = /^[a-z0-9_]+$/;
/** The interpreter part must also be a Python identifier (packaging 26.3 `parse_tag`). */
const INTERPRETER_PART = /^[a-z_][a-z0-9_]*$/;

export function makeTag(interpreter: string, abi: string, platform: string): Tag {
  return { interpreter: interpreter.toLowerCase(), abi: abi.toLowerCase(), platform: platform.toLowerCase() };
}

/** `cp312-cp312-manylinux_2_28_x86_64`: the text form, also usable as a map key. */
export function formatTag(tag: Tag): string {
  return `${tag.interpreter}-${tag.abi}-${tag.platform}`;
}

export function tagsEqual(a: Tag, b: Tag): boolean {
  return a.interpreter === b.interpreter && a.abi === b.abi && a.platform === b.platform;
}

/** The three components of a (possibly compressed) tag, each split on `.`. */
export interface CompressedTag {
  readonly interpreters: readonly string[];
  readonly abis: readonly string[];
  readonly platforms: readonly string[];
}

function invalid(text: string, why: string): TargetError {
  return new TargetError(`invalid compatibility tag: ${why}`, {
    text,
    expected: 'python-abi-platform, e.g. "py3-none-any" or "cp312-cp312-manylinux_2_17_x86_64"; parts may be dot-compressed ("py2.py3-none-any")',
  });
}

/**
 * Parses `py2.py3-none-any` into its components, lower-cased. Throws TargetError for a
 * wrong number of components, an empty part, or characters PEP 425 does not allow.
 */
export function parseCompressedTag(text: string): CompressedTag {
  const components = text.split('-');
  if (components.length !== 3) throw invalid(text, `expected 3 dash-separated components, found ${components.length}`);
  const [interps, abis, plats] = components.map((c) => c.toLowerCase().split('.')) as [string[], string[], string[]];
  for (const [label, parts, pattern] of [
    ['python', interps, INTERPRETER_PART],
    ['abi', abis, PART],
    ['platform', plats, PART],
  ] as const) {
    for (const part of parts) {
      if (part === '') throw invalid(text, `empty ${label} tag`);
      if (!pattern.test(part)) throw invalid(text, `${label} tag ${JSON.stringify(part)} has characters other than letters, digits and "_"`);
    }
  }
  return { interpreters: interps, abis, platforms: plats };
}

/** Every tag a compressed tag set stands for, without duplicates, in component order. */
export function expandCompressedTag(tag: CompressedTag): Tag[] {
  const out: Tag[] = [];
  const seen = new Set<string>();
  for (const i of tag.interpreters) {
    for (const a of tag.abis) {
      for (const p of tag.platforms) {
        const t = makeTag(i, a, p);
        const key = formatTag(t);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(t);
        }
      }
    }
  }
  return out;
}

/** `parseTag("py2.py3-none-any")` → the two tags it stands for (packaging's `parse_tag`). */
export function parseTag(text: string): Tag[] {
  return expandCompressedTag(parseCompressedTag(text));
}

/** The compressed text form of a tag set given by components: `py2.py3-none-any`. */
export function formatCompressedTag(tag: CompressedTag): string {
  return `${tag.interpreters.join('.')}-${tag.abis.join('.')}-${tag.platforms.join('.')}`;
}

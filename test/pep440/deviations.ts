/**
 * Every place where wheelhouse's PEP 440 and PEP 508 code disagrees ON PURPOSE with an
 * oracle (pip's vendored packaging 21.3, or packaging 26.3), with the reason. The
 * differential tests (test/pep440/*.test.ts, test/pep508/*.test.ts) accept a
 * disagreement only when one of these explains it, so a new disagreement fails; the
 * models below predict the oracle's answer where a deviation applies.
 *
 * We target today's specification (packaging.python.org "Version specifiers" and
 * "Dependency specifiers") as packaging 26.3 implements it; packaging 21.3 is older.
 */
import { Specifier as SpecifierClass, type Specifier, type SpecifierSet, Version } from '../../src/pep440/index.js';
import type { MarkerEnvironment, MarkerNode } from '../../src/pep508/index.js';

export interface Deviation {
  id: string;
  oracle: '21.3' | '26.3';
  what: string;
  why: string;
}

export const DEVIATIONS: readonly Deviation[] = [
  {
    id: 'V21-unicode-case',
    oracle: '21.3',
    what: '21.3 accepts versions whose letters are non-ASCII characters that case-fold to ASCII (`1.0.po\u017ft1`, `1.0+\u212a` with the Kelvin sign); we reject them.',
    why: 'PEP 440 allows ASCII letters only; packaging 22+ compiles the pattern ASCII-only.',
  },
  {
    id: 'S26-default-prereleases',
    oracle: '26.3',
    what: '26.3 `SpecifierSet.contains(v)` without `prereleases` admits a pre-release even when no specifier names one (changed in packaging 26.0); ours excludes it unless a specifier names a pre-release or `prereleases: true` is passed.',
    why: 'PEP 440 "Handling of pre-releases": pre-releases are excluded unless requested; pip (and this project\'s resolver) apply that per candidate. With an explicit `prereleases` both agree exactly.',
  },
  {
    id: 'S21-exclusive-base-version',
    oracle: '21.3',
    what: '21.3 `>V` rejects every post-release and every local version whose *base* equals V\'s base (`>1.0a1` rejects `1.0.post1` and `1.0+x`; `>1.0.post1` rejects `1.0.post2+x`); `<V` rejects every pre-release whose base equals V\'s (`<1.0.post1` rejects `1.0a1`). We follow packaging 26: `>V` excludes V, V\'s local versions and (unless V is a post-release) V\'s post-releases; `<V` excludes V\'s own pre/dev releases.',
    why: 'Today\'s spec ("Exclusive ordered comparison") and packaging 26; 21.3\'s base-version test is not an interval, so it cannot be a resolver range.',
  },
  {
    id: 'S21-prefix-text',
    oracle: '21.3',
    what: '21.3 matches `==V.*` / `!=V.*` / `~=V` by splitting strings, so `==0!1.*`, `==01.*`, `==v1.*` never match, and `==1.0.0.*` does not match `1.0a1`. We compare versions ([V.dev0, next.dev0) as packaging 26).',
    why: 'Versions compare after normalisation (PEP 440 "Version matching", zero padding).',
  },
  {
    id: 'S21-names-prerelease',
    oracle: '21.3',
    what: 'In 21.3 only `==`, `>=`, `<=`, `~=`, `===` name a pre-release (opting pre-releases in); we also count `<` and `>` (`>1.0a1`, `<2.0rc1`), as packaging 26 and uv.',
    why: 'PEP 440: pre-releases are accepted when "explicitly requested"; a specifier naming one requests them whatever its operator.',
  },
  {
    id: 'S21-arbitrary-normalised',
    oracle: '21.3',
    what: '21.3 `===` compares the *normalised* version string (`===1.0` matches the text `v1.0`); we compare the text as given, as packaging 26 and PEP 440 ("simple string equality").',
    why: 'PEP 440 "Arbitrary equality".',
  },
  {
    id: 'S21-wildcard-after-suffix',
    oracle: '21.3',
    what: '21.3 accepts `==1.0a1.*` and `==1.0.post1.*`; we reject a `.*` after a pre/post-release like packaging 26.',
    why: 'PEP 440 "Version matching": prefix matching applies to public release segments.',
  },
  {
    id: 'S21-arbitrary-charset',
    oracle: '21.3',
    what: '21.3 accepts `;` and `)` in a `===` version; we reject them like packaging 26 (they end a specifier in a requirement).',
    why: 'Consistency with PEP 508 parsing, where `;` starts a marker and `)` closes a specifier list.',
  },
  {
    id: 'S21-filter-fallback',
    oracle: '21.3',
    what: '21.3 `SpecifierSet.filter` with specifiers never falls back to pre-releases when no final release matches; we keep the pre-releases then (PEP 440 default, packaging 26).',
    why: 'PEP 440 "Handling of pre-releases": accept pre-releases when no final release satisfies the specifier.',
  },
  {
    id: 'S21-dedupe-order',
    oracle: '21.3',
    what: '21.3 `str(SpecifierSet)` drops duplicate specifiers keeping the first *written* and treats `~=1.0` as `~=1.0.0`; we keep the first in sorted order and keep `~=` trailing zeros, as packaging 26.',
    why: '`~=1.0` and `~=1.0.0` are different sets (PEP 440 "Compatible release").',
  },
  {
    id: 'S21-legacy-specifiers',
    oracle: '21.3',
    what: '21.3 falls back to "legacy" specifiers for any `op version` that is not PEP 440 (`foo>=1.0.*`, `foo>=1.0+local`, `foo==bar` in a requirement), comparing them as LegacyVersion strings; we reject them, as packaging 22+ does.',
    why: 'PEP 440 only; legacy versions were removed from packaging in 22.0 and from pip.',
  },
  {
    id: 'R-arbitrary-range',
    oracle: '26.3',
    what: 'A VersionRange built from `===V` holds the versions *equal* to V (`===1.0` holds `1.0.0`), while `SpecifierSet.contains` compares strings (`1.0.0` does not match `===1.0`); a `===` string that is not a version gives the empty range.',
    why: 'A range is a set of versions ordered by PEP 440; string identity is not expressible there. `===` is discouraged by PEP 440 and rare.',
  },
  {
    id: 'M26-strict-comparisons',
    oracle: '26.3',
    what: 'We reject, when parsing, a marker comparing two strings (`"a" == "b"`) or two variables (`os_name == sys_platform`), and `extras`/`dependency_groups` used other than as `"name" in extras`; 26.3 parses them and then raises (two strings, sets) or compares a variable with the *name* of the other variable.',
    why: 'PEP 508 "Environment Markers": such comparisons have no defined result; failing early names the column.',
  },
  {
    id: 'M26-both-quotes',
    oracle: '26.3',
    what: 'A marker value holding both `"` and `\'` (possible only through escapes) prints with `\\x22` escapes; 26.3 `str(Marker)` raises ValueError.',
    why: 'The normal form must always be printable and read back to the same value.',
  },
  {
    id: 'M26-named-escapes',
    oracle: '26.3',
    what: '`\\N{...}` escapes in marker strings are rejected (26.3 decodes them through `ast.literal_eval`).',
    why: 'PEP 508 defines no escapes; named characters would need the Unicode name database, and no marker needs them.',
  },
  {
    id: 'R26-name-underscore',
    oracle: '26.3',
    what: 'A requirement name or extra ending in `_` (`foo_`, `foo[bar_]`) is rejected; 26.3 accepts it because its `\\b` word boundary counts `_` as a word character.',
    why: 'PEP 508 "Names": a name ends with a letter or digit; pip 23 (packaging 21.3) rejects it too.',
  },
  {
    id: 'M21-comparisons',
    oracle: '21.3',
    what: '21.3 compares *every* variable as PEP 440 versions when both sides parse, orders other strings lexicographically (`os_name < "z"` is true), and excludes pre-releases (`python_full_version >= "3.12"` is false on 3.13.0rc1). We follow today\'s spec and 26.3: only python_version, python_full_version, implementation_version and platform_release are versions, pre-releases included; on strings `<=`/`>=` mean `==` and `<`/`>` are false.',
    why: 'packaging.python.org "Dependency specifiers", Environment Markers (types of each variable).',
  },
  {
    id: 'M21-normalisation',
    oracle: '21.3',
    what: '21.3 neither normalises extra names (PEP 685: `extra == "Foo_Bar"` matches the extra `foo-bar` for us), nor decodes backslash escapes, nor repairs `python_full_version` ending in `+`.',
    why: 'PEP 685; packaging 22+ reads marker strings as Python literals.',
  },
  {
    id: 'M21-syntax',
    oracle: '21.3',
    what: '21.3 (pyparsing) accepts `and`/`or` glued to the next word (`os_name == "a"andos_name == "b"`), newlines as whitespace, and knows neither `extras` nor `dependency_groups`; it prints every value in double quotes and drops the parentheses of a doubly parenthesised group (`a and ((b or c))` prints as `a and b or c`, changing its meaning).',
    why: 'PEP 508 whitespace is space and tab; operators are words; the normal form must keep the meaning.',
  },
  {
    id: 'R21-syntax',
    oracle: '21.3',
    what: '21.3 requires `file:` URLs to round-trip through urlparse and other URLs to have a scheme and a host; it writes `name@ url` without a space; it accepts a newline at the end; it rejects a trailing comma after the specifiers (`name>=3,`). We follow 26.3 and today\'s spec: any non-whitespace URL, `name @ url`, space/tab only, trailing comma allowed.',
    why: 'packaging.python.org "Dependency specifiers" grammar (URI_reference; `version_many` allows a trailing comma).',
  },
];

const NON_ASCII = /[^\x00-\x7f]/;

/** Why our version parse may differ from 21.3's on this text, or null when it must not. */
export function explainVersionDeviation(text: string, oursValid: boolean, oracleValid: boolean): string | null {
  const stripped = text.trim();
  if (!oursValid && oracleValid && NON_ASCII.test(stripped.replace(/[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0085]/g, ''))) {
    return 'V21-unicode-case';
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// A model of packaging 21.3's specifier matching, written from its documented behaviour,
// used to predict exactly where 21.3 answers differently (deviations S21-*). Everything
// not listed above delegates to our own answer, so any other disagreement fails.


/** 21.3's notion of "names a pre-release" (S21-names-prerelease). */
export function namesPrerelease21(s: Specifier): boolean {
  if (!['==', '>=', '<=', '~=', '==='].includes(s.operator)) return false;
  const text = s.operator === '==' && s.version.endsWith('.*') ? s.version.slice(0, -2) : s.version;
  const v = Version.tryParse(text);
  return v !== null && v.isPrerelease;
}

export function setNamesPrerelease21(set: SpecifierSet): boolean {
  return set.specifiers.some(namesPrerelease21);
}

/** 21.3's `_version_split`: dots, and a pre-release glued to a number becomes its own item. */
function versionSplit21(text: string): string[] {
  const out: string[] = [];
  for (const item of text.split('.')) {
    const m = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
    if (m) out.push(m[1]!, m[2]!);
    else out.push(item);
  }
  return out;
}

const isDigits = (s: string) => /^[0-9]+$/.test(s);

/** 21.3's `_pad_version`: pads the leading all-digit items of both sides to the same length. */
function pad21(left: string[], right: string[]): [string[], string[]] {
  const lr = [];
  for (const x of left) {
    if (!isDigits(x)) break;
    lr.push(x);
  }
  const rr = [];
  for (const x of right) {
    if (!isDigits(x)) break;
    rr.push(x);
  }
  const l = [...lr, ...Array(Math.max(0, rr.length - lr.length)).fill('0'), ...left.slice(lr.length)];
  const r = [...rr, ...Array(Math.max(0, lr.length - rr.length)).fill('0'), ...right.slice(rr.length)];
  return [l, r];
}

/** 21.3's prefix match of `==<prefix>.*` (S21-prefix-text). */
function prefixMatch21(v: Version, prefixText: string): boolean {
  const spec = versionSplit21(prefixText);
  const prospective = versionSplit21(v.public.toString()).slice(0, spec.length);
  const [ps, pp] = pad21(spec, prospective);
  return ps.length === pp.length && ps.every((x, i) => x === pp[i]);
}

function isNotSuffix21(segment: string): boolean {
  return !['dev', 'a', 'b', 'rc', 'post'].some((p) => segment.startsWith(p));
}

/** One specifier as 21.3 matches a parsed version (pre-release policy applied by the caller). */
export function specifierContains21(s: Specifier, v: Version): boolean {
  const text = s.version;
  switch (s.operator) {
    case '===':
      return v.toString().toLowerCase() === text.toLowerCase();
    case '==':
    case '!=': {
      let eq: boolean;
      if (text.endsWith('.*')) eq = prefixMatch21(v, text.slice(0, -2));
      else {
        const sv = Version.parse(text);
        eq = (sv.hasLocal ? v : v.public).equals(sv);
      }
      return s.operator === '==' ? eq : !eq;
    }
    case '<=':
      return v.public.lessThanOrEqual(Version.parse(text));
    case '>=':
      return v.public.greaterThanOrEqual(Version.parse(text));
    case '<': {
      const sv = Version.parse(text);
      if (!v.lessThan(sv)) return false;
      return !(!sv.isPrerelease && v.isPrerelease && v.baseVersion.equals(sv.baseVersion));
    }
    case '>': {
      const sv = Version.parse(text);
      if (!v.greaterThan(sv)) return false;
      if (!sv.isPostrelease && v.isPostrelease && v.baseVersion.equals(sv.baseVersion)) return false;
      return !(v.hasLocal && v.baseVersion.equals(sv.baseVersion));
    }
    case '~=': {
      const kept: string[] = [];
      for (const seg of versionSplit21(text)) {
        if (!isNotSuffix21(seg)) break;
        kept.push(seg);
      }
      const prefix = kept.slice(0, -1).join('.');
      return v.public.greaterThanOrEqual(Version.parse(text)) && prefixMatch21(v, prefix);
    }
  }
}

/** `SpecifierSet.contains` as 21.3 answers it. */
export function setContains21(set: SpecifierSet, v: Version, prereleases: boolean | undefined): boolean {
  const pre = prereleases ?? setNamesPrerelease21(set);
  if (!pre && v.isPrerelease) return false;
  return set.specifiers.every((s) => specifierContains21(s, v));
}

/** `SpecifierSet.filter` as 21.3 answers it (S21-filter-fallback). */
export function setFilter21(set: SpecifierSet, versions: readonly string[], prereleases: boolean | undefined): string[] {
  const pre = prereleases ?? (set.isEmpty ? undefined : setNamesPrerelease21(set));
  if (set.isEmpty) {
    const finals = versions.filter((t) => !Version.parse(t).isPrerelease || pre === true);
    if (finals.length === 0 && pre === undefined) return [...versions];
    return finals;
  }
  return versions.filter((t) => setContains21(set, Version.parse(t), pre === true));
}

/** 21.3's canonical specifier form: every trailing `.0` dropped, even after `~=`. */
function canonical21(s: Specifier): string {
  const v = s.operator === '===' || s.version.endsWith('.*') ? null : Version.tryParse(s.version);
  if (v === null) return s.operator + s.version;
  const f = v.fields;
  let end = f.release.length;
  while (end > 1 && f.release[end - 1] === '0') end--;
  return s.operator + Version.fromFields({ ...f, release: f.release.slice(0, end) }).toString();
}

/** `str(SpecifierSet)` as 21.3 writes it (S21-dedupe-order). */
export function setString21(set: SpecifierSet): string {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const s of set.specifiers) {
    const k = canonical21(s);
    if (seen.has(k)) continue;
    seen.add(k);
    kept.push(s.toString());
  }
  return kept.sort().join(',');
}

/** Why 21.3 may judge this specifier text differently from us, or null when it must not. */
export function explainSpecifierValidity21(text: string, oursValid: boolean, oracleValid: boolean): string | null {
  if (oursValid || !oracleValid) return null;
  const t = text.trim();
  if (/^(==|!=)/.test(t) && /\.\*$/.test(t) && /(a|b|c|rc|alpha|beta|pre|preview|post|rev|r|-\d+)[-_.]?\d*\.\*$/i.test(t)) return 'S21-wildcard-after-suffix';
  if (t.startsWith('===') && /[;)]/.test(t)) return 'S21-arbitrary-charset';
  if (/[^\x00-\x7f]/.test(t)) return 'V21-unicode-case';
  return null;
}

/**
 * Why our `contains` may differ from 21.3's here, or null when it must not. A deviation
 * explains a disagreement only when its situation holds AND the 21.3 model predicts
 * 21.3's actual answer.
 */
export function explainContains21(set: SpecifierSet, v: Version, prereleases: boolean | undefined, oracle: boolean): string | null {
  if (setContains21(set, v, prereleases) !== oracle) return null;
  if (prereleases === undefined && v.isPrerelease && setNamesPrerelease21(set) !== set.prereleases) return 'S21-names-prerelease';
  for (const s of set.specifiers) {
    const sv = s.parsedVersion;
    if ((s.operator === '>' || s.operator === '<') && sv !== null && v.baseVersion.equals(sv.baseVersion)) return 'S21-exclusive-base-version';
    if (s.wildcard || s.operator === '~=') return 'S21-prefix-text';
    if (s.operator === '===') return 'S21-arbitrary-normalised';
  }
  return null;
}

/** Why our `filter` may differ from 21.3's, or null when it must not: each item kept by one side only needs a reason. */
export function explainFilter21(set: SpecifierSet, versions: readonly string[], prereleases: boolean | undefined, ours: readonly string[], oracle: readonly string[]): string | null {
  if (JSON.stringify(setFilter21(set, versions, prereleases)) !== JSON.stringify(oracle)) return null;
  const oursFinal = ours.some((t) => !Version.parse(t).isPrerelease);
  let reason: string | null = 'none';
  for (const t of versions) {
    if (ours.includes(t) === oracle.includes(t)) continue;
    const v = Version.parse(t);
    if (prereleases === undefined && v.isPrerelease && !oursFinal && !set.isEmpty) reason = 'S21-filter-fallback';
    else if (prereleases === undefined && v.isPrerelease && set.prereleases !== setNamesPrerelease21(set)) reason = 'S21-names-prerelease';
    else if (set.contains(t, { prereleases: true }) !== setContains21(set, v, true)) reason = explainContains21(set, v, true, setContains21(set, v, true));
    else return null;
    if (reason === null) return null;
  }
  return reason;
}

/** Why our `str(SpecifierSet)` may differ from 21.3's, or null when it must not. */
export function explainString21(set: SpecifierSet, oracle: string): string | null {
  if (setString21(set) !== oracle) return null;
  const keys = set.specifiers.map(canonical21);
  return new Set(keys).size < keys.length ? 'S21-dedupe-order' : null;
}

// ---------------------------------------------------------------------------------------
// PEP 508: a model of packaging 21.3's marker evaluation, on our syntax tree.


const VERSION_VARIABLES_26 = new Set(['python_version', 'python_full_version', 'implementation_version', 'platform_release']);

type Compare = Extract<MarkerNode, { kind: 'compare' }>;

/** One comparison as 21.3 evaluates it (M21-comparisons, M21-normalisation): a boolean or 'error'. */
export function evaluateAtom21(node: Compare, env: MarkerEnvironment, extra: string): boolean | 'error' {
  const lookup = (name: string) => (name === 'extra' ? extra : (env as unknown as Record<string, string>)[name]!);
  const lhs = node.left.kind === 'variable' ? lookup(node.left.name) : node.left.value;
  const rhs = node.right.kind === 'variable' ? lookup(node.right.name) : node.right.value;
  const spec = SpecifierClass.tryParse(node.op + rhs);
  if (spec !== null) {
    const v = Version.tryParse(lhs);
    if (v === null) return spec.operator === '===' && lhs.toLowerCase() === spec.version.toLowerCase();
    if (v.isPrerelease && !namesPrerelease21(spec)) return false;
    return specifierContains21(spec, v);
  }
  switch (node.op) {
    case '<': return lhs < rhs;
    case '<=': return lhs <= rhs;
    case '>': return lhs > rhs;
    case '>=': return lhs >= rhs;
    case '==': return lhs === rhs;
    case '!=': return lhs !== rhs;
    case 'in': return rhs.includes(lhs);
    case 'not in': return !rhs.includes(lhs);
    default: return 'error';
  }
}

/** A whole marker as 21.3 evaluates it. */
export function evaluateMarker21(node: MarkerNode, env: MarkerEnvironment, extra: string): boolean | 'error' {
  if (node.kind === 'compare') return evaluateAtom21(node, env, extra);
  if (node.kind === 'group') return evaluateMarker21(node.inner, env, extra);
  const results = node.items.map((item) => evaluateMarker21(item, env, extra));
  if (results.includes('error')) return 'error';
  return node.kind === 'and' ? results.every(Boolean) : results.some(Boolean);
}

/** The comparisons of a marker. */
export function comparisons(node: MarkerNode): Compare[] {
  if (node.kind === 'compare') return [node];
  if (node.kind === 'group') return comparisons(node.inner);
  return node.items.flatMap(comparisons);
}

/** Which deviation explains why 21.3 evaluates this comparison differently from us (given our answer). */
export function explainAtom21(node: Compare, env: MarkerEnvironment, extra: string, ours: boolean | 'error'): string | null {
  const model = evaluateAtom21(node, env, extra);
  if (model === ours) return null;
  const variable = node.left.kind === 'variable' ? node.left.name : node.right.kind === 'variable' ? node.right.name : '';
  if (variable === 'extra') return extra === '' || extra === extra.toLowerCase().replace(/[-_.]+/g, '-') ? 'M21-comparisons' : 'M21-normalisation';
  if (variable === 'python_full_version' && env.python_full_version.endsWith('+')) return 'M21-normalisation';
  if (VERSION_VARIABLES_26.has(variable) || ['<', '<=', '>', '>=', '~=', '==', '!=', '==='].includes(node.op)) return 'M21-comparisons';
  return null;
}

/**
 * The parts of pip's `Link` model that decide how a bare URL or path on a requirements
 * line is read: URL splitting as Python's `urlsplit`, the file name, `#egg=`,
 * `#subdirectory=`, hash fragments, VCS schemes, archive extensions and `file:` URLs.
 */
import path from 'node:path';

/** pip 23.2.1 `vcs.all_schemes`. */
export const VCS_SCHEMES = [
  'bzr+http', 'bzr+https', 'bzr+ssh', 'bzr+sftp', 'bzr+ftp', 'bzr+lp', 'bzr+file',
  'git+http', 'git+https', 'git+ssh', 'git+git', 'git+file',
  'hg+file', 'hg+http', 'hg+https', 'hg+ssh', 'hg+static-http',
  'svn+ssh', 'svn+http', 'svn+https', 'svn+svn', 'svn+file',
] as const;

/** The version control systems pip knows, as named in their schemes. */
export type VcsName = 'git' | 'hg' | 'svn' | 'bzr';
export const VCS_NAMES: readonly VcsName[] = ['bzr', 'git', 'hg', 'svn'];

/** pip's `ARCHIVE_EXTENSIONS`. */
export const ARCHIVE_EXTENSIONS = ['.zip', '.whl', '.tar.bz2', '.tbz', '.tar.gz', '.tgz', '.tar', '.tar.xz', '.txz', '.tlz', '.tar.lz', '.tar.lzma'];

/** pip's `get_url_scheme`: the lowercase text before the first ":", if any. */
export function urlScheme(text: string): string | undefined {
  const colon = text.indexOf(':');
  return colon === -1 ? undefined : text.slice(0, colon).toLowerCase();
}

/** pip's `is_url`: http, https, file, ftp, or a VCS scheme such as git+https. */
export function isUrl(text: string): boolean {
  const scheme = urlScheme(text);
  if (scheme === undefined) return false;
  return ['http', 'https', 'file', 'ftp'].includes(scheme) || (VCS_SCHEMES as readonly string[]).includes(scheme);
}

export function isVcsScheme(scheme: string): boolean {
  return (VCS_SCHEMES as readonly string[]).includes(scheme);
}

export interface UrlParts {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

/** Python's `urllib.parse.urlsplit` for the URLs met here (no validation, never throws). */
export function splitUrl(url: string): UrlParts {
  let rest = url;
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end === -1 ? rest.slice(2) : rest.slice(2, 2 + end);
    rest = end === -1 ? '' : rest.slice(2 + end);
  }
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = '';
  const question = rest.indexOf('?');
  if (question !== -1) {
    query = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  return { scheme, netloc, path: rest, query, fragment };
}

/** Python's `urllib.parse.unquote` (UTF-8, invalid sequences replaced). */
export function unquote(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const m = /^%([0-9A-Fa-f]{2})/.exec(text.slice(i, i + 3));
    if (m?.[1] !== undefined) {
      bytes.push(Number.parseInt(m[1], 16));
      i += 3;
    } else {
      const cp = text.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** pip's `splitext`: like `posixpath.splitext`, keeping `.tar` with the extension. */
export function splitExtension(name: string): [string, string] {
  const base = name.slice(name.lastIndexOf('/') + 1);
  let dot = base.lastIndexOf('.');
  // posixpath.splitext ignores leading dots of the base name.
  let leading = 0;
  while (leading < base.length && base.charAt(leading) === '.') leading += 1;
  if (dot < leading) dot = -1;
  let stem = dot === -1 ? name : name.slice(0, name.length - (base.length - dot));
  let ext = dot === -1 ? '' : base.slice(dot);
  if (stem.toLowerCase().endsWith('.tar')) {
    ext = stem.slice(-4) + ext;
    stem = stem.slice(0, -4);
  }
  return [stem, ext];
}

/** pip's `is_archive_file`. */
export function isArchiveName(name: string): boolean {
  return ARCHIVE_EXTENSIONS.includes(splitExtension(name)[1].toLowerCase());
}

/** pip's `Link.filename`: the unquoted last path segment, or the host when there is none. */
export function linkFilename(url: string): string {
  const parts = splitUrl(url);
  const p = unquote(parts.path).replace(/\/+$/, '');
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (name) return name;
  return parts.netloc.slice(parts.netloc.lastIndexOf('@') + 1);
}

/** pip's `Link.ext`. */
export function linkExtension(url: string): string {
  const p = unquote(splitUrl(url).path).replace(/\/+$/, '');
  return splitExtension(p.slice(p.lastIndexOf('/') + 1))[1];
}

/** pip's `Link.egg_fragment`: the text after `#egg=` or `&egg=`, anywhere in the URL. */
export function eggFragment(url: string): string | undefined {
  return /[#&]egg=([^&]*)/.exec(url)?.[1];
}

/** pip's `Link.subdirectory_fragment`. */
export function subdirectoryFragment(url: string): string | undefined {
  return /[#&]subdirectory=([^&]*)/.exec(url)?.[1];
}

/** pip's `LinkHash.find_hash_url_fragment`, as "algo:value". */
export function hashFragment(url: string): string | undefined {
  const m = /[#&](sha512|sha384|sha256|sha224|sha1|md5)=([^&]*)/.exec(url);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

/** Python's `urllib.parse.quote(path)` with "/" safe: every other byte but `A-Za-z0-9_.-~`. */
function quotePath(p: string): string {
  let out = '';
  for (const byte of Buffer.from(p, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.\-~/]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** pip's `path_to_url`: an absolute, normalized `file:` URL for a path (relative to `cwd`). */
export function pathToUrl(p: string, cwd: string): string {
  return `file://${quotePath(path.resolve(cwd, p))}`;
}

/** The local path of a `file:` URL (pip's `url_to_path`, POSIX only). */
export function urlToPath(url: string): string {
  const parts = splitUrl(url);
  const host = parts.netloc === 'localhost' ? '' : parts.netloc;
  return unquote(host ? `//${host}${parts.path}` : parts.path);
}

/**
 * The revision of a VCS URL, as pip's `get_url_rev_and_auth` finds it: the text after the
 * last "@" of the path (branch names may contain "/"). "" when the "@" has nothing after it.
 */
export function vcsRevision(url: string): string | undefined {
  const p = splitUrl(url).path;
  const at = p.lastIndexOf('@');
  return at === -1 ? undefined : unquote(p.slice(at + 1));
}

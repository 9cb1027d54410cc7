/**
 * A lock as a pip-compile style requirements.txt (`writeRequirementsTxt` does the layout):
 * each pin `name==version ; marker` with the sha256 of every file the lock records for it
 * and its `# via` sources; a project pinned at two versions for two groups of targets is
 * written twice, each pin with the marker that selects its targets. Direct references are
 * written as pip reads them: `name @ url` with hashes for archives, VCS URLs pinned to the
 * commit the lock resolved, `-e` for editables. pip accepts the result with
 * `--require-hashes` as long as every pin has files (VCS checkouts and directories cannot
 * be hashed; the file then says so above the pin, as pip-compile does).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LockfileError } from '../errors.js';
import { canonicalizeName } from '../pep508/name.js';
import { writeRequirementsTxt, type AnnotationStyle, type PinnedRequirement, type RequirementsTxtHeader } from '../requirements-txt/writer.js';
import type { DirectReference, Lock, LockedPackage } from './model.js';
import { checkRepeatedPins, packageMarker } from './package-markers.js';

/** pip-compile's `UNSAFE_PACKAGES`. */
export const UNSAFE_PACKAGES: readonly string[] = ['distribute', 'pip', 'setuptools'];

export interface LockToRequirementsTxtOptions {
  /** The header naming the command (pip-compile's), or false for none (`--no-header`); default none. */
  header?: RequirementsTxtHeader | false;
  /** `# via` annotations (`--no-annotate` = false); default true. */
  annotate?: boolean;
  /** `--annotation-style`; default "split". */
  annotationStyle?: AnnotationStyle;
  /** `--hash` lines (`--generate-hashes`); default true. */
  generateHashes?: boolean;
  /** `--emit-index-url`: write `--index-url` / `--extra-index-url` / `--no-index`; default true. */
  emitIndexUrl?: boolean;
  /** `--emit-find-links`: write `--find-links`; default true. */
  emitFindLinks?: boolean;
  /** `--emit-options`: write `--only-binary` / `--no-binary`; default true. */
  emitOptions?: boolean;
  /** `--trusted-host` lines (`--emit-trusted-host`). */
  trustedHosts?: readonly string[];
  /**
   * Pin the unsafe packages (`--allow-unsafe`); default true, because pip refuses a hashed
   * file whose install needs an unpinned setuptools. With false they are listed as comments.
   */
  allowUnsafe?: boolean;
  /** The packages pip-compile calls unsafe, listed last; default UNSAFE_PACKAGES. */
  unsafePackages?: readonly string[];
  /** Packages left out of the file (uv's `--no-emit-package`). */
  noEmitPackages?: readonly string[];
  /** The lock's directory, which relative paths of local references are taken from; default the working directory. */
  lockDir?: string;
}

/** A VCS URL with its revision (text after the last "@" of the path) replaced by `commit`. */
export function pinVcsRevision(url: string, commit: string): string {
  const m = /^([^:/?#]+:\/\/[^/?#]*)([^?#]*)(\?[^#]*)?$/.exec(url);
  if (!m) return `${url}@${commit}`;
  const [, origin, p, query] = m as unknown as [string, string, string, string | undefined];
  const at = p.lastIndexOf('@');
  return `${origin}${at === -1 ? p : p.slice(0, at)}@${commit}${query ?? ''}`;
}

/** The VCS URL pip gets: pinned to the resolved commit, with `#subdirectory=` and, for `-e`, `#egg=`. */
function vcsUrl(name: string, direct: DirectReference): string {
  const hash = direct.url.indexOf('#');
  const base = hash === -1 ? direct.url : direct.url.slice(0, hash);
  const fragments = (hash === -1 ? '' : direct.url.slice(hash + 1)).split('&').filter((f) => f !== '');
  const pinned = direct.commit === undefined ? base : pinVcsRevision(base, direct.commit);
  if (direct.subdirectory !== undefined && !fragments.some((f) => f.startsWith('subdirectory='))) fragments.push(`subdirectory=${direct.subdirectory}`);
  // pip names an editable VCS requirement only by #egg=.
  if (direct.editable && !fragments.some((f) => f.startsWith('egg='))) fragments.unshift(`egg=${name}`);
  return fragments.length === 0 ? pinned : `${pinned}#${fragments.join('&')}`;
}

function localUrl(direct: DirectReference, lockDir: string): string {
  let url = /^file:/i.test(direct.url) ? direct.url : pathToFileURL(path.resolve(lockDir, direct.url)).href;
  if (direct.subdirectory !== undefined && !/[#&]subdirectory=/.test(url)) url += `${url.includes('#') ? '&' : '#'}subdirectory=${direct.subdirectory}`;
  return url;
}

function directUrl(pkg: LockedPackage, direct: DirectReference, lockDir: string): string {
  if (direct.kind === 'vcs') return vcsUrl(canonicalizeName(pkg.name), direct);
  if (direct.kind === 'path') return localUrl(direct, lockDir);
  if (direct.subdirectory !== undefined && !/[#&]subdirectory=/.test(direct.url)) {
    return `${direct.url}${direct.url.includes('#') ? '&' : '#'}subdirectory=${direct.subdirectory}`;
  }
  return direct.url;
}

function sha256Hashes(pkg: LockedPackage): string[] {
  return pkg.files.map((f) => {
    const digest = f.hashes.sha256;
    if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) {
      throw new LockfileError(`file ${f.filename} of ${pkg.name} ${pkg.version} has no valid sha256`, {
        text: String(digest),
        expected: '64 lowercase hexadecimal digits',
      });
    }
    return `sha256:${digest}`;
  });
}

function toPin(lock: Lock, pkg: LockedPackage, options: LockToRequirementsTxtOptions): PinnedRequirement {
  const marker = packageMarker(lock, pkg);
  const pin: PinnedRequirement = { name: pkg.name, via: pkg.via };
  if (marker !== undefined) pin.marker = marker;
  if (pkg.direct) {
    pin.url = directUrl(pkg, pkg.direct, options.lockDir ?? process.cwd());
    if (pkg.direct.editable) pin.editable = true;
  } else {
    if (pkg.version === '') throw new LockfileError(`${pkg.name} has neither a version nor a direct reference`, { text: pkg.name, expected: 'a pinned version' });
    pin.version = pkg.version;
  }
  // pip does not check hashes of editables, and refuses them on an editable line.
  if ((options.generateHashes ?? true) && !pin.editable) pin.hashes = sha256Hashes(pkg);
  return pin;
}

/** The requirements.txt text of `lock`, in pip-compile's layout. */
export function lockToRequirementsTxt(lock: Lock, options: LockToRequirementsTxtOptions = {}): string {
  checkRepeatedPins(lock);
  const unsafe = new Set((options.unsafePackages ?? UNSAFE_PACKAGES).map(canonicalizeName));
  const skip = new Set((options.noEmitPackages ?? []).map(canonicalizeName));
  const pins: PinnedRequirement[] = [];
  const unsafePins: PinnedRequirement[] = [];
  for (const pkg of lock.packages) {
    const name = canonicalizeName(pkg.name);
    if (skip.has(name)) continue;
    (unsafe.has(name) ? unsafePins : pins).push(toPin(lock, pkg, options));
  }
  const o = lock.options;
  const emitIndex = options.emitIndexUrl ?? true;
  return writeRequirementsTxt({
    pins,
    unsafePins,
    allowUnsafe: options.allowUnsafe ?? true,
    header: options.header ?? false,
    annotate: options.annotate ?? true,
    annotationStyle: options.annotationStyle ?? 'split',
    options: {
      ...(emitIndex && o.noIndex ? { noIndex: true } : {}),
      ...(emitIndex && !o.noIndex && o.indexUrl !== undefined ? { indexUrl: o.indexUrl } : {}),
      ...(emitIndex && !o.noIndex ? { extraIndexUrls: o.extraIndexUrls } : {}),
      ...((options.emitFindLinks ?? true) ? { findLinks: o.findLinks } : {}),
      ...(options.trustedHosts ? { trustedHosts: options.trustedHosts } : {}),
      ...((options.emitOptions ?? true) ? { onlyBinary: o.onlyBinary, noBinary: o.noBinary } : {}),
    },
  });
}

/**
 * The files of a wheelhouse directory by project, and the file pip would pick for a pin on
 * a target: the best-ranked compatible wheel by the target's tag order (pip's
 * `support_index_min`, then the higher build tag), else the sdist — as `--only-binary` /
 * `--no-binary` of the lock allow (pip's FormatControl).
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { VerifyError } from '../errors.js';
import { classifyDistributionFilename } from '../filenames/classify.js';
import { compareBuildTags, type BuildTag } from '../filenames/wheel-filename.js';
import type { LockTarget } from '../lockfile/model.js';
import { Version } from '../pep440/version.js';
import type { FormatControl } from '../requirements-txt/format-control.js';
import { formatTag } from '../tags/tag.js';

/** The wheelhouse's own files, never reported as unused. */
export const WHEELHOUSE_OWN_FILES: readonly string[] = ['requirements.txt', 'pylock.toml', 'manifest.json', 'simple'];

export interface WheelhouseFile {
  filename: string;
  kind: 'wheel' | 'sdist';
  /** Canonical project name. */
  name: string;
  /** The version from the file name (unescaped). */
  version: string;
  parsedVersion: Version | null;
  /** Wheels: every tag of the file name, formatted. */
  tags: string[];
  buildTag?: BuildTag;
}

export interface WheelhouseListing {
  files: WheelhouseFile[];
  byName: Map<string, WheelhouseFile[]>;
  /** Entries that are neither wheels nor sdists (nor the wheelhouse's own files): files, and folders with a trailing "/". */
  others: string[];
}

export async function listWheelhouse(dir: string, ownFiles: readonly string[]): Promise<WheelhouseListing> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new VerifyError(`cannot read the wheelhouse ${dir}: ${(err as Error).message}`, { location: { file: dir }, expected: 'a directory made by wheelhouse download', cause: err });
  }
  const own = new Set([...WHEELHOUSE_OWN_FILES, ...ownFiles]);
  const files: WheelhouseFile[] = [];
  const others: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (own.has(e.name)) continue;
    // pip follows symbolic links in a find-links folder: so does the check.
    const kind = e.isSymbolicLink() ? await stat(path.join(dir, e.name)).then((st) => (st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other'), () => 'other') : e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other';
    if (kind !== 'file') {
      others.push(kind === 'dir' ? `${e.name}/` : e.name);
      continue;
    }
    const c = classifyDistributionFilename(e.name);
    if (c.kind === 'wheel') {
      const w = c.wheel;
      const file: WheelhouseFile = {
        filename: e.name,
        kind: 'wheel',
        name: w.normalizedName,
        version: w.unescapedVersion,
        parsedVersion: Version.tryParse(w.unescapedVersion),
        tags: w.tags.map(formatTag),
      };
      if (w.buildTag) file.buildTag = w.buildTag;
      files.push(file);
    } else if (c.kind === 'sdist') {
      files.push({ filename: e.name, kind: 'sdist', name: c.sdist.normalizedName, version: c.sdist.version, parsedVersion: Version.tryParse(c.sdist.version), tags: [] });
    } else {
      others.push(e.name);
    }
  }
  const byName = new Map<string, WheelhouseFile[]>();
  for (const f of files) {
    let list = byName.get(f.name);
    if (!list) byName.set(f.name, (list = []));
    list.push(f);
  }
  return { files, byName, others };
}

const rankCache = new WeakMap<readonly string[], Map<string, number>>();

/** The rank (0 = best) of a wheel on a target, or undefined when the target cannot install it. */
export function wheelRank(target: LockTarget, file: WheelhouseFile): number | undefined {
  let ranks = rankCache.get(target.tags);
  if (!ranks) {
    ranks = new Map();
    target.tags.forEach((t, i) => {
      if (!ranks!.has(t)) ranks!.set(t, i);
    });
    rankCache.set(target.tags, ranks);
  }
  let best: number | undefined;
  for (const t of file.tags) {
    const r = ranks.get(t);
    if (r !== undefined && (best === undefined || r < best)) best = r;
  }
  return best;
}

function sameVersion(file: WheelhouseFile, version: string, parsed: Version | undefined): boolean {
  if (parsed && file.parsedVersion) return parsed.equals(file.parsedVersion);
  return file.version === version;
}

export type FileChoice =
  | { kind: 'wheel'; file: WheelhouseFile }
  | { kind: 'sdist'; file: WheelhouseFile; /** the version's wheels, none compatible */ wheels: WheelhouseFile[] }
  | { kind: 'none'; /** files of the version in DIR, none usable */ files: WheelhouseFile[]; reason: string };

/** The file pip would install for `name==version` on `target` from DIR. */
export function chooseFile(listing: WheelhouseListing, name: string, version: string, parsed: Version | undefined, target: LockTarget, formatControl: FormatControl): FileChoice {
  const files = (listing.byName.get(name) ?? []).filter((f) => sameVersion(f, version, parsed));
  const allowed = formatControl.allowedFormats(name);
  const formats = { wheel: allowed.has('binary'), sdist: allowed.has('source') };
  const wheels = files.filter((f) => f.kind === 'wheel');
  let best: { file: WheelhouseFile; rank: number } | undefined;
  if (formats.wheel) {
    for (const w of wheels) {
      const rank = wheelRank(target, w);
      if (rank === undefined) continue;
      if (!best || rank < best.rank || (rank === best.rank && compareBuildTags(w.buildTag, best.file.buildTag) > 0)) best = { file: w, rank };
    }
  }
  if (best) return { kind: 'wheel', file: best.file };
  const sdist = formats.sdist ? files.find((f) => f.kind === 'sdist') : undefined;
  if (sdist) return { kind: 'sdist', file: sdist, wheels };
  if (files.length === 0) return { kind: 'none', files, reason: `no file of ${name} ${version} is in the wheelhouse` };
  const names = files.map((f) => f.filename).join(', ');
  if (!formats.wheel) return { kind: 'none', files, reason: `the lock allows only an sdist of ${name} (--no-binary) and the wheelhouse has only ${names}` };
  const why = formats.sdist ? 'and there is no sdist' : 'and the lock allows no sdist (--only-binary)';
  if (wheels.length === 0) return { kind: 'none', files, reason: `the wheelhouse has only ${names}, ${why.slice(4)}` };
  return { kind: 'none', files, reason: `none of ${wheels.map((f) => f.filename).join(', ')} is compatible with ${target.name}, ${why}` };
}

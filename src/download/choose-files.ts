/**
 * Which file of each locked package a target installs — what pip would pick among the
 * files the lock records: the compatible wheel whose best tag ranks highest in the
 * target's tag list (then the higher build tag), else an sdist when the binary policy
 * allows one (the package is then built on that target: `needsBuild`). Unlike
 * `pip download --platform`, an sdist fallback is allowed per target (pip #4289).
 *
 * The plan is deduplicated by file: a pure-Python wheel chosen by five targets is
 * downloaded once and lists the five targets it serves.
 */
import { DownloadError } from '../errors.js';
import { compareBuildTags, parseWheelFilename, type WheelFilename } from '../filenames/wheel-filename.js';
import type { LockedFile, LockedPackage, Lock, LockTarget } from '../lockfile/model.js';
import { Marker } from '../pep508/marker.js';
import { canonicalizeName } from '../pep508/name.js';
import { FormatControl } from '../requirements-txt/format-control.js';
import { formatTag } from '../tags/tag.js';
import type { NeedsBuild } from './contract.js';

/** One file to put in the wheelhouse. */
export interface PlannedFile {
  file: LockedFile;
  package: LockedPackage;
  /** Target names it serves, in the lock's target order. */
  targets: string[];
  /** True when only build requirements of sdists need it. */
  buildDependency: boolean;
}

export interface DownloadPlan {
  files: PlannedFile[];
  needsBuild: NeedsBuild[];
}

export type FileChoice = { file: LockedFile; needsBuild: boolean } | { reason: string };

const tagRanks = new WeakMap<LockTarget, Map<string, number>>();

function ranksOf(target: LockTarget): Map<string, number> {
  let ranks = tagRanks.get(target);
  if (ranks === undefined) {
    ranks = new Map();
    target.tags.forEach((t, i) => {
      if (!ranks!.has(t)) ranks!.set(t, i);
    });
    tagRanks.set(target, ranks);
  }
  return ranks;
}

function parsedWheel(file: LockedFile): WheelFilename | undefined {
  try {
    return parseWheelFilename(file.filename);
  } catch {
    return undefined;
  }
}

/**
 * Whether a locked package is installed on a target: the targets it lists, or, when the
 * lock does not say (a requirements.txt or another tool's pylock.toml), its marker.
 */
export function packageAppliesTo(pkg: LockedPackage, target: LockTarget): boolean {
  if (pkg.targets.length > 0) return pkg.targets.includes(target.name);
  if (pkg.marker === undefined || pkg.marker.trim() === '') return true;
  return Marker.parse(pkg.marker).evaluate(target.markerEnvironment, pkg.extras, []);
}

/** The file `target` installs for `pkg` (see the module comment), or why there is none. */
export function chooseFile(pkg: LockedPackage, target: LockTarget, formatControl: FormatControl = new FormatControl()): FileChoice {
  const formats = formatControl.allowedFormats(canonicalizeName(pkg.name));
  const ranks = ranksOf(target);
  let best: { file: LockedFile; rank: number; wheel: WheelFilename } | undefined;
  let wheels = 0;
  let compatible = 0;
  const sdists: LockedFile[] = [];
  for (const file of pkg.files) {
    if (file.kind === 'sdist') {
      sdists.push(file);
      continue;
    }
    wheels++;
    const wheel = parsedWheel(file);
    if (wheel === undefined) continue;
    let rank: number | undefined;
    for (const tag of wheel.tags) {
      const r = ranks.get(formatTag(tag));
      if (r !== undefined && (rank === undefined || r < rank)) rank = r;
    }
    if (rank === undefined) continue;
    compatible++;
    if (
      best === undefined ||
      rank < best.rank ||
      (rank === best.rank && (compareBuildTags(wheel.buildTag, best.wheel.buildTag) > 0 || (compareBuildTags(wheel.buildTag, best.wheel.buildTag) === 0 && file.filename < best.file.filename)))
    ) {
      best = { file, rank, wheel };
    }
  }
  if (best !== undefined && formats.has('binary')) return { file: best.file, needsBuild: false };
  if (sdists.length > 0 && formats.has('source')) {
    // .tar.gz first (the standard sdist format), then by name, for a stable choice.
    const sorted = [...sdists].sort((a, b) => Number(!a.filename.endsWith('.tar.gz')) - Number(!b.filename.endsWith('.tar.gz')) || (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
    return { file: sorted[0] as LockedFile, needsBuild: true };
  }
  const wheelPart = wheels === 0 ? 'the lock records no wheel' : compatible === 0 ? `no wheel in the lock is compatible with ${target.name}` : 'wheels are not allowed (--no-binary)';
  const sdistPart = sdists.length === 0 ? 'no sdist' : 'sdists are not allowed (--only-binary)';
  return { reason: `${wheelPart}, and ${sdistPart}` };
}

function pinText(pkg: LockedPackage): string {
  return pkg.version === '' ? pkg.name : `${pkg.name}==${pkg.version}`;
}

/**
 * The files to download for `targets` (default: the lock's), each once, with the targets
 * it serves; throws DownloadError for a package a target needs that has no usable file.
 */
export function planDownloads(lock: Lock, options: { targets?: readonly LockTarget[]; formatControl?: FormatControl; buildDependency?: boolean } = {}): DownloadPlan {
  const targets = options.targets ?? lock.targets;
  const formatControl = options.formatControl ?? new FormatControl();
  const byName = new Map<string, PlannedFile>();
  const needsBuild: NeedsBuild[] = [];
  for (const pkg of lock.packages) {
    for (const target of targets) {
      if (!packageAppliesTo(pkg, target)) continue;
      if (pkg.direct !== undefined && pkg.files.length === 0) {
        throw new DownloadError(`${pkg.name} is a ${pkg.direct.kind === 'vcs' ? 'version control checkout' : 'local directory'}: it cannot be put in a wheelhouse`, {
          text: pkg.direct.url,
          expected: 'pins of index packages or archives (build a wheel of it and lock that instead)',
        });
      }
      const choice = chooseFile(pkg, target, formatControl);
      if ('reason' in choice) {
        throw new DownloadError(`no file of ${pinText(pkg)} can be installed on target ${target.name}: ${choice.reason}`, {
          text: pkg.files.map((f) => f.filename).join(', ') || '(no files)',
          expected: `a wheel compatible with ${target.name}, or an sdist when the binary policy allows it`,
          hint: 'lock again for this target (wheelhouse lock --target …), or allow sdists for this package',
        });
      }
      const planned = byName.get(choice.file.filename);
      if (planned === undefined) {
        byName.set(choice.file.filename, { file: choice.file, package: pkg, targets: [target.name], buildDependency: options.buildDependency ?? false });
      } else {
        if (planned.file.hashes.sha256 !== choice.file.hashes.sha256) {
          throw new DownloadError(`the lock names two different files ${choice.file.filename}`, {
            text: `sha256:${planned.file.hashes.sha256} and sha256:${choice.file.hashes.sha256}`,
            expected: 'one content per file name (a wheelhouse is a flat folder)',
          });
        }
        if (!planned.targets.includes(target.name)) planned.targets.push(target.name);
      }
      if (choice.needsBuild) needsBuild.push({ package: pkg.name, version: pkg.version, target: target.name, sdist: choice.file.filename });
    }
  }
  const files = [...byName.values()].sort((a, b) => (a.file.filename < b.file.filename ? -1 : a.file.filename > b.file.filename ? 1 : 0));
  return { files, needsBuild };
}

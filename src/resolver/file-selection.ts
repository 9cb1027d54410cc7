/**
 * Which files of one release a target may use, best first, or why none: pip's link
 * evaluation and candidate ranking for one version. In order: `--exclude-newer`, the
 * root's `--hash` values, PEP 592 yanking, the index's Requires-Python
 * (`data-requires-python`), then the binary policy and the target's tags. When a stage
 * leaves nothing, its reason is the release's reason ("no wheel for cp312-win_amd64 and
 * sdists not allowed (--only-binary)", "requires Python >=3.13", "yanked (broken)").
 *
 * Usable files: compatible wheels by tag rank (pip's `support_index_min`), then higher
 * build tag; then sdists. The first is what pip would install on the target, and what the
 * resolver reads the dependencies of.
 */
import type { DistributionFile } from '../index/package-index.js';
import type { SpecifierSet } from '../pep440/specifier-set.js';
import type { Version } from '../pep440/version.js';
import type { BinaryFormat } from '../requirements-txt/format-control.js';
import { compareBuildTags } from '../filenames/wheel-filename.js';
import { bestTagRank } from '../tags/ranking.js';
import type { Target } from '../tags/target.js';
import { excludedAsNewer } from './policies/exclude-newer.js';
import { yankedReason } from './policies/yanked.js';

export interface FileRules {
  target: Target;
  /** The target's Python full version, for Requires-Python. */
  python: Version;
  /** Formats the binary policy allows for this project. */
  formats: ReadonlySet<BinaryFormat>;
  excludeNewer?: Date;
  /** Whether yanked files of this version may be used (a root requirement pins it exactly). */
  yankedAllowed: boolean;
  /** The root's `--hash` values for this project: a file must match one. */
  hashAllowed?: (file: DistributionFile) => boolean;
  /** Parses a Requires-Python text (memoised); null when invalid (the file is then kept, as pip does). */
  specifier: (text: string) => SpecifierSet | null;
}

export type FileSelection =
  | { readonly usable: readonly DistributionFile[]; readonly hasWheel: boolean; readonly yanked: false | string }
  | { readonly reason: string };

interface Ranked {
  file: DistributionFile;
  rank: number;
}

export function selectFiles(files: readonly DistributionFile[], rules: FileRules): FileSelection {
  if (files.length === 0) return { reason: 'no files' };
  let remaining = files;
  for (const stage of STAGES) {
    const next = remaining.filter((f) => stage(f, rules) === undefined);
    if (next.length === 0) return { reason: stage(remaining[0]!, rules)! };
    remaining = next;
  }
  return byFormat(remaining, rules);
}

/**
 * Whether a file passes every rule but the target's tags: the files `--hash-policy all`
 * records (pip-compile's "every file of the version", less those a policy excludes).
 */
export function allowedByPolicies(file: DistributionFile, rules: FileRules): boolean {
  if (STAGES.some((stage) => stage(file, rules) !== undefined)) return false;
  return rules.formats.has(file.kind === 'wheel' ? 'binary' : 'source');
}

/** A rule on single files: undefined when the file passes, else why not. */
type Stage = (f: DistributionFile, rules: FileRules) => string | undefined;

const STAGES: readonly Stage[] = [
  (f, r) => (r.excludeNewer === undefined ? undefined : excludedAsNewer(f, r.excludeNewer)),
  (f, r) => (r.hashAllowed === undefined || r.hashAllowed(f) ? undefined : 'no file matches the --hash values given for it'),
  (f, r) => (r.yankedAllowed || f.yanked === false ? undefined : yankedReason(f.yanked)),
  (f, r) => {
    const text = f.requiresPython?.trim();
    if (text === undefined || text === '') return undefined;
    const spec = r.specifier(text);
    return spec === null || spec.contains(r.python, { prereleases: true }) ? undefined : `requires Python ${text}`;
  },
];

function byFormat(files: readonly DistributionFile[], rules: FileRules): FileSelection {
  const binary = rules.formats.has('binary');
  const source = rules.formats.has('source');
  const wheels: Ranked[] = [];
  let wheelCount = 0;
  const sdists: DistributionFile[] = [];
  let sdistCount = 0;
  let wrongPython: string | undefined;
  for (const f of files) {
    if (f.kind === 'wheel') {
      wheelCount++;
      const rank = f.wheel === undefined ? undefined : bestTagRank(rules.target, f.wheel.tags);
      if (rank !== undefined) wheels.push({ file: f, rank });
    } else {
      sdistCount++;
      // A legacy `name-1.0-py2.7.tar.gz` is for that Python only (pip's link evaluation).
      const only = f.sdist?.pythonVersion;
      if (only !== undefined && only.replace('.', '') !== rules.target.markers.python_version.replace('.', '')) wrongPython = only;
      else sdists.push(f);
    }
  }
  const usableWheels = binary ? wheels : [];
  const usableSdists = source ? sdists : [];
  if (usableWheels.length === 0 && usableSdists.length === 0) {
    const wheelPart =
      wheelCount === 0
        ? 'no wheels'
        : wheels.length === 0
          ? `no wheel for ${rules.target.name}`
          : 'wheels not allowed (--no-binary)';
    const sdistPart =
      sdistCount === 0
        ? 'no sdist'
        : !source
          ? 'sdists not allowed (--only-binary)'
          : `no sdist for Python ${rules.target.markers.python_version} (only for Python ${wrongPython})`;
    return { reason: `${wheelPart} and ${sdistPart}` };
  }
  usableWheels.sort((a, b) => a.rank - b.rank || compareBuildTags(b.file.wheel?.buildTag, a.file.wheel?.buildTag) || compareText(a.file.filename, b.file.filename));
  usableSdists.sort((a, b) => Number(b.sdist?.isStandard ?? false) - Number(a.sdist?.isStandard ?? false) || compareText(a.filename, b.filename));
  const usable = [...usableWheels.map((w) => w.file), ...usableSdists];
  return { usable, hasWheel: usableWheels.length > 0, yanked: usable[0]!.yanked };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

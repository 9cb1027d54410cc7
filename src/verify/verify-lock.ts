/**
 * The lock a wheelhouse is verified against, as the verifier needs it: one pin per locked
 * version (name, version, the hashes it allows, when it applies) and the targets to check.
 *
 * Where it comes from: the Lock the caller passes, `--lock FILE`, else DIR/pylock.toml,
 * else DIR/requirements.txt. A requirements.txt lock (or a pylock.toml of another tool)
 * records no targets: they then come from `--target`, pip's target flags, or the host, as
 * `wheelhouse lock` chooses them (selectTargets).
 */
import path from 'node:path';
import { LockfileError, UsageError, VerifyError } from '../errors.js';
import { selectTargets } from '../inputs/targets.js';
import type { Lock, LockTarget } from '../lockfile/model.js';
import { readPylockFile } from '../lockfile/pylock-reader.js';
import { readRequirementsLock, type RequirementsLock } from '../lockfile/requirements-txt-reader.js';
import { Version } from '../pep440/version.js';
import { Marker } from '../pep508/marker.js';
import { canonicalizeExtra, canonicalizeName } from '../pep508/name.js';
import { FormatControl } from '../requirements-txt/format-control.js';
import { lockTarget } from '../resolver/merge-lock.js';
import { pathExists } from '../util/path-exists.js';
import type { VerifyRequest } from './contract.js';

/** One locked version, as the verifier checks it. */
export interface VerifyPin {
  /** PEP 503 canonical name. */
  name: string;
  /** As written in the lock ('' for a direct reference without a version). */
  version: string;
  parsedVersion?: Version;
  /** The marker selecting the targets it serves, when the lock gives one. */
  marker?: Marker;
  /** Lock targets it serves, when the lock records them (a wheelhouse pylock.toml). */
  targets?: readonly string[];
  /** Extras something asked for (canonical). */
  extras: string[];
  /** Allowed digests by algorithm (lowercase hex). Empty: the lock has no hash for it. */
  hashes: Map<string, Set<string>>;
  /** A direct reference (URL or path) instead of an index pin. */
  direct?: string;
  /** The marker's text, for messages. */
  markerText?: string;
}

export interface VerifyLock {
  /** The lockfile, when read from one (absolute). */
  lockFile?: string;
  /** Where the lock came from, for messages and the report. */
  lockPath?: string;
  format: 'pylock' | 'requirements' | 'given';
  pins: VerifyPin[];
  /** The targets to check, in order. */
  targets: LockTarget[];
  /** Every target of the lock (targets not checked still decide which files are used). */
  allTargets: LockTarget[];
  /** Whether the targets are recorded in the lock (else they were chosen for this check, and other machines may use other files). */
  targetsFromLock: boolean;
  /** `--only-binary` / `--no-binary` of the lock. */
  formatControl: FormatControl;
  /** The lock's own markers are evaluated with PEP 751's `extras`/`dependency_groups` (a pylock.toml). */
  pylockMarkers: boolean;
  warnings: string[];
}

function parseMarker(text: string | undefined, where: string): Marker | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return Marker.parse(text);
  } catch (err) {
    throw new LockfileError(`invalid marker of ${where}`, { text, expected: 'a PEP 508 marker', cause: err });
  }
}

function pinsOfLock(lock: Lock): VerifyPin[] {
  return lock.packages.map((pkg) => {
    const hashes = new Map<string, Set<string>>();
    for (const f of pkg.files) {
      for (const [algorithm, digest] of Object.entries(f.hashes)) {
        let set = hashes.get(algorithm);
        if (!set) hashes.set(algorithm, (set = new Set()));
        set.add(digest.toLowerCase());
      }
    }
    const where = `${pkg.name} ${pkg.version}`;
    const pin: VerifyPin = { name: canonicalizeName(pkg.name), version: pkg.version, extras: pkg.extras.map(canonicalizeExtra), hashes };
    const v = pkg.version === '' ? null : Version.tryParse(pkg.version);
    if (v) pin.parsedVersion = v;
    const marker = parseMarker(pkg.marker, where);
    if (marker) {
      pin.marker = marker;
      pin.markerText = pkg.marker!.trim();
    }
    if (pkg.targets.length > 0 && lock.targets.length > 0) pin.targets = [...pkg.targets];
    // An archive URL with a known version is a file like any other once it is in DIR (wheelhouse download writes it as a plain pin).
    if (pkg.direct && !(pkg.direct.kind === 'url' && pkg.version !== '')) pin.direct = pkg.direct.url;
    return pin;
  });
}

function pinsOfRequirements(read: RequirementsLock): VerifyPin[] {
  return read.pins.map((p) => {
    const hashes = new Map<string, Set<string>>();
    for (const f of p.files) {
      let set = hashes.get(f.algorithm);
      if (!set) hashes.set(f.algorithm, (set = new Set()));
      set.add(f.digest.toLowerCase());
    }
    const pin: VerifyPin = { name: p.name, version: p.version ?? '', extras: [...p.extras], hashes };
    const v = p.version === undefined ? null : Version.tryParse(p.version);
    if (v) pin.parsedVersion = v;
    const marker = parseMarker(p.marker, `${p.name} (${p.location.file}:${p.location.line})`);
    if (marker) {
      pin.marker = marker;
      pin.markerText = p.marker!.trim();
    }
    if (p.url !== undefined) pin.direct = p.url;
    return pin;
  });
}

/** The lock of `request`: given, `lockPath`, DIR/pylock.toml or DIR/requirements.txt. */
export async function loadVerifyLock(request: VerifyRequest): Promise<VerifyLock> {
  const dir = path.resolve(request.dir);
  let lock: Lock | undefined = request.lock;
  let format: VerifyLock['format'] = 'given';
  let lockFile: string | undefined;
  let requirements: RequirementsLock | undefined;
  const warnings: string[] = [];
  if (!lock) {
    if (request.lockPath !== undefined) lockFile = path.resolve(request.lockPath);
    else if (await pathExists(path.join(dir, 'pylock.toml'))) lockFile = path.join(dir, 'pylock.toml');
    else if (await pathExists(path.join(dir, 'requirements.txt'))) lockFile = path.join(dir, 'requirements.txt');
    else {
      throw new VerifyError(`${request.dir} has no lock to verify against`, {
        location: { file: request.dir },
        expected: 'DIR/pylock.toml or DIR/requirements.txt (as wheelhouse download writes them), or --lock FILE',
      });
    }
    // pylock.toml, pylock.NAME.toml (PEP 751), or any other .toml: a requirements file never is one.
    if (lockFile.endsWith('.toml')) {
      const read = await readPylockFile(lockFile);
      lock = read.lock;
      warnings.push(...read.warnings);
      format = 'pylock';
    } else {
      requirements = await readRequirementsLock(lockFile);
      warnings.push(...requirements.warnings);
      format = 'requirements';
    }
  }
  const pins = lock ? pinsOfLock(lock) : pinsOfRequirements(requirements!);
  const lockTargets = lock?.targets ?? [];
  let targets: LockTarget[];
  let allTargets: LockTarget[];
  const pipFlags = request.pipTargetOptions;
  const usesPipFlags = pipFlags !== undefined && Object.values(pipFlags).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
  if (lockTargets.length > 0) {
    if (usesPipFlags) {
      throw new UsageError("pip's target flags (--python-version, --platform, --implementation, --abi) apply only to a lock without targets", {
        text: lockFile ?? request.lockPath ?? 'the lock',
        expected: `--target naming some of the lock's targets: ${lockTargets.map((t) => t.name).join(', ')}`,
      });
    }
    allTargets = [...lockTargets];
    const wanted = request.targets ?? [];
    targets = wanted.length === 0 ? [...lockTargets] : wanted.map((name) => findLockTarget(lockTargets, name, lockFile ?? request.lockPath));
    targets = targets.filter((t, i) => targets.findIndex((u) => u.name === t.name) === i);
  } else {
    const selected = await selectTargets({
      ...(request.targets && request.targets.length > 0 ? { targets: request.targets } : {}),
      ...(usesPipFlags ? { pip: pipFlags } : {}),
      ...(request.python === undefined ? {} : { python: request.python }),
    });
    targets = selected.map(lockTarget);
    allTargets = targets;
  }
  const options = lock?.options ?? requirements!.options;
  const result: VerifyLock = {
    format,
    pins,
    targets,
    allTargets,
    targetsFromLock: lockTargets.length > 0,
    formatControl: formatControlOf(options),
    pylockMarkers: format === 'pylock',
    warnings,
  };
  if (lockFile !== undefined) result.lockFile = lockFile;
  const shown = request.lockPath ?? (lockFile === undefined ? undefined : path.join(request.dir, path.basename(lockFile)));
  if (shown !== undefined) result.lockPath = shown;
  return result;
}

/** The lock's binary policy, applied as `wheelhouse download` applies it (--no-binary, then --only-binary). */
function formatControlOf(options: { noBinary: readonly string[]; onlyBinary: readonly string[] }): FormatControl {
  const fc = new FormatControl();
  for (const name of options.noBinary) fc.addNoBinary(name);
  for (const name of options.onlyBinary) fc.addOnlyBinary(name);
  return fc;
}

function findLockTarget(targets: readonly LockTarget[], name: string, lockFile: string | undefined): LockTarget {
  const found = targets.find((t) => t.name === name);
  if (found) return found;
  throw new UsageError(`the lock has no target ${JSON.stringify(name)}`, {
    text: name,
    ...(lockFile === undefined ? {} : { location: { file: lockFile } }),
    expected: `one of the lock's targets: ${targets.map((t) => t.name).join(', ')}`,
  });
}

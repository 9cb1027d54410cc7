/**
 * `verifyWheelhouse`: the static check of a wheelhouse, per target, with no Python — and,
 * when asked, the real pip's verdict beside it (pip-check.ts).
 *
 * For every target and every locked pin that applies there (the lock's targets, else its
 * marker evaluated for the target): the file pip would pick from DIR (best wheel by the
 * target's tag order, else the sdist) exists, its digest is one the lock allows, it is
 * intact (file-check.ts); every Requires-Dist of every chosen wheel — read from the wheel's
 * own METADATA, with markers and extras evaluated for the target — is satisfied by the
 * lock's pin for the target; an sdist's build requirements are satisfiable from wheels in
 * DIR for the target, with their dependencies. Files nothing uses are reported.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { isDownloadTempName } from '../download/temp-files.js';
import type { LockTarget } from '../lockfile/model.js';
import { SpecifierSet } from '../pep440/specifier-set.js';
import { Version } from '../pep440/version.js';
import { canonicalizeExtra, canonicalizeName } from '../pep508/name.js';
import { parseRequirement, type Requirement } from '../pep508/requirement.js';
import type { VerifyCell, VerifyReport, VerifyRequest, VerifyWheelhouse } from './contract.js';
import { checkFile, describeError, type FileCheck } from './file-check.js';
import { PASSING_STATUSES, pinApplies } from './pin-applies.js';
import { runPipCheck } from './pip-check.js';
import { loadVerifyLock, type VerifyLock, type VerifyPin } from './verify-lock.js';
import { chooseFile, listWheelhouse, wheelRank, type WheelhouseFile, type WheelhouseListing } from './wheelhouse-files.js';

interface Context {
  dir: string;
  lock: VerifyLock;
  listing: WheelhouseListing;
  check: (file: WheelhouseFile) => Promise<FileCheck>;
  used: Set<string>;
  buildFiles: Set<string>;
  warnings: Set<string>;
  /** sha256 of each file DIR/manifest.json lists (the only record of a build dependency's hash). */
  manifest: Map<string, string>;
}

function pinLabel(pin: { name: string; version: string }): string {
  return pin.version === '' ? pin.name : `${pin.name} ${pin.version}`;
}

/** A requirement as a message shows it: name, extras and specifier, without its marker. */
function requirementText(req: Requirement): string {
  let s = req.name;
  if (req.extras.length > 0) s += `[${[...req.extras].sort().join(',')}]`;
  s += req.specifier.toString();
  if (req.url !== null) s += ` @ ${req.url}`;
  return s;
}

/** Whether a requirement of a package applies on `target` when the package is installed with `extras`. */
function requirementApplies(req: Requirement, target: LockTarget, extras: Iterable<string>): boolean {
  if (!req.marker) return true;
  if (req.marker.evaluate(target.markerEnvironment)) return true;
  for (const e of extras) if (req.marker.evaluate(target.markerEnvironment, [e])) return true;
  return false;
}

function versionMatches(spec: SpecifierSet, version: string): boolean {
  return spec.contains(Version.tryParse(version) ?? version, { prereleases: true });
}

interface Chosen {
  pin: VerifyPin;
  cell: VerifyCell;
  file?: WheelhouseFile;
  check?: FileCheck;
}

function hashProblem(pin: VerifyPin, fc: FileCheck, warnings: Set<string>): string | undefined {
  if (pin.hashes.size === 0) {
    warnings.add(`the lock has no hash for ${pinLabel(pin)}: ${fc.filename} was not checked against it`);
    return undefined;
  }
  let compared = false;
  for (const [algorithm, digests] of pin.hashes) {
    const actual = fc.digests[algorithm];
    if (actual === undefined) continue;
    compared = true;
    if (digests.has(actual)) return undefined;
  }
  if (!compared) return `the lock's hashes of ${pinLabel(pin)} use ${[...pin.hashes.keys()].join(', ')}, which this machine cannot compute`;
  const allowed = [...(pin.hashes.get('sha256') ?? [])];
  const shown = allowed.length > 0 ? `sha256:${allowed.slice(0, 3).join(', sha256:')}${allowed.length > 3 ? `, … (${allowed.length} in all)` : ''}` : [...pin.hashes.keys()].join(', ');
  return `sha256 of ${fc.filename} is ${fc.digests['sha256']}; the lock allows ${shown}`;
}

/** Check the pins that apply on one target: files, hashes, integrity; then dependencies and build requirements. */
async function verifyTarget(ctx: Context, target: LockTarget): Promise<VerifyCell[]> {
  const { lock, listing } = ctx;
  const cells: VerifyCell[] = [];
  const chosen = new Map<string, Chosen>();
  for (const pin of lock.pins) {
    const cell: VerifyCell = { package: pin.name, version: pin.version, target: target.name, status: 'ok', reasons: [] };
    cells.push(cell);
    let applies: boolean;
    try {
      applies = pinApplies(pin, target, lock);
    } catch (err) {
      cell.status = 'missing';
      cell.reasons.push(`cannot tell whether ${pinLabel(pin)} applies on ${target.name}: its marker ${pin.markerText ?? ''} cannot be evaluated (${describeError(err)})`);
      continue;
    }
    if (!applies) {
      cell.status = 'not-applicable';
      continue;
    }
    const previous = chosen.get(pin.name);
    if (previous) {
      cell.status = 'missing';
      cell.reasons.push(`the lock pins both ${pinLabel(previous.pin)} and ${pinLabel(pin)} for ${target.name}`);
      continue;
    }
    const entry: Chosen = { pin, cell };
    chosen.set(pin.name, entry);
    if (pin.direct !== undefined) {
      cell.status = 'missing';
      cell.reasons.push(`${pin.name} is a direct reference (${pin.direct}); a wheelhouse installs only pinned versions from its files`);
      continue;
    }
    const choice = chooseFile(listing, pin.name, pin.version, pin.parsedVersion, target, lock.formatControl);
    if (choice.kind === 'none') {
      cell.status = 'missing';
      cell.reasons.push(`${pinLabel(pin)} for ${target.name}: ${choice.reason}`);
      continue;
    }
    entry.file = choice.file;
    cell.file = choice.file.filename;
    ctx.used.add(choice.file.filename);
    const fc = await ctx.check(choice.file);
    entry.check = fc;
    if (fc.problem !== undefined) {
      cell.status = 'corrupt';
      cell.reasons.push(`${choice.file.filename} is corrupt: ${fc.problem}`);
      continue;
    }
    const mismatch = hashProblem(pin, fc, ctx.warnings);
    if (mismatch !== undefined) {
      cell.status = 'hash-mismatch';
      cell.reasons.push(mismatch);
      continue;
    }
    if (choice.kind === 'sdist') {
      cell.status = 'needs-build';
      if (choice.wheels.length > 0) {
        cell.reasons.push(`no wheel of ${pinLabel(pin)} is compatible with ${target.name} (${choice.wheels.map((w) => w.filename).join(', ')}); pip builds ${choice.file.filename}`);
      }
      continue;
    }
    const requiresPython = fc.metadata?.requiresPython;
    if (requiresPython !== undefined && requiresPython.trim() !== '') {
      const spec = SpecifierSet.tryParse(requiresPython);
      const python = target.markerEnvironment.python_full_version;
      if (spec && python !== '' && !versionMatches(spec, python)) {
        cell.status = 'missing';
        cell.reasons.push(`${choice.file.filename} requires Python ${requiresPython}; ${target.name} has Python ${python}`);
      }
    }
  }
  checkDependencies(target, chosen, ctx);
  for (const entry of chosen.values()) {
    // An intact, locked sdist: what its build needs (whatever its own dependencies lack).
    const buildable = entry.cell.status === 'needs-build' || entry.cell.status === 'unsatisfied-dependency';
    if (entry.file?.kind === 'sdist' && entry.check && entry.check.problem === undefined && buildable) await checkBuildRequirements(ctx, target, entry);
  }
  return cells;
}

/**
 * Every Requires-Dist of every chosen intact wheel (and of an sdist whose PKG-INFO is
 * trustworthy) against the pins of the target, extras propagated until nothing changes.
 */
function checkDependencies(target: LockTarget, chosen: Map<string, Chosen>, ctx: Context): void {
  const extras = new Map<string, Set<string>>();
  for (const [name, c] of chosen) extras.set(name, new Set(c.pin.extras));
  const parsed = new Map<string, Requirement[]>();
  const requirementsOf = (c: Chosen): Requirement[] => {
    let list = parsed.get(c.pin.name);
    if (list) return list;
    list = [];
    for (const text of c.check?.metadata?.requiresDist ?? []) {
      try {
        list.push(parseRequirement(text));
      } catch (err) {
        ctx.warnings.add(`${c.cell.file ?? c.pin.name}: an invalid Requires-Dist is ignored, as pip ignores it: ${describeError(err)}`);
      }
    }
    parsed.set(c.pin.name, list);
    return list;
  };
  let reasons = new Map<string, Set<string>>();
  for (let round = 0; round < 1000; round++) {
    reasons = new Map();
    let grew = false;
    for (const c of chosen.values()) {
      if (!c.check || c.check.problem !== undefined || !c.check.metadata) continue;
      if (c.cell.status !== 'ok' && c.cell.status !== 'needs-build' && c.cell.status !== 'unsatisfied-dependency') continue;
      const own = extras.get(c.pin.name)!;
      for (const req of requirementsOf(c)) {
        let applies: boolean;
        try {
          applies = requirementApplies(req, target, own);
        } catch (err) {
          ctx.warnings.add(`${c.cell.file}: the marker of ${req.toString()} cannot be evaluated for ${target.name}; ignored (${describeError(err)})`);
          continue;
        }
        if (!applies) continue;
        const depName = canonicalizeName(req.name);
        const dep = chosen.get(depName);
        let reason: string | undefined;
        if (!dep) reason = `${pinLabel(c.pin)} needs ${requirementText(req)}; the wheelhouse has none for target ${target.name}`;
        else if (req.url === null && dep.pin.version !== '' && !versionMatches(req.specifier, dep.pin.version)) {
          reason = `${pinLabel(c.pin)} needs ${requirementText(req)}; the lock pins ${pinLabel(dep.pin)} for target ${target.name}`;
        }
        if (reason !== undefined) {
          let set = reasons.get(c.pin.name);
          if (!set) reasons.set(c.pin.name, (set = new Set()));
          set.add(reason);
          continue;
        }
        const depExtras = extras.get(depName)!;
        for (const e of req.extras) {
          const ce = canonicalizeExtra(e);
          if (!depExtras.has(ce)) {
            depExtras.add(ce);
            grew = true;
          }
        }
      }
    }
    if (!grew) break;
  }
  for (const [name, set] of reasons) {
    const c = chosen.get(name)!;
    c.cell.status = 'unsatisfied-dependency';
    c.cell.reasons.push(...set);
  }
}

/** pip builds an sdist in an isolated environment installed from the same find-links: its build requirements must be wheels in DIR. */
async function checkBuildRequirements(ctx: Context, target: LockTarget, entry: Chosen): Promise<void> {
  const sdist = entry.file!.filename;
  const picked = new Map<string, WheelhouseFile>();
  const problems: string[] = [];
  const queue: { req: Requirement; by: string }[] = [];
  for (const text of entry.check!.buildRequires ?? []) {
    try {
      queue.push({ req: parseRequirement(text), by: `build requirement of ${sdist}` });
    } catch (err) {
      problems.push(`${sdist} has an invalid build requirement: ${describeError(err)}`);
    }
  }
  while (queue.length > 0) {
    const { req, by } = queue.shift()!;
    let applies: boolean;
    try {
      applies = requirementApplies(req, target, []);
    } catch {
      applies = true;
    }
    if (!applies) continue;
    const name = canonicalizeName(req.name);
    const already = picked.get(name);
    if (already) {
      if (!versionMatches(req.specifier, already.version)) problems.push(`${requirementText(req)} (${by}) conflicts with ${already.filename}, also needed to build ${sdist}`);
      continue;
    }
    const file = bestBuildWheel(ctx.listing, name, req.specifier, target);
    if (!file) {
      const sdists = (ctx.listing.byName.get(name) ?? []).filter((f) => f.kind === 'sdist');
      const only = sdists.length > 0 ? ` (only ${sdists.map((f) => f.filename).join(', ')}, which would need building first)` : '';
      problems.push(`${requirementText(req)} (${by}) has no wheel in the wheelhouse for target ${target.name}${only}`);
      continue;
    }
    picked.set(name, file);
    ctx.used.add(file.filename);
    const fc = await ctx.check(file);
    if (fc.problem !== undefined) {
      problems.push(`${file.filename} (for ${requirementText(req)}, ${by}) is corrupt: ${fc.problem}`);
      continue;
    }
    const recorded = ctx.manifest.get(file.filename);
    if (recorded !== undefined && recorded !== fc.digests['sha256']) {
      problems.push(`sha256 of ${file.filename} (for ${requirementText(req)}, ${by}) is ${fc.digests['sha256']}; manifest.json records ${recorded}`);
      continue;
    }
    for (const text of fc.metadata?.requiresDist ?? []) {
      let dep: Requirement;
      try {
        dep = parseRequirement(text);
      } catch {
        continue;
      }
      let depApplies: boolean;
      try {
        depApplies = requirementApplies(dep, target, req.extras.map(canonicalizeExtra));
      } catch {
        depApplies = true;
      }
      if (depApplies) queue.push({ req: dep, by: `needed by ${file.filename}` });
    }
  }
  const files = [...picked.values()].map((f) => f.filename).sort();
  for (const f of files) ctx.buildFiles.add(f);
  entry.cell.buildFiles = files;
  if (problems.length > 0) {
    entry.cell.status = 'unsatisfied-dependency';
    entry.cell.reasons.push(`${sdist} cannot be built offline on ${target.name}:`, ...problems.map((p) => `  ${p}`));
  } else {
    entry.cell.reasons.push(`${pinLabel(entry.pin)} is built from ${sdist} on ${target.name}${files.length > 0 ? ` with ${files.join(', ')}` : ''}`);
  }
}

/** The highest version satisfying `spec` with a wheel compatible with the target (the best-ranked wheel of it), as pip's finder picks. */
function bestBuildWheel(listing: WheelhouseListing, name: string, spec: SpecifierSet, target: LockTarget): WheelhouseFile | undefined {
  const compatible = (listing.byName.get(name) ?? []).filter((f) => f.kind === 'wheel' && wheelRank(target, f) !== undefined);
  const pick = (prereleases: boolean): WheelhouseFile | undefined => {
    let best: WheelhouseFile | undefined;
    for (const f of compatible) {
      if (!f.parsedVersion || !spec.contains(f.parsedVersion, { prereleases })) continue;
      if (!best) best = f;
      else {
        const c = Version.compare(f.parsedVersion, best.parsedVersion!);
        if (c > 0 || (c === 0 && wheelRank(target, f)! < wheelRank(target, best)!)) best = f;
      }
    }
    return best;
  };
  return pick(false) ?? pick(true);
}

export const verifyWheelhouse: VerifyWheelhouse = async (request: VerifyRequest): Promise<VerifyReport> => {
  const dir = path.resolve(request.dir);
  const lock = await loadVerifyLock(request);
  const ownFiles = lock.lockFile !== undefined && path.dirname(lock.lockFile) === dir ? [path.basename(lock.lockFile)] : [];
  const listing = await listWheelhouse(dir, ownFiles);
  const algorithms = new Set<string>();
  for (const pin of lock.pins) for (const a of pin.hashes.keys()) algorithms.add(a);
  const limit = pLimit(Math.max(1, request.concurrency ?? 4));
  const checks = new Map<string, Promise<FileCheck>>();
  const ctx: Context = {
    dir,
    lock,
    listing,
    check: (file) => {
      let p = checks.get(file.filename);
      if (!p) {
        request.signal?.throwIfAborted();
        checks.set(file.filename, (p = limit(() => checkFile(dir, file.filename, file.kind, algorithms))));
      }
      return p;
    },
    used: new Set(),
    buildFiles: new Set(),
    warnings: new Set(lock.warnings),
    manifest: await readManifestHashes(dir),
  };
  request.onProgress?.(`checking ${listing.files.length} files of ${request.dir} for ${lock.targets.map((t) => t.name).join(', ')}`);
  // Start reading every file a checked target will use, `concurrency` at a time; each is read once.
  for (const target of lock.targets) {
    for (const pin of lock.pins) {
      let applies = false;
      try {
        applies = pin.direct === undefined && pinApplies(pin, target, lock);
      } catch {
        applies = false;
      }
      if (!applies) continue;
      const choice = chooseFile(listing, pin.name, pin.version, pin.parsedVersion, target, lock.formatControl);
      if (choice.kind !== 'none') void ctx.check(choice.file);
    }
  }
  const cellsByTarget = await Promise.all(lock.targets.map((t) => verifyTarget(ctx, t)));
  // Targets of the lock that are not checked still use their files.
  const checked = new Set(lock.targets.map((t) => t.name));
  for (const target of lock.allTargets) {
    if (checked.has(target.name)) continue;
    for (const pin of lock.pins) {
      let applies = false;
      try {
        applies = pinApplies(pin, target, lock);
      } catch {
        applies = false;
      }
      if (!applies) continue;
      const choice = chooseFile(listing, pin.name, pin.version, pin.parsedVersion, target, lock.formatControl);
      if (choice.kind === 'none') continue;
      ctx.used.add(choice.file.filename);
      if (choice.kind === 'sdist') {
        // Its build requirements are used too (the cell itself is not reported).
        const check = await ctx.check(choice.file);
        if (check.problem !== undefined) continue;
        const cell: VerifyCell = { package: pin.name, version: pin.version, target: target.name, status: 'needs-build', reasons: [] };
        await checkBuildRequirements(ctx, target, { pin, cell, file: choice.file, check });
      }
    }
  }
  if (!lock.targetsFromLock) {
    // A lock without targets may serve other machines too: a file of a locked version is not a stray.
    const lockedVersions = new Set(lock.pins.map((p) => `${p.name}==${p.parsedVersion?.key ?? p.version}`));
    for (const f of listing.files) if (lockedVersions.has(`${f.name}==${f.parsedVersion?.key ?? f.version}`)) ctx.used.add(f.filename);
  }
  const order = new Map(lock.targets.map((t, i) => [t.name, i]));
  const cells = cellsByTarget
    .flat()
    .sort((a, b) => (a.package < b.package ? -1 : a.package > b.package ? 1 : 0) || compareVersionText(a.version, b.version) || order.get(a.target)! - order.get(b.target)!);
  const distributions = new Set(listing.files.map((f) => f.filename));
  const unused = [
    ...listing.files.filter((f) => !ctx.used.has(f.filename)).map((f) => f.filename),
    ...listing.others.filter((o) => {
      // A PEP 658 metadata file beside a distribution belongs to it.
      if (!o.endsWith('.metadata')) return true;
      const base = o.slice(0, -'.metadata'.length);
      return !(distributions.has(base) && ctx.used.has(base));
    }),
  ].sort();
  for (const o of listing.others) {
    if (isDownloadTempName(o)) ctx.warnings.add(`${o} is an unfinished download (pip ignores it): wheelhouse download continues or removes it when run again`);
  }
  const locked = new Set(cells.map((c) => c.file).filter((f): f is string => f !== undefined));
  const buildDependencies = [...ctx.buildFiles].filter((f) => !locked.has(f)).sort();
  const report: VerifyReport = {
    dir: request.dir,
    ...(lock.lockPath === undefined ? {} : { lockPath: lock.lockPath }),
    targets: lock.targets.map((t) => t.name),
    cells,
    unused,
    ok: cells.every((c) => PASSING_STATUSES.includes(c.status)),
    buildDependencies,
    warnings: [...ctx.warnings],
  };
  if (request.pip) {
    report.pip = await runPipCheck({
      dir,
      lock,
      report,
      ...(request.python === undefined ? {} : { python: request.python }),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
    if (report.pip.some((v) => !v.ok)) report.ok = false;
  }
  return report;
};

/** filename → sha256 from DIR/manifest.json (wheelhouse download's record of every file); empty when there is none. */
async function readManifestHashes(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const file = path.join(dir, 'manifest.json');
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_MANIFEST_BYTES) return hashes;
    text = await readFile(file, 'utf8');
  } catch {
    return hashes;
  }
  try {
    const doc = JSON.parse(text) as { files?: Array<{ filename?: unknown; sha256?: unknown }> };
    for (const f of Array.isArray(doc.files) ? doc.files : []) {
      if (typeof f.filename === 'string' && typeof f.sha256 === 'string') hashes.set(f.filename, f.sha256.toLowerCase());
    }
  } catch {
    // Not ours to judge: the lock is what the check is against.
  }
  return hashes;
}

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

function compareVersionText(a: string, b: string): number {
  const va = Version.tryParse(a);
  const vb = Version.tryParse(b);
  if (va && vb) return Version.compare(va, vb);
  return a < b ? -1 : a > b ? 1 : 0;
}

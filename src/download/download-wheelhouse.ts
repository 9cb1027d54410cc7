/**
 * `downloadWheelhouse`: the lock's files for every target into one folder (see
 * contract.ts for the layout). In order: choose each target's file per package
 * (choose-files.ts); remove stale temporary files; fetch the files in parallel, each
 * verified before it is renamed into place (fetch-file.ts); read the build requirements
 * of every sdist some target will build, resolve them for those targets and fetch them
 * too, until no new sdist appears (build-deps.ts); write requirements.txt, pylock.toml,
 * manifest.json and, when asked, simple/ (wheelhouse-files.ts).
 *
 * On the first failure the transfers in flight are stopped and their temporary files
 * removed before the error is thrown: the folder then holds only verified files, and the
 * lock files of the previous run (if any) are left as they were.
 */
import { setMaxListeners } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { UsageError } from '../errors.js';
import { redactCredentials } from '../util/redact.js';
import type { Lock, LockTarget } from '../lockfile/model.js';
import { FormatControl } from '../requirements-txt/format-control.js';
import { resolveLock } from '../resolver/resolve-lock.js';
import type { Target } from '../tags/target.js';
import type { DownloadedFile, DownloadReport, DownloadRequest, DownloadWheelhouse, NeedsBuild } from './contract.js';
import { planDownloads, type PlannedFile } from './choose-files.js';
import { readBuildRequirements, resolveBuildDependencies, type SdistToBuild } from './build-deps.js';
import { fetchIntoWheelhouse, type FetchContext } from './fetch-file.js';
import { targetFromLockTarget } from './targets.js';
import { removeStaleDownloadTemps } from './temp-files.js';
import { buildManifest, wheelhouseLock, writeWheelhouseFiles, writeWheelhouseIndex } from './wheelhouse-files.js';

/** Files in flight at once by default: enough to fill a link to a real index. */
export const DEFAULT_DOWNLOAD_CONCURRENCY = 16;

/** How many rounds of "sdists need build requirements, which are sdists…" are followed. */
const MAX_BUILD_ROUNDS = 5;

/** The binary policy a lock was made with, as a FormatControl. */
export function formatControlOfLock(lock: Lock): FormatControl {
  const fc = new FormatControl();
  for (const name of lock.options.noBinary) fc.addNoBinary(name);
  for (const name of lock.options.onlyBinary) fc.addOnlyBinary(name);
  return fc;
}

function selectTargets(lock: Lock, names: readonly string[] | undefined): LockTarget[] {
  if (lock.targets.length === 0) {
    throw new UsageError('the lock names no target to download for', {
      expected: 'a lock made by wheelhouse lock (it records its targets), or targets given with --target',
    });
  }
  if (names === undefined || names.length === 0) return lock.targets;
  return names.map((name) => {
    const t = lock.targets.find((x) => x.name === name);
    if (t === undefined) {
      throw new UsageError(`the lock has no target ${JSON.stringify(name)}`, { text: name, expected: `one of ${lock.targets.map((x) => x.name).join(', ')}` });
    }
    return t;
  });
}

class Downloader {
  readonly files = new Map<string, DownloadedFile>();
  bytesDownloaded = 0;
  private readonly limit;

  constructor(
    private readonly ctx: FetchContext,
    concurrency: number,
    private readonly abort: AbortController,
  ) {
    this.limit = pLimit(concurrency);
  }

  /** Fetches every planned file not fetched yet; stops the others at the first failure. */
  async fetch(planned: readonly PlannedFile[]): Promise<void> {
    const todo = planned.filter((p) => !this.files.has(p.file.filename));
    const results = await Promise.allSettled(
      todo.map((p) =>
        this.limit(async () => {
          if (this.abort.signal.aborted) return;
          try {
            const r = await fetchIntoWheelhouse(this.ctx, p.file);
            this.bytesDownloaded += r.bytesDownloaded;
            this.files.set(p.file.filename, {
              filename: p.file.filename,
              path: p.file.filename,
              package: p.package.name,
              version: p.package.version,
              kind: p.file.kind,
              sha256: p.file.hashes.sha256,
              size: r.size,
              status: r.status,
              targets: [...p.targets],
              ...(p.buildDependency ? { buildDependency: true } : {}),
            });
          } catch (err) {
            this.abort.abort(err);
            throw err;
          }
        }),
      ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw this.abort.signal.reason ?? failed.reason;
  }
}

/** Merges a plan into `into` (by file name; targets and build flags combined). */
function mergePlan(into: Map<string, PlannedFile>, files: readonly PlannedFile[]): void {
  for (const p of files) {
    const have = into.get(p.file.filename);
    if (have === undefined) {
      into.set(p.file.filename, { ...p, targets: [...p.targets] });
      continue;
    }
    for (const t of p.targets) if (!have.targets.includes(t)) have.targets.push(t);
    if (!p.buildDependency) have.buildDependency = false;
  }
}

function sdistsToBuild(dir: string, needsBuild: readonly NeedsBuild[], planned: ReadonlyMap<string, PlannedFile>): SdistToBuild[] {
  const bySdist = new Map<string, SdistToBuild & { targets: string[] }>();
  for (const n of needsBuild) {
    const entry = bySdist.get(n.sdist) ?? { path: path.join(dir, n.sdist), filename: n.sdist, project: planned.get(n.sdist)?.package.name ?? n.package, targets: [] };
    if (!entry.targets.includes(n.target)) entry.targets.push(n.target);
    bySdist.set(n.sdist, entry);
  }
  return [...bySdist.values()];
}

export const downloadWheelhouse: DownloadWheelhouse = async (request: DownloadRequest, index): Promise<DownloadReport> => {
  const dir = path.resolve(request.dest);
  await fs.mkdir(dir, { recursive: true });
  const lock = request.lock;
  const targets = selectTargets(lock, request.targets);
  const formatControl = request.formatControl ?? formatControlOfLock(lock);
  const plan = planDownloads(lock, { targets, formatControl });
  const warnings: string[] = [];

  // Partial files of this plan are continued; every other temporary file is stale.
  await removeStaleDownloadTemps(dir, new Set(plan.files.map((p) => p.file.hashes.sha256)));

  const abort = new AbortController();
  // Every transfer (and its retry waits) listens to this one signal.
  setMaxListeners(0, abort.signal);
  const forward = (): void => abort.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', forward, { once: true });
  const ctx: FetchContext = {
    dir,
    http: index.http,
    store: (await index.http.cache())?.content,
    signal: abort.signal,
    onProgress: request.onProgress,
    warn: (m) => warnings.push(m),
  };
  const downloader = new Downloader(ctx, request.concurrency ?? DEFAULT_DOWNLOAD_CONCURRENCY, abort);
  const planned = new Map<string, PlannedFile>();
  mergePlan(planned, plan.files);
  const needsBuild: NeedsBuild[] = [...plan.needsBuild];
  try {
    request.onProgress?.({ kind: 'plan', files: plan.files.length, bytes: plan.files.reduce((n, p) => n + (p.file.size ?? 0), 0) });
    await downloader.fetch(plan.files);

    if (request.buildDeps !== false) {
      const lockTargets = new Map<string, Target>(lock.targets.map((t) => [t.name, targetFromLockTarget(t)]));
      const seen = new Set<string>();
      let pending = plan.needsBuild;
      for (let round = 0; round < MAX_BUILD_ROUNDS && pending.length > 0; round++) {
        const sdists = sdistsToBuild(dir, pending, planned).filter((s) => !seen.has(s.filename));
        sdists.forEach((s) => seen.add(s.filename));
        if (sdists.length === 0) break;
        const needs = await readBuildRequirements(sdists);
        const build = await resolveBuildDependencies(needs, index, { targets: lockTargets, formatControl, options: lock.options, resolve: resolveLock });
        warnings.push(...build.warnings);
        const buildPlan = planDownloads(build.lock, { formatControl, buildDependency: true });
        request.onProgress?.({ kind: 'plan', files: buildPlan.files.filter((p) => !planned.has(p.file.filename)).length, bytes: 0 });
        mergePlan(planned, buildPlan.files);
        await downloader.fetch(buildPlan.files);
        pending = buildPlan.needsBuild.filter((n) => !seen.has(n.sdist));
        needsBuild.push(...pending);
      }
    }
  } finally {
    request.signal?.removeEventListener('abort', forward);
  }

  const targetNames = targets.map((t) => t.name);
  const all = [...planned.values()].sort((a, b) => (a.file.filename < b.file.filename ? -1 : a.file.filename > b.file.filename ? 1 : 0));
  const manifest = buildManifest(targetNames, all, downloader.files, needsBuild);
  const written = await writeWheelhouseFiles(dir, wheelhouseLock(lock, all, targetNames), manifest);
  if (request.writeIndex) written.push(...(await writeWheelhouseIndex(dir, all.map((p) => p.file.filename))));
  await removeStaleDownloadTemps(dir);

  // Targets and the build flag as merged over every round (a runtime file is never a build dependency).
  const files = all.map((p): DownloadedFile => {
    const { buildDependency: _build, ...d } = downloader.files.get(p.file.filename) as DownloadedFile;
    return { ...d, targets: [...p.targets], ...(p.buildDependency ? { buildDependency: true } : {}) };
  });
  return {
    dest: dir,
    files,
    needsBuild,
    bytesDownloaded: downloader.bytesDownloaded,
    written,
    warnings: warnings.map(redactCredentials),
  };
};

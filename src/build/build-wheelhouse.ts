/**
 * `wheelhouse build` as a library function: lock → download → verify, from a BuildPlan
 * (plan.ts). The lock is resolved for every target at once and written atomically (a
 * failed lock leaves the previous lockfile as it was); the downloader fills the wheelhouse
 * from it; the verifier checks the wheelhouse against the same lock (and asks the real pip
 * when the plan says so). The result carries every stage's report; `ok` is the verifier's.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DownloadProgress, DownloadReport, DownloadWheelhouse } from '../download/contract.js';
import { collectLockInputs } from '../inputs/collect.js';
import { describeLockTargets, lockFromInputs, packageIndexForInputs, renderLockText } from '../inputs/lock-run.js';
import { writeLockfileAtomic } from '../lockfile/atomic-write.js';
import type { Lock } from '../lockfile/model.js';
import { compileCommand } from '../requirements-txt/writer.js';
import { detectHostTarget } from '../tags/host.js';
import type { Target } from '../tags/target.js';
import type { VerifyReport, VerifyWheelhouse } from '../verify/contract.js';
import type { ConfigTarget } from '../config/types.js';
import type { BuildPlan } from './plan.js';

export type BuildStage = 'lock' | 'download' | 'verify';

/** The downloader and the verifier (injected so that each stage can be tested alone). */
export interface BuildStages {
  download: DownloadWheelhouse;
  verify: VerifyWheelhouse;
}

export interface BuildEvents {
  /** A stage starts, with a line that says what it does. */
  onStage?: (stage: BuildStage, text: string) => void;
  onWarning?: (message: string) => void;
  onDownloadProgress?: (event: DownloadProgress) => void;
  /** The lockfile header's command; default `wheelhouse build --config FILE`, FILE relative to the lockfile's folder (CUSTOM_COMPILE_COMMAND wins). */
  command?: string;
  env?: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
}

export interface BuildResult {
  /** Target names, in order. */
  targets: string[];
  lock: Lock;
  lockFile: string;
  download: DownloadReport;
  verify: VerifyReport;
  /** The verifier's verdict (and pip's, when asked). */
  ok: boolean;
}

/** The plan's targets, `host` asked of `python`; repeats (by name) dropped. */
export async function resolveBuildTargets(targets: readonly ConfigTarget[], python?: string, env?: NodeJS.ProcessEnv): Promise<Target[]> {
  const out = new Map<string, Target>();
  for (const t of targets) {
    const target = t.kind === 'host' ? await detectHostTarget({ ...(python === undefined ? {} : { python }), ...(env === undefined ? {} : { env }) }) : t.target;
    if (!out.has(target.name)) out.set(target.name, target);
  }
  return [...out.values()];
}

/** lock → download → verify (see the module comment). */
export async function buildWheelhouse(plan: BuildPlan, stages: BuildStages, events: BuildEvents = {}): Promise<BuildResult> {
  const env = (events.env ?? process.env) as NodeJS.ProcessEnv;
  const warn = events.onWarning ?? (() => undefined);
  const targets = await resolveBuildTargets(plan.targets, plan.verify.python, env);
  const inputs = await collectLockInputs({ ...plan.lockInputs, env, targetList: targets });
  inputs.warnings.forEach(warn);

  // One index client for the lock and the download (its cache and connections).
  const index = packageIndexForInputs(inputs, plan.index, warn);
  let lock: Lock;
  let download: DownloadReport;
  try {
    events.onStage?.('lock', `Resolving ${inputs.request.requirements.length} requirements for ${describeLockTargets(inputs)}`);
    const resolved = await lockFromInputs(inputs, index);
    lock = resolved.lock;
    resolved.warnings.forEach(warn);
    const command = events.command ?? compileCommand(['build', ...(plan.configFile === undefined ? [] : ['--config', path.relative(path.dirname(plan.lockFile), plan.configFile).split(path.sep).join('/')])], env);
    await mkdir(path.dirname(plan.lockFile), { recursive: true });
    await writeLockfileAtomic(plan.lockFile, renderLockText(lock, inputs, { command }));

    events.onStage?.('download', `Downloading ${lock.packages.length} packages into ${plan.dest}`);
    download = await stages.download(
      {
        lock,
        dest: plan.dest,
        formatControl: inputs.request.formatControl,
        buildDeps: plan.buildDeps,
        writeIndex: plan.writeIndex,
        ...(plan.concurrency === undefined ? {} : { concurrency: plan.concurrency }),
        ...(events.onDownloadProgress === undefined ? {} : { onProgress: events.onDownloadProgress }),
        ...(events.signal === undefined ? {} : { signal: events.signal }),
      },
      index,
    );
  } finally {
    await index.close();
  }

  events.onStage?.('verify', `Verifying ${plan.dest}${plan.verify.pip ? ' (and asking pip)' : ''}`);
  const verify = await stages.verify({
    dir: plan.dest,
    lock,
    lockPath: path.join(plan.dest, 'requirements.txt'),
    targets: targets.map((t) => t.name),
    pip: plan.verify.pip,
    ...(plan.verify.python === undefined ? {} : { python: plan.verify.python }),
    ...(events.signal === undefined ? {} : { signal: events.signal }),
  });
  return { targets: targets.map((t) => t.name), lock, lockFile: plan.lockFile, download, verify, ok: verify.ok };
}

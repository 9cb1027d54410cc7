/**
 * What `wheelhouse build` will do: a wheelhouse.yaml's settings with the command line's
 * flags over them, and pip's environment variables (PIP_INDEX_URL, PIP_EXTRA_INDEX_URL,
 * PIP_FIND_LINKS, PIP_NO_INDEX) under both. Relative paths in the file are relative to
 * the file's folder (already absolute in a WheelhouseConfig); relative paths in flags are
 * relative to the working directory. Plain data: buildWheelhouse (build-wheelhouse.ts) runs it.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { indexOptionsFromEnv, type IndexOptions, type IndexStrategy } from '../index/client/options.js';
import type { BinaryOption, LockInputOptions } from '../inputs/collect.js';
import { isPylockFileName, type LockFormat } from '../inputs/output-path.js';
import type { HashPolicy } from '../lockfile/model.js';
import type { PrereleasePolicy, ResolutionStrategy } from '../resolver/lock-request.js';
import { parseTarget } from '../tags/parse-target.js';
import type { ConfigTarget, WheelhouseConfig } from '../config/types.js';
import type { IndexFlagValues } from '../cli/index-flags.js';

/** The flags of `wheelhouse build`, as parsed (any subset): the index and network flags, and its own. */
export interface BuildFlagValues extends IndexFlagValues {
  config?: string | undefined;
  target?: string[] | undefined;
  dest?: string | undefined;
  'lock-file'?: string | undefined;
  format?: string | undefined;
  /** `--only-binary` / `--no-binary` in command-line order. */
  binary?: BinaryOption[] | undefined;
  'prefer-binary'?: boolean | undefined;
  pre?: boolean | undefined;
  prerelease?: string | undefined;
  resolution?: string | undefined;
  'exclude-newer'?: string | undefined;
  upgrade?: boolean | undefined;
  'upgrade-package'?: string[] | undefined;
  /** `--index` (true) writes DIR/simple/. */
  index?: boolean | undefined;
  /** `--build-deps` / `--no-build-deps`. */
  'build-deps'?: boolean | undefined;
  /** `--pip` / `--no-pip`. */
  pip?: boolean | undefined;
  python?: string | undefined;
}

export interface BuildPlan {
  /** The config file, absolute, when one was read. */
  configFile?: string;
  /** The folder relative inputs are taken from: the config file's, else the working directory. */
  baseDir: string;
  /** For collectLockInputs (targets are given separately, below). */
  lockInputs: LockInputOptions;
  /** The targets, in order; `host` is detected when the build runs. */
  targets: ConfigTarget[];
  /** The index client's options (sources, cache, network). */
  index: IndexOptions;
  /** The lockfile, absolute. */
  lockFile: string;
  lockFormat: LockFormat;
  /** The wheelhouse folder, absolute. */
  dest: string;
  writeIndex: boolean;
  buildDeps: boolean;
  /** Files in flight at once (download) and requests (index client). */
  concurrency?: number;
  verify: { pip: boolean; python?: string };
}

export interface PlanBuildOptions {
  /** The working directory flags are relative to; default process.cwd(). */
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;

function pathOrUrl(value: string, cwd: string): string {
  if (URL_LIKE.test(value) && !/^[a-z]:[\\/]/i.test(value)) return value;
  return path.resolve(cwd, value);
}

/** `file` relative to `dir` when it is inside it, else absolute. */
function shortPath(dir: string, file: string): string {
  const rel = path.relative(dir, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** A `--target` value: `host`, or a short spelling. */
export function targetFromFlag(text: string): ConfigTarget {
  return text === 'host' ? { kind: 'host' } : { kind: 'target', target: parseTarget(text) };
}

function formatFor(flag: string | undefined, config: LockFormat | undefined, file: string | undefined): LockFormat {
  if (flag !== undefined) {
    if (flag !== 'requirements' && flag !== 'pylock') throw new UsageError(`unknown --format ${flag}`, { text: flag, expected: 'requirements or pylock' });
    return flag;
  }
  if (config !== undefined) return config;
  return file !== undefined && isPylockFileName(file) ? 'pylock' : 'requirements';
}

/** The file's settings with the flags over them (see the module comment). */
export function planBuild(config: WheelhouseConfig | undefined, flags: BuildFlagValues, options: PlanBuildOptions = {}): BuildPlan {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const baseDir = config?.dir ?? cwd;
  const fromCwd = (p: string): string => path.resolve(cwd, p);

  // Sources: the environment, then the file, then the flags.
  const index: IndexOptions = indexOptionsFromEnv(env);
  if (config?.indexUrl !== undefined) index.indexUrl = config.indexUrl;
  if (config?.extraIndexUrls !== undefined) index.extraIndexUrls = config.extraIndexUrls;
  if (config?.findLinks !== undefined) index.findLinks = config.findLinks;
  if (config?.noIndex !== undefined) index.noIndex = config.noIndex;
  if (config?.indexStrategy !== undefined) index.indexStrategy = config.indexStrategy;
  if (flags['index-url'] !== undefined) index.indexUrl = pathOrUrl(flags['index-url'], cwd);
  if (flags['extra-index-url'] !== undefined) index.extraIndexUrls = flags['extra-index-url'].map((u) => pathOrUrl(u, cwd));
  if (flags['find-links'] !== undefined) index.findLinks = flags['find-links'].map((u) => pathOrUrl(u, cwd));
  if (flags['no-index']) index.noIndex = true;
  if (flags['index-strategy'] !== undefined) index.indexStrategy = flags['index-strategy'] as IndexStrategy;
  if (flags['cache-dir'] !== undefined) index.cacheDir = fromCwd(flags['cache-dir']);
  if (flags['no-cache']) index.noCache = true;
  if (flags.refresh) index.refresh = true;
  if (flags.cert !== undefined) index.cert = fromCwd(flags.cert);
  if (flags.timeout !== undefined) index.timeoutSeconds = Number(flags.timeout);
  if (flags.retries !== undefined) index.retries = flags.retries;
  const concurrency = flags.concurrency ?? config?.concurrency;
  if (concurrency !== undefined) index.concurrency = concurrency;

  // The lockfile.
  const flagLock = flags['lock-file'];
  if (flagLock === '-') throw new UsageError('build writes the lock to a file', { text: '-', expected: '--lock-file PATH (or lock.path in wheelhouse.yaml)' });
  // -o names the format by itself (pylock.toml), as in lock; the file's format goes with the file's path.
  const lockFormat = flagLock !== undefined ? formatFor(flags.format, undefined, flagLock) : formatFor(flags.format, config?.lock?.format, config?.lock?.path);
  const lockFile = flagLock !== undefined ? fromCwd(flagLock) : (config?.lock?.path ?? path.join(baseDir, lockFormat === 'pylock' ? 'pylock.toml' : 'requirements.txt'));

  const targets: ConfigTarget[] = flags.target !== undefined && flags.target.length > 0 ? flags.target.map(targetFromFlag) : (config?.targets ?? [{ kind: 'host' }]);

  const binary = flags.binary !== undefined && flags.binary.length > 0 ? flags.binary : config?.binary;
  const prerelease = (flags.prerelease as PrereleasePolicy | undefined) ?? (flags.pre ? undefined : config?.prerelease);
  const lockInputs: LockInputOptions = {
    cwd: baseDir,
    env,
    // Files relative to the config's folder (collectLockInputs' cwd), so that `# via -r requirements.in` reads as in the file.
    arguments: [...(config?.requirementFiles ?? []).map((f) => shortPath(baseDir, f)), ...(config?.requirementStrings ?? [])],
    ...(config?.constraints === undefined ? {} : { constraintFiles: config.constraints.map((f) => shortPath(baseDir, f)) }),
    ...(config?.extras === undefined ? {} : { extras: config.extras }),
    allExtras: config?.allExtras ?? false,
    ...(config?.groups === undefined ? {} : { groups: config.groups }),
    index: {
      ...(index.indexUrl === undefined ? {} : { indexUrl: index.indexUrl }),
      ...(index.extraIndexUrls === undefined ? {} : { extraIndexUrls: index.extraIndexUrls }),
      ...(index.noIndex === undefined ? {} : { noIndex: index.noIndex }),
      ...(index.findLinks === undefined ? {} : { findLinks: index.findLinks }),
    },
    ...(binary === undefined ? {} : { binary }),
    preferBinary: flags['prefer-binary'] ?? config?.preferBinary ?? false,
    pre: flags.pre ?? (flags.prerelease === undefined ? (config?.pre ?? false) : false),
    ...(prerelease === undefined ? {} : { prerelease }),
    ...((flags.resolution ?? config?.resolution) === undefined ? {} : { resolution: (flags.resolution ?? config?.resolution) as ResolutionStrategy }),
    ...((flags['exclude-newer'] ?? config?.excludeNewer) === undefined ? {} : { excludeNewer: (flags['exclude-newer'] ?? config?.excludeNewer) as string }),
    ...(config?.hashes === undefined ? {} : { hashes: config.hashes as HashPolicy }),
    upgrade: flags.upgrade ?? false,
    ...(flags['upgrade-package'] === undefined ? {} : { upgradePackages: flags['upgrade-package'] }),
    outputFile: lockFile,
    format: lockFormat,
  };
  const python = flags.python ?? config?.verify?.python;
  return {
    ...(config === undefined ? {} : { configFile: config.file }),
    baseDir,
    lockInputs,
    targets,
    index,
    lockFile,
    lockFormat,
    dest: flags.dest !== undefined ? fromCwd(flags.dest) : (config?.wheelhouse?.dir ?? path.join(baseDir, 'wheelhouse')),
    writeIndex: flags.index ?? config?.wheelhouse?.index ?? false,
    buildDeps: flags['build-deps'] ?? config?.buildDeps ?? true,
    ...(concurrency === undefined ? {} : { concurrency }),
    verify: { pip: flags.pip ?? config?.verify?.pip ?? false, ...(python === undefined ? {} : { python }) },
  };
}

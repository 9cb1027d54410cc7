import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { WheelhouseCommand } from '../cli/base-command.js';
import { DownloadProgressDisplay, formatBytes } from '../cli/download-progress.js';
import { indexFlags, indexOptionsFromFlags } from '../cli/index-flags.js';
import { binaryOptions, inputFlags, lockInputOptions, resolutionFlags } from '../cli/lock-flags.js';
import { targetFlags, targetSelectionFromFlags } from '../cli/target-flags.js';
import { downloadWheelhouse, lockFromRequirements } from '../download/index.js';
import type { DownloadReport } from '../download/contract.js';
import { LockfileError } from '../errors.js';
import { createPackageIndex, type IndexOptions, type PackageIndexClient } from '../index/client/index.js';
import { collectLockInputs, commandLineFormatControl, isPylockFileName, lockFromInputs, mergePackageSources, packageIndexForInputs, packageIndexForSources, selectTargets } from '../inputs/index.js';
import { parseRequirementsFile } from '../requirements-txt/read-files.js';
import { readPylockFile, readRequirementsLock, type RequirementsLock } from '../lockfile/index.js';
import type { Lock } from '../lockfile/model.js';
import { lockTarget } from '../resolver/index.js';
import { redactCredentials } from '../util/redact.js';

export default class Download extends WheelhouseCommand {
  static override summary = 'Download what a lock chose, for every target, into a wheelhouse folder that installs offline.';

  static override description = `The input is a lockfile — a requirements.txt with hashes (wheelhouse lock, pip-compile --generate-hashes) or a pylock.toml — or unpinned requirements (requirements.in, pyproject.toml, requirements as arguments), which are locked first, in memory, with the same flags as wheelhouse lock.

For every target the file pip would install is chosen: the compatible wheel whose tags rank best for the target, else the sdist when the binary policy allows it (the summary says which packages will be built on which target). A hashed requirements.txt names no files: they are found on the indexes by name and version, and only files whose hash the lock lists are accepted. Targets: those the lock records; else --target, pip's --python-version/--platform/--implementation/--abi, or the host.

Files are fetched in parallel, each streamed through sha256 into a temporary file in DIR and renamed into place only when it matches the lock: an interrupted or failed run leaves no partial and no unverified file. Files already in DIR with the right hash are kept; the cache is shared with wheelhouse lock; a download cut off midway continues with a Range request. The build requirements of every sdist ([build-system] requires, or setuptools and wheel for a setup.py) are resolved and downloaded too, unless --no-build-deps.

DIR then also holds requirements.txt (--no-index, --find-links ., the pins with hashes: pip install -r DIR/requirements.txt works from any directory), pylock.toml (PEP 751, with path entries), manifest.json (every file: size, sha256, upload time, index, targets) and, with --index, simple/ (a PEP 503 tree for any static web server).`;

  static override examples = [
    '<%= config.bin %> download requirements.txt -d wheelhouse',
    '<%= config.bin %> download pylock.toml -d wheelhouse --index',
    '<%= config.bin %> download requirements.in -d wheelhouse --target linux-x86_64@3.12 --target windows-x86_64@3.12',
    '<%= config.bin %> download "fastapi[standard]" -d wheelhouse --only-binary :all:',
    '<%= config.bin %> download requirements.txt -d wheelhouse --json --quiet',
  ];

  static override strict = false;

  static override args = {
    inputs: Args.string({ description: 'A lockfile (hashed requirements.txt, pylock.toml), or input files and requirements to lock first.' }),
  };

  static override flags = {
    dest: Flags.string({ char: 'd', required: true, summary: 'The wheelhouse folder (created when missing).', helpGroup: 'OUTPUT' }),
    index: Flags.boolean({ summary: 'Also write DIR/simple/, a PEP 503 index of the files (with hashes and .metadata files).', helpGroup: 'OUTPUT' }),
    'build-deps': Flags.boolean({ default: true, allowNo: true, summary: 'Download the build requirements of every sdist (--no-build-deps to skip them).', helpGroup: 'OUTPUT' }),
    json: Flags.boolean({ summary: 'Print the JSON report on standard output.', helpGroup: 'OUTPUT' }),
    quiet: Flags.boolean({ char: 'q', summary: 'No progress and no summary on standard error (warnings and errors still).', helpGroup: 'OUTPUT' }),

    ...inputFlags(),
    ...resolutionFlags(),
    ...targetFlags(),
    ...indexFlags(),
  };

  async run(): Promise<void> {
    const { flags, argv, raw } = await this.parse(Download);
    const env = process.env;
    const args = argv as string[];
    const progress = new DownloadProgressDisplay(flags.quiet ? 'quiet' : process.stderr.isTTY === true ? 'tty' : 'lines');
    const warn = (message: string): void => {
      progress.erase();
      process.stderr.write(`warning: ${redactCredentials(message)}\n`);
    };
    const binary = binaryOptions(raw);
    const formatControl = binary.length > 0 ? commandLineFormatControl(binary) : undefined;
    const cliIndex = indexOptionsFromFlags(flags, env);
    const lockfile = await lockfileInput(args, flags, env);

    let lock: Lock;
    let index: PackageIndexClient;
    let targetNames: string[] | undefined;
    const started = Date.now();
    if (lockfile?.kind === 'pylock') {
      const read = await readPylockFile(lockfile.file);
      read.warnings.forEach(warn);
      lock = read.lock;
      index = createPackageIndex({ ...lockIndexOptions(lock), ...cliIndex, onWarning: (w) => warn(w.message) });
      if (lock.targets.length === 0) lock = { ...lock, targets: (await selectTargets({ ...targetSelectionFromFlags(flags), env })).map(lockTarget) };
      else if (flags.target) targetNames = (await selectTargets({ ...targetSelectionFromFlags(flags), env })).map((t) => t.name);
    } else if (lockfile?.kind === 'requirements') {
      const read = lockfile.read;
      read.warnings.forEach(warn);
      // The file's index options apply on top of the command line's, as pip applies them.
      const { sources, warnings } = mergePackageSources(cliIndex, (await parseRequirementsFile(lockfile.file, { env })).options);
      warnings.forEach(warn);
      index = packageIndexForSources(sources, cliIndex, warn);
      const targets = (await selectTargets({ ...targetSelectionFromFlags(flags), env })).map(lockTarget);
      progress.status(`Finding the files of ${read.pins.length} pins…`);
      try {
        lock = await lockFromRequirements(read, targets, index);
      } catch (err) {
        await index.close();
        throw err;
      }
    } else {
      const inputs = await collectLockInputs({ ...lockInputOptions(flags, args, raw, env), outputFile: '-' });
      inputs.warnings.forEach(warn);
      index = packageIndexForInputs(inputs, cliIndex, warn);
      progress.status(`Resolving ${inputs.request.requirements.length} requirements…`);
      try {
        const result = await lockFromInputs(inputs, index);
        result.warnings.forEach(warn);
        lock = result.lock;
      } catch (err) {
        await index.close();
        throw err;
      }
    }

    let report: DownloadReport;
    try {
      report = await downloadWheelhouse(
        {
          lock,
          dest: flags.dest,
          ...(targetNames === undefined ? {} : { targets: targetNames }),
          ...(formatControl === undefined ? {} : { formatControl }),
          buildDeps: flags['build-deps'],
          writeIndex: flags.index,
          ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
          onProgress: progress.onProgress,
        },
        index,
      );
    } finally {
      progress.erase();
      await index.close();
    }
    report.warnings.forEach(warn);
    if (flags.json) this.log(JSON.stringify(report, null, 2));
    if (!flags.quiet) process.stderr.write(`${summary(report, lock, Date.now() - started)}\n`);
  }
}

type DownloadFlags = Awaited<ReturnType<Download['parse']>>['flags'];

type LockfileInput = { kind: 'pylock'; file: string } | { kind: 'requirements'; file: string; read: RequirementsLock };

/**
 * The lockfile among the arguments, when the input is one: a single file named like a
 * pylock.toml, or a requirements file whose every pin is hashed. Anything else (several
 * inputs, requirements.in, pyproject.toml, unhashed pins, requirement strings) is locked first.
 */
async function lockfileInput(args: readonly string[], flags: DownloadFlags, env: NodeJS.ProcessEnv): Promise<LockfileInput | undefined> {
  const lockOnly = (flags.requirement?.length ?? 0) + (flags.constraint?.length ?? 0) + (flags.group?.length ?? 0) + (flags.extra?.length ?? 0) === 0 && !flags['all-extras'];
  if (args.length !== 1 || !lockOnly) return undefined;
  const file = args[0] as string;
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  const base = path.basename(file);
  if (isPylockFileName(base)) return { kind: 'pylock', file };
  if (base === 'pyproject.toml' || base.endsWith('.in')) return undefined;
  let read: RequirementsLock;
  try {
    read = await readRequirementsLock(file, { env });
  } catch (err) {
    // Not pinned: a requirements file to lock first.
    if (err instanceof LockfileError) return undefined;
    throw err;
  }
  // Pins without hashes name no file: locking them again finds the files and their hashes.
  if (!read.options.requireHashes || read.pins.some((p) => p.files.length === 0)) return undefined;
  return { kind: 'requirements', file, read };
}

function lockIndexOptions(lock: Lock): IndexOptions {
  const o = lock.options;
  return {
    ...(o.indexUrl === undefined ? {} : { indexUrl: o.indexUrl }),
    extraIndexUrls: o.extraIndexUrls,
    noIndex: o.noIndex,
    findLinks: o.findLinks,
  };
}

function summary(report: DownloadReport, lock: Lock, ms: number): string {
  const fetched = report.files.filter((f) => f.status === 'downloaded' || f.status === 'resumed').length;
  const kept = report.files.length - fetched;
  const build = report.files.filter((f) => f.buildDependency).length;
  const targets = new Set(report.files.flatMap((f) => f.targets)).size || lock.targets.length;
  let text = `Wheelhouse ${report.dest}: ${report.files.length} files for ${targets} target${targets === 1 ? '' : 's'}`;
  text += ` (${fetched} downloaded, ${formatBytes(report.bytesDownloaded)}; ${kept} already there or cached${build > 0 ? `; ${build} for building sdists` : ''}) in ${(ms / 1000).toFixed(1)} s`;
  if (report.needsBuild.length > 0) {
    const byPackage = new Map<string, string[]>();
    for (const n of report.needsBuild) byPackage.set(`${n.package} ${n.version}`, [...(byPackage.get(`${n.package} ${n.version}`) ?? []), n.target]);
    text += `\nBuilt from sdist on install: ${[...byPackage].map(([p, t]) => `${p} (${t.join(', ')})`).join('; ')}`;
  }
  return text;
}

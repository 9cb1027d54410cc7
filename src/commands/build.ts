import { existsSync } from 'node:fs';
import path from 'node:path';
import * as Flags from '@oclif/core/flags';
import { WheelhouseCommand } from '../cli/base-command.js';
import { DownloadProgressDisplay, formatBytes } from '../cli/download-progress.js';
import { indexFlags } from '../cli/index-flags.js';
import { binaryOptions, resolutionFlags } from '../cli/lock-flags.js';
import { buildWheelhouse, planBuild, type BuildFlagValues, type BuildResult } from '../build/index.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/index.js';
import { downloadWheelhouse } from '../download/index.js';
import { UsageError, VerifyError } from '../errors.js';
import { LOCK_FORMATS } from '../inputs/index.js';
import { compileCommand } from '../requirements-txt/writer.js';
import { redactCredentials } from '../util/redact.js';
import { renderVerifyReport, verifyFailureSummary, verifyWheelhouse } from '../verify/index.js';

export default class Build extends WheelhouseCommand {
  static override summary = 'Lock, download and verify a wheelhouse from wheelhouse.yaml, in one command.';

  static override description = `Reads wheelhouse.yaml (--config, default ./wheelhouse.yaml; wheelhouse init writes a starter), then:
1. lock: resolves the requirements for every target at once and writes the lockfile (lock.path, --lock-file) atomically; pins of an existing lockfile are kept unless --upgrade;
2. download: fetches the file pip would install for every package and target into the wheelhouse folder (wheelhouse.dir, --dest), each checked against the lock's sha256 before it is renamed into place, with the build requirements of every sdist, and writes DIR/requirements.txt, DIR/pylock.toml, DIR/manifest.json (and DIR/simple/ with --index);
3. verify: checks DIR against the lock for every target (files, hashes, wheel contents, dependencies), and with --pip (verify.pip) also asks the real pip.
Flags win over the file; pip's PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS and PIP_NO_INDEX apply only where neither says anything. Relative paths in the file are relative to the file's folder, those in flags to the working directory. Exits 1 when verify finds a problem, naming each package, target and reason.`;

  static override examples = [
    '<%= config.bin %> build',
    '<%= config.bin %> build --config deploy/wheelhouse.yaml --pip',
    '<%= config.bin %> build --target host --target cp312-win_amd64 --dest /tmp/wheelhouse',
    '<%= config.bin %> build --upgrade --lock-file requirements.txt --json',
  ];

  static override flags = {
    config: Flags.string({ summary: `The wheelhouse.yaml to read (default ./${DEFAULT_CONFIG_FILE}).`, helpGroup: 'INPUT' }),
    target: Flags.string({ char: 't', multiple: true, summary: 'A target machine, replacing the file\'s targets: host, cp312-manylinux_2_28_x86_64, linux-x86_64@3.12, … (repeatable).', helpGroup: 'TARGET' }),
    python: Flags.string({ summary: 'The interpreter that describes the host target and runs the pip check (default python3; verify.python).', helpGroup: 'TARGET' }),

    'lock-file': Flags.string({ char: 'o', aliases: ['output-file'], summary: 'Write the lock to PATH (lock.path; default requirements.txt beside wheelhouse.yaml).', helpGroup: 'OUTPUT' }),
    format: Flags.string({ options: [...LOCK_FORMATS], summary: 'The lock\'s format: requirements or pylock (lock.format).', helpGroup: 'OUTPUT' }),
    dest: Flags.string({ char: 'd', summary: 'The wheelhouse folder (wheelhouse.dir; default wheelhouse/ beside wheelhouse.yaml).', helpGroup: 'OUTPUT' }),
    index: Flags.boolean({ summary: 'Also write DIR/simple/, a PEP 503 index of the files (wheelhouse.index).', helpGroup: 'OUTPUT' }),
    'build-deps': Flags.boolean({ allowNo: true, summary: 'Download the build requirements of every sdist (default; --no-build-deps to skip; build-deps).', helpGroup: 'OUTPUT' }),
    pip: Flags.boolean({ allowNo: true, summary: 'Also verify with the real pip: a fresh venv for the host, pip download for other targets (verify.pip; --no-pip to skip).', helpGroup: 'OUTPUT' }),
    json: Flags.boolean({ summary: 'Print the report of every stage as JSON on standard output.', helpGroup: 'OUTPUT' }),
    quiet: Flags.boolean({ char: 'q', summary: 'No progress and no summary on standard error (warnings, errors and verify failures still).', helpGroup: 'OUTPUT' }),

    ...resolutionFlags(),
    upgrade: Flags.boolean({ char: 'U', summary: 'Do not keep the pins of the existing lockfile.', helpGroup: 'RESOLUTION' }),
    'upgrade-package': Flags.string({ char: 'P', multiple: true, summary: 'Free this package\'s pin: NAME, or NAME==VERSION (repeatable).', helpGroup: 'RESOLUTION' }),

    ...indexFlags(),
  };

  async run(): Promise<void> {
    const { flags, raw } = await this.parse(Build);
    const env = process.env;
    const configFile = flags.config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
    if (configFile === undefined) {
      throw new UsageError(`no ${DEFAULT_CONFIG_FILE} here, and no --config was given`, {
        expected: `a ${DEFAULT_CONFIG_FILE} in the working directory, or --config PATH`,
        hint: 'wheelhouse init writes a commented starter wheelhouse.yaml',
      });
    }
    const config = await loadConfig(configFile);
    const values: BuildFlagValues = { ...flags, binary: binaryOptions(raw) };
    const plan = planBuild(config, values, { env });

    const progress = new DownloadProgressDisplay(flags.quiet ? 'quiet' : process.stderr.isTTY === true ? 'tty' : 'lines');
    const warn = (message: string): void => {
      progress.erase();
      process.stderr.write(`warning: ${redactCredentials(message)}\n`);
    };
    const started = Date.now();
    let result: BuildResult;
    try {
      result = await buildWheelhouse(
        plan,
        { download: downloadWheelhouse, verify: verifyWheelhouse },
        {
          env,
          command: compileCommand(['build', '--config', configFile], env),
          onWarning: warn,
          onStage: (_stage, text) => progress.status(`${text}…`),
          onDownloadProgress: progress.onProgress,
        },
      );
    } finally {
      progress.erase();
    }
    result.download.warnings.forEach(warn);
    if (flags.json) {
      this.log(JSON.stringify({ lockFile: result.lockFile, targets: result.targets, packages: result.lock.packages.length, download: result.download, verify: result.verify, ok: result.ok }, null, 2));
    } else if (!flags.quiet || !result.ok) {
      this.log(renderVerifyReport({ ...result.verify, dir: shown(result.verify.dir), ...(result.verify.lockPath === undefined ? {} : { lockPath: shown(result.verify.lockPath) }) }));
    }
    if (!flags.quiet) process.stderr.write(`${summary(result, Date.now() - started)}\n`);
    if (!result.ok) {
      throw new VerifyError(`the wheelhouse ${shown(result.verify.dir)} does not install offline as locked: ${verifyFailureSummary(result.verify)}`, {
        location: { file: shown(result.verify.dir) },
        expected: 'every locked package present, intact, hash-checked and with its dependencies, on every target',
      });
    }
  }
}

/** A path as the user would type it from here: relative when inside the working directory. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

function summary(result: BuildResult, ms: number): string {
  const d = result.download;
  const fetched = d.files.filter((f) => f.status === 'downloaded' || f.status === 'resumed').length;
  const pip = result.verify.pip === undefined ? '' : result.verify.pip.every((v) => v.ok) ? ', and pip agrees' : ', and pip FAILED';
  const lines = [
    `Built ${shown(d.dest)}: ${result.lock.packages.length} package${result.lock.packages.length === 1 ? '' : 's'} locked for ${result.targets.join(', ')} in ${shown(result.lockFile)}; ` +
      `${d.files.length} files (${fetched} downloaded, ${formatBytes(d.bytesDownloaded)}); verify ${result.ok ? 'ok' : 'FAILED'}${pip} (${(ms / 1000).toFixed(1)} s)`,
  ];
  if (d.needsBuild.length > 0) {
    lines.push(`Built from sdist on install: ${d.needsBuild.map((n) => `${n.package} ${n.version} (${n.target})`).join('; ')}`);
  }
  return lines.join('\n');
}

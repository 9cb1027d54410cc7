import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { WheelhouseCommand } from '../cli/base-command.js';
import { indexFlags, indexOptionsFromFlags } from '../cli/index-flags.js';
import { inputFlags, lockInputOptions, resolutionFlags, type RawToken } from '../cli/lock-flags.js';
import { targetFlags } from '../cli/target-flags.js';
import { UsageError } from '../errors.js';
import {
  collectLockInputs,
  HASH_POLICIES,
  LOCK_FORMATS,
  describeLockTargets,
  lockFromInputs,
  lockHeaderCommand,
  EarlyPackageIndex,
  type LockInputs,
  renderLockText,
  type GivenOption,
  type LockFormat,
} from '../inputs/index.js';
import { lockToJson, writeLockfileAtomic } from '../lockfile/index.js';
import { Progress } from '../cli/progress.js';
import type { HashPolicy, Lock as LockData } from '../lockfile/model.js';
import { redactCredentials } from '../util/redact.js';

export default class Lock extends WheelhouseCommand {
  static override summary = 'Pin requirements to exact versions and hashes for one or more target machines.';

  static override description = `Reads requirements files (requirements.in), a pyproject.toml ([project] dependencies, --extra, --group) or requirements given as arguments, resolves them for every target at once, and writes a lockfile: a pip-compile style requirements.txt with every file's sha256 (pip install --require-hashes accepts it), or a PEP 751 pylock.toml.

Where the lock goes, as pip-compile decides: requirements.in -> requirements.txt beside it; pyproject.toml -> requirements.txt beside it; requirements given as arguments only -> standard output; -o PATH, or -o - for standard output. --format pylock writes pylock.toml beside the input (an -o named pylock.toml or pylock.NAME.toml selects it too).

Pins of the existing lockfile are kept while they still satisfy the requirements (pip-compile's behaviour); --upgrade frees them all, --upgrade-package NAME one package, --upgrade-package NAME==VERSION moves it to that version.

Targets: --target (repeatable) names machines as INTERPRETER-PLATFORM (cp312-manylinux_2_28_x86_64, cp311-win_amd64, cp312-macosx_11_0_arm64) or PRESET@VERSION (linux-x86_64@3.12, windows-x86_64@3.12, macos-arm64@3.12); pip's --python-version/--platform/--implementation/--abi describe one target with pip's meaning; with neither, the machine python3 runs on.

A failed or unsatisfiable lock leaves the existing lockfile as it was and exits 1 with the explanation, which names the requirement files and lines involved.`;

  static override examples = [
    '<%= config.bin %> lock requirements.in',
    '<%= config.bin %> lock requirements.in --target linux-x86_64@3.12 --target windows-x86_64@3.12 --target macos-arm64@3.12',
    '<%= config.bin %> lock pyproject.toml --extra test --group dev -o requirements-dev.txt',
    '<%= config.bin %> lock "flask>=3" requests -o -',
    '<%= config.bin %> lock requirements.in --format pylock',
    '<%= config.bin %> lock requirements.in --upgrade-package requests',
    '<%= config.bin %> lock requirements.in --index-url https://pypi.example.org/simple --exclude-newer 2025-01-01',
    '<%= config.bin %> lock requirements.in --json --dry-run',
  ];

  static override strict = false;

  static override args = {
    inputs: Args.string({ description: 'Input files (requirements.in, requirements.txt, pyproject.toml) and requirements ("flask>=3"), in any order.' }),
  };

  static override flags = {
    ...inputFlags(),

    'output-file': Flags.string({ char: 'o', summary: 'Write the lock to PATH (- for standard output).', helpGroup: 'OUTPUT' }),
    format: Flags.string({ options: [...LOCK_FORMATS], summary: 'requirements (default: a pip-compile style requirements.txt) or pylock (PEP 751 pylock.toml).', helpGroup: 'OUTPUT' }),
    hashes: Flags.string({ options: [...HASH_POLICIES], summary: 'Hashes of every file of each pinned version (all, default) or only of the files some target can install (targets).', helpGroup: 'OUTPUT' }),
    annotate: Flags.boolean({ default: true, allowNo: true, summary: 'Write "# via" annotations (--no-annotate to leave them out).', helpGroup: 'OUTPUT' }),
    'annotation-style': Flags.string({ options: ['split', 'line'], summary: 'split (default): "# via" on lines of its own; line: on one line.', helpGroup: 'OUTPUT' }),
    header: Flags.boolean({ default: true, allowNo: true, summary: 'Write the header naming the command (--no-header to leave it out; CUSTOM_COMPILE_COMMAND replaces the command).', helpGroup: 'OUTPUT' }),
    'emit-index-url': Flags.boolean({ default: true, allowNo: true, summary: 'Write --index-url/--extra-index-url/--no-index lines (credentials removed).', helpGroup: 'OUTPUT' }),
    'emit-find-links': Flags.boolean({ default: true, allowNo: true, summary: 'Write --find-links lines, relative to the lockfile (credentials removed).', helpGroup: 'OUTPUT' }),
    json: Flags.boolean({ summary: 'Print the JSON report of the lock on standard output (the lockfile is still written).', helpGroup: 'OUTPUT' }),
    'dry-run': Flags.boolean({ summary: 'Print the lock on standard output; write nothing.', helpGroup: 'OUTPUT' }),
    quiet: Flags.boolean({ char: 'q', summary: 'No progress and no summary on standard error (warnings and errors still).', helpGroup: 'OUTPUT' }),

    ...resolutionFlags(),
    upgrade: Flags.boolean({ char: 'U', summary: 'Do not keep the pins of the existing lockfile.', helpGroup: 'RESOLUTION' }),
    'upgrade-package': Flags.string({ char: 'P', multiple: true, summary: 'Free this package\'s pin: NAME, or NAME==VERSION to move to that version (repeatable).', helpGroup: 'RESOLUTION' }),

    ...targetFlags(),

    ...indexFlags(),
  };

  async run(): Promise<void> {
    const { flags, argv, raw } = await this.parse(Lock);
    const env = process.env;
    if (flags.json && flags['output-file'] === '-') {
      throw new UsageError('--json and -o - both write to standard output', { expected: 'either --json or -o -' });
    }
    const indexOptions = indexOptionsFromFlags(flags, env);
    const warn = (message: string): void => {
      process.stderr.write(`warning: ${redactCredentials(message)}\n`);
    };
    const early = new EarlyPackageIndex(indexOptions, warn);
    let inputs: LockInputs;
    try {
      inputs = await collectLockInputs({
        ...lockInputOptions(flags, argv as string[], raw, env),
        ...(flags.hashes === undefined ? {} : { hashes: flags.hashes as HashPolicy }),
        upgrade: flags.upgrade,
        ...(flags['upgrade-package'] ? { upgradePackages: flags['upgrade-package'] } : {}),
        ...(flags['output-file'] === undefined ? {} : { outputFile: flags['output-file'] }),
        ...(flags.format === undefined ? {} : { format: flags.format as LockFormat }),
        beforeTargets: early.beforeTargets,
      });
    } catch (err) {
      await early.abandon();
      throw err;
    }
    inputs.warnings.forEach(warn);
    const index = early.take();
    const progress = new Progress(!flags.quiet && process.stderr.isTTY === true);
    let lock: LockData;
    let warnings: string[];
    try {
      progress.show(`Resolving ${inputs.request.requirements.length} requirements for ${describeLockTargets(inputs)}…`);
      const result = await lockFromInputs(inputs, index);
      lock = result.lock;
      progress.clear();
      warnings = result.warnings;
      warnings.forEach(warn);
    } finally {
      progress.clear();
      await index.close();
    }
    const command = lockHeaderCommand(givenOptions(raw, Lock.flags), argv as string[], env);
    const text = renderLockText(lock, inputs, {
      ...(flags.header ? { command } : {}),
      annotate: flags.annotate,
      annotationStyle: (flags['annotation-style'] ?? 'split') as 'split' | 'line',
      emitIndexUrl: flags['emit-index-url'],
      emitFindLinks: flags['emit-find-links'],
    });
    if (flags.json) this.log(JSON.stringify(lockToJson(lock, { toolVersion: this.config.version, command, warnings: warnings.map((message) => ({ message })) }), null, 2));
    const dest = inputs.output.destination;
    if (flags['dry-run']) {
      if (!flags.json) process.stdout.write(text);
      if (!flags.quiet) process.stderr.write('Dry-run, so nothing updated.\n');
      return;
    }
    if (dest.kind === 'stdout') {
      if (!flags.json) process.stdout.write(text);
      return;
    }
    await writeLockfileAtomic(dest.resolved, text);
    if (!flags.quiet) process.stderr.write(`Locked ${lock.packages.length} packages for ${describeLockTargets(inputs)} in ${dest.file}\n`);
  }
}

type Token = RawToken;

/** The options as given, by long name, for the header (booleans given as `--no-X` keep that name). */
function givenOptions(raw: readonly Token[], definitions: Record<string, { type: string; allowNo?: boolean }>): GivenOption[] {
  const out: GivenOption[] = [];
  for (const t of raw) {
    if (t.type !== 'flag') continue;
    const definition = definitions[t.flag];
    if (definition?.type === 'boolean') out.push({ name: definition.allowNo && t.input === `--no-${t.flag}` ? `no-${t.flag}` : t.flag });
    else out.push({ name: t.flag, value: t.input });
  }
  return out;
}

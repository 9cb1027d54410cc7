import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { WheelhouseCommand } from '../cli/base-command.js';
import { VerifyError } from '../errors.js';
import { pipTargetOptionsFromFlags, targetFlags } from '../cli/target-flags.js';
import { renderVerifyReport, verifyFailureSummary, verifyWheelhouse } from '../verify/index.js';

export default class Verify extends WheelhouseCommand {
  static override summary = 'Prove that a wheelhouse installs offline on every target: files, hashes, integrity, dependencies, build requirements.';

  static override description = `Checks DIR against its lock (--lock FILE, else DIR/pylock.toml, else DIR/requirements.txt), for every target, without Python: every locked package that applies to the target has a compatible file in DIR (the best by the target's tag order, else its sdist) whose sha256 the lock allows; every wheel is intact (a valid zip, its .dist-info named as the file, every RECORD hash and size right); every dependency of every wheel — read from the wheel's own METADATA, markers and extras evaluated for the target — is pinned by the lock for that target; every sdist opens, has PKG-INFO, and its build requirements are wheels in DIR for that target. Files nothing uses are listed.

Targets: those recorded in the lock (a pylock.toml written by wheelhouse), --target selecting some of them. A requirements.txt lock records none: --target (repeatable), pip's --python-version/--platform/--implementation/--abi, or the host (python3).

--pip also asks the real pip, isolated from the machine's pip configuration: for the host, a fresh venv and pip install --no-index --find-links DIR --require-hashes -r DIR/requirements.txt; for other targets, pip download --no-index --only-binary=:all: --no-deps with one --platform per platform tag the target accepts.

Prints a table package × target (ok, MISSING, HASH MISMATCH, CORRUPT, UNSATISFIED DEPENDENCY, needs build, - for not applicable) and the reasons; exits 1 when anything fails (E_VERIFY).`;

  static override examples = [
    '<%= config.bin %> verify wheelhouse/',
    '<%= config.bin %> verify wheelhouse/ --pip',
    '<%= config.bin %> verify wheelhouse/ --target cp312-win_amd64 --json',
    '<%= config.bin %> verify wheelhouse/ --lock requirements.txt --target linux-x86_64@3.12 --target windows-x86_64@3.12',
  ];

  static override args = {
    dir: Args.string({ required: true, description: 'The wheelhouse directory.' }),
  };

  static override flags = {
    lock: Flags.string({ summary: 'The lockfile to check against (default DIR/pylock.toml, else DIR/requirements.txt).' }),
    ...targetFlags(),
    pip: Flags.boolean({ summary: 'Also ask the real pip (a fresh venv for the host, pip download for other targets).' }),
    json: Flags.boolean({ summary: 'Print the report as JSON on standard output.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Verify);
    const pip = pipTargetOptionsFromFlags(flags);
    const report = await verifyWheelhouse({
      dir: args.dir,
      ...(flags.lock === undefined ? {} : { lockPath: flags.lock }),
      ...(flags.target === undefined ? {} : { targets: flags.target }),
      ...(Object.keys(pip).length === 0 ? {} : { pipTargetOptions: pip }),
      pip: flags.pip,
      ...(flags.python === undefined ? {} : { python: flags.python }),
      // A progress line on a terminal only: piped output stays the report alone.
      ...(process.stderr.isTTY ? { onProgress: (message: string) => process.stderr.write(`${message}…\n`) } : {}),
    });
    this.log(flags.json ? JSON.stringify(report, null, 2) : renderVerifyReport(report));
    if (!report.ok) {
      throw new VerifyError(`the wheelhouse ${args.dir} does not install offline as locked: ${verifyFailureSummary(report)}`, {
        location: { file: args.dir },
        expected: 'every locked package present, intact, hash-checked and with its dependencies, on every target',
      });
    }
  }
}

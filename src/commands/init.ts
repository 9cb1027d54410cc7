import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { WheelhouseCommand } from '../cli/base-command.js';
import { DEFAULT_CONFIG_FILE, STARTER_CONFIG } from '../config/index.js';
import { UsageError } from '../errors.js';

export default class Init extends WheelhouseCommand {
  static override summary = 'Write a commented starter wheelhouse.yaml.';

  static override description = `Writes a wheelhouse.yaml that wheelhouse build reads: requirements.in as the input, this machine (host) as the target, requirements.txt as the lock, wheelhouse/ as the wheelhouse, and the real pip as a second verifier; every other setting is there as a comment. PATH is the file to write, or a folder to write wheelhouse.yaml into (default ./wheelhouse.yaml). An existing file is left alone unless --force is given.`;

  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init deploy/wheelhouse.yaml', '<%= config.bin %> init --force'];

  static override args = {
    path: Args.string({ description: 'The file to write, or a folder (default ./wheelhouse.yaml).' }),
  };

  static override flags = {
    force: Flags.boolean({ char: 'f', summary: 'Overwrite an existing file.' }),
    quiet: Flags.boolean({ char: 'q', summary: 'Print nothing on success.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Init);
    let file = args.path ?? DEFAULT_CONFIG_FILE;
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, DEFAULT_CONFIG_FILE);
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    try {
      await writeFile(file, STARTER_CONFIG, { flag: flags.force ? 'w' : 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new UsageError(`${file} already exists; it was left as it is`, {
          location: { file },
          expected: 'a path where no file exists yet',
          hint: `wheelhouse init --force ${args.path ?? ''}`.trimEnd() + ' overwrites it',
        });
      }
      throw e;
    }
    if (!flags.quiet) process.stderr.write(`Wrote ${file}: list your requirements in requirements.in beside it, then run wheelhouse build${file === DEFAULT_CONFIG_FILE ? '' : ` --config ${file}`}\n`);
  }
}

import { Command } from '@oclif/core/command';
import { renderError } from './render-error.js';

/**
 * Base of every wheelhouse command: errors are caught here, once, rendered to stderr
 * and turned into the documented exit code. Nothing below a command calls process.exit.
 */
export abstract class WheelhouseCommand extends Command {
  protected override async catch(err: Error & { exitCode?: number }): Promise<void> {
    const debug = process.env['WHEELHOUSE_DEBUG'] === '1';
    const { text, exitCode } = renderError(err, debug);
    if (text) process.stderr.write(text + '\n');
    process.exitCode = exitCode;
  }
}

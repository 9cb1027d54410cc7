/**
 * The one place where errors become text and exit codes.
 */
import { ExitCode, WheelhouseError, type ExitCodeValue } from '../errors.js';
import { redactCredentials } from '../util/redact.js';

export interface RenderedError {
  text: string;
  exitCode: ExitCodeValue;
}

/** Errors from oclif's flag parser carry `oclif.exit`; they are usage errors. */
function isOclifUsageError(err: unknown): err is Error & { oclif: { exit?: number } } {
  return err instanceof Error && typeof (err as { oclif?: unknown }).oclif === 'object';
}

export function renderError(err: unknown, debug = false): RenderedError {
  if (err instanceof WheelhouseError) {
    const lines = [`error[${err.code}]: ${err.message}`];
    const where = err.where();
    if (where !== undefined) lines.push(`  --> ${where}`);
    if (err.text !== undefined) lines.push(`  found: ${JSON.stringify(err.text)}`);
    if (err.expected !== undefined) lines.push(`  expected: ${err.expected}`);
    if (err.hint !== undefined) lines.push(`  hint: ${err.hint}`);
    if (debug && err.stack) lines.push(redactCredentials(err.stack));
    return { text: lines.join('\n'), exitCode: err.exitCode };
  }
  if (isOclifUsageError(err)) {
    const exit = err.oclif.exit;
    if (exit === 0) return { text: '', exitCode: ExitCode.ok };
    return { text: `error[E_USAGE]: ${redactCredentials(err.message)}`, exitCode: ExitCode.usage };
  }
  const message = err instanceof Error ? err.message : String(err);
  const lines = [`error[E_INTERNAL]: ${redactCredentials(message)}`];
  lines.push('  this is a bug in wheelhouse; please report it with the command you ran');
  if (err instanceof Error && err.stack) lines.push(redactCredentials(debug ? err.stack : err.stack.split('\n').slice(0, 4).join('\n')));
  return { text: lines.join('\n'), exitCode: ExitCode.internal };
}

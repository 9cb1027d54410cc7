/**
 * The command a lockfile's header records, normalized as pip-compile normalizes it
 * (pip-tools `get_compile_command`): long option names, `--name=value`, options sorted,
 * then the positional arguments sorted; one-off options (`--upgrade`, `--upgrade-package`,
 * `--dry-run`, `--quiet`...) and options that only change how the tool runs (cache,
 * network tuning, `--json`) left out, so that re-locking does not change the header;
 * credentials removed from URLs. `CUSTOM_COMPILE_COMMAND` replaces it all (compileCommand).
 */
import { compileCommand } from '../requirements-txt/writer.js';
import type { EnvironmentVariables } from '../requirements-txt/logical-lines.js';
import { redactCredentials } from '../util/redact.js';

/** One option as given: its long name without dashes, and its value (none for a switch). */
export interface GivenOption {
  name: string;
  value?: string;
}

/** Options that never appear in the header (one-offs and options that do not change the lock). */
export const HEADER_EXCLUDED_OPTIONS: ReadonlySet<string> = new Set([
  'dry-run',
  'quiet',
  'verbose',
  'upgrade',
  'upgrade-package',
  'json',
  'cache-dir',
  'no-cache',
  'refresh',
  'concurrency',
  'timeout',
  'retries',
  'progress',
  'no-progress',
]);

function stripUserinfo(value: string): string {
  return redactCredentials(value).replace(/\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@]*@)/gi, '$1');
}

/** The normalized arguments after `wheelhouse lock` (see the module comment). */
export function normalizedLockArguments(options: readonly GivenOption[], positionals: readonly string[]): string[] {
  const left = options
    .filter((o) => !HEADER_EXCLUDED_OPTIONS.has(o.name))
    .map((o) => (o.value === undefined ? `--${o.name}` : `--${o.name}=${stripUserinfo(o.value)}`));
  const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const unique = [...new Set(left)].sort(byCodePoint);
  const right = positionals.map(stripUserinfo).sort(byCodePoint);
  // A positional argument that starts with "-" needs "--" before it to be read back as one.
  return [...unique, ...(right.some((p) => p.startsWith('-')) ? ['--'] : []), ...right];
}

/** The header's command: `CUSTOM_COMPILE_COMMAND`, or `wheelhouse lock` and the normalized arguments. */
export function lockHeaderCommand(options: readonly GivenOption[], positionals: readonly string[], env: EnvironmentVariables): string {
  return compileCommand(['lock', ...normalizedLockArguments(options, positionals)], env);
}

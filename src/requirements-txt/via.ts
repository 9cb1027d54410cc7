/**
 * The source pip-compile shows in `# via` for a requirement read from a file: pip's
 * `comes_from` without its "(line N)", e.g. "-r requirements.in", "-c constraints.txt".
 */
import type { RequirementsFileEntry } from './types.js';

export function viaSource(entry: Pick<RequirementsFileEntry<unknown>, 'constraint' | 'location'>): string {
  return `${entry.constraint ? '-c' : '-r'} ${entry.location.file}`;
}

/**
 * pip itself as the oracle: the compatible tags `pip debug --verbose` prints for a set of
 * flags, run in an isolated environment (no PIP_* variables, no configuration file).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isolatedPythonEnv, PYTHON } from '../helpers/python.js';

const run = promisify(execFile);

/** The compatible tags `pip debug --verbose` prints (pip's own command, in its own process). */
export function parsePipDebugTags(output: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Compatible tags: '));
  if (start < 0) throw new Error(`pip debug printed no "Compatible tags" line:\n${output}`);
  const count = Number(/^Compatible tags: (\d+)/.exec(lines[start] as string)?.[1]);
  const tags = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith('  ')) break;
    tags.push(l.trim());
  }
  if (tags.length !== count) throw new Error(`pip debug announced ${count} tags and printed ${tags.length}`);
  return tags;
}

export async function pipDebugTags(flags: string[]): Promise<string[]> {
  const { stdout } = await run(PYTHON, ['-m', 'pip', 'debug', '--verbose', ...flags], { env: isolatedPythonEnv(), maxBuffer: 64 << 20 });
  return parsePipDebugTags(stdout);
}


/**
 * Python on the machine as an oracle and as the real client, always isolated from the
 * machine's pip configuration (PIP_* variables dropped, PIP_CONFIG_FILE=/dev/null):
 * this machine's pip is configured with local mirrors that would leak into results.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';

export const PYTHON = process.env['WHEELHOUSE_TEST_PYTHON'] ?? 'python3';

/** The environment every python/pip a test runs must use. */
export function isolatedPythonEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('PIP_')) env[k] = v;
  }
  env['PIP_CONFIG_FILE'] = '/dev/null';
  env['PIP_DISABLE_PIP_VERSION_CHECK'] = '1';
  env['PIP_NO_INPUT'] = '1';
  env['PYTHONDONTWRITEBYTECODE'] = '1';
  return { ...env, ...extra };
}

let available: boolean | undefined;
/** Whether python3 with pip's vendored packaging is on the machine. */
export function hasPython(): boolean {
  if (available === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import pip._vendor.packaging.version'], { env: isolatedPythonEnv() });
    available = r.status === 0;
  }
  return available;
}

/**
 * Runs `script` once, feeding `input` as JSON on stdin; the script prints one JSON
 * value on stdout. Use it to batch thousands of oracle checks into one process.
 */
export async function runPythonJson<T>(script: string, input: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', script], { env: isolatedPythonEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`python exited ${code}: ${Buffer.concat(err).toString()}`));
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString()) as T);
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/** Synchronous one-off: stdout of `python3 -c script`. */
export function pythonOutput(script: string): string {
  return execFileSync(PYTHON, ['-c', script], { env: isolatedPythonEnv(), encoding: 'utf8' });
}

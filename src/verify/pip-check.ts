/**
 * `verify --pip`: the real pip's verdict on a wheelhouse, target by target, isolated from
 * the machine's pip configuration (no PIP_* variables, PIP_CONFIG_FILE=/dev/null).
 *
 * - The host (the target named `host`, or one with exactly the host interpreter's tags): a
 *   fresh venv in a temporary folder, then `pip install --no-index --find-links DIR
 *   --require-hashes -r LOCK`, LOCK being the requirements.txt lock (DIR/requirements.txt),
 *   or, for a pylock.toml without one, a requirements file written from the pins.
 * - Another target: `pip download --no-index --find-links DIR --only-binary=:all: --no-deps
 *   --platform P1 --platform P2 … --python-version X.Y --implementation I --abi A … -d TMP
 *   --require-hashes -r FILE`, one `--platform` per platform tag the target accepts (pip
 *   matches them exactly). FILE holds the pins that apply to the target, without markers:
 *   pip 23.2.1 evaluates requirement markers — and the markers of dependencies — against
 *   the interpreter it runs on, not against `--python-version`/`--platform`, so it would
 *   ask for the host's packages. That is also why `--no-deps`: the dependencies of every
 *   wheel are the static check's job. The target's sdists are left out (pip cannot build
 *   for another machine) and listed in `skipped`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { VerifyError } from '../errors.js';
import type { LockTarget } from '../lockfile/model.js';
import { detectHostTarget } from '../tags/host.js';
import { formatTag } from '../tags/tag.js';
import { pathExists } from '../util/path-exists.js';
import { redactCredentials } from '../util/redact.js';
import type { PipVerdict, VerifyCell, VerifyReport } from './contract.js';
import { PASSING_STATUSES, pinApplies } from './pin-applies.js';
import type { VerifyLock, VerifyPin } from './verify-lock.js';

export interface PipCheckInput {
  dir: string;
  lock: VerifyLock;
  report: VerifyReport;
  python?: string;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** The environment of every pip the verifier runs: the machine's pip configuration left out. */
export function isolatedPipEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PIP_')) env[k] = v;
  env['PIP_CONFIG_FILE'] = '/dev/null';
  env['PIP_DISABLE_PIP_VERSION_CHECK'] = '1';
  env['PIP_NO_INPUT'] = '1';
  env['PYTHONDONTWRITEBYTECODE'] = '1';
  return env;
}

interface RunResult {
  code: number | null;
  output: string;
}

function run(command: string, args: readonly string[], signal: AbortSignal | undefined): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: isolatedPipEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new VerifyError(`cannot run ${command} for the pip check`, { text: command, expected: 'a Python interpreter with pip (--python)', cause: err }));
      } else reject(err);
    });
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function commandText(command: string, args: readonly string[]): string {
  return redactCredentials([command, ...args].map(quote).join(' '));
}

/** The end of pip's output: what explains a failure. */
function tail(output: string, lines = 40): string {
  const all = output.trimEnd().split(/\r?\n/);
  return redactCredentials(all.slice(-lines).join('\n'));
}

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/** pip's flags that describe a lock target: from its tags and marker environment. */
export function pipTargetFlags(target: LockTarget): string[] {
  const tags = target.tags.map((t) => {
    const [interpreter = '', abi = '', platform = ''] = t.split('-');
    return { interpreter, abi, platform };
  });
  const own = tags.find((t) => !t.interpreter.startsWith('py')) ?? tags[0];
  const implementation = own ? own.interpreter.replace(/\d.*$/, '') || 'py' : 'cp';
  const version = target.markerEnvironment.python_version || (own ? own.interpreter.replace(/^[a-z]+/, '').replace(/^(\d)(\d+)$/, '$1.$2') : '');
  const platforms = unique(tags.map((t) => t.platform).filter((p) => p !== 'any' && p !== ''));
  const abis = unique(tags.map((t) => t.abi).filter((a) => a !== 'none' && a !== 'abi3' && a !== ''));
  const flags: string[] = [];
  for (const p of platforms) flags.push('--platform', p);
  if (version !== '') flags.push('--python-version', version);
  flags.push('--implementation', implementation);
  for (const a of abis) flags.push('--abi', a);
  return flags;
}

function hashOptions(pin: VerifyPin): string[] {
  const out: string[] = [];
  for (const [algorithm, digests] of pin.hashes) {
    if (!['sha256', 'sha384', 'sha512'].includes(algorithm)) continue;
    for (const d of [...digests].sort()) out.push(`--hash=${algorithm}:${d}`);
  }
  return out;
}

function pinLine(pin: VerifyPin): string {
  const extras = pin.extras.length > 0 ? `[${pin.extras.join(',')}]` : '';
  return [`${pin.name}${extras}==${pin.version}`, ...hashOptions(pin)].join(' \\\n    ');
}

export async function runPipCheck(input: PipCheckInput): Promise<PipVerdict[]> {
  const python = input.python ?? 'python3';
  const { lock, report, dir } = input;
  let hostTags: string[] | undefined;
  const isHost = async (target: LockTarget): Promise<boolean> => {
    if (target.name === 'host') return true;
    hostTags ??= (await detectHostTarget({ python })).tags.map(formatTag);
    return hostTags.length === target.tags.length && hostTags.every((t, i) => t === target.tags[i]);
  };
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'wheelhouse-verify-'));
  const verdicts: PipVerdict[] = [];
  try {
    for (const [i, target] of lock.targets.entries()) {
      input.signal?.throwIfAborted();
      const cells = report.cells.filter((c) => c.target === target.name);
      const staticOk = cells.every((c) => PASSING_STATUSES.includes(c.status));
      const applicable = lock.pins.filter((p) => {
        try {
          return pinApplies(p, target, lock) && p.direct === undefined;
        } catch {
          return false;
        }
      });
      let verdict: PipVerdict;
      const host = await isHost(target);
      input.onProgress?.(host ? `pip install into a fresh venv (${target.name})` : `pip download for ${target.name}`);
      if (host) {
        verdict = await hostCheck(python, dir, tmp, i, lock, applicable, input.signal);
      } else {
        // Pins whose file for the target is an sdist (whatever else the static check found).
        const needsBuild = new Set(cells.filter((c) => c.file !== undefined && !c.file.endsWith('.whl')).map((c) => `${c.package}==${c.version}`));
        const pins = applicable.filter((p) => !needsBuild.has(`${p.name}==${p.version}`));
        const skipped = applicable.filter((p) => needsBuild.has(`${p.name}==${p.version}`)).map((p) => `${p.name} ${p.version} (an sdist: pip cannot build for ${target.name})`);
        verdict = await foreignCheck(python, dir, tmp, i, target, pins, input.signal);
        if (skipped.length > 0) verdict.skipped = skipped;
      }
      verdict.target = target.name;
      verdict.agrees = verdict.ok === staticOk;
      if (!verdict.agrees) verdict.note = disagreement(verdict, cells, host);
      verdicts.push(verdict);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return verdicts;
}

/** Why pip and the static check disagree, in words. */
function disagreement(verdict: PipVerdict, cells: readonly VerifyCell[], host: boolean): string {
  if (!verdict.ok) return 'pip failed where the static check passed: a bug in wheelhouse, or something only pip sees (its output says what)';
  const seen: string[] = [];
  for (const c of cells) {
    if (PASSING_STATUSES.includes(c.status)) continue;
    const text = c.reasons.join(' ');
    if (c.status === 'corrupt' && /RECORD/.test(text)) seen.push(`${c.package} ${c.version}: pip 23.2.1 installs a wheel without checking its files against RECORD`);
    else if (c.status === 'corrupt' && /\.metadata differs/.test(text)) seen.push(`${c.package} ${c.version}: pip installing from DIR never reads the PEP 658 .metadata files`);
    else if (c.file !== undefined && !c.file.endsWith('.whl') && !host) seen.push(`${c.package} ${c.version}: its sdist is left out of pip's check (pip cannot build for another machine)`);
    else if (c.status === 'unsatisfied-dependency' && !host) seen.push(`${c.package} ${c.version}: pip download for another target runs with --no-deps (it would evaluate dependency markers for this machine)`);
    else seen.push(`${c.package} ${c.version}: ${c.status}`);
  }
  return `the static check is stricter here: ${seen.join('; ')}`;
}

async function hostCheck(python: string, dir: string, tmp: string, i: number, lock: VerifyLock, pins: VerifyPin[], signal: AbortSignal | undefined): Promise<PipVerdict> {
  // The requirements.txt lock being checked; else the wheelhouse's own, written with the
  // pylock.toml being checked; else one written from the pins.
  const lockInDir = lock.lockFile === undefined || path.dirname(lock.lockFile) === path.resolve(dir);
  let requirements = path.join(dir, 'requirements.txt');
  if (lock.format === 'requirements' && lock.lockFile !== undefined) requirements = lock.lockFile;
  else if (!lockInDir || !(await pathExists(requirements))) {
    requirements = path.join(tmp, `requirements-${i}.txt`);
    await writeFile(requirements, pins.map(pinLine).join('\n') + '\n');
  }
  const venv = path.join(tmp, `venv-${i}`);
  const made = await run(python, ['-m', 'venv', venv], signal);
  const venvCommand = commandText(python, ['-m', 'venv', venv]);
  if (made.code !== 0) return { target: '', command: venvCommand, ok: false, output: tail(made.output) };
  const venvPython = process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');
  const args = ['-m', 'pip', 'install', '--no-index', '--find-links', dir, '--require-hashes', '-r', requirements];
  const r = await run(venvPython, args, signal);
  return { target: '', command: commandText(venvPython, args), ok: r.code === 0, output: r.code === 0 ? '' : tail(r.output) };
}

async function foreignCheck(python: string, dir: string, tmp: string, i: number, target: LockTarget, pins: VerifyPin[], signal: AbortSignal | undefined): Promise<PipVerdict> {
  const requirements = path.join(tmp, `requirements-${i}.txt`);
  await writeFile(requirements, pins.map(pinLine).join('\n') + '\n');
  const dest = path.join(tmp, `download-${i}`);
  const args = [
    '-m',
    'pip',
    'download',
    '--no-index',
    '--find-links',
    dir,
    '--only-binary=:all:',
    '--no-deps',
    ...pipTargetFlags(target),
    '-d',
    dest,
    '--require-hashes',
    '-r',
    requirements,
  ];
  if (pins.length === 0) return { target: '', command: commandText(python, args), ok: true, output: 'nothing for pip to download' };
  const r = await run(python, args, signal);
  return { target: '', command: commandText(python, args), ok: r.code === 0, output: r.code === 0 ? '' : tail(r.output) };
}

/**
 * The built CLI as a child process the guarantee tests can kill at a chosen moment and
 * whose peak memory they can read.
 *
 * Peak RSS: the child is started with `--import report-rss.mjs`, which writes the peak
 * of its own address space (VmHWM; see there why not ru_maxrss) in KiB to
 * `WH_TEST_RSS_FILE` when the process exits — the CLI's own peak, taken inside it, with no
 * polling race. (`/usr/bin/time -v` is not on every machine.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, REPO_ROOT } from '../../helpers/cli.js';
import { isolatedPythonEnv } from '../../helpers/python.js';

const RSS_HOOK = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Whether this test killed it (SIGKILL) before it ended by itself. */
  killed: boolean;
  /** Peak resident set size in bytes (with `measureRss`; absent when the process was killed). */
  maxRssBytes?: number;
  /** Wall time from spawn to exit. */
  elapsedMs: number;
}

export interface CliRunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** SIGKILL the process this many milliseconds after it was started. */
  killAfterMs?: number;
  /** Called (once) when the kill is sent, e.g. to note what the server had answered by then. */
  onKill?: () => void;
  measureRss?: boolean;
  /** Modules node preloads into the CLI process (`--import`), e.g. a fault injector. */
  preload?: string[];
  timeoutMs?: number;
}

/** Environment every guarantee test gives the CLI: no netrc of the machine, no user pip config. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { NETRC: path.join(tmpdir(), 'wh-no-such-netrc'), CUSTOM_COMPILE_COMMAND: 'wheelhouse lock requirements.in', ...extra };
}

let rssCounter = 0;

export interface CliHandle {
  child: ChildProcess;
  done: Promise<CliRun>;
  /** SIGKILLs the process now (no-op once it has exited). */
  kill: () => void;
  /** Whether it has exited. */
  exited: () => boolean;
}

export function startCli(args: string[], opts: CliRunOptions = {}): CliHandle {
  const rssFile = opts.measureRss ? path.join(tmpdir(), `wh-rss-${process.pid}-${rssCounter++}`) : undefined;
  const nodeArgs = [...(rssFile ? [RSS_HOOK] : []), ...(opts.preload ?? [])].flatMap((m) => ['--import', m]);
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: isolatedPythonEnv({ ...baseEnv(), ...(opts.env ?? {}), ...(rssFile ? { WH_TEST_RSS_FILE: rssFile } : {}) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => out.push(b));
  child.stderr!.on('data', (b: Buffer) => err.push(b));
  let killed = false;
  let exited = false;
  const kill = () => {
    if (exited || killed) return;
    killed = true;
    opts.onKill?.();
    child.kill('SIGKILL');
  };
  const killTimer = opts.killAfterMs === undefined ? undefined : setTimeout(kill, opts.killAfterMs);
  const guard = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      exited = true;
      if (killTimer) clearTimeout(killTimer);
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      const run: CliRun = {
        code,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        killed: killed && signal === 'SIGKILL',
        elapsedMs: Date.now() - started,
      };
      if (rssFile) {
        try {
          run.maxRssBytes = Number(readFileSync(rssFile, 'utf8')) * 1024;
        } catch {
          // killed before it could report
        }
        rmSync(rssFile, { force: true });
      }
      resolve(run);
    });
  });
  return { child, done, kill, exited: () => exited };
}

/** Runs the CLI to its end (or its kill). */
export function runCliProcess(args: string[], opts: CliRunOptions = {}): Promise<CliRun> {
  return startCli(args, opts).done;
}

export const MB = 1024 * 1024;

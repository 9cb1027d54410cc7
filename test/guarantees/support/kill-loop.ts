/**
 * A loop of CLI runs, each SIGKILLed at a seeded random moment: 15% while node and oclif
 * start (before any request), the rest from the run's first request to past the end of an
 * undisturbed run (the window widens when five runs in a row were killed, so that some
 * runs always finish and the kill also lands while the outputs are written). After each run
 * `check` looks at what it left. Returns where the kills landed.
 */
import type { FaultServer } from '../../helpers/fault-server.js';
import { rng } from '../../pep440/generators.js';
import { startCli, type CliHandle, type CliRun } from './cli-process.js';
import { sleepUntil } from './tree.js';

export interface Landed {
  /** Killed before the server saw a request of the run. */
  beforeAnyRequest: number;
  /** Killed while the server was answering a request. */
  duringRequests: number;
  /** Killed after the first request, with no request in flight (parsing, resolving, writing). */
  betweenRequests: number;
  /** The run ended by itself before the kill. */
  finishedFirst: number;
}

export interface KillLoopOptions {
  runs: number;
  seed: number;
  server: FaultServer;
  /** An undisturbed run's time to its first request, and from there to its end. */
  startupMs: number;
  networkMs: number;
  /** Prepares run `i` (reset outputs, drop cache entries…). */
  before?: (i: number, random: () => number) => Promise<void>;
  start: () => CliHandle;
  /** Checks what run `i` left; `run.killed` says whether it was killed. */
  check: (i: number, run: CliRun, requestsAtKill: number) => Promise<void>;
}

export async function killLoop(o: KillLoopOptions): Promise<Landed> {
  const random = rng(o.seed);
  const landed: Landed = { beforeAnyRequest: 0, duringRequests: 0, betweenRequests: 0, finishedFirst: 0 };
  let window = o.networkMs * 1.05;
  let killedInARow = 0;
  for (let i = 0; i < o.runs; i++) {
    await o.before?.(i, random);
    const requestsBefore = o.server.requests.length;
    const handle = o.start();
    if (random() < 0.15) {
      await endOrDelay(handle, Math.floor(random() * o.startupMs));
    } else {
      await sleepUntil(() => handle.exited() || o.server.requests.length > requestsBefore, 60_000);
      await endOrDelay(handle, Math.floor(random() * window));
    }
    let requestsAtKill = -1;
    let inFlightAtKill = 0;
    if (!handle.exited()) {
      requestsAtKill = o.server.requests.length - requestsBefore;
      inFlightAtKill = o.server.inFlight;
      handle.kill();
    }
    const run = await handle.done;
    killedInARow = run.killed ? killedInARow + 1 : 0;
    if (killedInARow >= 5) window *= 1.2;
    if (!run.killed) landed.finishedFirst++;
    else if (requestsAtKill === 0) landed.beforeAnyRequest++;
    else if (inFlightAtKill > 0) landed.duringRequests++;
    else landed.betweenRequests++;
    await o.check(i, run, requestsAtKill);
  }
  return landed;
}

/** Waits `ms`, or less when the process ends first (no polling: the CLI gets the CPU). */
async function endOrDelay(handle: CliHandle, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([handle.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Adds up the counts of several loops. */
export function sumCounts<T extends object>(parts: readonly T[]): T {
  const out = {} as Record<string, number>;
  for (const p of parts) for (const [k, v] of Object.entries(p)) out[k] = (out[k] ?? 0) + (v as number);
  return out as T;
}

/** Measures an undisturbed run: time to its first request, and from there to its end. */
export async function timeRun(server: FaultServer, start: () => CliHandle): Promise<{ run: CliRun; startupMs: number; networkMs: number }> {
  const requestsBefore = server.requests.length;
  const t0 = Date.now();
  const handle = start();
  await sleepUntil(() => handle.exited() || server.requests.length > requestsBefore, 60_000);
  const startupMs = Date.now() - t0;
  const run = await handle.done;
  return { run, startupMs, networkMs: Math.max(100, run.elapsedMs - startupMs) };
}

export { startCli };

/**
 * Resolver conformance: packse's scenarios (scenarios/README.md), each served on loopback
 * from an index our fixture generator writes, locked with `resolveLock` through the real
 * index client (`createPackageIndex`) and judged independently (support/judge.ts). The 41 universal scenarios are skipped: `--universal` is not built.
 * KNOWN_FAILURES.md lists every scenario expected to fail, with the reason; the suite
 * fails when another one fails, and when a listed one starts to pass.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPackageIndex, type PackageIndexClient } from '../../src/index/client/index.js';
import { HttpClient } from '../../src/index/http/index.js';
import type { BuiltIndex } from './support/build-index.js';
import { buildIndexes, runScenarios, type ScenarioRun } from './support/run.js';
import { isUniversal, loadScenarios } from './support/scenario.js';
import { serveFolder, type StaticServer } from './support/static-server.js';

const scenarios = loadScenarios();
const universal = scenarios.filter(isUniversal);
const runnable = scenarios.filter((s) => !isUniversal(s));

/** `- \`name\` — reason` lines of KNOWN_FAILURES.md. */
function knownFailures(): Map<string, string> {
  const text = readFileSync(new URL('./KNOWN_FAILURES.md', import.meta.url), 'utf8');
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^- `([^`]+)` — (.+)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}
const known = knownFailures();

let dir: string;
let server: StaticServer;
let built: Map<string, BuiltIndex>;
let runs: Map<string, ScenarioRun>;
/** One HTTP client (connections, no cache) for every scenario's index client. */
let http: HttpClient;
const clients: PackageIndexClient[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wheelhouse-conformance-'));
  built = await buildIndexes(runnable, dir);
  server = await serveFolder(dir);
  http = new HttpClient({ noCache: true, retries: 0, netrc: false, env: {} });
  runs = await runScenarios(runnable, built, (s) => {
    const index = createPackageIndex({ indexUrl: `${server.url}/${s.name}/simple/`, client: http });
    clients.push(index);
    return index;
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await http?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('packse conformance', () => {
  it('has the corpus: 150 scenarios, 109 of them not universal', () => {
    expect(scenarios).toHaveLength(150);
    expect(runnable).toHaveLength(109);
  });

  it('passes at least 104 of the 109 non-universal scenarios, and fails exactly those in KNOWN_FAILURES.md', () => {
    const failed = [...runs].filter(([, r]) => !r.outcome.pass).map(([name, r]) => `${name}: ${r.outcome.detail}`);
    const passed = runnable.length - failed.length;
    const unexpected = failed.filter((f) => !known.has(f.slice(0, f.indexOf(':'))));
    const fixed = [...known.keys()].filter((name) => runs.get(name)?.outcome.pass);
    expect({ unexpected, fixed }).toEqual({ unexpected: [], fixed: [] });
    expect(passed).toBeGreaterThanOrEqual(104);
  });

  it('read every metadata from the PEP 658 files the indexes offer, and downloaded no distribution', () => {
    const total = { metadataFile: 0, rangeRead: 0, wholeFile: 0, downloads: 0 };
    for (const c of clients) {
      const st = c.stats();
      total.metadataFile += st.metadata.metadataFile;
      total.rangeRead += st.metadata.rangeRead;
      total.wholeFile += st.metadata.wholeFile;
      total.downloads += st.requests.download;
    }
    expect(total.metadataFile).toBeGreaterThan(100);
    expect({ ...total, metadataFile: 0 }).toEqual({ metadataFile: 0, rangeRead: 0, wholeFile: 0, downloads: 0 });
  });

  it('lists only scenarios of the corpus in KNOWN_FAILURES.md', () => {
    const names = new Set(runnable.map((s) => s.name));
    expect([...known.keys()].filter((n) => !names.has(n))).toEqual([]);
  });

  describe.each(runnable.map((s) => [s.name, s] as const))('%s', (name, s) => {
    const reason = known.get(name);
    it(reason === undefined ? `${s.expected.satisfiable ? 'resolves' : 'is unsatisfiable'} as expected` : `fails as known: ${reason}`, () => {
      const run = runs.get(name)!;
      if (reason === undefined) expect(run.outcome.detail).toBe('');
      else expect(run.outcome.pass).toBe(false);
    });
  });

  it.skip.each(universal.map((s) => s.name))('%s (universal: --universal is not built)', () => {});
});

/**
 * A generated index (test/e2e/support/local-index.ts: wheels, sdists, PEP 658 `.metadata`,
 * a static PEP 503 tree) served by the fault server (test/helpers/fault-server.ts) on
 * 127.0.0.1, so a test can add latency to every answer, script faults on chosen paths, or
 * stop the server mid-run.
 *
 *     /simple/<project>/   the project pages (text/html)
 *     /files/<file>        wheels, sdists and their .metadata
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PackageSpec } from '../../../fixtures/generator/index.js';
import { FaultServer, type Reply } from '../../helpers/fault-server.js';
import { writeLocalIndex, type LocalIndex } from '../../e2e/support/local-index.js';

export interface ServedIndex {
  server: FaultServer;
  local: LocalIndex;
  /** The index URL to give `--index-url`. */
  indexUrl: string;
  /** Project page paths on the server, e.g. `/simple/demo/`. */
  pagePaths: string[];
  /** File paths on the server, e.g. `/files/demo-1.0-py3-none-any.whl`. */
  filePaths: string[];
}

export interface ServeOptions {
  /** Every answer waits this long before its headers (a slow index, so a kill lands mid-run). */
  latencyMs?: number;
  /** More options for every answer (e.g. `bytesPerSecond`). */
  reply?: Reply;
  /** Serve over an existing server (e.g. one with TLS). */
  server?: FaultServer;
}

/** Writes the index of `specs` under `dir` and serves it. */
export async function serveIndex(dir: string, specs: readonly PackageSpec[], options: ServeOptions = {}): Promise<ServedIndex> {
  const local = await writeLocalIndex(dir, specs);
  return serveWrittenIndex(local, options);
}

/** Serves an index written by writeLocalIndex. */
export async function serveWrittenIndex(local: LocalIndex, options: ServeOptions = {}): Promise<ServedIndex> {
  const server = options.server ?? (await FaultServer.start());
  const common: Reply = { ...(options.latencyMs ? { stallHeaders: options.latencyMs } : {}), ...(options.reply ?? {}) };
  const pagePaths: string[] = [];
  const simple = path.join(local.dir, 'simple');
  for (const project of await readdir(simple, { withFileTypes: true })) {
    if (!project.isDirectory()) continue;
    const body = await readFile(path.join(simple, project.name, 'index.html'));
    const p = `/simple/${project.name}/`;
    server.route(p, { ...common, body, contentType: 'text/html' });
    pagePaths.push(p);
  }
  server.serveDirectory('/files/', local.files, common);
  const filePaths = (await readdir(local.files)).map((f) => `/files/${f}`);
  return { server, local, indexUrl: server.url('/simple/'), pagePaths, filePaths };
}

/** The demo dependency graph the guarantee tests lock: 9 projects, 16 versions, wheels and an sdist. */
export const GRAPH: PackageSpec[] = [
  { name: 'app', version: '1.0', requiresDist: ['web>=2', 'cli-tools', 'dataio[fast]'] },
  { name: 'web', version: '1.0', requiresDist: ['core'] },
  { name: 'web', version: '2.0', requiresDist: ['core>=1.1', 'templating'] },
  { name: 'web', version: '2.1', requiresDist: ['core>=1.1', 'templating>=2'] },
  { name: 'core', version: '1.0' },
  { name: 'core', version: '1.1' },
  { name: 'core', version: '1.2', sdist: 'in-tree' },
  { name: 'templating', version: '1.0' },
  { name: 'templating', version: '2.0', requiresDist: ['markup'] },
  { name: 'markup', version: '3.0' },
  { name: 'cli-tools', version: '0.9', requiresDist: ['core'] },
  { name: 'cli-tools', version: '1.0', requiresDist: ['core', 'colors ; sys_platform == "win32"'] },
  { name: 'colors', version: '0.4', wheelTags: ['py3-none-any'] },
  { name: 'dataio', version: '1.0', extras: { fast: ['speedups'] }, requiresDist: ['core'] },
  { name: 'speedups', version: '1.0', wheelTags: ['cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64', 'cp312-cp312-win_amd64'] },
  { name: 'speedups', version: '0.9', sdist: 'in-tree' },
];

/** The targets the guarantee tests lock for: two machines, so locks have markers. */
export const TARGETS = ['--target', 'cp312-manylinux_2_17_x86_64', '--target', 'cp312-win_amd64'];

/**
 * `npm run bench:lock`: locks a real requirement set (default: `jupyter`, 97 packages)
 * for the host, through the machine's PyPI mirror served like PyPI (PEP 503 pages, PEP 658
 * metadata, Range requests) by ../shared/bench/serve.py with a delay per request, and
 * prints the time taken and the requests made. Not a test: nothing is asserted.
 *
 *   npm run bench:lock                          jupyter, 20 ms per request
 *   npm run bench:lock -- flask-stack 0         another set, no delay
 *
 * Goes through the real index client (`createPackageIndex`, no cache: a cold lock). Needs
 * the mirror (test/helpers/mirror.ts finds it) and serve.py (beside this project in
 * ../shared/bench, or named by WHEELHOUSE_BENCH_SERVE).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { resolveLock } from '../src/resolver/index.js';
import { detectHostTarget } from '../src/tags/host.js';
import { MIRROR_ABSENT, mirrorRoots } from '../test/helpers/mirror.js';
import { PYTHON, isolatedPythonEnv } from '../test/helpers/python.js';
import { createPackageIndex } from '../src/index/client/index.js';
import { lockRequest } from '../test/resolver/support/lock-request.js';

/** From ../shared/bench/sets.json. */
const SETS: Record<string, string[]> = {
  'flask-stack': ['flask', 'redis', 'requests', 'gunicorn'],
  sphinx: ['sphinx'],
  transformers: ['transformers'],
  'data-stack': ['pandas', 'matplotlib', 'scikit-learn', 'seaborn', 'statsmodels'],
  'web-stack': ['fastapi', 'uvicorn[standard]', 'sqlalchemy', 'alembic', 'httpx[http2]', 'python-dotenv'],
  'dev-tools': ['black', 'mypy', 'pytest', 'pytest-cov', 'ruff', 'isort', 'flake8'],
  jupyter: ['jupyter'],
  'jupyterlab-plot': ['jupyterlab', 'ipython', 'matplotlib', 'plotly'],
};

function findServe(): string | undefined {
  const env = process.env['WHEELHOUSE_BENCH_SERVE'];
  if (env !== undefined) return env;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'shared', 'bench', 'serve.py');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

async function main(): Promise<void> {
  const set = process.argv[2] ?? 'jupyter';
  const latency = Number(process.argv[3] ?? '20');
  const lines = SETS[set];
  if (lines === undefined) throw new Error(`unknown set ${set}; one of ${Object.keys(SETS).join(', ')}`);
  const roots = mirrorRoots();
  if (roots.length === 0) {
    console.log(MIRROR_ABSENT);
    return;
  }
  const serve = findServe();
  if (serve === undefined) {
    console.log('SKIPPED: ../shared/bench/serve.py not found (set WHEELHOUSE_BENCH_SERVE)');
    return;
  }
  const args = [serve, ...roots.flatMap((r) => ['--root', `${r.name}=${r.folder}`]), '--latency-ms', String(latency)];
  const server = spawn(PYTHON, args, { env: isolatedPythonEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      server.once('error', reject);
      server.once('exit', (code) => reject(new Error(`serve.py exited ${code}`)));
      createInterface({ input: server.stdout! }).once('line', (line) => resolve(line.trim()));
    });
    const host = await detectHostTarget({ env: isolatedPythonEnv() });
    // Cold: no cache, as the first lock of a project; the two mirror indexes merged as pip merges them.
    const urls = roots.map((r) => `${base}/${r.name}/simple/`);
    const index = createPackageIndex({
      indexUrl: urls[0]!,
      extraIndexUrls: urls.slice(1),
      indexStrategy: 'unsafe-best-match',
      noCache: true,
      http: { netrc: false, env: {} },
    });
    try {
      const start = performance.now();
      const { lock } = await resolveLock(lockRequest(lines, { targets: [host] }), index);
      const seconds = (performance.now() - start) / 1000;
      const server = (await (await fetch(`${base}/_stats`)).json()) as Record<string, number>;
      const total = Object.values(server).reduce((a, b) => a + b, 0);
      const st = index.stats();
      console.log(`set ${set}: ${lock.packages.length} packages locked for ${host.name} (${host.interpreter}) in ${seconds.toFixed(2)} s at ${latency} ms per request`);
      console.log(`server: ${total} requests (${Object.entries(server).sort().map(([k, v]) => `${k} ${v}`).join(', ')})`);
      console.log(
        `client: pages ${st.pages.requests} (404: ${st.pages.notFound}), metadata files ${st.metadata.metadataFile}, range reads ${st.metadata.rangeRead}, whole files ${st.metadata.wholeFile}; ` +
          `bytes: pages ${st.pages.bytes}, metadata ${st.bytes.metadataFile}, ranges ${st.bytes.range}, downloads ${st.bytes.download}`,
      );
    } finally {
      await index.close();
    }
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

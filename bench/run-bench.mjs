#!/usr/bin/env node
/**
 * `npm run bench`: wheelhouse beside pip 23.2.1 on the machine's PyPI mirror (issue 6).
 *
 * Builds the project, then runs ../shared/bench/run.py (beside this checkout or one of its
 * parent folders; or the folder named by WHEELHOUSE_BENCH_DIR) with our `lock` — and our `download` once the build has that
 * command — both with `--index-strategy unsafe-best-match` (pip merges the mirror's two
 * indexes). Defaults: `--latency 0 20 --runs 3 --warm` over every set of sets.json; any
 * arguments replace them and go to run.py as they are:
 *
 *   npm run bench                                        the full run (several minutes)
 *   npm run bench -- --sets jupyter --latency 20 --runs 1 --warm
 *
 * Then a request audit: each set locked once more by us, cold, against serve.py without
 * delay, with the server's request counters by kind beside the number of packages locked.
 *
 * The table, the audit and the machine's description (CPU, cores, RAM, kernel, Node, Python,
 * pip, date) replace the part of bench/RESULTS.md between the `bench:begin` and `bench:end`
 * markers; the rest of the file (the analysis) is kept. Not a test: nothing is asserted,
 * but a failed command or a missing mirror or bench folder ends it with exit code 1.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'RESULTS.md');
const BEGIN = '<!-- bench:begin (written by npm run bench; edits here are replaced) -->';
const END = '<!-- bench:end -->';
const PYTHON = process.env['WHEELHOUSE_BENCH_PYTHON'] ?? 'python3';
const DEFAULT_ARGS = ['--latency', '0', '20', '--runs', '3', '--warm'];

class BenchError extends Error {}

/** ../shared/bench beside the checkout (a worktree may sit deeper: the nearest ancestor's). */
function benchDir() {
  let dir = process.env['WHEELHOUSE_BENCH_DIR'];
  for (let up = path.dirname(ROOT); dir === undefined; up = path.dirname(up)) {
    if (existsSync(path.join(up, 'shared', 'bench', 'run.py'))) dir = path.join(up, 'shared', 'bench');
    else if (path.dirname(up) === up) dir = path.resolve(ROOT, '..', 'shared', 'bench');
  }
  for (const f of ['run.py', 'serve.py', 'mirror.py', 'sets.json']) {
    if (!existsSync(path.join(dir, f))) {
      throw new BenchError(`the benchmark is not beside this checkout: ${path.join(dir, f)} is missing (check out the project next to ../shared, or set WHEELHOUSE_BENCH_DIR to the folder holding run.py)`);
    }
  }
  return dir;
}

/** python3 env without the machine's pip configuration, as run.py runs pip. */
function isolatedEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIP_')));
  return { ...env, PIP_CONFIG_FILE: '/dev/null', PIP_NO_INPUT: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
}

/** NAME=FOLDER of the mirror's indexes (mirror.py reads the machine's pip configuration). */
function mirrorRoots(dir) {
  const r = spawnSync(PYTHON, [path.join(dir, 'mirror.py')], { encoding: 'utf8' });
  const roots = r.status === 0 ? r.stdout.split('\n').filter((l) => l.includes('=')) : [];
  if (roots.length < 2) {
    throw new BenchError(`the machine has no local PyPI mirror (python3 ${path.join(dir, 'mirror.py')} finds ${roots.length === 0 ? 'none' : 'only one index'}); the benchmark needs its two indexes`);
  }
  return roots;
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new BenchError(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: isolatedEnv() }).trim();
  } catch {
    return 'unknown';
  }
}

function machine(loadBefore) {
  const cpus = os.cpus();
  const load = (l) => l.map((x) => x.toFixed(1)).join(' ');
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  return [
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores (os.availableParallelism ${os.availableParallelism()}), shared with other work`,
    `- RAM: ${gib} GiB; ${os.type()} ${os.release()} ${os.arch()}`,
    `- Node ${process.version}; ${output(PYTHON, ['--version'])}; ${output(PYTHON, ['-m', 'pip', '--version']).replace(/ from .*? \(/, ' (')}`,
    `- Load average (1, 5, 15 min) at the start: ${load(loadBefore)}; at the end: ${load(os.loadavg())} — other work shares the cores, so absolute times vary between runs`,
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  ].join('\n');
}

/** Whether the build has a command (from the oclif manifest). */
function hasCommand(name) {
  try {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8'));
    return manifest.commands?.[name] !== undefined;
  } catch {
    return existsSync(path.join(ROOT, 'dist', 'commands', `${name}.js`));
  }
}

/**
 * The interpreter run.py runs pip with (its sys.executable): our host is described by the
 * same one. Through python3 on PATH it may be a version manager's shim (pyenv's costs a
 * quarter of a second before Python starts), which pip, started directly, does not pay.
 */
function hostPython() {
  const exe = output(PYTHON, ['-c', 'import sys; print(sys.executable)']);
  if (exe === 'unknown' || !path.isAbsolute(exe)) throw new BenchError(`${PYTHON} does not tell its sys.executable`);
  return exe;
}

function templates(python) {
  const bin = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'bin', 'run.js'))}`;
  const index = '--index-url {index_url} --extra-index-url {extra_index_url} --index-strategy unsafe-best-match';
  const lock = `${bin} lock {requirements} ${index} --python ${JSON.stringify(python)} --output-file {output} --cache-dir {cache_dir} --quiet`;
  const download = hasCommand('download') ? `${bin} download {lock} ${index} --python ${JSON.stringify(python)} -d {dest} --cache-dir {cache_dir} --quiet` : undefined;
  return { lock, download };
}

/** run.py, its table echoed as it comes; returns stdout. */
function runPy(dir, args, t) {
  const argv = [path.join(dir, 'run.py'), '--cmd-lock', t.lock, ...(t.download ? ['--cmd-download', t.download] : []), '--cwd', ROOT, ...args];
  const r = spawnSync(PYTHON, argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  process.stdout.write(r.stdout ?? '');
  if (r.status !== 0) throw new BenchError(`run.py failed (exit ${r.status ?? r.signal})`);
  return r.stdout;
}

/** Starts serve.py (no delay); resolves with its base URL and a stop function. */
async function startServer(dir, roots) {
  const args = [path.join(dir, 'serve.py'), ...roots.flatMap((r) => ['--root', r]), '--latency-ms', '0'];
  const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'inherit'], env: isolatedEnv() });
  const url = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new BenchError(`serve.py exited ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(line.trim()));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Each set locked once, cold, against serve.py: the server's counters by kind. */
async function requestAudit(dir, roots, sets, python) {
  const server = await startServer(dir, roots);
  const work = mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-bench-audit-'));
  const rows = [];
  try {
    for (const name of sets) {
      const req = path.join(work, `${name}.in`);
      writeFileSync(req, JSON.parse(readFileSync(path.join(dir, 'sets.json'), 'utf8'))[name].join('\n') + '\n');
      await fetch(`${server.url}/_reset`).then((r) => r.text());
      const out = path.join(work, `${name}.txt`);
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'lock', req, '--index-url', `${server.url}/${roots[0].split('=')[0]}/simple`,
        '--extra-index-url', `${server.url}/${roots[1].split('=')[0]}/simple`, '--index-strategy', 'unsafe-best-match', '--python', python, '--output-file', out,
        '--cache-dir', path.join(work, `cache-${name}`), '--quiet'], { encoding: 'utf8', env: isolatedEnv() });
      const stats = await fetch(`${server.url}/_stats`).then((x) => x.json());
      if (r.status !== 0) {
        rows.push(`| ${name} | lock failed: ${(r.stderr ?? '').trim().split('\n').pop()} | | | | |`);
        continue;
      }
      const packages = (readFileSync(out, 'utf8').match(/^[a-z0-9][^\s=]*==/gim) ?? []).length;
      const pages = (stats['page-json'] ?? 0) + (stats['page-html'] ?? 0);
      const others = Object.entries(stats).filter(([k]) => !['page-json', 'page-html', '404', 'metadata'].includes(k)).map(([k, v]) => `${k} ${v}`).join(', ') || '0';
      rows.push(`| ${name} | ${packages} | ${pages} + ${stats['404'] ?? 0} not found | ${stats['metadata'] ?? 0} | ${others} | ${Object.values(stats).reduce((a, b) => a + b, 0)} |`);
    }
  } finally {
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return [
    '| set | packages locked | pages (found + 404) | PEP 658 metadata | other (files, ranges) | total |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function writeResults(section) {
  const block = `${BEGIN}\n${section}\n${END}`;
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n\n';
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  text = a !== -1 && b > a ? text.slice(0, a) + block + text.slice(b + END.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS, text);
}

async function main() {
  const dir = benchDir();
  const roots = mirrorRoots(dir);
  const args = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_ARGS;
  run('npm', ['run', 'build'], { cwd: ROOT });
  const loadBefore = os.loadavg();
  const python = hostPython();
  const t = templates(python);
  const table = runPy(dir, args, t);
  const setsIndex = args.indexOf('--sets');
  const allSets = Object.keys(JSON.parse(readFileSync(path.join(dir, 'sets.json'), 'utf8')));
  const sets = [];
  if (setsIndex !== -1) for (const a of args.slice(setsIndex + 1)) { if (a.startsWith('--')) break; sets.push(a); }
  if (sets.length === 0) sets.push(...allSets);
  console.log('\nrequest audit (our lock, cold, no delay):');
  const audit = await requestAudit(dir, roots, sets, python);
  console.log(audit);
  const section = [
    '## Latest `npm run bench`',
    '',
    machine(loadBefore),
    `- Arguments to run.py: \`${args.join(' ')}\``,
    `- Commands: lock${t.download ? ' and download' : ' only (this build has no `download` command yet)'}, with \`--index-strategy unsafe-best-match\` and \`--python ${python}\` (the interpreter run.py runs pip with describes the host)`,
    '',
    '```',
    table.trimEnd(),
    '```',
    '',
    'Request audit — each set locked once more by us, cold, against serve.py without delay (the server\'s counters):',
    '',
    audit,
  ].join('\n');
  writeResults(section);
  console.log(`\nwritten to ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
}

main().catch((err) => {
  console.error(err instanceof BenchError ? `bench: ${err.message}` : err);
  process.exitCode = 1;
});

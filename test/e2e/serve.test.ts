/**
 * `wheelhouse serve` through the built CLI, as a user runs it: started with --port 0, the
 * URL read from stdout, real pip (isolated) downloading from it in hash-checking mode, a
 * Range request answered with the right bytes, and SIGTERM ending it with exit code 0.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePackages, type WrittenFile } from '../../fixtures/generator/index.js';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { hasPython, isolatedPythonEnv, PYTHON } from '../helpers/python.js';

let root: string;
let written: WrittenFile[];
let child: ChildProcess;
let url: string;
let stderr = '';
const exited = { code: null as number | null, signal: null as NodeJS.Signals | null, done: undefined as Promise<void> | undefined };

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wh-e2e-serve-'));
  written = await writePackages(
    [
      { name: 'alpha', version: '1.0', requiresDist: ['beta'] },
      { name: 'Beta.Thing', version: '2.0', payloadBytes: 200_000 },
    ],
    path.join(root, 'wheelhouse'),
  );
  child = spawn(process.execPath, [CLI, 'serve', path.join(root, 'wheelhouse'), '--port', '0'], { cwd: REPO_ROOT, env: isolatedPythonEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  exited.done = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited.code = code;
      exited.signal = signal;
      resolve();
    }),
  );
  // Ready: the URL on stdout and the summary on stderr (two pipes, in either order).
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const check = (): void => {
      const nl = out.indexOf('\n');
      if (nl >= 0 && stderr.includes('\n')) resolve(out.slice(0, nl));
    };
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      check();
    });
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
      check();
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
});
afterAll(async () => {
  if (exited.code === null && exited.signal === null) {
    child.kill('SIGKILL');
    await exited.done;
  }
  await rm(root, { recursive: true, force: true });
});

describe('wheelhouse serve (built CLI)', () => {
  it('prints the index URL alone on stdout', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/simple\/$/);
    expect(stderr).toContain('Serving 2 files of 2 projects');
  });

  it.skipIf(!hasPython())('real pip downloads from it in hash-checking mode', async () => {
    const dest = path.join(root, 'downloaded');
    const reqs = path.join(root, 'requirements.txt');
    await writeFile(reqs, written.map((w) => `${w.fileName.startsWith('alpha') ? 'alpha==1.0' : 'beta-thing==2.0'} --hash=sha256:${w.sha256}`).join('\n') + '\n');
    const r = spawnSync(PYTHON, ['-m', 'pip', 'download', '--no-deps', '--require-hashes', '--index-url', url, '-d', dest, '-r', reqs], {
      env: isolatedPythonEnv(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect((await readdir(dest)).sort()).toEqual(written.map((w) => w.fileName).sort());
    for (const w of written) expect(readFileSync(path.join(dest, w.fileName)).equals(readFileSync(w.path))).toBe(true);
  });

  it('answers a Range request with 206 and the right bytes', async () => {
    const w = written.find((x) => x.fileName.startsWith('beta'))!;
    const res = await fetch(new URL(`../files/${w.fileName}`, url), { headers: { range: 'bytes=1000-1999' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1000-1999/${w.size}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(w.path).subarray(1000, 2000))).toBe(true);
  });

  it('exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM');
    await exited.done;
    expect(exited.code).toBe(0);
    expect(stderr).toContain('SIGTERM');
  });
});

/**
 * The build pipeline with the downloader and the verifier replaced by recorders: what the
 * lock stage writes and what the later stages are asked, against the demo's local index.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INDEX } from '../../fixtures/demo/generate.js';
import { buildWheelhouse, planBuild, type BuildStages } from '../../src/build/index.js';
import { parseConfig } from '../../src/config/index.js';
import type { DownloadRequest } from '../../src/download/contract.js';
import { downloadWheelhouse } from '../../src/download/index.js';
import type { VerifyRequest } from '../../src/verify/contract.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wh-build-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recorder(ok = true): { stages: BuildStages; downloads: DownloadRequest[]; verifies: VerifyRequest[] } {
  const downloads: DownloadRequest[] = [];
  const verifies: VerifyRequest[] = [];
  return {
    downloads,
    verifies,
    stages: {
      download: async (request) => {
        downloads.push(request);
        return { dest: request.dest, files: [], needsBuild: [], bytesDownloaded: 0, written: [], warnings: [] };
      },
      verify: async (request) => {
        verifies.push(request);
        return { dir: request.dir, targets: [...(request.targets ?? [])], cells: [], unused: [], ok };
      },
    },
  };
}

const CONFIG = (extra = '') => `
requirements: ["demo-app[cli]"]
index-url: ${path.join(DEMO_INDEX, 'simple')}
find-links: []
targets: [cp311-manylinux_2_17_x86_64, cp312-win_amd64]
no-binary: [demo-fastmath]
lock: {path: out/requirements.txt}
wheelhouse: {dir: out/house, index: true}
concurrency: 2
verify: {pip: true, python: python3}
${extra}`;

describe('buildWheelhouse', () => {
  it('locks for every target, writes the lockfile, then asks the downloader and the verifier', async () => {
    const config = parseConfig(CONFIG(), path.join(dir, 'wheelhouse.yaml'));
    const plan = planBuild(config, { 'no-cache': true }, { cwd: dir, env: {} });
    const stages: string[] = [];
    const { stages: fake, downloads, verifies } = recorder();
    const result = await buildWheelhouse(plan, fake, { env: { CUSTOM_COMPILE_COMMAND: '' }, onStage: (s) => stages.push(s) });
    expect(stages).toEqual(['lock', 'download', 'verify']);
    expect(result.ok).toBe(true);
    expect(result.targets).toEqual(['cp311-manylinux_2_17_x86_64', 'cp312-win_amd64']);
    const names = result.lock.packages.map((p) => p.name).sort();
    expect(names).toEqual(['demo-app', 'demo-certs', 'demo-cli', 'demo-colors', 'demo-fastmath', 'demo-http']);

    const text = await readFile(path.join(dir, 'out', 'requirements.txt'), 'utf8');
    expect(text).toContain('#    wheelhouse build --config ../wheelhouse.yaml\n');
    expect(text).toMatch(/^demo-app==1\.0\.0 \\$/m);
    expect(text).toMatch(/--hash=sha256:[0-9a-f]{64}/);

    expect(downloads).toHaveLength(1);
    const d = downloads[0]!;
    expect(d.dest).toBe(path.join(dir, 'out', 'house'));
    expect(d.lock).toBe(result.lock);
    expect(d.writeIndex).toBe(true);
    expect(d.buildDeps).toBe(true);
    expect(d.concurrency).toBe(2);
    expect([...(d.formatControl?.noBinary ?? [])]).toEqual(['demo-fastmath']);

    expect(verifies).toEqual([
      { dir: path.join(dir, 'out', 'house'), lock: result.lock, lockPath: path.join(dir, 'out', 'house', 'requirements.txt'), targets: ['cp311-manylinux_2_17_x86_64', 'cp312-win_amd64'], pip: true, python: 'python3' },
    ]);
  });

  it('reports the verifier\'s verdict', async () => {
    const config = parseConfig(CONFIG(), path.join(dir, 'wheelhouse.yaml'));
    const plan = planBuild(config, { 'no-cache': true }, { cwd: dir, env: {} });
    const result = await buildWheelhouse(plan, recorder(false).stages, { env: {} });
    expect(result.ok).toBe(false);
  });

  it('a lock that fails leaves the lockfile as it was and runs no other stage', async () => {
    const config = parseConfig(CONFIG().replace('"demo-app[cli]"', '"demo-app>=9"'), path.join(dir, 'wheelhouse.yaml'));
    await writeFile(path.join(dir, 'out', 'requirements.txt'), 'previous\n');
    const plan = planBuild(config, { 'no-cache': true }, { cwd: dir, env: {} });
    const { stages, downloads, verifies } = recorder();
    await expect(buildWheelhouse(plan, stages, { env: {} })).rejects.toMatchObject({ code: 'E_RESOLUTION' });
    expect(await readFile(path.join(dir, 'out', 'requirements.txt'), 'utf8')).toBe('previous\n');
    expect(downloads).toEqual([]);
    expect(verifies).toEqual([]);
  });

  it('keeps the pins of the existing lockfile unless --upgrade', async () => {
    const config = parseConfig(CONFIG(), path.join(dir, 'wheelhouse.yaml'));
    await writeFile(path.join(dir, 'out', 'requirements.txt'), 'demo-http==2.0.0\n');
    const kept = await buildWheelhouse(planBuild(config, { 'no-cache': true }, { cwd: dir, env: {} }), recorder().stages, { env: {} });
    expect(kept.lock.packages.find((p) => p.name === 'demo-http')?.version).toBe('2.0.0');
    const upgraded = await buildWheelhouse(planBuild(config, { 'no-cache': true, upgrade: true }, { cwd: dir, env: {} }), recorder().stages, { env: {} });
    expect(upgraded.lock.packages.find((p) => p.name === 'demo-http')?.version).toBe('2.1.0');
  });

  it('without requirements: requirements.in beside the file, as lock looks for it', async () => {
    const sub = await mkdtemp(path.join(dir, 'defaults-'));
    await writeFile(path.join(sub, 'requirements.in'), 'demo-certs\n');
    const config = parseConfig(`index-url: ${path.join(DEMO_INDEX, 'simple')}\nfind-links: []\ntargets: [cp312-win_amd64]\n`, path.join(sub, 'wheelhouse.yaml'));
    const result = await buildWheelhouse(planBuild(config, { 'no-cache': true }, { cwd: dir, env: {} }), recorder().stages, { env: {} });
    expect(result.lock.packages.map((p) => p.name)).toEqual(['demo-certs']);
    expect(result.lockFile).toBe(path.join(sub, 'requirements.txt'));
    expect(await readFile(path.join(sub, 'requirements.txt'), 'utf8')).toContain('# via -r requirements.in');
  });

  it('with the real downloader: the wheelhouse holds the file of every package for each target, and its own lock files', async () => {
    const sub = await mkdtemp(path.join(dir, 'real-download-'));
    const config = parseConfig(CONFIG().replace('no-binary: [demo-fastmath]\n', ''), path.join(sub, 'wheelhouse.yaml'));
    const { verifies } = recorder();
    const result = await buildWheelhouse(planBuild(config, { 'no-cache': true }, { cwd: sub, env: {} }), {
      download: downloadWheelhouse,
      verify: async (request) => {
        verifies.push(request);
        return { dir: request.dir, targets: [...(request.targets ?? [])], cells: [], unused: [], ok: true };
      },
    });
    const files = (await readdir(path.join(sub, 'out', 'house'))).filter((f) => f.endsWith('.whl')).sort();
    expect(files).toEqual([
      'demo_app-1.0.0-py3-none-any.whl',
      'demo_certs-2024.1-py2.py3-none-any.whl',
      'demo_cli-0.9.0-py3-none-any.whl',
      'demo_colors-1.0.0-py3-none-any.whl',
      'demo_fastmath-1.2.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
      'demo_fastmath-1.2.0-cp312-cp312-win_amd64.whl',
      'demo_http-2.1.0-py3-none-any.whl',
    ]);
    expect(result.download.written).toEqual(expect.arrayContaining(['requirements.txt', 'pylock.toml', 'manifest.json']));
    const colors = result.download.files.find((f) => f.package === 'demo-colors');
    expect(colors?.targets).toEqual(['cp311-manylinux_2_17_x86_64', 'cp312-win_amd64']);
    expect(verifies[0]?.lockPath).toBe(path.join(sub, 'out', 'house', 'requirements.txt'));
  });
});

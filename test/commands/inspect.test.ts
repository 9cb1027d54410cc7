import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostileWheel, writePackage, writePackages } from '../../fixtures/generator/index.js';
import { startServer, type RunningServer } from '../../src/serve/index.js';
import { runCli } from '../helpers/cli.js';
import { debianWheels, ensurepipWheels } from '../helpers/real-wheels.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wh-inspect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const real = [...debianWheels(), ...ensurepipWheels()];
const pipWheel = real.find((f) => path.basename(f).startsWith('pip-'));
if (!pipWheel) console.warn('SKIPPED: no real pip wheel (ensurepip or Debian python3-pip-whl) for the inspect test');

describe('wheelhouse inspect (built CLI)', () => {
  it.skipIf(!pipWheel)('prints a real wheel\'s metadata and its RECORD check', async () => {
    const r = await runCli(['inspect', pipWheel!]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const version = /^pip-([^-]+)-/.exec(path.basename(pipWheel!))![1]!;
    expect(r.stdout).toContain(`${path.basename(pipWheel!)} (wheel)`);
    expect(r.stdout).toMatch(/^ {2}name {14}pip$/m);
    expect(r.stdout).toMatch(new RegExp(`^  version {11}${version.replace(/\./g, '\\.')}$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}tags {14}py3-none-any$/m);
    expect(r.stdout).toMatch(/^ {2}requires-python {3}>=3\.\d+$/m);
    expect(r.stdout).toMatch(/^ {2}record {12}verified: \d+ files, \d+ bytes match RECORD$/m);
    expect(r.stdout).toMatch(/^ {2}sha256 {12}[0-9a-f]{64}$/m);
  });

  it.skipIf(!pipWheel)('--json gives the report as data, and file:// URLs are local files', async () => {
    const r = await runCli(['inspect', '--json', pathToFileURL(pipWheel!).href]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { kind: string; name: string; tags: string[]; record: { status: string }; size: number };
    expect(j).toMatchObject({ kind: 'wheel', name: 'pip', tags: ['py3-none-any'], record: { status: 'verified' } });
    expect(j.size).toBeGreaterThan(100_000);
  });

  it('shows an sdist\'s build requirements and PEP 643 status', async () => {
    const [legacy] = await writePackage({ name: 'old-style', version: '0.3', sdist: 'setup-py', wheel: false, requiresDist: ['six'], dynamic: ['Requires-Dist'] }, dir);
    const r = await runCli(['inspect', legacy!.path, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      kind: 'sdist',
      name: 'old-style',
      requiresDist: ['six'],
      staticMetadata: { trusted: false, reason: 'its PKG-INFO lists Requires-Dist as Dynamic' },
      buildSystem: { requires: ['setuptools>=40.8.0', 'wheel'], buildBackend: 'setuptools.build_meta:__legacy__', origin: 'legacy-default' },
      hasSetupPy: true,
      hasPyproject: false,
    });
    const text = await runCli(['inspect', legacy!.path]);
    expect(text.stdout).toMatch(/^ {2}metadata {10}needs a build: its PKG-INFO lists Requires-Dist as Dynamic$/m);
    expect(text.stdout).toMatch(/^ {2}build-requires {4}setuptools>=40\.8\.0$/m);
  });

  it('fails with the typed error and exit code on a hostile wheel, an unsupported URL, and a missing file', async () => {
    const h = hostileWheel('entry-dotdot');
    const file = path.join(dir, h.fileName);
    await writeFile(file, h.bytes);
    const bad = await runCli(['inspect', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error\[E_ARCHIVE\]: unsafe member name in archive: the name has a "\.\." segment$/m);
    expect(bad.stderr).toContain('found: "hostile/../../evil.py"');

    const url = await runCli(['inspect', 'ftp://files.example/x-1.0-py3-none-any.whl']);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/error\[E_USAGE\]: inspect reads local paths, file:\/\/ and http\(s\) URLs/);

    const missing = await runCli(['inspect', path.join(dir, 'nope-1.0-py3-none-any.whl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error\[E_USAGE\]: no such file/);
  });
});

describe('wheelhouse inspect URL (built CLI, against wheelhouse serve)', () => {
  let served: string;
  let server: RunningServer;
  beforeAll(async () => {
    served = path.join(dir, 'served');
    await writePackages([{ name: 'remote-demo', version: '1.0', payloadBytes: 2 * 1024 * 1024, requiresDist: ['idna>=3'], sdist: 'in-tree' }], served);
    server = await startServer({ dir: served, port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads a remote wheel by range requests and says how much it fetched', async () => {
    const wheelUrl = new URL('../files/remote_demo-1.0-py3-none-any.whl', server.url).href;
    const r = await runCli(['inspect', wheelUrl, '--no-cache']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}requires-dist {5}idna>=3$/m);
    expect(r.stdout).toMatch(/^ {2}record {12}not checked \(read by range requests; --download to check it\)$/m);
    const m = /^ {2}fetched {11}(\d+) of (\d+) bytes \((\d+) range requests\)$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(Number(m![2]) / 4);
    expect(Number(m![2])).toBe(statSync(path.join(served, 'remote_demo-1.0-py3-none-any.whl')).size);
    // --download: the whole file, hashed and checked against RECORD.
    const whole = await runCli(['inspect', wheelUrl, '--download', '--json', '--no-cache']);
    expect(whole.code).toBe(0);
    const j = JSON.parse(whole.stdout) as { record: { status: string }; sha256: string; fetched: { method: string; bytes: number } };
    expect(j.record.status).toBe('verified');
    expect(j.fetched).toMatchObject({ method: 'download', bytes: Number(m![2]) });
    expect(j.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('downloads a remote sdist and reports it as a local one', async () => {
    const r = await runCli(['inspect', new URL('../files/remote_demo-1.0.tar.gz', server.url).href, '--json', '--no-cache']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'sdist', name: 'remote-demo', staticMetadata: { trusted: true }, fetched: { method: 'download' } });
  });
});

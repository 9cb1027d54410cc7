/**
 * Real packages: requirement sets from ../shared/bench/sets.json (copied below), locked
 * for the host through the index client over the machine's PyPI mirror (its two file://
 * indexes, merged as pip merges --index-url and --extra-index-url), compared with real pip's resolution of the
 * same set (`pip install --dry-run --ignore-installed --report`), and checked on their
 * own: every requirement reaching a pin (markers evaluated for the host, extras followed)
 * is met, every pin is reached, Requires-Python holds.
 *
 * Skipped, visibly, when the machine has no mirror.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackageIndex } from '../../src/index/package-index.js';
import type { Lock } from '../../src/lockfile/model.js';
import { Version } from '../../src/pep440/version.js';
import { canonicalizeName } from '../../src/pep508/name.js';
import { Requirement } from '../../src/pep508/requirement.js';
import { resolveLock } from '../../src/resolver/index.js';
import { detectHostTarget, type HostTarget } from '../../src/tags/host.js';
import { MIRROR_ABSENT, mirrorRoots } from '../helpers/mirror.js';
import { PYTHON, isolatedPythonEnv } from '../helpers/python.js';
import { createPackageIndex, type PackageIndexClient } from '../../src/index/client/index.js';
import { lockRequest } from './support/lock-request.js';

/** From ../shared/bench/sets.json. */
const SETS: Record<string, string[]> = {
  'flask-stack': ['flask', 'redis', 'requests', 'gunicorn'],
  'web-stack': ['fastapi', 'uvicorn[standard]', 'sqlalchemy', 'alembic', 'httpx[http2]', 'python-dotenv'],
  jupyter: ['jupyter'],
};

const roots = mirrorRoots();
const indexUrls = roots.map((r) => r.indexUrl);

/** The real index client over the mirror's indexes, merged as pip merges them (unsafe-best-match). */
function mirrorIndex(): PackageIndexClient {
  return createPackageIndex({
    indexUrl: indexUrls[0]!,
    extraIndexUrls: indexUrls.slice(1),
    indexStrategy: 'unsafe-best-match',
    noCache: true,
    http: { netrc: false, env: {} },
  });
}
if (roots.length === 0) console.log(MIRROR_ABSENT);

/** pip's resolution of `lines` for the host: canonical name → version. */
async function pipResolution(lines: string[], dir: string): Promise<Map<string, string>> {
  const reqs = path.join(dir, 'requirements.in');
  const report = path.join(dir, 'report.json');
  await writeFile(reqs, lines.join('\n') + '\n');
  const args = ['-m', 'pip', 'install', '--dry-run', '--ignore-installed', '-q', '--report', report, '--index-url', indexUrls[0]!];
  for (const extra of indexUrls.slice(1)) args.push('--extra-index-url', extra);
  args.push('-r', reqs);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(PYTHON, args, { env: isolatedPythonEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pip exited ${code}: ${Buffer.concat(err).toString()}`))));
  });
  const data = JSON.parse(await readFile(report, 'utf8')) as { install: { metadata: { name: string; version: string } }[] };
  return new Map(data.install.map((i) => [canonicalizeName(i.metadata.name), i.metadata.version]));
}

/** Problems of a lock as a resolution of `lines` for `host`, from the pinned files' metadata read again. */
async function lockProblems(lock: Lock, lines: string[], index: PackageIndex, host: HostTarget): Promise<string[]> {
  const problems: string[] = [];
  const pins = new Map(lock.packages.map((p) => [p.name, p]));
  const python = Version.parse(host.markers.python_full_version);
  const listings = new Map(await Promise.all(lock.packages.map(async (p) => [p.name, await index.getProject(p.name)] as const)));
  const metadataOf = async (name: string) => {
    const pin = pins.get(name)!;
    const file = listings.get(name)!.files.find((f) => f.filename === pin.files[0]!.filename)!;
    return index.getMetadata(file);
  };
  const reached = new Set<string>();
  const seen = new Set<string>();
  // Root requirements whose markers hold; then the requirements found to apply (an extra's with that extra).
  const queue = lines.map((l) => ({ req: Requirement.parse(l), from: 'the root' })).filter(({ req }) => req.evaluateMarker(host.markers));
  while (queue.length > 0) {
    const { req, from } = queue.shift()!;
    const name = canonicalizeName(req.name);
    const pin = pins.get(name);
    if (pin === undefined) {
      problems.push(`${name} is required by ${from} (${req}) but not pinned`);
      continue;
    }
    reached.add(name);
    if (!req.specifier.contains(Version.parse(pin.version), { prereleases: true })) problems.push(`${name}==${pin.version} does not meet ${req} (from ${from})`);
    for (const extra of ['', ...req.normalizedExtras]) {
      const key = `${name}[${extra}]`;
      if (seen.has(key)) continue;
      seen.add(key);
      const md = await metadataOf(name);
      if (extra === '' && md.requiresPython !== undefined && !Requirement.parse(`x${md.requiresPython.replace(/\s/g, '')}`).specifier.contains(python, { prereleases: true })) {
        problems.push(`${name}==${pin.version} requires Python ${md.requiresPython}`);
      }
      for (const text of md.requiresDist) {
        const r = Requirement.parse(text);
        const applies = extra === '' ? r.evaluateMarker(host.markers) : r.evaluateMarker(host.markers, [extra]) && !r.evaluateMarker(host.markers);
        if (applies) queue.push({ req: r, from: `${name}==${pin.version}` });
      }
    }
  }
  for (const name of pins.keys()) if (!reached.has(name)) problems.push(`${name} is pinned but nothing requires it`);
  return problems;
}

describe.skipIf(roots.length === 0)('locking real requirement sets like pip', () => {
  let host: HostTarget;
  let dir: string;
  beforeAll(async () => {
    host = await detectHostTarget({ env: isolatedPythonEnv() });
    dir = await mkdtemp(path.join(os.tmpdir(), 'wheelhouse-real-sets-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(Object.keys(SETS))('%s: the same pins as pip, and a consistent lock', async (set) => {
    const lines = SETS[set]!;
    const index = mirrorIndex();
    try {
      const [{ lock }, pip] = await Promise.all([
        resolveLock(lockRequest(lines, { targets: [host], hashPolicy: 'all' }), index),
        pipResolution(lines, await mkdtemp(path.join(dir, `${set}-`))),
      ]);
      const ours = new Map(lock.packages.map((p) => [p.name, p.version]));
      const normalise = (m: Map<string, string>) => [...m].map(([n, v]) => `${n}==${Version.parse(v)}`).sort();
      expect(normalise(ours)).toEqual(normalise(pip));
      expect(await lockProblems(lock, lines, index, host)).toEqual([]);
      for (const p of lock.packages) {
        expect(p.files.length).toBeGreaterThan(0);
        for (const f of p.files) expect(f.hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
    } finally {
      await index.close();
    }
  }, 120_000);
});

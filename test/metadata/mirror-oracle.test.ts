/**
 * Real wheels of many projects from the machine's PyPI mirror, read by us and by
 * Python's importlib.metadata (its email-based parser) in one batched call.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { HttpClient, openRangeReader } from '../../src/index/http/index.js';
import { readWheelFile, readWheelFromReader } from '../../src/metadata/wheel-reader.js';
import { hasPython, runPythonJson } from '../helpers/python.js';
import { MIRROR_ABSENT, mirrorRoots } from '../helpers/mirror.js';

const ORACLE = String.raw`
import json, sys, re, zipfile, importlib.metadata as im
def norm(v):
    return re.sub(r"\r?\n(?=[ \t])", "", str(v)).strip()
out = []
for p in json.load(sys.stdin):
    z = zipfile.ZipFile(p)
    tops = sorted({n.split("/")[0] for n in z.namelist() if n.split("/")[0].endswith(".dist-info") and "/" in n})
    dist = im.PathDistribution(zipfile.Path(z, at=tops[0] + "/"))
    m = dist.metadata
    out.append({
        "name": norm(m["Name"]), "version": norm(m["Version"]),
        "requiresDist": [norm(v) for v in (m.get_all("Requires-Dist") or []) if norm(v)],
        "requiresPython": norm(m["Requires-Python"]) if m["Requires-Python"] is not None and norm(m["Requires-Python"]) else None,
        "providesExtra": [norm(v) for v in (m.get_all("Provides-Extra") or []) if norm(v)],
    })
print(json.dumps(out))
`;

function mirrorWheels(): string[] {
  const files: string[] = [];
  for (const root of mirrorRoots()) {
    const dir = path.join(root.folder, 'files');
    try {
      for (const f of readdirSync(dir)) if (f.endsWith('.whl')) files.push(path.join(dir, f));
    } catch {
      // a mirror root without files/
    }
  }
  return files.sort();
}

/** One wheel per project, spread evenly over the sorted list, under `maxBytes`. */
function sample(files: string[], count: number, maxBytes: number): string[] {
  const seen = new Set<string>();
  const candidates = files.filter((f) => {
    const project = path.basename(f).split('-')[0]!.toLowerCase();
    if (seen.has(project) || statSync(f).size > maxBytes) return false;
    seen.add(project);
    return true;
  });
  const step = Math.max(1, Math.floor(candidates.length / count));
  return candidates.filter((_, i) => i % step === 0).slice(0, count);
}

type Oracle = { name: string; version: string; requiresDist: string[]; requiresPython: string | null; providesExtra: string[] };

describe('real wheels from the PyPI mirror against importlib.metadata', () => {
  const all = mirrorWheels();
  if (all.length === 0) console.warn(MIRROR_ABSENT);

  it.skipIf(all.length === 0 || !hasPython())('a sample of 60 projects: metadata equal, RECORD fully verified', async () => {
    const picked = sample(all, 60, 8 * 1024 * 1024);
    expect(picked.length).toBeGreaterThanOrEqual(50);
    const py = await runPythonJson<Oracle[]>(ORACLE, picked);
    for (const [i, file] of picked.entries()) {
      const r = await readWheelFile(file);
      expect(r.record.status, file).toBe('verified');
      const m = r.metadata;
      expect({ name: m.name, version: m.version, requiresDist: m.requiresDist, requiresPython: m.requiresPython ?? null, providesExtra: m.providesExtra }, file).toEqual(py[i]);
    }
  });

  it.skipIf(all.length === 0 || !hasPython())(`every mirror wheel (${all.length}): metadata read by ranges (central directory, METADATA, WHEEL) equals Python's`, async () => {
    const py = await runPythonJson<Oracle[]>(ORACLE, all);
    const http = new HttpClient({ noCache: true, netrc: false, env: {} });
    for (const [i, file] of all.entries()) {
      // Range reads of a file:// URL: the same reader and requests as over HTTP.
      const reader = await openRangeReader(http, pathToFileURL(file));
      const r = await readWheelFromReader(reader, reader.size, path.basename(file), { verifyRecord: false });
      const m = r.metadata;
      expect({ name: m.name, version: m.version, requiresDist: m.requiresDist, requiresPython: m.requiresPython ?? null, providesExtra: m.providesExtra }, file).toEqual(py[i]);
    }
    await http.close();
  }, 600_000);
});

/**
 * Real file names nobody here wrote: the wheels bundled with ensurepip, Debian's
 * /usr/share/python-wheels, and every file in the machine's PyPI mirror. Each must parse
 * (or, if not a distribution, be classified as such with a reason), and wheels must read
 * as pip 23.2.1's `Wheel` and modern packaging's `parse_wheel_filename` read them.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyDistributionFilename, parseWheelFilename } from '../../src/filenames/index.js';
import { formatTag } from '../../src/tags/index.js';
import { MIRROR_ABSENT, mirrorFiles, mirrorRoots } from '../helpers/mirror.js';
import { hasPython, pythonOutput, runPythonJson } from '../helpers/python.js';

const ORACLE = String.raw`
import json, sys
req = json.load(sys.stdin)
from pip._internal.models.wheel import Wheel
from pip._vendor.packaging.utils import canonicalize_name
modern = None
if req["modern"]:
    sys.path.insert(0, req["modern"])
    from packaging.utils import parse_wheel_filename as modern
out = []
for n in req["names"]:
    r = {}
    try:
        w = Wheel(n)
        r["pip"] = {"name": canonicalize_name(w.name), "version": w.version, "build": w.build_tag, "tags": sorted(map(str, w.file_tags))}
    except Exception as e:
        r["pip"] = {"error": str(e)}
    if modern:
        try:
            name, version, build, tags = modern(n)
            r["modern"] = {"name": name, "build": list(build), "tags": sorted(map(str, tags))}
        except Exception as e:
            r["modern"] = {"error": str(e)}
    out.append(r)
print(json.dumps(out))
`;

interface Answer {
  pip: { name: string; version: string; build: string | null; tags: string[] } | { error: string };
  modern?: { name: string; build: [number, string] | []; tags: string[] } | { error: string };
}

function collect(): { source: string; names: string[] }[] {
  const sources: { source: string; names: string[] }[] = [];
  if (hasPython()) {
    const bundled = pythonOutput('import ensurepip,os;print(os.path.join(os.path.dirname(ensurepip.__file__),"_bundled"))').trim();
    if (existsSync(bundled)) sources.push({ source: 'ensurepip', names: readdirSync(bundled) });
  }
  if (existsSync('/usr/share/python-wheels')) sources.push({ source: '/usr/share/python-wheels', names: readdirSync('/usr/share/python-wheels') });
  for (const root of mirrorRoots()) {
    const dir = path.join(root.folder, 'files');
    if (existsSync(dir)) sources.push({ source: `mirror ${root.name}`, names: readdirSync(dir) });
  }
  return sources;
}

describe.skipIf(!hasPython())('real file names', () => {
  const sources = collect();
  const all = [...new Set(sources.flatMap((s) => s.names))].sort();
  const wheels = all.filter((n) => n.endsWith('.whl'));
  let answers: Answer[];
  let modernWheel: string | undefined;

  beforeAll(async () => {
    if (mirrorRoots().length === 0) console.warn(MIRROR_ABSENT);
    modernWheel = mirrorFiles('packaging-26.').find((f) => f.endsWith('.whl'));
    answers = await runPythonJson<Answer[]>(ORACLE, { names: wheels, modern: modernWheel ?? null });
  });

  it('found the real wheels it expects', () => {
    console.info(`real names: ${all.length} (${wheels.length} wheels) from ${sources.map((s) => `${s.source}: ${s.names.length}`).join(', ')}`);
    expect(sources.find((s) => s.source === 'ensurepip')?.names.some((n) => n.startsWith('pip-'))).toBe(true);
    expect(wheels.length).toBeGreaterThan(0);
    if (mirrorRoots().length > 0) expect(all.length).toBeGreaterThan(100);
  });

  it('parses every name, or classifies it as not a distribution with a reason', () => {
    const failures: string[] = [];
    for (const name of all) {
      const c = classifyDistributionFilename(name);
      if (c.kind === 'ignored') {
        if (name.endsWith('.whl') || c.reason === '') failures.push(`${name}: ${c.reason}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("reads every wheel as pip's Wheel does", () => {
    const diffs: string[] = [];
    wheels.forEach((n, i) => {
      const pip = (answers[i] as Answer).pip;
      if ('error' in pip) {
        diffs.push(`${n}: pip cannot parse it (${pip.error})`);
        return;
      }
      const w = parseWheelFilename(n);
      const ours = { name: w.normalizedName, version: w.unescapedVersion, build: w.buildTag?.text ?? null, tags: w.tags.map(formatTag).sort() };
      if (JSON.stringify(ours) !== JSON.stringify(pip)) diffs.push(`${n}: ours ${JSON.stringify(ours)} pip ${JSON.stringify(pip)}`);
    });
    expect(diffs).toEqual([]);
  });

  it('reads every wheel as modern packaging does', (ctx) => {
    if (!modernWheel) {
      console.warn('SKIPPED: the mirror has no packaging 26.3 wheel');
      ctx.skip();
      return;
    }
    const diffs: string[] = [];
    wheels.forEach((n, i) => {
      const modern = (answers[i] as Answer).modern;
      if (!modern || 'error' in modern) {
        diffs.push(`${n}: packaging cannot parse it (${modern?.error})`);
        return;
      }
      const w = parseWheelFilename(n);
      const ours = { name: w.normalizedName, build: w.buildTag ? [w.buildTag.number, w.buildTag.suffix] : [], tags: w.tags.map(formatTag).sort() };
      if (JSON.stringify(ours) !== JSON.stringify(modern)) diffs.push(`${n}: ours ${JSON.stringify(ours)} packaging ${JSON.stringify(modern)}`);
    });
    expect(diffs).toEqual([]);
  });
});

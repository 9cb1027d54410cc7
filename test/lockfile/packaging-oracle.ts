/**
 * Python's `packaging` as the judge of what the lockfile code writes, one batched process
 * per call: pip's vendored packaging (21.3, always on the machine with pip) evaluates
 * markers and parses versions and specifiers; the modern packaging (26.3) from the
 * machine's PyPI mirror, put first on sys.path, validates pylock.toml files with
 * `packaging.pylock.Pylock` and selects what it would install for a target.
 */
import { mirrorFiles } from '../helpers/mirror.js';
import { runPythonJson } from '../helpers/python.js';

/** The modern packaging wheel, or undefined without the mirror. */
export function modernPackagingWheel(): string | undefined {
  return mirrorFiles('packaging-').find((f) => /packaging-2[6-9]\.|packaging-[3-9]\d\./.test(f) && f.endsWith('.whl'));
}

const MARKER_SCRIPT = String.raw`
import json, sys
from pip._vendor.packaging.markers import Marker
req = json.load(sys.stdin)
out = []
for case in req:
    m = Marker(case["marker"])
    out.append([bool(m.evaluate(env)) for env in case["envs"]])
print(json.dumps(out))
`;

/** For each case, the marker evaluated in each environment. */
export function evaluateMarkers(cases: Array<{ marker: string; envs: Array<Record<string, string>> }>): Promise<boolean[][]> {
  return runPythonJson<boolean[][]>(MARKER_SCRIPT, cases);
}

const PARSE_SCRIPT = String.raw`
import json, sys
req = json.load(sys.stdin)
if req["wheel"]:
    sys.path.insert(0, req["wheel"])
    from packaging.markers import Marker
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version
else:
    from pip._vendor.packaging.markers import Marker
    from pip._vendor.packaging.version import Version
    SpecifierSet = None
def ok(f, s):
    try:
        f(s)
        return True
    except Exception:
        return False
versions = [ok(Version, v) for v in req["versions"]]
def cmp(a, b):
    a, b = Version(a), Version(b)
    return (a > b) - (a < b)
comparisons = [cmp(a, b) for a, b in req["pairs"]]
markers = [ok(Marker, m) for m in req["markers"]]
specifiers = [ok(SpecifierSet, s) for s in req["specifiers"]] if SpecifierSet else None
print(json.dumps({"versions": versions, "comparisons": comparisons, "markers": markers, "specifiers": specifiers}))
`;

export interface ParseVerdicts {
  versions: boolean[];
  comparisons: number[];
  markers: boolean[];
  /** Only from modern packaging: pip's 21.3 falls back to legacy specifiers for anything. */
  specifiers: boolean[] | null;
}

/** Verdicts of modern packaging when the mirror has it, else of pip's vendored 21.3 (without specifiers). */
export function packagingVerdicts(input: { versions: string[]; pairs: Array<[string, string]>; markers: string[]; specifiers: string[] }): Promise<ParseVerdicts> {
  return runPythonJson<ParseVerdicts>(PARSE_SCRIPT, { ...input, wheel: modernPackagingWheel() ?? null });
}

const PYLOCK_SCRIPT = String.raw`
import json, sys, tomllib
req = json.load(sys.stdin)
sys.path.insert(0, req["wheel"])
import packaging
from packaging.pylock import Pylock
from packaging.tags import Tag
out = []
for case in req["files"]:
    try:
        lock = Pylock.from_dict(tomllib.loads(case["text"]))
        lock.validate()
    except Exception as e:
        out.append({"valid": False, "error": f"{type(e).__name__}: {e}"})
        continue
    selections = []
    for sel in case.get("select", []):
        try:
            picked = []
            for pkg, dist in lock.select(environment=sel["environment"], tags=[Tag(*t.split("-")) for t in sel["tags"]]):
                picked.append({"name": pkg.name, "version": str(pkg.version) if pkg.version else None, "kind": type(dist).__name__, "file": getattr(dist, "filename", None)})
            selections.append({"ok": True, "picked": picked})
        except Exception as e:
            selections.append({"ok": False, "error": f"{type(e).__name__}: {e}"})
    out.append({"valid": True, "selections": selections})
print(json.dumps({"version": packaging.__version__, "results": out}))
`;

export interface PylockVerdict {
  valid: boolean;
  error?: string;
  selections?: Array<{ ok: boolean; error?: string; picked?: Array<{ name: string; version: string | null; kind: string; file: string | null }> }>;
}

/** Validates each pylock.toml text with packaging.pylock, and runs `select` for the given targets. */
export function validatePylocks(
  wheel: string,
  files: Array<{ text: string; select?: Array<{ environment: Record<string, string>; tags: string[] }> }>,
): Promise<{ version: string; results: PylockVerdict[] }> {
  return runPythonJson(PYLOCK_SCRIPT, { wheel, files });
}

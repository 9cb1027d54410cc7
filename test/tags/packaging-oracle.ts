/**
 * The tag lists Python's `packaging` computes for a target, from two copies of it:
 * pip's vendored packaging (21.3 with pip 23.2.1: what the machine's pip does) and the
 * modern packaging wheel in the machine's PyPI mirror (26.3), put first on sys.path.
 * A platform is expanded by packaging's own functions, with the host checks (glibc and
 * musl detection, ELF checks) replaced by the target's levels.
 */
import { mirrorFiles } from '../helpers/mirror.js';
import { runPythonJson } from '../helpers/python.js';

export type PlatformSpec =
  | { family: 'manylinux'; glibc: [number, number]; arch: string }
  | { family: 'musllinux'; musl: [number, number]; arch: string }
  | { family: 'macos'; version: [number, number]; arch: string }
  | { family: 'exact'; platforms: string[] };

export interface OracleCase {
  /** cp → cpython_tags, anything else → generic_tags; then compatible_tags */
  implementation: string;
  /** python_version tuple as packaging takes it */
  version: number[];
  abis: string[];
  /** interpreter for generic_tags/compatible_tags, e.g. cp312, pp310 */
  interpreter: string;
  platform: PlatformSpec;
}

export interface OracleResult {
  /** pip's vendored packaging */
  pip: { version: string; platforms: string[][]; tags: string[][] };
  /** the mirror's modern packaging, or null when the mirror does not have it */
  modern: { version: string; platforms: string[][]; tags: string[][] } | null;
}

const SCRIPT = String.raw`
import json, sys
req = json.load(sys.stdin)

def platforms_for(tags, ml, mu, legacy, spec):
    fam = spec["family"]
    if fam == "manylinux":
        major, minor = spec["glibc"]
        arch = spec["arch"]
        ml._get_glibc_version = lambda: ml._GLibCVersion(major, minor)
        ml._is_compatible = lambda *a, **k: True
        ml._have_compatible_abi = lambda *a, **k: True
        return list(ml.platform_tags("linux_" + arch, arch)) if legacy else list(ml.platform_tags([arch]))
    if fam == "musllinux":
        major, minor = spec["musl"]
        arch = spec["arch"]
        mu._get_musl_version = lambda *a: mu._MuslVersion(major, minor)
        return list(mu.platform_tags(arch)) if legacy else list(mu.platform_tags([arch]))
    if fam == "macos":
        return list(tags.mac_platforms(tuple(spec["version"]), spec["arch"]))
    return list(spec["platforms"])

def run(tags, ml, mu, legacy, version):
    plats, out = [], []
    for case in req["cases"]:
        P = platforms_for(tags, ml, mu, legacy, case["platform"])
        assert P, "empty platform list would fall back to the host's"
        plats.append(P)
        if req["platformsOnly"]:
            out.append([])
            continue
        pv = tuple(case["version"])
        if case["implementation"] == "cp":
            own = tags.cpython_tags(python_version=pv, abis=case["abis"], platforms=P)
        else:
            own = tags.generic_tags(interpreter=case["interpreter"], abis=case["abis"], platforms=P)
        rest = tags.compatible_tags(python_version=pv, interpreter=case["interpreter"], platforms=P)
        out.append([str(t) for t in list(own) + list(rest)])
    return {"version": version, "platforms": plats, "tags": out}

from pip._vendor.packaging import tags as t1, _manylinux as m1, _musllinux as u1, __version__ as v1
result = {"pip": run(t1, m1, u1, True, v1), "modern": None}
if req["modern"]:
    sys.path.insert(0, req["modern"])
    import packaging, packaging.tags as t2, packaging._manylinux as m2, packaging._musllinux as u2
    assert packaging.__file__.startswith(req["modern"]), packaging.__file__
    result["modern"] = run(t2, m2, u2, False, packaging.__version__)
print(json.dumps(result))
`;

/** The mirror's packaging 26.x wheel, or undefined (tests then say so and check pip's only). */
export function modernPackagingWheel(): string | undefined {
  return mirrorFiles('packaging-26.').find((f) => f.endsWith('.whl'));
}

/** With `platformsOnly`, the tag lists are left empty (faster when only platforms are compared). */
export async function packagingOracle(cases: OracleCase[], platformsOnly = false): Promise<OracleResult> {
  return runPythonJson<OracleResult>(SCRIPT, { cases, modern: modernPackagingWheel() ?? null, platformsOnly });
}

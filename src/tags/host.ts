/**
 * The host as a target: one call to python3 reports its implementation, version, marker
 * environment and supported tags. The tags are pip's own (`get_supported()`, what `pip
 * install` on this machine accepts); when pip is missing, `sys_tags()` of an installed
 * `packaging`. Without python3, a TargetError says so and how to name a target instead.
 */
import { spawn } from 'node:child_process';
import { TargetError } from '../errors.js';
import type { MarkerEnvironment, MarkerVariable } from '../pep508/environment.js';
import { MARKER_VARIABLES } from '../pep508/environment.js';
import { RELEASE_BUILD, type CpythonBuildFlags } from './cpython-tags.js';
import type { PipHostDefaults } from './pip-options.js';
import { parseTag, type Tag } from './tag.js';
import { assembleTarget, type Target } from './target.js';

export interface HostTarget extends Target {
  /** sys.executable of the interpreter asked */
  readonly pythonExecutable: string;
  /** where the tags came from: pip's get_supported(), or packaging's sys_tags() */
  readonly tagSource: 'pip' | 'packaging';
  /** pip's version on the host, when pip is installed */
  readonly pipVersion?: string;
  /** what pip takes from this interpreter when a pip flag is left out */
  readonly pipDefaults: PipHostDefaults;
}

export interface DetectHostOptions {
  /** the interpreter to ask; default $WHEELHOUSE_PYTHON, else python3 (python on Windows) */
  python?: string;
  env?: NodeJS.ProcessEnv;
}

/** The python script, kept verbatim; it prints one JSON object. */
export const HOST_SCRIPT: string = `# Printed as one JSON object by detectHostTarget (src/tags/host.ts). Runs on the
# user's python3: standard library only; pip's vendored packaging when pip is there.
import json, os, platform, sys

def full_version(info):
    version = "{0.major}.{0.minor}.{0.micro}".format(info)
    if info.releaselevel != "final":
        version += info.releaselevel[0] + str(info.serial)
    return version

out = {"executable": sys.executable, "pip": None, "tagSource": None, "tags": None}
# PEP 508's environment, computed as packaging's default_environment() computes it
# (importing that would import pyparsing: a tenth of a second on every lock).
markers = {
    "implementation_name": sys.implementation.name,
    "implementation_version": full_version(sys.implementation.version),
    "os_name": os.name,
    "platform_machine": platform.machine(),
    "platform_release": platform.release(),
    "platform_system": platform.system(),
    "platform_version": platform.version(),
    "python_full_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "python_version": ".".join(platform.python_version_tuple()[:2]),
    "sys_platform": sys.platform,
}
out["markers"] = markers
out["version"] = list(sys.version_info[:3])

ptags = None
try:
    import pip
    out["pip"] = pip.__version__
    from pip._vendor.packaging import tags as ptags
    from pip._internal.utils.compatibility_tags import get_supported
    out["tags"] = [str(t) for t in get_supported()]
    out["tagSource"] = "pip"
except Exception:
    pass
if ptags is None:
    try:
        from packaging import tags as ptags
    except Exception:
        ptags = None
if ptags is not None:
    if out["tags"] is None:
        out["tags"] = [str(t) for t in ptags.sys_tags()]
        out["tagSource"] = "packaging"
    out["implementation"] = ptags.interpreter_name()
    out["interpreterVersion"] = ptags.interpreter_version()
    out["platforms"] = list(ptags.platform_tags())
    try:
        out["genericAbis"] = list(ptags._generic_abi())
    except Exception:
        out["genericAbis"] = []
    try:
        def suffix(v):
            return ptags._cpython_abis(v)[0][2 + len("".join(map(str, v))):]
        out["cpythonBuild"] = {
            "debug": "d" in suffix((3, 12)),
            "freeThreaded": "t" in suffix((3, 13)),
            "pymalloc": "m" in suffix((3, 7)),
            "wideUnicode": "u" in suffix((3, 2)),
        }
    except Exception:
        out["cpythonBuild"] = None
print(json.dumps(out))
`;

interface HostReport {
  executable: string;
  pip: string | null;
  tagSource: 'pip' | 'packaging' | null;
  tags: string[] | null;
  markers: Record<string, string>;
  version: [number, number, number];
  implementation?: string;
  interpreterVersion?: string;
  platforms?: string[];
  genericAbis?: string[];
  cpythonBuild?: CpythonBuildFlags | null;
}

const HOW_TO_NAME_A_TARGET = 'name the target instead: --target cp312-manylinux_2_28_x86_64 (or linux-x86_64@3.12), or pip\'s --python-version/--platform/--implementation/--abi';

function defaultPython(): string {
  return process.env['WHEELHOUSE_PYTHON'] ?? (process.platform === 'win32' ? 'python' : 'python3');
}

function run(python: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(python, ['-c', HOST_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      reject(err);
      return;
    }
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => errOut.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`exited with code ${code}: ${Buffer.concat(errOut).toString('utf8').trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}

function parseReport(python: string, text: string): HostReport {
  try {
    return JSON.parse(text) as HostReport;
  } catch (cause) {
    throw new TargetError(`${python} did not report its environment`, { text: text.slice(0, 200), expected: 'one JSON object', hint: HOW_TO_NAME_A_TARGET, cause });
  }
}

function markersFrom(python: string, raw: Record<string, string>): MarkerEnvironment {
  const env: Record<string, string> = {};
  for (const v of MARKER_VARIABLES) {
    if (v === 'extra') continue;
    const value = raw[v];
    if (typeof value !== 'string') throw new TargetError(`${python} reported no value for marker ${v}`, { hint: HOW_TO_NAME_A_TARGET });
    env[v] = value;
  }
  return env as unknown as MarkerEnvironment;
}

/** Builds the host's target by asking its python3 (see the module comment). */
export async function detectHostTarget(options: DetectHostOptions = {}): Promise<HostTarget> {
  const python = options.python ?? defaultPython();
  let text: string;
  try {
    text = await run(python, options.env ?? process.env);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new TargetError(
      missing ? `no target given, and ${python} was not found to describe this machine` : `no target given, and ${python} could not describe this machine: ${(err as Error).message}`,
      { text: python, expected: 'a Python interpreter on PATH (python3), or an explicit target', hint: HOW_TO_NAME_A_TARGET, cause: err },
    );
  }
  const r = parseReport(python, text);
  if (r.tags === null || r.tagSource === null || r.implementation === undefined || r.interpreterVersion === undefined || r.platforms === undefined) {
    throw new TargetError(`${python} has neither pip nor packaging installed, so it cannot list the tags it supports`, {
      text: python,
      expected: 'a python3 with pip',
      hint: HOW_TO_NAME_A_TARGET,
    });
  }
  const markers = markersFrom(python, r.markers);
  const tags: Tag[] = r.tags.flatMap((t) => parseTag(t));
  const [major, minor, micro] = r.version;
  const pyVersion = { major, minor, micro };
  const pipDefaults: PipHostDefaults = {
    implementation: r.implementation,
    python: pyVersion,
    interpreterVersion: r.interpreterVersion,
    cpythonBuild: r.cpythonBuild ?? RELEASE_BUILD,
    genericAbis: r.genericAbis ?? [],
    platforms: r.platforms,
    markers,
  };
  const abis = [...new Set(tags.filter((t) => t.interpreter === `${r.implementation}${r.interpreterVersion}` && !['none', 'abi3', 'abi3t'].includes(t.abi)).map((t) => t.abi))];
  const target = assembleTarget({
    name: 'host',
    implementation: r.implementation,
    python: pyVersion,
    interpreter: `${r.implementation}${r.interpreterVersion}`,
    abis,
    platforms: [...new Set(tags.map((t) => t.platform).filter((p) => p !== 'any'))],
    markers,
    unknownMarkers: [] as MarkerVariable[],
    tags,
  });
  return Object.freeze({
    ...target,
    pythonExecutable: r.executable,
    tagSource: r.tagSource,
    ...(r.pip === null ? {} : { pipVersion: r.pip }),
    pipDefaults,
  });
}

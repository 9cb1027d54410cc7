/**
 * A target from pip's own flags — `--python-version`, `--platform` (repeatable),
 * `--implementation`, `--abi` (repeatable) — with exactly the tags pip 23.2.1 computes
 * for `pip download`/`pip install --target` with those flags (`TargetPython.get_tags`,
 * `compatibility_tags.get_supported`):
 *
 * - `--platform`: the listed platforms only (pipExpandPlatforms), NOT every compatible
 *   manylinux level as wheelhouse's `--target` does;
 * - no `--abi`: for CPython the ABI pip derives from the version (cp312; cp37m), for
 *   other implementations the running interpreter's ABI (pip's behaviour: give `--abi`);
 * - a flag left out takes the running interpreter's value, as pip does — that needs the
 *   host (detectHostTarget); without it, a TargetError names the flag to add.
 *
 * The marker environment is the target's (see target-markers.ts), not the running
 * interpreter's as in pip: pip evaluates markers against the machine it runs on even
 * with `--platform`, which is the bug this tool exists to avoid. `python_full_version`
 * is the given version padded with zeros (3.12 → 3.12.0), as pip pads it for
 * Requires-Python checks.
 */
import { TargetError } from '../errors.js';
import type { MarkerEnvironment, MarkerVariable } from '../pep508/environment.js';
import { cpythonAbis, RELEASE_BUILD, type CpythonBuildFlags } from './cpython-tags.js';
import { pipExpandPlatforms } from './pip-platforms.js';
import { formatPythonVersion, parsePythonVersion, pythonVersionNodot, type PythonVersion } from './python-version.js';
import { assembleTarget, checkImplementation, type Target } from './target.js';
import { commonPlatformMarkers, pythonMarkers } from './target-markers.js';

export interface PipTargetOptions {
  /** `--python-version`: "3", "3.12", "312" or "3.12.1" */
  pythonVersion?: string;
  /** `--platform`, each occurrence */
  platforms?: readonly string[];
  /** `--implementation`: cp, pp, ip, jy, py … */
  implementation?: string;
  /** `--abi`, each occurrence */
  abis?: readonly string[];
}

/** What pip takes from the running interpreter when a flag is left out. */
export interface PipHostDefaults {
  /** interpreter_name(): cp, pp … */
  implementation: string;
  /** sys.version_info[:3] */
  python: PythonVersion;
  /** interpreter_version(): sysconfig py_version_nodot, e.g. "311" */
  interpreterVersion: string;
  /** the build flags behind _cpython_abis() */
  cpythonBuild: CpythonBuildFlags;
  /** _generic_abi() of pip's vendored packaging (non-CPython ABIs), e.g. ["pypy310_pp73"] */
  genericAbis: readonly string[];
  /** platform_tags() of pip's vendored packaging, most preferred first */
  platforms: readonly string[];
  /** the running interpreter's marker environment */
  markers: MarkerEnvironment;
}

export function hasPipTargetOptions(o: PipTargetOptions): boolean {
  return Boolean(o.pythonVersion) || Boolean(o.platforms?.length) || o.implementation !== undefined || Boolean(o.abis?.length);
}

function needHost(flag: string, what: string): TargetError {
  return new TargetError(`pip takes ${what} from the running Python interpreter when ${flag} is not given, and none was detected`, {
    expected: `${flag} on the command line`,
    hint: `add ${flag}, or make python3 available so that wheelhouse can ask it`,
  });
}

function checkPlatformText(p: string): void {
  if (!/^[A-Za-z0-9_]+$/.test(p)) {
    throw new TargetError('invalid --platform value', {
      text: p,
      expected: 'a platform tag: letters, digits and underscores, e.g. manylinux_2_28_x86_64, macosx_11_0_arm64, win_amd64',
      ...(p.includes('-') || p.includes('.') ? { hint: `platform tags use underscores: ${p.replace(/[-.]/g, '_')}` } : {}),
    });
  }
}

function checkAbiText(a: string): void {
  if (!/^[A-Za-z0-9_]+$/.test(a)) {
    throw new TargetError('invalid --abi value', { text: a, expected: 'an ABI tag: letters, digits and underscores, e.g. cp312, abi3, none, pypy310_pp73' });
  }
}

function describeFlags(o: PipTargetOptions): string {
  const parts: string[] = [];
  if (o.pythonVersion) parts.push(`--python-version ${o.pythonVersion}`);
  for (const p of o.platforms ?? []) parts.push(`--platform ${p}`);
  if (o.implementation !== undefined) parts.push(`--implementation ${o.implementation}`);
  for (const a of o.abis ?? []) parts.push(`--abi ${a}`);
  return parts.join(' ');
}

/** A target with pip 23.2.1's tags for these flags (see the module comment). */
export function targetFromPipOptions(options: PipTargetOptions, host?: PipHostDefaults): Target {
  const given: PythonVersion | undefined = options.pythonVersion ? parsePythonVersion(options.pythonVersion, '--python-version') : undefined;
  const rawImpl = options.implementation;
  if (rawImpl !== undefined) checkImplementation(rawImpl, rawImpl);
  const implementation = rawImpl ?? host?.implementation;
  if (implementation === undefined) throw needHost('--implementation', 'the implementation');
  for (const p of options.platforms ?? []) checkPlatformText(p);
  for (const a of options.abis ?? []) checkAbiText(a);

  // pip keeps only major and minor for tags ("3.12.1" → "312" → (3, 12)).
  const tagPython: PythonVersion | undefined =
    given === undefined ? undefined : given.minor === undefined ? { major: given.major } : { major: given.major, minor: given.minor };
  if (tagPython === undefined && host === undefined) throw needHost('--python-version', 'the Python version');
  const python = tagPython ?? { major: (host as PipHostDefaults).python.major, minor: (host as PipHostDefaults).python.minor ?? 0 };
  const interpreter = `${implementation}${tagPython === undefined ? (host as PipHostDefaults).interpreterVersion : pythonVersionNodot(tagPython)}`;

  let platforms: string[];
  if (options.platforms?.length) platforms = pipExpandPlatforms(options.platforms).map((p) => p.toLowerCase());
  else if (host) platforms = [...host.platforms];
  else throw needHost('--platform', 'the platforms');

  let abis: string[];
  if (options.abis?.length) abis = options.abis.map((a) => a.toLowerCase());
  else if (implementation === 'cp') abis = cpythonAbis(python, host?.cpythonBuild ?? RELEASE_BUILD);
  else if (host) abis = [...host.genericAbis];
  else throw needHost('--abi', `the ABI of a non-CPython implementation (${implementation})`);

  // Marker environment: the given values where flags determine them, the host's otherwise.
  const unknown: MarkerVariable[] = [];
  const markerPython: PythonVersion = given ?? (host as PipHostDefaults).python;
  const py = pythonMarkers(implementation, markerPython);
  let markers: MarkerEnvironment;
  if (host && given === undefined && implementation === host.implementation) {
    markers = { ...host.markers };
  } else {
    markers = { ...(host?.markers ?? emptyMarkers()), ...py.values };
    unknown.push(...py.unknown);
  }
  if (options.platforms?.length) {
    const plat = commonPlatformMarkers(options.platforms);
    markers = { ...markers, ...plat.values, platform_release: '', platform_version: '' };
    unknown.push(...plat.unknown, 'platform_release', 'platform_version');
  } else if (!host) {
    unknown.push('os_name', 'sys_platform', 'platform_system', 'platform_machine', 'platform_release', 'platform_version');
  }

  const name = describeFlags(options) || `pip defaults (Python ${formatPythonVersion(markerPython)})`;
  return assembleTarget({ name, implementation, python: given ?? (host as PipHostDefaults).python, interpreter, abis, platforms, markers, unknownMarkers: unknown });
}

function emptyMarkers(): MarkerEnvironment {
  return {
    implementation_name: '',
    implementation_version: '',
    os_name: '',
    platform_machine: '',
    platform_release: '',
    platform_system: '',
    platform_version: '',
    python_full_version: '',
    platform_python_implementation: '',
    python_version: '',
    sys_platform: '',
  };
}

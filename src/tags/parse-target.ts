/**
 * Short spellings of a target, as `--target` takes them:
 *
 *   cp312-manylinux_2_28_x86_64        interpreter-platform (the usual ABI: cp312)
 *   cp313t-manylinux_2_28_x86_64       free-threaded CPython (ABI cp313t)
 *   pp310-manylinux_2_17_x86_64        PyPy (ABI pypy310_pp73)
 *   cp312-abi3-win_amd64               interpreter-abi-platform (any ABI, explicitly)
 *   cp312-manylinux_2_28_x86_64@3.12.4 with a micro version (python_full_version)
 *   linux-x86_64@3.12                  a preset (presets.ts) with a Python version
 *   macos-arm64@pypy3.10, windows-x86_64@3.13t, linux-aarch64@3.12.1
 *
 * The platform of the interpreter-platform forms stands for the machine: it is expanded
 * to every platform tag that machine accepts (expandPlatform). pip's exact-tag meaning of
 * `--platform` is in pip-options.ts.
 */
import { TargetError } from '../errors.js';
import { findPreset, TARGET_PRESETS } from './presets.js';
import { formatPythonVersion, parsePythonVersion, pythonVersionNodot, type PythonVersion } from './python-version.js';
import { checkImplementation, createTarget, type Target } from './target.js';

export const TARGET_FORMS = [
  'INTERPRETER-PLATFORM, e.g. cp312-manylinux_2_28_x86_64, cp311-win_amd64, cp39-macosx_11_0_arm64, pp310-manylinux_2_17_x86_64, cp313t-musllinux_1_2_aarch64',
  'INTERPRETER-ABI-PLATFORM, e.g. cp312-abi3-manylinux_2_17_x86_64',
  `PRESET@VERSION, e.g. linux-x86_64@3.12, macos-arm64@pypy3.10, windows-x86_64@3.13t (presets: ${TARGET_PRESETS.map((p) => p.name).join(', ')})`,
  'either form may end in @X.Y.Z to give the micro version (cp312-win_amd64@3.12.4)',
];

function targetError(text: string, why: string, extra: string[] = []): TargetError {
  return new TargetError(`invalid target: ${why}`, {
    text,
    expected: [...TARGET_FORMS, ...extra].join('; '),
  });
}

interface VersionSuffix {
  implementation?: string;
  python: PythonVersion;
  freeThreaded: boolean;
}

/** `3.12`, `3.12.4`, `3.13t`, `cpython3.12`, `cp3.12`, `pypy3.10`, `pp3.10` */
function parseVersionSuffix(text: string, suffix: string): VersionSuffix {
  const m = /^(cpython|cp|pypy|pp)?([0-9][0-9.]*?)(t?)$/i.exec(suffix);
  if (!m) throw targetError(text, `${JSON.stringify(suffix)} after "@" is not a Python version`);
  const impl = m[1]?.toLowerCase();
  const implementation = impl === undefined ? undefined : impl.startsWith('p') ? 'pp' : 'cp';
  const python = parsePythonVersion(m[2] as string, 'target Python version');
  return { ...(implementation ? { implementation } : {}), python, freeThreaded: m[3] !== '' };
}

function parsePresetForm(text: string, base: string, suffix: string | undefined): Target | undefined {
  const preset = findPreset(base);
  if (!preset) return undefined;
  if (suffix === undefined) throw targetError(text, `preset ${preset.name} needs a Python version: ${preset.name}@3.12`);
  const v = parseVersionSuffix(text, suffix);
  if (v.python.minor === undefined) throw targetError(text, `give major.minor, e.g. ${preset.name}@3.12`);
  const implementation = v.implementation ?? 'cp';
  return createTarget({
    implementation,
    python: v.python,
    platforms: [preset.platform],
    ...freeThreadedAbis(text, implementation, v.python, v.freeThreaded),
    name: `${preset.name}@${suffix}`,
  });
}

function freeThreadedAbis(text: string, implementation: string, python: PythonVersion, freeThreaded: boolean): { abis?: string[] } {
  if (!freeThreaded) return {};
  if (implementation !== 'cp') throw targetError(text, 'only CPython has free-threaded ("t") builds');
  if (python.minor === undefined || python.major < 3 || (python.major === 3 && python.minor < 13)) {
    throw targetError(text, 'free-threaded builds start with CPython 3.13');
  }
  return { abis: [`cp${pythonVersionNodot(python)}t`] };
}

function parseTagForm(text: string, base: string, suffix: string | undefined): Target {
  const parts = base.split('-');
  if (parts.length < 2 || parts.length > 3) throw targetError(text, 'not a known preset, and not INTERPRETER-PLATFORM or INTERPRETER-ABI-PLATFORM');
  const interp = (parts[0] as string).toLowerCase();
  const m = /^([a-z]+?)([0-9])([0-9]*)(t?)$/.exec(interp);
  if (!m) throw targetError(text, `${JSON.stringify(parts[0])} is not an interpreter tag such as cp312, pp310 or cp313t`);
  const implementation = m[1] as string;
  checkImplementation(implementation, text);
  let python: PythonVersion = parsePythonVersion(`${m[2]}${m[3] ? `.${m[3]}` : ''}`, 'interpreter tag version');
  if (suffix !== undefined) {
    const v = parseVersionSuffix(text, suffix);
    if (v.python.major !== python.major || v.python.minor !== python.minor) {
      throw targetError(text, `@${suffix} does not match interpreter ${interp} (Python ${formatPythonVersion(python)})`);
    }
    if (v.implementation !== undefined && v.implementation !== implementation) throw targetError(text, `@${suffix} names another implementation than ${interp}`);
    if (v.freeThreaded && m[4] === '') throw targetError(text, `write the free-threaded interpreter as ${interp}t`);
    python = v.python;
  }
  const explicitAbi = parts.length === 3 ? (parts[1] as string).toLowerCase() : undefined;
  if (explicitAbi !== undefined && m[4] !== '') throw targetError(text, `give either ${interp} or an explicit ABI, not both`);
  if (explicitAbi !== undefined && !/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(explicitAbi)) throw targetError(text, `${JSON.stringify(parts[1])} is not an ABI tag`);
  const platform = parts[parts.length - 1] as string;
  if (platform.includes('.')) throw targetError(text, 'one platform per target: repeat --target for another machine');
  return createTarget({
    implementation,
    python,
    platforms: [platform],
    ...(explicitAbi !== undefined ? { abis: explicitAbi.split('.') } : freeThreadedAbis(text, implementation, python, m[4] !== '')),
    name: text,
  });
}

/** Parses a short target spelling (see the module comment); throws TargetError listing the valid forms. */
export function parseTarget(text: string): Target {
  const trimmed = text.trim();
  if (trimmed === '') throw targetError(text, 'empty');
  if (/\s/.test(trimmed)) throw targetError(text, 'contains whitespace');
  const at = trimmed.indexOf('@');
  const base = at < 0 ? trimmed : trimmed.slice(0, at);
  const suffix = at < 0 ? undefined : trimmed.slice(at + 1);
  try {
    return parsePresetForm(trimmed, base, suffix) ?? parseTagForm(trimmed, base, suffix);
  } catch (err) {
    // Errors about one part (a platform, a version) keep their detail but name the whole text.
    if (err instanceof TargetError && err.text !== trimmed) {
      throw new TargetError(`invalid target ${JSON.stringify(trimmed)}: ${err.message}`, {
        text: trimmed,
        expected: err.expected ?? TARGET_FORMS.join('; '),
        ...(err.hint === undefined ? {} : { hint: err.hint }),
      });
    }
    throw err;
  }
}


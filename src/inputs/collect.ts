/**
 * Everything `wheelhouse lock` is given, turned into a LockRequest: the input files and
 * requirement strings, `-r`/`-c` files, pyproject.toml extras and groups, the package
 * sources, the selection policies, the targets and the pins of the lockfile being
 * replaced. A library function: the command only parses its flags into these options.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { HashPolicy, LockOptions } from '../lockfile/model.js';
import { canonicalizeExtra } from '../pep508/name.js';
import { FormatControl } from '../requirements-txt/format-control.js';
import type { Version } from '../pep440/version.js';
import type { EnvironmentVariables } from '../requirements-txt/logical-lines.js';
import type { LockRequest, PrereleasePolicy, ResolutionStrategy, RootInput } from '../resolver/lock-request.js';
import { classifyArguments, commandLineRequirements, type InputFile } from './command-line.js';
import { parseExcludeNewer } from './exclude-newer.js';
import { findLinksForLockfile, mergePackageSources, type CommandLineIndexOptions, type PackageSources } from './index-options.js';
import { planOutput, type LockFormat, type OutputPlan } from './output-path.js';
import { readLockfilePins } from './existing-pins.js';
import { pinPreferences, type ExistingPinLike } from './pins.js';
import { readPyproject, type Pyproject } from './pyproject.js';
import { pyprojectRootInputs } from './pyproject-inputs.js';
import { readRequirementsInputs } from './requirements-files.js';
import { selectTargets, type TargetSelection } from './targets.js';
import type { Target } from '../tags/target.js';

/** pip-compile's default inputs, in the order it looks for them (those wheelhouse can read). */
export const DEFAULT_INPUT_FILES = ['requirements.in', 'pyproject.toml'] as const;

export const PRERELEASE_POLICIES: readonly PrereleasePolicy[] = ['disallow', 'allow', 'if-necessary', 'explicit', 'if-necessary-or-explicit'];
export const RESOLUTION_STRATEGIES: readonly ResolutionStrategy[] = ['highest', 'lowest', 'lowest-direct'];
export const HASH_POLICIES: readonly HashPolicy[] = ['all', 'targets'];

/** One `--only-binary` or `--no-binary` value, in command-line order (pip applies them in order). */
export interface BinaryOption {
  option: 'only-binary' | 'no-binary';
  value: string;
}

export interface LockInputOptions {
  /** Directory relative paths are taken from; default process.cwd(). */
  cwd?: string;
  /** `${VAR}` expansion in requirements files and CUSTOM_COMPILE_COMMAND; default process.env. */
  env?: EnvironmentVariables;
  /** Positional arguments: input files and requirement strings. */
  arguments?: readonly string[];
  /** `-r FILE`. */
  requirementFiles?: readonly string[];
  /** `-c FILE`. */
  constraintFiles?: readonly string[];
  /** `--extra NAME` (each may be a comma-separated list, as pip-compile accepts). */
  extras?: readonly string[];
  allExtras?: boolean;
  /** `--group [PATH:]NAME`. */
  groups?: readonly string[];
  index?: CommandLineIndexOptions;
  binary?: readonly BinaryOption[];
  preferBinary?: boolean;
  /** `--pre`. */
  pre?: boolean;
  /** `--prerelease MODE`, when given. */
  prerelease?: PrereleasePolicy;
  resolution?: ResolutionStrategy;
  /** `--exclude-newer`: text as given, or a date. */
  excludeNewer?: string | Date;
  hashes?: HashPolicy;
  targets?: TargetSelection;
  /** Targets already built (a wheelhouse.yaml's); used instead of `targets` when given. */
  targetList?: readonly Target[];
  upgrade?: boolean;
  upgradePackages?: readonly string[];
  /** `-o`. */
  outputFile?: string;
  format?: LockFormat;
  /**
   * Reads the pins of the lockfile being replaced; called unless `--upgrade`, only when the
   * output is a file that exists. Default: readLockfilePins (the lockfile module's readers).
   */
  readExistingPins?: (file: string, format: LockFormat) => Promise<readonly ExistingPinLike[]>;
  /** Fetches a remote requirements file (the index client's). */
  readUrl?: (url: string) => Promise<string>;
  /**
   * Called once the inputs are read, while the targets are still being worked out (asking
   * python3 about the host takes a few hundred milliseconds): the lock command starts
   * fetching then. Must not throw.
   */
  beforeTargets?: (early: EarlyLockInputs) => void;
}

/** What is known of a lock before its targets. */
export interface EarlyLockInputs {
  sources: PackageSources;
  requirements: readonly RootInput[];
  constraints: readonly RootInput[];
  /** The existing lockfile's pins still wanted. */
  preferences: ReadonlyMap<string, Version>;
  excludeNewer?: Date;
}

export interface LockInputs {
  request: LockRequest;
  /** Where packages are looked up (absolute find-links), for the index client. */
  sources: PackageSources;
  output: OutputPlan;
  /** Every input file read, as the user would name it. */
  filesRead: string[];
  /** For stderr. */
  warnings: string[];
}

const BINARY_EXPECTED = ':all:, :none: or comma-separated project names';

/** The command line's binary policy, in order. */
export function commandLineFormatControl(options: readonly BinaryOption[]): FormatControl {
  const control = new FormatControl();
  for (const { option, value } of options) {
    const names = value.split(',');
    const bad = names.find((n) => n !== ':all:' && n !== ':none:' && !/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(n));
    if (value === '' || bad !== undefined) {
      throw new UsageError(`invalid --${option} value`, { text: value, expected: BINARY_EXPECTED });
    }
    if (option === 'only-binary') control.addOnlyBinary(value);
    else control.addNoBinary(value);
  }
  return control;
}

/** `--group [PATH:]NAME` → file and group. */
export function parseGroupOption(value: string, defaultFile: string): { file: string; group: string } {
  const colon = value.lastIndexOf(':');
  const file = colon > 0 ? value.slice(0, colon) : defaultFile;
  const group = colon > 0 ? value.slice(colon + 1) : value;
  if (colon > 0 && path.basename(file) !== 'pyproject.toml') {
    throw new UsageError(`--group ${value}: the file must be a pyproject.toml`, { text: value, expected: 'NAME or PATH/pyproject.toml:NAME' });
  }
  if (group === '') throw new UsageError('--group needs a group name', { text: value, expected: 'NAME or PATH/pyproject.toml:NAME' });
  return { file, group };
}

function prereleasePolicy(options: LockInputOptions, filesPre: boolean, warnings: string[]): PrereleasePolicy {
  if (options.prerelease !== undefined) {
    if (options.pre && options.prerelease !== 'allow') {
      throw new UsageError(`--pre means --prerelease allow; it cannot be combined with --prerelease ${options.prerelease}`, {
        text: `--pre --prerelease ${options.prerelease}`,
        expected: 'either --pre or --prerelease MODE',
      });
    }
    if (filesPre && options.prerelease !== 'allow') warnings.push(`--pre in a requirements file is overridden by --prerelease ${options.prerelease}`);
    return options.prerelease;
  }
  return options.pre || filesPre ? 'allow' : 'if-necessary-or-explicit';
}

/** Paths relative to `dir`, "/" separated. */
function relativeTo(dir: string, cwd: string, files: readonly string[]): string[] {
  return files.map((f) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(f) ? f : path.relative(dir, path.resolve(cwd, f)).split(path.sep).join('/') || '.'));
}

interface InputSet {
  files: InputFile[];
  requirements: string[];
  /** Whether the inputs were looked up by default (no input given). */
  defaulted: boolean;
}

function inputSet(options: LockInputOptions, cwd: string): InputSet {
  const positional = classifyArguments(options.arguments ?? [], cwd);
  const given = positional.files.length + positional.requirements.length + (options.requirementFiles?.length ?? 0) + (options.groups?.length ?? 0);
  if (given > 0) return { ...positional, defaulted: false };
  for (const name of DEFAULT_INPUT_FILES) {
    if (existsSync(path.join(cwd, name))) return { files: [{ file: name, kind: name === 'pyproject.toml' ? 'pyproject' : 'requirements' }], requirements: [], defaulted: true };
  }
  throw new UsageError('nothing to lock: no input file, requirement or group was given, and there is no requirements.in or pyproject.toml here', {
    expected: 'an input file (requirements.in, pyproject.toml), requirements as arguments, -r FILE or --group NAME',
    hint: 'wheelhouse lock requirements.in, or wheelhouse lock "flask>=3" -o requirements.txt',
  });
}

/** Reads every pyproject.toml once: the input ones and those `--group` names. */
async function pyprojectInputs(options: LockInputOptions, inputs: InputSet, cwd: string, warnings: string[]): Promise<{ roots: RootInput[]; files: string[] }> {
  const wanted = new Map<string, { file: string; project: boolean; groups: string[] }>();
  const key = (file: string) => path.resolve(cwd, file);
  const inputPyprojects = inputs.files.filter((f) => f.kind === 'pyproject');
  for (const f of inputPyprojects) if (!wanted.has(key(f.file))) wanted.set(key(f.file), { file: f.file, project: true, groups: [] });
  // `--group NAME` without a path: the one pyproject.toml input, else ./pyproject.toml (pip's default).
  const defaultGroupFile = inputPyprojects.length === 1 ? (inputPyprojects[0] as InputFile).file : 'pyproject.toml';
  for (const value of options.groups ?? []) {
    const { file, group } = parseGroupOption(value, defaultGroupFile);
    const entry = wanted.get(key(file)) ?? { file, project: false, groups: [] };
    entry.groups.push(group);
    wanted.set(key(file), entry);
  }
  const extras = (options.extras ?? []).flatMap((e) => e.split(',')).map((e) => e.trim()).filter((e) => e !== '');
  const allExtras = options.allExtras === true;
  if (allExtras && extras.length > 0) {
    throw new UsageError('--extra has no effect when used with --all-extras', { text: extras.map((e) => `--extra ${e}`).join(' '), expected: 'either --extra NAME (repeatable) or --all-extras' });
  }
  const projects = [...wanted.values()].filter((w) => w.project);
  if ((extras.length > 0 || allExtras) && projects.length === 0) {
    throw new UsageError(`${allExtras ? '--all-extras' : '--extra'} applies to pyproject.toml inputs, and none was given`, {
      expected: 'a pyproject.toml among the input files: wheelhouse lock pyproject.toml --extra test',
    });
  }
  const read = new Map<string, Pyproject>();
  for (const [k, w] of wanted) read.set(k, await readPyproject(w.file, { cwd }));
  // An extra must exist in at least one of the projects; each project gets those it defines.
  for (const extra of extras) {
    const somewhere = projects.some((w) => read.get(key(w.file))?.project?.optionalDependencies.has(canonicalizeExtra(extra)) || read.get(key(w.file))?.project?.dynamic.includes('optional-dependencies'));
    if (!somewhere) {
      const known = projects.flatMap((w) => [...(read.get(key(w.file))?.project?.optionalDependencies.values() ?? [])].map((e) => e.name));
      throw new UsageError(`no input project defines the extra ${JSON.stringify(extra)}`, {
        text: extra,
        expected: known.length === 0 ? 'an extra defined in [project.optional-dependencies] (the inputs define none)' : `one of: ${[...new Set(known)].join(', ')}`,
      });
    }
  }
  const roots: RootInput[] = [];
  for (const [k, w] of wanted) {
    const pyproject = read.get(k) as Pyproject;
    const own = w.project && projects.length > 1 ? extras.filter((e) => pyproject.project?.optionalDependencies.has(canonicalizeExtra(e)) || pyproject.project?.dynamic.includes('optional-dependencies')) : extras;
    if (w.project && projects.length > 1 && own.length < extras.length) {
      warnings.push(`${w.file} does not define ${extras.filter((e) => !own.includes(e)).map((e) => `--extra ${e}`).join(', ')}; another input does`);
    }
    roots.push(...pyprojectRootInputs(pyproject, { project: w.project, ...(w.project ? { extras: own, allExtras } : {}), groups: w.groups }));
  }
  return { roots, files: [...wanted.values()].map((w) => w.file) };
}

/** Builds the LockRequest and everything around it (see the module comment). */
export async function collectLockInputs(options: LockInputOptions): Promise<LockInputs> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const warnings: string[] = [];
  const inputs = inputSet(options, cwd);
  const requirementFiles = [...inputs.files.filter((f) => f.kind === 'requirements').map((f) => f.file), ...(options.requirementFiles ?? [])];
  for (const file of options.requirementFiles ?? []) {
    if (path.basename(file) === 'pyproject.toml') {
      throw new UsageError(`-r ${file}: a pyproject.toml is not a requirements file`, { text: file, expected: `the pyproject.toml as an input file: wheelhouse lock ${file}` });
    }
  }
  const constraintFiles = [...(options.constraintFiles ?? [])];
  // The host's description comes from python3, a few hundred milliseconds away: ask now.
  // Targets already built (from a config file) are used as they are; otherwise python3 may
  // have to describe the host, which runs while the graph is prefetched (beforeTargets).
  const targetsPromise = options.targetList !== undefined && options.targetList.length > 0 ? Promise.resolve([...options.targetList]) : selectTargets(options.targets ?? {});
  targetsPromise.catch(() => undefined); // awaited below; an earlier error wins
  const cliFormat = commandLineFormatControl(options.binary ?? []);

  // Output first: a usage error there should not wait for files to be read.
  const outputInputs = [...inputs.files.map((f) => f.file), ...(options.requirementFiles ?? [])];
  const output = planOutput({
    inputs: outputInputs,
    ...(options.outputFile === undefined ? {} : { outputFile: options.outputFile }),
    ...(options.format === undefined ? {} : { format: options.format }),
    cwd,
  });
  const excludeNewer = options.excludeNewer === undefined ? undefined : options.excludeNewer instanceof Date ? options.excludeNewer : parseExcludeNewer(options.excludeNewer);

  const fileInputs =
    requirementFiles.length + constraintFiles.length > 0
      ? await readRequirementsInputs(
          { requirements: requirementFiles, constraints: constraintFiles },
          { cwd, env, formatControl: cliFormat, ...(options.readUrl === undefined ? {} : { readUrl: options.readUrl }) },
        )
      : undefined;
  warnings.push(...(fileInputs?.warnings ?? []));
  const pyproject = await pyprojectInputs(options, inputs, cwd, warnings);
  const cliRequirements = commandLineRequirements(inputs.requirements);

  const { sources, warnings: sourceWarnings } = mergePackageSources(options.index ?? {}, fileInputs?.options, cwd);
  warnings.push(...sourceWarnings);
  const formatControl = fileInputs?.options.formatControl ?? cliFormat;
  const preferBinary = Boolean(options.preferBinary) || Boolean(fileInputs?.options.preferBinary);
  const prerelease = prereleasePolicy(options, Boolean(fileInputs?.options.pre), warnings);

  let existing: readonly ExistingPinLike[] = [];
  if (!options.upgrade && output.destination.kind === 'file' && existsSync(output.destination.resolved)) {
    const read = options.readExistingPins ?? ((file: string, format: LockFormat) => readLockfilePins(file, format, { cwd, env }));
    existing = await read(output.destination.file, output.format);
  }
  if ((options.upgradePackages?.length ?? 0) > 0 && output.destination.kind === 'file' && !existsSync(output.destination.resolved)) {
    warnings.push(`--upgrade-package: ${output.destination.file} does not exist yet, so every package is resolved afresh`);
  }
  const pins = pinPreferences(existing, { all: Boolean(options.upgrade), packages: options.upgradePackages ?? [] });
  warnings.push(...pins.warnings);

  const requirements = [...(fileInputs?.requirements ?? []), ...pyproject.roots, ...cliRequirements];
  const constraints = [...(fileInputs?.constraints ?? []), ...pins.constraints];
  options.beforeTargets?.({ sources, requirements, constraints, preferences: pins.preferences, ...(excludeNewer === undefined ? {} : { excludeNewer }) });
  const targets = await targetsPromise;

  const lockDir = output.destination.kind === 'file' ? path.dirname(output.destination.resolved) : cwd;
  const lockOptions: LockOptions = {
    ...(sources.defaultIndex || sources.noIndex ? {} : { indexUrl: sources.indexUrls[0] as string }),
    extraIndexUrls: sources.indexUrls.slice(1),
    findLinks: findLinksForLockfile(sources.findLinks, lockDir),
    noIndex: sources.noIndex,
    onlyBinary: [...formatControl.onlyBinary].sort(),
    noBinary: [...formatControl.noBinary].sort(),
    preferBinary,
    pre: prerelease === 'allow',
  };
  const topFiles = [...requirementFiles, ...constraintFiles, ...pyproject.files];
  const request: LockRequest = {
    requirements,
    constraints,
    targets,
    prerelease,
    resolution: options.resolution ?? 'highest',
    ...(excludeNewer === undefined ? {} : { excludeNewer }),
    formatControl,
    preferBinary,
    preferences: pins.preferences,
    hashPolicy: options.hashes ?? 'all',
    options: lockOptions,
    inputs: relativeTo(lockDir, cwd, topFiles),
  };
  if (request.requirements.length === 0) {
    warnings.push('the inputs list no requirements: the lock will be empty');
  }
  const filesRead = [...new Set([...(fileInputs?.files.map((f) => f.file) ?? []), ...pyproject.files])];
  return { request, sources, output, filesRead, warnings };
}

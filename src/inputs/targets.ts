/**
 * The targets of a lock, from the command line: `--target` (repeatable; short spellings
 * and presets, parseTarget), or pip's `--python-version` / `--platform` / `--implementation`
 * / `--abi`, which describe one target with pip's meaning (targetFromPipOptions; a flag
 * left out is taken from the running python3, as pip takes it), or, with neither, the
 * host as python3 describes it (detectHostTarget, whose error says how to name a target
 * when python3 is absent). Mixing `--target` with pip's flags is a usage error.
 */
import { UsageError } from '../errors.js';
import { detectHostTarget, type DetectHostOptions } from '../tags/host.js';
import { parseTarget } from '../tags/parse-target.js';
import { hasPipTargetOptions, targetFromPipOptions, type PipTargetOptions } from '../tags/pip-options.js';
import type { Target } from '../tags/target.js';

export interface TargetSelection {
  /** `--target` values. */
  targets?: readonly string[];
  /** pip's flags. */
  pip?: PipTargetOptions;
  /** The interpreter that describes the host (`--python`); default $WHEELHOUSE_PYTHON, else python3. */
  python?: string;
  env?: NodeJS.ProcessEnv;
}

/** Whether pip's flags give everything pip would otherwise take from the running interpreter. */
function pipFlagsComplete(pip: PipTargetOptions): boolean {
  return Boolean(pip.pythonVersion) && Boolean(pip.platforms?.length) && pip.implementation !== undefined && (pip.implementation === 'cp' || Boolean(pip.abis?.length));
}

/** The targets (at least one), without repeats, in the order given. */
export async function selectTargets(selection: TargetSelection): Promise<Target[]> {
  const spellings = selection.targets ?? [];
  const pip = selection.pip ?? {};
  const usesPip = hasPipTargetOptions(pip);
  if (spellings.length > 0 && usesPip) {
    throw new UsageError("--target cannot be combined with pip's --python-version/--platform/--implementation/--abi", {
      expected: "either --target (repeatable, one per machine) or pip's flags, which describe one target",
      hint: 'write the pip flags as a target: --python-version 3.12 --platform manylinux_2_28_x86_64 is --target cp312-manylinux_2_28_x86_64',
    });
  }
  const detect = (): ReturnType<typeof detectHostTarget> => {
    const options: DetectHostOptions = {
      ...(selection.python === undefined ? {} : { python: selection.python }),
      ...(selection.env === undefined ? {} : { env: selection.env }),
    };
    return detectHostTarget(options);
  };
  if (spellings.length > 0) {
    const byName = new Map<string, Target>();
    for (const spelling of spellings) {
      const target = parseTarget(spelling);
      if (!byName.has(target.name)) byName.set(target.name, target);
    }
    return [...byName.values()];
  }
  if (!usesPip) return [await detect()];
  const host = pipFlagsComplete(pip) ? undefined : (await detect()).pipDefaults;
  return [targetFromPipOptions(pip, host)];
}

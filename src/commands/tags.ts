import * as Flags from '@oclif/core/flags';
import { WheelhouseCommand } from '../cli/base-command.js';
import { targetFlags, targetSelectionFromFlags } from '../cli/target-flags.js';
import { selectTargets } from '../inputs/targets.js';
import { formatPythonVersion, formatTag, type HostTarget, type Target } from '../tags/index.js';
import { MARKER_VARIABLES } from '../pep508/environment.js';

export default class Tags extends WheelhouseCommand {
  static override summary = 'Print the wheel tags a target accepts, most preferred first.';

  static override description = `A target is the machine a wheelhouse is for. Name it with --target (repeatable) as INTERPRETER-PLATFORM (cp312-manylinux_2_28_x86_64, cp311-win_amd64, cp39-macosx_11_0_arm64, pp310-manylinux_2_17_x86_64, cp313t-musllinux_1_2_aarch64), INTERPRETER-ABI-PLATFORM (cp312-abi3-win_amd64) or PRESET@VERSION (linux-x86_64@3.12, linux-aarch64@3.12, linux-musl-x86_64@3.12, macos-arm64@3.12, macos-x86_64@3.12, windows-x86_64@3.12, windows-arm64@3.12, …@pypy3.10, …@3.13t).

The platform of a target stands for the machine: manylinux_2_28_x86_64 accepts every older manylinux level (down to manylinux1 on x86_64 and i686, manylinux2014 elsewhere, legacy aliases included), musllinux_1_2 down to 1_0, macosx_14_0_arm64 every older macOS build that runs there.

pip's own flags (--python-version, --platform, --implementation, --abi) describe one target with pip's meaning: --platform lists exact platform tags, and a flag left out is taken from the running python3. Without a target, the host (python3) is described.`;

  static override examples = [
    '<%= config.bin %> tags --target cp312-manylinux_2_28_x86_64',
    '<%= config.bin %> tags --target linux-x86_64@3.12 --target macos-arm64@3.12 --target windows-x86_64@3.12',
    '<%= config.bin %> tags --python-version 3.12 --platform manylinux_2_28_x86_64 --implementation cp --abi cp312',
    '<%= config.bin %> tags --target pp310-manylinux_2_17_x86_64 --markers',
    '<%= config.bin %> tags --json',
  ];

  static override flags = {
    ...targetFlags(),
    markers: Flags.boolean({ summary: 'Print the PEP 508 marker environment instead of the tags.' }),
    json: Flags.boolean({ summary: 'Print targets, tags and marker environments as JSON (an array, one object per target).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Tags);
    const targets = await selectTargets(targetSelectionFromFlags(flags));
    if (flags.json) {
      this.log(JSON.stringify(targets.map(toJson), null, 2));
      return;
    }
    const blocks = targets.map((t) => (flags.markers ? markerLines(t) : t.tags.map(formatTag)));
    if (targets.length === 1) {
      this.log((blocks[0] as string[]).join('\n'));
      return;
    }
    this.log(targets.map((t, i) => [`# ${t.name}`, ...(blocks[i] as string[])].join('\n')).join('\n\n'));
  }
}

function markerLines(t: Target): string[] {
  const unknown = new Set<string>(t.unknownMarkers);
  return MARKER_VARIABLES.filter((v) => v !== 'extra').map((v) => {
    const value = t.markers[v as Exclude<typeof v, 'extra'>];
    return `${v} = ${JSON.stringify(value)}${unknown.has(v) ? '  # unknown for this target' : ''}`;
  });
}

function toJson(t: Target): Record<string, unknown> {
  const host = t as Partial<HostTarget>;
  return {
    name: t.name,
    implementation: t.implementation,
    python: formatPythonVersion(t.python),
    interpreter: t.interpreter,
    abis: t.abis,
    platforms: t.platforms,
    tags: t.tags.map(formatTag),
    markers: t.markers,
    unknownMarkers: t.unknownMarkers,
    ...(host.pythonExecutable === undefined ? {} : { pythonExecutable: host.pythonExecutable, tagSource: host.tagSource }),
  };
}

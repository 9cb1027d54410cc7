/**
 * Targets checked against packaging: each short spelling and the packaging call that
 * must give the same list (the platform expanded by packaging itself, see
 * packaging-oracle.ts). Shared by the library tests and the end-to-end CLI test.
 */
import { isFreeThreadedAbi, PACKAGING_DEVIATIONS } from '../../src/tags/index.js';
import type { OracleCase } from './packaging-oracle.js';

const ml = (glibc: [number, number], arch: string) => ({ family: 'manylinux' as const, glibc, arch });
const musl = (v: [number, number], arch: string) => ({ family: 'musllinux' as const, musl: v, arch });
const mac = (version: [number, number], arch: string) => ({ family: 'macos' as const, version, arch });
const exact = (...platforms: string[]) => ({ family: 'exact' as const, platforms });
const cp = (major: number, minor: number, platform: OracleCase['platform'], abi = `cp${major}${minor}`): OracleCase => ({
  implementation: 'cp',
  version: [major, minor],
  abis: [abi],
  interpreter: `cp${major}${minor}`,
  platform,
});
const pp = (major: number, minor: number, platform: OracleCase['platform']): OracleCase => ({
  implementation: 'pp',
  version: [major, minor],
  abis: [`pypy${major}${minor}_pp73`],
  interpreter: `pp${major}${minor}`,
  platform,
});

export const TARGET_CASES: { spelling: string; oracle: OracleCase }[] = [
  { spelling: 'cp312-manylinux_2_28_x86_64', oracle: cp(3, 12, ml([2, 28], 'x86_64')) },
  { spelling: 'cp313-manylinux_2_34_x86_64', oracle: cp(3, 13, ml([2, 34], 'x86_64')) },
  { spelling: 'cp38-manylinux_2_17_x86_64', oracle: cp(3, 8, ml([2, 17], 'x86_64')) },
  { spelling: 'cp37-manylinux2010_x86_64', oracle: cp(3, 7, ml([2, 12], 'x86_64'), 'cp37m') },
  { spelling: 'cp27-manylinux1_x86_64', oracle: cp(2, 7, ml([2, 5], 'x86_64'), 'cp27mu') },
  { spelling: 'cp311-manylinux_2_17_aarch64', oracle: cp(3, 11, ml([2, 17], 'aarch64')) },
  { spelling: 'cp312-manylinux_2_28_aarch64', oracle: cp(3, 12, ml([2, 28], 'aarch64')) },
  { spelling: 'cp310-manylinux_2_31_ppc64le', oracle: cp(3, 10, ml([2, 31], 'ppc64le')) },
  { spelling: 'cp39-manylinux_2_24_i686', oracle: cp(3, 9, ml([2, 24], 'i686')) },
  { spelling: 'cp312-musllinux_1_2_x86_64', oracle: cp(3, 12, musl([1, 2], 'x86_64')) },
  { spelling: 'cp311-musllinux_1_1_aarch64', oracle: cp(3, 11, musl([1, 1], 'aarch64')) },
  { spelling: 'cp311-win_amd64', oracle: cp(3, 11, exact('win_amd64')) },
  { spelling: 'cp310-win32', oracle: cp(3, 10, exact('win32')) },
  { spelling: 'cp312-win_arm64', oracle: cp(3, 12, exact('win_arm64')) },
  { spelling: 'cp314-win_amd64', oracle: cp(3, 14, exact('win_amd64')) },
  { spelling: 'cp312-linux_x86_64', oracle: cp(3, 12, exact('linux_x86_64')) },
  { spelling: 'cp39-macosx_11_0_arm64', oracle: cp(3, 9, mac([11, 0], 'arm64')) },
  { spelling: 'cp312-macosx_14_0_arm64', oracle: cp(3, 12, mac([14, 0], 'arm64')) },
  { spelling: 'cp313-macosx_15_2_arm64', oracle: cp(3, 13, mac([15, 2], 'arm64')) },
  { spelling: 'cp312-macosx_10_9_x86_64', oracle: cp(3, 12, mac([10, 9], 'x86_64')) },
  { spelling: 'cp311-macosx_12_0_x86_64', oracle: cp(3, 11, mac([12, 0], 'x86_64')) },
  { spelling: 'cp310-macosx_10_9_universal2', oracle: cp(3, 10, mac([10, 9], 'universal2')) },
  { spelling: 'cp313t-manylinux_2_28_x86_64', oracle: cp(3, 13, ml([2, 28], 'x86_64'), 'cp313t') },
  { spelling: 'cp312-abi3-manylinux_2_17_x86_64', oracle: cp(3, 12, ml([2, 17], 'x86_64'), 'abi3') },
  { spelling: 'pp310-manylinux_2_17_x86_64', oracle: pp(3, 10, ml([2, 17], 'x86_64')) },
  { spelling: 'pp39-win_amd64', oracle: pp(3, 9, exact('win_amd64')) },
  { spelling: 'pp311-macosx_11_0_arm64', oracle: pp(3, 11, mac([11, 0], 'arm64')) },
  { spelling: 'linux-x86_64@3.12', oracle: cp(3, 12, ml([2, 17], 'x86_64')) },
  { spelling: 'linux-aarch64@3.11', oracle: cp(3, 11, ml([2, 17], 'aarch64')) },
  { spelling: 'linux-musl-x86_64@3.12', oracle: cp(3, 12, musl([1, 2], 'x86_64')) },
  { spelling: 'macos-arm64@3.12', oracle: cp(3, 12, mac([12, 0], 'arm64')) },
  { spelling: 'macos-x86_64@3.11', oracle: cp(3, 11, mac([12, 0], 'x86_64')) },
  { spelling: 'windows-x86_64@3.12', oracle: cp(3, 12, exact('win_amd64')) },
  { spelling: 'windows-arm64@3.13', oracle: cp(3, 13, exact('win_arm64')) },
  { spelling: 'windows-x86_64@3.13t', oracle: cp(3, 13, exact('win_amd64'), 'cp313t') },
  { spelling: 'linux-x86_64@pypy3.10', oracle: pp(3, 10, ml([2, 17], 'x86_64')) },
];

/** pip's packaging 21.3 list, rewritten by every deviation wheelhouse declares. */
export function applyDeviations(tags: readonly string[], abis: readonly string[]): string[] {
  return tags.map((text) => {
    let [interpreter, abi, platform] = text.split('-') as [string, string, string];
    for (const d of PACKAGING_DEVIATIONS) {
      const r = d.rewrite;
      if (r.kind === 'rename-platform-suffix' && platform.endsWith(r.from)) platform = platform.slice(0, -r.from.length) + r.to;
      if (r.kind === 'rename-abi-when-free-threaded' && isFreeThreadedAbi(abis) && abi === r.from) abi = r.to;
    }
    return `${interpreter}-${abi}-${platform}`;
  });
}

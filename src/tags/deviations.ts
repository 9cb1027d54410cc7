/**
 * Where wheelhouse's tag lists differ from pip 23.2.1's vendored packaging 21.3 (the
 * machine's pip, the real client in the tests) because modern packaging changed the rule
 * (26.3, from the machine's PyPI mirror). The tests compute both oracles and assert that
 * wheelhouse equals packaging 26.3 everywhere, and pip's packaging 21.3 everywhere except
 * exactly these rewrites.
 */

export interface PackagingDeviation {
  id: string;
  /** what changes, in words */
  summary: string;
  /** which behaviour wheelhouse follows and why */
  why: string;
  /** the rewrite that turns packaging 21.3's list into wheelhouse's */
  rewrite:
    | { kind: 'rename-platform-suffix'; from: string; to: string }
    | { kind: 'rename-abi-when-free-threaded'; from: string; to: string };
}

export const PACKAGING_DEVIATIONS: readonly PackagingDeviation[] = [
  {
    id: 'macos-fat3',
    summary: 'macOS three-architecture fat binaries are tagged "fat3" (packaging 26.3), not "fat32" (packaging 21.3, vendored by pip 23.2.1)',
    why: 'CPython\'s sysconfig names the format "fat3"; "fat32" was a typo in older packaging releases, so a fat3 wheel only matches with the corrected name',
    rewrite: { kind: 'rename-platform-suffix', from: '_fat32', to: '_fat3' },
  },
  {
    id: 'free-threaded-abi3t',
    summary: 'a free-threaded CPython (ABI cp313t) gets no abi3 tags, and gets abi3t tags instead (packaging ≥ 26.1, PEP 803)',
    why: 'a free-threaded interpreter cannot load abi3 extension modules; pip 23.2.1 predates free-threading and would offer abi3 wheels that fail to import',
    rewrite: { kind: 'rename-abi-when-free-threaded', from: 'abi3', to: 'abi3t' },
  },
];

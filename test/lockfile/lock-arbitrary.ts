/**
 * fast-check arbitraries of locks in the form the pylock.toml reader gives them back: names
 * normalised and sorted, a package's files as the main sdist, then the wheels by name, then
 * other sdists; defaults left out rather than written (no `editable: false`, no empty extras
 * on a dependency, dependency names normalised, sorted and unique when none has extras or a
 * marker). Every field of the model is exercised.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { AttestationIdentity, DirectReference, Lock, LockedDependency, LockedFile, LockedPackage, LockTarget } from '../../src/lockfile/index.js';
import { lockTarget } from './fixtures.js';

/** Where the lock file of a generated lock is (relative paths resolve from here). */
export const LOCK_DIR = '/lock/dir';

/** Targets whose marker environments differ, so that any subset has a marker. */
const TARGET_SPECS = ['cp311-manylinux_2_17_x86_64', 'cp312-manylinux_2_17_aarch64', 'cp312-win_amd64', 'cp313-macosx_12_0_arm64', 'pp310-manylinux_2_17_x86_64'];
const TARGETS = TARGET_SPECS.map(lockTarget);

const VERSIONS = ['1.0', '2.31.0', '0.9.1.post2', '3.0rc1', '1!2.0', '2024.1.15', '1.0.dev3', '5.0+local.1'];
const WHEEL_TAGS = ['py3-none-any', 'py2.py3-none-any', 'cp312-cp312-win_amd64', 'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64', 'cp312-abi3-macosx_11_0_arm64'];
/** Package markers (pylock.toml markers may test dependency groups) and dependency markers. */
const MARKERS = ['python_version < "3.12"', 'sys_platform == "win32" or sys_platform == "darwin"', "platform_machine != 'aarch64'", '"dev" in dependency_groups', "'socks' in extras"];
const DEPENDENCY_MARKERS = ['python_version < "3.12"', 'extra == "socks"', "os_name == 'nt' and platform_machine == \"x86_64\""];
const SPECIFIERS = ['>=3.8', '>=3.9,<4', '!=3.10.*', '~=3.11', '==3.12.*'];
const INDEXES = ['https://pypi.example.org/simple', 'https://mirror.example.org/pypi/simple/'];

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const normalizedName = fc.tuple(word, fc.option(word, { nil: undefined })).map(([a, b]) => (b === undefined ? a : `${a}-${b}`));
/** Upload times in the lock's normal form (UTC, milliseconds, no ".000"). */
const uploadTime = fc.date({ min: new Date('2005-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => {
  const iso = d.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
});
/** Text with quotes, backslashes, control characters and non-ASCII, for strings TOML must escape. */
const awkwardText = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', "'", '\\', '\t', '\n', '\u0001', 'é', '☃', '#', '=', '[', '.'), minLength: 1, maxLength: 12 });

function fileArb(name: string, filename: string, kind: 'wheel' | 'sdist'): fc.Arbitrary<LockedFile> {
  return fc
    .record(
      {
        index: fc.constantFrom(...INDEXES),
        extraHash: hex(128),
        size: fc.nat({ max: 2 ** 40 }),
        uploadTime,
        requiresPython: fc.constantFrom(...SPECIFIERS),
        yanked: fc.oneof(fc.constant(false as const), awkwardText),
        path: fc.constant(`wheels/${filename}`),
      },
      { requiredKeys: [] },
    )
    .chain((optional) =>
      hex(64).map((sha256) => {
        const file: LockedFile = { filename, kind, url: `https://files.example.org/packages/${name}/${encodeURIComponent(filename)}`, hashes: { sha256 } };
        if (optional.index !== undefined) file.index = optional.index;
        if (optional.extraHash !== undefined) file.hashes = { sha256, sha512: optional.extraHash };
        if (optional.size !== undefined) file.size = optional.size;
        if (optional.uploadTime !== undefined) file.uploadTime = optional.uploadTime;
        if (optional.requiresPython !== undefined) file.requiresPython = optional.requiresPython;
        if (optional.yanked !== undefined) file.yanked = optional.yanked;
        if (optional.path !== undefined) file.path = optional.path;
        return file;
      }),
    );
}

function indexFilesArb(name: string, version: string): fc.Arbitrary<LockedFile[]> {
  const escaped = name.replace(/-/g, '_');
  return fc
    .record({
      tarGz: fc.boolean(),
      zip: fc.boolean(),
      wheelTags: fc.uniqueArray(fc.constantFrom(...WHEEL_TAGS), { maxLength: 3 }),
    })
    .filter((r) => r.tarGz || r.zip || r.wheelTags.length > 0)
    .chain((r) => {
      const sdists = [...(r.tarGz ? [`${escaped}-${version}.tar.gz`] : []), ...(r.zip ? [`${escaped}-${version}.zip`] : [])];
      const wheels = r.wheelTags.map((t) => `${escaped}-${version}-${t}.whl`).sort();
      const [main, ...others] = sdists;
      const order: Array<[string, 'wheel' | 'sdist']> = [
        ...(main === undefined ? [] : [[main, 'sdist'] as [string, 'sdist']]),
        ...wheels.map((w) => [w, 'wheel'] as [string, 'wheel']),
        ...others.map((o) => [o, 'sdist'] as [string, 'sdist']),
      ];
      return fc.tuple(...order.map(([filename, kind]) => fileArb(name, filename, kind)));
    });
}

const vcsArb: fc.Arbitrary<DirectReference> = fc
  .record({ host: word, revision: fc.option(fc.constantFrom('main', 'v1.0', 'refs/heads/x'), { nil: undefined }), commit: hex(40), sub: fc.option(word, { nil: undefined }), editable: fc.boolean() })
  .map((r) => ({
    kind: 'vcs' as const,
    url: `git+https://${r.host}.example/org/repo${r.revision === undefined ? '' : `@${r.revision}`}`,
    commit: r.commit,
    ...(r.sub === undefined ? {} : { subdirectory: r.sub }),
    ...(r.editable ? { editable: true } : {}),
  }));

const directoryArb: fc.Arbitrary<DirectReference> = fc
  .record({ dir: word, sub: fc.option(word, { nil: undefined }), editable: fc.boolean() })
  .map((r) => ({ kind: 'path' as const, url: `libs/${r.dir}`, ...(r.sub === undefined ? {} : { subdirectory: r.sub }), ...(r.editable ? { editable: true } : {}) }));

type Source = { direct?: DirectReference; files: LockedFile[] };

function archiveArb(name: string, version: string, local: boolean): fc.Arbitrary<Source> {
  const escaped = name.replace(/-/g, '_');
  return fc.record({ wheel: fc.boolean(), sub: fc.option(word, { nil: undefined }) }).chain(({ wheel, sub }) => {
    const filename = wheel ? `${escaped}-${version}-py3-none-any.whl` : `${escaped}-${version}.tar.gz`;
    return fileArb(name, filename, wheel ? 'wheel' : 'sdist').map((file): Source => {
      const { index: _index, ...rest } = file;
      const f: LockedFile = { ...rest };
      let direct: DirectReference;
      if (local) {
        direct = { kind: 'path', url: `dist/${filename}` };
        f.url = pathToFileURL(path.resolve(LOCK_DIR, direct.url)).href;
        delete f.path;
      } else {
        direct = { kind: 'url', url: `https://dl.example.org/${filename}` };
        f.url = direct.url;
      }
      if (sub !== undefined) direct.subdirectory = sub;
      return { direct, files: [f] };
    });
  });
}

function sourceArb(name: string, version: string): fc.Arbitrary<{ version: string } & Source> {
  return fc.oneof(
    { weight: 5, arbitrary: indexFilesArb(name, version).map((files) => ({ version, files })) },
    { weight: 1, arbitrary: fc.tuple(vcsArb, fc.constantFrom('', version)).map(([direct, v]) => ({ version: v, direct, files: [] })) },
    { weight: 1, arbitrary: fc.tuple(directoryArb, fc.constantFrom('', version)).map(([direct, v]) => ({ version: v, direct, files: [] })) },
    { weight: 1, arbitrary: archiveArb(name, version, false).map((s) => ({ version, ...s })) },
    { weight: 1, arbitrary: archiveArb(name, version, true).map((s) => ({ version, ...s })) },
  );
}

const dependenciesArb: fc.Arbitrary<LockedDependency[]> = fc.oneof(
  fc.uniqueArray(normalizedName, { maxLength: 3 }).map((names) => names.sort().map((name) => ({ name }))),
  fc.array(
    fc.record({ name: normalizedName, extras: fc.uniqueArray(word, { minLength: 1, maxLength: 2 }), marker: fc.constantFrom(...DEPENDENCY_MARKERS) }, { requiredKeys: ['name'] }),
    { minLength: 1, maxLength: 3 },
  ),
);

const identityArb: fc.Arbitrary<AttestationIdentity> = fc
  .record({ kind: fc.constantFrom('GitHub', 'GitLab'), repository: awkwardText, workflow: word, environment: word }, { requiredKeys: ['kind', 'repository'] })
  .map((r) => ({ ...r }) as AttestationIdentity);

function packageArb(name: string, targets: readonly LockTarget[]): fc.Arbitrary<LockedPackage> {
  const names = targets.map((t) => t.name);
  return fc.constantFrom(...VERSIONS).chain((version) =>
    fc
      .record({
        source: sourceArb(name, version),
        targets: names.length === 0 ? fc.constant([] as string[]) : fc.oneof(fc.constant(names), fc.constant([] as string[]), fc.subarray(names, { minLength: 1 })),
        marker: fc.option(fc.constantFrom(...MARKERS), { nil: undefined }),
        extras: fc.uniqueArray(word, { maxLength: 2 }),
        requiresPython: fc.option(fc.constantFrom(...SPECIFIERS), { nil: undefined }),
        dependencies: dependenciesArb,
        via: fc.array(fc.oneof(fc.constant('-r requirements.in'), awkwardText), { maxLength: 3 }),
        identities: fc.option(fc.array(identityArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      })
      .map((r) => {
        const pkg: LockedPackage = {
          name,
          version: r.source.version,
          targets: r.targets,
          extras: r.extras,
          files: r.source.files,
          dependencies: r.dependencies,
          via: r.via,
        };
        if (r.source.direct) pkg.direct = r.source.direct;
        if (r.marker !== undefined) pkg.marker = r.marker;
        if (r.requiresPython !== undefined) pkg.requiresPython = r.requiresPython;
        if (r.identities !== undefined) pkg.attestationIdentities = r.identities;
        return pkg;
      }),
  );
}

const urlArb = fc.tuple(word, word).map(([host, p]) => `https://${host}.example.org/${p}/`);

export const lockArb: fc.Arbitrary<Lock> = fc
  .record({
    targets: fc.subarray(TARGETS, { minLength: 0 }).map((ts) => ts.map((t) => ({ ...t, tags: [...t.tags] }))),
    names: fc.uniqueArray(normalizedName, { maxLength: 6 }),
    hashPolicy: fc.constantFrom('all' as const, 'targets' as const),
    inputs: fc.array(fc.constantFrom('requirements.in', 'constraints/c.txt', 'dir with space/r.in'), { maxLength: 2 }),
    indexUrl: fc.option(urlArb, { nil: undefined }),
    extraIndexUrls: fc.array(urlArb, { maxLength: 2 }),
    findLinks: fc.array(fc.oneof(urlArb, fc.constant('./wheels')), { maxLength: 2 }),
    noIndex: fc.boolean(),
    onlyBinary: fc.uniqueArray(fc.oneof(fc.constant(':all:'), normalizedName), { maxLength: 2 }),
    noBinary: fc.uniqueArray(normalizedName, { maxLength: 2 }),
    preferBinary: fc.boolean(),
    pre: fc.boolean(),
    requiresPython: fc.option(fc.constantFrom(...SPECIFIERS), { nil: undefined }),
    extras: fc.option(fc.uniqueArray(word, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    dependencyGroups: fc.option(fc.uniqueArray(word, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    defaultGroups: fc.option(fc.uniqueArray(word, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    dropUnknownMarkers: fc.boolean(),
  })
  .chain((r) => {
    const targets: LockTarget[] = r.dropUnknownMarkers ? r.targets.map(({ unknownMarkers: _u, ...t }) => t) : r.targets;
    const names = [...r.names].sort();
    return fc.tuple(...names.map((n) => packageArb(n, targets))).map((packages) => {
      const lock: Lock = {
        targets,
        packages: packages.map((p) => ({ ...p, targets: p.targets.filter((t) => targets.some((x) => x.name === t)) })),
        hashPolicy: r.hashPolicy,
        inputs: r.inputs,
        options: {
          extraIndexUrls: r.extraIndexUrls,
          findLinks: r.findLinks,
          noIndex: r.noIndex,
          onlyBinary: r.onlyBinary,
          noBinary: r.noBinary,
          preferBinary: r.preferBinary,
          pre: r.pre,
          ...(r.indexUrl === undefined ? {} : { indexUrl: r.indexUrl }),
        },
      };
      if (r.requiresPython !== undefined) lock.requiresPython = r.requiresPython;
      if (r.extras !== undefined) lock.extras = r.extras;
      if (r.dependencyGroups !== undefined) lock.dependencyGroups = r.dependencyGroups;
      if (r.defaultGroups !== undefined) lock.defaultGroups = r.defaultGroups;
      return lock;
    });
  });

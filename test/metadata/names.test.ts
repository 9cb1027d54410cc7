import { describe, expect, it } from 'vitest';
import { canonicalizeName, escapeNameForFilename, isValidProjectName, normalizeVersionString, versionsLooselyEqual } from '../../src/metadata/names.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

describe('names', () => {
  it('canonicalises as PEP 503 says', () => {
    expect(canonicalizeName('Foo.Bar__baz--Qux')).toBe('foo-bar-baz-qux');
    expect(escapeNameForFilename('Foo.Bar-baz')).toBe('foo_bar_baz');
    expect(isValidProjectName('a')).toBe(true);
    expect(isValidProjectName('a.b-c_d')).toBe(true);
    expect(isValidProjectName('-a')).toBe(false);
    expect(isValidProjectName('a b')).toBe(false);
  });

  it('compares versions in their PEP 440 normal form (provisional)', () => {
    expect(versionsLooselyEqual('1.0.0-rc1', '1.0.0rc1')).toBe(true);
    expect(versionsLooselyEqual('1.0_post1', '1.0.post1')).toBe(true);
    expect(versionsLooselyEqual('1.0', '1.1')).toBe(false);
  });
});

// Versions from PEP 440's "Normalization" section and packaging's tests (pypa/packaging,
// tests/test_version.py), normalised by pip's vendored packaging as the oracle.
const VERSIONS = [
  '1.0', 'v1.0', 'V1.0', '1.0a1', '1.0-alpha1', '1.0.alpha.1', '1.0b2', '1.0beta2', '1.0c3', '1.0pre3', '1.0preview3', '1.0rc3',
  '1.0-rc3', '1.0.rc.3', '1.0a', '1.0post1', '1.0-post1', '1.0.post', '1.0-1', '1.0r1', '1.0rev1', '1.0dev1', '1.0-dev', '1.0.dev',
  '1!2.0', '0!1.0', '01.002.0003', '1.0+ubuntu-1', '1.0+Local_Version.07', '2.13.0+cpu', '1.0a1.post2.dev3', '1.0_post_1', '2023.10.01',
  '1.0RC1', '1.0.0-beta.2',
];

describe.skipIf(!hasPython())('normalizeVersionString against packaging', () => {
  it('gives packaging\'s normal form', async () => {
    const py = await runPythonJson<string[]>(
      'import json,sys\nfrom pip._vendor.packaging.version import Version\nprint(json.dumps([str(Version(v)) for v in json.load(sys.stdin)]))',
      VERSIONS,
    );
    expect(VERSIONS.map(normalizeVersionString)).toEqual(py);
  });
});

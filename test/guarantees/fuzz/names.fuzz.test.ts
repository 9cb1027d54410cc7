/**
 * Fuzzing names and command-line values: wheel and sdist file names (and the classifier
 * the index client runs on every link), tags, targets, --exclude-newer, --upgrade-package,
 * --group. Every input parses or throws the typed error; a file name that parses is safe
 * to join to a directory, and a wheel name prints back to itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FilenameError } from '../../../src/errors.js';
import { buildWheelFilename, classifyDistributionFilename, isSafeFilename, parseSdistFilename, parseWheelFilename } from '../../../src/filenames/index.js';
import { parseGroupOption } from '../../../src/inputs/collect.js';
import { parseExcludeNewer } from '../../../src/inputs/exclude-newer.js';
import { parseUpgradePackages } from '../../../src/inputs/pins.js';
import { parseTarget, parseTag } from '../../../src/tags/index.js';
import { anyText, fuzzParams, fuzzTimeout, mutated, tokenString, typedOutcome } from '../support/fuzz.js';

const LOCATION = { url: 'https://index.example/simple/demo/' };

const NAME_TOKENS = ['demo', 'Demo_Pkg', 'a.b', '-', '_', '.', '1.0', '2!1.0', '1.0.post1', '1.0+local', '0abc', 'py3', 'cp312', 'none', 'abi3', 'any', 'manylinux_2_17_x86_64', 'win_amd64', '.whl', '.tar.gz', '.zip', '.tar.bz2', '.egg', '.exe', '/', '\\', '..', '\0', 'C:', '%2F', ' '];
const FILENAME_SEEDS = ['demo-1.0-py3-none-any.whl', 'Demo_Pkg-2.0.post1-1abc-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'demo-1.0.tar.gz', 'demo_pkg-1.0.zip', 'foo-bar-1.0.tar.gz'];
const filenameInputs = fc.oneof(mutated(fc.constantFrom(...FILENAME_SEEDS), NAME_TOKENS), tokenString(NAME_TOKENS, 20), anyText(80));

describe('fuzz: wheel and sdist file names', () => {
  it('parse or throw FilenameError naming where the name came from; parsed names are safe and wheels print back', () => {
    fc.assert(
      fc.property(filenameInputs, fc.constantFrom(undefined, 'demo', 'foo-bar', 'demo-pkg'), (name, project) => {
        const wheel = typedOutcome(name, () => parseWheelFilename(name, LOCATION));
        if (wheel.ok) {
          expect(isSafeFilename(name), `unsafe wheel name ${JSON.stringify(name)} parsed`).toBe(true);
          const w = wheel.value;
          const again = parseWheelFilename(buildWheelFilename({ name: w.name, version: w.version, ...(w.buildTag ? { buildTag: w.buildTag.text } : {}), tag: { interpreters: w.pythonTags, abis: w.abiTags, platforms: w.platformTags } }));
          expect(again.normalizedName).toBe(w.normalizedName);
          expect(again.tags).toEqual(w.tags);
        } else {
          expect(wheel.error).toBeInstanceOf(FilenameError);
          expect(wheel.error.location?.url).toBe(LOCATION.url);
        }
        const sdist = typedOutcome(name, () => parseSdistFilename(name, project, LOCATION));
        if (sdist.ok) expect(isSafeFilename(name), `unsafe sdist name ${JSON.stringify(name)} parsed`).toBe(true);
        const kind = typedOutcome(name, () => classifyDistributionFilename(name, project), false);
        if (kind.ok && kind.value.kind !== 'ignored') expect(isSafeFilename(name)).toBe(true);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

const TAG_TOKENS = ['99999999', '_2_', '_1_', 'cp312', 'py3', 'pp310', 'cp313t', '-', '.', '_', '@', 'linux', 'x86_64', 'manylinux_2_28', 'manylinux2014', 'musllinux_1_2', 'win_amd64', 'macosx_11_0_arm64', 'linux-x86_64', 'windows-x86_64', 'macos-arm64', '3.12', '3', '312', 'abi3', 'none', 'any', ' '];

describe('targets with absurd platform levels', () => {
  it('are refused at once instead of listing a tag per level (npm run fuzz found manylinux_2_99999999 and @3.1999999992 exhausting memory)', () => {
    for (const t of ['cp312-manylinux_2_99999999_x86_64', 'cp312-musllinux_1_99999999_aarch64', 'cp312-macosx_99999_0_arm64', 'cp312-manylinux_99999_0_x86_64', 'linux-x86_64@3.1999999992', 'cp3999999-win_amd64']) {
      const out = typedOutcome(t, () => parseTarget(t), false);
      expect(out.ok, t).toBe(false);
      if (!out.ok) expect(out.error.message).toMatch(/beyond any real/);
    }
    expect(parseTarget('cp312-manylinux_2_999_x86_64').platforms.length).toBeGreaterThan(0);
  });
});

describe('fuzz: tags and command-line values', () => {
  it('--target, tags, --exclude-newer, --upgrade-package and --group values: parsed or a typed error', () => {
    const values = fc.oneof(tokenString(TAG_TOKENS, 12), mutated(fc.constantFrom('cp312-manylinux_2_28_x86_64', 'linux-x86_64@3.12', 'cp311-win_amd64', '2024-06-01', '2024-06-01T12:00:00Z', 'requests==2.32.3', 'path/pyproject.toml:dev'), TAG_TOKENS), anyText(60));
    fc.assert(
      fc.property(values, (text) => {
        for (const parse of [() => parseTarget(text) as unknown, () => parseTag(text), () => parseExcludeNewer(text), () => parseUpgradePackages([text]), () => parseGroupOption(text, 'pyproject.toml')] as Array<() => unknown>) {
          typedOutcome(text, parse, false);
        }
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

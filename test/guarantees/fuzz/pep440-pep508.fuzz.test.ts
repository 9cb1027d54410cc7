/**
 * Fuzzing PEP 440 (versions, specifiers, specifier sets) and PEP 508 (markers, requirements):
 * every input parses or throws the typed error with a location; what parses prints a
 * canonical form that parses back to the same thing and prints the same again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequirementError, VersionError } from '../../../src/errors.js';
import { Specifier, SpecifierSet, Version } from '../../../src/pep440/index.js';
import { Marker, Requirement } from '../../../src/pep508/index.js';
import { ENVIRONMENTS } from '../../pep508/generators.js';
import { badMarkerText, markerText, requirementText, badRequirementText } from '../../pep508/generators.js';
import { invalidVersionText, rng, specifierText, validVersionText } from '../../pep440/generators.js';
import { anyText, fromSeeded, fuzzParams, fuzzTimeout, mutated, tokenString, typedOutcome } from '../support/fuzz.js';

const LOCATION = { file: 'fuzz.in', line: 3, column: 5 };

const VERSION_ALPHABET = ['0', '1', '9', '00', '.', '!', '+', '-', '_', 'a', 'b', 'rc', 'c', 'post', 'dev', 'v', 'r', '*', ' ', '12345678901234567890'];
const versionInputs = fc.oneof(
  fromSeeded((s) => validVersionText(rng(s))),
  fromSeeded((s) => invalidVersionText(rng(s))),
  mutated(fromSeeded((s) => validVersionText(rng(s))), VERSION_ALPHABET),
  tokenString(VERSION_ALPHABET, 30),
  anyText(60),
);

const SPEC_ALPHABET = [...VERSION_ALPHABET, '==', '!=', '<=', '>=', '<', '>', '~=', '===', ',', '.*', '(', ')'];
const specifierInputs = fc.oneof(
  fromSeeded((s) => specifierText(rng(s))),
  fromSeeded((s) => {
    const r = rng(s);
    return Array.from({ length: 1 + Math.floor(r() * 4) }, () => specifierText(r)).join(',');
  }),
  mutated(fromSeeded((s) => specifierText(rng(s))), SPEC_ALPHABET),
  tokenString(SPEC_ALPHABET, 30),
  anyText(60),
);

const MARKER_ALPHABET = ['python_version', 'os_name', 'extra', 'extras', 'dependency_groups', 'platform_release', ' and ', ' or ', ' in ', ' not in ', '==', '!=', '<', '>=', '~=', '===', '(', ')', '"', "'", '3.8', 'linux', ' ', '\\'];
const markerInputs = fc.oneof(
  fromSeeded((s) => markerText(rng(s))),
  fromSeeded((s) => badMarkerText(rng(s))),
  mutated(fromSeeded((s) => markerText(rng(s))), MARKER_ALPHABET),
  tokenString(MARKER_ALPHABET, 30),
  anyText(80),
);

const REQ_ALPHABET = ['name', 'Foo_Bar', '[', ']', ',', '@', ';', ' ', '>=', '==', '1.0', '.*', '(', ')', 'https://x.org/a.whl', 'file:///tmp/a', '#egg=x', 'extra == "a"', '"', '\\'];
const requirementInputs = fc.oneof(
  fromSeeded((s) => requirementText(rng(s))),
  fromSeeded((s) => badRequirementText(rng(s))),
  mutated(fromSeeded((s) => requirementText(rng(s))), REQ_ALPHABET),
  tokenString(REQ_ALPHABET, 30),
  anyText(120),
);

describe('fuzz: PEP 440 versions', () => {
  it('every input is a Version or a VersionError at a column of its line; the canonical form round-trips', () => {
    fc.assert(
      fc.property(versionInputs, (text) => {
        const out = typedOutcome(text, () => Version.parse(text, LOCATION));
        if (!out.ok) {
          expect(out.error).toBeInstanceOf(VersionError);
          expect(out.error.location?.file).toBe(LOCATION.file);
          expect(out.error.location?.line).toBe(LOCATION.line);
          expect(out.error.location?.column).toBeGreaterThanOrEqual(LOCATION.column);
          return;
        }
        const v = out.value;
        const canonical = v.toString();
        const again = Version.parse(canonical);
        expect(again.toString()).toBe(canonical);
        expect(again.compare(v)).toBe(0);
        expect(Version.parse(v.public.toString()).hasLocal).toBe(false);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

describe('fuzz: PEP 440 specifiers', () => {
  it('every input is a Specifier/SpecifierSet or a VersionError; sets print and parse back equal', () => {
    fc.assert(
      fc.property(specifierInputs, versionInputs, (text, versionText) => {
        typedOutcome(text, () => Specifier.parse(text, LOCATION));
        const out = typedOutcome(text, () => SpecifierSet.parse(text, LOCATION));
        if (!out.ok) {
          expect(out.error).toBeInstanceOf(VersionError);
          return;
        }
        const set = out.value;
        const printed = set.toString();
        const again = SpecifierSet.parse(printed);
        expect(again.equals(set)).toBe(true);
        expect(again.toString()).toBe(printed);
        // Matching never throws, whatever the candidate text.
        const v = Version.tryParse(versionText);
        if (v !== null) typedOutcome(versionText, () => set.contains(v, { prereleases: true }), false);
        typedOutcome(versionText, () => set.contains(versionText), false);
        typedOutcome(text, () => set.toRange(), false);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

describe('fuzz: PEP 508 markers', () => {
  it('every input is a Marker or a RequirementError; printing round-trips; evaluation never throws anything untyped', () => {
    const envs = Object.values(ENVIRONMENTS);
    fc.assert(
      fc.property(markerInputs, fc.nat(envs.length - 1), (text, envIndex) => {
        const out = typedOutcome(text, () => Marker.parse(text, LOCATION));
        if (!out.ok) {
          expect(out.error).toBeInstanceOf(RequirementError);
          expect(out.error.location?.file).toBe(LOCATION.file);
          return;
        }
        const m = out.value;
        const printed = m.toString();
        const again = Marker.parse(printed);
        expect(again.toString()).toBe(printed);
        typedOutcome(text, () => m.evaluate(envs[envIndex]!, ['test']), false);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

describe('fuzz: PEP 508 requirements', () => {
  it('every input is a Requirement or a RequirementError/VersionError; printing round-trips', () => {
    fc.assert(
      fc.property(requirementInputs, (text) => {
        const out = typedOutcome(text, () => Requirement.parse(text, LOCATION));
        if (!out.ok) {
          expect([RequirementError, VersionError].some((k) => out.error instanceof k)).toBe(true);
          expect(out.error.location?.file).toBe(LOCATION.file);
          return;
        }
        const req = out.value;
        const printed = req.toString();
        const again = Requirement.parse(printed);
        expect(again.equals(req)).toBe(true);
        expect(again.toString()).toBe(printed);
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

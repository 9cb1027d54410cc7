/**
 * Fuzzing core metadata (METADATA / PKG-INFO and the email-header format under it), RECORD,
 * WHEEL, pyproject.toml's [build-system], and whole wheels and sdists with random bytes
 * flipped, cut or inserted: every input is read or refused with the typed error naming the
 * archive (and member); never another exception, never a hang.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSdist, buildWheel, renderCoreMetadata, renderWheelFile, type BuiltFile } from '../../../fixtures/generator/index.js';
import { ArchiveError, HashMismatchError, MetadataError } from '../../../src/errors.js';
import { parseCoreMetadata, parseHeaders, parsePyprojectBuildSystem, parseRecord, parseWheelInfo, readSdistBuffer, readWheelBuffer } from '../../../src/metadata/index.js';
import { anyText, fuzzParams, fuzzTimeout, mutated, tokenString, typedOutcome, typedOutcomeAsync } from '../support/fuzz.js';

const SOURCE = { file: 'demo-1.0-py3-none-any.whl' };

const METADATA_SEED = renderCoreMetadata(
  { name: 'demo', version: '1.0', requiresDist: ['helper>=1', 'winonly ; sys_platform == "win32"'], extras: { test: ['extra-dep'] }, requiresPython: '>=3.8' },
  false,
);
const METADATA_TOKENS = [
  'Metadata-Version: ', '1.0', '2.1', '2.4', '3.0', '99.0', 'Name: ', 'Version: ', 'Requires-Dist: ', 'Requires-Python: ', 'Provides-Extra: ', 'Dynamic: ', 'Summary: ',
  'demo', 'helper>=1', '; extra == "test"', '>=3.8', '\n', '\r\n', '\n ', '\n\t', ': ', ':', ' ', '=?utf-8?q?x?=', '\n\n', 'Description-Content-Type: text/markdown', '\0', '\ufeff',
];
const metadataInputs = fc.oneof(mutated(fc.constant(METADATA_SEED), METADATA_TOKENS), tokenString(METADATA_TOKENS, 60), anyText(300));

const RECORD_SEED = 'demo/__init__.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\ndemo-1.0.dist-info/METADATA,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,10\ndemo-1.0.dist-info/RECORD,,\n';
const RECORD_TOKENS = [',', '"', '""', '\n', '\r\n', 'sha256=', 'md5=', 'sha512=', '=', '-_', 'AAAA', '../x', '/abs', 'C:\\x', 'a\\b', '0', '-1', '99999999999999999999', 'demo/x.py'];

const WHEEL_SEED = renderWheelFile('py3-none-any');
const WHEEL_TOKENS = ['Wheel-Version: ', '1.0', '1.9', '2.0', '0.1', 'x', 'Root-Is-Purelib: ', 'true', 'false', 'Tag: ', 'py3-none-any', 'Build: ', '1', '\n', ' '];

const PYPROJECT_SEED = '[build-system]\nrequires = ["setuptools>=61", "wheel"]\nbuild-backend = "setuptools.build_meta"\nbackend-path = ["."]\n';
const TOML_TOKENS = ['[build-system]', '[[build-system]]', 'requires', 'build-backend', 'backend-path', ' = ', '"', "'", '"""', '[', ']', ',', '{', '}', '\n', '..', '/abs', 'x:y', '1', 'true', '#', '\\u0000'];

describe('fuzz: core metadata', () => {
  it('METADATA text: parsed, or a MetadataError naming the member; headers never throw untyped', () => {
    fc.assert(
      fc.property(metadataInputs, fc.boolean(), (text, bytes) => {
        typedOutcome(text, () => parseHeaders(text), false);
        const input = bytes ? Buffer.from(text, 'utf8') : text;
        const out = typedOutcome(text, () => parseCoreMetadata(input, { source: SOURCE, member: 'demo-1.0.dist-info/METADATA', maxBytes: 4096 }));
        if (!out.ok) {
          expect([MetadataError, ArchiveError].some((k) => out.error instanceof k), `${out.error.name}: ${out.error.message}`).toBe(true);
          expect(out.error.location?.file).toContain('demo-1.0-py3-none-any.whl');
        }
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('raw bytes (invalid UTF-8, NULs) are read or refused with a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        typedOutcome(bytes, () => parseCoreMetadata(bytes, { source: SOURCE, member: 'METADATA' }));
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

describe('fuzz: RECORD, WHEEL, pyproject.toml [build-system]', () => {
  it('RECORD: entries or a typed error naming the member', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(fc.constant(RECORD_SEED), RECORD_TOKENS), tokenString(RECORD_TOKENS, 60), anyText(200)), (text) => {
        const out = typedOutcome(text, () => parseRecord(text, SOURCE));
        if (out.ok) for (const e of out.value) expect(typeof e.path).toBe('string');
        else expect(out.error.location?.file).toContain('RECORD');
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('WHEEL: parsed or a typed error naming the member', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(fc.constant(WHEEL_SEED), WHEEL_TOKENS), tokenString(WHEEL_TOKENS, 40), anyText(200)), (text) => {
        const out = typedOutcome(text, () => parseWheelInfo(text, SOURCE));
        if (!out.ok) expect(out.error.location?.file).toContain('WHEEL');
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('pyproject.toml [build-system]: parsed or a typed error naming the member', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(fc.constant(PYPROJECT_SEED), TOML_TOKENS), tokenString(TOML_TOKENS, 50), anyText(200)), (text) => {
        const out = typedOutcome(text, () => parsePyprojectBuildSystem(text, { file: 'demo-1.0.tar.gz' }));
        if (!out.ok) expect(out.error.location?.file).toContain('pyproject.toml');
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());
});

/** Random damage to an archive: bytes flipped, a cut, bytes inserted. */
const damage = fc.record({
  flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
  cut: fc.option(fc.nat(), { nil: undefined }),
  insert: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })), { nil: undefined }),
});
function damaged(bytes: Buffer, d: { flips: [number, number][]; cut: number | undefined; insert: [number, Uint8Array] | undefined }): Buffer {
  let out = Buffer.from(bytes);
  for (const [at, x] of d.flips) {
    const i = at % out.length;
    out[i] = out[i]! ^ x;
  }
  if (d.insert) {
    const at = d.insert[0] % (out.length + 1);
    out = Buffer.concat([out.subarray(0, at), d.insert[1], out.subarray(at)]);
  }
  if (d.cut !== undefined) out = out.subarray(0, d.cut % (out.length + 1));
  return out;
}

describe('fuzz: damaged wheels and sdists', () => {
  let wheel: BuiltFile;
  let sdist: BuiltFile;
  beforeAll(async () => {
    const spec = { name: 'demo', version: '1.0', requiresDist: ['helper>=1'] };
    wheel = await buildWheel(spec);
    sdist = await buildSdist(spec);
  });

  it('a wheel with random damage is read (and verified against RECORD) or refused with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const bytes = damaged(wheel.bytes, d);
        const out = await typedOutcomeAsync(d, () => readWheelBuffer(bytes, wheel.fileName));
        if (!out.ok) expect([ArchiveError, HashMismatchError, MetadataError].some((k) => out.error instanceof k), out.error.message).toBe(true);
      }),
      fuzzParams(0.5),
    );
  }, fuzzTimeout(60));

  it('an sdist (tar.gz) with random damage is read or refused with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const bytes = damaged(sdist.bytes, d);
        const out = await typedOutcomeAsync(d, () => readSdistBuffer(bytes, sdist.fileName, { fullScan: true }));
        if (!out.ok) expect([ArchiveError, HashMismatchError, MetadataError].some((k) => out.error instanceof k), out.error.message).toBe(true);
      }),
      fuzzParams(0.5),
    );
  }, fuzzTimeout(60));
});

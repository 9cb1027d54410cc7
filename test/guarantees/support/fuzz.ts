/**
 * The fuzzing harness shared by every parser's fuzz suite (test/guarantees/fuzz/*.fuzz.test.ts).
 *
 * One knob: `FUZZ_RUNS` (environment) is the number of runs of every property; CI runs the
 * default (`DEFAULT_FUZZ_RUNS`), `npm run fuzz` runs many more (vitest.fuzz.config.ts).
 * `FUZZ_SEED` replays a failure (fast-check prints the seed and path it failed with).
 *
 * The property every parser must keep (`typedOutcome`): an input either parses or throws the
 * project's typed error — a `WheelhouseError` with an `E_*` code, a non-empty message and,
 * when the parser was told where its text comes from, a location. Anything else thrown
 * (TypeError, RangeError, a plain Error, a non-Error) fails the property. Hangs are kept out
 * by bounded input sizes and the per-test timeout.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { WheelhouseError } from '../../../src/errors.js';

/** Runs per property in CI: the whole fuzz suite stays well under a minute on 2 cores. */
export const DEFAULT_FUZZ_RUNS = 300;

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, not ${JSON.stringify(raw)}`);
  return n;
}

export const FUZZ_RUNS = envInt('FUZZ_RUNS') ?? DEFAULT_FUZZ_RUNS;
const FUZZ_SEED = envInt('FUZZ_SEED');

/**
 * fast-check parameters for one property: `FUZZ_RUNS` runs (times `scale`, for properties
 * whose single run is expensive, e.g. one that writes files), and the replay seed if set.
 */
export function fuzzParams<T>(scale = 1): fc.Parameters<T> {
  return {
    numRuns: Math.max(1, Math.round(FUZZ_RUNS * scale)),
    ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }),
  };
}

/** A test's timeout that grows with the run count (the default suffices for CI runs). */
export function fuzzTimeout(msPerRun = 20): number {
  return Math.max(60_000, FUZZ_RUNS * msPerRun);
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WheelhouseError };

/**
 * Checks a thrown value is the project's typed error: a WheelhouseError subclass with an
 * `E_*` code and a message, and a location when `needLocation`.
 */
export function expectTypedError(e: unknown, input: unknown, needLocation: boolean): asserts e is WheelhouseError {
  if (!(e instanceof WheelhouseError)) {
    const what = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
    throw new Error(`not a WheelhouseError for input ${JSON.stringify(input)}:\n${what}`);
  }
  expect(e.code, `code of ${e.name} for ${JSON.stringify(input)}`).toMatch(/^E_[A-Z0-9_]+$/);
  expect(e.message.length, `message of ${e.name}`).toBeGreaterThan(0);
  if (needLocation) {
    expect(e.location, `location of ${e.code} "${e.message}" for ${JSON.stringify(input)}`).toBeDefined();
  }
}

/** Runs a parser on one input: its value, or its typed error (anything else fails). */
export function typedOutcome<T>(input: unknown, parse: () => T, needLocation = true): Outcome<T> {
  try {
    return { ok: true, value: parse() };
  } catch (e) {
    expectTypedError(e, input, needLocation);
    return { ok: false, error: e };
  }
}

/** `typedOutcome` for async parsers. */
export async function typedOutcomeAsync<T>(input: unknown, parse: () => Promise<T>, needLocation = true): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await parse() };
  } catch (e) {
    expectTypedError(e, input, needLocation);
    return { ok: false, error: e };
  }
}

/** Characters that break parsers: controls, quotes, separators, odd Unicode, lone surrogates. */
export const NASTY_CHARS = [
  '\0', '\t', '\n', '\r', '\r\n', '\v', '\f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u202e', '\u200b',
  '"', "'", '\\', '/', '#', ';', '@', '[', ']', '(', ')', '{', '}', '<', '>', '=', '!', '~', '*', ',', '.', '-', '_', '+', ':', ' ',
  '\ud800', '\udfff', '\u{1f600}', 'é', 'ﬁ', '٣', 'Ⅻ', '\u0301', '%00', '%2F', '..', '../', '&amp;', '&#0;', '&#x110000;',
] as const;

/** A string over `alphabet` (single characters or short tokens), of at most `maxTokens` tokens. */
export function tokenString(alphabet: readonly string[], maxTokens = 60): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet), { maxLength: maxTokens }).map((parts) => parts.join(''));
}

/** Any string: random Unicode text mixed with the nasty characters. */
export function anyText(maxLength = 200): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    tokenString([...NASTY_CHARS, 'a', 'Z', '0', '9'], Math.min(maxLength, 80)),
  );
}

type Edit = { kind: 'insert' | 'delete' | 'replace' | 'duplicate'; at: number; text: string; length: number };

const editArb = (alphabet: readonly string[]): fc.Arbitrary<Edit> =>
  fc.record({
    kind: fc.constantFrom('insert', 'delete', 'replace', 'duplicate'),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(...NASTY_CHARS)),
    length: fc.integer({ min: 1, max: 8 }),
  }) as fc.Arbitrary<Edit>;

function applyEdit(s: string, e: Edit): string {
  const at = s.length === 0 ? 0 : e.at % (s.length + 1);
  switch (e.kind) {
    case 'insert':
      return s.slice(0, at) + e.text + s.slice(at);
    case 'delete':
      return s.slice(0, at) + s.slice(at + e.length);
    case 'replace':
      return s.slice(0, at) + e.text + s.slice(at + e.length);
    case 'duplicate':
      return s.slice(0, at + e.length) + s.slice(at, at + e.length) + s.slice(at);
  }
}

/**
 * Valid-looking input with 0–5 random edits (insertions from `alphabet` or the nasty
 * characters, deletions, replacements, duplications): the near misses that reach deep into
 * a parser, which random text rarely does.
 */
export function mutated(valid: fc.Arbitrary<string>, alphabet: readonly string[] = []): fc.Arbitrary<string> {
  return fc.tuple(valid, fc.array(editArb(alphabet.length > 0 ? alphabet : ['a']), { maxLength: 5 })).map(([s, edits]) => edits.reduce(applyEdit, s));
}

/** An arbitrary built from a seeded generator function (the differential tests' generators). */
export function fromSeeded<T>(make: (seed: number) => T): fc.Arbitrary<T> {
  return fc.integer({ min: 1, max: 0x7fffffff }).map(make);
}

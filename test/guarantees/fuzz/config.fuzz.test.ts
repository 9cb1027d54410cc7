/**
 * Fuzzing wheelhouse.yaml (src/config): the starter file and a full one with random edits,
 * YAML token soups (anchors, aliases, tags, flow collections, multi-documents), random text:
 * every input is a config or a ConfigError naming the file (and line, where there is one) —
 * never another exception; an alias bomb ("billion laughs") never expands unbounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { parseConfig, STARTER_CONFIG } from '../../../src/config/index.js';
import { anyText, fuzzParams, fuzzTimeout, mutated, tokenString, typedOutcome } from '../support/fuzz.js';

const FILE = 'wheelhouse.yaml';
const CWD = '/project';

const FULL = `requirements:
  - requirements.in
  - "flask>=3"
constraints: [constraints.txt]
extras: [test]
groups: [dev]
targets:
  - host
  - linux-x86_64@3.12
  - cp312-win_amd64
  - python-version: "3.11"
    platform: manylinux_2_28_aarch64
index-url: https://pypi.org/simple
extra-index-url: [https://download.pytorch.org/whl/cpu]
find-links: [./vendor]
only-binary: [":all:"]
pre: false
lock:
  output: requirements.txt
wheelhouse:
  dest: wheelhouse
verify:
  pip: true
`;

const YAML_TOKENS = [
  'requirements:', 'targets:', 'lock:', 'wheelhouse:', 'verify:', 'index-url:', 'extras:', '\n', '\n  ', '\n  - ', '- ', ': ', ' ', '  ', '\t', '#', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '<<: *a', '!!str ', '!!binary ', '!tag ', '? ', '|', '>', '---\n', '...\n',
  'true', 'null', '~', '0x1F', '1e400', '.inf', 'host', 'cp312-win_amd64', 'flask>=3', 'https://user:secret@example.org/simple', '%YAML 1.2\n', '\ufeff', '\0',
];

/** A YAML alias bomb: 9 levels of 9 aliases each (9^9 nodes if expanded). */
const BOMB = `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\nrequirements: *i\n`;

describe('fuzz: wheelhouse.yaml', () => {
  it('a config, or a ConfigError naming the file; secrets of index URLs never quoted', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(fc.constantFrom(STARTER_CONFIG, FULL), YAML_TOKENS), tokenString(YAML_TOKENS, 60), anyText(300)), (text) => {
        const out = typedOutcome(text, () => parseConfig(text, FILE, { cwd: CWD }));
        if (!out.ok) {
          expect(out.error).toBeInstanceOf(ConfigError);
          expect(out.error.location?.file).toContain(FILE);
          if (text.includes('user:secret@')) expect(`${out.error.message} ${out.error.text ?? ''}`).not.toContain('secret');
        }
      }),
      fuzzParams(),
    );
  }, fuzzTimeout());

  it('an alias bomb is refused or read without expanding it', () => {
    const out = typedOutcome(BOMB, () => parseConfig(BOMB, FILE, { cwd: CWD }));
    if (!out.ok) expect(out.error).toBeInstanceOf(ConfigError);
  });
});

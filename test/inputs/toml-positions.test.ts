import { describe, expect, it } from 'vitest';
import { parse } from 'smol-toml';
import { formatTomlPath, tomlPathKey, tomlPositions, type TomlPath } from '../../src/inputs/toml-positions.js';

function at(text: string, path: TomlPath): { line: number; column: number } | undefined {
  return tomlPositions(text).get(tomlPathKey(path));
}

describe('tomlPositions', () => {
  const doc = [
    '# a comment with "quotes" and [brackets]',
    '[project]',
    'name = "demo"  # trailing',
    'dependencies = [',
    '  "requests>=2",   # first',
    "  'flask[async] ; python_version >= \"3.9\"',",
    '  """multi',
    'line""",',
    ']',
    '',
    '[project.optional-dependencies]',
    'test = ["pytest", "hypothesis"]',
    '"odd key" = ["x"]',
    '',
    '[dependency-groups]',
    'dev = [{ include-group = "test" }, "ruff"]',
    'test = [',
    '  {include-group = "lint"},',
    ']',
    '[[tool.thing]]',
    'a = 1',
    '[[tool.thing]]',
    'a = 2',
    '[tool.thing.sub]',
    'b.c = "d"',
  ].join('\n');

  it('is a document smol-toml accepts', () => {
    expect(() => parse(doc)).not.toThrow();
  });

  it('finds tables, keys and array items, including multi-line arrays', () => {
    expect(at(doc, ['project'])).toEqual({ line: 2, column: 1 });
    expect(at(doc, ['project', 'name'])).toEqual({ line: 3, column: 8 });
    expect(at(doc, ['project', 'dependencies'])).toEqual({ line: 4, column: 16 });
    expect(at(doc, ['project', 'dependencies', 0])).toEqual({ line: 5, column: 3 });
    expect(at(doc, ['project', 'dependencies', 1])).toEqual({ line: 6, column: 3 });
    expect(at(doc, ['project', 'dependencies', 2])).toEqual({ line: 7, column: 3 });
    expect(at(doc, ['project', 'dependencies', 3])).toBeUndefined();
  });

  it('follows sub-tables, quoted keys and inline tables', () => {
    expect(at(doc, ['project', 'optional-dependencies', 'test', 1])).toEqual({ line: 12, column: 19 });
    expect(at(doc, ['project', 'optional-dependencies', 'odd key', 0])).toEqual({ line: 13, column: 14 });
    expect(at(doc, ['dependency-groups', 'dev', 0, 'include-group'])).toEqual({ line: 16, column: 26 });
    expect(at(doc, ['dependency-groups', 'dev', 1])).toEqual({ line: 16, column: 36 });
    expect(at(doc, ['dependency-groups', 'test', 0, 'include-group'])).toEqual({ line: 18, column: 20 });
  });

  it('decodes quoted keys with TOML escapes, an escaped backslash staying one', () => {
    const text = ['[t]', '"a\\U0001F600\\e" = 1', '"b\\\\U0001F600" = 2', '"c\\\\e" = 3'].join('\n');
    const parsed = parse(text) as { t: Record<string, number> };
    const keys = Object.keys(parsed.t);
    expect(keys).toEqual(['a\u{1F600}\u001b', 'b\\U0001F600', 'c\\e']);
    expect(keys.map((k) => at(text, ['t', k])?.line)).toEqual([2, 3, 4]);
  });

  it('numbers the entries of arrays of tables, and dotted keys', () => {
    expect(at(doc, ['tool', 'thing', 0, 'a'])).toEqual({ line: 21, column: 5 });
    expect(at(doc, ['tool', 'thing', 1, 'a'])).toEqual({ line: 23, column: 5 });
    expect(at(doc, ['tool', 'thing', 1, 'sub', 'b', 'c'])).toEqual({ line: 25, column: 7 });
  });

  it('formats paths as users write them', () => {
    expect(formatTomlPath(['project', 'dependencies', 2])).toBe('project.dependencies[2]');
    expect(formatTomlPath(['project', 'optional-dependencies', 'odd key'])).toBe('project.optional-dependencies."odd key"');
  });
});

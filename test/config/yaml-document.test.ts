import { describe, expect, it } from 'vitest';
import { formatYamlPath, parseYamlDocument } from '../../src/config/yaml-document.js';

const TEXT = `# a comment
requirements:   # trailing comment
  - requirements.in
  - "flask>=3"
targets: [cp312-win_amd64, {python-version: "3.12", platform: x}]
empty:
lock:
  path: x.txt

  format: pylock
verify: {pip: true}
list:
- at-parent-indent
- - nested
  - again
anchors:
  base: &b {a: 1}
  copy: *b
`;

describe('parseYamlDocument', () => {
  const doc = parseYamlDocument(TEXT, 'w.yaml');
  const cases: Array<[readonly (string | number)[], [number, number], [number, number]]> = [
    [['requirements'], [2, 1], [3, 3]],
    [['requirements', 0], [3, 5], [3, 5]],
    [['requirements', 1], [4, 5], [4, 5]],
    [['targets'], [5, 1], [5, 10]],
    [['targets', 0], [5, 11], [5, 11]],
    [['targets', 1], [5, 28], [5, 28]],
    [['targets', 1, 'python-version'], [5, 29], [5, 45]],
    [['targets', 1, 'platform'], [5, 53], [5, 63]],
    [['empty'], [6, 1], [6, 1]],
    [['lock', 'path'], [8, 3], [8, 9]],
    [['lock', 'format'], [10, 3], [10, 11]],
    [['verify', 'pip'], [11, 10], [11, 15]],
    [['list', 0], [13, 3], [13, 3]],
    [['list', 1, 1], [15, 5], [15, 5]],
    [['anchors', 'copy'], [18, 3], [18, 9]],
  ];
  for (const [path, key, value] of cases) {
    it(formatYamlPath(path), () => {
      expect(doc.keyPosition(path)).toEqual({ line: key[0], column: key[1] });
      expect(doc.valuePosition(path)).toEqual({ line: value[0], column: value[1] });
    });
  }

  it('falls back to the nearest ancestor for a path with no node', () => {
    expect(doc.keyPosition(['lock', 'missing'])).toEqual({ line: 8, column: 3 });
    expect(doc.valuePosition(['nothing', 'here'])).toEqual({ line: 2, column: 1 });
  });

  it('loads the value with YAML 1.2 core types (dates stay strings)', () => {
    const d = parseYamlDocument('a: 2024-06-01\nb: yes\nc: 3.10\nd: true\n', 'x.yaml');
    expect(d.value).toEqual({ a: '2024-06-01', b: 'yes', c: 3.1, d: true });
  });

  it('turns a syntax error into E_CONFIG at the mark', () => {
    expect(() => parseYamlDocument('a: [1\nb: 2\n', 'x.yaml')).toThrowError(expect.objectContaining({ code: 'E_CONFIG', location: { file: 'x.yaml', line: 2, column: 1 } }));
    expect(() => parseYamlDocument('a: 1\na: 2\n', 'x.yaml')).toThrowError(/duplicated mapping key/);
  });

  it('formats paths', () => {
    expect(formatYamlPath(['targets', 2, 'platform'])).toBe('targets[2].platform');
    expect(formatYamlPath(['a b'])).toBe('"a b"');
    expect(formatYamlPath([])).toBe('(the document)');
  });
});

/**
 * A YAML document with the position of every key and value, so that errors about a
 * wheelhouse.yaml can name `wheelhouse.yaml:12:5` and not only `targets[2]`. js-yaml parses
 * the text; its listener reports each node as it opens and closes, which gives the tree of
 * nodes in document order: a mapping's children are its keys and values in turn, a
 * sequence's its items. Syntax errors become ConfigErrors at js-yaml's mark.
 */
import yaml from 'js-yaml';
import { ConfigError } from '../errors.js';
import { formatKeyPath, LineIndex, type TextPosition } from '../util/text-positions.js';

export type YamlPath = readonly (string | number)[];

/** 1-based. */
export type YamlPosition = TextPosition;

export interface YamlDocument {
  /** The file's name as shown in messages. */
  file: string;
  /** The loaded value (plain objects, arrays, strings, numbers, booleans, null). */
  value: unknown;
  /** Where the value at `path` starts; for a path with no position of its own, its nearest ancestor's. */
  valuePosition(path: YamlPath): YamlPosition | undefined;
  /** Where the key of the mapping entry at `path` starts (the value's position for sequence items). */
  keyPosition(path: YamlPath): YamlPosition | undefined;
}

/** `targets[2].platform`, with keys quoted when they are not bare words. */
export function formatYamlPath(path: YamlPath): string {
  return path.length === 0 ? '(the document)' : formatKeyPath(path);
}

interface RawNode {
  open: number;
  kind: string | null;
  result: unknown;
  children: RawNode[];
}

interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

function pathKey(path: YamlPath): string {
  return JSON.stringify(path);
}

/** The first offset at or after `from` that is not blank space or a comment. */
function skipBlank(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\ufeff') i++;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else break;
  }
  return i;
}

/** Parses `text` (the contents of `file`); a YAML syntax error is a ConfigError at its line and column. */
export function parseYamlDocument(text: string, file: string): YamlDocument {
  const stack: RawNode[] = [];
  const roots: RawNode[] = [];
  let value: unknown;
  try {
    value = yaml.load(text, {
      filename: file,
      schema: yaml.CORE_SCHEMA,
      listener(this: unknown, event: 'open' | 'close', state: ListenerState) {
        if (event === 'open') {
          stack.push({ open: state.position, kind: null, result: undefined, children: [] });
          return;
        }
        const node = stack.pop();
        if (!node) return;
        node.kind = state.kind;
        node.result = state.result;
        (stack.at(-1)?.children ?? roots).push(node);
      },
    });
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const mark = e.mark as { line?: number; column?: number } | undefined;
      throw new ConfigError(`${file} is not valid YAML: ${e.reason}`, {
        location: { file, ...(mark?.line === undefined ? {} : { line: mark.line + 1 }), ...(mark?.column === undefined ? {} : { column: mark.column + 1 }) },
        expected: 'a YAML mapping of wheelhouse settings (see wheelhouse init)',
        cause: e,
      });
    }
    throw e;
  }
  const lines = new LineIndex(text);
  const values = new Map<string, YamlPosition>();
  const keys = new Map<string, YamlPosition>();
  const start = (node: RawNode): number => skipBlank(text, node.open);

  const walk = (outer: RawNode, path: YamlPath, fallback: YamlPosition): void => {
    // A node can wrap the node that made its value (a flow mapping as a block sequence item).
    let node = outer;
    while (node.children.length === 1 && (node.children[0] as RawNode).result === node.result && typeof node.result === 'object') node = node.children[0] as RawNode;
    const here = node.result === null || node.result === undefined ? fallback : lines.positionOf(start(node));
    values.set(pathKey(path), here);
    if (node.kind === 'mapping') {
      for (let i = 0; i + 1 < node.children.length; i += 2) {
        const keyNode = node.children[i] as RawNode;
        const valueNode = node.children[i + 1] as RawNode;
        const key = String(keyNode.result);
        const childPath = [...path, key];
        const keyAt = lines.positionOf(start(keyNode));
        keys.set(pathKey(childPath), keyAt);
        walk(valueNode, childPath, keyAt);
      }
    } else if (node.kind === 'sequence') {
      node.children.forEach((child, i) => {
        const childPath = [...path, i];
        const at = child.result === null || child.result === undefined ? lines.positionOf(child.open) : lines.positionOf(start(child));
        keys.set(pathKey(childPath), at);
        walk(child, childPath, at);
      });
    }
  };
  const root = roots[0];
  if (root) walk(root, [], lines.positionOf(start(root)));

  const nearest = (map: Map<string, YamlPosition>, path: YamlPath): YamlPosition | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const p = (n === path.length ? map : values).get(pathKey(path.slice(0, n)));
      if (p) return p;
    }
    return undefined;
  };
  return {
    file,
    value,
    valuePosition: (path) => nearest(values, path),
    keyPosition: (path) => nearest(keys, path),
  };
}

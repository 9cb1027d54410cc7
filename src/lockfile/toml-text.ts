/**
 * Writing TOML values by hand, so that the pylock.toml writer decides the layout (which
 * tables are headers, which are inline, where lines break) and the text is the same for
 * the same data, byte for byte. Strings are TOML basic strings; integers must be safe
 * JavaScript integers; date-times are given as text (`TomlDateTime`).
 */
import { InternalError } from '../errors.js';

/** An offset date-time, written without quotes (`2025-01-25T11:30:10.164Z`). */
export class TomlDateTime {
  constructor(readonly text: string) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
      throw new InternalError(`not a TOML offset date-time: ${text}`);
    }
  }
}

export type TomlValue = string | number | boolean | TomlDateTime | readonly TomlValue[] | { readonly [key: string]: TomlValue };

/**
 * A TOML string: a literal string ('...') when the value has a `"` that a basic string would
 * escape and nothing a literal string cannot hold (markers read better that way), else a
 * basic string with `"`, `\` and control characters escaped.
 */
export function tomlString(value: string): string {
  if (value.includes('"') && !/['\u0000-\u001f\u007f]/.test(value)) return `'${value}'`;
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A key: bare when it can be, else quoted. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

/** A dotted key path for a table header: `packages.tool.wheelhouse`. */
export function tomlKeyPath(keys: readonly string[]): string {
  return keys.map(tomlKey).join('.');
}

/** One value, inline: arrays as `[a, b]`, tables as `{ k = v }`. */
export function tomlValue(value: TomlValue): string {
  if (typeof value === 'string') return tomlString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new InternalError(`not a TOML integer this writer writes: ${value}`);
    return String(value);
  }
  if (value instanceof TomlDateTime) return value.text;
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  const entries = Object.entries(value as Record<string, TomlValue>);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`).join(', ')} }`;
}

/** An array written one element a line (for arrays of inline tables and long lists). */
export function tomlMultilineArray(values: readonly TomlValue[]): string {
  if (values.length === 0) return '[]';
  return `[\n${values.map((v) => `    ${tomlValue(v)},\n`).join('')}]`;
}

/**
 * Reading untrusted JSON with a path to every value, so an error can say exactly which
 * value of which page is wrong: `files[3].hashes.sha256`.
 */
import { IndexError } from '../../errors.js';

export type JsonObject = { readonly [key: string]: unknown };

/** `parent.key`, or `parent["odd key"]` when the key is not a plain word. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** An IndexError for the value at `path`, showing (the start of) the value. */
export function badValue(url: string, path: string, value: unknown, expected: string): IndexError {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > 200) text = `${text.slice(0, 200)}…`;
  return new IndexError(`Invalid Simple API JSON at ${path || 'the top level'}: found ${describe(value).slice(0, 80)}`, {
    location: { url },
    text,
    expected,
  });
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property `key` of a parsed JSON object (never one inherited from Object.prototype). */
export function own(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * The `.dist-info/WHEEL` file (PEP 427, "The .dist-info directory"): the wheel format
 * version, the generator, whether the root is purelib, the tags and the build number.
 */
import { ArchiveError } from '../errors.js';
import { parseHeaders, unfold } from './email-headers.js';
import { memberLocation, type ArchiveSource } from './source.js';

export interface WheelInfo {
  /** e.g. "1.0" */
  wheelVersion: string;
  generator?: string;
  rootIsPurelib: boolean;
  /** `Tag` lines, e.g. ["py3-none-any"]. */
  tags: string[];
  build?: string;
  /** Every field, names as written. */
  fields: { name: string; value: string }[];
  warnings: string[];
}

/** The wheel format major version this reader supports (pip refuses others). */
export const SUPPORTED_WHEEL_MAJOR = 1;
const SUPPORTED_WHEEL_MINOR = 0;

export function parseWheelInfo(bytes: Uint8Array | string, source: ArchiveSource = {}, member = 'WHEEL'): WheelInfo {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const { fields } = parseHeaders(text);
  const get = (n: string) => fields.filter((f) => f.name.toLowerCase() === n.toLowerCase());
  const warnings: string[] = [];

  const wv = get('Wheel-Version')[0];
  if (!wv) {
    throw new ArchiveError(`${member} has no Wheel-Version`, { location: memberLocation(source, member), expected: 'a "Wheel-Version: 1.0" field' });
  }
  const wheelVersion = unfold(wv.value);
  const m = /^(\d+)(?:\.(\d+))*$/.exec(wheelVersion);
  if (!m) {
    throw new ArchiveError('invalid Wheel-Version', { location: memberLocation(source, member, wv.line), text: wheelVersion, expected: 'a version such as 1.0' });
  }
  const [major = 0, minor = 0] = wheelVersion.split('.').map(Number);
  if (major !== SUPPORTED_WHEEL_MAJOR) {
    throw new ArchiveError(`Wheel-Version ${wheelVersion} is not supported`, {
      location: memberLocation(source, member, wv.line),
      text: wheelVersion,
      expected: `Wheel-Version ${SUPPORTED_WHEEL_MAJOR}.x`,
    });
  }
  if (minor > SUPPORTED_WHEEL_MINOR) warnings.push(`Wheel-Version ${wheelVersion} is newer than 1.0; read as 1.0`);

  const purelib = get('Root-Is-Purelib')[0];
  const info: WheelInfo = {
    wheelVersion,
    rootIsPurelib: purelib !== undefined && unfold(purelib.value).toLowerCase() === 'true',
    tags: get('Tag').map((f) => unfold(f.value)).filter((t) => t !== ''),
    fields: fields.map((f) => ({ name: f.name, value: f.value })),
    warnings,
  };
  const generator = get('Generator')[0];
  if (generator) info.generator = unfold(generator.value);
  const build = get('Build')[0];
  if (build) info.build = unfold(build.value);
  return info;
}

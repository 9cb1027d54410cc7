/**
 * Core metadata (https://packaging.python.org/specifications/core-metadata/), versions
 * 1.0 to 2.4, as found in a wheel's METADATA and an sdist's PKG-INFO.
 *
 * Tolerant where pip is: unknown fields are kept, field names are matched without
 * regard to case, CRLF and a missing final newline are fine, bytes that are not UTF-8
 * are replaced (with a warning). Strict where pip fails: no Name, no Version, an
 * invalid Name, a Metadata-Version of an unknown major version.
 */
import { ArchiveError, MetadataError } from '../errors.js';
import { parseHeaders, unfold, type HeaderField } from './email-headers.js';
import { isValidName } from '../pep508/name.js';
import { memberLocation, type ArchiveSource } from './source.js';
import { DEFAULT_ARCHIVE_LIMITS } from './limits.js';

export interface MetadataWarning {
  message: string;
  /** `archive!member` or a file path, and the line. */
  file?: string;
  url?: string;
  line?: number;
  text?: string;
}

export interface CoreMetadata {
  metadataVersion: string;
  name: string;
  version: string;
  summary?: string;
  /** The body (Metadata-Version 2.1+), else the `Description` field (its `|` indentation undone). */
  description?: string;
  descriptionContentType?: string;
  requiresPython?: string;
  /** PEP 508 requirement strings as written (unfolded, trimmed); parsed by src/pep508 later. */
  requiresDist: string[];
  /** As written; compare them with `canonicalizeExtra` (PEP 685). */
  providesExtra: string[];
  /** Field names listed in `Dynamic` (Metadata-Version 2.2+, PEP 643), as written. */
  dynamic: string[];
  licenseExpression?: string;
  /** Every field in file order, names as written and values as Python's `email` returns them. */
  fields: HeaderField[];
  warnings: MetadataWarning[];
}

export interface ParseMetadataOptions {
  /** Where the bytes came from, for errors and warnings. */
  source?: ArchiveSource;
  /** The member name inside the archive (e.g. `pkg-1.0.dist-info/METADATA`). */
  member?: string;
  /** Refuse more bytes than this (default 16 MiB). */
  maxBytes?: number;
}

/** Fields the specification allows more than once; all others are single-use. */
const MULTIPLE_USE = new Set(
  [
    'Platform', 'Supported-Platform', 'Classifier', 'Requires-Dist', 'Requires-External', 'Project-URL',
    'Provides-Extra', 'Provides-Dist', 'Obsoletes-Dist', 'Dynamic', 'License-File', 'Requires', 'Provides', 'Obsoletes',
  ].map((n) => n.toLowerCase()),
);

/**
 * Metadata versions this reader knows (2.0 was never a standard but bdist_wheel wrote
 * it for years; 2.5 is PEP 794's). A later 2.x only warns, as the spec says.
 */
export const KNOWN_METADATA_VERSIONS = ['1.0', '1.1', '1.2', '2.0', '2.1', '2.2', '2.3', '2.4', '2.5'] as const;

/** Parse METADATA / PKG-INFO bytes (or text already decoded). */
export function parseCoreMetadata(input: Uint8Array | string, options: ParseMetadataOptions = {}): CoreMetadata {
  const source = options.source ?? {};
  const member = options.member ?? 'METADATA';
  const where = (line?: number) => memberLocation(source, member, line);
  const warnings: MetadataWarning[] = [];
  const warn = (message: string, line?: number, text?: string): void => {
    const loc = where(line);
    const w: MetadataWarning = { message };
    if (loc.file !== undefined) w.file = loc.file;
    if (loc.url !== undefined) w.url = loc.url;
    if (line !== undefined) w.line = line;
    if (text !== undefined) w.text = text;
    warnings.push(w);
  };

  const maxBytes = options.maxBytes ?? DEFAULT_ARCHIVE_LIMITS.maxMetadataBytes;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxBytes) {
    throw new ArchiveError(`${member} is ${size} bytes, over the limit of ${maxBytes}`, {
      location: where(),
      expected: `at most ${maxBytes} bytes of core metadata`,
    });
  }

  let text = typeof input === 'string' ? input : decodeUtf8(input, () => warn('not valid UTF-8: invalid bytes were replaced with U+FFFD'));
  if (text.startsWith('\ufeff')) {
    text = text.slice(1);
    warn('a byte-order mark at the start was ignored');
  }

  const parsed = parseHeaders(text);
  for (const w of parsed.warnings) warn(w.message, w.line, w.text);

  const byName = new Map<string, HeaderField[]>();
  for (const f of parsed.fields) {
    const key = f.name.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(f);
    else byName.set(key, [f]);
  }
  const single = (name: string): HeaderField | undefined => {
    const list = byName.get(name.toLowerCase());
    if (!list || list.length === 0) return undefined;
    if (list.length > 1 && !MULTIPLE_USE.has(name.toLowerCase())) {
      const distinct = new Set(list.map((f) => unfold(f.value)));
      if (distinct.size > 1 && (name === 'Name' || name === 'Version')) {
        throw new MetadataError(`${name} is given ${list.length} times with different values`, {
          location: where(list[1]!.line),
          text: list.map((f) => unfold(f.value)).join(' / '),
          expected: `exactly one ${name} field`,
        });
      }
      warn(`${name} is given ${list.length} times; the first is used`, list[1]!.line, list[1]!.value);
    }
    return list[0];
  };
  const multiple = (name: string): string[] => (byName.get(name.toLowerCase()) ?? []).map((f) => unfold(f.value)).filter((v) => v !== '');

  // Metadata-Version
  const mvField = single('Metadata-Version');
  let metadataVersion: string;
  if (!mvField) {
    metadataVersion = '1.0';
    warn('no Metadata-Version field; read as 1.0');
  } else {
    metadataVersion = unfold(mvField.value);
    const m = /^(\d+)\.(\d+)$/.exec(metadataVersion);
    if (!m) {
      throw new MetadataError('invalid Metadata-Version', {
        location: where(mvField.line),
        text: metadataVersion,
        expected: `a version such as ${KNOWN_METADATA_VERSIONS.join(', ')}`,
      });
    }
    if (Number(m[1]) > 2) {
      throw new MetadataError(`Metadata-Version ${metadataVersion} has a major version this reader does not know`, {
        location: where(mvField.line),
        text: metadataVersion,
        expected: `Metadata-Version 1.x or 2.x (${KNOWN_METADATA_VERSIONS.join(', ')})`,
      });
    }
    if (!(KNOWN_METADATA_VERSIONS as readonly string[]).includes(metadataVersion)) {
      warn(`Metadata-Version ${metadataVersion} is newer than this reader knows; unknown fields are kept as they are`, mvField.line, metadataVersion);
    }
  }

  // Name and Version: required.
  const nameField = single('Name');
  const name = nameField ? unfold(nameField.value) : '';
  if (!nameField || name === '') {
    throw new MetadataError(`${member} has no Name`, { location: where(nameField?.line), expected: 'a "Name: <project>" field' });
  }
  if (!isValidName(name)) {
    throw new MetadataError('invalid project Name', {
      location: where(nameField.line),
      text: name,
      expected: 'letters, digits, and ".", "_", "-" inside (PEP 508 names)',
    });
  }
  const versionField = single('Version');
  const version = versionField ? unfold(versionField.value) : '';
  if (!versionField || version === '') {
    throw new MetadataError(`${member} has no Version`, { location: where(versionField?.line), expected: 'a "Version: <version>" field' });
  }
  if (/\s/.test(version)) {
    throw new MetadataError('invalid Version', { location: where(versionField.line), text: version, expected: 'a PEP 440 version' });
  }

  const optional = (field: string): string | undefined => {
    const f = single(field);
    if (!f) return undefined;
    const v = unfold(f.value);
    return v === '' ? undefined : v;
  };

  const dynamic = multiple('Dynamic');
  for (const d of dynamic) {
    const lower = d.toLowerCase();
    if (lower === 'name' || lower === 'version' || lower === 'metadata-version') {
      // PEP 643: these must never be dynamic.
      throw new MetadataError(`${d} cannot be listed in Dynamic`, {
        location: where(byName.get('dynamic')?.find((f) => unfold(f.value) === d)?.line),
        text: d,
        expected: 'Dynamic to name fields other than Metadata-Version, Name and Version (PEP 643)',
      });
    }
  }
  if (dynamic.length > 0 && compareMetadataVersion(metadataVersion, '2.2') < 0) {
    warn(`Dynamic is a Metadata-Version 2.2 field but this file says ${metadataVersion}`);
  }

  // Description: the body (2.1+), or the header field with its "|" indentation undone.
  const headerDescription = single('Description');
  let description: string | undefined;
  if (parsed.body !== undefined && parsed.body !== '') {
    description = parsed.body;
    if (headerDescription) warn('both a Description field and a body; the body is used', headerDescription.line);
  } else if (headerDescription) {
    description = undoDescriptionIndent(headerDescription.value);
  }

  const meta: CoreMetadata = {
    metadataVersion,
    name,
    version,
    requiresDist: multiple('Requires-Dist'),
    providesExtra: multiple('Provides-Extra'),
    dynamic,
    fields: parsed.fields,
    warnings,
  };
  const summary = optional('Summary');
  if (summary !== undefined) meta.summary = summary;
  if (description !== undefined) meta.description = description;
  const dct = optional('Description-Content-Type');
  if (dct !== undefined) meta.descriptionContentType = dct;
  const rp = optional('Requires-Python');
  if (rp !== undefined) meta.requiresPython = rp;
  const le = optional('License-Expression');
  if (le !== undefined) meta.licenseExpression = le;
  return meta;
}

/** All values of a field (case-insensitive name), unfolded. */
export function getMetadataField(meta: CoreMetadata, name: string): string[] {
  const key = name.toLowerCase();
  return meta.fields.filter((f) => f.name.toLowerCase() === key).map((f) => unfold(f.value));
}

/** Whether a field is listed in `Dynamic` (case-insensitive). */
export function isDynamic(meta: CoreMetadata, field: string): boolean {
  const key = field.toLowerCase();
  return meta.dynamic.some((d) => d.toLowerCase() === key);
}

/** Compare two `major.minor` metadata versions numerically. */
export function compareMetadataVersion(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

function decodeUtf8(bytes: Uint8Array, onInvalid: () => void): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    onInvalid();
    return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  }
}

/**
 * The core-metadata spec's convention for a multi-line `Description` field: each
 * continuation line starts with 7 spaces and `|` (older tools: 8 spaces).
 */
function undoDescriptionIndent(value: string): string {
  const lines = value.split('\n');
  const rest = lines.slice(1).map((l) => {
    if (/^ {7}\|/.test(l)) return l.slice(8);
    if (l.startsWith('        ')) return l.slice(8);
    return l.replace(/^[ \t]/, '');
  });
  return [lines[0]!, ...rest].join('\n');
}

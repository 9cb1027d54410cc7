/**
 * Bytes of a local requirements file to text, as pip 23.2.1's `auto_decode` does: a
 * byte-order mark decides first (UTF-8, UTF-16); else a PEP 263-style `# -*- coding: X -*-`
 * comment on one of the first two lines; else UTF-8. (pip falls back to the locale's
 * preferred encoding, which is UTF-8 wherever wheelhouse is meant to run; we do not let
 * the machine's locale change how a lock input is read.) Undecodable bytes are an error
 * with the line and column where they are, never replaced silently.
 */

export class DecodeProblem extends Error {
  constructor(
    message: string,
    readonly expected: string,
    readonly line?: number,
    readonly column?: number,
    readonly text?: string,
  ) {
    super(message);
  }
}

/** pip's `ENCODING_RE`, applied to the bytes of the first two lines starting with "#". */
const CODING = /coding[:=][ \t\n\r\f\v]*([-\w.]+)/;

/** Python's `encodings.normalize_encoding`, lowercased as codec lookup does. */
function normalizeCodecName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const UTF8 = new Set(['utf_8', 'utf8', 'u8', 'utf', 'utf8_ucs2', 'utf8_ucs4', 'cp65001']);
const UTF8_SIG = new Set(['utf_8_sig', 'utf8_sig']);
const LATIN1 = new Set(['latin_1', 'latin1', 'latin', 'l1', 'iso_8859_1', 'iso8859_1', '8859', 'cp819', 'iso_ir_100', 'iso_8859_1_1987', 'ibm819']);
const ASCII = new Set(['ascii', 'us_ascii', '646', 'us', 'ansi_x3.4_1968', 'ansi_x3_4_1968', 'ansi_x3.4_1986', 'cp367', 'csascii', 'ibm367', 'iso646_us', 'iso_646.irv_1991', 'iso_ir_6']);
const CP1252 = new Set(['cp1252', 'windows_1252', '1252']);
const UTF16 = new Set(['utf_16', 'utf16', 'u16']);
const UTF16LE = new Set(['utf_16_le', 'utf_16le']);
const UTF16BE = new Set(['utf_16_be', 'utf_16be']);

function position(decoded: string): { line: number; column: number } {
  const lines = decoded.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** Decodes with a WHATWG decoder; on failure, finds where (streaming byte by byte). */
function decodeStrict(bytes: Uint8Array, label: string, encodingName: string): string {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
    let decoded = '';
    for (let i = 0; i < bytes.length; i += 1) {
      try {
        decoded += decoder.decode(bytes.subarray(i, i + 1), { stream: true });
      } catch {
        const { line, column } = position(decoded);
        const bad = Array.from(bytes.subarray(Math.max(0, i - 3), i + 1), (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
        throw new DecodeProblem(`the file is not valid ${encodingName}`, `text in ${encodingName}`, line, column, bad);
      }
    }
    throw new DecodeProblem(`the file is not valid ${encodingName}: it ends inside a character`, `text in ${encodingName}`);
  }
}

function decodeLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

/** cp1252's 0x80-0x9F (Node's TextDecoder reads windows-1252 as latin-1); 0 = undefined in Python's codec. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    if (b < 0x80 || b > 0x9f) {
      out += String.fromCharCode(b);
      continue;
    }
    const cp = CP1252_HIGH[b - 0x80] ?? 0;
    if (cp === 0) {
      const { line, column } = position(out);
      throw new DecodeProblem('the file is not valid cp1252', 'text in cp1252, as its coding line declares', line, column, `\\x${b.toString(16)}`);
    }
    out += String.fromCharCode(cp);
  }
  return out;
}

function decodeAscii(bytes: Uint8Array): string {
  const bad = bytes.findIndex((b) => b > 0x7f);
  if (bad !== -1) {
    const { line, column } = position(decodeLatin1(bytes.subarray(0, bad)));
    throw new DecodeProblem('the file is not valid ascii', 'ASCII text, as its coding line declares', line, column, `\\x${(bytes[bad] ?? 0).toString(16)}`);
  }
  return decodeLatin1(bytes);
}

/** Text in the encoding a coding comment declares (Python codec names). */
function decodeDeclared(bytes: Uint8Array, declared: string): string {
  const name = normalizeCodecName(declared);
  if (UTF8.has(name)) return decodeStrict(bytes, 'utf-8', 'utf-8');
  if (UTF8_SIG.has(name)) {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    return decodeStrict(body, 'utf-8', 'utf-8');
  }
  if (LATIN1.has(name)) return decodeLatin1(bytes);
  if (CP1252.has(name)) return decodeCp1252(bytes);
  if (ASCII.has(name)) return decodeAscii(bytes);
  if (UTF16LE.has(name)) return decodeStrict(bytes, 'utf-16le', 'utf-16-le');
  if (UTF16BE.has(name)) return decodeStrict(bytes, 'utf-16be', 'utf-16-be');
  if (UTF16.has(name)) {
    // Python's utf-16 codec reads a BOM, else assumes little-endian.
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeStrict(bytes.subarray(2), 'utf-16be', 'utf-16');
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeStrict(bytes.subarray(2), 'utf-16le', 'utf-16');
    return decodeStrict(bytes, 'utf-16le', 'utf-16');
  }
  let label: string | undefined;
  try {
    label = new TextDecoder(name.replace(/_/g, '-')).encoding;
  } catch {
    label = undefined;
  }
  // WHATWG maps latin-1 and ascii labels to windows-1252; Python does not.
  if (label === undefined || label === 'windows-1252') {
    throw new DecodeProblem(`unknown encoding ${JSON.stringify(declared)} in the coding comment`, 'a Python codec name such as utf-8, latin-1 or cp1252', 1, 1, declared);
  }
  return decodeStrict(bytes, label, declared);
}

export function decodeRequirementsFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeStrict(bytes.subarray(3), 'utf-8', 'utf-8');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    throw new DecodeProblem('UTF-32 requirements files are not supported', 'a file in UTF-8 (or UTF-16, or an encoding named by a coding comment)', 1, 1);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeStrict(bytes.subarray(2), 'utf-16le', 'utf-16');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeStrict(bytes.subarray(2), 'utf-16be', 'utf-16-be');
  // PEP 263 style: the first two lines (split at "\n") that start with "#".
  let start = 0;
  for (let n = 0; n < 2 && start <= bytes.length; n += 1) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const line = Buffer.from(bytes.subarray(start, end)).toString('latin1');
    const m = line.startsWith('#') ? CODING.exec(line) : null;
    if (m?.[1] !== undefined) return decodeDeclared(bytes, m[1]);
    start = end + 1;
  }
  return decodeStrict(bytes, 'utf-8', 'utf-8');
}

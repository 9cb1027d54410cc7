/**
 * The wheel's `.dist-info/RECORD` (PEP 376 / the binary distribution format spec): a
 * CSV file of `path,hash,size` rows, the hash written `algorithm=digest` with the digest
 * in URL-safe base64 without `=` padding.
 */
import { ArchiveError } from '../errors.js';
import { memberLocation, type ArchiveSource } from './source.js';

export interface RecordEntry {
  path: string;
  /** undefined when the row leaves the hash empty */
  hash?: { algorithm: string; digest: string };
  size?: number;
  /** 1-based line in RECORD */
  line: number;
}

/**
 * Hash algorithms a RECORD may use, mapped to node:crypto names. The spec allows any of
 * Python's `hashlib.algorithms_guaranteed` except md5 and sha1.
 */
export const RECORD_HASH_ALGORITHMS: Readonly<Record<string, string>> = Object.freeze({
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
});

/** Parse RECORD (Python's `csv` default dialect: `,` separated, `"` quoted, `""` escapes). */
export function parseRecord(bytes: Uint8Array | string, source: ArchiveSource = {}, member = 'RECORD'): RecordEntry[] {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const rows = parseCsv(text, (line, message) => {
    throw new ArchiveError(`${member} is not valid CSV: ${message}`, { location: memberLocation(source, member, line) });
  });
  const out: RecordEntry[] = [];
  for (const { cells, line } of rows) {
    if (cells.length === 1 && cells[0] === '') continue;
    const loc = memberLocation(source, member, line);
    if (cells.length !== 3) {
      throw new ArchiveError(`${member} row has ${cells.length} columns`, { location: loc, text: cells.join(','), expected: '3 columns: path,hash,size' });
    }
    const [path, hashText, sizeText] = cells as [string, string, string];
    if (path === '') throw new ArchiveError(`${member} row has an empty path`, { location: loc, text: cells.join(','), expected: 'a file path' });
    const entry: RecordEntry = { path, line };
    if (hashText !== '') {
      const eq = hashText.indexOf('=');
      const algorithm = eq > 0 ? hashText.slice(0, eq).toLowerCase() : '';
      const digest = eq > 0 ? hashText.slice(eq + 1) : '';
      if (algorithm === '' || digest === '' || !/^[A-Za-z0-9_-]+$/.test(digest)) {
        throw new ArchiveError(`${member} has a malformed hash`, { location: loc, text: hashText, expected: 'algorithm=digest, the digest in URL-safe base64 without padding' });
      }
      if (algorithm === 'md5' || algorithm === 'sha1') {
        throw new ArchiveError(`${member} uses ${algorithm}, which the wheel spec forbids`, { location: loc, text: hashText, expected: 'sha256 or stronger' });
      }
      if (!(algorithm in RECORD_HASH_ALGORITHMS)) {
        throw new ArchiveError(`${member} uses an unknown hash algorithm`, { location: loc, text: hashText, expected: Object.keys(RECORD_HASH_ALGORITHMS).join(', ') });
      }
      entry.hash = { algorithm, digest };
    }
    if (sizeText !== '') {
      if (!/^\d+$/.test(sizeText)) {
        throw new ArchiveError(`${member} has an invalid size`, { location: loc, text: sizeText, expected: 'a non-negative integer' });
      }
      entry.size = Number(sizeText);
    }
    out.push(entry);
  }
  return out;
}

/** A digest as RECORD writes it: URL-safe base64, no padding. */
export function recordDigest(digest: Buffer): string {
  return digest.toString('base64url');
}

interface CsvRow {
  cells: string[];
  line: number;
}

function parseCsv(text: string, fail: (line: number, message: string) => never): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let quotedCell = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    rows.push({ cells, line: rowLine });
    cells = [];
    cell = '';
    quotedCell = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === '' && !quotedCell) {
      inQuotes = true;
      quotedCell = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      quotedCell = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += c;
    }
  }
  if (inQuotes) fail(rowLine, 'a quoted field is not closed');
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

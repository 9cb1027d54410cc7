/**
 * One file of a wheelhouse, checked once whatever the number of targets that use it: its
 * digests (the algorithms the lock uses), and whether it is intact — a wheel is a valid zip
 * whose `.dist-info` matches its file name and whose every file matches RECORD (hash and
 * size); an sdist opens and has PKG-INFO. Archives are read by src/metadata, streaming,
 * within its size limits. A PEP 658 `.metadata` file beside a wheel (DIR/F.metadata or
 * DIR/simple/NAME/F.metadata) must equal the wheel's own METADATA.
 */
import { createHash, getHashes, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { WheelhouseError } from '../errors.js';
import type { CoreMetadata } from '../metadata/core-metadata.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../metadata/limits.js';
import { readSdistFile } from '../metadata/sdist-reader.js';
import { readWheelFile } from '../metadata/wheel-reader.js';
import { canonicalizeName } from '../pep508/name.js';

export interface FileCheck {
  filename: string;
  kind: 'wheel' | 'sdist';
  /** Hex digest by algorithm, for every algorithm asked for that node knows. */
  digests: Record<string, string>;
  size: number;
  /** Why the file is corrupt; absent when it is intact. */
  problem?: string;
  /** A wheel's METADATA; an sdist's PKG-INFO when PEP 643 makes its dependencies trustworthy. */
  metadata?: CoreMetadata;
  /** An sdist's build requirements (`[build-system] requires`, or setuptools + wheel). */
  buildRequires?: string[];
}

/** An error from the readers, in one line: message, where, offending text, what was expected. */
export function describeError(err: unknown): string {
  if (err instanceof WheelhouseError) {
    const where = err.where();
    let s = err.message;
    if (where !== undefined) s += ` (${where})`;
    if (err.text !== undefined && err.text !== '' && !err.message.includes(err.text)) s += `: ${err.text}`;
    if (err.expected !== undefined) s += `; expected ${err.expected}`;
    return s;
  }
  return err instanceof Error ? err.message : String(err);
}

const NODE_HASHES = new Set(getHashes().map((h) => h.toLowerCase()));
const NODE_NAME: Record<string, string> = { sha3_224: 'sha3-224', sha3_256: 'sha3-256', sha3_384: 'sha3-384', sha3_512: 'sha3-512', blake2b: 'blake2b512', blake2s: 'blake2s256' };

/** Digests of a file by the given algorithms (hashlib names), streaming. */
export async function digestFile(file: string, algorithms: Iterable<string>): Promise<{ digests: Record<string, string>; size: number }> {
  const hashes = new Map<string, Hash>();
  for (const a of new Set(['sha256', ...algorithms])) {
    const nodeName = NODE_NAME[a] ?? a;
    if (NODE_HASHES.has(nodeName)) hashes.set(a, createHash(nodeName));
  }
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    for (const h of hashes.values()) h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const digests: Record<string, string> = {};
  for (const [a, h] of hashes) digests[a] = h.digest('hex');
  return { digests, size };
}

/** Where a PEP 658 metadata file of `filename` may be in a wheelhouse. */
function metadataFileCandidates(dir: string, filename: string, project: string): string[] {
  return [path.join(dir, `${filename}.metadata`), path.join(dir, 'simple', project, `${filename}.metadata`)];
}

async function checkMetadataFiles(dir: string, filename: string, project: string, own: Buffer): Promise<string | undefined> {
  for (const file of metadataFileCandidates(dir, filename, project)) {
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch {
      continue;
    }
    const rel = path.relative(dir, file).split(path.sep).join('/');
    if (size > DEFAULT_ARCHIVE_LIMITS.maxMetadataBytes) return `${rel} is ${size} bytes, larger than any METADATA wheelhouse reads`;
    const bytes = await readFile(file);
    if (!bytes.equals(own)) return `${rel} differs from the METADATA inside ${filename}: an installer that trusts it (PEP 658) sees other dependencies than pip installs`;
  }
  return undefined;
}

/** Check one file of DIR (see the module comment). Never throws for a bad file: `problem` says why. */
export async function checkFile(dir: string, filename: string, kind: 'wheel' | 'sdist', algorithms: Iterable<string>): Promise<FileCheck> {
  const file = path.join(dir, filename);
  let digested: { digests: Record<string, string>; size: number };
  try {
    digested = await digestFile(file, algorithms);
  } catch (err) {
    return { filename, kind, digests: {}, size: 0, problem: `cannot read ${filename}: ${(err as Error).message}` };
  }
  const result: FileCheck = { filename, kind, digests: digested.digests, size: digested.size };
  try {
    if (kind === 'wheel') {
      const wheel = await readWheelFile(file, { hashFile: false, verifyRecord: true });
      result.metadata = wheel.metadata;
      const lie = await checkMetadataFiles(dir, filename, canonicalizeName(wheel.parsedFilename.name), wheel.metadataBytes);
      if (lie !== undefined) result.problem = lie;
    } else {
      const sdist = await readSdistFile(file);
      if (!sdist.pkgInfo) result.problem = `${filename} has no ${sdist.topDir}/PKG-INFO`;
      else if (sdist.staticMetadata.trusted) result.metadata = sdist.pkgInfo;
      result.buildRequires = [...sdist.buildSystem.requires];
    }
  } catch (err) {
    result.problem = describeError(err);
  }
  return result;
}

/**
 * Walking a `.tar.gz` as a stream (tar-stream + node:zlib), never extracting: each member
 * is checked (safe name, allowed type, links that stay inside, declared size) and either
 * read into memory under a cap or skipped. The visitor can stop the walk early, which
 * stops the decompression too. Inflated bytes are counted against `maxTarBytes`, so a
 * gzip bomb ends at the limit.
 */
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { ArchiveError, WheelhouseError } from '../errors.js';
import { checkEntryName } from './entry-name.js';
import type { ArchiveLimits } from './limits.js';
import { archiveLocation, memberLocation, type ArchiveSource } from './source.js';

export type MemberType = 'file' | 'directory' | 'symlink' | 'hardlink';

export interface ArchiveMember {
  /** Normalised: no leading `./`, no trailing `/`. */
  name: string;
  type: MemberType;
  size: number;
  /** Target of a symlink or hard link. */
  linkname?: string;
}

/** What the visitor decides: keep walking, or stop (nothing more is decompressed). */
export type VisitResult = 'continue' | 'stop';

/**
 * `read(max)` gives the member's bytes (refused over `max`); call it at most once, before
 * returning. Members not read are skipped.
 */
export type MemberVisitor = (member: ArchiveMember, read: (maxBytes: number) => Promise<Buffer>) => Promise<VisitResult>;

export async function walkTarGz(input: Readable, source: ArchiveSource, limits: ArchiveLimits, visit: MemberVisitor): Promise<{ members: number; complete: boolean }> {
  const extract = tar.extract();
  const counter = new InflatedByteCounter(limits.maxTarBytes, source);
  const done = pipeline(input, createGunzip(), counter, extract);
  // The walk reports errors through the iterator; the pipeline's own rejection is
  // observed so that it is never unhandled.
  let pipelineError: unknown;
  done.catch((err: unknown) => {
    pipelineError = err;
  });

  let members = 0;
  let complete = true;
  const seen = new Set<string>();
  try {
    for await (const entry of extract) {
      members += 1;
      if (members > limits.maxEntries) {
        throw new ArchiveError(`tar has more than ${limits.maxEntries} members`, { location: archiveLocation(source), expected: `at most ${limits.maxEntries} members` });
      }
      const member = describeTarMember(entry.header, source, limits);
      let consumed = false;
      const read = async (maxBytes: number): Promise<Buffer> => {
        consumed = true;
        if (member.size > maxBytes) {
          entry.resume();
          throw new ArchiveError(`${member.name} is ${member.size} bytes, over the limit of ${maxBytes}`, {
            location: memberLocation(source, member.name),
            expected: `at most ${maxBytes} bytes`,
          });
        }
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      };
      if (member.type !== 'directory' && member.name !== '') {
        if (seen.has(member.name)) {
          // Extraction would let the later one win: what we read would not be what a build sees.
          throw new ArchiveError('tar has two members with the same name', { location: archiveLocation(source), text: member.name, expected: 'each member name once' });
        }
        seen.add(member.name);
      }
      const verdict = await visit(member, read);
      if (!consumed) entry.resume();
      if (verdict === 'stop') {
        complete = false;
        break;
      }
    }
  } catch (err) {
    throw mapTarError(pipelineError ?? err, source);
  } finally {
    input.destroy();
    extract.destroy();
  }
  if (pipelineError !== undefined && complete) throw mapTarError(pipelineError, source);
  return { members, complete };
}

/** The archive root itself (`./`) comes out with the name ''. */
function describeTarMember(header: tar.Header, source: ArchiveSource, limits: ArchiveLimits): ArchiveMember {
  const name = normaliseMemberName(header.name);
  checkEntryName(name === '' ? '.' : name, source);
  const size = header.size ?? 0;
  const loc = memberLocation(source, name);
  if (size > limits.maxEntryBytes) {
    throw new ArchiveError(`${name} is ${size} bytes, over the limit of ${limits.maxEntryBytes}`, { location: loc, expected: `members of at most ${limits.maxEntryBytes} bytes` });
  }
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
    case null:
    case undefined:
      return { name, type: 'file', size };
    case 'directory':
      return { name, type: 'directory', size: 0 };
    case 'symlink': {
      const linkname = header.linkname ?? '';
      checkLinkTarget(name, linkname, path.posix.join(path.posix.dirname(name), linkname), source, 'symbolic link');
      return { name, type: 'symlink', size: 0, linkname };
    }
    case 'link': {
      const linkname = normaliseMemberName(header.linkname ?? '');
      checkLinkTarget(name, linkname, linkname, source, 'hard link');
      return { name, type: 'hardlink', size: 0, linkname };
    }
    default:
      throw new ArchiveError(`tar member is a ${header.type}`, { location: loc, text: name, expected: 'regular files, directories and links' });
  }
}

/** A link must not be absolute or lead outside the archive's root. */
export function checkLinkTarget(name: string, linkname: string, resolvedFromRoot: string, source: ArchiveSource, kind: string): void {
  const normal = path.posix.normalize(resolvedFromRoot);
  if (linkname === '' || linkname.startsWith('/') || /^[A-Za-z]:/.test(linkname) || linkname.includes('\\') || linkname.includes('\0') || normal === '..' || normal.startsWith('../')) {
    throw new ArchiveError(`${kind} points outside the archive`, {
      location: memberLocation(source, name),
      text: `${name} -> ${linkname}`,
      expected: 'links to members inside the archive',
    });
  }
}

export function normaliseMemberName(name: string): string {
  let n = name;
  while (n.startsWith('./')) n = n.slice(2);
  if (n === '.') n = '';
  while (n.endsWith('/')) n = n.slice(0, -1);
  return n;
}

class InflatedByteCounter extends Transform {
  private total = 0;
  constructor(
    private readonly max: number,
    private readonly source: ArchiveSource,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.max) {
      cb(
        new ArchiveError(`the archive inflates to more than ${this.max} bytes (a gzip bomb?)`, {
          location: archiveLocation(this.source),
          expected: `at most ${this.max} bytes uncompressed`,
        }),
      );
      return;
    }
    cb(null, chunk);
  }
}

function mapTarError(err: unknown, source: ArchiveSource): WheelhouseError {
  if (err instanceof WheelhouseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ArchiveError(`not a readable .tar.gz: ${message}`, { location: archiveLocation(source), expected: 'a gzip-compressed tar file', cause: err });
}

/** The sha256 and size of a local file, streamed. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  sha256: string;
  size: number;
}

export async function hashFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export function hashBuffer(buffer: Uint8Array): FileDigest {
  return { sha256: createHash('sha256').update(buffer).digest('hex'), size: buffer.byteLength };
}

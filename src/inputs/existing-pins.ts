/**
 * The pins of the lockfile a lock replaces, read with the lockfile module's readers:
 * pip-compile's lenient reading of a requirements.txt (pinned lines only), or the
 * packages of a pylock.toml. A file that does not exist has no pins.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readExistingPins } from '../lockfile/requirements-txt-reader.js';
import { readPylockFile } from '../lockfile/pylock-reader.js';
import type { EnvironmentVariables } from '../requirements-txt/logical-lines.js';
import type { LockFormat } from './output-path.js';
import type { ExistingPinLike } from './pins.js';

export interface ReadLockfilePinsOptions {
  cwd?: string;
  env?: EnvironmentVariables;
}

export async function readLockfilePins(file: string, format: LockFormat, options: ReadLockfilePinsOptions = {}): Promise<ExistingPinLike[]> {
  const cwd = options.cwd ?? process.cwd();
  const resolved = path.resolve(cwd, file);
  if (!existsSync(resolved)) return [];
  if (format === 'requirements') {
    const pins = await readExistingPins(file, { cwd, ...(options.env === undefined ? {} : { env: options.env }) });
    return pins.map((p) => ({ name: p.name, version: p.version, ...(p.marker === undefined ? {} : { marker: p.marker }) }));
  }
  const { lock } = await readPylockFile(resolved);
  return lock.packages.filter((p) => p.version !== '').map((p) => ({ name: p.name, version: p.version, ...(p.marker === undefined ? {} : { marker: p.marker }) }));
}

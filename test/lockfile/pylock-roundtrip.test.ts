/**
 * pylock.toml round trip, as a property over random locks (lock-arbitrary.ts): what
 * lockToPylock writes, readPylock reads back as the same lock (with the markers the writer
 * made for target-specific pins), and writing that again gives the same bytes. A sample of
 * the files is validated by packaging.pylock (modern packaging from the mirror) in one
 * batched process.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lockToPylock, packageMarker, readPylock, type Lock } from '../../src/lockfile/index.js';
import { MIRROR_ABSENT } from '../helpers/mirror.js';
import { hasPython } from '../helpers/python.js';
import { lockArb, LOCK_DIR } from './lock-arbitrary.js';
import { modernPackagingWheel, validatePylocks } from './packaging-oracle.js';

const FILE = `${LOCK_DIR}/pylock.toml`;

/** The lock as it reads back: target-specific pins carry the marker the writer made for them. */
function expected(lock: Lock): Lock {
  return {
    ...lock,
    packages: lock.packages.map((p) => {
      const marker = packageMarker(lock, p, { lockFile: true });
      return marker === undefined ? p : { ...p, marker };
    }),
  };
}

describe('pylock.toml round trip', () => {
  it('write → read gives the lock back, and writing again the same bytes (300 random locks)', () => {
    fc.assert(
      fc.property(lockArb, (lock) => {
        const text = lockToPylock(lock);
        const read = readPylock(text, { file: FILE });
        expect(read.warnings).toEqual([]);
        expect(read.lock).toEqual(expected(lock));
        expect(lockToPylock(read.lock)).toBe(text);
      }),
      { numRuns: 300, seed: 20250331 },
    );
  });

  it.skipIf(!hasPython())('packaging.pylock validates what is written (100 random locks, one process)', async () => {
    const wheel = modernPackagingWheel();
    if (!wheel) {
      console.log(`${MIRROR_ABSENT}: pylock.toml files not checked with packaging.pylock`);
      return;
    }
    const locks = fc.sample(lockArb, { numRuns: 100, seed: 751 });
    const { results } = await validatePylocks(
      wheel,
      locks.map((lock) => ({ text: lockToPylock(lock, { wheelhouseDir: 'wheels' }) })),
    );
    expect(results.map((r, i) => (r.valid ? 'valid' : `${r.error}\n${lockToPylock(locks[i] as Lock)}`))).toEqual(locks.map(() => 'valid'));
  });
});

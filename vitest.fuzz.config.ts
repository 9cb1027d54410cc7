/**
 * `npm run fuzz`: the parser fuzz suites (test/guarantees/fuzz) with many more runs than CI.
 * FUZZ_RUNS sets the runs per property (default here 20000; CI's default is in
 * test/guarantees/support/fuzz.ts); FUZZ_SEED replays a failure.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/guarantees/fuzz/**/*.test.ts'],
    env: { FUZZ_RUNS: process.env['FUZZ_RUNS'] ?? '20000' },
    testTimeout: 3_600_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});

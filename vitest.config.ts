import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The machine has 2 cores; e2e tests start servers and pip.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});

/**
 * The peak-RSS probe the memory guarantees rest on (support/report-rss.mjs) measures the
 * CLI process itself. Linux carries ru_maxrss over fork and exec, so a probe reading it
 * reported the test worker's size for every CLI it spawned (CI once failed a hostile-page
 * test on a worker's 312 MB).
 */
import { describe, expect, it } from 'vitest';
import { MB, runCliProcess } from './support/cli-process.js';

describe('the peak-RSS probe', () => {
  it('reports the CLI, not the larger process that spawned it', async () => {
    const ballast = Buffer.alloc(400 * MB, 1); // the spawning process is now > 400 MB resident
    const run = await runCliProcess(['--version'], { measureRss: true });
    expect(run.code, run.stderr).toBe(0);
    expect(ballast[ballast.length - 1]).toBe(1);
    expect(run.maxRssBytes, 'peak RSS measured').toBeGreaterThan(20 * MB);
    expect(run.maxRssBytes!).toBeLessThan(150 * MB);
  });

  it('loads the built CLI even when NODE_ENV asks oclif for the TypeScript sources', async () => {
    // oclif registers tsx and loads src/*.ts when NODE_ENV is "test" or "development";
    // bin/run.js turns that off. tsx and the TypeScript sources cost ~100 MB more.
    for (const NODE_ENV of ['test', 'development']) {
      const run = await runCliProcess(['tags', '--target', 'cp312-manylinux_2_17_x86_64', '--json'], { measureRss: true, env: { NODE_ENV } });
      expect(run.code, run.stderr).toBe(0);
      expect(run.maxRssBytes!, `NODE_ENV=${NODE_ENV}: peak RSS ${(run.maxRssBytes! / MB).toFixed(0)} MB`).toBeLessThan(90 * MB);
    }
  });
});

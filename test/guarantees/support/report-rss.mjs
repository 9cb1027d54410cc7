// Preloaded into the CLI process by cli-process.ts (node --import): on exit, writes the
// process's peak resident set size (ru_maxrss, KiB) to WH_TEST_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.WH_TEST_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}

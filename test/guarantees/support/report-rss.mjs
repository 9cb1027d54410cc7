// Preloaded into the CLI process by cli-process.ts (node --import): on exit, writes the
// process's peak resident set size (KiB) to WH_TEST_RSS_FILE.
//
// On Linux this is VmHWM from /proc/self/status, the peak of this process's own address
// space. Not ru_maxrss (process.resourceUsage().maxRSS): Linux carries ru_maxrss over fork
// and exec, so a CLI spawned by a 300 MB test worker reports at least the worker's 300 MB.
import { readFileSync, writeFileSync } from 'node:fs';

function peakRssKiB() {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: fall back to ru_maxrss (an upper bound there too)
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.WH_TEST_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(peakRssKiB()));
  });
}

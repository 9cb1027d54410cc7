// Prints the final `N passed, N failed` line from vitest's JSON report.
import { existsSync, readFileSync } from 'node:fs';

const [file, status] = process.argv.slice(2);
if (!existsSync(file)) {
  // The suite did not run (type check or build failed): that is one failure.
  console.log(`0 passed, ${status === '0' ? 0 : 1} failed`);
} else {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const failedSuites = (r.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + failedSuites} failed`);
}

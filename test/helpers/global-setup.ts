/**
 * Once per test run: nothing is started here that outlives the run. End-to-end tests
 * use the built CLI (bin/run.js → dist/), which `npm test` builds before vitest starts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
  if (!existsSync(dist)) {
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
  }
}

#!/usr/bin/env node
/**
 * The last step of `npm run build`: replaces dist/commands/*.js (tsc's output, ~270 small
 * modules reached from each command) with esbuild bundles of the same commands. Shared code
 * goes into chunks (dist/cli-chunks/), so one command loads a handful of files: start-up
 * was mostly module loading (resolving, reading and linking each file), see bench/RESULTS.md.
 *
 * The library (dist/index.js and the rest of dist/) stays tsc's output, one module per source
 * file. @oclif/core stays external: bin/run.js and the commands must share one oclif.
 * Dependencies are bundled too, except those the code loads lazily with createRequire
 * (undici, htmlparser2), which esbuild leaves to Node's resolution at run time.
 */
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const commands = path.join(root, 'dist', 'commands');
const entryPoints = Object.fromEntries(
  readdirSync(commands)
    .filter((f) => f.endsWith('.js'))
    .map((f) => [`commands/${f.slice(0, -'.js'.length)}`, path.join(commands, f)]),
);
if (Object.keys(entryPoints).length === 0) throw new Error(`no compiled commands in ${commands}: run tsc first`);

await build({
  entryPoints,
  outdir: path.join(root, 'dist'),
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  // Beside dist/commands, not in it: oclif takes every file under the commands folder for a command.
  chunkNames: 'cli-chunks/[name]-[hash]',
  external: ['@oclif/core', '@oclif/core/*'],
  // Bundled CommonJS dependencies (yauzl, tar-stream) call require() for Node's modules.
  banner: { js: "import { createRequire as __wheelhouseCreateRequire } from 'node:module'; const require = __wheelhouseCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
// tsc's source maps of the unbundled commands no longer match the files they name.
for (const f of readdirSync(commands)) if (f.endsWith('.js.map')) rmSync(path.join(commands, f));

/**
 * The commands `npm run build` ships are esbuild bundles (scripts/bundle-commands.mjs): each
 * dist/commands/*.js imports only its chunks, Node's modules and the packages left external,
 * and the bundled code still finds what it looked up beside its source module (the
 * package's version for the User-Agent).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { FaultServer } from '../helpers/fault-server.js';

const COMMANDS = path.join(REPO_ROOT, 'dist', 'commands');
const CHUNKS = path.join(REPO_ROOT, 'dist', 'cli-chunks');
const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Every static and dynamic import specifier of an ES module's text. */
function importsOf(text: string): string[] {
  const specs = new Set<string>();
  for (const m of text.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)) specs.add((m[1] ?? m[2])!);
  return [...specs];
}

describe('the bundled commands', () => {
  it('import only their chunks, node: modules and the external @oclif/core', () => {
    const files = readdirSync(COMMANDS).filter((f) => f.endsWith('.js'));
    expect(files.sort()).toEqual(['build.js', 'download.js', 'init.js', 'inspect.js', 'lock.js', 'serve.js', 'tags.js', 'verify.js']);
    const chunks = readdirSync(CHUNKS).filter((f) => f.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const file of [...files.map((f) => path.join(COMMANDS, f)), ...chunks.map((c) => path.join(CHUNKS, c))]) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        seen.add(spec);
        expect(spec.startsWith('node:') || spec.startsWith('./chunk-') || spec.startsWith('../cli-chunks/') || spec.startsWith('@oclif/core'), `${path.basename(file)} imports ${spec}`).toBe(true);
      }
    }
    expect([...seen].some((s) => s.startsWith('../cli-chunks/')), 'the commands share chunks').toBe(true);
    // tsc's source maps of the unbundled commands would point at the wrong lines.
    expect(readdirSync(COMMANDS).filter((f) => f.endsWith('.js.map'))).toEqual([]);
  });

  describe('run from the bundle', () => {
    let server: FaultServer;
    beforeAll(async () => {
      server = await FaultServer.start();
      server.route('/simple/nothing-here/', { status: 404, body: 'not found' });
    });
    afterAll(async () => server.close());

    it('sends User-Agent wheelhouse/<the package version>', async () => {
      const r = await runCli(['lock', '--index-url', server.url('/simple/'), '--target', 'cp312-manylinux_2_17_x86_64', '-o', '-', '--no-cache', '--retries', '0', 'nothing-here']);
      expect(r.code, r.stderr).toBe(1);
      const [req] = server.requestsTo('/simple/nothing-here/');
      expect(req?.headers['user-agent']).toBe(`wheelhouse/${VERSION}`);
    });
  });
});

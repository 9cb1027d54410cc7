/**
 * The README tells the truth about the commands: every command and every flag of the
 * built CLI (oclif.manifest.json, made by `npm run build`) is in README.md, and the
 * command reference is the one `npm run readme` generates (not hand-edited and stale).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(path.join(root, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, { flags: Record<string, { name: string; char?: string; hidden?: boolean; allowNo?: boolean }> }>;
};

describe('README.md', () => {
  it('gives the two set-up commands for a fresh machine', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm test');
  });

  const commands = Object.entries(manifest.commands);
  it('documents at least the commands of the manifest', () => {
    expect(commands.length).toBeGreaterThan(0);
  });

  it.each(commands.map(([id]) => id))('has a reference section for `wheelhouse %s` with every flag', (id) => {
    const reference = readme.indexOf('## Command reference');
    expect(reference, 'README has a "## Command reference" section').toBeGreaterThanOrEqual(0);
    const start = readme.indexOf(`## \`wheelhouse ${id}`, reference);
    expect(start, `README has no "## \`wheelhouse ${id}" section: run npm run readme`).toBeGreaterThanOrEqual(0);
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end);
    for (const flag of Object.values(manifest.commands[id]!.flags)) {
      if (flag.hidden) continue;
      expect(section, `flag --${flag.name} of ${id}`).toContain(`--${flag.name}`);
    }
  });
});

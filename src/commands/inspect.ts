import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Args, Flags } from '@oclif/core';
import { WheelhouseCommand } from '../cli/base-command.js';
import { UsageError } from '../errors.js';
import { inspectFile, type InspectReport } from '../metadata/index.js';

export default class Inspect extends WheelhouseCommand {
  static override summary = 'Show the metadata of a local wheel or sdist, and check its contents.';

  static override description = `Reads FILE without installing or building anything and prints its name, version,
tags, Requires-Python, Requires-Dist, Provides-Extra, sha256 and size.
  wheel  every file is checked against RECORD (sha256 and size); --no-verify skips that
  sdist  PKG-INFO is shown with whether PEP 643 makes it usable without a build, and the
         build requirements pip would install (for a project with no [build-system]:
         setuptools>=40.8.0 and wheel)
Hostile archives (path traversal, links out of the archive, zip or gzip bombs) are
refused; nothing is ever extracted.
Only local files for now: remote URLs (read with HTTP range requests) come with the
index client.`;

  static override examples = [
    '<%= config.bin %> inspect wheels/requests-2.32.3-py3-none-any.whl',
    '<%= config.bin %> inspect dist/mypkg-1.0.tar.gz --json',
  ];

  static override args = {
    file: Args.string({ required: true, description: 'A local .whl, .tar.gz or .zip file.' }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the report as JSON.' }),
    'no-verify': Flags.boolean({ summary: 'Do not check the wheel\'s files against RECORD (read only METADATA and WHEEL).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Inspect);
    const file = localPath(args.file);
    const report = await inspectFile(file, { verifyRecord: !flags['no-verify'] });
    this.log(flags.json ? JSON.stringify(report, null, 2) : renderReport(report).join('\n'));
  }
}

function localPath(arg: string): string {
  if (arg.startsWith('file://')) return fileURLToPath(arg);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
    throw new UsageError('inspect reads local files only for now', {
      text: arg,
      expected: 'a path to a local .whl, .tar.gz or .zip file',
      hint: 'download the file first; remote inspection through HTTP range requests is not implemented yet',
    });
  }
  if (!existsSync(arg) || !statSync(arg).isFile()) {
    throw new UsageError('no such file', { text: arg, expected: 'a path to a local .whl, .tar.gz or .zip file' });
  }
  return arg;
}

function renderReport(r: InspectReport): string[] {
  const lines: string[] = [`${r.filename} (${r.kind})`];
  const row = (label: string, values: string | string[]): void => {
    const list = typeof values === 'string' ? [values] : values.length === 0 ? ['(none)'] : values;
    lines.push(`  ${label.padEnd(18)}${list[0]}`);
    for (const v of list.slice(1)) lines.push(`  ${''.padEnd(18)}${v}`);
  };
  row('name', r.name);
  row('version', r.version);
  if (r.kind === 'wheel') row('tags', r.tags);
  row('metadata-version', r.metadataVersion || '(no PKG-INFO)');
  if (r.summary !== null) row('summary', r.summary);
  row('requires-python', r.requiresPython ?? '(any)');
  row('requires-dist', r.requiresDist);
  row('provides-extra', r.providesExtra);
  if (r.staticMetadata) row('metadata', r.staticMetadata.trusted ? 'static (PEP 643): usable without a build' : `needs a build: ${r.staticMetadata.reason}`);
  if (r.buildSystem) {
    row('build-backend', r.buildSystem.buildBackend + (r.buildSystem.origin === 'legacy-default' ? '  (pip\'s default for a project without [build-system])' : ''));
    row('build-requires', r.buildSystem.requires);
    if (r.buildSystem.backendPath.length > 0) row('backend-path', r.buildSystem.backendPath);
    row('setup.py', r.hasSetupPy ? 'yes' : 'no');
    row('pyproject.toml', r.hasPyproject ? 'yes' : 'no');
  }
  if (r.record) row('record', r.record.status === 'verified' ? `verified: ${r.record.files} files, ${r.record.bytes} bytes match RECORD` : 'not checked (--no-verify)');
  row('sha256', r.sha256);
  row('size', `${r.size} bytes`);
  for (const w of r.warnings) lines.push(`warning: ${w.message}${w.file ? ` (${w.file}${w.line ? `:${w.line}` : ''})` : ''}`);
  return lines;
}

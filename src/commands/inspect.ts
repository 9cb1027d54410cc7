import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { WheelhouseCommand } from '../cli/base-command.js';
import { indexOptionsFromFlags, networkFlags } from '../cli/index-flags.js';
import { UsageError } from '../errors.js';
import { httpClientOptions, HttpClient, inspectUrl } from '../index/index.js';
import { inspectFile, type InspectReport } from '../metadata/index.js';

export default class Inspect extends WheelhouseCommand {
  static override summary = 'Show the metadata of a wheel or sdist (a local file or a URL), and check its contents.';

  static override description = `Reads FILE without installing or building anything and prints its name, version,
tags, Requires-Python, Requires-Dist, Provides-Extra, sha256 and size.
  wheel  every file is checked against RECORD (sha256 and size); --no-verify skips that
  sdist  PKG-INFO is shown with whether PEP 643 makes it usable without a build, and the
         build requirements pip would install (for a project with no [build-system]:
         setuptools>=40.8.0 and wheel)
FILE may be an http(s) URL. A remote wheel is read by range requests
(its file list, METADATA and WHEEL; the bytes fetched are shown): RECORD
is not checked and the sha256 is known only from a #sha256= fragment,
unless --download reads it whole. A remote sdist, or a wheel on a server
without range support, is downloaded (into the cache).
Hostile archives (path traversal, links out of the archive, zip or gzip bombs) are
refused; nothing is ever extracted.`;

  static override examples = [
    '<%= config.bin %> inspect wheels/requests-2.32.3-py3-none-any.whl',
    '<%= config.bin %> inspect dist/mypkg-1.0.tar.gz --json',
    '<%= config.bin %> inspect https://files.example.org/packages/requests-2.32.3-py3-none-any.whl',
  ];

  static override args = {
    file: Args.string({ required: true, description: 'A .whl, .tar.gz or .zip file: a path, a file:// URL or an http(s) URL.' }),
  };

  static override flags = {
    json: Flags.boolean({ summary: 'Print the report as JSON.' }),
    'no-verify': Flags.boolean({ summary: 'Do not check the wheel\'s files against RECORD (read only METADATA and WHEEL).' }),
    download: Flags.boolean({ summary: 'Read a remote wheel whole (hash it, check RECORD) instead of by range requests.' }),
    ...networkFlags(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Inspect);
    const report = isRemote(args.file) ? await this.remote(args.file, flags) : await inspectFile(localPath(args.file), { verifyRecord: !flags['no-verify'] });
    this.log(flags.json ? JSON.stringify(report, null, 2) : renderReport(report).join('\n'));
  }

  private async remote(url: string, flags: Parameters<typeof indexOptionsFromFlags>[0] & { download: boolean; 'no-verify': boolean }): Promise<InspectReport> {
    const client = new HttpClient(httpClientOptions(indexOptionsFromFlags(flags, {})));
    try {
      return await inspectUrl(url, { client, download: flags.download, verifyRecord: !flags['no-verify'] });
    } finally {
      await client.close();
    }
  }
}

function isRemote(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

function localPath(arg: string): string {
  if (arg.startsWith('file://')) return fileURLToPath(arg);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
    throw new UsageError('inspect reads local paths, file:// and http(s) URLs', {
      text: arg,
      expected: 'a path or URL of a .whl, .tar.gz or .zip file',
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
  if (r.record) {
    const why = r.fetched?.method === 'ranges' ? 'read by range requests; --download to check it' : '--no-verify';
    row('record', r.record.status === 'verified' ? `verified: ${r.record.files} files, ${r.record.bytes} bytes match RECORD` : `not checked (${why})`);
  }
  row('sha256', r.sha256 ?? 'unknown (read by range requests; --download to hash it)');
  row('size', `${r.size} bytes`);
  if (r.fetched) {
    const how = r.fetched.method === 'ranges' ? `${r.fetched.requests} range requests` : r.fetched.requests === 0 ? 'already in the cache' : 'downloaded';
    row('fetched', `${r.fetched.bytes} of ${r.size} bytes (${how})`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w.message}${w.file ? ` (${w.file}${w.line ? `:${w.line}` : ''})` : ''}`);
  return lines;
}

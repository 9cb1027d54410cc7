import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { WheelhouseCommand } from '../cli/base-command.js';
import { startServer } from '../serve/index.js';

export default class Serve extends WheelhouseCommand {
  static override summary = 'Serve a folder of wheels and sdists as a package index (PEP 503/691/658).';

  static override description = `Serves the wheels and sdists of DIR to pip, uv or wheelhouse:
  /simple/          the project list: HTML (PEP 503) or JSON (PEP 691)
                    as the Accept header asks
  /simple/PROJECT/  its files: #sha256= hashes, data-requires-python
                    (from each file's metadata), data-yanked, and
                    PEP 658 core metadata
  /files/FILE       the file (Range, ETag, Last-Modified), and FILE.metadata
The index URL is printed alone on stdout, for scripts:
pip install --index-url URL ... The folder is re-scanned when it changes
(checked at most once a second; unchanged files are not read again).
A file FILE.yanked beside FILE yanks it (PEP 592); its text is the reason.
Listens on 127.0.0.1 unless --host says otherwise. Ctrl-C or SIGTERM stops
it cleanly: requests in flight finish, the exit code is 0. For a fleet,
serve a static tree from a real web server instead.`;

  static override examples = [
    '<%= config.bin %> serve ./wheelhouse',
    '<%= config.bin %> serve ./wheelhouse --port 0   # any free port; the URL is printed',
    '<%= config.bin %> serve ./wheelhouse --host 0.0.0.0 --port 8080',
  ];

  static override args = {
    dir: Args.string({ required: true, description: 'The folder of wheels and sdists.' }),
  };

  static override flags = {
    host: Flags.string({ default: '127.0.0.1', summary: 'The address to listen on (0.0.0.0 or :: for every interface).' }),
    port: Flags.integer({ default: 8000, min: 0, max: 65535, summary: 'The port (0: any free port).' }),
    verbose: Flags.boolean({ char: 'v', summary: 'Log every request on stderr.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Serve);
    const log = (line: string): void => {
      process.stderr.write(`${line}\n`);
    };
    const server = await startServer({ dir: args.dir, host: flags.host, port: flags.port, log, accessLog: flags.verbose });
    const snap = server.snapshot();
    this.log(server.url);
    log(`Serving ${snap.files.size} files of ${snap.projects.size} projects from ${snap.dir} at ${server.url} (Ctrl-C to stop)`);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const on = (s: NodeJS.Signals): void => {
        process.off('SIGINT', on);
        process.off('SIGTERM', on);
        resolve(s);
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
    });
    log(`${signal}: finishing requests in flight`);
    await server.close();
  }
}

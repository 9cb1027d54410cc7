/**
 * What `wheelhouse download` shows while it works. On a terminal: one status line (files
 * done/total, bytes, rate) and a bar for each large file in flight, redrawn in place at
 * most ten times a second and erased at the end. Not on a terminal: one plain line per
 * file as it is finished. With --quiet: nothing.
 */
import type { DownloadProgress } from '../download/contract.js';

/** Files at least this large get a bar of their own. */
const LARGE_FILE = 4 * 1024 * 1024;
const MAX_BARS = 4;
const BAR_WIDTH = 24;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export type ProgressMode = 'tty' | 'lines' | 'quiet';

export class DownloadProgressDisplay {
  private total = 0;
  private done = 0;
  private bytes = 0;
  private readonly inFlight = new Map<string, { received: number; size?: number | undefined }>();
  private drawnLines = 0;
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly mode: ProgressMode,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** The handler to pass as `onProgress`. */
  readonly onProgress = (event: DownloadProgress): void => {
    switch (event.kind) {
      case 'plan':
        this.total += event.files;
        break;
      case 'start':
        this.inFlight.set(event.filename, { received: event.offset ?? 0, size: event.size });
        break;
      case 'bytes': {
        const f = this.inFlight.get(event.filename);
        if (f !== undefined) {
          this.bytes += Math.max(0, event.received - f.received);
          f.received = event.received;
        }
        break;
      }
      case 'done':
        this.inFlight.delete(event.filename);
        this.done++;
        if (this.mode === 'lines') this.stream.write(`${event.status} ${event.filename}\n`);
        break;
    }
    if (this.mode === 'tty') this.draw(event.kind === 'plan' || (event.kind === 'done' && this.done === this.total));
  };

  /** A one-off status line (e.g. while resolving), on a terminal only. */
  status(text: string): void {
    if (this.mode !== 'tty') return;
    this.erase();
    this.write([text]);
  }

  private rate(): string {
    const seconds = (Date.now() - this.started) / 1000;
    return seconds > 0.5 ? `${formatBytes(Math.round(this.bytes / seconds))}/s` : '';
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const lines = [`Downloading: ${this.done}/${this.total} files, ${formatBytes(this.bytes)} ${this.rate()}`.trimEnd()];
    const large = [...this.inFlight].filter(([, f]) => (f.size ?? 0) >= LARGE_FILE).slice(0, MAX_BARS);
    for (const [name, f] of large) {
      const size = f.size as number;
      const filled = Math.min(BAR_WIDTH, Math.floor((f.received / size) * BAR_WIDTH));
      lines.push(`  [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${formatBytes(f.received)}/${formatBytes(size)} ${name}`);
    }
    this.erase();
    this.write(lines);
  }

  private write(lines: string[]): void {
    const width = this.stream.columns > 0 ? this.stream.columns : 80;
    const fitted = lines.map((l) => (l.length >= width ? `${l.slice(0, Math.max(0, width - 2))}…` : l));
    this.stream.write(fitted.join('\n'));
    this.drawnLines = fitted.length;
  }

  /** Erases what was drawn (before printing anything else, and at the end). */
  erase(): void {
    if (this.mode !== 'tty' || this.drawnLines === 0) return;
    let out = '\r\x1b[2K';
    for (let i = 1; i < this.drawnLines; i++) out += '\x1b[1A\x1b[2K';
    this.stream.write(out);
    this.drawnLines = 0;
  }
}

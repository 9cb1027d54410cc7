/**
 * One line of progress on standard error, only when it is a terminal: rewritten in place,
 * erased before anything else is printed. Nothing at all when disabled (pipes, CI, --quiet).
 */
export class Progress {
  private shown = false;

  constructor(
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  show(text: string): void {
    if (!this.enabled) return;
    // A terminal may report 0 columns (some CI pseudo-terminals): then assume 80.
    const width = this.stream.columns > 0 ? this.stream.columns : 80;
    this.stream.write(`\r\x1b[2K${text.length >= width ? `${text.slice(0, Math.max(0, width - 2))}…` : text}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

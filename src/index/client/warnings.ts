/**
 * What the index client skipped or doubted while it worked, for the commands to show once
 * (deduplicated). Nothing here stops a run: failures are thrown as typed errors instead.
 */
import type { PageWarningCode } from '../pages/model.js';
import { redactCredentials } from '../../util/redact.js';

export type IndexWarningCode =
  | PageWarningCode
  /** A linked file that is not a wheel or sdist of the project (pip skips it silently). */
  | 'ignored-file'
  /** A wheel or sdist whose version is not PEP 440 (pip skips it). */
  | 'invalid-version'
  /** A `.metadata` file that was advertised but could not be used: read from the file instead. */
  | 'metadata-fallback'
  /** The cache could not store something (the run goes on; the next one fetches it again). */
  | 'cache-write';

export interface IndexWarning {
  /**
   * `warning`: something the user should see (an unsafe link, an unusable `.metadata`
   * file); `info`: what pip only logs in verbose mode (files of other formats or projects).
   */
  level: 'warning' | 'info';
  code: IndexWarningCode;
  message: string;
  /** The page or file, credentials redacted. */
  url: string;
  text?: string;
}

/** Control and format characters (bidi overrides among them) shown as `\u{…}`: a file name cannot disguise itself in output. */
export function visible(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

export class IndexWarnings {
  private readonly seen = new Set<string>();
  private readonly list: IndexWarning[] = [];

  constructor(private readonly onWarning?: (warning: IndexWarning) => void) {}

  add(warning: IndexWarning): void {
    const w: IndexWarning = { ...warning, message: visible(redactCredentials(warning.message)), url: visible(redactCredentials(warning.url)) };
    if (w.text !== undefined) w.text = visible(redactCredentials(w.text));
    const key = `${w.code}\u0000${w.url}\u0000${w.text ?? ''}\u0000${w.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(w);
    this.onWarning?.(w);
  }

  all(): readonly IndexWarning[] {
    return this.list.slice();
  }
}

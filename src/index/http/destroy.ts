import type { Readable } from 'node:stream';

/**
 * Destroys a body nobody will read. undici reports a destroyed, unfinished body with an
 * 'error' event; with no listener left that would be an uncaught exception.
 */
export function destroyQuietly(body: Readable): void {
  if (body.destroyed) return;
  body.on('error', () => undefined);
  body.destroy();
}

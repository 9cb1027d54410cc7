/**
 * A workaround for an undici 7 bug that kills the process: when a response's body is read
 * more slowly than it arrives (a download written to disk), undici's HTTP/1 parser pauses
 * after the last body bytes; if the server then closes the connection (HTTP/1.0 servers
 * such as `python3 -m http.server`, or `Connection: close`), the socket's 'end' handler
 * calls `Parser.finish()`, which asserts that the parser is not paused: an AssertionError
 * thrown from an event handler, which nothing can catch (nodejs/undici#5360; fixed in
 * undici 8, which needs Node 22).
 *
 * The fix does what undici 8 does in that case: the parser is resumed and flushed, so the
 * response completes normally (the body stream buffers what it was given; backpressure is
 * advisory), then finishing goes on as usual. It applies only when the socket holds no
 * unread bytes — exactly the state in which 'end' can fire with a paused parser.
 *
 * undici's Parser class is not exported: its prototype is patched the first time undici
 * attaches a parser to a socket (a one-shot setter for undici's `kParser` symbol on
 * `net.Socket.prototype`, removed at once). Nothing happens with an undici whose
 * `finish` lacks the assertion.
 */
import { createRequire } from 'node:module';
import net from 'node:net';

interface UndiciParser {
  paused: boolean;
  ptr: number | null;
  socket: net.Socket;
  llhttp: { llhttp_resume(ptr: number): void };
  execute(chunk: Buffer): void;
  finish(): Error | null;
}

const EMPTY = Buffer.alloc(0);
let installed = false;

function patch(proto: UndiciParser): void {
  const original = proto.finish;
  if (typeof original !== 'function' || !String(original).includes('assert(!this.paused)')) return;
  proto.finish = function finish(this: UndiciParser): Error | null {
    if (this.paused && this.ptr !== null && this.socket.readableLength === 0) {
      this.llhttp.llhttp_resume(this.ptr);
      this.paused = false;
      // Flush: completes a Content-Length or chunked message whose last bytes were parsed.
      this.execute(EMPTY);
      if (this.paused) return null;
    }
    return original.call(this);
  };
}

/** Installs the workaround once per process (idempotent). */
export function installPausedParserFix(): void {
  if (installed) return;
  installed = true;
  let kParser: symbol | undefined;
  try {
    const require = createRequire(import.meta.url);
    kParser = (require('undici/lib/core/symbols.js') as { kParser?: symbol }).kParser;
  } catch {
    return;
  }
  if (typeof kParser !== 'symbol') return;
  const key = kParser;
  const proto = net.Socket.prototype as unknown as Record<symbol, unknown>;
  if (Object.getOwnPropertyDescriptor(proto, key) !== undefined) return;
  Object.defineProperty(proto, key, {
    configurable: true,
    get: () => undefined,
    set(this: Record<symbol, unknown>, parser: unknown) {
      delete proto[key];
      if (parser !== null && typeof parser === 'object') patch(Object.getPrototypeOf(parser) as UndiciParser);
      Object.defineProperty(this, key, { value: parser, writable: true, configurable: true, enumerable: true });
    },
  });
}

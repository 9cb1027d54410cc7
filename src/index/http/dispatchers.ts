/**
 * The undici dispatchers of one client: a keep-alive `Agent` for direct connections and a
 * `ProxyAgent` per configured proxy, all with the same limits (connections per origin,
 * connect timeout, trusted CAs). Plain-http requests go to an http proxy in absolute form
 * (`GET http://host/path`), which every proxy accepts; https requests use CONNECT.
 *
 * The trusted CAs are asked for only when the first TLS connection is made (parsing a
 * system bundle given by SSL_CERT_FILE costs tens of milliseconds a plain-http run need
 * not pay).
 *
 * Loopback origins (127.0.0.0/8, ::1, localhost) get a fresh connection per small request
 * (pages, metadata, ranges; streamed files keep keep-alive connections), and at most
 * `LOOPBACK_CONNECTIONS` requests at once (the client's limit). Opening one there costs no round trip, while the
 * small threaded servers run locally (python's http.server and socketserver, on which
 * local mirrors and test indexes are built) write a response's headers and body in two
 * sends with Nagle's algorithm on: on a reused connection, where Linux delays the client's
 * ACK, every response then waits about 40 ms for its body. Those servers also listen with
 * a backlog of 5, so more connections opened at once lose SYNs and wait a second.
 */
import { createRequire } from 'node:module';
import net from 'node:net';
import type { Agent, buildConnector, Dispatcher, ProxyAgent } from 'undici';
import type { ResolvedHttpOptions } from './options.js';
import { installPausedParserFix } from './paused-parser-fix.js';
import { proxyForUrl, proxySettingsFromEnv, type ProxySettings } from './proxy.js';

interface Undici {
  Agent: typeof Agent;
  ProxyAgent: typeof ProxyAgent;
  buildConnector: typeof buildConnector;
}
let undici: Undici | undefined;

/**
 * The parts of undici used here, loaded with the first dispatcher: its index also loads
 * fetch, WebSocket, caches and mocks, three times the start-up cost (undici is pinned, so
 * its file layout is known). The request methods are put on Dispatcher as its index does.
 */
function loadUndici(): Undici {
  if (undici === undefined) {
    const require = createRequire(import.meta.url);
    const dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
    if (!('request' in dispatcher.prototype)) Object.assign(dispatcher.prototype, require('undici/lib/api/index.js'));
    undici = {
      Agent: require('undici/lib/dispatcher/agent.js') as typeof Agent,
      get ProxyAgent() {
        return require('undici/lib/dispatcher/proxy-agent.js') as typeof ProxyAgent;
      },
      buildConnector: require('undici/lib/core/connect.js') as typeof buildConnector,
    };
  }
  return undici;
}

/** Requests at once to one loopback origin (each on a connection of its own). */
export const LOOPBACK_CONNECTIONS = 6;

/** Whether a host name is this machine's loopback. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return net.isIPv6(h) && (h === '::1' || /^::ffff:127\./i.test(h) || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(h));
}

/** A connector that builds its TLS side (and asks for the CAs) only when a TLS connection is first made. */
function lazyConnector(timeout: number, ca: () => string[] | undefined): buildConnector.connector {
  let plain: buildConnector.connector | undefined;
  let secure: buildConnector.connector | undefined;
  return (opts, callback) => {
    if (opts.protocol === 'https:') {
      if (secure === undefined) {
        const list = ca();
        secure = loadUndici().buildConnector({ timeout, ...(list ? { ca: list } : {}) });
      }
      return secure(opts, callback);
    }
    plain ??= loadUndici().buildConnector({ timeout });
    return plain(opts, callback);
  };
}

export class Dispatchers {
  private readonly direct: Agent;
  private readonly proxies = new Map<string, ProxyAgent>();
  private readonly settings: ProxySettings;

  constructor(
    private readonly options: ResolvedHttpOptions,
    /** The `ca` list from `certificateAuthorities` (asked once, when TLS is first needed), or undefined for Node's defaults. */
    private readonly ca: () => string[] | undefined,
  ) {
    installPausedParserFix();
    this.settings = proxySettingsFromEnv(options.env);
    this.direct = new (loadUndici().Agent)({
      connections: options.connectionsPerOrigin,
      keepAliveTimeout: 10_000,
      connect: lazyConnector(options.connectTimeoutMs, ca),
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    });
  }

  /** The proxy `url` goes through (credentials included), or undefined. */
  proxyFor(url: URL): string | undefined {
    return proxyForUrl(url, this.settings);
  }

  /** Whether a small request to `url` closes its connection once answered (loopback, direct: see above). */
  freshConnection(url: URL): boolean {
    return isLoopbackHost(url.hostname) && this.proxyFor(url) === undefined;
  }

  forUrl(url: URL): Dispatcher {
    const proxy = this.proxyFor(url);
    if (proxy === undefined) return this.direct;
    let agent = this.proxies.get(proxy);
    if (agent === undefined) {
      const ca = this.ca();
      const tlsOptions = { timeout: this.options.connectTimeoutMs, ...(ca ? { ca } : {}) };
      agent = new (loadUndici().ProxyAgent)({
        uri: proxy,
        proxyTunnel: false,
        connections: this.options.connectionsPerOrigin,
        keepAliveTimeout: 10_000,
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
        requestTls: tlsOptions,
        proxyTls: tlsOptions,
      });
      this.proxies.set(proxy, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), ...[...this.proxies.values()].map((p) => p.close())]);
    this.proxies.clear();
  }
}

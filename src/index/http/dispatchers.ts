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
 * Loopback origins (127.0.0.0/8, ::1, localhost). The small threaded servers run locally
 * (python's http.server and socketserver, on which local mirrors and test indexes are
 * built) have two properties that shape the policy:
 * - they write a response's headers and body in two sends with Nagle's algorithm on: on a
 *   reused connection, where Linux delays the client's ACK, every response waits about
 *   40 ms for its body; a new connection (quick ACKs) answers at once, and opening one on
 *   loopback costs no round trip;
 * - they listen with a backlog of 5, an accept queue of 6: a connection opened while the
 *   queue is full has its handshake dropped and waits a second for the retransmission.
 * So (FirstByteGate) at most LOOPBACK_UNPROVEN connections to a loopback origin may be
 *   opened and not yet answered — an answered connection has been accepted, so the
 *   queue can never hold more than 6 of ours; a small request takes a new connection of its
 *   own while the gate has room (the fast path), and otherwise reuses a kept-alive,
 *   already answered connection (slower on such servers, but it needs no accept), up to
 *   LOOPBACK_CONNECTIONS requests at once. Streamed files keep keep-alive connections.
 */
import { createRequire } from 'node:module';
import net from 'node:net';
import type { Agent, buildConnector, Client, Dispatcher, Pool, ProxyAgent } from 'undici';
import type { ResolvedHttpOptions } from './options.js';
import { installPausedParserFix } from './paused-parser-fix.js';
import { proxyForUrl, proxySettingsFromEnv, type ProxySettings } from './proxy.js';

interface Undici {
  Agent: typeof Agent;
  Pool: typeof Pool;
  Client: typeof Client;
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
      Pool: require('undici/lib/dispatcher/pool.js') as typeof Pool,
      Client: require('undici/lib/dispatcher/client.js') as typeof Client,
      get ProxyAgent() {
        return require('undici/lib/dispatcher/proxy-agent.js') as typeof ProxyAgent;
      },
      buildConnector: require('undici/lib/core/connect.js') as typeof buildConnector,
    };
  }
  return undici;
}

/** Requests at once to one loopback origin: on new connections while the gate allows, on kept ones beyond. */
export const LOOPBACK_CONNECTIONS = 20;

/** Connections to one loopback origin opened and not yet answered, at most: a backlog of 5 queues 6. */
export const LOOPBACK_UNPROVEN = 6;

/**
 * Counts, per origin, the connections opened and not yet answered (no byte received, not
 * closed), and holds further connects while `limit` are.
 */
export class FirstByteGate {
  private readonly open = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  /** Whether a connect to `key` would start now. */
  hasRoom(key: string): boolean {
    return (this.open.get(key) ?? 0) < this.limit;
  }

  /** Waits for room, takes it, and gives the function that hands it back (once). */
  async enter(key: string): Promise<() => void> {
    while (!this.hasRoom(key)) {
      await new Promise<void>((resolve) => {
        let queue = this.waiting.get(key);
        if (queue === undefined) this.waiting.set(key, (queue = []));
        queue.push(resolve);
      });
    }
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.open.set(key, this.open.get(key)! - 1);
      this.waiting.get(key)?.shift()?.();
    };
  }
}

/** A host name without the brackets a URL puts around an IPv6 address. */
function unbracketed(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

/** The gate's key for an origin, the same from a URL ("[::1]", port "") and from undici's connect options ("::1"). */
export function originKey(protocol: string, hostname: string, port: string | number | undefined): string {
  const p = port === undefined || port === '' ? (protocol === 'https:' ? 443 : 80) : Number(port);
  return `${protocol}//${unbracketed(hostname)}:${p}`;
}

/** Whether a host name is this machine's loopback. */
export function isLoopbackHost(hostname: string): boolean {
  const h = unbracketed(hostname);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return net.isIPv6(h) && (h === '::1' || /^::ffff:127\./i.test(h) || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(h));
}

/**
 * A connector that builds its TLS side (and asks for the CAs) only when a TLS connection is
 * first made, and lets plain connections to loopback origins through the gate (see above).
 */
function lazyConnector(timeout: number, ca: () => string[] | undefined, gate: FirstByteGate): buildConnector.connector {
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
    if (!isLoopbackHost(opts.hostname)) return plain(opts, callback);
    gate.enter(originKey(opts.protocol, opts.hostname, opts.port)).then((leave) => {
      plain!(opts, (err, socket) => {
        if (err !== null || socket === null) {
          leave();
          callback(err, null);
          return;
        }
        // 'readable' leaves the socket in paused mode, which undici's parser relies on.
        socket.once('readable', leave);
        socket.once('close', leave);
        callback(null, socket);
      });
    }, (err: unknown) => callback(err as Error, null));
  };
}

export class Dispatchers {
  private readonly direct: Agent;
  /**
   * Loopback requests on new connections, each closed once answered. An agent of their own:
   * on the kept agent such a request would take an idle kept connection and close it.
   */
  readonly fresh: Agent;
  private readonly proxies = new Map<string, ProxyAgent>();
  private readonly settings: ProxySettings;
  private readonly gate = new FirstByteGate(LOOPBACK_UNPROVEN);

  constructor(
    private readonly options: ResolvedHttpOptions,
    /** The `ca` list from `certificateAuthorities` (asked once, when TLS is first needed), or undefined for Node's defaults. */
    private readonly ca: () => string[] | undefined,
  ) {
    installPausedParserFix();
    this.settings = proxySettingsFromEnv(options.env);
    const { Agent, Pool, Client } = loadUndici();
    // One connector for both agents: the gate counts every connection to an origin.
    const connect = lazyConnector(options.connectTimeoutMs, ca, this.gate);
    const agentOptions = {
      connections: options.connectionsPerOrigin,
      // A loopback origin has its own number of connections (LOOPBACK_CONNECTIONS).
      factory: (origin: string | URL, opts: object) => {
        const connections = isLoopbackHost(new URL(String(origin)).hostname) ? options.loopbackConnections : options.connectionsPerOrigin;
        return connections === 1 ? new Client(origin, opts) : new Pool(origin, { ...opts, connections });
      },
      keepAliveTimeout: 10_000,
      connect,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    };
    this.direct = new Agent(agentOptions);
    this.fresh = new Agent(agentOptions);
  }

  /** The proxy `url` goes through (credentials included), or undefined. */
  proxyFor(url: URL): string | undefined {
    return proxyForUrl(url, this.settings);
  }

  /** Whether `url` is a loopback origin reached directly (see above). */
  isLoopbackDirect(url: URL): boolean {
    return isLoopbackHost(url.hostname) && this.proxyFor(url) === undefined;
  }

  /** Whether a small request to `url` should take a new connection (closed once answered): loopback, direct, and the gate has room. */
  freshConnection(url: URL): boolean {
    return this.isLoopbackDirect(url) && this.gate.hasRoom(originKey(url.protocol, url.hostname, url.port));
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
    await Promise.all([this.direct.close(), this.fresh.close(), ...[...this.proxies.values()].map((p) => p.close())]);
    this.proxies.clear();
  }
}

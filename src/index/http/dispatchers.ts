/**
 * The undici dispatchers of one client: a keep-alive `Agent` for direct connections and a
 * `ProxyAgent` per configured proxy, all with the same limits (connections per origin,
 * connect timeout, trusted CAs). Plain-http requests go to an http proxy in absolute form
 * (`GET http://host/path`), which every proxy accepts; https requests use CONNECT.
 */
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { ResolvedHttpOptions } from './options.js';
import { installPausedParserFix } from './paused-parser-fix.js';
import { proxyForUrl, proxySettingsFromEnv, type ProxySettings } from './proxy.js';

export class Dispatchers {
  private readonly direct: Agent;
  private readonly proxies = new Map<string, ProxyAgent>();
  private readonly settings: ProxySettings;

  constructor(
    private readonly options: ResolvedHttpOptions,
    /** The `ca` list from `certificateAuthorities`, or undefined for Node's defaults. */
    private readonly ca: string[] | undefined,
  ) {
    installPausedParserFix();
    this.settings = proxySettingsFromEnv(options.env);
    this.direct = new Agent({
      connections: options.connectionsPerOrigin,
      keepAliveTimeout: 10_000,
      connect: { timeout: options.connectTimeoutMs, ...(this.ca ? { ca: this.ca } : {}) },
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    });
  }

  /** The proxy `url` goes through (credentials included), or undefined. */
  proxyFor(url: URL): string | undefined {
    return proxyForUrl(url, this.settings);
  }

  forUrl(url: URL): Dispatcher {
    const proxy = this.proxyFor(url);
    if (proxy === undefined) return this.direct;
    let agent = this.proxies.get(proxy);
    if (agent === undefined) {
      const tlsOptions = { timeout: this.options.connectTimeoutMs, ...(this.ca ? { ca: this.ca } : {}) };
      agent = new ProxyAgent({
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

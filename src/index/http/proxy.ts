/**
 * Proxy selection from the environment, as curl and requests read it: `http_proxy` /
 * `HTTP_PROXY` for http URLs, `https_proxy` / `HTTPS_PROXY` for https URLs, `all_proxy` /
 * `ALL_PROXY` for either (lower case wins), and `no_proxy` / `NO_PROXY`: a comma- or
 * space-separated list of `*`, host names (matching the host and its subdomains; a leading
 * `.` or `*.` is allowed), `host:port`, IP addresses and IPv4 CIDR blocks. A proxy given
 * without a scheme is `http://`.
 */
import net from 'node:net';
import type { Environment } from './options.js';

export interface ProxySettings {
  http: string | undefined;
  https: string | undefined;
  noProxy: string;
}

function pick(env: Environment, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function withScheme(proxy: string | undefined): string | undefined {
  if (proxy === undefined) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

export function proxySettingsFromEnv(env: Environment): ProxySettings {
  const all = pick(env, 'all_proxy');
  return {
    http: withScheme(pick(env, 'http_proxy') ?? all),
    https: withScheme(pick(env, 'https_proxy') ?? all),
    noProxy: pick(env, 'no_proxy') ?? '',
  };
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (base === undefined || !net.isIPv4(base) || !net.isIPv4(ip) || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
  return ((ipv4ToInt(ip) & mask) >>> 0) === ((ipv4ToInt(base) & mask) >>> 0);
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** Whether `no_proxy` exempts `url` from proxying. */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    let name = entry;
    let entryPort: number | undefined;
    const m = /^(.*):(\d+)$/.exec(entry);
    if (m && !net.isIPv6(entry)) {
      name = m[1]!;
      entryPort = Number(m[2]);
    }
    name = name.replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy URL for `url`, or undefined for a direct connection. */
export function proxyForUrl(url: URL, settings: ProxySettings): string | undefined {
  if (bypassesProxy(url, settings.noProxy)) return undefined;
  if (url.protocol === 'https:') return settings.https;
  if (url.protocol === 'http:') return settings.http;
  return undefined;
}

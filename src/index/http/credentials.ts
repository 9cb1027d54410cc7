/**
 * Which Basic credentials a request carries, the way pip chooses them: the URL's own
 * userinfo (percent-decoded) when it has a password; else credentials remembered for the
 * same origin (an index URL's userinfo also covers the files it links to on that origin);
 * else netrc for the host name; else a user name alone (a token) with an empty password.
 *
 * Credentials belong to an origin (scheme, host, port) and are never sent anywhere else:
 * netrc is keyed by host name, as curl, requests and pip key it.
 */
import { loadNetrc, netrcCredentials, netrcPath, type BasicCredentials, type Netrc } from './netrc.js';
import type { Environment } from './options.js';

export type { BasicCredentials } from './netrc.js';

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The userinfo of a URL, percent-decoded; undefined when it has none. */
export function userinfoOf(url: URL): { username: string; password: string | undefined } | undefined {
  if (url.username === '' && url.password === '') return undefined;
  // `https://user:@host` has an explicit empty password; WHATWG URL cannot tell it from none.
  const raw = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i.exec(url.href)?.[1] ?? '';
  const hasPassword = raw.includes(':');
  return { username: decode(url.username), password: hasPassword ? decode(url.password) : undefined };
}

/** A copy of `url` without userinfo. */
export function withoutUserinfo(url: URL): URL {
  const u = new URL(url.href);
  u.username = '';
  u.password = '';
  return u;
}

/** `Basic base64(user:password)` (RFC 7617, UTF-8). */
export function basicAuthorization(c: BasicCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}

export class CredentialStore {
  private readonly byOrigin = new Map<string, BasicCredentials>();
  private netrc: Netrc | undefined;
  private netrcLoaded = false;

  constructor(
    private readonly options: { netrc?: string | false | undefined; env: Environment; log?: ((line: string) => void) | undefined },
  ) {}

  private netrcFile(): Netrc | undefined {
    if (!this.netrcLoaded) {
      this.netrcLoaded = true;
      if (this.options.netrc !== false) {
        this.netrc = loadNetrc(netrcPath(this.options.env, this.options.netrc), this.options.log);
      }
    }
    return this.netrc;
  }

  /** Remembers credentials for an origin (e.g. from an index URL given with userinfo). */
  remember(origin: string, credentials: BasicCredentials): void {
    this.byOrigin.set(origin, credentials);
  }

  /**
   * The credentials to send to `url` (which may carry userinfo), or undefined. Userinfo
   * credentials are remembered for the URL's origin.
   */
  forUrl(url: URL): BasicCredentials | undefined {
    const own = userinfoOf(url);
    if (own !== undefined && own.password !== undefined) {
      const c = { username: own.username, password: own.password };
      this.remember(url.origin, c);
      return c;
    }
    const remembered = this.byOrigin.get(url.origin);
    if (remembered !== undefined && (own === undefined || own.username === remembered.username)) return remembered;
    const netrc = this.netrcFile();
    const fromNetrc = netrc === undefined ? undefined : netrcCredentials(netrc, url.hostname);
    if (fromNetrc !== undefined) return fromNetrc;
    if (own !== undefined) {
      const token = { username: own.username, password: '' };
      this.remember(url.origin, token);
      return token;
    }
    return undefined;
  }
}

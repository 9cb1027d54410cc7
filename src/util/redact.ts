/**
 * Credentials never appear in output, logs, errors or lockfiles: every URL-shaped
 * substring with userinfo has it replaced. pip shows `user:****@`; we hide the user
 * too when there is no password, because a lone userinfo is usually a token.
 */
/**
 * `scheme://user:password@`. The scheme is found wherever it starts (no word boundary:
 * `name_https://u:p@host` and `1https://…` are URLs glued to other text) and may be missing
 * (`://u:p@host` is what is left of a URL quoted from its middle); one slash is enough
 * (`https:/u:p@host` is such a URL after a path was normalised).
 */
const USERINFO = /((?:[a-zA-Z][a-zA-Z0-9+.-]*)?:\/\/?)([^\s/@:]*)(?::([^\s/@]*))?@/g;

export const REDACTED = '****';

/** In ssh URLs (`git+ssh://git@host/...`) a lone user name is an account, not a secret. */
function isSshScheme(scheme: string): boolean {
  return /(^|\+)ssh:\/\/$/i.test(scheme);
}

export function redactCredentials(text: string): string {
  return text.replace(USERINFO, (_all, scheme: string, user: string, password: string | undefined) => {
    if (password === undefined) return isSshScheme(scheme) ? `${scheme}${user}@` : `${scheme}${REDACTED}@`;
    return `${scheme}${user}:${REDACTED}@`;
  });
}

/** A URL without its userinfo, for lockfiles and manifests (not even the user name). */
export function stripCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    if (isSshScheme(`${u.protocol}//`) && u.password === '') return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return redactCredentials(url);
  }
}

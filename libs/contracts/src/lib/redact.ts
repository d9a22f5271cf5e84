/**
 * Redaction of credentials in URLs before a URL, or a text that may hold one (an error message), is shown or
 * logged: health, delivery records, logs. The one rule for the whole platform:
 * - userinfo (`scheme://user:password@host`) becomes `scheme://***@host`;
 * - the value of a query parameter whose name looks like a credential (token, key, secret, password, auth,
 *   signature, credential, session…) becomes `***`.
 * Pure; no URL is ever made longer than needed to tell which endpoint was meant.
 */
export const REDACTED = '***';

/** Query parameter names treated as credentials (case-insensitive, anywhere in the name: `access_token`, `apiKey`, `X-Amz-Signature`). */
const SECRET_PARAM = /token|key|secret|pass(word|wd)?|pwd|auth|sig(nature)?|credential|session/i;

/** A URL inside a text: a scheme, `://`, then anything up to white space or a quote/bracket, less a trailing `,.;:)`. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]*[^\s"'<>`,.;:)]/gi;

/** `url` with its userinfo and credential-like query values replaced by {@link REDACTED}; a non-URL is returned as is. */
export function redactUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!match) return url;
  const [, scheme = '', authority = '', path = '', query, fragment = ''] = match;
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? `${REDACTED}@${authority.slice(at + 1)}` : authority;
  return `${scheme}${host}${path}${query === undefined ? '' : redactQuery(query)}${fragment}`;
}

function redactQuery(query: string): string {
  const pairs = query
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name);
      } catch {
        // a malformed escape: match the raw name
      }
      return SECRET_PARAM.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    });
  return `?${pairs.join('&')}`;
}

/** `text` with every URL in it passed through {@link redactUrl} (for error messages that quote a URL). */
export function redactUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}

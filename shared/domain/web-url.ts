/**
 * The longest address Bantin keeps (a source's, an article's): 2,048 characters, what browsers and
 * CDNs reliably carry. An article link longer than that is no article's: a hostile sitemap's
 * 2-million-character `<loc>` made every poll send a 2 MB request line and log it twice.
 */
export const MAX_URL_LENGTH = 2048;

/**
 * A line break, a tab or another control character inside an address an administrator gives: URL
 * parsing drops tabs and line breaks, so "…/rss\r\nX: y" would be kept as another address than
 * the one written (`…/rssX:%20y`). Such an address is refused, not rewritten. (A space is
 * encoded, as a browser does: papers' paths have them.)
 */
export function hasControlCharacters(url: string): boolean {
  return /[\0-\x1f\x7f]/u.test(url.trim());
}
export const CONTROL_IN_URL_MESSAGE = 'an address holds no line breaks, tabs or control characters';

/**
 * Why an administrator's address is no web page's: what `new URL` objects to, where it can be
 * told (a port out of range, a space in the host name, another scheme), else that it is no URL.
 */
export function urlRefusal(input: unknown): string {
  if (typeof input !== 'string' || !input.trim()) return 'is not a URL';
  const text = input.trim();
  const parsed = URL.parse(text);
  if (parsed) return `must be an http:// or https:// address, not ${parsed.protocol}`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return 'is not a URL: it must start with http:// or https://';
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(text)?.[1] ?? '';
  const port = /:(\d+)$/.exec(authority.replace(/^.*@/, ''))?.[1];
  if (port && Number(port) > 65535) return `is not a valid URL: port ${port} is above 65535`;
  if (/\s/.test(authority)) return 'is not a valid URL: its host name holds a space';
  return 'is not a valid URL';
}

/**
 * `href` resolved against `base` when the result is a web (http, https) URL; otherwise undefined:
 * no text, an in-page `#fragment`, an unparsable value, or another scheme (`javascript:`, `data:`,
 * `mailto:`…). `allowFile` also accepts `file:` URLs, for pages read from disk (the CLI).
 */
export function absoluteUrl(
  href: unknown,
  base?: string,
  options: { allowFile?: boolean } = {},
): string | undefined {
  if (typeof href !== 'string') return undefined;
  const trimmed = href.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  try {
    const url = new URL(trimmed, base);
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    return web || (options.allowFile && url.protocol === 'file:') ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The site of a URL, as Bantin tells papers apart: its host without `www.` (the same site over
 * http and https, with and without it) and without the root's dot (`baohanam.vn.` is
 * `baohanam.vn`); on this machine, one site a port, whatever name or loopback address reaches it.
 */
export function siteOf(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname.replace(/\.$/, '').replace(/^www\./, '');
    // This machine's sites are told apart by their ports (local papers, tests).
    return LOOPBACK_HOST.test(host)
      ? `localhost:${parsed.port || (parsed.protocol === 'https:' ? 443 : 80)}`
      : host;
  } catch {
    return url;
  }
}

/** localhost (and its subdomains), 127.0.0.0/8 and ::1: this machine, whatever it is called. */
const LOOPBACK_HOST =
  /^(?:(?:[a-z0-9-]+\.)*localhost|127(?:\.\d{1,3}){3}|\[::1\]|\[0*:(?:0*:){0,6}0*1\]|\[::ffff:(?:127(?:\.\d{1,3}){3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})\])$/i;

/**
 * A URL as feeds may carry it (RFC 3986): characters WHATWG parsing leaves in a path or query
 * (`|`, `^`, `[`, `]`, a backtick, `{`, `}`) percent-encoded, as feed validators and strict
 * readers require; undefined when its host is no host name or address (`a{b}.example`).
 */
export function strictUrl(href: unknown): string | undefined {
  const absolute = absoluteUrl(href);
  if (!absolute) return undefined;
  const url = new URL(absolute);
  if (!/^(?:[a-z0-9_-]+\.)*[a-z0-9_-]+\.?$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)) return undefined;
  // A second '#' belongs to no part: escaped in the fragment. The user's name and password are
  // left out: a feed gives no one's credentials.
  const path = percentEncoded(`${url.pathname}${url.search}`, NOT_IN_PATH_OR_QUERY);
  const fragment = url.hash ? `#${percentEncoded(url.hash.slice(1), NOT_IN_PATH_OR_QUERY)}` : '';
  return `${url.protocol}//${url.host}${path}${fragment}`;
}

/**
 * One spelling of a URL's path and query (RFC 3986 §6.2.2.2): percent-encoded unreserved
 * characters decoded (`%7E` is `~`, `%64` is `d`), other escapes in upper case (`%c3` is `%C3`).
 * WHATWG parsing keeps both as written, so two spellings of one address stay two strings.
 */
export function withCanonicalEscapes(href: string): string {
  const url = new URL(href);
  const canonical = (part: string) =>
    part.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
      const char = String.fromCharCode(Number.parseInt(hex, 16));
      return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${hex.toUpperCase()}`;
    });
  url.pathname = canonical(url.pathname);
  url.search = canonical(url.search);
  return url.href;
}

/**
 * The characters RFC 3986 leaves out of a path, a query or a fragment ('#' among them, and '%'
 * but before two hex digits).
 */
const NOT_IN_PATH_OR_QUERY = /%(?![0-9a-fA-F]{2})|[^A-Za-z0-9\-._~:/?@!$&'()*+,;=%]/gu;

function percentEncoded(part: string, outside: RegExp): string {
  return part.replace(outside, (char) => encodeURIComponent(char));
}

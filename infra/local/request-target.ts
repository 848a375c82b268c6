/**
 * The target of a request to the local server, read once and without throwing: a malformed
 * one (a bad percent-escape, an unparsable absolute URL) is the client's error, answered 400.
 */

export interface RequestTarget {
  /** The path as sent (percent-encoded), dot segments resolved. */
  rawPath: string;
  /** The path decoded. */
  path: string;
  /** The query string, without its `?`. */
  rawQuery: string;
  query: URLSearchParams;
}

export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    // Origin form ("/path?query") is always a path: "//host/x" must not become another host's "/x".
    url = raw.startsWith('/') ? new URL(`http://localhost${raw}`) : new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const path = decodeComponent(url.pathname);
  if (path === undefined) return undefined;
  return { rawPath: url.pathname, path, rawQuery: url.search.slice(1), query: url.searchParams };
}

/** `decodeURIComponent`, with undefined for an escape that decodes to no valid UTF-8. */
export function decodeComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

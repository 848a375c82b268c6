/** The files under `feeds/`: their types and how long readers and the CDN may keep them. */

export const FEED_FORMATS = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const;

/** The feed directory's files and their types. */
export const INDEX_FILES = {
  'index.opml': 'text/x-opml; charset=utf-8',
  'index.html': 'text/html; charset=utf-8',
} as const;

export const CACHE_CONTROL = {
  /**
   * Current feeds change within minutes. Readers keep one a minute; the CDN keeps it too but asks
   * the bucket at every request whether it changed (s-maxage=0: a conditional GET, 304 when not),
   * and never serves a stale copy while it asks (no stale-while-revalidate): build-feeds pings
   * the WebSub hub as soon as a feed is written, and the hub's fetch must get what was written.
   */
  current: 'public, max-age=60, s-maxage=0',
  /** Archive pages keep their articles; they change only to gain a next-archive link or an edit. */
  archive: 'public, max-age=86400',
  index: 'public, max-age=300',
} as const;

/**
 * What a browser's CORS preflight of a feed is answered (a reader on another origin that sends
 * If-None-Match itself): by the feeds' CloudFront function, and by the local server alike.
 */
export const FEEDS_PREFLIGHT_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD',
  'access-control-allow-headers': '*',
  'access-control-max-age': '86400',
} as const;

/** The Cache-Control of a file under `feeds/`, by its path (for servers whose store drops the header). */
export function feedCacheControl(path: string): string {
  if (/(^|\/)archive\/\d+\.[a-z]+$/.test(path)) return CACHE_CONTROL.archive;
  if (/(^|\/)index\.(opml|html)$/.test(path)) return CACHE_CONTROL.index;
  return CACHE_CONTROL.current;
}

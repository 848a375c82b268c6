/**
 * Discovery: turns what a source publishes (a feed today; listing pages and sitemaps through
 * the same shape) into candidate article links with whatever the listing already says.
 */
import { parseFeed } from '../feed-parser/parse-feed.js';
import { decodeBody } from '../fetch/decode.js';
import type { FetchedResource } from '../fetch/fetcher.js';
import { canonicalizeUrl } from '../normalize/canonical-url.js';

/**
 * The largest sitemap read, fetched or unzipped. The protocol allows 50 MB, but a sitemap is parsed
 * whole: 12 MB of 50,000 entries took 1.9 s and 315 MB of memory, so 50 MB would not fit the
 * ingest function's 1 GB. 25 MB holds 50,000 entries of a Google News sitemap (about 400 bytes each).
 */
export const MAX_SITEMAP_BYTES = 25 * 1024 * 1024;

export interface DiscoveredLink {
  url: string;
  title: string;
  summary: string;
  publishedAt: string | null;
  categories: string[];
}

export function discoverFromFeed(resource: FetchedResource, timeZone: string): DiscoveredLink[] {
  const feed = parseFeed(decodeBody(resource.body, resource.contentType), { url: resource.url, timeZone });
  const links: DiscoveredLink[] = [];
  const seen = new Set<string>();
  for (const item of feed.items) {
    const url = canonicalizeUrl(item.url, resource.url);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    links.push({
      url,
      title: item.title,
      summary: item.summary,
      publishedAt: item.publishedAt,
      categories: item.categories,
    });
  }
  return links;
}

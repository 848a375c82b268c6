/**
 * Discovery: turns what a source publishes (a feed today; listing pages and sitemaps through
 * the same shape) into candidate article links with whatever the listing already says.
 */
import { parseFeed } from '../feed-parser/parse-feed.js';
import { decodeBody } from '../fetch/decode.js';
import type { FetchedResource } from '../fetch/fetcher.js';
import { canonicalizeUrl } from '../normalize/canonical-url.js';

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

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
  /**
   * When the listing says the article last changed, if later than its publication (a feed
   * item's `updated`, a sitemap's `lastmod`): a correction the stored copy may lack.
   */
  updatedAt?: string;
  /**
   * A feed item's own id when it is not the item's address (`<guid isPermaLink="false">456</guid>`,
   * WordPress's `?p=123`): it stays when the paper edits the headline, and with it the address.
   */
  guid?: string;
}

/** The modification a listing states, kept only when it is later than the publication. */
export function laterUpdate(publishedAt: string | null, updatedAt: string | null): { updatedAt?: string } {
  if (!updatedAt) return {};
  return !publishedAt || Date.parse(updatedAt) > Date.parse(publishedAt) ? { updatedAt } : {};
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
      ...laterUpdate(item.publishedAt, item.updatedAt),
      ...(item.guid &&
      item.guid.length <= 500 &&
      (canonicalizeUrl(item.guid, resource.url) ?? item.guid) !== url
        ? { guid: item.guid }
        : {}),
    });
  }
  return withoutListingStamps(links);
}

/**
 * Without the modification times several items share to the second: the time the listing was
 * written, stamped on each (no correction of any of them).
 */
export function withoutListingStamps(links: DiscoveredLink[]): DiscoveredLink[] {
  const counts = new Map<string, number>();
  for (const { updatedAt } of links) if (updatedAt) counts.set(updatedAt, (counts.get(updatedAt) ?? 0) + 1);
  if (![...counts.values()].some((n) => n >= 3)) return links;
  return links.map((link) => {
    if (!link.updatedAt || (counts.get(link.updatedAt) ?? 0) < 3) return link;
    const { updatedAt: _stamp, ...rest } = link;
    return rest;
  });
}

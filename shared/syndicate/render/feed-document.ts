/**
 * The feed document: what a feed says, whatever its format. Built once from a descriptor and the
 * stored articles (each made safe by feed-article.ts, in feed order); the RSS, Atom and JSON Feed
 * writers render it and nothing else. It depends only on its input (its `updated` is the newest
 * article's, never "now"), so the same articles always give the same bytes.
 */
import {
  type ArticleLike,
  type FeedArticle,
  type FeedSource,
  oneLine,
  type Prepared,
  paperById,
  prepareFeedArticle,
  stripControls,
} from './feed-article.js';

export type FeedFormat = 'rss' | 'atom' | 'json';

/** What build-feeds asks for: one feed document of one scope (current, or an archive page). */
export interface FeedDescriptor {
  /** e.g. 'all' or 'sources/baohanam' (or 'all/archive/3' for an archive page) */
  id: string;
  title: string;
  description: string;
  homeUrl: string;
  /** e.g. http://localhost:8787/feeds/sources/baohanam — `.rss`, `.atom` and `.json` are appended. */
  selfBaseUrl: string;
  language: string;
  /** Overrides the feed's updated time (default: the newest article's updatedAt). */
  updated?: string;
  /** WebSub hub the feed advertises. */
  hubUrl?: string;
  /** RSS <ttl>, in minutes. */
  ttlMinutes?: number;
  /** RFC 5005 links, as base URLs (the format's extension is appended). */
  archive?: FeedArchive;
  /** The papers credited in the items, by source id (an unknown one is credited by host name). */
  sources?: Record<string, FeedSource>;
}

export interface FeedArchive {
  /** This document is an archive page (fh:archive). */
  isArchive: boolean;
  current?: string;
  prevArchive?: string;
  nextArchive?: string;
}

export interface FeedDocument {
  /** A URN naming the feed (Atom's id): `urn:bantin:feed:sources:baohanam`. */
  id: string;
  /** Plain text, one line. */
  title: string;
  /** Plain text, one line; may be empty. */
  description: string;
  homeUrl: string;
  /** This document's URL without the format's extension. */
  selfBaseUrl: string;
  language: string;
  /** RFC 3339. */
  updated: string;
  generator: string;
  ttlMinutes?: number;
  hubUrl?: string;
  archive?: FeedArchive;
  /** Newest first, one per article. */
  entries: FeedArticle[];
}

export const GENERATOR = 'Bantin';
/** When a feed has no articles and no `updated`: a fixed instant, so empty feeds are stable too. */
const EPOCH = '1970-01-01T00:00:00Z';
const MAX_FEED_TEXT = 1_000;

/**
 * `cache` keeps each article's preparation (sanitizing is most of the work) across the feeds of
 * one rebuild; valid only while the descriptors' `sources` stay the same.
 */
export function feedDocument(
  descriptor: FeedDescriptor,
  articles: ArticleLike[],
  cache?: Map<string, Prepared>,
): { document: FeedDocument; skipped: { id: string; reason: string }[] } {
  return preparedFeedDocument(descriptor, prepareArticles(articles, descriptor.sources, cache));
}

/** Each article made safe to syndicate, or the reason it cannot be (see feed-article.ts). */
export function prepareArticles(
  articles: ArticleLike[],
  sources: Record<string, FeedSource> = {},
  cache?: Map<string, Prepared>,
): Prepared[] {
  return articles.map((article) => {
    let result = cache?.get(article.id);
    if (!result) {
      result = prepareFeedArticle(article, paperById(sources, article.sourceId), sources);
      cache?.set(article.id, result);
    }
    return result;
  });
}

/** The document of articles already prepared (feed states keep them prepared). */
export function preparedFeedDocument(
  descriptor: FeedDescriptor,
  items: Prepared[],
): { document: FeedDocument; skipped: { id: string; reason: string }[] } {
  const skipped: { id: string; reason: string }[] = [];
  const prepared: FeedArticle[] = [];
  for (const result of items) {
    if (result.ok) prepared.push(result.article);
    else skipped.push({ id: result.id, reason: result.reason });
  }
  const entries = sortArticles(prepared);
  const document: FeedDocument = {
    id: feedUrn(descriptor.id),
    title: oneLine(descriptor.title, MAX_FEED_TEXT) || GENERATOR,
    description: oneLine(descriptor.description, MAX_FEED_TEXT),
    homeUrl: descriptor.homeUrl,
    selfBaseUrl: descriptor.selfBaseUrl,
    language: stripControls(descriptor.language).trim() || 'vi',
    updated: validInstant(descriptor.updated) ?? newestUpdate(entries) ?? EPOCH,
    generator: GENERATOR,
    ...(descriptor.ttlMinutes ? { ttlMinutes: descriptor.ttlMinutes } : {}),
    ...(descriptor.hubUrl ? { hubUrl: descriptor.hubUrl } : {}),
    ...(descriptor.archive ? { archive: descriptor.archive } : {}),
    entries,
  };
  return { document, skipped };
}

/** The URL of a document (or of an archive neighbour) in one format. */
export function formatUrl(baseUrl: string, format: FeedFormat): string {
  return `${baseUrl}.${format}`;
}

/** An article's GUID (RSS guid, Atom id, JSON Feed id): stable for ever, whatever the feed. */
export function articleGuid(article: Pick<FeedArticle, 'id'>): string {
  return `urn:bantin:article:${article.id}`;
}

/**
 * A feed's URN: its path's segments joined by `:` (a `/` is not allowed in a URN's specific
 * string), each percent-encoded: `all/archive/3` → `urn:bantin:feed:all:archive:3`.
 */
export function feedUrn(path: string): string {
  const segments = path.split('/').map((segment) => encodeURIComponent(segment).replace(/~/g, '%7E'));
  return `urn:bantin:feed:${segments.join(':')}`;
}

/** Newest first by publishedAt, then by id; one entry per article id (the latest revision). */
function sortArticles(articles: FeedArticle[]): FeedArticle[] {
  const byId = new Map<string, FeedArticle>();
  for (const article of articles) {
    const existing = byId.get(article.id);
    if (!existing || Date.parse(article.updatedAt) > Date.parse(existing.updatedAt))
      byId.set(article.id, article);
  }
  return [...byId.values()].sort(
    (a, b) =>
      Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function validInstant(value: string | undefined): string | undefined {
  return value !== undefined && Number.isFinite(Date.parse(value)) ? value : undefined;
}

function newestUpdate(articles: FeedArticle[]): string | undefined {
  let newest: string | undefined;
  for (const article of articles) {
    if (!newest || Date.parse(article.updatedAt) > Date.parse(newest)) newest = article.updatedAt;
  }
  return newest;
}

/**
 * The ingest use case for one source: discover its new links, fetch and extract each new
 * article, store it (body in the content store, entry in the article repository with a
 * conditional write), then publish its event. An entry stored but not yet published is
 * published again on the next try, so a failed publish never loses an event.
 */

import { mapWithConcurrency } from '../concurrency.js';
import { type Article, ArticleSchema } from '../domain/article.js';
import { type ArticleEntry, entryOf } from '../domain/article-entry.js';
import { type ArticleEvent, articleEventOf } from '../domain/events.js';
import { listingOf } from '../domain/feed-listing.js';
import type { Source } from '../domain/source.js';
import type { PollRecord, SourceHealth } from '../domain/source-record.js';
import { toZonedIso } from '../domain/time.js';
import { parseOrThrow } from '../domain/validation.js';
import type { ArticleEventPublisher, ArticleRepository, ContentStore, SourceRepository } from '../ports.js';
import { findSameStory, recordStoryCopy, storyKeyFor } from './dedupe/same-story.js';
import { type DiscoveredLink, discoverFromFeed } from './discover/discover-links.js';
import type { ExtractedArticle } from './extract/extract-article.js';
import { decodeBody } from './fetch/decode.js';
import { FetchError, type FetchedResource, type FetchOptions } from './fetch/fetcher.js';
import {
  IMAGE_TIME_BUDGET_MS,
  type ImageHosting,
  imageHostingFor,
  type MediaSettings,
} from './images/rehost-images.js';
import { canonicalizeUrl } from './normalize/canonical-url.js';
import { articleIdFor, contentFingerprint } from './normalize/identity.js';
import { ExtractionTally, healthFlags } from './poll-health.js';

export interface IngestDeps {
  sources: SourceRepository;
  articles: ArticleRepository;
  content: ContentStore;
  events: ArticleEventPublisher;
  fetch: (url: string, options?: FetchOptions) => Promise<FetchedResource>;
  allowLoopback: boolean;
  /** Where article images are re-hosted (shared/ingest/images/); absent: they stay on the papers' servers. */
  media?: MediaSettings;
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

/** Article pages fetched at once from one source (one host, usually). */
const PAGE_CONCURRENCY = 4;

// Loaded by the first poll that needs them, not at a cold start: a poll that finds nothing new
// never reads an article page (the extractor, the sanitizer and their entity tables), and most
// sources are feeds, not listing pages or sitemaps.
const extractor = () => import('./extract/extract-article.js');
const listingReader = () => import('./discover/discover-from-listing.js');
const sitemapReader = () => import('./discover/discover-from-sitemap.js');

/** A poll's record, and whether it leaves the source flagged `failing`. */
export type IngestOutcome = PollRecord & { sourceId: string; failing: boolean };

export async function ingestSource(sourceId: string, deps: IngestDeps): Promise<IngestOutcome | undefined> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => {});
  const record = await deps.sources.get(sourceId);
  if (!record) {
    log('warn', 'ingest request for an unknown source', { sourceId });
    return undefined;
  }
  const { source, health } = record;
  if (!source.enabled) return undefined;

  const started = now();
  const poll = newPollRecord(toZonedIso(started, source.timeZone));
  const validators = { ...health.validators };
  const toPublish: ArticleEvent[] = [];
  const tally = new ExtractionTally();
  const hosting = imageHostingFor(source, deps, started.getTime() + IMAGE_TIME_BUDGET_MS);
  let publishError: unknown;
  const lastSeen = new Set(health.seenLinks ?? []);
  // Links found stored and announced, and links whose events this poll publishes.
  const seen: string[] = [];
  const announced: string[] = [];

  try {
    const links = await discover(source, validators, poll, deps);
    poll.itemsSeen = links.length;
    // The cap counts pages fetched, so it applies to new links only: a new link past it is left
    // for the next poll (it is still unknown then), never dropped behind links already stored.
    let pagesLeft = source.maxArticlesPerPoll;
    let deferred = 0;
    // Every link's article in a few batch reads: most links of a listing were stored by earlier polls.
    // Links the last poll found stored and announced are not even looked up.
    const stored = await deps.articles.resolveMany(
      links.filter((link) => !lastSeen.has(seenKey(link.url))).map((link) => articleIdFor(link.url)),
    );
    await mapWithConcurrency(links, PAGE_CONCURRENCY, async (link) => {
      const linkKey = seenKey(link.url);
      try {
        if (lastSeen.has(linkKey)) {
          poll.itemsDuplicate++;
          seen.push(linkKey);
          return;
        }
        const id = articleIdFor(link.url);
        // Unknown at the start: asked again just before the fetch, as a racing poll may have stored it since.
        const known = stored.get(id) ?? (await deps.articles.resolve(id));
        if (known) {
          poll.itemsDuplicate++;
          if (known.published) seen.push(linkKey);
          else {
            toPublish.push(eventFor(known, 'article.published', now));
            announced.push(linkKey);
          }
          return;
        }
        if (pagesLeft <= 0) {
          deferred++;
          return;
        }
        pagesLeft--;
        const result = await ingestNewLink(source, link, deps, now, tally, hosting);
        if (result.kind === 'duplicate') poll.itemsDuplicate++;
        if (result.kind === 'new') poll.itemsNew++;
        if (result.event) toPublish.push(result.event);
        announced.push(linkKey);
        for (const warning of result.warnings) poll.warnings.push(`${link.url}: ${warning}`);
      } catch (error) {
        poll.itemsFailed++;
        const reason = error instanceof Error ? error.message : String(error);
        poll.warnings.push(`${link.url}: skipped: ${reason}`);
        log('warn', 'article skipped', { sourceId, url: link.url, reason });
      }
    });
    if (deferred > 0) {
      poll.warnings.push(
        `${deferred} new articles left for the next poll (at most ${source.maxArticlesPerPoll} are fetched per poll)`,
      );
    }
    // Images earlier polls could not re-host: the articles that got them are announced as updated.
    const rehosted = hosting ? await hosting.retryPending(record.pendingImages ?? [], deps.content) : [];
    toPublish.push(...rehosted.map((article) => eventFor(entryOf(article), 'article.updated', now)));
    poll.warnings.push(...(hosting?.warnings ?? []));
    try {
      await deps.events.publish(toPublish);
      await Promise.all(toPublish.map((event) => deps.articles.markPublished(event.articleId)));
      poll.eventsPublished = toPublish.length;
      seen.push(...announced);
    } catch (error) {
      publishError = error;
      poll.status = 'failed';
      poll.error = `stored ${toPublish.length} articles but could not publish their events: ${message(error)}`;
    }
  } catch (error) {
    poll.status = 'failed';
    poll.error = message(error);
    if (error instanceof FetchError && error.status) poll.httpStatus = error.status;
    log('warn', 'poll failed', { sourceId, reason: poll.error });
  }

  poll.durationMs = now().getTime() - started.getTime();
  Object.assign(poll, tally.counts(), hosting?.counts());
  // A listing not read again (not modified, unreachable) leaves the last poll's links as they were.
  const seenLinks = poll.status === 'not-modified' || seen.length === 0 ? health.seenLinks : seen.sort();
  const consecutiveFailures = poll.status === 'failed' ? health.consecutiveFailures + 1 : 0;
  const nextHealth: SourceHealth = {
    lastPoll: poll,
    consecutiveFailures,
    validators,
    ...healthFlags(health, consecutiveFailures, tally.articles()),
    ...(seenLinks ? { seenLinks } : {}),
  };
  await deps.sources.recordPoll(source.id, nextHealth);
  if (hosting) await deps.sources.notePendingImages(source.id, hosting.pendingChanges());
  // Rethrown so the queue delivers the request again; the retry re-publishes the stored articles.
  if (publishError) throw publishError;
  return { sourceId: source.id, ...poll, failing: nextHealth.flags?.includes('failing') ?? false };
}

/** A poll that has just started: nothing counted yet. */
export function newPollRecord(at: string): PollRecord {
  return {
    at,
    status: 'ok',
    durationMs: 0,
    itemsSeen: 0,
    itemsNew: 0,
    itemsDuplicate: 0,
    itemsFailed: 0,
    eventsPublished: 0,
    warnings: [],
  };
}

/** Reads the source's listings (feeds) into candidate links; also used by the admin preview. */
export async function discover(
  source: Source,
  validators: SourceHealth['validators'],
  poll: PollRecord,
  deps: Pick<IngestDeps, 'fetch' | 'allowLoopback'>,
): Promise<DiscoveredLink[]> {
  const links: DiscoveredLink[] = [];
  let allNotModified = true;
  // A conditional GET, its validators recorded per URL; null when the resource has not changed.
  const fetchConditionally = async (url: string): Promise<FetchedResource | null> => {
    const resource = await deps.fetch(url, {
      ...validators[url],
      allowLoopback: deps.allowLoopback,
      accept: ACCEPT[source.kind],
    });
    poll.httpStatus = resource.status;
    validators[url] = { etag: resource.etag, lastModified: resource.lastModified };
    return resource.notModified ? null : resource;
  };
  for (const url of source.urls) {
    const resource = await fetchConditionally(url);
    if (!resource) continue;
    allNotModified = false;
    if (source.kind === 'feed') {
      links.push(...discoverFromFeed(resource, source.timeZone));
    } else if (source.kind === 'html') {
      const { discoverFromListing } = await listingReader();
      const found = discoverFromListing(resource, {
        linksSelector: source.selectors?.links,
        timeZone: source.timeZone,
      });
      if (found.length === 0) poll.warnings.push(`${url}: no article links found on the listing page`);
      links.push(...found);
    } else {
      const { discoverFromSitemap } = await sitemapReader();
      const sitemap = await discoverFromSitemap(resource, {
        timeZone: source.timeZone,
        fetchChild: fetchConditionally,
      });
      // An index is read in full each time: its children change while it may not.
      if (sitemap.index) validators[url] = {};
      links.push(...sitemap.links);
    }
  }
  if (allNotModified) poll.status = 'not-modified';
  // Listing pages of one paper share many links (most-read boxes, several section pages).
  const seen = new Set<string>();
  return links.filter((link) => !seen.has(link.url) && Boolean(seen.add(link.url)));
}

const ACCEPT: Record<Source['kind'], string> = {
  feed: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5',
  html: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  sitemap: 'application/xml, text/xml;q=0.9, text/plain;q=0.5, */*;q=0.3',
};

type LinkResult = { kind: 'new' | 'duplicate'; event?: ArticleEvent; warnings: string[] };

/** Fetches, extracts and stores a link no stored article is known by. */
async function ingestNewLink(
  source: Source,
  link: DiscoveredLink,
  deps: IngestDeps,
  now: () => Date,
  tally: ExtractionTally,
  hosting: ImageHosting | undefined,
): Promise<LinkResult> {
  const read = await readArticlePage(source, link, deps);
  tally.record(read.extracted, link);
  const { id, canonicalUrl, warnings } = read;
  const existing = await deps.articles.get(id);
  if (existing) {
    await deps.articles.addAlias(aliasOf(link.url), id);
    return duplicateOf(existing, warnings, now);
  }

  const article = buildArticle(source, link, read, toZonedIso(now(), source.timeZone));
  // Another paper's story already stored: this copy is credited and linked there, not stored again.
  const story = await findSameStory(deps, article);
  if (story) {
    const rewritten = await recordStoryCopy(deps, story, source, article);
    for (const url of new Set([link.url, canonicalUrl]))
      await deps.articles.addAlias(aliasOf(url), story.entry.id);
    // The story credits another paper now: its feeds are told (they keep rendered articles).
    if (rewritten && story.entry.published) {
      return { kind: 'duplicate', event: eventFor(story.entry, 'article.updated', now), warnings };
    }
    return duplicateOf(story.entry, warnings, now);
  }
  const storyKey = storyKeyFor(article.title);
  const stored = hosting ? await hosting.rehost(article) : article;

  // Raw page and body first (side by side): an entry never points at a missing body.
  await Promise.all([deps.content.putRawPage(id, read.html), deps.content.putArticle(stored)]);
  const entry = entryOf(article, storyKey);
  const created = await deps.articles.create(entry, listingOf(entry, now()));
  await deps.articles.addAlias(aliasOf(link.url), id);
  if (!created) return { kind: 'duplicate', warnings };
  return { kind: 'new', event: eventFor(entry, 'article.published', now), warnings };
}

/** A link that leads to a stored article; its event again if it never reached the topic. */
function duplicateOf(entry: ArticleEntry, warnings: string[], now: () => Date): LinkResult {
  return {
    kind: 'duplicate',
    event: entry.published ? undefined : eventFor(entry, 'article.published', now),
    warnings,
  };
}

/** One article page as fetched and decoded, and what the extractor read from it. */
export interface ReadPage {
  /** The page's URL after redirects. */
  url: string;
  html: string;
  extracted: ExtractedArticle;
  warnings: string[];
  canonicalUrl: string;
  id: string;
}

/** Fetches one article page and extracts it with the source's settings. */
export async function readArticlePage(
  source: Source,
  link: Pick<DiscoveredLink, 'url' | 'publishedAt'>,
  deps: Pick<IngestDeps, 'fetch' | 'allowLoopback'>,
): Promise<ReadPage> {
  const page = await deps.fetch(link.url, { allowLoopback: deps.allowLoopback });
  return extractPage(source, decodeBody(page.body, page.contentType), page.url, link);
}

/** Extracts a page already in hand (re-extraction reads it back from the content store). */
export async function extractPage(
  source: Source,
  html: string,
  pageUrl: string,
  link: Pick<DiscoveredLink, 'publishedAt'>,
): Promise<ReadPage> {
  const { extractArticle } = await extractor();
  const { article: extracted, warnings } = extractArticle(html, {
    url: pageUrl,
    timeZone: source.timeZone,
    selectors: source.selectors,
    fallbackPublishedAt: link.publishedAt ?? undefined,
  });
  const canonicalUrl = chooseCanonical(extracted.canonicalUrl, pageUrl);
  return { url: pageUrl, html, extracted, warnings, canonicalUrl, id: articleIdFor(canonicalUrl) };
}

/**
 * The article to store from a read page and what the listing said of it; throws a
 * ValidationError naming each field that does not make a valid article.
 */
export function buildArticle(
  source: Source,
  link: DiscoveredLink,
  read: ReadPage,
  ingestedAt: string,
): Article {
  const { extracted, id, canonicalUrl } = read;
  const publishedAt = extracted.publishedAt ?? link.publishedAt ?? ingestedAt;
  const title = extracted.title || link.title;
  return parseOrThrow(
    ArticleSchema,
    {
      id,
      sourceId: source.id,
      url: read.url,
      canonicalUrl,
      title,
      summary: extracted.summary || link.summary,
      contentHtml: extracted.contentHtml,
      contentText: extracted.contentText,
      publishedAt,
      updatedAt: extracted.updatedAt ?? publishedAt,
      author: extracted.author,
      images: extracted.images,
      categories: [...new Set([...link.categories, ...extracted.categories])],
      attribution: extracted.attribution,
      language: extracted.language || source.language,
      fingerprint: contentFingerprint(title, extracted.contentText),
      ingestedAt,
    },
    `article at ${link.url}`,
  );
}

/** A page's rel=canonical is trusted only on its own site; elsewhere it could hijack another article. */
function chooseCanonical(declared: string, pageUrl: string): string {
  const page = canonicalizeUrl(pageUrl)!;
  const canonical = declared ? canonicalizeUrl(declared, pageUrl) : undefined;
  if (!canonical) return page;
  const host = (url: string) => new URL(url).hostname.replace(/^www\./, '');
  return host(canonical) === host(page) ? canonical : page;
}

/** A link's key among the last poll's links (seenLinks in domain/source-record.ts). */
function seenKey(url: string): string {
  return articleIdFor(url).slice(0, 12);
}

/** The alias of an article at `url`: the id that URL would have. */
function aliasOf(url: string): { id: string; url: string } {
  return { id: articleIdFor(url), url };
}

function eventFor(entry: ArticleEntry, type: ArticleEvent['type'], now: () => Date): ArticleEvent {
  return articleEventOf(entry, type, toZonedIso(now()));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

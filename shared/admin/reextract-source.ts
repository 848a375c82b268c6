/**
 * Re-extraction after a configuration change: the pages ingest kept (`raw/{id}.html`) are
 * extracted again with the source's current selectors, and each article whose fields
 * changed is rewritten in place (same id, URLs, categories and first-stored time) and
 * announced with an `article.updated` event. An extraction that would not make a valid
 * article leaves the stored one as it is; a dry run only reports what would change. Images are
 * re-hosted as ingest does: those the stored article already has a copy of are reused, new
 * ones fetched, and the ones that fail are left to the source's next polls.
 */

import { mapWithConcurrency } from '../concurrency.js';
import type { Article } from '../domain/article.js';
import type { ArticleEntry } from '../domain/article-entry.js';
import { type ArticleEvent, alsoListedIn } from '../domain/events.js';
import { toZonedIso } from '../domain/time.js';
import { ValidationError } from '../domain/validation.js';
import { bodyKeyFor, storyKeyFor } from '../ingest/dedupe/same-story.js';
import type { FetchedResource, FetchOptions } from '../ingest/fetch/fetcher.js';
import {
  IMAGE_TIME_BUDGET_MS,
  IMAGE_TIMEOUT_MS,
  imageHostingFor,
  type MediaSettings,
} from '../ingest/images/rehost-images.js';
import { buildArticle, extractPage } from '../ingest/ingest-source.js';
import type { ArticleEventPublisher, ArticleRepository, ContentStore, SourceRepository } from '../ports.js';
import { ADMIN_LIMITS } from './limits.js';
import { AdminError } from './manage-sources.js';

export interface ReextractDeps {
  sources: Pick<SourceRepository, 'get' | 'notePendingImages'>;
  articles: Pick<ArticleRepository, 'newest' | 'get' | 'updateExtracted'>;
  content: Pick<ContentStore, 'getArticle' | 'putArticle' | 'getRawPage'>;
  events: ArticleEventPublisher;
  /** Image re-hosting (as ingest's); without it, images stay as extracted. */
  media?: MediaSettings;
  fetch?: (url: string, options?: FetchOptions) => Promise<FetchedResource>;
  allowLoopback?: boolean;
  now?: () => Date;
}

export interface ReextractOptions {
  /** The source's newest articles to re-extract (default 20). */
  limit?: number;
  /** Only these articles (they must belong to the source). */
  articleIds?: string[];
  /** Report what would change; write nothing. */
  dryRun?: boolean;
  /** Rewrite and announce even unchanged articles (e.g. after events failed to publish). */
  force?: boolean;
  /** Accept an extraction that keeps less than half of an article's text (normally refused). */
  allowShrink?: boolean;
  /** Epoch ms after which no further article is started (the API answers within 30 s). */
  deadline?: number;
  /**
   * Articles their paper moved (a correction read the page at its new address): by id, the new
   * address, which the article takes; feeds link there from then on.
   */
  movedTo?: ReadonlyMap<string, { url: string; canonicalUrl: string }>;
}

/** Fields a re-extraction may change; the others are the article's identity and history. */
const EXTRACTED_FIELDS = [
  'title',
  'summary',
  'contentHtml',
  'contentText',
  'author',
  'images',
  'attribution',
  'publishedAt',
  'updatedAt',
  'fingerprint',
] as const satisfies readonly (keyof Article)[];

/** What readers see of an article: a change to any of them is a correction feeds must announce. */
const SHOWN_FIELDS = [
  'title',
  'summary',
  'contentHtml',
  'author',
  'images',
  'attribution',
  'publishedAt',
  // The link: an article its paper moved (ReextractOptions.movedTo).
  'canonicalUrl',
] as const satisfies readonly (keyof Article)[];

/**
 * The re-extracted article's updatedAt: a correction (a field readers see changed) is an update
 * at `now`, unless the page states a later modification itself, so feeds give the entry a new
 * `updated` and aggregators fetch it again, and never earlier than the stored one (a second run
 * must not take back the first one's correction time); otherwise the stored one.
 */
function updatedAfter(stored: Article, next: Article, now: string): string {
  const later = (a: string, b: string) => (Date.parse(b) > Date.parse(a) ? b : a);
  const corrected = SHOWN_FIELDS.some(
    (field) => JSON.stringify(stored[field]) !== JSON.stringify(next[field]),
  );
  // Nothing a reader sees changed: the page's own stamp moving is no update (a CMS that stamps the
  // time it renders made an article.updated, a webhook call and feed rewrites at every poll:
  // attack run 36).
  if (!corrected) return stored.updatedAt;
  return Date.parse(next.updatedAt) > Date.parse(stored.updatedAt)
    ? next.updatedAt
    : later(stored.updatedAt, now);
}

export interface ReextractItem {
  articleId: string;
  url: string;
  outcome: 'updated' | 'would-update' | 'unchanged' | 'skipped' | 'not-reached';
  /** The fields that changed, with the short ones before and after. */
  changes?: { field: string; before?: unknown; after?: unknown }[];
  reason?: string;
  warnings?: string[];
}

export interface ReextractResult {
  sourceId: string;
  dryRun: boolean;
  considered: number;
  updated: number;
  unchanged: number;
  skipped: number;
  notReached: number;
  /**
   * The source holds older articles than the newest `limit` considered (attack run 29: a run said
   * nothing of the 48 it never reached); a larger `limit` (up to MAX_REEXTRACT) or `articleIds` reach them.
   */
  olderLeft?: true;
  /** Images fetched and stored (or found stored), failed, and left for the next polls. */
  images?: { hosted: number; failed: number; pending: number };
  items: ReextractItem[];
}

export const MAX_REEXTRACT = ADMIN_LIMITS.reextract;
/**
 * A new extraction keeping less of the text than this is taken for a selector gone wrong (a
 * `remove` that takes the body, a `body` that finds a sidebar) and leaves the article as it is.
 */
const MIN_TEXT_KEPT = 0.5;

export async function reextractSource(
  sourceId: string,
  deps: ReextractDeps,
  options: ReextractOptions = {},
): Promise<ReextractResult> {
  const now = deps.now ?? (() => new Date());
  const record = await deps.sources.get(sourceId);
  if (!record) throw new AdminError('not-found', `no source "${sourceId}"`);
  const { source } = record;
  const limit = Math.max(1, Math.min(options.limit ?? 20, MAX_REEXTRACT));

  let entries: ArticleEntry[];
  let olderLeft = false;
  if (options.articleIds) {
    // Each article once: an id named twice was re-extracted, written and announced twice (attack run 19).
    const ids = [...new Set(options.articleIds)].slice(0, MAX_REEXTRACT);
    const found = await Promise.all(ids.map((id) => deps.articles.get(id)));
    const foreign = ids.filter((_, i) => found[i]?.sourceId !== sourceId);
    if (foreign.length > 0) {
      throw new ValidationError('re-extraction', [
        { path: 'articleIds', message: `not articles of ${sourceId}: ${foreign.join(', ')}` },
      ]);
    }
    entries = found as ArticleEntry[];
  } else {
    // One more than asked: whether older articles are left out.
    entries = await deps.articles.newest({ kind: 'source', sourceId }, limit + 1);
    olderLeft = entries.length > limit;
    entries = entries.slice(0, limit);
  }

  const hosting = deps.fetch
    ? imageHostingFor(
        source,
        { fetch: deps.fetch, allowLoopback: deps.allowLoopback ?? false, media: deps.media, now },
        // A fetch started before the deadline may take its whole timeout.
        options.deadline ? options.deadline - IMAGE_TIMEOUT_MS : now().getTime() + IMAGE_TIME_BUDGET_MS,
      )
    : undefined;
  const events: ArticleEvent[] = [];
  const items = await mapWithConcurrency(entries, 4, async (entry): Promise<ReextractItem> => {
    const base = { articleId: entry.id, url: entry.url };
    if (options.deadline && Date.now() > options.deadline) return { ...base, outcome: 'not-reached' };
    if (entry.withdrawn) {
      return {
        ...base,
        outcome: 'skipped',
        reason: `withdrawn ${entry.withdrawn.at}: ${entry.withdrawn.reason}`,
      };
    }
    const [raw, stored] = await Promise.all([
      deps.content.getRawPage(entry.id),
      deps.content.getArticle(entry.id),
    ]);
    if (!stored) return { ...base, outcome: 'skipped', reason: 'the stored article body is missing' };
    if (raw === undefined) {
      return {
        ...base,
        outcome: 'skipped',
        reason: 'no stored page: the article was ingested before pages were kept; it is left as it is',
      };
    }
    // The page as read: at the address it moved to, if it did (its relative links are from there).
    const movedTo = options.movedTo?.get(entry.id);
    const address = movedTo ?? { url: stored.url, canonicalUrl: stored.canonicalUrl };
    const read = await extractPage(source, raw, address.url, { publishedAt: stored.publishedAt });
    let rebuilt: Article;
    try {
      rebuilt = buildArticle(
        source,
        {
          url: address.url,
          title: stored.title,
          summary: stored.summary,
          publishedAt: stored.publishedAt,
          categories: stored.categories,
        },
        // Identity never changes, whatever the page now declares as canonical.
        { ...read, id: stored.id, ...address },
        stored.ingestedAt,
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return {
        ...base,
        outcome: 'skipped',
        reason: `the new extraction is not a valid article, the stored one is kept: ${error.message}`,
        warnings: read.warnings,
      };
    }
    let next: Article = { ...stored };
    for (const field of EXTRACTED_FIELDS) (next as Record<string, unknown>)[field] = rebuilt[field];
    const moved = movedTo && { url: rebuilt.url, canonicalUrl: rebuilt.canonicalUrl };
    if (moved) next = { ...next, ...moved };
    if (hosting) next = await hosting.rehost(next, { previous: stored, fetch: !options.dryRun });
    next.updatedAt = updatedAfter(stored, next, toZonedIso(now(), source.timeZone));
    const kept = next.contentText.length / stored.contentText.length;
    if (!options.allowShrink && stored.contentText.length >= 200 && kept < MIN_TEXT_KEPT) {
      return {
        ...base,
        outcome: 'skipped',
        reason:
          `the new extraction keeps only ${Math.round(kept * 100)}% of the text (${next.contentText.length} of ` +
          `${stored.contentText.length} characters), so the stored article is kept; check the selectors, or allow the shrink`,
        warnings: read.warnings,
      };
    }
    const changes = ([...EXTRACTED_FIELDS, 'url', 'canonicalUrl'] as const)
      .filter((field) => JSON.stringify(stored[field]) !== JSON.stringify(next[field]))
      .map((field) => describeChange(field, stored[field], next[field]));
    if (changes.length === 0 && !options.force) {
      return { ...base, outcome: 'unchanged', warnings: read.warnings };
    }
    if (options.dryRun) return { ...base, outcome: 'would-update', changes, warnings: read.warnings };

    // Body first, then the entry: a reader never gets an entry newer than its body.
    await deps.content.putArticle(next);
    const updated = await deps.articles.updateExtracted(entry.id, {
      title: next.title,
      publishedAt: next.publishedAt,
      updatedAt: next.updatedAt,
      fingerprint: next.fingerprint,
      storyKey: storyKeyFor(next.title),
      bodyKey: bodyKeyFor(next.contentText),
      ...(moved ? { moved } : {}),
    });
    if (!updated)
      return { ...base, outcome: 'skipped', reason: 'the article was withdrawn or removed meanwhile' };
    events.push({
      type: 'article.updated',
      articleId: next.id,
      sourceId: next.sourceId,
      canonicalUrl: next.canonicalUrl,
      title: next.title,
      categories: next.categories,
      language: next.language,
      publishedAt: next.publishedAt,
      occurredAt: toZonedIso(now()),
      // The other papers' feeds that list the story show the new text too.
      ...alsoListedIn(entry),
    });
    return { ...base, outcome: 'updated', changes, warnings: read.warnings };
  });

  if (hosting && !options.dryRun) {
    await deps.sources.notePendingImages(sourceId, { add: hosting.pendingChanges().add });
  }
  if (events.length > 0) {
    try {
      await deps.events.publish(events);
    } catch (error) {
      throw new Error(
        `re-extracted and stored ${events.length} articles but could not publish their article.updated events ` +
          `(${error instanceof Error ? error.message : String(error)}); run the re-extraction again with force to announce them`,
      );
    }
  }
  const count = (outcome: ReextractItem['outcome']) => items.filter((i) => i.outcome === outcome).length;
  return {
    sourceId,
    dryRun: options.dryRun ?? false,
    considered: items.length,
    updated: count('updated') + count('would-update'),
    unchanged: count('unchanged'),
    skipped: count('skipped'),
    notReached: count('not-reached'),
    ...(olderLeft ? { olderLeft: true as const } : {}),
    ...(hosting && { images: { ...hosting.tally } }),
    items,
  };
}

const LONG_FIELDS = new Set(['contentHtml', 'contentText', 'summary', 'images']);

function describeChange(field: string, before: unknown, after: unknown) {
  if (!LONG_FIELDS.has(field)) return { field, before, after };
  const size = (value: unknown) => (typeof value === 'string' ? value.length : JSON.stringify(value).length);
  return { field, before: `${size(before)} characters`, after: `${size(after)} characters` };
}

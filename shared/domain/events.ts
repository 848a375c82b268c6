import type { Article } from './article.js';
import type { ArticleEntry } from './article-entry.js';
import { ArticleIdSchema } from './article-id.js';
import { categorySlug } from './category.js';
import { EXCERPT_CHARS, excerptOf } from './excerpt.js';
import { ImageSchema, shownImages } from './image.js';
import { SourceIdSchema } from './source-id.js';
import { isoInstantSchema } from './time.js';
import * as z from './zod.js';

/** Papers an event names as having run the story too, at most (a story keeps 100 copies: dedupe/same-story.ts). */
export const MAX_LISTED_COPIES = 100;

/**
 * The event every stored article produces on the SNS topic. It carries keys and a notice of the
 * article, not its body (SNS messages are capped at 256 KB): consumers read the body from the
 * store.
 */
export const ArticleEventSchema = z.strictObject({
  /**
   * `article.withdrawn`: an administrator took the article down (its paper withdrew it, a legal
   * request): feeds and archive pages drop it, pending digests lose its clipping, and webhooks
   * hear of it so aggregators delete their copy.
   */
  type: z.enum(['article.published', 'article.updated', 'article.withdrawn']),
  articleId: ArticleIdSchema,
  sourceId: SourceIdSchema,
  canonicalUrl: z.url(),
  title: z.string(),
  categories: z.array(z.string()),
  language: z.string(),
  publishedAt: isoInstantSchema,
  occurredAt: isoInstantSchema,
  /**
   * The article's excerpt (domain/excerpt.ts) and lead image, on the events made where the body
   * is at hand (ingest's new articles); an event made from the index alone has neither.
   */
  excerpt: z.optional(z.string().check(z.maxLength(EXCERPT_CHARS))),
  image: z.optional(ImageSchema),
  /**
   * The other papers that ran the story (the entry's `alsoPublishedBy`): their own feeds list it
   * too (domain/feed-listing.ts), and their webhooks hear of it.
   */
  alsoListedIn: z.optional(z.array(SourceIdSchema).check(z.maxLength(MAX_LISTED_COPIES))),
  /**
   * On the `article.updated` event of a copy just found: the paper that ran the story too (one of
   * `alsoListedIn`). Its readers' mail hears of the story as that paper's (send-alerts clips it
   * for that paper); events of any other change (re-extraction, images) have none.
   */
  copiedBy: z.optional(SourceIdSchema),
});
export type ArticleEvent = z.infer<typeof ArticleEventSchema>;

/** The event of a stored article, occurring at `occurredAt`; with its notice when the body is given. */
export function articleEventOf(
  entry: ArticleEntry,
  type: ArticleEvent['type'],
  occurredAt: string,
  article?: Pick<Article, 'summary' | 'contentText' | 'images'>,
): ArticleEvent {
  const image = article && shownImages(article.images)[0];
  return {
    type,
    articleId: entry.id,
    sourceId: entry.sourceId,
    canonicalUrl: entry.canonicalUrl,
    title: entry.title,
    categories: listedCategories(entry),
    language: entry.language,
    publishedAt: entry.publishedAt,
    occurredAt,
    ...(article ? { excerpt: excerptOf(article) } : {}),
    ...(image ? { image } : {}),
    ...alsoListedIn(entry),
  };
}

/** The most categories an event names: the story's own and its copies' sections. */
export const MAX_LISTED_CATEGORIES = 20;

/**
 * The categories a stored story is listed under: its own, then the sections other papers filed
 * their copies under (attack run 31), once each by slug: every change to the story reaches
 * those feeds too.
 */
export function listedCategories(entry: Pick<ArticleEntry, 'categories' | 'alsoPublishedBy'>): string[] {
  const bySlug = new Map<string, string>();
  for (const name of [
    ...entry.categories,
    ...(entry.alsoPublishedBy ?? []).flatMap((c) => c.categories ?? []),
  ]) {
    if (bySlug.size === MAX_LISTED_CATEGORIES) break;
    const slug = categorySlug(name);
    if (!bySlug.has(slug)) bySlug.set(slug, name);
  }
  return [...bySlug.values()];
}

/** The event's `alsoListedIn`: the other papers that ran the story, whose own feeds list it (none: no field). */
export function alsoListedIn(entry: Pick<ArticleEntry, 'sourceId' | 'alsoPublishedBy'>): {
  alsoListedIn?: string[];
} {
  const copies = [...new Set((entry.alsoPublishedBy ?? []).map((copy) => copy.sourceId))]
    .filter((id) => id !== entry.sourceId)
    .slice(0, MAX_LISTED_COPIES);
  return copies.length > 0 ? { alsoListedIn: copies } : {};
}

/**
 * SNS message attributes for filter policies (subscribers pick sources, categories, languages).
 * Categories are sent as slugs (`van-hoa`): filter policies match exact strings, and a display
 * name may arrive with other accents, case or Unicode normalization.
 */
export function articleEventAttributes(event: ArticleEvent): Record<string, string | string[]> {
  const categories = [...new Set(event.categories.map(categorySlug))].sort();
  return {
    // A copy's update is `article.copied`, so a subscription's filter can tell it from other
    // updates (one string: a filter on a String.Array attribute is not matched alike everywhere).
    kind: event.copiedBy ? 'article.copied' : event.type,
    // A webhook of a paper that ran the story too matches it (a filter matches any of a list).
    sourceId: event.alsoListedIn?.length ? [event.sourceId, ...event.alsoListedIn] : event.sourceId,
    language: event.language,
    category: categories.length > 0 ? categories : [NO_CATEGORY],
  };
}

/**
 * The category attribute of an article with none: a value no slug takes (slugs are letters,
 * digits and hyphens), so a webhook for a category named "None" (slug `none`) does not get
 * every article without a category, as it did.
 */
export const NO_CATEGORY = '(none)';

/** The message plan-ingest puts on the ingest queue: poll this source now. */
export const IngestRequestSchema = z.strictObject({
  sourceId: SourceIdSchema,
  requestedAt: isoInstantSchema,
  reason: z._default(z.enum(['schedule', 'manual']), 'schedule'),
});
export type IngestRequest = z.infer<typeof IngestRequestSchema>;

/**
 * A request on the feeds queue, next to the article events: write this source's feeds now, with
 * or without articles, so a new source's feed links work before its first article.
 */
export const FeedRequestSchema = z.strictObject({
  type: z.literal('feeds.requested'),
  sourceId: SourceIdSchema,
  requestedAt: isoInstantSchema,
});
export type FeedRequest = z.infer<typeof FeedRequestSchema>;

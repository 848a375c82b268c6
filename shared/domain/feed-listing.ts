/**
 * Which feeds an article is listed in, and where. Feeds list articles in the order Bantin
 * stored them, so every new article enters at the top of each feed it belongs to (even one dated
 * last week) and the archive pages cut from the bottom never change.
 */

import { categorySlug } from './category.js';
import * as z from './zod.js';

export type FeedScope =
  | { kind: 'all' }
  | { kind: 'source'; sourceId: string }
  /** `slug` as given by categorySlug (shared/domain/category.ts), e.g. `van-hoa`. */
  | { kind: 'category'; slug: string };

/** A feed's path under `feeds/`: `all`, `sources/{id}`, `categories/{slug}`. */
export function feedPath(scope: FeedScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'source':
      return `sources/${scope.sourceId}`;
    case 'category':
      return `categories/${scope.slug}`;
  }
}

/**
 * Every feed an article belongs to: all, its source, each of its categories, and the own feed of
 * each other paper that ran the story (`alsoListedIn`: a story is stored once, under the paper
 * first ingested, yet every paper that ran it has it in its own feed).
 */
export function scopesOf(article: {
  sourceId: string;
  categories: readonly string[];
  alsoListedIn?: readonly string[];
}): FeedScope[] {
  const slugs = [...new Set(article.categories.map(categorySlug))].sort();
  const others = [...new Set(article.alsoListedIn ?? [])].filter((id) => id !== article.sourceId).sort();
  return [
    { kind: 'all' },
    { kind: 'source', sourceId: article.sourceId },
    ...others.map((sourceId) => ({ kind: 'source' as const, sourceId })),
    ...slugs.map((slug) => ({ kind: 'category' as const, slug })),
  ];
}

/** An article's place in a feed. */
export const ListedArticleSchema = z.object({
  articleId: z.string(),
  /** `{UTC instant the article was stored, ms precision}#{articleId}`: unique and sortable. */
  listedKey: z.string(),
});
export type ListedArticle = z.infer<typeof ListedArticleSchema>;

/** The feeds a newly stored article enters, and its key in each. */
export interface FeedListing {
  feeds: FeedScope[];
  listedKey: string;
}

/**
 * Where another paper's copy of a stored story, recorded at `recordedAt`, lists it: that paper's
 * own feed, and the feeds of the sections it filed the copy under (a feed listing it already keeps
 * its place).
 */
export function copyListingOf(
  articleId: string,
  copy: { sourceId: string; categories?: readonly string[] },
  recordedAt: Date,
): FeedListing {
  const slugs = [...new Set((copy.categories ?? []).map(categorySlug))].sort();
  return {
    feeds: [
      { kind: 'source', sourceId: copy.sourceId },
      ...slugs.map((slug) => ({ kind: 'category' as const, slug })),
    ],
    listedKey: listedKeyOf(articleId, recordedAt),
  };
}

/** An article's key in a feed it entered at `at` (ListedArticleSchema). */
function listedKeyOf(articleId: string, at: Date): string {
  return `${at.toISOString()}#${articleId}`;
}

/** Where an article stored at `storedAt` is listed. */
export function listingOf(
  article: { id: string; sourceId: string; categories: readonly string[] },
  storedAt: Date,
): FeedListing {
  return { feeds: scopesOf(article), listedKey: listedKeyOf(article.id, storedAt) };
}

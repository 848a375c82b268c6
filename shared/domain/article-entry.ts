/** What the article table keeps of each stored article: metadata for listing and routing, and the publish flag. */

import { type Article, StoryCopySchema } from './article.js';
import { ArticleIdSchema } from './article-id.js';
import { SourceIdSchema } from './source-id.js';
import * as z from './zod.js';

export const ArticleEntrySchema = z.object({
  id: ArticleIdSchema,
  sourceId: SourceIdSchema,
  url: z.string(),
  canonicalUrl: z.string(),
  title: z.string(),
  publishedAt: z.string(),
  updatedAt: z.string(),
  categories: z.array(z.string()),
  fingerprint: z.string(),
  language: z.string(),
  /** True once the article event reached the topic; a retry re-publishes while false. */
  published: z.boolean(),
  /** storyKeyFor(title) (shared/ingest/dedupe): finds the same story arriving from another paper. */
  storyKey: z.optional(z.string()),
  /**
   * bodyKeyFor(contentText) (shared/ingest/dedupe): finds the paper's own article again when it
   * edits the headline, and with it the URL's slug, of a text it leaves as it was.
   */
  bodyKey: z.optional(z.string()),
  /** The same story at other papers, found at ingest; each got an alias, no event, no feed item. */
  alsoPublishedBy: z.optional(z.array(StoryCopySchema)),
  /** The paper credited with the story when another published it first; absent: this entry's source. */
  originalSourceId: z.optional(SourceIdSchema),
  /**
   * Set when an administrator withdrew the article (shared/admin/withdraw-article.ts): it is in no
   * feed, and it is never read again, re-extracted or announced; its id stays, so its paper's
   * link to it is not ingested as new.
   */
  withdrawn: z.optional(z.object({ at: z.string(), reason: z.string(), by: z.string() })),
});
export type ArticleEntry = z.infer<typeof ArticleEntrySchema>;

/**
 * What a re-extraction (or a correction) changes in an entry: with the headline, its story key,
 * and with the text, its body key (empty: none), so the story is found by what it says now
 * (attack run 31: a corrected headline left the story under the old key, and another paper's
 * copy of it became a second story).
 */
export type ExtractedChanges = Pick<ArticleEntry, 'title' | 'publishedAt' | 'updatedAt' | 'fingerprint'> & {
  storyKey: string;
  bodyKey: string;
  /** The article's new address, when its paper moved it (a correction): feeds link there. */
  moved?: Pick<ArticleEntry, 'url' | 'canonicalUrl'>;
};

/** The entry of an article about to be stored: not published until its event reaches the topic. */
export function entryOf(article: Article, storyKey?: string, bodyKey?: string): ArticleEntry {
  return {
    id: article.id,
    sourceId: article.sourceId,
    url: article.url,
    canonicalUrl: article.canonicalUrl,
    title: article.title,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    categories: article.categories,
    fingerprint: article.fingerprint,
    language: article.language,
    published: false,
    ...(storyKey ? { storyKey } : {}),
    ...(bodyKey ? { bodyKey } : {}),
    // A stored story's copies (an event made from its body names their papers: alsoListedIn).
    ...(article.alsoPublishedBy ? { alsoPublishedBy: article.alsoPublishedBy } : {}),
  };
}

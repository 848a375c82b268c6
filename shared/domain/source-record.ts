/**
 * What the sources table keeps of a source: its configuration and its health, which each poll
 * rewrites (the poll's record, the failure streak, the conditional-GET validators, the flags).
 */
import * as z from 'zod';
import type { Source } from './source.js';

/** How one poll of a source went; kept per source for the health view. */
export const PollRecordSchema = z.object({
  at: z.string(),
  status: z.enum(['ok', 'not-modified', 'failed']),
  httpStatus: z.number().int().optional(),
  error: z.string().optional(),
  durationMs: z.number(),
  itemsSeen: z.number().int(),
  itemsNew: z.number().int(),
  itemsDuplicate: z.number().int(),
  itemsFailed: z.number().int(),
  eventsPublished: z.number().int(),
  warnings: z.array(z.string()),
  /** Article pages extracted, stored or rejected (an article without title or body is rejected). */
  articlesExtracted: z.number().int().optional(),
  /** Of those, the ones with an empty title, no date (page nor listing) or a body under 200 characters. */
  articlesIncomplete: z.number().int().optional(),
  /** Of those, how many lacked each field. */
  emptyFields: z
    .object({ title: z.number().int(), date: z.number().int(), body: z.number().int() })
    .optional(),
  /** Article images copied to (or found in) the media store this poll (shared/ingest/images/). */
  imagesHosted: z.number().int().optional(),
  /** Images this poll could not copy (fetch failed, refused type or size); their articles keep the paper's URL. */
  imagesFailed: z.number().int().optional(),
  /** Images still waiting for a retry at a later poll, after this one. */
  imagesPending: z.number().int().optional(),
});
export type PollRecord = z.infer<typeof PollRecordSchema>;

/**
 * What an administrator should look at: `failing` after 3 failed polls in a row;
 * `selectors-broken` when half or more of the source's recent articles come out incomplete where
 * they did not before (the paper changed its pages), until whole articles outnumber them again.
 */
export const SourceFlagSchema = z.enum(['failing', 'selectors-broken']);
export type SourceFlag = z.infer<typeof SourceFlagSchema>;

/** One extracted article as source health judges it: whole, or lacking a title, a date or a body. */
export const JudgedArticleSchema = z.object({ url: z.string(), incomplete: z.boolean() });
export type JudgedArticle = z.infer<typeof JudgedArticleSchema>;

export const SourceHealthSchema = z.object({
  lastPoll: PollRecordSchema.optional(),
  consecutiveFailures: z.number().int().min(0),
  /** Conditional-GET validators per fetched URL. */
  validators: z.record(
    z.string(),
    z.object({ etag: z.string().optional(), lastModified: z.string().optional() }),
  ),
  /** Recomputed at each poll; a poll that extracts nothing (not modified, no new links) keeps `selectors-broken`. */
  flags: z.array(SourceFlagSchema).optional(),
  /** The newest extracted articles (at most 10, oldest first), judged for `selectors-broken`. */
  recentArticles: z.array(JudgedArticleSchema).optional(),
  /**
   * Links of the last poll stored and announced, by the first 12 hex digits of their article id
   * (48 bits: a new link mistaken for one of them is a 1-in-10^13 chance): the next poll skips
   * their lookups, so a poll that finds nothing new reads no article.
   */
  seenLinks: z.array(z.string()).optional(),
});
export type SourceHealth = z.infer<typeof SourceHealthSchema>;

/** The health of a source never polled. */
export const NEW_SOURCE_HEALTH: SourceHealth = { consecutiveFailures: 0, validators: {} };

export interface SourceRecord {
  source: Source;
  health: SourceHealth;
  /** Articles with images still to re-host: retried at the source's next polls. */
  pendingImages?: string[];
}

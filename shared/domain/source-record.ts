/**
 * What the sources table keeps of a source: its configuration and its health, which each poll
 * rewrites (the poll's record, the failure streak, the conditional-GET validators, the flags).
 */

import type { Source } from './source.js';
import * as z from './zod.js';

/**
 * What one source's record may hold of a poll. A DynamoDB item holds 400 KB: a feed of thousands
 * of links, each failing with a long URL, or a sitemap index whose children change at every poll,
 * once outgrew it, and no poll of that source was recorded again.
 */
export const HEALTH_LIMITS = {
  warnings: 20,
  warningChars: 300,
  errorChars: 1000,
  /** URLs fetched conditionally in one poll: its listings, a sitemap index's children. */
  validators: 200,
  /** About 70 KB of 12-digit keys; a longer listing's other links are looked up each poll. */
  seenLinks: 5000,
  /** Links whose pages were refused, left alone until their retry time (refusedLinks below). */
  refusedLinks: 500,
  /** Query parameter names learned as not choosing an article (volatileParams below), 40 characters each. */
  volatileParams: 10,
};

/** How one poll of a source went; kept per source for the health view. */
export const PollRecordSchema = z.object({
  at: z.string(),
  status: z.enum(['ok', 'not-modified', 'failed']),
  httpStatus: z.optional(z.int()),
  error: z.optional(z.string()),
  durationMs: z.number(),
  itemsSeen: z.int(),
  itemsNew: z.int(),
  itemsDuplicate: z.int(),
  itemsFailed: z.int(),
  eventsPublished: z.int(),
  /** Stored articles its listings said were changed since, fetched again and rewritten (a correction). */
  itemsCorrected: z.optional(z.int()),
  warnings: z.array(z.string()),
  /** Article pages extracted, stored or rejected (an article without title or body is rejected). */
  articlesExtracted: z.optional(z.int()),
  /** Of those, the ones with an empty title, no date (page nor listing) or a body under 200 characters. */
  articlesIncomplete: z.optional(z.int()),
  /** Of those, how many lacked each field. */
  emptyFields: z.optional(z.object({ title: z.int(), date: z.int(), body: z.int() })),
  /** Article images copied to (or found in) the media store this poll (shared/ingest/images/). */
  imagesHosted: z.optional(z.int()),
  /** Images this poll could not copy (fetch failed, refused type or size); their articles keep the paper's URL. */
  imagesFailed: z.optional(z.int()),
  /** Images still waiting for a retry at a later poll, after this one. */
  imagesPending: z.optional(z.int()),
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
  lastPoll: z.optional(PollRecordSchema),
  consecutiveFailures: z.int().check(z.gte(0)),
  /** Conditional-GET validators per fetched URL. */
  validators: z.record(
    z.string(),
    z.object({
      etag: z.optional(z.string()),
      lastModified: z.optional(z.string()),
      /** The URL the validators belong to, when the fetched URL redirected there. */
      url: z.optional(z.string()),
    }),
  ),
  /** Recomputed at each poll; a poll that extracts nothing (not modified, no new links) keeps `selectors-broken`. */
  flags: z.optional(z.array(SourceFlagSchema)),
  /** The newest extracted articles (at most 10, oldest first), judged for `selectors-broken`. */
  recentArticles: z.optional(z.array(JudgedArticleSchema)),
  /**
   * Links of the last poll stored and announced, by the first 12 hex digits of their article id
   * (48 bits: a new link mistaken for one of them is a 1-in-10^13 chance): the next poll skips
   * their lookups, so a poll that finds nothing new reads no article.
   */
  seenLinks: z.optional(z.array(z.string())),
  /**
   * Links whose pages a poll refused for lasting reasons (no article in them: no title, no body;
   * too large; a refused address), by the same keys as seenLinks, with the instant they are tried
   * again: polls every minute would otherwise fetch and refuse them every minute.
   */
  refusedLinks: z.optional(z.record(z.string(), z.string())),
  /**
   * The last poll failed, or could not publish its events: what it stored may be unannounced, and
   * the next poll announces the paper's newest stored articles that are not (as after a poll that
   * died: SourceRepository.claimPoll's 'lapsed').
   */
  unannounced: z.optional(z.literal(true)),
  /** The category slugs the source's articles brought, in order (at most 100: shared/ingest/category-quota.ts). */
  categories: z.optional(z.array(z.string())),
  /**
   * Query parameters of the source's links that its pages' canonical URLs leave out (a listing's
   * cache-busting `?v=…`, new at every poll): links are looked up without them.
   */
  volatileParams: z.optional(z.array(z.string())),
});
export type SourceHealth = z.infer<typeof SourceHealthSchema>;

/** The health of a source never polled. */
export const NEW_SOURCE_HEALTH: SourceHealth = { consecutiveFailures: 0, validators: {} };

export interface SourceRecord {
  source: Source;
  health: SourceHealth;
  /** Articles with images still to re-host: retried at the source's next polls. */
  pendingImages?: string[];
  /**
   * How many times its configuration was written (an edit, an enable or disable): an edit may
   * name the revision it started from, and one written since makes it stale (HTTP If-Match).
   * Absent on a record written before revisions were counted: 0.
   */
  revision?: number;
  /**
   * The end of the lease of a poll under way (ISO instant), kept until the poll's result is
   * recorded: one left past its end is a poll that died (a crash, a timeout) before announcing
   * what it stored, and its source is due again then (attack run 39), whatever its schedule says.
   */
  pollingUntil?: string;
}

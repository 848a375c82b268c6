/**
 * A clipping: the compact copy of a new article that digests and alerts are made from (title,
 * summary, paper, link, image, story key), recorded once when its event arrives. Digests read
 * the clippings of a time window instead of the articles table and the bodies in S3.
 */

import { ArticleIdSchema } from '../domain/article-id.js';
import { SourceIdSchema } from '../domain/source-id.js';
import { isoInstantSchema } from '../domain/time.js';
import * as z from '../domain/zod.js';

export const ClippingSchema = z.object({
  articleId: ArticleIdSchema,
  /** UTC date of recording: clippings are stored and read by day. */
  day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  /** When Bantin recorded it (UTC, ms): digest windows are cut on this, not on the paper's date. */
  recordedAt: z.iso.datetime(),
  sourceId: SourceIdSchema,
  title: z.string().check(z.minLength(1)),
  summary: z.string(),
  url: z.url(),
  publishedAt: isoInstantSchema,
  categories: z.array(z.string()),
  /**
   * The story: the id of its stored article, which every paper's copy of it is clipped under.
   * (Not its headline: two different stories under one, "Giá vàng hôm nay", are two items;
   * clippings recorded before 2026-12-03 hold the headline's key.) Mail groups by `articleId`.
   */
  storyKey: z.string().check(z.minLength(1)),
  /** Bantin's mail copy of the lead image (at most 600 px wide, with its size) once re-hosted, else the paper's. */
  image: z.optional(
    z.object({
      url: z.url(),
      alt: z.string(),
      width: z.optional(z.int().check(z.positive())),
      height: z.optional(z.int().check(z.positive())),
    }),
  ),
  /**
   * The paper the story is stored under, when this is another paper's copy of it: that paper
   * (`sourceId`, its page at `url`) ran article `articleId` too. Clipped when the copy was found,
   * for the readers who picked that paper and not this one.
   */
  copyOf: z.optional(SourceIdSchema),
  /** The paper's name when clipped: mail names a paper deleted since by it, not by its id. */
  paper: z.optional(z.string().check(z.maxLength(200))),
});
export type Clipping = z.infer<typeof ClippingSchema>;

/**
 * A clipping's key within its day: the article's id, and for a copy the paper's id after an `@`
 * (a story is clipped once for the paper it is stored under, and once for each paper that ran it).
 */
export function clippingKey(clipping: Pick<Clipping, 'articleId' | 'sourceId' | 'copyOf'>): string {
  return clipping.copyOf !== undefined ? `${clipping.articleId}@${clipping.sourceId}` : clipping.articleId;
}

/** A clipping's reference, `{day}/{key}` (alert states keep them). */
export function clippingRef(clipping: Pick<Clipping, 'day' | 'articleId' | 'sourceId' | 'copyOf'>): string {
  return `${clipping.day}/${clippingKey(clipping)}`;
}

/** The article a reference names (a copy's and its story's are one article). */
export function articleOfRef(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1).split('@')[0]!;
}

/** A digest or alert item: a clipping, and the other papers that ran the same story. */
export interface MailItem extends Clipping {
  alsoIn: string[];
}

/** Papers' names: the sources' as they are now, else the one a clipping was recorded with (a paper deleted since). */
export function paperNames(
  current: ReadonlyMap<string, string>,
  clippings: Iterable<Pick<Clipping, 'sourceId' | 'paper'>>,
): Map<string, string> {
  const names = new Map<string, string>();
  for (const { sourceId, paper } of clippings) if (paper) names.set(sourceId, paper);
  for (const [id, name] of current) names.set(id, name);
  return names;
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

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
  /** The same story from several papers has one key (the article's story key, else its fingerprint). */
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
});
export type Clipping = z.infer<typeof ClippingSchema>;

/** A digest or alert item: a clipping, and the other papers that ran the same story. */
export interface MailItem extends Clipping {
  alsoIn: string[];
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

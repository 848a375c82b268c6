import { ArticleIdSchema } from './article-id.js';
import { ImageSchema } from './image.js';
import { SourceIdSchema } from './source-id.js';
import { isoInstantSchema } from './time.js';
import * as z from './zod.js';

/** Another paper's copy of a story (cross-source dedupe): credited and linked, never a second item. */
export const StoryCopySchema = z.strictObject({
  sourceId: SourceIdSchema,
  url: z.url(),
  publishedAt: isoInstantSchema,
});
export type StoryCopy = z.infer<typeof StoryCopySchema>;

export const ArticleSchema = z.strictObject({
  id: ArticleIdSchema,
  sourceId: SourceIdSchema,
  url: z.url(),
  canonicalUrl: z.url(),
  title: z.string().check(z.trim(), z.minLength(1, 'an article needs a title')),
  summary: z._default(z.string(), ''),
  contentHtml: z.string(),
  contentText: z.string().check(z.minLength(1, 'an article needs a body')),
  publishedAt: isoInstantSchema,
  updatedAt: isoInstantSchema,
  author: z._default(z.string(), ''),
  images: z._default(z.array(ImageSchema), []),
  categories: z._default(z.array(z.string().check(z.minLength(1))), []),
  attribution: z._default(z.string(), ''),
  language: z._default(z.string(), 'vi'),
  /** Digest of the normalized title and body: the same story has the same fingerprint. */
  fingerprint: z.string().check(z.regex(/^[a-f0-9]{16,64}$/)),
  /** When Bantin first stored it. */
  ingestedAt: isoInstantSchema,
  /** The same story as other papers published it, in the order Bantin found them; absent: none. */
  alsoPublishedBy: z.optional(z.array(StoryCopySchema)),
  /** The paper credited with the story when another published it first; absent: this article's source. */
  originalSourceId: z.optional(SourceIdSchema),
});
export type Article = z.infer<typeof ArticleSchema>;

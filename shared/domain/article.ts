import * as z from 'zod';
import { SourceIdSchema } from './source.js';
import { isoInstantSchema } from './time.js';

export const ImageSchema = z.object({
  url: z.url(),
  caption: z.string().default(''),
});
export type Image = z.infer<typeof ImageSchema>;

/** Another paper's copy of a story (cross-source dedupe): credited and linked, never a second item. */
export const StoryCopySchema = z
  .object({
    sourceId: SourceIdSchema,
    url: z.url(),
    publishedAt: isoInstantSchema,
  })
  .strict();
export type StoryCopy = z.infer<typeof StoryCopySchema>;

/** Article ids are derived from the canonical URL, so they are stable forever. */
export const ArticleIdSchema = z.string().regex(/^[a-f0-9]{24}$/, 'a 24-character hex digest');

export const ArticleSchema = z
  .object({
    id: ArticleIdSchema,
    sourceId: SourceIdSchema,
    url: z.url(),
    canonicalUrl: z.url(),
    title: z.string().trim().min(1, 'an article needs a title'),
    summary: z.string().default(''),
    contentHtml: z.string(),
    contentText: z.string().min(1, 'an article needs a body'),
    publishedAt: isoInstantSchema,
    updatedAt: isoInstantSchema,
    author: z.string().default(''),
    images: z.array(ImageSchema).default([]),
    categories: z.array(z.string().min(1)).default([]),
    attribution: z.string().default(''),
    language: z.string().default('vi'),
    /** Digest of the normalized title and body: the same story has the same fingerprint. */
    fingerprint: z.string().regex(/^[a-f0-9]{16,64}$/),
    /** When Bantin first stored it. */
    ingestedAt: isoInstantSchema,
    /** The same story as other papers published it, in the order Bantin found them; absent: none. */
    alsoPublishedBy: z.array(StoryCopySchema).optional(),
    /** The paper credited with the story when another published it first; absent: this article's source. */
    originalSourceId: SourceIdSchema.optional(),
  })
  .strict();
export type Article = z.infer<typeof ArticleSchema>;

import { ArticleIdSchema } from './article-id.js';
import { SourceIdSchema } from './source-id.js';
import { isoInstantSchema } from './time.js';
import * as z from './zod.js';

/** One file of a re-hosted image, as Bantin serves it (`{media base URL}/{hash}….{ext}`). */
export const RenditionSchema = z.object({
  url: z.url(),
  type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif']),
  width: z.int().check(z.positive()),
  height: z.int().check(z.positive()),
  bytes: z.int().check(z.positive()),
});
export type Rendition = z.infer<typeof RenditionSchema>;

/** Bantin's copies of an image, stored once by content hash; `feed` and `mail` may be the original itself. */
export const HostedImageSchema = z.object({
  /** SHA-256 of the bytes as fetched. */
  hash: z.string().check(z.regex(/^[a-f0-9]{64}$/)),
  original: RenditionSchema,
  /** At most 800 px wide, JPEG, PNG or GIF: feeds and pages. */
  feed: RenditionSchema,
  /** At most 600 px wide, JPEG, PNG or GIF: mail. */
  mail: RenditionSchema,
});
export type HostedImage = z.infer<typeof HostedImageSchema>;

export const ImageSchema = z.object({
  /** What readers load: Bantin's feed copy once the image is re-hosted, else the paper's URL. */
  url: z.url(),
  caption: z._default(z.string(), ''),
  /** The paper's URL, kept once the image is re-hosted. */
  originalUrl: z.optional(z.url()),
  hosted: z.optional(HostedImageSchema),
  /** Not re-hosted (yet): `pending` is retried at the source's next polls, `failed` is final. */
  rehost: z.optional(
    z.object({
      status: z.enum(['pending', 'failed']),
      attempts: z.int().check(z.gte(0)),
      error: z.string(),
    }),
  ),
});
export type Image = z.infer<typeof ImageSchema>;

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

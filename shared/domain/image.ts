/**
 * An article's image: the paper's, and Bantin's copies of it once re-hosted (shared/ingest/images).
 */
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
  /**
   * Not re-hosted (yet): `pending` is retried at the source's next polls, `failed` is final and
   * leaves readers the paper's URL; `refused` is final too, and readers are never sent to it.
   */
  rehost: z.optional(
    z.object({
      status: z.enum(['pending', 'failed', 'refused']),
      attempts: z.int().check(z.gte(0)),
      error: z.string(),
    }),
  ),
});
export type Image = z.infer<typeof ImageSchema>;

/**
 * The images readers may be sent to: not those Bantin refused to fetch or keep (an address no
 * public reader should load, such as a private network's, or content that is no photo: SVG, which
 * can carry scripts and links, an HTML page, undecodable bytes). Feeds, mail and events take their
 * lead image from these.
 */
export function shownImages<T extends { rehost?: { status: string } }>(images: readonly T[]): T[] {
  return images.filter((image) => image.rehost?.status !== 'refused');
}

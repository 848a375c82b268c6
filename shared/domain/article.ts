import { ArticleIdSchema } from './article-id.js';
import { categorySlug } from './category.js';
import { truncate } from './excerpt.js';
import { ImageSchema } from './image.js';
import { plainName, unescapedOnceMore, withoutMarkup } from './plain-text.js';
import { SourceIdSchema } from './source-id.js';
import { isoInstantSchema } from './time.js';
import * as z from './zod.js';

/** Another paper's copy of a story (cross-source dedupe): credited and linked, never a second item. */
export const StoryCopySchema = z.strictObject({
  sourceId: SourceIdSchema,
  url: z.url(),
  publishedAt: isoInstantSchema,
  /**
   * The sections that paper filed its copy under (absent: none, or recorded before they were
   * kept): its readers who follow a section, and the section's feed, get the story under them.
   */
  categories: z.optional(z.array(z.string()).check(z.maxLength(10))),
});
export type StoryCopy = z.infer<typeof StoryCopySchema>;

/**
 * What one article may carry of what a page or feed hands ingest: its title and categories travel
 * in every event (an SNS message holds 256 KB), feed and mail, and each category is a feed of its
 * own. A page with a 300 KB headline failed its source's every poll; a feed item with 5,000
 * categories had the builders write 15,000 feeds.
 */
/**
 * What an article keeps at most. Pictures: a photo story shows some dozens; a page of 5,000
 * `<img>` made 5,000 fetches from the paper in one poll and a 6 MB article.
 */
export const ARTICLE_LIMITS = {
  titleChars: 1000,
  categories: 10,
  categoryChars: 100,
  images: 60,
  /** A caption travels with its image in events, feeds and mail (attack run 32: one of 690 KB failed the poll). */
  captionChars: 1000,
  /** Every name a byline lists, a few hundred at most (attack run 33: 60,000 JSON-LD authors stored 1.4 MB). */
  authorChars: 500,
};

/**
 * The title an article keeps: cut at a word before `ARTICLE_LIMITS.titleChars`, without the
 * markup a paper let into it as text ("Giá xăng <b>giảm</b>", a CMS escaping twice): a title is
 * plain text, RSS readers show it as HTML, and feed validators refuse one that holds tags. Only
 * tags go ("<5%", "<Đời sống>" stay), and what a script or a style holds; a title of tags alone
 * is no title (the article is refused for it, as one without a title).
 */
export function limitTitle(title: string): string {
  // Tags of lines and blocks part words; inline ones (<b>, <span>) sit inside them.
  const text = withoutMarkup(
    unescapedOnceMore(title).replace(/<(?:br|\/?(?:p|div|li|h[1-6]|tr|td))(?=[\s/>])[^<>]*>/gi, ' '),
    '',
  )
    .replace(/\s+/g, ' ')
    .trim()
    // Composed again: a tag or an entity taken out may leave a letter beside its own accent
    // ("Ha&amp;#x300;", "Ho<b>\u0300</b>i" give "Hà", "Hòi" as two characters each).
    .normalize('NFC');
  return truncate(text, ARTICLE_LIMITS.titleChars);
}

/** The categories an article keeps: the first ten distinct ones (by slug), each cut short. */
export function limitCategories(names: readonly string[]): string[] {
  const kept = new Map<string, string>();
  for (const name of names) {
    // A category is a name: markup in one (a feed's `<category>&lt;script&gt;…`) is no part of it,
    // and feed validators refuse titles and OPML outlines that hold tags.
    const text = plainName(name).replace(/\s+/g, ' ').trim().normalize('NFC');
    const cut = truncate(text, ARTICLE_LIMITS.categoryChars);
    if (cut === '') continue;
    const slug = categorySlug(cut);
    if (!kept.has(slug)) kept.set(slug, cut);
    if (kept.size === ARTICLE_LIMITS.categories) break;
  }
  return [...kept.values()];
}

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

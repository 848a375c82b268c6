/** JSON Feed 1.0/1.1 (https://www.jsonfeed.org/version/1.1/), validated with zod. */

import { lazySchema } from '../../domain/validation.js';
import { absoluteUrl } from '../../domain/web-url.js';
import * as z from '../../domain/zod.js';
import { parseFeedDate } from '../date/parse-date.js';
import {
  clean,
  firstImage,
  IMAGE_EXTENSION,
  summaryFromContent,
  textToHtml,
  uniqueStrings,
} from './item-fields.js';
import { type FeedContext, type FeedItem, FeedParseError, type ParsedFeed } from './parsed-feed.js';

// Most papers publish RSS or Atom: the JSON Feed schemas are built for the first JSON feed read.
const JsonItemSchema = lazySchema(() => {
  // A field of the wrong type is dropped, not fatal: one odd item must not lose the others.
  const dropped = <S extends z.core.SomeType>(schema: S) => z.catch(z.nullish(schema), undefined);
  // A list keeps its good elements: one number among the tags must not lose the others.
  const kept = <S extends z.ZodMiniType>(schema: S) =>
    dropped(
      z.pipe(
        z.array(z.unknown()),
        z.transform((elements: unknown[]) =>
          elements.flatMap((element) => {
            const result = z.safeParse(schema, element);
            return result.success ? [result.data as z.output<S>] : [];
          }),
        ),
      ),
    );
  const optionalString = dropped(z.string());
  const JsonAuthorSchema = z.looseObject({ name: optionalString, url: optionalString });
  const JsonAttachmentSchema = z.looseObject({ url: z.string(), mime_type: optionalString });
  return z.looseObject({
    id: z.pipe(
      dropped(z.union([z.string(), z.number()])),
      z.transform((id: string | number | null | undefined) =>
        id === null || id === undefined ? undefined : String(id),
      ),
    ),
    url: optionalString,
    external_url: optionalString,
    title: optionalString,
    content_html: optionalString,
    content_text: optionalString,
    summary: optionalString,
    image: optionalString,
    banner_image: optionalString,
    date_published: optionalString,
    date_modified: optionalString,
    author: dropped(JsonAuthorSchema),
    authors: kept(JsonAuthorSchema),
    tags: kept(z.string()),
    attachments: kept(JsonAttachmentSchema),
  });
});
const JsonFeedSchema = lazySchema(() => {
  const optionalString = z.catch(z.nullish(z.string()), undefined);
  return z.looseObject({
    version: z
      .string()
      .check(
        z.regex(/^https?:\/\/jsonfeed\.org\/version\/1(?:\.\d+)?\/?$/, 'not a JSON Feed 1.x version URL'),
      ),
    title: optionalString,
    home_page_url: optionalString,
    feed_url: optionalString,
    description: optionalString,
    language: optionalString,
    items: z.array(z.unknown()),
  });
});

export function readJsonFeed(text: string, context: FeedContext): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const result = JsonFeedSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new FeedParseError(`not a JSON Feed: ${issues.join('; ')}`);
  }
  const feed = result.data;
  const homeUrl = absoluteUrl(feed.home_page_url, context.feedUrl) ?? '';
  const base = feed.feed_url
    ? (absoluteUrl(feed.feed_url, context.feedUrl) ?? context.feedUrl)
    : context.feedUrl;
  const items: FeedItem[] = [];
  for (const raw of feed.items) {
    const parsed = JsonItemSchema.safeParse(raw);
    if (!parsed.success) continue;
    const item = readJsonItem(parsed.data, base, context.timeZone);
    if (item) items.push(item);
  }
  return {
    format: 'json',
    title: clean(feed.title),
    url: homeUrl,
    description: clean(feed.description),
    language: clean(feed.language),
    items,
  };
}

function readJsonItem(item: z.infer<typeof JsonItemSchema>, base: string, timeZone: string): FeedItem | null {
  const url = absoluteUrl(item.url, base) ?? absoluteUrl(item.external_url, base) ?? '';
  const guid = clean(item.id) || url;
  if (!guid) return null;
  const contentHtml = item.content_html?.trim() || textToHtml(item.content_text ?? '');
  const published = parseFeedDate(item.date_published, timeZone);
  const updated = parseFeedDate(item.date_modified, timeZone);
  const authors = item.authors ?? (item.author ? [item.author] : []);
  const itemBase = url || base;
  const attachmentImages = (item.attachments ?? [])
    .filter(
      (attachment) => attachment.mime_type?.startsWith('image/') || IMAGE_EXTENSION.test(attachment.url),
    )
    .map((attachment) => attachment.url);
  const imageUrl =
    [item.image, item.banner_image, ...attachmentImages]
      .map((candidate) => absoluteUrl(candidate, itemBase))
      .find((candidate) => candidate !== undefined) ?? firstImage(contentHtml, itemBase);
  return {
    guid,
    url,
    title: clean(item.title),
    summary: clean(item.summary) || summaryFromContent(contentHtml),
    contentHtml,
    publishedAt: published ?? updated,
    updatedAt: updated ?? published,
    author: uniqueStrings(authors.map((author) => author.name ?? '')).join(', '),
    categories: uniqueStrings(item.tags ?? []),
    imageUrl: imageUrl ?? null,
  };
}

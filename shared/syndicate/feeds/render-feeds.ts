/**
 * Renders a list of articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1. The output depends only on
 * the input (the feed's `updated` is the newest article's, never "now"), so the same articles
 * always give the same bytes and unchanged feeds keep their ETags.
 *
 * The `feed` package writes XML through xml-js, which has blind spots this module works around
 * with placeholders: text and attribute values are not fully escaped (an `&amp;` in text is
 * "desanitized", and `<` in attribute values is left raw), and only the first `]]>` in a CDATA
 * section is split.
 */
import { Feed, type Item } from 'feed';
import type { Article } from '../../domain/article.js';

export interface FeedDescriptor {
  /** e.g. 'all' or 'sources/baohanam' */
  id: string;
  title: string;
  description: string;
  homeUrl: string;
  /** e.g. http://localhost:8787/feeds/sources/baohanam — `.rss`, `.atom` and `.json` are appended. */
  selfBaseUrl: string;
  language: string;
  /** Overrides the feed's updated time (default: the newest article's updatedAt). */
  updated?: string;
}

export interface RenderedFeeds {
  rss: string;
  atom: string;
  json: string;
}

export const GENERATOR = 'Bantin';
/** When a feed has no articles and no `updated`: a fixed instant, so empty feeds are stable too. */
const EPOCH = '1970-01-01T00:00:00Z';

/** Characters XML 1.0 forbids, lone surrogates included. */
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Private-use stand-ins, replaced after rendering: `&` and `<` in XML text and attributes, and
 * `]]>` inside CDATA (which must be split across two sections). Stripped from input first.
 */
const AMP = '\uE000';
const LT = '\uE001';
const CDATA_END = '\uE002';
const PLACEHOLDERS = /[\uE000-\uE002]/g;

export function renderFeeds(feed: FeedDescriptor, articles: Article[]): RenderedFeeds {
  const sorted = sortArticles(articles);
  const updated = feed.updated ?? newestUpdate(sorted) ?? EPOCH;
  return {
    rss: renderXml(feed, sorted, updated, 'rss'),
    atom: renderXml(feed, sorted, updated, 'atom'),
    json: renderJson(feed, sorted, updated),
  };
}

/** Newest first by publishedAt, then by id; one entry per article id (the latest revision). */
function sortArticles(articles: Article[]): Article[] {
  const byId = new Map<string, Article>();
  for (const article of articles) {
    const existing = byId.get(article.id);
    if (!existing || Date.parse(article.updatedAt) > Date.parse(existing.updatedAt))
      byId.set(article.id, article);
  }
  return [...byId.values()].sort(
    (a, b) =>
      Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function newestUpdate(articles: Article[]): string | undefined {
  let newest: string | undefined;
  for (const article of articles) {
    if (!newest || Date.parse(article.updatedAt) > Date.parse(newest)) newest = article.updatedAt;
  }
  return newest;
}

export function articleGuid(article: Pick<Article, 'id'>): string {
  return `urn:bantin:article:${article.id}`;
}

// ---------------------------------------------------------------------------------------------
// RSS 2.0 and Atom 1.0 (through the `feed` package)

function renderXml(
  descriptor: FeedDescriptor,
  articles: Article[],
  updated: string,
  format: 'rss' | 'atom',
): string {
  /** For XML text nodes and attributes: the placeholders survive xml-js untouched. */
  const text = (value: string) =>
    stripInvalid(value).replace(PLACEHOLDERS, '').replace(/&/g, AMP).replace(/</g, LT);
  /** For CDATA sections. */
  const cdata = (value: string) => stripInvalid(value).replace(PLACEHOLDERS, '').replaceAll(']]>', CDATA_END);
  const feed = new Feed({
    id: `urn:bantin:feed:${descriptor.id}`,
    title: text(descriptor.title),
    description: text(descriptor.description),
    link: descriptor.homeUrl,
    language: text(descriptor.language),
    updated: new Date(updated),
    generator: GENERATOR,
    feedLinks: {
      rss: `${descriptor.selfBaseUrl}.rss`,
      atom: `${descriptor.selfBaseUrl}.atom`,
      json: `${descriptor.selfBaseUrl}.json`,
    },
  });
  for (const article of articles) {
    const author = stripInvalid(article.author).trim();
    const item: Item = {
      // RSS titles are plain text in practice; Atom's are declared type="html".
      title: cdata(format === 'atom' ? escapeHtml(plainTitle(article)) : plainTitle(article)),
      id: articleGuid(article),
      guid: articleGuid(article),
      link: article.canonicalUrl,
      date: new Date(article.updatedAt),
      published: new Date(article.publishedAt),
      content: cdata(contentHtml(article)),
      category: article.categories.map((name) => ({ name: text(name), term: text(name) })),
    };
    if (article.summary.trim()) item.description = cdata(escapeHtml(article.summary));
    if (author) {
      if (format === 'atom') item.author = [{ name: text(author) }];
      // RSS <author> must be an email address; a name goes in dc:creator.
      else item.extensions = [{ name: 'dc:creator', objects: { _text: text(author) } }];
    }
    const image = article.images[0];
    if (image) item.image = { url: image.url, type: imageType(image.url), length: 0 };
    feed.addItem(item);
  }
  let xml = format === 'rss' ? feed.rss2() : feed.atom1();
  // `feed` writes no language for Atom: put it on the root element, where RFC 4287 expects it.
  if (format === 'atom' && descriptor.language.trim()) {
    xml = xml.replace(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(stripInvalid(descriptor.language.trim()))}">`,
    );
  }
  return `${xml.replaceAll(AMP, '&amp;').replaceAll(LT, '&lt;').replaceAll(CDATA_END, ']]]]><![CDATA[>')}\n`;
}

function contentHtml(article: Article): string {
  // Never empty: RSS declares the dc: namespace (used by dc:creator) only for feeds with content.
  const body =
    article.contentHtml.trim() ||
    textToHtml(article.contentText) ||
    `<p>${escapeHtml(article.summary.trim() || article.title)}</p>`;
  const attribution = article.attribution.trim();
  return attribution ? `${body}\n<p>Nguồn: ${escapeHtml(attribution)}</p>` : body;
}

function imageType(url: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  switch (extension) {
    case 'png':
      return 'image/png';
    case 'gif':
      return 'image/gif';
    case 'webp':
      return 'image/webp';
    case 'avif':
      return 'image/avif';
    case 'svg':
      return 'image/svg+xml';
    default:
      return 'image/jpeg';
  }
}

// ---------------------------------------------------------------------------------------------
// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary?: string;
  image?: string;
  date_published: string;
  date_modified: string;
  authors?: { name: string }[];
  tags?: string[];
  language?: string;
}

interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  language: string;
  items: JsonFeedItem[];
}

/**
 * `feed`'s json1() writes JSON Feed 1.0 with the library's own key order; this rebuilds each
 * object as JSON Feed 1.1 (`authors` instead of `author`, `language`) with a fixed key order, and
 * keeps the articles' own RFC 3339 dates (with their offsets) instead of UTC renderings.
 */
function renderJson(descriptor: FeedDescriptor, articles: Article[], updated: string): string {
  const feed = new Feed({
    title: stripInvalid(descriptor.title),
    description: stripInvalid(descriptor.description),
    link: descriptor.homeUrl,
    updated: new Date(updated),
    feedLinks: { json: `${descriptor.selfBaseUrl}.json` },
  });
  for (const article of articles) {
    const author = stripInvalid(article.author).trim();
    feed.addItem({
      title: plainTitle(article),
      id: articleGuid(article),
      link: article.canonicalUrl,
      date: new Date(article.updatedAt),
      published: new Date(article.publishedAt),
      description: stripInvalid(article.summary).trim() || undefined,
      content: stripInvalid(contentHtml(article)),
      category: article.categories.map((name) => ({ name: stripInvalid(name) })),
      image: article.images[0]?.url,
      author: author ? [{ name: author }] : undefined,
    });
  }
  const v1 = JSON.parse(feed.json1()) as {
    title: string;
    home_page_url?: string;
    feed_url?: string;
    description?: string;
    items: {
      id: string;
      url?: string;
      title?: string;
      content_html?: string;
      summary?: string;
      image?: string;
      author?: { name?: string };
      tags?: string[];
    }[];
  };
  const articleById = new Map(articles.map((article) => [articleGuid(article), article]));
  const json: JsonFeed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: v1.title,
    home_page_url: v1.home_page_url ?? descriptor.homeUrl,
    feed_url: v1.feed_url ?? `${descriptor.selfBaseUrl}.json`,
    ...(v1.description ? { description: v1.description } : {}),
    language: stripInvalid(descriptor.language),
    items: v1.items.map((item) => {
      const article = articleById.get(item.id)!;
      const converted: JsonFeedItem = {
        id: item.id,
        url: item.url ?? article.canonicalUrl,
        title: item.title ?? plainTitle(article),
        content_html: item.content_html ?? '',
        ...(item.summary ? { summary: item.summary } : {}),
        ...(item.image ? { image: item.image } : {}),
        date_published: article.publishedAt,
        date_modified: article.updatedAt,
        ...(item.author?.name ? { authors: [{ name: item.author.name }] } : {}),
        ...(item.tags?.length ? { tags: item.tags } : {}),
        ...(article.language ? { language: article.language } : {}),
      };
      return converted;
    }),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function plainTitle(article: Article): string {
  return stripInvalid(article.title).replace(/\s+/g, ' ').trim();
}

function stripInvalid(value: string): string {
  return value.replace(XML_INVALID, '');
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function textToHtml(value: string): string {
  return value
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * Renders a list of articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1. The output depends only on
 * the input (the feed's `updated` is the newest article's, never "now"), so the same articles
 * always give the same bytes and unchanged feeds keep their ETags.
 *
 * Each feed links to itself, advertises its WebSub hub, and carries RFC 5005 archive links
 * (`prev-archive` from the current feed; `current`, `prev-archive`, `next-archive` and
 * `fh:archive` in archive pages). Each item credits its paper: RSS <source url>, atom:source,
 * `_source` in JSON Feed, and a credit line in the content.
 *
 * The `feed` package writes XML through xml-js, which has blind spots this module works around
 * with placeholders: text and attribute values are not fully escaped (an `&amp;` in text is
 * "desanitized", and `<` in attribute values is left raw), and only the first `]]>` in a CDATA
 * section is split. What `feed` cannot write (atom:source, typed Atom enclosures, archive links
 * in Atom) is added to its output at fixed anchors, escaped here.
 */
import { type Extension, Feed, type Item } from 'feed';
import {
  type ArticleLike,
  type FeedArticle,
  type FeedSource,
  type Prepared,
  prepareFeedArticle,
  stripControls,
} from './feed-article.js';

export interface FeedDescriptor {
  /** e.g. 'all' or 'sources/baohanam' (or 'all/archive/3' for an archive page) */
  id: string;
  title: string;
  description: string;
  homeUrl: string;
  /** e.g. http://localhost:8787/feeds/sources/baohanam — `.rss`, `.atom` and `.json` are appended. */
  selfBaseUrl: string;
  language: string;
  /** Overrides the feed's updated time (default: the newest article's updatedAt). */
  updated?: string;
  /** WebSub hub the feed advertises. */
  hubUrl?: string;
  /** RSS <ttl>, in minutes. */
  ttlMinutes?: number;
  /** RFC 5005 links, as base URLs (the format's extension is appended). */
  archive?: {
    /** This document is an archive page (fh:archive). */
    isArchive: boolean;
    current?: string;
    prevArchive?: string;
    nextArchive?: string;
  };
  /** The papers credited in the items, by source id (an unknown one is credited by host name). */
  sources?: Record<string, FeedSource>;
}

export interface RenderedFeeds {
  rss: string;
  atom: string;
  json: string;
  /** Articles left out, with the reason (bad URL, no title, no valid date…). */
  skipped: { id: string; reason: string }[];
}

export const GENERATOR = 'Bantin';
/** When a feed has no articles and no `updated`: a fixed instant, so empty feeds are stable too. */
const EPOCH = '1970-01-01T00:00:00Z';
const FH_NAMESPACE = 'http://purl.org/syndication/history/1.0';

/**
 * Private-use stand-ins, replaced after rendering: `&` and `<` in XML text and attributes, and
 * `]]>` inside CDATA (which must be split across two sections). Stripped from input first.
 */
const AMP = '\uE000';
const LT = '\uE001';
const CDATA_END = '\uE002';
const PLACEHOLDERS = /[\uE000-\uE002]/g;

/**
 * `cache` keeps each article's preparation (sanitizing is most of the work) across the feeds of
 * one rebuild; valid only while the descriptors' `sources` stay the same.
 */
export function renderFeeds(
  feed: FeedDescriptor,
  articles: ArticleLike[],
  cache?: Map<string, Prepared>,
): RenderedFeeds {
  const prepared = prepareFeed(feed, articles, cache);
  return {
    rss: renderFormat(feed, prepared, 'rss'),
    atom: renderFormat(feed, prepared, 'atom'),
    json: renderFormat(feed, prepared, 'json'),
    skipped: prepared.skipped,
  };
}

/** A feed's articles made safe (sanitized, capped, dated) and in feed order; what every format renders. */
export interface PreparedFeed {
  articles: FeedArticle[];
  updated: string;
  skipped: { id: string; reason: string }[];
}

export function prepareFeed(
  feed: FeedDescriptor,
  articles: ArticleLike[],
  cache?: Map<string, Prepared>,
): PreparedFeed {
  const skipped: PreparedFeed['skipped'] = [];
  const prepared: FeedArticle[] = [];
  for (const article of articles) {
    let result = cache?.get(article.id);
    if (!result) {
      result = prepareFeedArticle(article, feed.sources?.[article.sourceId], feed.sources);
      cache?.set(article.id, result);
    }
    if (result.ok) prepared.push(result.article);
    else skipped.push({ id: result.id, reason: result.reason });
  }
  const sorted = sortArticles(prepared);
  return { articles: sorted, updated: feed.updated ?? newestUpdate(sorted) ?? EPOCH, skipped };
}

export function renderFormat(
  feed: FeedDescriptor,
  prepared: PreparedFeed,
  format: 'rss' | 'atom' | 'json',
): string {
  return format === 'json'
    ? renderJson(feed, prepared.articles, prepared.updated)
    : renderXml(feed, prepared.articles, prepared.updated, format);
}

/** Newest first by publishedAt, then by id; one entry per article id (the latest revision). */
function sortArticles(articles: FeedArticle[]): FeedArticle[] {
  const byId = new Map<string, FeedArticle>();
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

function newestUpdate(articles: FeedArticle[]): string | undefined {
  let newest: string | undefined;
  for (const article of articles) {
    if (!newest || Date.parse(article.updatedAt) > Date.parse(newest)) newest = article.updatedAt;
  }
  return newest;
}

export function articleGuid(article: Pick<FeedArticle, 'id'>): string {
  return `urn:bantin:article:${article.id}`;
}

// ---------------------------------------------------------------------------------------------
// RSS 2.0 and Atom 1.0 (through the `feed` package)

function renderXml(
  descriptor: FeedDescriptor,
  articles: FeedArticle[],
  updated: string,
  format: 'rss' | 'atom',
): string {
  /** For XML text nodes and attributes: the placeholders survive xml-js untouched. */
  const text = (value: string) =>
    stripControls(value).replace(PLACEHOLDERS, '').replace(/&/g, AMP).replace(/</g, LT);
  /** For CDATA sections. */
  const cdata = (value: string) =>
    stripControls(value).replace(PLACEHOLDERS, '').replaceAll(']]>', CDATA_END);
  const links = archiveLinks(descriptor, format);
  const feed = new Feed({
    id: `urn:bantin:feed:${descriptor.id}`,
    title: text(descriptor.title),
    description: text(descriptor.description),
    link: descriptor.homeUrl,
    language: text(descriptor.language),
    updated: new Date(updated),
    generator: GENERATOR,
    ...(descriptor.ttlMinutes ? { ttl: descriptor.ttlMinutes } : {}),
    ...(descriptor.hubUrl ? { hub: descriptor.hubUrl } : {}),
    feedLinks: {
      rss: `${descriptor.selfBaseUrl}.rss`,
      atom: `${descriptor.selfBaseUrl}.atom`,
      json: `${descriptor.selfBaseUrl}.json`,
    },
  });
  if (format === 'rss') {
    // All atom:links at once (self, hub, archives): a channel extension replaces `feed`'s own list.
    const atomLinks: Record<string, string>[] = [
      { href: text(`${descriptor.selfBaseUrl}.rss`), rel: 'self', type: 'application/rss+xml' },
      ...(descriptor.hubUrl ? [{ href: text(descriptor.hubUrl), rel: 'hub' }] : []),
      ...links.map((link) => ({ href: text(link.href), rel: link.rel, type: 'application/rss+xml' })),
    ];
    const objects = atomLinks.map((a) => ({ _attributes: a }));
    feed.addExtension({ name: 'atom:link', objects: objects as unknown as Record<string, unknown> });
    if (descriptor.archive?.isArchive) feed.addExtension({ name: 'fh:archive', objects: {} });
  }
  for (const article of articles) {
    const item: Item = {
      // RSS titles are plain text in practice; Atom's are declared type="html".
      title: cdata(format === 'atom' ? escapeXml(article.title) : article.title),
      id: articleGuid(article),
      guid: articleGuid(article),
      link: article.url,
      date: new Date(article.updatedAt),
      published: new Date(article.publishedAt),
      content: cdata(article.contentHtml),
      category: article.categories.map((name) => ({ name: text(name), term: text(name) })),
    };
    if (article.summary) item.description = cdata(escapeXml(article.summary));
    if (format === 'atom') {
      if (article.author) item.author = [{ name: text(article.author) }];
    } else {
      const extensions: Extension[] = [];
      // RSS <author> must be an email address; a name goes in dc:creator.
      if (article.author) extensions.push({ name: 'dc:creator', objects: { _text: text(article.author) } });
      const source = article.source;
      extensions.push({
        name: 'source',
        objects: { _attributes: { url: text(source.feedUrl ?? source.homepage) }, _text: text(source.name) },
      });
      item.extensions = extensions;
      if (article.image) item.image = { url: article.image.url, type: article.image.type, length: 0 };
    }
    feed.addItem(item);
  }
  let xml = format === 'rss' ? feed.rss2() : feed.atom1();
  if (format === 'atom') xml = completeAtom(xml, descriptor, articles, links);
  else if (descriptor.archive?.isArchive) {
    xml = xml.replace('<rss version="2.0"', `<rss version="2.0" xmlns:fh="${FH_NAMESPACE}"`);
  }
  return `${xml.replaceAll(AMP, '&amp;').replaceAll(LT, '&lt;').replaceAll(CDATA_END, ']]]]><![CDATA[>')}\n`;
}

/** What `feed` does not write in Atom: the root's language, archive links, enclosures, atom:source. */
function completeAtom(
  xml: string,
  descriptor: FeedDescriptor,
  articles: FeedArticle[],
  links: { rel: string; href: string }[],
): string {
  const root = '<feed xmlns="http://www.w3.org/2005/Atom">';
  const language = stripControls(descriptor.language.trim());
  let out = xml.replace(
    root,
    `<feed xmlns="http://www.w3.org/2005/Atom"${descriptor.archive?.isArchive ? ` xmlns:fh="${FH_NAMESPACE}"` : ''}${language ? ` xml:lang="${escapeXml(language)}"` : ''}>`,
  );
  const self = `<link rel="self" href="${escapeXml(`${descriptor.selfBaseUrl}.atom`)}"/>`;
  const extra = [
    ...links.map(
      (link) => `<link rel="${link.rel}" type="application/atom+xml" href="${escapeXml(link.href)}"/>`,
    ),
    ...(descriptor.archive?.isArchive ? ['<fh:archive/>'] : []),
  ];
  if (extra.length > 0) out = out.replace(self, [self, ...extra].join('\n    '));
  // Entry by entry, in one pass (the feed's entries are in the articles' order): enclosure after
  // the entry's alternate link (readers take the first link as the article's), source at its end.
  const parts = out.split('</entry>');
  const byGuid = new Map(articles.map((article) => [`<id>${articleGuid(article)}</id>`, article]));
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const guid = /<id>urn:bantin:article:[0-9a-f]+<\/id>/.exec(part.slice(part.lastIndexOf('<entry>')))?.[0];
    const article = guid ? byGuid.get(guid) : undefined;
    if (!article) continue;
    const source = article.source;
    let entry = part;
    if (article.image) {
      const alternate = /<link href="[^"]*"\/>/.exec(entry.slice(entry.lastIndexOf('<entry>')));
      if (alternate) {
        const at = entry.lastIndexOf(alternate[0]) + alternate[0].length;
        entry = `${entry.slice(0, at)}\n        <link rel="enclosure" type="${article.image.type}" href="${escapeXml(article.image.url)}"/>${entry.slice(at)}`;
      }
    }
    parts[i] =
      `${entry.trimEnd()}\n        <source><id>${escapeXml(source.homepage)}</id><title>${escapeXml(source.name)}</title><link rel="alternate" href="${escapeXml(source.homepage)}"/></source>\n    `;
  }
  out = parts.join('</entry>');
  return out;
}

function archiveLinks(descriptor: FeedDescriptor, format: 'rss' | 'atom' | 'json') {
  const archive = descriptor.archive;
  if (!archive) return [];
  return [
    ...(archive.current ? [{ rel: 'current', href: `${archive.current}.${format}` }] : []),
    ...(archive.prevArchive ? [{ rel: 'prev-archive', href: `${archive.prevArchive}.${format}` }] : []),
    ...(archive.nextArchive ? [{ rel: 'next-archive', href: `${archive.nextArchive}.${format}` }] : []),
  ];
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
  _source: { name: string; home_page_url: string; feed_url?: string };
}

interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  next_url?: string;
  language: string;
  hubs?: { type: string; url: string }[];
  /** RFC 5005 links, as in the Atom and RSS documents (JSON Feed has no standard for them). */
  _archive?: { archive: boolean; current?: string; prev_archive?: string; next_archive?: string };
  items: JsonFeedItem[];
}

/**
 * `feed`'s json1() writes JSON Feed 1.0 with the library's own key order; this rebuilds each
 * object as JSON Feed 1.1 (`authors` instead of `author`, `language`, `hubs`) with a fixed key
 * order, and keeps the articles' own RFC 3339 dates (with their offsets) instead of UTC
 * renderings. `next_url` leads to older items: the newest archive page, then the one before.
 */
function renderJson(descriptor: FeedDescriptor, articles: FeedArticle[], updated: string): string {
  const feed = new Feed({
    title: stripControls(descriptor.title),
    description: stripControls(descriptor.description),
    link: descriptor.homeUrl,
    updated: new Date(updated),
    feedLinks: { json: `${descriptor.selfBaseUrl}.json` },
  });
  for (const article of articles) {
    feed.addItem({
      title: article.title,
      id: articleGuid(article),
      link: article.url,
      date: new Date(article.updatedAt),
      published: new Date(article.publishedAt),
      description: article.summary || undefined,
      content: article.contentHtml,
      category: article.categories.map((name) => ({ name })),
      image: article.image?.url,
      author: article.author ? [{ name: article.author }] : undefined,
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
  const archive = descriptor.archive;
  const json: JsonFeed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: v1.title,
    home_page_url: v1.home_page_url ?? descriptor.homeUrl,
    feed_url: v1.feed_url ?? `${descriptor.selfBaseUrl}.json`,
    ...(v1.description ? { description: v1.description } : {}),
    ...(archive?.prevArchive ? { next_url: `${archive.prevArchive}.json` } : {}),
    language: stripControls(descriptor.language),
    ...(descriptor.hubUrl ? { hubs: [{ type: 'WebSub', url: descriptor.hubUrl }] } : {}),
    ...(archive
      ? {
          _archive: {
            archive: archive.isArchive,
            ...(archive.current ? { current: `${archive.current}.json` } : {}),
            ...(archive.prevArchive ? { prev_archive: `${archive.prevArchive}.json` } : {}),
            ...(archive.nextArchive ? { next_archive: `${archive.nextArchive}.json` } : {}),
          },
        }
      : {}),
    items: v1.items.map((item) => {
      const article = articleById.get(item.id)!;
      const converted: JsonFeedItem = {
        id: item.id,
        url: item.url ?? article.url,
        title: item.title ?? article.title,
        content_html: item.content_html ?? '',
        ...(item.summary ? { summary: item.summary } : {}),
        ...(item.image ? { image: item.image } : {}),
        date_published: article.publishedAt,
        date_modified: article.updatedAt,
        ...(item.author?.name ? { authors: [{ name: item.author.name }] } : {}),
        ...(item.tags?.length ? { tags: item.tags } : {}),
        ...(article.language ? { language: article.language } : {}),
        _source: {
          name: article.source.name,
          home_page_url: article.source.homepage,
          ...(article.source.feedUrl ? { feed_url: article.source.feedUrl } : {}),
        },
      };
      return converted;
    }),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function escapeXml(value: string): string {
  return stripControls(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

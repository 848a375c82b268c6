/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) from the feed document, as a typed
 * object written with a fixed key order and the articles' own RFC 3339 dates (with their
 * offsets). `next_url` leads to older items: the newest archive page, then the one before.
 * RFC 5005 links and the credited paper go in `_archive` and `_source` (JSON Feed has no
 * standard for them).
 */
import type { FeedArticle } from './feed-article.js';
import { articleGuid, type FeedDocument, formatUrl } from './feed-document.js';
import { writtenEntry } from './written-entries.js';

interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  next_url?: string;
  language: string;
  hubs?: { type: string; url: string }[];
  _archive?: { archive: boolean; current?: string; prev_archive?: string; next_archive?: string };
  items: JsonFeedItem[];
}

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

export function writeJsonFeed(feed: FeedDocument): Buffer {
  const archive = feed.archive;
  const json: Omit<JsonFeed, 'items'> = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: formatUrl(feed.selfBaseUrl, 'json'),
    ...(feed.description ? { description: feed.description } : {}),
    ...(archive?.prevArchive ? { next_url: formatUrl(archive.prevArchive, 'json') } : {}),
    language: feed.language,
    ...(feed.hubUrl ? { hubs: [{ type: 'WebSub', url: feed.hubUrl }] } : {}),
    ...(archive
      ? {
          _archive: {
            archive: archive.isArchive,
            ...(archive.current ? { current: formatUrl(archive.current, 'json') } : {}),
            ...(archive.prevArchive ? { prev_archive: formatUrl(archive.prevArchive, 'json') } : {}),
            ...(archive.nextArchive ? { next_archive: formatUrl(archive.nextArchive, 'json') } : {}),
          },
        }
      : {}),
  };
  // `items` last, each written as JSON.stringify(…, null, 2) writes an array's item at that depth.
  const items = feed.entries.map((article) =>
    writtenEntry(article, 'json', (a) => JSON.stringify(item(a), null, 2).replaceAll('\n', '\n    ')),
  );
  const head = `${JSON.stringify(json, null, 2).slice(0, -2)},\n  "items": `;
  if (items.length === 0) return Buffer.from(`${head}[]\n}\n`);
  const separator = Buffer.from(',\n    ');
  return Buffer.concat([
    Buffer.from(`${head}[\n    `),
    ...items.flatMap((bytes, i) => (i === 0 ? [bytes] : [separator, bytes])),
    Buffer.from('\n  ]\n}\n'),
  ]);
}

function item(article: FeedArticle): JsonFeedItem {
  const source = article.source;
  return {
    id: articleGuid(article),
    url: article.url,
    title: article.title,
    content_html: article.contentHtml,
    ...(article.summary ? { summary: article.summary } : {}),
    ...(article.image ? { image: article.image.url } : {}),
    date_published: article.publishedAt,
    date_modified: article.updatedAt,
    ...(article.author ? { authors: [{ name: article.author }] } : {}),
    ...(article.categories.length > 0 ? { tags: article.categories } : {}),
    language: article.language,
    _source: {
      name: source.name,
      home_page_url: source.homepage,
      ...(source.feedUrl ? { feed_url: source.feedUrl } : {}),
    },
  };
}

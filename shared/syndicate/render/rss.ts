/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) from the feed document. Titles, names and
 * categories are plain text; HTML goes only where RSS expects it (description, content:encoded).
 * Atom links carry self, hub and the RFC 5005 archive links; `source` credits the paper.
 */
import { escapeHtml, type FeedArticle } from './feed-article.js';
import { articleGuid, type FeedDocument, formatUrl } from './feed-document.js';
import { writtenEntry } from './written-entries.js';
import { type XmlElement, xmlDocumentWithEntries, xmlElement } from './xml.js';

const TYPE = 'application/rss+xml';

export function writeRss(feed: FeedDocument): Buffer {
  const archive = feed.archive;
  const links = [
    { rel: 'self', href: formatUrl(feed.selfBaseUrl, 'rss') },
    ...(feed.hubUrl ? [{ rel: 'hub', href: feed.hubUrl }] : []),
    ...(archive?.current ? [{ rel: 'current', href: formatUrl(archive.current, 'rss') }] : []),
    ...(archive?.prevArchive ? [{ rel: 'prev-archive', href: formatUrl(archive.prevArchive, 'rss') }] : []),
    ...(archive?.nextArchive ? [{ rel: 'next-archive', href: formatUrl(archive.nextArchive, 'rss') }] : []),
  ];
  return xmlDocumentWithEntries(
    {
      rss: {
        '@version': '2.0',
        '@xmlns:atom': 'http://www.w3.org/2005/Atom',
        '@xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
        '@xmlns:dc': 'http://purl.org/dc/elements/1.1/',
        '@xmlns:fh': archive?.isArchive ? 'http://purl.org/syndication/history/1.0' : undefined,
        channel: {
          title: feed.title,
          link: feed.homeUrl,
          description: feed.description || feed.title,
          language: feed.language,
          lastBuildDate: rfc822(feed.updated),
          docs: 'https://www.rssboard.org/rss-specification',
          generator: feed.generator,
          ttl: feed.ttlMinutes ? String(feed.ttlMinutes) : undefined,
          'atom:link': links.map((link) => ({
            '@href': link.href,
            '@rel': link.rel,
            '@type': link.rel === 'hub' ? undefined : TYPE,
          })),
          'fh:archive': archive?.isArchive ? '' : undefined,
        },
      },
    },
    '</channel></rss>',
    feed.entries.map((article) => writtenEntry(article, 'rss', (a) => xmlElement('item', item(a)))),
  );
}

function item(article: FeedArticle): XmlElement {
  const source = article.source;
  return {
    title: article.title,
    link: article.url,
    guid: { '@isPermaLink': 'false', '#text': articleGuid(article) },
    pubDate: rfc822(article.publishedAt),
    // RSS descriptions are HTML: the plain-text summary is escaped as HTML first.
    description: article.summary ? { '#cdata': escapeHtml(article.summary) } : undefined,
    'content:encoded': { '#cdata': article.contentHtml },
    category: article.categories,
    // RSS <author> must be an email address; a name goes in dc:creator.
    'dc:creator': article.author || undefined,
    enclosure: article.image
      ? {
          '@url': article.image.url,
          '@length': String(article.image.bytes ?? 0),
          '@type': article.image.type,
        }
      : undefined,
    source: { '@url': source.feedUrl ?? source.homepage, '#text': source.name },
  };
}

/** RFC 822 date-time, in GMT, as RSS 2.0 requires. */
function rfc822(instant: string): string {
  return new Date(instant).toUTCString();
}

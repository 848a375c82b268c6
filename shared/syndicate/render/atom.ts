/**
 * Atom 1.0 (RFC 4287) from the feed document. Titles and summaries are plain text, written as
 * `type="html"` text constructs holding that text escaped as HTML: readers that show a title as
 * HTML whatever its type show it as written, and no paper's markup goes live. Each entry names
 * its paper in atom:source, with the paper as the source's author, so an entry without a
 * byline still has an author (RFC 4287 §4.1.2). Links carry self, hub and RFC 5005 archives.
 */
import { escapeHtml, type FeedArticle } from './feed-article.js';
import { articleGuid, type FeedDocument, formatUrl } from './feed-document.js';
import { writtenEntry } from './written-entries.js';
import { type XmlElement, xmlDocumentWithEntries, xmlElement } from './xml.js';

const TYPE = 'application/atom+xml';

export function writeAtom(feed: FeedDocument): Buffer {
  const archive = feed.archive;
  const archiveLink = (rel: string, base: string | undefined) =>
    base ? { '@rel': rel, '@type': TYPE, '@href': formatUrl(base, 'atom') } : undefined;
  return xmlDocumentWithEntries(
    {
      feed: {
        '@xmlns': 'http://www.w3.org/2005/Atom',
        '@xmlns:fh': archive?.isArchive ? 'http://purl.org/syndication/history/1.0' : undefined,
        '@xml:lang': feed.language,
        id: feed.id,
        title: text(feed.title),
        subtitle: feed.description ? text(feed.description) : undefined,
        updated: rfc3339(feed.updated),
        generator: feed.generator,
        link: [
          { '@rel': 'alternate', '@href': feed.homeUrl },
          { '@rel': 'self', '@href': formatUrl(feed.selfBaseUrl, 'atom') },
          ...(feed.hubUrl ? [{ '@rel': 'hub', '@href': feed.hubUrl }] : []),
          ...[
            archiveLink('current', archive?.current),
            archiveLink('prev-archive', archive?.prevArchive),
            archiveLink('next-archive', archive?.nextArchive),
          ].filter((link) => link !== undefined),
        ],
        'fh:archive': archive?.isArchive ? '' : undefined,
      },
    },
    '</feed>',
    distinctUpdates(feed.entries).map(({ article, updated }) =>
      writtenEntry(article, 'atom', (a) => xmlElement('entry', entry(a, updated)), updated),
    ),
  );
}

function entry(article: FeedArticle, updated: string): XmlElement {
  const source = article.source;
  return {
    title: text(article.title),
    id: articleGuid(article),
    // The article first: readers take the first link as the entry's.
    link: [
      { '@href': article.url },
      ...(article.image
        ? [
            {
              '@rel': 'enclosure',
              '@type': article.image.type,
              '@href': article.image.url,
              '@length': article.image.bytes ? String(article.image.bytes) : undefined,
            },
          ]
        : []),
    ],
    published: rfc3339(article.publishedAt),
    // Told apart from the other entries' by distinctUpdates.
    updated,
    author: article.author ? { name: article.author } : undefined,
    category: article.categories.map((name) => ({ '@term': name })),
    summary: article.summary ? text(article.summary) : undefined,
    content: { '@type': 'html', '#cdata': article.contentHtml },
    source: {
      id: source.homepage,
      title: text(source.name),
      // The paper's feed is not at hand; it changed at the latest when this article did.
      updated: rfc3339(article.updatedAt),
      link: { '@rel': 'alternate', '@href': source.homepage },
      author: { name: source.name, uri: source.homepage },
    },
  };
}

/** A text construct holding plain text, escaped as HTML (see above). */
function text(value: string): XmlElement {
  return { '@type': 'html', '#text': escapeHtml(value) };
}

/** RFC 3339 in UTC, as every Atom reader parses it. */
function rfc3339(instant: string): string {
  return new Date(instant).toISOString();
}

/**
 * Each entry's atom:updated, told apart from the others': papers date to the second or the minute
 * and publish in bursts, and readers and the W3C validator ("Two entries with the same value for
 * atom:updated") take two equal values for one change. An instant given to the second gets
 * milliseconds drawn from the article's id, so it stays within the second the paper gave and is
 * the same at every build (a value that moved would announce a change that did not happen); two
 * entries of the feed that still meet (one chance in a thousand a pair, but a burst of fifty of
 * one second meets often) are parted by the next free millisecond of that second, taken in the
 * order of their ids, so a burst gets the same values whatever the feed's order. Only such a
 * parted entry can move: back to its own value when the one it met leaves the feed, and it may
 * differ between two feeds that hold different neighbours of its second. Milliseconds
 * only: parsers such as Java's SimpleDateFormat misread more digits.
 */
function distinctUpdates(entries: readonly FeedArticle[]): { article: FeedArticle; updated: string }[] {
  const taken = new Set<string>();
  const assigned = new Map<string, string>();
  for (const article of [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    let value = entryUpdated(article);
    for (let step = 0; taken.has(value) && step < 1000; step++) value = nextMillisecond(value);
    taken.add(value);
    assigned.set(article.id, value);
  }
  return entries.map((article) => ({ article, updated: assigned.get(article.id)! }));
}

/** The next millisecond within the same second ("….999Z" → "….000Z" of that second). */
function nextMillisecond(instant: string): string {
  return instant.replace(
    /\.(\d{3})Z$/,
    (_, ms: string) => `.${String((Number(ms) + 1) % 1000).padStart(3, '0')}Z`,
  );
}

function entryUpdated(article: FeedArticle): string {
  const instant = rfc3339(article.updatedAt);
  if (!instant.endsWith('.000Z')) return instant;
  let hash = 0x811c9dc5;
  for (let i = 0; i < article.id.length; i++) hash = Math.imul(hash ^ article.id.charCodeAt(i), 0x01000193);
  return instant.replace(/\.000Z$/, `.${String((hash >>> 0) % 1000).padStart(3, '0')}Z`);
}

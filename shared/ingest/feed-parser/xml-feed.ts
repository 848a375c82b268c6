/**
 * RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 0.3/1.0, read with @rowanmanning/feed-parser, which
 * is tolerant of the broken markup provincial CMSs produce (after repair-xml.ts). The fields all
 * formats share are read here; rss.ts and atom.ts say where titles, bodies and links are.
 */
import { parseFeed as parseXmlFeed } from '@rowanmanning/feed-parser';
import { withoutUnsafeCharacters } from '../../domain/plain-text.js';
import { absoluteUrl } from '../../domain/web-url.js';
import { parseFeedDate } from '../date/parse-date.js';
import { atom } from './atom.js';
import {
  clean,
  firstImage,
  htmlToText,
  IMAGE_EXTENSION,
  summaryFromContent,
  uniqueStrings,
} from './item-fields.js';
import { type FeedContext, type FeedItem, FeedParseError, type ParsedFeed } from './parsed-feed.js';
import { flattenDeepElements, repairXml } from './repair-xml.js';
import { rss } from './rss.js';
import type { XmlElement, XmlFormat, XmlItem } from './xml-text.js';

type XmlFeed = ReturnType<typeof parseXmlFeed>;

/**
 * Namespaces the root element may declare: the feed library reads all its attributes again at
 * each namespace lookup, for every item (32,000 declarations over 8,000 items took 362 s). A
 * paper's feed declares a dozen or two.
 */
export const MAX_ROOT_NAMESPACES = 500;

/** How many namespaces the document's root element declares (its first start tag). */
function rootNamespaces(text: string): number {
  const root = /<(?![?!/])[^>]*>/.exec(text)?.[0] ?? '';
  return root.match(/\sxmlns(?::[^\s=>]+)?\s*=/g)?.length ?? 0;
}

export function readXmlFeed(text: string, context: FeedContext): ParsedFeed {
  let feed: XmlFeed;
  const repaired = repairXml(text);
  const declared = rootNamespaces(repaired);
  if (declared > MAX_ROOT_NAMESPACES) {
    throw new FeedParseError(
      `its root element declares ${declared.toLocaleString('en')} XML namespaces; a feed declares a few dozen at most (${MAX_ROOT_NAMESPACES} are allowed)`,
    );
  }
  try {
    feed = parseTolerant(repaired);
  } catch (error) {
    if (looksLikeHtml(text)) throw new FeedParseError('this is an HTML page, not a feed', { cause: error });
    // The parser's reason, without the bytes around the fault it quotes ("Context: …"): those of a
    // binary or hostile file (controls, escape codes) went into the CLI's error and the source's health.
    const detail = withoutUnsafeCharacters(
      (error instanceof Error ? error.message : String(error)).replace(/\s*Context:[\s\S]*$/, ''),
    )
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200);
    throw new FeedParseError(`not an RSS, RDF, Atom or JSON feed (${detail})`, { cause: error });
  }
  const rootName = feed.meta.type;
  const format = rootName === 'atom' ? 'atom' : rootName === 'rdf' ? 'rdf' : 'rss';
  const reader = format === 'atom' ? atom : rss;
  const homeUrl = absoluteUrl(feed.url, context.feedUrl) ?? '';
  const base = homeUrl || context.feedUrl;
  // Item getters that fall back to the feed (authors, url) rescan the whole channel each call:
  // read the feed-level values once and do the fallbacks here.
  // Their names are joined once: joined again for each entry, 40,000 feed authors over 8,000
  // entries took minutes and ran out of memory.
  const feedAuthors = format === 'atom' ? authorNames(feed.authors) : '';
  const items: FeedItem[] = [];
  for (const item of feed.items) {
    const read = readXmlItem(item, { reader, base, feedAuthors, timeZone: context.timeZone });
    if (read) items.push(read);
  }
  return {
    format,
    title: reader.title(feed.element),
    url: homeUrl,
    description: clean(feed.description),
    language: clean(feed.language).replace(/_/g, '-'),
    items,
  };
}

/** Parses the repaired feed; one nested deeper than the parser allows is parsed with its deepest markup as text. */
function parseTolerant(repaired: string): XmlFeed {
  try {
    return parseXmlFeed(repaired);
  } catch (error) {
    if (!(error instanceof Error && /nested tags/i.test(error.message))) throw error;
    return parseXmlFeed(flattenDeepElements(repaired));
  }
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+html|<html|<head|<body)/i.test(text);
}

const PUBLISHED_ELEMENTS = ['pubdate', 'published', 'issued', 'created', 'date'];
const UPDATED_ELEMENTS = ['updated', 'modified', 'lastbuilddate'];

interface ItemContext {
  reader: XmlFormat;
  base: string;
  /** The feed's authors' names, joined (an Atom entry without its own inherits them). */
  feedAuthors: string;
  timeZone: string;
}

/** Credited names at most: a feed naming thousands credits no one in particular. */
export const MAX_AUTHORS = 20;

/** The distinct names (or addresses) of `authors`, the first MAX_AUTHORS, joined with ", ". */
function authorNames(authors: XmlFeed['authors']): string {
  const names: string[] = [];
  for (const author of authors) {
    if (names.length === MAX_AUTHORS) break;
    const name = clean(author.name || author.email || '').normalize('NFC');
    if (name && !names.includes(name)) names.push(name);
  }
  return names.join(', ');
}

function readXmlItem(item: XmlItem, { reader, base, feedAuthors, timeZone }: ItemContext): FeedItem | null {
  const element = item.element;
  const rawUrl = reader.link(element) ?? element.getAttribute('rdf:about');
  const id = clean(item.id ?? element.getAttribute('rdf:about'));
  let url = absoluteUrl(rawUrl, base) ?? '';
  // A guid/id that is an absolute http(s) URL (and not marked isPermaLink="false") is the
  // article's URL when no link is given.
  if (
    !url &&
    /^https?:\/\//i.test(id) &&
    element.findElementWithName('guid')?.getAttribute('ispermalink') !== 'false'
  ) {
    url = absoluteUrl(id, base) ?? '';
  }
  const guid = id || url;
  if (!guid) return null;

  const body = reader.body(element);
  const published = firstDate(element, PUBLISHED_ELEMENTS, timeZone);
  const updated = firstDate(element, UPDATED_ELEMENTS, timeZone);

  // Atom entries inherit the feed's authors (RFC 4287 §4.2.1); RSS items do not.
  const hasOwnAuthor = ['author', 'creator'].some((name) => element.hasElementWithName(name));
  const ownAuthors = hasOwnAuthor ? authorNames(item.authors) : '';
  // Items never inherit the channel's categories.
  const hasOwnCategory = ['category', 'subject'].some((name) => element.hasElementWithName(name));
  const categories = hasOwnCategory ? item.categories.map((category) => category.label || category.term) : [];

  const itemBase = url || base;
  return {
    guid,
    url,
    title: reader.title(element),
    summary: htmlToText(body.summaryHtml) || summaryFromContent(body.contentHtml),
    contentHtml: body.contentHtml || body.summaryHtml,
    publishedAt: published ?? updated,
    updatedAt: updated ?? published,
    author: ownAuthors || feedAuthors,
    categories: uniqueStrings(categories),
    imageUrl:
      itemImage(item, itemBase) ??
      firstImage(body.summaryHtml, itemBase) ??
      firstImage(body.contentHtml, itemBase),
  };
}

function firstDate(element: XmlElement, names: string[], timeZone: string): string | null {
  for (const name of names) {
    for (const child of element.findElementsWithName(name)) {
      const date = parseFeedDate(child.textContent, timeZone);
      if (date) return date;
    }
  }
  return null;
}

/**
 * Media elements of an item read through the library at most: its `media` getter rebuilds the
 * item's children for each of them (5,000 `<media:content>` in one item took 86 s). A paper's
 * item carries a few; past this many, its image comes from its enclosures or its body.
 */
export const MAX_ITEM_MEDIA = 50;
const MEDIA_ELEMENTS = new Set(['content', 'group', 'thumbnail', 'enclosure']);

/** The item's image from its enclosures and Media RSS, before any image in its body. */
function itemImage(item: XmlItem, base: string): string | null {
  const media = item.element.children.filter(
    (child): child is XmlElement => typeof child !== 'string' && MEDIA_ELEMENTS.has(child.name),
  );
  // A <media:group>'s own elements count too (one group of thousands is the same attack), and
  // Atom's enclosures, links the library reads as media too (48,000 in one entry took 222 s).
  const inGroups = media
    .filter((child) => child.name === 'group')
    .reduce((sum, group) => sum + group.children.length, 0);
  const atomEnclosures = item.element.children.filter(
    (child): child is XmlElement =>
      typeof child !== 'string' && child.name === 'link' && child.getAttribute('rel') === 'enclosure',
  );
  if (media.length + inGroups + atomEnclosures.length > MAX_ITEM_MEDIA) {
    const isImage = (child: XmlElement) => /^image\//i.test(child.getAttribute('type') ?? '');
    const enclosure = media.find((child) => child.name === 'enclosure' && isImage(child));
    const link = atomEnclosures.find(isImage);
    return (
      absoluteUrl(enclosure?.getAttribute('url') ?? link?.getAttribute('href') ?? undefined, base) ?? null
    );
  }
  const candidates = [
    item.image?.url,
    ...item.media.filter((media) => media.type === 'image').map((media) => media.url),
    ...item.media.map((media) => media.image),
    ...item.media.filter((media) => !media.type && IMAGE_EXTENSION.test(media.url)).map((media) => media.url),
  ];
  for (const candidate of candidates) {
    const url = absoluteUrl(candidate, base);
    if (url) return url;
  }
  return null;
}

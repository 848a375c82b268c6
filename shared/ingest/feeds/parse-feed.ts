/**
 * Reads a syndication feed — RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 —
 * into one shape. XML feeds go through @rowanmanning/feed-parser, which is tolerant of the broken
 * markup provincial CMSs produce; JSON Feed is validated with zod. Dates are read from the raw
 * element text (not through `new Date`, which would read zone-less dates in the server's zone).
 */
import { parseFeed as parseXmlFeed } from '@rowanmanning/feed-parser';
import * as cheerio from 'cheerio/slim';
import { DateTime } from 'luxon';
import * as z from 'zod';
import { DEFAULT_TIME_ZONE } from '../../domain/time.js';
import { absoluteUrl } from '../../domain/web-url.js';
import { parseFeedDate } from './feed-date.js';

export interface FeedItem {
  /** The item's guid/id; the link when the feed gives none. */
  guid: string;
  /** Absolute http(s) URL of the article, or '' when the item has none. */
  url: string;
  title: string;
  /** Plain text. */
  summary: string;
  contentHtml: string;
  /** ISO 8601 with offset, in the source time zone. */
  publishedAt: string | null;
  updatedAt: string | null;
  author: string;
  categories: string[];
  imageUrl: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string;
  /** The home page the feed links to. */
  url: string;
  description: string;
  language: string;
  items: FeedItem[];
}

export interface ParseFeedOptions {
  /**
   * The feed's own URL, for resolving relative links. As in most readers, item links resolve
   * against the channel's home link when the feed gives one (itself resolved against this URL).
   */
  url: string;
  /** Zone for dates that carry no offset. Default Asia/Ho_Chi_Minh. */
  timeZone?: string;
}

export class FeedParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedParseError';
  }
}

/** Characters XML 1.0 forbids; feeds from some CMSs carry them and they break parsers downstream. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const SUMMARY_FROM_CONTENT_LENGTH = 300;
const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|bmp)(?:$|[?#])/i;

export function parseFeed(text: string, options: ParseFeedOptions): ParsedFeed {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (!DateTime.now().setZone(timeZone).isValid) throw new RangeError(`unknown time zone: ${timeZone}`);
  // C1 controls are never text: they are Windows-1252 bytes read as Latin-1 somewhere upstream.
  const cleaned = text
    .replace(/^\uFEFF/, '')
    .replace(XML_INVALID, '')
    .replace(/[\u0080-\u009F]/g, fromC1);
  const start = cleaned.trimStart();
  if (!start) throw new FeedParseError('the feed is empty');
  const context: Context = { feedUrl: options.url, timeZone };
  const parsed =
    start.startsWith('{') || start.startsWith('[')
      ? readJsonFeed(start, context)
      : readXmlFeed(cleaned, context);
  return normalizeStrings(parsed);
}

interface Context {
  feedUrl: string;
  timeZone: string;
}

// ---------------------------------------------------------------------------------------------
// XML feeds

type XmlFeed = ReturnType<typeof parseXmlFeed>;
type XmlItem = XmlFeed['items'][number];
type XmlElement = XmlItem['element'];

function readXmlFeed(text: string, context: Context): ParsedFeed {
  refuseEntityDeclarations(text);
  let feed: XmlFeed;
  try {
    feed = parseXmlFeed(closeTruncatedEndTag(normalizeReferences(repairRawMarkup(text))));
  } catch (error) {
    if (looksLikeHtml(text)) throw new FeedParseError('this is an HTML page, not a feed', { cause: error });
    const detail = error instanceof Error ? error.message : String(error);
    throw new FeedParseError(`not an RSS, RDF, Atom or JSON feed (${detail})`, { cause: error });
  }
  const rootName = feed.meta.type;
  const format = rootName === 'atom' ? 'atom' : rootName === 'rdf' ? 'rdf' : 'rss';
  const homeUrl = absoluteUrl(feed.url, context.feedUrl) ?? '';
  const base = homeUrl || context.feedUrl;
  // Item getters that fall back to the feed (authors, url) rescan the whole channel each call:
  // read the feed-level values once and do the fallbacks here.
  const feedAuthors = format === 'atom' ? feed.authors : [];
  const items: FeedItem[] = [];
  for (const item of feed.items) {
    const read = readXmlItem(item, { format, base, feedAuthors, timeZone: context.timeZone });
    if (read) items.push(read);
  }
  return {
    format,
    title: format === 'atom' ? atomTitle(feed.element) : rssTitle(feed.element),
    url: homeUrl,
    description: clean(feed.description),
    language: clean(feed.language).replace(/_/g, '-'),
    items,
  };
}

/**
 * Entity declarations are how billion-laughs and XXE attacks start, and no real news feed needs
 * them: refuse the document rather than expand anything. (A plain `<!DOCTYPE rss PUBLIC …>`, as
 * RSS 0.91 feeds carry, is fine: nothing is ever fetched.)
 */
function refuseEntityDeclarations(text: string): void {
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype >= 0 && /<!ENTITY/i.test(text.slice(doctype))) {
    throw new FeedParseError('feeds with entity declarations are refused');
  }
}

/** Atom content that is inline XML: `type="xhtml"`, `type="application/xhtml+xml"`, Atom 0.3's `mode="xml"`. */
const INLINE_XML = /\btype\s*=\s*["']?(?:xhtml|[^"'\s>]*\+xml\b)|\bmode\s*=\s*["']?xml\b/i;

/** Elements that carry HTML, which some CMSs write raw instead of escaped or in CDATA. */
const HTML_ELEMENTS = /<(description|summary|content|content:encoded)(\s[^<>]*)?>/gi;

/**
 * Wraps raw HTML inside description/summary/content elements in CDATA. Unescaped markup such as
 * `<description><p>Nội dung <br> …</description>` is not well-formed XML, and the parser would
 * otherwise let the unclosed `<p>` swallow the rest of the feed. Linear: each element is closed
 * by the next closing tag of its name, and a name with no closing tag left is not searched again.
 */
export function repairRawMarkup(text: string): string {
  const out: string[] = [];
  const exhausted = new Set<string>();
  let copied = 0;
  HTML_ELEMENTS.lastIndex = 0;
  for (let match = HTML_ELEMENTS.exec(text); match; match = HTML_ELEMENTS.exec(text)) {
    const [opening, name, attributes = ''] = match as unknown as [string, string, string | undefined];
    if (exhausted.has(name) || attributes.endsWith('/') || INLINE_XML.test(attributes)) continue;
    const start = match.index + opening.length;
    const close = text.indexOf(`</${name}`, start);
    if (close < 0) {
      exhausted.add(name);
      continue;
    }
    const inner = text.slice(start, close);
    HTML_ELEMENTS.lastIndex = close;
    if (!inner.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').includes('<')) continue;
    const raw = inner.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replaceAll(']]>', ']]]]><![CDATA[>');
    out.push(text.slice(copied, start), `<![CDATA[${raw}]]>`);
    copied = close;
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

const XML_ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
};
const REFERENCE_OR_VERBATIM =
  /(<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$))|&(?:#(\d{1,8})|#[xX]([\da-fA-F]{1,8})|([A-Za-z][\w.-]*))?(;?)/g;

/**
 * Makes a feed's references well-formed before it is parsed. The XML parser leaves numeric
 * character references undecoded, so an XML-level `&#38;` would later be read again as HTML:
 * they are decoded here (markup characters back into named escapes), with the C1 range read as
 * Windows-1252 as browsers do (`&#146;` is ’) and `&#X41;` accepted. A bare `&` — `?a=1&b=2` in
 * links, which CMSs write all the time — is escaped. CDATA sections and comments stay verbatim.
 */
export function normalizeReferences(text: string): string {
  return text.replace(
    REFERENCE_OR_VERBATIM,
    (match, verbatim?: string, decimal?: string, hex?: string, name?: string, semicolon?: string) => {
      if (verbatim) return verbatim;
      if (!semicolon) return `&amp;${match.slice(1)}`;
      if (name) return match;
      const char = characterFor(decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16));
      return XML_ESCAPES[char] ?? char;
    },
  );
}

/** Windows-1252 for U+0080–U+009F; a slot holding its own code point is undefined there. */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function fromC1(char: string): string {
  const code = char.charCodeAt(0);
  const mapped = WINDOWS_1252_C1[code - 0x80] ?? '';
  return mapped === char ? '' : mapped;
}

/** The character a numeric reference names, or '' when XML cannot carry it. */
function characterFor(code: number): string {
  if (code >= 0x80 && code <= 0x9f) return fromC1(String.fromCharCode(code));
  const valid =
    (code >= 0x20 || code === 0x9 || code === 0xa || code === 0xd) &&
    code <= 0x10ffff &&
    (code < 0xd800 || code > 0xdfff) &&
    code !== 0xfffe &&
    code !== 0xffff;
  return valid ? String.fromCodePoint(code) : '';
}

/** A feed cut off right after its last end tag's name (`</rss`) is closed. */
function closeTruncatedEndTag(text: string): string {
  const trimmed = text.trimEnd();
  const open = trimmed.lastIndexOf('</');
  return open >= 0 && /^<\/[\w:.-]+$/.test(trimmed.slice(open)) ? `${trimmed}>` : text;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+html|<html|<head|<body)/i.test(text);
}

const PUBLISHED_ELEMENTS = ['pubdate', 'published', 'issued', 'created', 'date'];
const UPDATED_ELEMENTS = ['updated', 'modified', 'lastbuilddate'];

interface ItemContext {
  format: ParsedFeed['format'];
  base: string;
  feedAuthors: XmlFeed['authors'];
  timeZone: string;
}

function readXmlItem(item: XmlItem, { format, base, feedAuthors, timeZone }: ItemContext): FeedItem | null {
  const element = item.element;
  const rawUrl = itemLink(element, format) ?? element.getAttribute('rdf:about');
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

  const body = format === 'atom' ? atomBody(element) : rssBody(element);
  const contentHtml = body.contentHtml || body.summaryHtml;
  const summary =
    htmlToText(body.summaryHtml) || truncate(htmlToText(body.contentHtml), SUMMARY_FROM_CONTENT_LENGTH);

  const published = firstDate(element, PUBLISHED_ELEMENTS, timeZone);
  const updated = firstDate(element, UPDATED_ELEMENTS, timeZone);

  // Atom entries inherit the feed's authors (RFC 4287 §4.2.1); RSS items do not.
  const hasOwnAuthor = ['author', 'creator'].some((name) => element.hasElementWithName(name));
  const ownAuthors = hasOwnAuthor ? item.authors : [];
  const authors = ownAuthors.length > 0 ? ownAuthors : feedAuthors;
  // Items never inherit the channel's categories.
  const hasOwnCategory = ['category', 'subject'].some((name) => element.hasElementWithName(name));
  const categories = hasOwnCategory ? item.categories.map((category) => category.label || category.term) : [];

  const itemBase = url || base;
  return {
    guid,
    url,
    title: format === 'atom' ? atomTitle(element) : rssTitle(element),
    summary,
    contentHtml,
    publishedAt: published ?? updated,
    updatedAt: updated ?? published,
    author: uniqueStrings(authors.map((author) => author.name || author.email || '')).join(', '),
    categories: uniqueStrings(categories),
    imageUrl:
      xmlItemImage(item, itemBase) ??
      firstImage(body.summaryHtml, itemBase) ??
      firstImage(body.contentHtml, itemBase),
  };
}

// The library's description/content getters decode entities a second time, after the XML
// parser: `&lt;script&gt;` escaped inside CDATA would come out as a live <script> tag. The body
// is therefore read from the elements' text as the XML parser left it.

interface ItemBody {
  summaryHtml: string;
  contentHtml: string;
}

/** Namespace prefixes whose `description`/`content` elements are not the item's body. */
const FOREIGN_PREFIXES = new Set(['media', 'itunes', 'googleplay']);

/**
 * The child `name`, preferring its parent's namespace (`<r:item>` → `<r:description>`), then the
 * default one, and skipping Media RSS and podcast elements (`<media:title>` is not the title).
 */
function bodyElement(element: XmlElement, name: string): XmlElement | null {
  const candidates = element.findElementsWithName(name);
  return (
    candidates.find((candidate) => candidate.namespace === element.namespace) ??
    candidates.find((candidate) => typeof candidate.namespace === 'symbol') ??
    candidates.find((candidate) => !FOREIGN_PREFIXES.has(String(candidate.namespace))) ??
    null
  );
}

function rssBody(element: XmlElement): ItemBody {
  const description = bodyElement(element, 'description');
  const encoded = element
    .findElementsWithName('encoded')
    .find((candidate) => candidate.namespace === 'content');
  return {
    summaryHtml: description ? htmlFromXmlText(description.textContent) : '',
    contentHtml: encoded ? htmlFromXmlText(encoded.textContent) : '',
  };
}

function atomBody(element: XmlElement): ItemBody {
  const summary = bodyElement(element, 'summary');
  const content = bodyElement(element, 'content');
  return { summaryHtml: summary ? atomHtml(summary) : '', contentHtml: content ? atomHtml(content) : '' };
}

/** An Atom text construct as HTML, whatever its type (RFC 4287 §3.1; Atom 0.3's `mode`). */
function atomHtml(element: XmlElement): string {
  const type = (element.getAttribute('type') ?? 'text').toLowerCase();
  const mode = element.getAttribute('mode');
  if (mode === 'base64' || BINARY_TYPE.test(type)) {
    const decoded = decodeBase64Text(element.textContent);
    return type.includes('html') ? decoded.trim() : textToHtml(decoded);
  }
  const inlineXml = mode === 'xml' && element.children.some((child) => typeof child !== 'string');
  if (type === 'xhtml' || type === 'application/xhtml+xml' || inlineXml) {
    const children = element.children.filter((child) => typeof child !== 'string' || child.trim());
    const [only] = children;
    const inner =
      children.length === 1 && typeof only !== 'string' && only?.name === 'div' ? only.children : children;
    return inner.map(serializeXhtml).join('').trim();
  }
  if (type.includes('html') || element.getAttribute('mode') === 'escaped') {
    return htmlFromXmlText(element.textContent);
  }
  return textToHtml(decodeText(element.textContent));
}

/** A media type that is neither text nor XML: Atom carries such content in base64 (RFC 4287 §4.1.3.3). */
const BINARY_TYPE = /^(?!text\/)(?![^;]*(?:[+/]xml|html)\b)[\w.+-]+\/[\w.+-]+/;

/** Base64 that decodes to UTF-8 text, or '' (an image is no article text). */
function decodeBase64Text(text: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
  } catch {
    return '';
  }
}

/** Markup in text: a start or end tag, or a comment. */
const LOOKS_LIKE_MARKUP = /<\/?[a-z][\w-]*(?:\s[^<>]*)?\/?>|<!--/i;

/**
 * RSS titles are plain text, but CMSs put tags in them, raw (in CDATA) or escaped once more;
 * what looks like markup is read as HTML, so no `<b>` or `<script>` reaches a title.
 */
function rssTitle(element: XmlElement): string {
  // `<media:title>` stands in only when the item has no title of its own.
  const title = bodyElement(element, 'title') ?? element.findElementWithName('title');
  const raw = title?.textContent ?? '';
  if (LOOKS_LIKE_MARKUP.test(raw)) return htmlToText(raw);
  const text = decodeText(raw);
  return LOOKS_LIKE_MARKUP.test(text) ? htmlToText(text) : clean(text);
}

function atomTitle(element: XmlElement): string {
  const title = bodyElement(element, 'title');
  return title ? htmlToText(atomHtml(title)) : '';
}

const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'source', 'track', 'wbr']);
/** An `&` that does not start a character or entity reference. */
const BARE_AMPERSAND = /&(?!#\d+;|#x[\da-f]+;|[a-z][a-z\d]*;)/gi;

function escapeXhtml(text: string): string {
  return text
    .replace(BARE_AMPERSAND, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function serializeXhtml(node: XmlElement | string): string {
  if (typeof node === 'string') return escapeXhtml(node);
  const attributes = Object.entries(node.attributes)
    .filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:'))
    .map(([name, value]) => ` ${name}="${escapeXhtml(value)}"`)
    .join('');
  if (VOID_ELEMENTS.has(node.name)) return `<${node.name}${attributes}>`;
  return `<${node.name}${attributes}>${node.children.map(serializeXhtml).join('')}</${node.name}>`;
}

/**
 * HTML carried as XML text. The XML parser has decoded the XML escapes but leaves character
 * references (`&#7883;`) and HTML entities (`&oacute;`) alone: those are decoded here, except the
 * ones that spell markup (`&lt;`, `&amp;`…), which must stay escaped.
 */
function htmlFromXmlText(text: string): string {
  return text.replace(/&(?:#x[\da-f]+|#\d+|[a-z][a-z\d]*);/gi, decodeReference).trim();
}

const MARKUP_CHARACTERS = new Set(['<', '>', '&', '"', "'"]);
const decodedEntities = new Map<string, string>();

function decodeReference(reference: string): string {
  let decoded: string;
  if (reference[1] === '#') {
    const codePoint =
      reference[2] === 'x' || reference[2] === 'X'
        ? Number.parseInt(reference.slice(3, -1), 16)
        : Number(reference.slice(2, -1));
    const valid = codePoint > 0x1f && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    if (!valid) return reference;
    decoded =
      codePoint >= 0x80 && codePoint <= 0x9f
        ? fromC1(String.fromCharCode(codePoint))
        : String.fromCodePoint(codePoint);
  } else {
    let named = decodedEntities.get(reference);
    if (named === undefined) {
      named = cheerio.load(reference, null, false).root().text();
      if (decodedEntities.size < 1000) decodedEntities.set(reference, named);
    }
    decoded = named;
  }
  return MARKUP_CHARACTERS.has(decoded) ? reference : decoded;
}

/** Plain text that may still hold character or entity references. */
function decodeText(text: string): string {
  if (!text.includes('&')) return text;
  return cheerio.load(text.replace(/</g, '&lt;').replace(/>/g, '&gt;'), null, false).root().text();
}

/** The item's link as written (resolved against xml:base only). */
function itemLink(element: XmlElement, format: ParsedFeed['format']): string | null {
  const links = element.findElementsWithName('link');
  if (format === 'atom') {
    const link =
      links.find((candidate) => candidate.getAttribute('rel') === 'alternate') ??
      links.find((candidate) => candidate.getAttribute('rel') === null);
    return link?.getAttributeAsUrl('href') ?? null;
  }
  const withText = links.find((candidate) => candidate.textContent.trim());
  if (withText) return withText.textContentAsUrl;
  // Some RSS items carry only <atom:link href="…">.
  const withHref = links.find(
    (candidate) => candidate.getAttribute('href') && !candidate.getAttribute('rel'),
  );
  return withHref?.getAttributeAsUrl('href') ?? null;
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

function xmlItemImage(item: XmlItem, base: string): string | null {
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

// ---------------------------------------------------------------------------------------------
// JSON Feed (https://www.jsonfeed.org/version/1.1/)

const optionalString = z.string().nullish().catch(undefined);
const JsonAuthorSchema = z.looseObject({ name: optionalString, url: optionalString });
const JsonAttachmentSchema = z.looseObject({ url: z.string(), mime_type: optionalString });
const JsonItemSchema = z.looseObject({
  id: z
    .union([z.string(), z.number()])
    .nullish()
    .catch(undefined)
    .transform((id) => (id === null || id === undefined ? undefined : String(id))),
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
  author: JsonAuthorSchema.nullish().catch(undefined),
  authors: z.array(JsonAuthorSchema).nullish().catch(undefined),
  tags: z.array(z.string()).nullish().catch(undefined),
  attachments: z.array(JsonAttachmentSchema).nullish().catch(undefined),
});
const JsonFeedSchema = z.looseObject({
  version: z
    .string()
    .regex(/^https?:\/\/jsonfeed\.org\/version\/1(?:\.\d+)?\/?$/, 'not a JSON Feed 1.x version URL'),
  title: optionalString,
  home_page_url: optionalString,
  feed_url: optionalString,
  description: optionalString,
  language: optionalString,
  items: z.array(z.unknown()),
});

function readJsonFeed(text: string, context: Context): ParsedFeed {
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
  const summary = clean(item.summary) || truncate(htmlToText(contentHtml), SUMMARY_FROM_CONTENT_LENGTH);
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
    summary,
    contentHtml,
    publishedAt: published ?? updated,
    updatedAt: updated ?? published,
    author: uniqueStrings(authors.map((author) => author.name ?? '')).join(', '),
    categories: uniqueStrings(item.tags ?? []),
    imageUrl: imageUrl ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function clean(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

function uniqueStrings(values: string[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const cleaned = clean(value).normalize('NFC');
    if (cleaned) seen.add(cleaned);
  }
  return [...seen];
}

const BLOCK_ELEMENTS = 'p, div, br, li, tr, td, th, h1, h2, h3, h4, h5, h6, blockquote, figure, figcaption';

function htmlToText(html: string): string {
  if (!html.trim()) return '';
  if (!/[<&]/.test(html)) return clean(html);
  const $ = cheerio.load(html, null, false);
  $('script, style, noscript, template').remove();
  $(BLOCK_ELEMENTS).after(' ');
  return clean($.root().text());
}

function firstImage(html: string, base: string): string | null {
  if (!/<img/i.test(html)) return null;
  const $ = cheerio.load(html, null, false);
  for (const img of $('img').toArray()) {
    const $img = $(img);
    for (const attribute of ['src', 'data-src', 'data-original', 'data-lazy-src']) {
      const url = absoluteUrl($img.attr(attribute), base);
      if (url) return url;
    }
  }
  return null;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** Unicode NFC for every string (Vietnamese sources mix precomposed and combining diacritics). */
function normalizeStrings<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map((entry) => normalizeStrings(entry)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, normalizeStrings(entry)]),
    ) as T;
  }
  return value;
}

/**
 * Mends the XML text provincial CMSs produce before it is parsed: characters XML forbids, raw
 * HTML inside description/content elements, bare ampersands, numeric references, a document cut
 * off inside its last end tag. A document with entity declarations is refused instead.
 */
import { encode } from 'html-entities';
import { FeedParseError } from './parsed-feed.js';
import { decodeReference } from './xml-text.js';

/** Characters XML 1.0 forbids; feeds from some CMSs carry them and they break parsers downstream. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Drops a BOM and the characters XML forbids. C1 controls are never text: they are Windows-1252
 * bytes read as Latin-1 somewhere upstream, and are read back as Windows-1252.
 */
export function removeInvalidCharacters(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(XML_INVALID, '')
    .replace(/[\u0080-\u009F]/g, (char) => decodeReference(`&#${char.charCodeAt(0)};`) ?? '');
}

/**
 * References the XML parser is given at most. Its decoding of each one costs garbage collection
 * that grows faster than their number: a million took 2 s and 330 MB, ten million (a 10 MB
 * title of bare `&`s) ran a 1 GB process out of memory. A real feed of 10 MB, its HTML
 * escaped, holds a few hundred thousand.
 */
export const MAX_FEED_REFERENCES = 1_000_000;

/** The repaired text, ready for the XML parser; throws a FeedParseError for entity declarations. */
export function repairXml(text: string): string {
  refuseEntityDeclarations(text);
  // Counted before any repair (which keeps every `&` one): a hostile feed costs a scan, no more.
  if (countOf(text, '&', MAX_FEED_REFERENCES + 1) > MAX_FEED_REFERENCES) {
    throw new FeedParseError(
      `the feed holds more than ${MAX_FEED_REFERENCES.toLocaleString('en')} character references or bare '&'s: not a feed, refused`,
    );
  }
  return closeTruncatedEndTag(normalizeReferences(escapeUnclosedComment(repairRawMarkup(text))));
}

/** A CDATA section, and a comment, each to its end or to the text's. */
const CDATA = String.raw`<!\[CDATA\[[\s\S]*?(?:\]\]>|$)`;
const COMMENT = String.raw`<!--[\s\S]*?(?:-->|$)`;
const CDATA_OR_COMMENT = new RegExp(`${CDATA}|${COMMENT}`, 'g');
const CDATA_OR_COMMENT_OPEN = new RegExp(`${CDATA}|<!--`, 'g');

/**
 * A comment never closed (`<!-- ad slot` left by a template) would hide the rest of the feed, and
 * the parser refuses it: its `<!--`, and every later one outside CDATA (none of them has a `-->`
 * after it either), are escaped into text. Linear: one scan to the first such comment, one after.
 */
function escapeUnclosedComment(text: string): string {
  if (!text.includes('<!--')) return text; // most feeds: no second scan
  let unclosedAt = -1;
  for (const match of text.matchAll(CDATA_OR_COMMENT)) {
    if (match[0].startsWith('<!--') && !(match[0].length >= 7 && match[0].endsWith('-->'))) {
      unclosedAt = match.index;
      break;
    }
  }
  if (unclosedAt < 0) return text;
  const rest = text
    .slice(unclosedAt)
    .replace(CDATA_OR_COMMENT_OPEN, (match) => (match === '<!--' ? '&lt;!--' : match));
  return text.slice(0, unclosedAt) + rest;
}

/** How many times `char` occurs in `text`, counting up to `limit`. */
function countOf(text: string, char: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(char); at >= 0 && count < limit; at = text.indexOf(char, at + 1)) count++;
  return count;
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
    if (!withoutCdata(inner, false).includes('<')) continue;
    const raw = withoutCdata(inner, true).replaceAll(']]>', ']]]]><![CDATA[>');
    out.push(text.slice(copied, start), `<![CDATA[${raw}]]>`);
    copied = close;
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/**
 * The text with its CDATA sections taken out (`keepContent`: their content stays, unwrapped), in
 * one pass: a section left open stays as it is, with the rest. (A pattern tried at each
 * `<![CDATA[` read to the end from every one that never closed: 200,000 of them took 85 s.)
 */
function withoutCdata(text: string, keepContent: boolean): string {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf('<![CDATA[', at);
    const close = open < 0 ? -1 : text.indexOf(']]>', open + 9);
    if (close < 0) {
      out.push(text.slice(at));
      return out.join('');
    }
    out.push(text.slice(at, open));
    if (keepContent) out.push(text.slice(open + 9, close));
    at = close + 3;
  }
}

const REFERENCE_OR_VERBATIM = new RegExp(
  `(${CDATA}|${COMMENT})|&(#\\d{1,8}|#[xX][\\da-fA-F]{1,8}|[A-Za-z][\\w.-]*)?(;?)`,
  'g',
);

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
    (match, verbatim?: string, name?: string, semicolon?: string) => {
      if (verbatim) return verbatim;
      if (!semicolon || !name) return `&amp;${match.slice(1)}`;
      if (!name.startsWith('#')) return match;
      return encode(decodeReference(match) ?? '', { level: 'xml' });
    },
  );
}

/** A feed cut off right after its last end tag's name (`</rss`) is closed. */
function closeTruncatedEndTag(text: string): string {
  const trimmed = text.trimEnd();
  const open = trimmed.lastIndexOf('</');
  return open >= 0 && /^<\/[\w:.-]+$/.test(trimmed.slice(open)) ? `${trimmed}>` : text;
}

/**
 * Elements a feed may nest, counted from its root. The XML parser refuses a document nested more
 * than 100 deep (fast-xml-parser's `maxNestedTags`, which @rowanmanning/feed-parser does not let
 * us set); no real feed nests half as deep, and the few that do are hostile.
 */
export const MAX_FEED_DEPTH = 64;

/**
 * CDATA, comments, declarations and tags (names in any script: `<xé>`). No match reads past a
 * `<` (XML has none in a tag), and a tag's attributes start after a space (the name and the
 * attributes never share a letter: one `<` and a long run of letters with no `>` took time
 * growing with the run's square), so the scan is linear.
 */
const MARKUP =
  /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<[?!][^<>]*>?|<(\/?)[^\s<>"'/=!?][^\s<>"'/=]*(?:\s(?:[^<>"']|"[^<"]*"|'[^<']*')*)?\/?>/g;

/**
 * Markup nested deeper than `maxDepth` turned into text (its tags escaped), so that one item
 * nested too deep costs that item's markup, not the whole feed. Linear, and tolerant of stray
 * end tags as the parser is.
 */
export function flattenDeepElements(text: string, maxDepth = MAX_FEED_DEPTH): string {
  let depth = 0;
  let escaped = 0;
  return text.replace(MARKUP, (tag, slash?: string) => {
    if (slash === undefined) return tag; // CDATA, a comment, a declaration or instruction
    if (slash) {
      if (escaped > 0) {
        escaped--;
        return `&lt;${tag.slice(1)}`;
      }
      depth = Math.max(0, depth - 1);
      return tag;
    }
    const selfClosing = tag.endsWith('/>');
    if (depth < maxDepth) {
      if (!selfClosing) depth++;
      return tag;
    }
    if (!selfClosing) escaped++;
    return `&lt;${tag.slice(1)}`;
  });
}

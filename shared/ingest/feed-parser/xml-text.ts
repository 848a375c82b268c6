/**
 * The text of XML feed elements, for rss.ts and atom.ts. The XML parser decodes the XML escapes
 * but leaves character references (`&#7883;`) and HTML entities (`&oacute;`) alone; html-entities
 * decodes those here, by the HTML5 rules, once.
 */
import type { parseFeed as parseXmlFeed } from '@rowanmanning/feed-parser';
import { decode, decodeEntity } from 'html-entities';

type XmlFeed = ReturnType<typeof parseXmlFeed>;
export type XmlItem = XmlFeed['items'][number];
export type XmlElement = XmlItem['element'];

/** Namespace prefixes whose `description`/`content`/`title` elements are not the item's own. */
const FOREIGN_PREFIXES = new Set(['media', 'itunes', 'googleplay']);

/**
 * The child `name`, preferring its parent's namespace (`<r:item>` → `<r:description>`), then the
 * default one, and skipping Media RSS and podcast elements (`<media:title>` is not the title).
 */
export function bodyElement(element: XmlElement, name: string): XmlElement | null {
  const candidates = element.findElementsWithName(name);
  return (
    candidates.find((candidate) => candidate.namespace === element.namespace) ??
    candidates.find((candidate) => typeof candidate.namespace === 'symbol') ??
    candidates.find((candidate) => !FOREIGN_PREFIXES.has(String(candidate.namespace))) ??
    null
  );
}

const NUMERIC_REFERENCE = /^&#(?:[xX]([\da-fA-F]+)|(\d+));$/;

/** Whether XML 1.0 can carry the code point as text. */
function isXmlCharacter(code: number): boolean {
  return (
    (code >= 0x20 || code === 0x9 || code === 0xa || code === 0xd) &&
    code <= 0x10ffff &&
    (code < 0xd800 || code > 0xdfff) &&
    code !== 0xfffe &&
    code !== 0xffff
  );
}

/**
 * The text a character or entity reference stands for, as HTML5 reads it (`&#146;` is ’, as
 * Windows-1252 has it), '' for a C1 code Windows-1252 leaves undefined, or null when the
 * reference names nothing XML can carry (an unknown entity, `&#0;`, a surrogate).
 */
export function decodeReference(reference: string): string | null {
  const numeric = NUMERIC_REFERENCE.exec(reference);
  if (numeric) {
    const code = numeric[1] ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
    if (!isXmlCharacter(code)) return null;
  }
  const decoded = decodeEntity(reference, { level: 'html5' });
  if (decoded === reference) return null;
  return /^[\u0080-\u009F]$/.test(decoded) ? '' : decoded;
}

const MARKUP_CHARACTERS = new Set(['<', '>', '&', '"', "'"]);

/**
 * HTML carried as XML text, with its references decoded except the ones that spell markup
 * (`&lt;`, `&amp;`…), which must stay escaped.
 */
export function htmlFromXmlText(text: string): string {
  return text
    .replace(/&(?:#x[\da-f]+|#\d+|[a-z][a-z\d]*);/gi, (reference) => {
      const decoded = decodeReference(reference);
      return decoded === null || MARKUP_CHARACTERS.has(decoded) ? reference : decoded;
    })
    .trim();
}

/** Plain text that may still hold character or entity references. */
export function decodeText(text: string): string {
  return text.includes('&') ? decode(text, { level: 'html5' }) : text;
}

/** An item's body as HTML: its summary (RSS description) and its full content, either may be ''. */
export interface ItemBody {
  summaryHtml: string;
  contentHtml: string;
}

/** What differs between RSS (with RDF) and Atom: where an item's or feed's title, body and link are. */
export interface XmlFormat {
  title(element: XmlElement): string;
  body(element: XmlElement): ItemBody;
  /** The item's link as written (resolved against xml:base only). */
  link(element: XmlElement): string | null;
}

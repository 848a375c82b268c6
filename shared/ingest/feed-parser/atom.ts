/**
 * Where Atom 1.0 (RFC 4287) and 0.3 keep an entry's title, body and link. Atom text constructs
 * say their own type — text, html, xhtml, another media type in base64 — and are read as HTML.
 */
import { htmlToText, textToHtml } from './item-fields.js';
import {
  bodyElement,
  decodeText,
  htmlFromXmlText,
  type ItemBody,
  type XmlElement,
  type XmlFormat,
} from './xml-text.js';

function title(element: XmlElement): string {
  const titleElement = bodyElement(element, 'title');
  return titleElement ? htmlToText(atomHtml(titleElement)) : '';
}

function body(element: XmlElement): ItemBody {
  const summary = bodyElement(element, 'summary');
  const content = bodyElement(element, 'content');
  return { summaryHtml: summary ? atomHtml(summary) : '', contentHtml: content ? atomHtml(content) : '' };
}

/** The alternate link, else one without a rel; its href, or its text when a feed writes it RSS-style. */
function link(element: XmlElement): string | null {
  const links = element.findElementsWithName('link');
  const chosen =
    links.find((candidate) => candidate.getAttribute('rel') === 'alternate') ??
    links.find((candidate) => candidate.getAttribute('rel') === null);
  if (!chosen) return null;
  return chosen.getAttributeAsUrl('href') ?? (chosen.textContent.trim() ? chosen.textContentAsUrl : null);
}

export const atom: XmlFormat = { title, body, link };

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
  if (type.includes('html') || mode === 'escaped') return htmlFromXmlText(element.textContent);
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

const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'source', 'track', 'wbr']);
/** An `&` that does not start a character or entity reference (the XML parser left those as written). */
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

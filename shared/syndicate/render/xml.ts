/**
 * The one way Bantin writes XML (RSS, Atom, OPML): a tree of plain objects handed to
 * fast-xml-parser's XMLBuilder, which writes the elements, passes every text and attribute
 * value through one escaping function, and splits `]]>` in CDATA sections. Documents are
 * written compact: its pretty-printer puts whitespace around a CDATA section, inside the value.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { stripControls } from './feed-article.js';

/**
 * An element: keys starting with `@` are attributes, `#text` is its text, `#cdata` a CDATA
 * section (for HTML), any other key a child element (an array repeats it; `''` is empty).
 * Undefined values are left out.
 */
export interface XmlElement {
  [key: string]: XmlValue;
}
export type XmlValue = string | XmlElement | (string | XmlElement)[] | undefined;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  cdataPropName: '#cdata',
  format: false,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  // Escaping by the hooks below (the builder adds `&quot;` and `&apos;` in attributes).
  processEntities: false,
  tagValueProcessor: (_name, value) => escapeText(String(value)),
  attributeValueProcessor: (_name, value) => escapeText(String(value)),
});

/**
 * Hexadecimal references for `&`, `<` and `>`, as the RSS Best Practices Profile asks of plain
 * text: the form the most feed readers decode right (and valid XML in every other format).
 */
const REFERENCES: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '>': '&#x3E;' };

/** Also drops the characters XML 1.0 cannot carry at all, whatever the caller passed. */
function escapeText(value: string): string {
  return stripControls(value).replace(/[&<>]/g, (c) => REFERENCES[c]!);
}

/** The document with its XML declaration, UTF-8, ending with a newline. */
export function xmlDocument(root: XmlElement): string {
  return `${build(root)}\n`;
}

/**
 * The document's bytes, with `entries` (elements already written, xmlElement, as UTF-8) as the
 * last children of the element `closing` ends: the same bytes as building them in place, since
 * documents are written compact. Joined as bytes: a feed is hundreds of KB, and joining it as
 * text then encoding it costs ten times as much.
 */
export function xmlDocumentWithEntries(root: XmlElement, closing: string, entries: Uint8Array[]): Buffer {
  const text = build(root);
  if (!text.endsWith(closing)) throw new Error(`the document does not end with ${closing}`);
  return Buffer.concat([
    Buffer.from(text.slice(0, -closing.length)),
    ...entries,
    Buffer.from(`${closing}\n`),
  ]);
}

/** One element, written as it is inside a document. */
export function xmlElement(name: string, element: XmlElement): string {
  return builder.build({ [name]: element }) as string;
}

function build(root: XmlElement): string {
  return builder.build({ '?xml': { '@version': '1.0', '@encoding': 'utf-8' }, ...root }) as string;
}

/** Where RSS 0.9x, 1.0 (RDF) and 2.0 keep an item's title, body and link. */
import { clean, htmlToText } from './item-fields.js';
import {
  bodyElement,
  decodeText,
  htmlFromXmlText,
  type ItemBody,
  type XmlElement,
  type XmlFormat,
} from './xml-text.js';

/** Markup in text: a start or end tag, or a comment. */
const LOOKS_LIKE_MARKUP = /<\/?[a-z][\w-]*(?:\s[^<>]*)?\/?>|<!--/i;

/**
 * RSS titles are plain text, but CMSs put tags in them, raw (in CDATA) or escaped once more;
 * what looks like markup is read as HTML, so no `<b>` or `<script>` reaches a title.
 */
function title(element: XmlElement): string {
  // `<media:title>` stands in only when the item has no title of its own.
  const titleElement = bodyElement(element, 'title') ?? element.findElementWithName('title');
  const raw = titleElement?.textContent ?? '';
  if (LOOKS_LIKE_MARKUP.test(raw)) return htmlToText(raw);
  const text = decodeText(raw);
  return LOOKS_LIKE_MARKUP.test(text) ? htmlToText(text) : clean(text);
}

// The library's description/content getters decode entities a second time, after the XML
// parser: `&lt;script&gt;` escaped inside CDATA would come out as a live <script> tag. The body
// is therefore read from the elements' text as the XML parser left it.
function body(element: XmlElement): ItemBody {
  const description = bodyElement(element, 'description');
  const encoded = element
    .findElementsWithName('encoded')
    .find((candidate) => candidate.namespace === 'content');
  return {
    summaryHtml: description ? htmlFromXmlText(description.textContent) : '',
    contentHtml: encoded ? htmlFromXmlText(encoded.textContent) : '',
  };
}

function link(element: XmlElement): string | null {
  const links = element.findElementsWithName('link');
  const withText = links.find((candidate) => candidate.textContent.trim());
  if (withText) return withText.textContentAsUrl;
  // Some RSS items carry only <atom:link href="…">.
  const withHref = links.find(
    (candidate) => candidate.getAttribute('href') && !candidate.getAttribute('rel'),
  );
  return withHref?.getAttributeAsUrl('href') ?? null;
}

export const rss: XmlFormat = { title, body, link };

/**
 * What fetched bytes are, before anything reads them as an article: an HTML page, or a feed, JSON,
 * binary data or plain text, which no extraction should turn into an article (a feed's item that
 * links another feed, Bantin's own among them, would otherwise be stored as one).
 */

/** Why these bytes are not an HTML page (a feed, binary data, plain text), or undefined when they may be one. */
export function notAPage(bytes: Uint8Array, contentType?: string): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
  const head = Buffer.from(bytes.subarray(0, 64 * 1024)).toString('latin1');
  const start = head.replace(/^(\uFEFF|\u00EF\u00BB\u00BF)/, '').trimStart();
  const said = type ? ` (${type})` : '';
  if (
    FEED_TYPE.test(type ?? '') ||
    FEED_ROOT.test(start) ||
    (start.startsWith('{') && type !== 'text/html')
  ) {
    return `not an HTML page but a feed or JSON${said}`;
  }
  const utf16 = /^(\u00FF\u00FE|\u00FE\u00FF)/.test(head);
  const markup = HTML_MARKUP.test(utf16 ? utf16Text(bytes.subarray(0, 64 * 1024)) : head);
  // A stray NUL or two (a careless CMS) leaves a page a page; binary data has them throughout.
  const binaryBytes = utf16 ? 0 : (head.slice(0, 1024).match(BINARY_BYTES)?.length ?? 0);
  if (binaryBytes > (markup ? MAX_STRAY_BINARY_BYTES : 0))
    return `not an HTML page${said || ' (binary data)'}`;
  if (markup || type === 'text/html' || type === 'application/xhtml+xml') return undefined;
  return `not an HTML page${said || ' (plain text)'}`;
}

/** Bytes no text holds (WHATWG MIME Sniffing, "binary data byte"). */
const BINARY_BYTES = /[\x00-\x08\x0B\x0E-\x1A\x1C-\x1F]/g;
/** Of the first 1 KB of a document with HTML markup: more, and it is binary data. */
const MAX_STRAY_BINARY_BYTES = 8;
const FEED_TYPE = /^application\/((rss|atom|rdf)\+xml|feed\+json|json)$/;
/** An XML document whose root element is a feed's (after the declaration, comments and doctype). */
const FEED_ROOT = /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(rss|feed|rdf:RDF|RDF)[\s>]/i;
/** Elements every HTML page (or fragment of one) has some of. */
const HTML_MARKUP =
  /<(!doctype\s+html|html|head|body|meta|title|div|p|article|section|main|h[1-6]|span|a|img|table|ul|br)[\s>/]/i;

/** UTF-16 bytes after their byte-order mark, as text. */
function utf16Text(bytes: Uint8Array): string {
  return new TextDecoder(bytes[0] === 0xfe ? 'utf-16be' : 'utf-16le').decode(bytes);
}

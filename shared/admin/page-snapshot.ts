/**
 * What the administrator sees of an article page next to the extracted fields: most sites
 * refuse to be framed, so the preview shows the fetched page itself, sanitized (no scripts,
 * styles, frames, forms or event handlers; images made absolute), with the elements each
 * selector matched marked by `data-bantin-field` (and `data-bantin-removed` for `remove`).
 * Meant for a sandboxed `<iframe srcdoc>`; the plain text is a fallback.
 */
import { load } from 'cheerio/slim';
import type { AnyNode, Element, Text } from 'domhandler';
import sanitizeHtml from 'sanitize-html';
import type { Selectors } from '../domain/source.js';
import { absoluteUrl } from '../domain/web-url.js';
import { parseHtml } from '../ingest/extract/parse-html.js';
import { MAX_PAGE_SELECTOR_STEPS, MAX_SELECTOR_STEPS, selectWithin } from '../ingest/extract/selectors.js';
import { refusedByHost } from '../ingest/fetch/address-guard.js';

export interface PageSnapshot {
  title: string;
  /** Sanitized body HTML, for a sandboxed srcdoc. */
  html: string;
  /** The page's visible text, one block per line. */
  text: string;
  /** True when html or text was cut to its cap. */
  truncated: boolean;
}

const MAX_HTML = 400_000;
const MAX_TEXT = 40_000;
const FIELDS = ['title', 'date', 'author', 'summary', 'body', 'links'] as const;
/** Elements whose text ends a line of the snapshot's text. */
const BLOCKS = new Set(
  'p div br li h1 h2 h3 h4 h5 h6 tr article section header footer figure figcaption blockquote time'.split(
    ' ',
  ),
);
/** Elements whose content is no text a reader sees. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'head']);

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    ...['article', 'section', 'header', 'footer', 'main', 'aside', 'nav', 'div', 'span', 'p', 'br', 'hr'],
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'code'],
    ...['figure', 'figcaption', 'img', 'picture', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup'],
    ...['small', 'time', 'cite', 'abbr', 'mark', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'],
    'caption',
  ],
  allowedAttributes: {
    '*': ['class', 'id', 'data-bantin-field', 'data-bantin-removed'],
    img: ['src', 'alt', 'width', 'height'],
    time: ['datetime'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'template',
    'iframe',
    'object',
    'svg',
    'title',
  ],
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};

export function pageSnapshot(
  html: string,
  pageUrl: string,
  selectors?: Selectors,
  allowLoopback = false,
): PageSnapshot {
  const $ = load(parseHtml(html));
  const title = $('title').first().text().trim();
  // The selectors share one page's budget, as in the extraction (SelectorReader): past it, the
  // rest are not outlined.
  const meter = { steps: 0 };
  const select = (selector: string) => {
    const left = MAX_PAGE_SELECTOR_STEPS - meter.steps;
    return left > 0 ? selectWithin($, selector, Math.min(MAX_SELECTOR_STEPS, left), meter) : [];
  };
  for (const field of FIELDS) {
    const selector = selectors?.[field];
    if (!selector) continue;
    try {
      for (const el of select(selector)) {
        const marked = $(el).attr('data-bantin-field');
        $(el).attr('data-bantin-field', marked ? `${marked} ${field}` : field);
      }
    } catch {
      // An invalid or too costly selector is reported by the extractor's warnings.
    }
  }
  for (const selector of selectors?.remove ?? []) {
    try {
      $(select(selector)).attr('data-bantin-removed', 'remove');
    } catch {
      // As above.
    }
  }
  $('img').each((_, el) => {
    const img = $(el);
    // Lazy-loading pages keep the real address in a data attribute.
    const real = img.attr('data-src') ?? img.attr('data-original') ?? img.attr('data-lazy-src');
    const src = real ?? img.attr('src');
    const absolute = src ? absoluteUrl(src, pageUrl) : undefined;
    // The administrator's browser is not sent to addresses Bantin itself refuses (a router, the
    // cloud's metadata service): the picture shows as missing.
    if (absolute && !refusedByHost(absolute, allowLoopback)) img.attr('src', absolute);
    else img.removeAttr('src');
  });

  const body = $('body').length > 0 ? ($('body').html() ?? '') : $.html();
  let clean = sanitizeHtml(body, SANITIZE);
  let truncated = false;
  if (clean.length > MAX_HTML) {
    clean = sanitizeHtml(clean.slice(0, MAX_HTML), SANITIZE);
    truncated = true;
  }

  const root = $('body')[0] ?? $.root()[0]!;
  let text = visibleText(root)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
    .normalize('NFC');
  if (text.length > MAX_TEXT) {
    text = `${text.slice(0, MAX_TEXT)}…`;
    truncated = true;
  }
  return { title, html: clean, text, truncated };
}

/**
 * The text a reader sees, a line ending after each block, read in one walk (inserting a line
 * break after each block instead took time growing with the square of their number: 100,000
 * paragraphs held a preview for minutes). Stops a little past what a snapshot keeps.
 */
function visibleText(root: AnyNode): string {
  const parts: string[] = [];
  let length = 0;
  const stack: (AnyNode | '\n')[] = [root];
  while (stack.length > 0 && length <= MAX_TEXT * 2) {
    const node = stack.pop()!;
    if (node === '\n') {
      parts.push('\n');
      continue;
    }
    if (node.type === 'text') {
      const data = (node as Text).data;
      parts.push(data);
      length += data.length;
      continue;
    }
    if (!('children' in node)) continue;
    const name = (node as Element).name;
    if (name !== undefined && HIDDEN.has(name)) continue;
    if (name !== undefined && BLOCKS.has(name)) stack.push('\n');
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return parts.join('');
}

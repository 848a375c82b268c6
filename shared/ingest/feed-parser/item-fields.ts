/**
 * Field readers every format shares: text, URLs, images, summaries. Markup is read with
 * htmlparser2's streaming parser (as cheerio/slim parses it, without a DOM, selectors or
 * serializer: every poll reads its feed's summaries, and cheerio cost a tenth of the cold start).
 */
import { absoluteUrl } from '../../domain/web-url.js';
import { NestingSafeParser } from '../extract/nesting-safe-parser.js';
import { BIDI_OVERRIDES } from '../extract/text.js';

export { textToHtml } from './text-to-html.js';

const SUMMARY_FROM_CONTENT_LENGTH = 300;
export const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|bmp)(?:$|[?#])/i;

export function clean(value: string | null | undefined): string {
  return (value ?? '').replace(BIDI_OVERRIDES, '').replace(/\s+/g, ' ').trim();
}

export function uniqueStrings(values: string[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const cleaned = clean(value).normalize('NFC');
    if (cleaned) seen.add(cleaned);
  }
  return [...seen];
}

const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'br',
  'li',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'figure',
  'figcaption',
]);
const DROPPED_ELEMENTS = new Set(['script', 'style', 'noscript', 'template']);

/** The text of HTML, without scripts, styles, noscript and templates; a block element ends with a space. */
export function htmlToText(html: string): string {
  if (!html.trim()) return '';
  if (!/[<&]/.test(html)) return clean(html);
  const text: string[] = [];
  let dropped = 0;
  new NestingSafeParser({
    onopentag(name) {
      if (DROPPED_ELEMENTS.has(name)) dropped++;
    },
    ontext(data) {
      if (dropped === 0) text.push(data);
    },
    onclosetag(name) {
      if (DROPPED_ELEMENTS.has(name)) dropped--;
      else if (dropped === 0 && BLOCK_ELEMENTS.has(name)) text.push(' ');
    },
  }).end(html);
  return clean(text.join(''));
}

/** The summary an item without one gets: the start of its content, cut at a word. */
export function summaryFromContent(contentHtml: string): string {
  const text = htmlToText(contentHtml);
  if (text.length <= SUMMARY_FROM_CONTENT_LENGTH) return text;
  const cut = text.slice(0, SUMMARY_FROM_CONTENT_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > SUMMARY_FROM_CONTENT_LENGTH / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** The first `<img>` with a usable source (`src`, then the lazy-loading attributes), absolute. */
export function firstImage(html: string, base: string): string | null {
  if (!/<img/i.test(html)) return null;
  const sources: string[] = [];
  new NestingSafeParser({
    onopentag(name, attributes) {
      if (sources.length > 0 || name !== 'img') return;
      for (const attribute of ['src', 'data-src', 'data-original', 'data-lazy-src']) {
        const url = absoluteUrl(attributes[attribute], base);
        if (url) return void sources.push(url);
      }
    },
  }).end(html);
  return sources[0] ?? null;
}

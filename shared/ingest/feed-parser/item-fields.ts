/** Field readers every format shares: text, URLs, images, summaries. */
import * as cheerio from 'cheerio/slim';
import { absoluteUrl } from '../../domain/web-url.js';

export { textToHtml } from './text-to-html.js';

const SUMMARY_FROM_CONTENT_LENGTH = 300;
export const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|bmp)(?:$|[?#])/i;

export function clean(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

export function uniqueStrings(values: string[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const cleaned = clean(value).normalize('NFC');
    if (cleaned) seen.add(cleaned);
  }
  return [...seen];
}

const BLOCK_ELEMENTS = 'p, div, br, li, tr, td, th, h1, h2, h3, h4, h5, h6, blockquote, figure, figcaption';

export function htmlToText(html: string): string {
  if (!html.trim()) return '';
  if (!/[<&]/.test(html)) return clean(html);
  const $ = cheerio.load(html, null, false);
  $('script, style, noscript, template').remove();
  $(BLOCK_ELEMENTS).after(' ');
  return clean($.root().text());
}

/** The summary an item without one gets: the start of its content, cut at a word. */
export function summaryFromContent(contentHtml: string): string {
  const text = htmlToText(contentHtml);
  if (text.length <= SUMMARY_FROM_CONTENT_LENGTH) return text;
  const cut = text.slice(0, SUMMARY_FROM_CONTENT_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > SUMMARY_FROM_CONTENT_LENGTH / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export function firstImage(html: string, base: string): string | null {
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

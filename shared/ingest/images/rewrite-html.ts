/**
 * Points the `<img>` of an article body at Bantin's copies: `src` the feed copy with its
 * `width` and `height` (the page keeps its layout while it loads), `srcset` every copy with its
 * width, so a reader on a small screen or in mail takes the narrow one.
 */
import { load } from 'cheerio/slim';
import type { HostedImage } from '../../domain/image.js';

/**
 * htmlparser2 (cheerio/slim, as the extractor), not parse5: the full cheerio brings 1 MB of
 * encoding tables into the function's cold start. UTF-8 out, as the extractor wrote the body.
 */
const PARSE = { xml: { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' } } as const;

/**
 * `hosted` by the paper's image URL (absolute, as the extractor wrote it). An image whose URL is
 * `refused` leaves the body, with its figure when it was the figure's only image.
 */
export function rewriteImages(
  html: string,
  baseUrl: string,
  hosted: ReadonlyMap<string, HostedImage>,
  refused: ReadonlySet<string> = new Set(),
): string {
  if ((hosted.size === 0 && refused.size === 0) || !/<img\b/i.test(html)) return html;
  const $ = load(html, PARSE, false);
  let changed = false;
  $('img').each((_, element) => {
    const img = $(element);
    const src = absolute(img.attr('src') ?? '', baseUrl);
    if (refused.has(src)) {
      const figure = img.closest('figure');
      if (figure.length > 0 && figure.find('img').length === 1) figure.remove();
      else img.remove();
      changed = true;
      return;
    }
    const copy = hosted.get(src);
    if (!copy) return;
    img.attr('src', copy.feed.url);
    img.attr('width', String(copy.feed.width));
    img.attr('height', String(copy.feed.height));
    const set = srcset(copy);
    if (set) img.attr('srcset', set);
    else img.removeAttr('srcset');
    changed = true;
  });
  return changed ? $.html() : html;
}

/** The `<img>` sources of a body, absolute. */
export function imageSources(html: string, baseUrl: string): string[] {
  if (!/<img\b/i.test(html)) return [];
  const $ = load(html, PARSE, false);
  return $('img')
    .toArray()
    .map((element) => absolute($(element).attr('src') ?? '', baseUrl))
    .filter((url) => /^https?:/.test(url));
}

/**
 * `mail.jpg 552w, feed.webp 800w`; empty when there is one copy only, or two of one width (a
 * small original's JPEG and WebP): a srcset may not name a width twice, and the `src` serves.
 */
export function srcset(copy: HostedImage): string {
  if (copy.mail.url === copy.feed.url || copy.mail.width === copy.feed.width) return '';
  return [copy.mail, copy.feed].map((rendition) => `${rendition.url} ${rendition.width}w`).join(', ');
}

function absolute(url: string, baseUrl: string): string {
  try {
    return new URL(url.trim(), baseUrl).href;
  } catch {
    return '';
  }
}

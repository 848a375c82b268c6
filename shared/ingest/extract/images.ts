/** The real address of an `<img>`, including lazy-loaded ones, and whether it is worth keeping. */
import { absoluteUrl, MAX_URL_LENGTH } from '../../domain/web-url.js';
import { attr, classAndId, type Element, isElement, parentElement } from './dom.js';
import { cleanText } from './text.js';

const LAZY_ATTRIBUTES = [
  'data-src',
  'data-original',
  'data-lazy-src',
  'data-lazy',
  'data-original-src',
  'data-url',
  'data-echo',
  'data-hi-res-src',
  'data-full-src',
  'data-actualsrc',
  'data-img-src',
  'data-image',
  'data-thumb',
];
const LAZY_SRCSETS = ['data-srcset', 'data-lazy-srcset', 'srcset'];
const PLACEHOLDER =
  /^data:|(?:^|[/_.-])(?:blank|spacer|placeholder|pixel|transparent|loading|lazy|grey|gray|empty|1x1)[/_.-]/i;

/** The largest candidate of a srcset ("a.jpg 300w, b.jpg 800w" → b.jpg). */
export function largestFromSrcset(srcset: string): string | undefined {
  let best: { url: string; size: number } | undefined;
  for (const part of srcset.split(/,\s+/)) {
    const [url, descriptor = '1x'] = part.trim().split(/\s+/);
    if (!url) continue;
    const size = Number.parseFloat(descriptor) * (descriptor.endsWith('w') ? 1 : 1000);
    if (!best || size > best.size) best = { url, size: Number.isFinite(size) ? size : 0 };
  }
  return best?.url;
}

function isPlaceholder(src: string): boolean {
  return !src.trim() || PLACEHOLDER.test(src.trim());
}

/** Absolute http(s) URL of the picture an `<img>` shows once loaded, or undefined. */
export function imageUrl(img: Element, baseUrl: string): string | undefined {
  const candidates: string[] = [];
  for (const name of LAZY_ATTRIBUTES) {
    const value = attr(img, name);
    if (value && !isPlaceholder(value)) candidates.push(value);
  }
  const src = attr(img, 'src');
  if (src && !isPlaceholder(src)) candidates.push(src);
  for (const name of LAZY_SRCSETS) {
    const largest = largestFromSrcset(attr(img, name));
    if (largest && !isPlaceholder(largest)) candidates.push(largest);
  }
  // <picture><source srcset> when the <img> itself is a placeholder.
  const picture = isElement(img.parent) && img.parent.name === 'picture' ? img.parent : undefined;
  if (picture) {
    for (const source of picture.children) {
      if (isElement(source) && source.name === 'source') {
        const largest = largestFromSrcset(attr(source, 'srcset') || attr(source, 'data-srcset'));
        if (largest) candidates.push(largest);
      }
    }
  }
  // A file that merely looks like a placeholder is still better than nothing.
  if (src && !src.trim().startsWith('data:')) candidates.push(src);
  for (const candidate of candidates) {
    const url = absoluteUrl(candidate, baseUrl, { allowFile: true });
    // An address longer than a link may be is no picture's (attack run 32: 3 MB of it failed the
    // poll's event and made every feed holding the article megabytes).
    if (url && /^https?:/.test(url) && url.length <= MAX_URL_LENGTH) return url;
  }
  return undefined;
}

/**
 * A picture an ad server sends ("…/adserver/www/delivery/avw.php?zoneid=908", DoubleClick's,
 * AdSense's): an ad slot's, no article's, whatever box it stands in.
 */
export function isAdImage(url: string): boolean {
  return AD_IMAGE.test(url);
}
const AD_IMAGE =
  /^https?:\/\/(?:[^/?#]*\.)?(?:doubleclick\.net|googlesyndication\.com|adservice\.google\.[a-z.]+|adnxs\.com|criteo\.(?:com|net))[/:?#]|\/adserver\/|\/(?:www\/)?delivery\/(?:avw|ck|lg)\.php|[?&](?:zoneid|bannerid)=/i;

/**
 * A picture that is an advertisement by what it says or how it is set, whatever box holds it:
 * - its alt text is the word "ad" alone ("ads", "Quảng cáo", "Reklama", "إعلان");
 * - it is banner-shaped (a leaderboard: 728×90, 600×90, 468×60; at most 120px high and four
 *   times as wide), by its declared size or the size in its file's name ("banner-600x90.jpg",
 *   WordPress's), and links to another site or sits in a box named as an ad's.
 * A photo of the article is neither (probe 48: a bank's banner in a tagDiv "td-a-rec" box, a
 * telecom's in a table cell marked alt="ads").
 */
export function isAdPicture(img: Element, baseUrl: string): boolean {
  if (AD_WORD.test(attr(img, 'alt'))) return true;
  if (!isBannerShaped(img)) return false;
  let box = parentElement(img);
  for (let depth = 0; box && depth < 3; depth++, box = parentElement(box)) {
    if (AD_BOX.test(classAndId(box))) return true;
    if (box.name === 'a' && linksElsewhere(attr(box, 'href'), baseUrl)) return true;
  }
  return false;
}
const AD_WORDS =
  'ads?|adv|adverts?|advertisements?|advertising|banners?|sponsored|quảng cáo|quang cao|reklam[a-zë]*|реклама|publicidad|publicité|pubblicità|werbung|anzeige|iklan|โฆษณา|إعلان|اعلان|تبلیغات|广告|廣告|広告|광고|विज्ञापन';
const AD_WORD = new RegExp(`^[\\s\\-–—|:.()[\\]]*(?:${AD_WORDS})[\\s\\-–—|:.()[\\]]*$`, 'iu');
/** A box named as an ad's ("ad-inline", "ads", "advert", "quang-cao", "banner-top"). */
const AD_BOX =
  /(?<![a-z0-9])(?:ads?|adv|advert\w*|banners?|quang-?cao|reklam\w*|sponsor\w*)(?![a-z0-9])|-ad-/;

function isBannerShaped(img: Element): boolean {
  let width = Number.parseInt(attr(img, 'width'), 10);
  let height = Number.parseInt(attr(img, 'height'), 10);
  if (!(width > 0 && height > 0)) {
    const named = /[-_](\d{2,4})x(\d{2,4})(?=[._-])/.exec(attr(img, 'src'));
    if (!named) return false;
    width = Number(named[1]);
    height = Number(named[2]);
  }
  return height <= 120 && width >= 4 * height;
}

/** Whether a link leads to another site than the page's (an advertiser's, an ad server's click). */
function linksElsewhere(href: string, baseUrl: string): boolean {
  const host = (url: string) => {
    try {
      return new URL(url, baseUrl).hostname.replace(/^www\./, '');
    } catch {
      return '';
    }
  };
  const target = host(href);
  return target !== '' && target !== host(baseUrl);
}

/** Tracking pixels and icons: declared at 40px or less. */
export function isTinyImage(img: Element): boolean {
  const width = Number.parseInt(attr(img, 'width'), 10);
  const height = Number.parseInt(attr(img, 'height'), 10);
  return (Number.isFinite(width) && width <= 40) || (Number.isFinite(height) && height <= 40);
}

/**
 * The caption Joomla's JCaption script writes under a picture from its title when the page loads
 * (`new JCaption('img.caption')`, the default of Joomla 1.5 to 3): an `<img class="caption"
 * title="…">`'s title, when it says something (not a file name).
 */
export function titleCaption(img: Element): string {
  if (!/(?:^|\s)caption(?:\s|$)/i.test(attr(img, 'class'))) return '';
  const title = cleanText(attr(img, 'title'));
  if (title.length < 4 || /\.(?:jpe?g|png|gif|webp|avif|bmp)$/i.test(title)) return '';
  return title;
}

/** An alt text that describes the picture (not a file name or a placeholder word). */
export function usefulAlt(img: Element): string {
  const alt = cleanText(attr(img, 'alt') || attr(img, 'title'));
  if (alt.length < 4) return '';
  if (/\.(?:jpe?g|png|gif|webp|avif|bmp)$/i.test(alt) || /^(?:image|photo|img|ảnh|hình)\s*\d*$/i.test(alt))
    return '';
  return alt;
}

/**
 * The headline: the page's `<h1>` when it agrees with what the metadata says, else og:title /
 * JSON-LD headline, else `<title>` without its " - Site name" suffix.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { type Element, rawText } from './dom.js';
import { metaValue, type PageMetadata } from './metadata.js';
import { cleanText, textKey } from './text.js';

export interface TitleResult {
  title: string;
  /** The heading element that shows the title on the page, if one does. */
  element: Element | undefined;
}

const SEPARATORS = /\s+[-|–—:»·•/]\s+|\s+::\s+/;

/** "Headline - Báo Hà Nam điện tử" → "Headline" (the longest part when it has enough words). */
export function stripSiteSuffix(title: string, siteName = ''): string {
  const parts = title.split(SEPARATORS).map((p) => p.trim());
  if (parts.length < 2) return title;
  const site = textKey(siteName);
  const kept = site ? parts.filter((p) => textKey(p) !== site) : parts;
  if (kept.length === 1 && kept.length < parts.length) return kept[0]!;
  // Drop the last part (the site) and keep the rest when it still reads as a headline.
  const withoutLast = title
    .slice(0, title.lastIndexOf(parts[parts.length - 1]!))
    .replace(/[\s\-|–—:»·•/]+$/, '');
  if (withoutLast.split(/\s+/).length >= 3) return withoutLast;
  const longest = parts.reduce((a, b) => (b.length > a.length ? b : a));
  return longest.split(/\s+/).length >= 3 ? longest : title;
}

function similar(a: string, b: string): boolean {
  const ka = textKey(a);
  const kb = textKey(b);
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  const [short, long] = ka.length < kb.length ? [ka, kb] : [kb, ka];
  return short.length >= 10 && long.includes(short) && short.length / long.length > 0.5;
}

export function findTitle($: CheerioAPI, metadata: PageMetadata): TitleResult {
  const docTitle = cleanText($('title').first().text());
  const metaTitle =
    metaValue(metadata, 'og:title', 'twitter:title', 'title', 'dc.title', 'headline') ||
    metadata.linkedData.headline;
  const siteName = metaValue(metadata, 'og:site_name', 'application-name');
  const headings = $('h1, h2').toArray();
  const references = [
    metaTitle,
    docTitle,
    stripSiteSuffix(metaTitle, siteName),
    stripSiteSuffix(docTitle, siteName),
  ].filter(Boolean);

  // A heading on the page that matches the metadata: its text has no site suffix.
  for (const el of headings) {
    const text = cleanText(rawText(el));
    if (text.length < 3) continue;
    if (references.some((ref) => similar(text, ref))) return { title: text, element: el };
  }
  if (metaTitle) return { title: stripSiteSuffix(metaTitle, siteName), element: undefined };
  const h1s = headings.filter((el) => el.name === 'h1');
  if (h1s.length === 1) {
    const text = cleanText(rawText(h1s[0]!));
    if (text.length >= 3) return { title: text, element: h1s[0] };
  }
  return { title: stripSiteSuffix(docTitle, siteName), element: undefined };
}

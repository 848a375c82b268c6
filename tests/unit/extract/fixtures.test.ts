/**
 * Every page with ground truth: the two newspaper templates in tests/fixtures/pages and the
 * other layouts in tests/fixtures/extract/pages (JSON-LD-only dates, lazy images, table
 * layouts, windows-1258 bytes, NFD text, an English blog, headlines outside h1 and og:title,
 * leads in summary boxes, date lines without a time, in-body prompts in five languages,
 * bodies split by advertisements and pictures, provincial portals whose `<title>` names only
 * the site and a section, and papers of other CMSs and languages: a Drupal signature with its
 * agency, a WordPress login in JSON-LD, a theme's lone "By", counters and comment boxes under
 * the text, a Korean signed address, a Gulf byline, a lead label, a middle-dotted date, a lead
 * set between the headline and the picture, a description that is only an excerpt of the text,
 * a signature "(avec AFP)", a single-page app's hashed class names with its lead in the
 * headline's box and captions that repeat the pictures' alt text; galleries: a slider and a
 * lazy-loaded gallery above the text, WordPress's dl/dd gallery in it; a byline in a page whose
 * `<body>` class names its sidebar; a bold lead in a box of any name, a labelled lead box of bullets, a
 * credit line followed by promotions, "Name / CITY" and "Label: Name | …" bylines, a meta list's counter
 * and a reporter's portrait).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ExpectedPage as Expected, sameLocalDay } from '../../../bench/extraction-metrics.js';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';
import { decodeBody, decodeBodyPieces } from '../../../shared/ingest/fetch/decode.js';

const CORPORA = [
  new URL('../../fixtures/pages/', import.meta.url),
  new URL('../../fixtures/extract/pages/', import.meta.url),
];

function pages(): { name: string; bytes: Buffer; html: string; expected: Expected }[] {
  const out: { name: string; bytes: Buffer; html: string; expected: Expected }[] = [];
  for (const corpus of CORPORA) {
    for (const template of readdirSync(corpus)) {
      const dir = new URL(`${template}/`, corpus);
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
        const base = file.slice(0, -'.html'.length);
        const bytes = readFileSync(new URL(file, dir));
        out.push({
          name: `${template}/${base}`,
          bytes,
          html: decodeBody(bytes),
          expected: JSON.parse(readFileSync(new URL(`${base}.expected.json`, dir), 'utf8')) as Expected,
        });
      }
    }
  }
  return out;
}

/** The feed's pubDate for each provincial article (the page itself prints only the day). */
function feedDates(): Map<string, string> {
  const rss = readFileSync(new URL('../../fixtures/feeds/provincial.rss', import.meta.url), 'utf8');
  const dates = new Map<string, string>();
  for (const item of rss.split('<item>').slice(1)) {
    const link = /<link>([^<]+)<\/link>/.exec(item)?.[1];
    const date = /<pubDate>([^<]+)<\/pubDate>/.exec(item)?.[1];
    if (link && date) dates.set(link, date);
  }
  return dates;
}

const instant = (iso: string | null) => (iso ? new Date(iso).getTime() : Number.NaN);
const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

describe.each(pages())('extractArticle on $name', ({ name, bytes, html, expected }) => {
  const { article, warnings } = extractArticle(html, { url: expected.url });

  it('reads the same article from the page decoded in pieces', () => {
    // Pieces of about 64 bytes: cuts inside tags, attributes, entities and text runs.
    const pieces = decodeBodyPieces(bytes, undefined, undefined, 64);
    expect(extractArticle(pieces, { url: expected.url })).toEqual({ article, warnings });
  });

  it('finds title, author, summary and attribution', () => {
    expect(article.title).toBe(expected.title);
    expect(article.author).toBe(expected.author);
    expect(article.summary).toBe(expected.summary);
    expect(article.attribution).toBe(expected.attribution);
  });

  it('returns exactly the body paragraphs, blank-line separated', () => {
    expect(article.contentText).toBe(expected.paragraphs.join('\n\n'));
  });

  it('leaves out related lists, share bars and comment boxes', () => {
    for (const junk of expected.boilerplate) {
      expect(squash(article.contentText)).not.toContain(squash(junk));
      expect(squash(article.contentHtml)).not.toContain(squash(junk));
    }
    expect(article.contentText.startsWith(expected.summary || '\u0000')).toBe(false);
  });

  it('finds the pictures with absolute URLs and their captions', () => {
    expect(article.images.map((i) => i.url)).toEqual(expected.images);
    expect(article.images.map((i) => i.caption)).toEqual(expected.captions);
    // In HTML an '&' of a query is written '&amp;'.
    for (const url of expected.images)
      expect(article.contentHtml).toContain(`src="${url.replaceAll('&', '&amp;')}"`);
  });

  it('returns NFC strings', () => {
    for (const value of [
      article.title,
      article.summary,
      article.contentText,
      article.contentHtml,
      article.author,
    ]) {
      expect(value.normalize('NFC')).toBe(value);
    }
  });

  if (expected.datePrecision === 'day') {
    it('reads the day the page prints, and takes the time of day from the feed', () => {
      expect(article.publishedAt).not.toBeNull();
      expect(sameLocalDay(article.publishedAt!, expected.publishedAt)).toBe(true);
      const day = expected.publishedAt.slice(0, 10);
      const zone = expected.publishedAt.slice(19);
      const feedTime = `${day}T16:20:00${zone}`;
      const withFeed = extractArticle(html, { url: expected.url, fallbackPublishedAt: feedTime });
      expect(instant(withFeed.article.publishedAt)).toBe(instant(feedTime));
      // A feed date on another day does not replace what the page says.
      const otherDay = extractArticle(html, {
        url: expected.url,
        fallbackPublishedAt: '2001-01-01T10:00:00Z',
      });
      expect(otherDay.article.publishedAt).toBe(article.publishedAt);
    });
  }
  if (name.startsWith('provincial/')) {
    it('reads the day from the page and takes the time from the feed', () => {
      expect(article.publishedAt).toBe(`${expected.publishedAt.slice(0, 10)}T00:00:00+07:00`);
      const fallback = feedDates().get(expected.url);
      const withFeed = extractArticle(html, { url: expected.url, fallbackPublishedAt: fallback });
      expect(instant(withFeed.article.publishedAt)).toBe(instant(expected.publishedAt));
    });
  } else if (expected.datePrecision !== 'day') {
    it('finds the publication instant', () => {
      expect(instant(article.publishedAt)).toBe(instant(expected.publishedAt));
      expect(warnings).not.toContain('no publication date found');
    });
  }
});

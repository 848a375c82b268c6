/**
 * Makes one stored article safe to syndicate, or says why it cannot be: what a feed carries is
 * sanitized again here (an article may come from an older extractor or a hand-edited store),
 * stripped of control characters, capped in size with a link to the full article, and given
 * dates every format can write. A bad article is skipped with a reason; it never breaks a feed.
 */
import { excerptOf, withoutDateline } from '../../domain/excerpt.js';
import { shownImages } from '../../domain/image.js';
import { withoutUnsafeCharacters } from '../../domain/plain-text.js';
import { absoluteUrl, MAX_URL_LENGTH, strictUrl } from '../../domain/web-url.js';
import { sanitizeContentHtml } from '../../ingest/extract/sanitize.js';
import { textToHtml } from '../../ingest/feed-parser/text-to-html.js';

/** Largest HTML body carried in a feed item (UTF-8 bytes); longer ones end with a link to the article. */
export const MAX_CONTENT_BYTES = 100 * 1024;
const MAX_TITLE = 1_000;
const MAX_SUMMARY = 4_000;
const MAX_AUTHOR = 200;
const MAX_CATEGORIES = 20;

/** The paper an article comes from, credited in every item. */
export interface FeedSource {
  name: string;
  homepage: string;
  /** The paper's own feed, for RSS <source url>; its homepage when it has none. */
  feedUrl?: string;
}

/** An article as the renderers need it: every field safe to write as is. */
export interface FeedArticle {
  id: string;
  title: string;
  /** Plain text. */
  summary: string;
  /** Sanitized HTML, capped, ending with the credit line. */
  contentHtml: string;
  url: string;
  /** RFC 3339 with the article's own offset. */
  publishedAt: string;
  updatedAt: string;
  author: string;
  categories: string[];
  image?: FeedImage;
  language: string;
  source: FeedSource;
}

/** The item's image; its bytes when Bantin serves its own copy (shared/ingest/images/). */
export interface FeedImage {
  url: string;
  type: string;
  bytes?: number;
}

/** What renderFeeds accepts: a stored Article, or anything that claims to be one. */
export interface ArticleLike {
  id: string;
  sourceId: string;
  canonicalUrl: string;
  title: string;
  summary?: string;
  contentHtml?: string;
  contentText?: string;
  publishedAt: string;
  updatedAt?: string;
  ingestedAt?: string;
  author?: string;
  images?: {
    url: string;
    /** Bantin's copies of a re-hosted image; feeds carry the `feed` one. */
    hosted?: { feed: { url: string; type: string; bytes: number } };
    /** `refused`: an image readers are not sent to (shared/domain/image.ts). */
    rehost?: { status: string };
  }[];
  categories?: string[];
  attribution?: string;
  language?: string;
  /** The same story as other papers published it (cross-source dedupe). */
  alsoPublishedBy?: { sourceId: string; url: string }[];
  /** The paper that published the story first, when not this article's own. */
  originalSourceId?: string;
}

export type Prepared = { ok: true; article: FeedArticle } | { ok: false; id: string; reason: string };

/**
 * The version of prepareFeedArticle's output. Feed states keep prepared items: change this when
 * the same article would come out otherwise, so stored items are prepared again.
 */
export const PREPARATION = 5;

/**
 * What every text of a feed loses: the characters no stored text may hold (domain/plain-text.ts),
 * vertical tab and form feed (not allowed in XML 1.0), and U+FFFD, which stands where a page's bytes or a `&#0;` could not be read (W3C's validator
 * reports it as a bad character).
 */
export function stripControls(value: string): string {
  const safe = withoutUnsafeCharacters(value);
  return /[\u000B\u000C\uFFFD]/.test(safe) ? safe.replace(/[\u000B\u000C\uFFFD]/g, '') : safe;
}

export function prepareFeedArticle(
  article: ArticleLike,
  source?: FeedSource,
  papers: Record<string, FeedSource> = {},
): Prepared {
  const id = String(article?.id ?? '');
  const skip = (reason: string): Prepared => ({ ok: false, id, reason });
  if (!/^[a-f0-9]{24}$/.test(id)) return skip('its id is not an article id');
  // As feeds may carry it: RFC 3986's characters only (a paper's `|` or `[` in a path is escaped).
  const url = strictUrl(article.canonicalUrl);
  if (!url) return skip(`its URL is not http(s): ${String(article.canonicalUrl).slice(0, 80)}`);
  const title = oneLine(article.title, MAX_TITLE);
  if (!title) return skip('it has no title');
  const published =
    validInstant(article.publishedAt) ?? validInstant(article.updatedAt) ?? validInstant(article.ingestedAt);
  if (!published)
    return skip(`it has no valid date (publishedAt ${String(article.publishedAt).slice(0, 40)})`);
  const updated = validInstant(article.updatedAt) ?? published;
  const paper = cleanPaper(source ?? { name: new URL(url).hostname, homepage: new URL(url).origin });
  // A paper without a lead still gets a summary: readers that show only RSS <description>, Atom
  // <summary> or JSON `summary` would show nothing of the article.
  const summary = oneLine(
    article.summary
      ? withoutDateline(article.summary)
      : excerptOf({ summary: '', contentText: stripControls(article.contentText ?? '') }),
    MAX_SUMMARY,
  );
  const image = feedImage(shownImages(article.images ?? []));
  return {
    ok: true,
    article: {
      id,
      title,
      summary,
      contentHtml: contentHtml(article, title, summary, url, paper, papers),
      url,
      publishedAt: published,
      updatedAt: updated,
      author: authorName(article.author ?? ''),
      categories: [
        ...new Set((article.categories ?? []).map((c) => oneLine(String(c), 100)).filter(Boolean)),
      ].slice(0, MAX_CATEGORIES),
      ...(image ? { image } : {}),
      language: /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(article.language ?? '') ? article.language! : 'vi',
      source: paper,
    },
  };
}

/** An email address, with the brackets or parentheses around it: "<a@b.vn>", "(a@b.vn)". */
const ADDRESS = /\s*[<(]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[>)]?/gu;

/**
 * The author's name as feeds carry it: a name without the addresses a paper's byline may hold
 * ("Nguyễn A <a@b.vn>"). Atom's <name> must hold none (the W3C validator fails the whole feed),
 * and JSON Feed's and dc:creator's are names too.
 */
export function authorName(author: string): string {
  const name = oneLine(author, MAX_AUTHOR * 2);
  const without = name.includes('@') ? name.replace(ADDRESS, '').replace(/\s*,(?:\s*,)+/g, ',') : name;
  return oneLine(without.replace(/^[\s,;]+|[\s,;]+$/g, ''), MAX_AUTHOR);
}

function contentHtml(
  article: ArticleLike,
  title: string,
  summary: string,
  url: string,
  paper: FeedSource,
  papers: Record<string, FeedSource>,
) {
  let body = sanitizeContentHtml(stripControls(article.contentHtml ?? '')).trim();
  if (!body) body = textToHtml(stripControls(article.contentText ?? ''));
  if (!body) body = `<p>${escapeHtml(summary || title)}</p>`;
  const readMore = `<p><a href="${escapeHtml(url)}">Đọc toàn bài trên ${escapeHtml(paper.name)}</a></p>`;
  if (Buffer.byteLength(body, 'utf-8') > MAX_CONTENT_BYTES) {
    body = `${truncateHtml(body, MAX_CONTENT_BYTES - Buffer.byteLength(readMore) - 1024)}\n${readMore}`;
  }
  const attribution = oneLine(article.attribution ?? '', 300);
  const credit =
    attribution && attribution !== paper.name
      ? `${escapeHtml(paper.name)} (${escapeHtml(attribution)})`
      : escapeHtml(paper.name);
  // The sanitizer decodes character references, so controls can come back: strip them last.
  return stripControls(
    `${body}\n<p>Nguồn: <a href="${escapeHtml(url)}">${credit}</a></p>${storyCredits(article, papers)}`,
  );
}

/** The first image with an http(s) URL: Bantin's feed copy, with its bytes, when it has one. */
function feedImage(images: NonNullable<ArticleLike['images']>): FeedImage | undefined {
  for (const image of images) {
    const copy = image?.hosted?.feed;
    const hosted = copy && strictUrl(copy.url);
    if (hosted && Number.isInteger(copy.bytes) && copy.bytes > 0) {
      return { url: hosted, type: copy.type, bytes: copy.bytes };
    }
    // (An address past a link's length, stored before pictures were capped, is none: attack run
    // 32's 3 MB one made every feed holding the article megabytes.)
    const url = strictUrl(image?.url);
    if (url && url.length <= MAX_URL_LENGTH) return { url, type: imageType(url) };
  }
  return undefined;
}

/** A paper's name on one line; its links as configured (they are validated with the source). */
/**
 * The paper as feeds credit it: its name on one line, its homepage in canonical form (an Atom
 * id of `http://host:port` without its path is "not in canonical form" to the W3C validator).
 */
function cleanPaper(paper: FeedSource): FeedSource {
  const homepage = URL.parse(paper.homepage)?.href ?? paper.homepage;
  return { ...paper, homepage, name: oneLine(paper.name, MAX_TITLE) || homepage };
}

/**
 * The paper of a source id, from the papers by id: their own entries only (a source may be called
 * "constructor", which every object answers with a function of its own).
 */
export function paperById(papers: Record<string, FeedSource>, sourceId: string): FeedSource | undefined {
  return Object.hasOwn(papers, sourceId) ? papers[sourceId] : undefined;
}

/** Credits the paper that ran the story first and links the other papers that ran it too. */
function storyCredits(article: ArticleLike, papers: Record<string, FeedSource>): string {
  const name = (sourceId: string, fallbackUrl?: string) =>
    paperById(papers, sourceId)?.name ??
    (fallbackUrl ? (absoluteUrl(fallbackUrl) ? new URL(fallbackUrl).hostname : sourceId) : sourceId);
  let html = '';
  const original = article.originalSourceId;
  if (original && original !== article.sourceId) {
    html += `\n<p>Đăng đầu tiên trên ${escapeHtml(name(original))}</p>`;
  }
  const copies = (article.alsoPublishedBy ?? [])
    .map((copy) => ({ url: strictUrl(copy?.url), name: name(String(copy?.sourceId ?? ''), copy?.url) }))
    .filter((copy): copy is { url: string; name: string } => copy.url !== undefined)
    .slice(0, 20);
  if (copies.length > 0) {
    const links = copies.map((c) => `<a href="${escapeHtml(c.url)}">${escapeHtml(c.name)}</a>`).join(', ');
    html += `\n<p>Cũng đăng trên: ${links}</p>`;
  }
  return html;
}

/** Cuts HTML to at most `maxBytes` UTF-8 bytes outside a tag or entity, then lets the sanitizer close what was open. */
function truncateHtml(html: string, maxBytes: number): string {
  const bytes = Buffer.from(html, 'utf-8');
  let cut = bytes.subarray(0, maxBytes).toString('utf-8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1); // a code point cut in half
  const lastOpen = cut.lastIndexOf('<');
  if (lastOpen > cut.lastIndexOf('>')) cut = cut.slice(0, lastOpen);
  const lastAmp = cut.lastIndexOf('&');
  if (lastAmp > cut.lastIndexOf(';')) cut = cut.slice(0, lastAmp);
  const space = cut.search(/\s\S*$/);
  if (space > cut.length - 200 && space > 0) cut = cut.slice(0, space);
  return `${sanitizeContentHtml(`${cut} …`)}`;
}

/** Plain text on one line: no controls, whitespace collapsed, NFC, at most `max` code points. */
export function oneLine(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  const text = stripControls(value).replace(/\s+/g, ' ').trim().normalize('NFC');
  return [...text].slice(0, max).join('');
}

const EARLIEST = Date.parse('1900-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59Z');

/** The value itself when it is an RFC 3339 instant every format can write (4-digit year), else undefined. */
function validInstant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const time = Date.parse(value);
  if (!Number.isFinite(time) || time < EARLIEST || time > LATEST) return undefined;
  // Date.parse rolls 2019-02-30 over to March: refuse dates that do not exist.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  return value;
}

export function imageType(url: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  switch (extension) {
    case 'png':
      return 'image/png';
    case 'gif':
      return 'image/gif';
    case 'webp':
      return 'image/webp';
    case 'avif':
      return 'image/avif';
    case 'svg':
      return 'image/svg+xml';
    default:
      return 'image/jpeg';
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

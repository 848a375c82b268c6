/**
 * One article page read: fetched, decoded and extracted with its source's settings, and the
 * article it makes (ingest, the admin preview and re-extraction all read pages this way).
 */
import {
  ARTICLE_LIMITS,
  type Article,
  ArticleSchema,
  limitCategories,
  limitTitle,
} from '../domain/article.js';
import type { Source } from '../domain/source.js';
import { toZonedIso } from '../domain/time.js';
import { parseOrThrow } from '../domain/validation.js';
import { siteOf } from '../domain/web-url.js';
import { headlinesRelated } from './dedupe/same-story.js';
import type { DiscoveredLink } from './discover/discover-links.js';
import type { ExtractedArticle } from './extract/extract-article.js';
import { decodeBody } from './fetch/decode.js';
import type { FetchedResource, FetchOptions } from './fetch/fetcher.js';
import { notAPage } from './fetch/page-kind.js';
import { canonicalizeUrl, namesArticle, numbersArticle } from './normalize/canonical-url.js';
import { articleIdFor, contentFingerprint } from './normalize/identity.js';

// Loaded by the first page read, not at a cold start: a poll that finds nothing new never reads
// an article page (the extractor, the sanitizer and their entity tables).
const extractor = () => import('./extract/extract-article.js');

/** One article page as fetched and decoded, and what the extractor read from it. */
export interface ReadPage {
  /** The page's URL after redirects. */
  url: string;
  html: string;
  extracted: ExtractedArticle;
  warnings: string[];
  canonicalUrl: string;
  id: string;
}

/** Fetches one article page and extracts it with the source's settings. */
export async function readArticlePage(
  source: Source,
  link: Pick<DiscoveredLink, 'url' | 'publishedAt'> & { title?: string },
  deps: {
    fetch: (url: string, options?: FetchOptions) => Promise<FetchedResource>;
    allowLoopback: boolean;
  },
): Promise<ReadPage> {
  const page = await deps.fetch(link.url, { allowLoopback: deps.allowLoopback });
  const problem = notAPage(page.body, page.contentType);
  // The poll's warning names the link already; the page only when a redirect led elsewhere.
  if (problem) throw new Error(page.url === link.url ? problem : `${page.url}: ${problem}`);
  // A link that leads to the paper's home page (an article not out yet, or taken down) is no
  // article: it is read again at the next poll (attack run 33: the home page was published).
  if (isHomePage(page.url, source.homepage)) {
    throw new Error(
      page.url === link.url
        ? "it is the paper's home page, not an article"
        : `it leads to the paper's home page (${page.url}), not to an article: read again at the next poll`,
    );
  }
  const read = await extractPage(source, decodeBody(page.body, page.contentType), page.url, link);
  const missing = notFoundPage(read.extracted, link);
  if (missing) throw new Error(missing);
  // A link that redirected to another site (a tracker, an aggregator's link to the paper) is
  // that link's article, not the other site's: as a canonical link elsewhere could, a redirect
  // would let one source take another paper's article (its id, and so its place in the feeds).
  if (siteOf(page.url) === siteOf(link.url)) return read;
  const canonicalUrl = canonicalizeUrl(link.url) ?? read.canonicalUrl;
  return { ...read, canonicalUrl, id: articleIdFor(canonicalUrl) };
}

/** The site's root, or the source's homepage (without a query either way). */
function isHomePage(url: string, homepage: string): boolean {
  const page = URL.parse(url);
  if (!page) return false;
  if (page.pathname === '/' && page.search === '') return true;
  return (canonicalizeUrl(url) ?? url) === (canonicalizeUrl(homepage) ?? homepage);
}

/**
 * What a "page not found" says in its headline, answered with status 200 (a soft 404: many CMSs
 * do, with a list of their newest teasers under it).
 */
const NOT_FOUND =
  /không (?:tồn tại|tìm thấy)|đã bị (?:xóa|xoá|gỡ)|\b404\b|page not found|not be found|doesn[’']t exist|does not exist|nicht gefunden|no (?:encontrad[ao]|existe)|introuvable|n[’']existe (?:pas|plus)|non (?:trovat[ao]|esiste)|não (?:encontrad[ao]|existe)|не найден|bulunamadı|tidak ditemukan|nie znaleziono|nem található|niet gevonden|找不到|不存在|見つかりません|찾을 수 없|ไม่พบ/iu;

/**
 * Why a page read is a "not found" page, not the article its link names: a headline saying so,
 * unlike the listing's title for the link, or with no date on the page where the listing gives
 * none (an article about "một công ty không tồn tại" has its listing's headline, or its date).
 */
function notFoundPage(
  extracted: ReadPage['extracted'],
  link: Pick<DiscoveredLink, 'url'> & { title?: string },
): string | undefined {
  const title = extracted.title;
  if (!title || title.length > 120 || !NOT_FOUND.test(title)) return undefined;
  const listed = link.title?.trim();
  if (listed ? headlinesRelated(listed, title) : extracted.publishedAt) return undefined;
  return `the page says it is not found ("${title}"): read again at the next poll`;
}

/** Extracts a page already in hand (re-extraction reads it back from the content store). */
export async function extractPage(
  source: Source,
  html: string,
  pageUrl: string,
  link: Pick<DiscoveredLink, 'publishedAt'>,
): Promise<ReadPage> {
  const { extractArticle } = await extractor();
  const { article: extracted, warnings } = extractArticle(html, {
    url: pageUrl,
    timeZone: source.timeZone,
    selectors: source.selectors,
    fallbackPublishedAt: link.publishedAt ?? undefined,
  });
  const canonicalUrl = chooseCanonical(extracted.canonicalUrl, pageUrl, source.homepage);
  return { url: pageUrl, html, extracted, warnings, canonicalUrl, id: articleIdFor(canonicalUrl) };
}

/** How far ahead of Bantin's clock a page's date may be (zones, clocks a little fast). */
const FUTURE_SLACK_MS = 24 * 3600_000;
/**
 * No article Bantin finds was published before the web: an older date is a broken one (epoch
 * zero, `1970-01-01`, from an empty field), and aggregators' validators call it implausible.
 */
const EARLIEST_PUBLISHED = Date.parse('1990-01-01T00:00:00Z');

/**
 * The article to store from a read page and what the listing said of it; throws a
 * ValidationError naming each field that does not make a valid article.
 */
export function buildArticle(
  source: Source,
  link: DiscoveredLink,
  read: ReadPage,
  ingestedAt: string,
): Article {
  const { extracted, id, canonicalUrl } = read;
  // A date past tomorrow or before 1990 is no publication date (a page may say 9999-12-31, or
  // 1970-01-01): the feed's date is taken, else the article is dated when Bantin found it.
  // Told in the source's zone, whatever offset the page or the feed gave (a feed's GMT pubDate).
  const plausible = (date: string | null | undefined) =>
    date &&
    Date.parse(date) <= Date.parse(ingestedAt) + FUTURE_SLACK_MS &&
    Date.parse(date) >= EARLIEST_PUBLISHED
      ? toZonedIso(date, source.timeZone)
      : undefined;
  const publishedAt = plausible(extracted.publishedAt) ?? plausible(link.publishedAt) ?? ingestedAt;
  // The page's title, else the listing's: one of tags alone is none.
  const title = limitTitle(extracted.title) || limitTitle(link.title ?? '');
  return parseOrThrow(
    ArticleSchema,
    {
      id,
      sourceId: source.id,
      url: read.url,
      canonicalUrl,
      title,
      summary: extracted.summary || link.summary,
      contentHtml: extracted.contentHtml,
      contentText: extracted.contentText,
      publishedAt,
      updatedAt: plausible(extracted.updatedAt) ?? publishedAt,
      author: extracted.author,
      images: extracted.images.slice(0, ARTICLE_LIMITS.images),
      categories: limitCategories([...link.categories, ...extracted.categories]),
      attribution: extracted.attribution,
      language: extracted.language || source.language,
      fingerprint: contentFingerprint(title, extracted.contentText),
      ingestedAt,
    },
    `article at ${link.url}`,
  );
}

/**
 * A page's rel=canonical is trusted only on its own site (elsewhere it could hijack another
 * article), and only when it can be this article's address: not the site's home or a section
 * above the page, nor the page's address without the parameter that numbers it (CMSs print both
 * on every article: attack run 32, where three articles became one and every later link of the
 * paper was taken for it).
 */
function chooseCanonical(declared: string, pageUrl: string, homepage?: string): string {
  // (A page address longer than a link may be, reached by a redirect or stored before links
  // were capped, stays the page's own.)
  const page = canonicalizeUrl(pageUrl) ?? pageUrl;
  const canonical = declared ? canonicalizeUrl(declared, pageUrl) : undefined;
  if (!canonical || siteOf(canonical) !== siteOf(page)) return page;
  // (The source's homepage, wherever it stands, is no article either.)
  const home = homepage ? canonicalizeUrl(homepage) : undefined;
  return canonical === home || above(canonical, page) || dropsNumbering(page, canonical) ? page : canonical;
}

/**
 * Whether `canonical` is the page's site or a section above it: `/`, `/tin/` or `/thoi-su` for
 * `/tin/a.html`. A section is named in a word or two; an article's address above its AMP copy
 * (`/khanh-thanh-cau-123` for `/khanh-thanh-cau-123/amp`) is no section.
 */
function above(canonical: string, page: string): boolean {
  const [c, p] = [new URL(canonical), new URL(page)];
  if (c.search !== '' || c.pathname === p.pathname) return false;
  if (c.pathname === '/') return true;
  const path = c.pathname.endsWith('/') ? c.pathname : `${c.pathname}/`;
  const last = path.slice(0, -1).split('/').pop() ?? '';
  return p.pathname.startsWith(path) && /^\p{L}+(?:[-_]\p{L}+)?$/u.test(last);
}

/**
 * Whether `canonical` is the page's address without the parameter that numbers its articles
 * (`news.php?id=12`, `?ArticleID=12`, `?p=12`), on a path that names no article itself (no digit
 * in its last segment): a cache-buster (`?t=…`) or a tracker is no article's number.
 */
function dropsNumbering(page: string, canonical: string): boolean {
  const [p, c] = [new URL(page), new URL(canonical)];
  if (p.pathname !== c.pathname || namesArticle(c.pathname)) return false;
  return [...p.searchParams].some(
    ([name, value]) => numbersArticle(name, value) && c.searchParams.get(name) !== value,
  );
}

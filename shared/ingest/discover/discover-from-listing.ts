/**
 * Discovery on a newspaper's listing pages (home, section pages) for sources without a feed.
 * With `selectors.links` the editor says where the article links are; without it, article links
 * are recognized as an editor would: a link on the same site, outside the menus, header and
 * footer, whose URL looks like an article's (a long slug, a page extension, a numeric id, a date
 * in the path) and whose text reads like a headline (several words).
 */

import { type Cheerio, type CheerioAPI, load } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { parseFeedDate } from '../date/parse-date.js';
import { parseHtml } from '../extract/parse-html.js';
import { SelectorCostError, selectorRefusal, selectWithin } from '../extract/selectors.js';
import { decodeBody } from '../fetch/decode.js';
import type { FetchedResource } from '../fetch/fetcher.js';
import { canonicalizeUrl } from '../normalize/canonical-url.js';
import type { DiscoveredLink } from './discover-links.js';

export interface ListingOptions {
  /** CSS selector for the article links, or for elements (teasers) that each hold one. */
  linksSelector?: string;
  timeZone: string;
}

/** The article links on a listing page, in page order (newest first on nearly every paper). */
export function discoverFromListing(resource: FetchedResource, options: ListingOptions): DiscoveredLink[] {
  const $ = load(parseHtml(decodeBody(resource.body, resource.contentType)));
  const base = canonicalizeUrl($('base[href]').first().attr('href') ?? '', resource.url) ?? resource.url;
  const self = canonicalizeUrl(resource.url);
  const candidates = options.linksSelector
    ? selectedLinks($, options.linksSelector, base)
    : detectedLinks($, base, resource.url);

  const byUrl = new Map<string, Candidate>();
  for (const candidate of candidates) {
    if (candidate.url === self) continue;
    const known = byUrl.get(candidate.url);
    // An image link and a text link often lead to the same article: keep the better title.
    if (!known) byUrl.set(candidate.url, candidate);
    else if (candidate.title.length > known.title.length)
      byUrl.set(candidate.url, { ...candidate, at: known.at });
  }
  const lists = new Map<Element, string[]>();
  return [...byUrl.values()]
    .sort((a, b) => a.at - b.at)
    .map(({ url, title, anchor }) => ({
      url,
      title,
      ...teaserDetails(anchor, { url, title, base, timeZone: options.timeZone, lists }),
      categories: [],
    }));
}

interface Candidate {
  url: string;
  title: string;
  anchor: Cheerio<Element>;
  at: number;
}

function selectedLinks($: CheerioAPI, selector: string, base: string): Candidate[] {
  const refusal = selectorRefusal(selector);
  if (refusal) throw new Error(`selectors.links "${selector}" is refused: ${refusal}`);
  let selected: Element[];
  try {
    selected = selectWithin($, selector);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof SelectorCostError) throw new Error(`selectors.links "${selector}" ${reason}`);
    throw new Error(`selectors.links "${selector}" is not a valid CSS selector: ${reason}`);
  }
  const candidates: Candidate[] = [];
  selected.forEach((element, index) => {
    const $element = $(element);
    const anchor = $element.is('a[href]') ? $element : $element.find('a[href]').first();
    const href = anchor.attr('href')?.trim();
    const url = href ? canonicalizeUrl(href, base) : undefined;
    if (!url) return;
    const heading = $element.is('a') ? '' : textOf($element.find('h1, h2, h3, h4, h5, h6').first());
    const title = textOf(anchor) || heading || clean(anchor.attr('title'));
    candidates.push({ url, title, anchor, at: index });
  });
  return candidates;
}

/** Class or id words of navigation: menus, breadcrumbs, paging, share bars, tag lists. */
const NAVIGATION_WORDS = new Set([
  'nav',
  'navbar',
  'navigation',
  'menu',
  'mainmenu',
  'submenu',
  'megamenu',
  'breadcrumb',
  'breadcrumbs',
  'pagination',
  'paging',
  'pager',
  'topbar',
  'toolbar',
  'social',
  'share',
  'sharing',
  'tags',
]);
/** Class or id words of an article teaser (`<article>` counts too). */
const TEASER_WORDS = new Set(['item', 'story', 'teaser', 'card', 'post', 'entry']);
/** A page header or footer: `header`, `footer`, `site-header`, `footer-links`… but not `item-header`. */
const PAGE_CHROME = /^(?:(?:site|page|main|top|global|bottom)[-_])?(?:header|footer)(?:$|[-_])/;
const CHROME_ROLES = /^(?:navigation|banner|contentinfo|menu|menubar)$/i;

/**
 * Whether a link is site chrome: inside navigation (menus, breadcrumbs, paging), or inside the
 * page header or footer (a teaser's own `<header>` or footer, below the teaser, does not count).
 */
function siteChrome(element: Element, memo: ChromeMemo): 'navigation' | 'page' | null {
  const above = chromeAbove(element.parent, memo);
  return above.navigation ? 'navigation' : above.outermost === 'page' ? 'page' : null;
}

/**
 * What the boxes from `node` up say of a link below them: whether one is navigation, and the
 * outermost that is a page header or footer ('page') or a teaser ('teaser'), which decides (a
 * header or footer below a teaser is the teaser's own; a teaser inside the page header is not
 * content). Known once per box: asked again for each link, a listing 250 boxes deep cost a
 * walk to the top for each of its links.
 */
type Chrome = { navigation: boolean; outermost: 'page' | 'teaser' | null };
type ChromeMemo = Map<AnyNode, Chrome>;

function chromeAbove(start: AnyNode | null, memo: ChromeMemo): Chrome {
  const path: Element[] = [];
  let known: Chrome = { navigation: false, outermost: null };
  for (let node = start; node && node.type === 'tag'; node = node.parent) {
    const hit = memo.get(node);
    if (hit) {
      known = hit;
      break;
    }
    path.push(node as Element);
  }
  // From the highest box not known yet down to `start`: a box's marker counts only when no box above has one.
  for (let i = path.length - 1; i >= 0; i--) {
    const box = chromeOf(path[i]!);
    known = {
      navigation: known.navigation || box.navigation,
      outermost: known.outermost ?? box.marker,
    };
    memo.set(path[i]!, known);
  }
  return known;
}

function chromeOf(tag: Element): { navigation: boolean; marker: 'page' | 'teaser' | null } {
  const tokens = `${tag.attribs.class ?? ''} ${tag.attribs.id ?? ''}`.toLowerCase().split(/\s+/);
  const words = tokens.flatMap((token) => token.split(/[-_]+/));
  const navigation =
    tag.name === 'nav' ||
    tag.name === 'menu' ||
    CHROME_ROLES.test(tag.attribs.role ?? '') ||
    words.some((word) => NAVIGATION_WORDS.has(word));
  const teaser = tag.name === 'article' || words.some((word) => TEASER_WORDS.has(word));
  const page =
    tag.name === 'header' || tag.name === 'footer' || tokens.some((token) => PAGE_CHROME.test(token));
  return { navigation, marker: teaser ? 'teaser' : page ? 'page' : null };
}

function detectedLinks($: CheerioAPI, base: string, pageUrl: string): Candidate[] {
  const site = siteOf(pageUrl);
  const memo: ChromeMemo = new Map();
  // Anywhere: a page may leave out <body> (HTML makes its tags optional), and the parser adds none.
  const anchors = $('a[href]')
    .toArray()
    .map((element, at) => {
      const href = element.attribs.href?.trim();
      return {
        element,
        at,
        url: href ? canonicalizeUrl(href, base) : undefined,
        chrome: siteChrome(element, memo),
      };
    });
  // What the menus link to are sections, wherever else the page links to them.
  const sections = new Set(anchors.filter((a) => a.chrome === 'navigation').map((a) => a.url));
  const candidates: Candidate[] = [];
  for (const { element, at, url, chrome } of anchors) {
    if (!url || chrome || sections.has(url) || siteOf(url) !== site || !looksLikeArticleUrl(new URL(url))) {
      continue;
    }
    const anchor = $(element);
    const title =
      textOf(anchor) || clean(anchor.attr('title')) || clean(anchor.find('img[alt]').first().attr('alt'));
    if (looksLikeHeadline(title)) candidates.push({ url, title, anchor, at });
  }
  return candidates;
}

/** The host without `www.` / `m.`: a paper's desktop and mobile sites are one site. */
function siteOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^(?:www|m|mobile)\./, '');
}

/** Path segments of pages that are never articles (sections, tags, authors, search, paging…). */
const NON_ARTICLE_SEGMENTS = new Set([
  'tag',
  'tags',
  'chu-de',
  'topic',
  'topics',
  'chuyen-muc',
  'danh-muc',
  'category',
  'categories',
  'author',
  'authors',
  'tac-gia',
  'search',
  'tim-kiem',
  'page',
  'trang',
  'login',
  'dang-nhap',
  'dang-ky',
  'register',
  'lien-he',
  'contact',
  'gioi-thieu',
  'about',
  'rss',
  'feed',
  'feeds',
  'sitemap',
]);
const FILE_EXTENSION = /\.(?:jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|zip|rar|mp3|mp4|rss|xml|json|css|js)$/i;
const PAGE_EXTENSION = /\.(?:s?html?|aspx?|php|jsp|cms)$/i;

/**
 * Whether a same-site URL looks like an article's: a numeric id (5+ digits) or a date in the
 * path, a long slug (5+ words), or a page extension on a slug of 3+ words.
 */
export function looksLikeArticleUrl(url: URL): boolean {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  const segments = path.split('/').filter(Boolean);
  const last = segments.at(-1);
  if (!last) return /[?&](?:id|newsid|news_id|articleid|article_id|p|nid|aid)=\d+/i.test(url.search);
  if (segments.some((segment) => NON_ARTICLE_SEGMENTS.has(segment.toLowerCase()))) return false;
  if (FILE_EXTENSION.test(last)) return false;
  const stem = last.replace(PAGE_EXTENSION, '');
  const words = stem.split(/[-_+.]+/).filter(Boolean);
  if (/\d{5,}/.test(stem)) return true;
  if (
    /\/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)/.test(path) ||
    /(?:^|\/)(?:19|20)\d{6}\//.test(path)
  ) {
    return words.length >= 2;
  }
  if (/[?&](?:id|newsid|news_id|articleid|article_id|p|nid|aid)=\d+/i.test(url.search)) return true;
  if (words.length >= 5) return true;
  return PAGE_EXTENSION.test(last) && words.length >= 3;
}

/** "Xem thêm tin Kinh tế", "Đọc tiếp", "Trang sau": link texts that are never headlines. */
const READ_MORE =
  /^(?:(?:xem|đọc)\s+(?:thêm|tiếp|tất\s+cả|toàn\s+bộ)|chi\s+tiết|trang\s+(?:sau|tiếp|trước)|read\s+more|more\b)/iu;

/** A headline has several words; "Thể thao" or "Trang 2" do not. */
export function looksLikeHeadline(text: string): boolean {
  if (READ_MORE.test(text)) return false;
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  return words.length >= 5 && text.length >= 15;
}

/** A summary and date from the teaser around the link, when the teaser is about that one link. */
function teaserDetails(
  anchor: Cheerio<Element>,
  link: {
    url: string;
    title: string;
    base: string;
    timeZone: string;
    /** Boxes already looked at: the articles each links (two at most). */
    lists: Map<Element, string[]>;
  },
): { summary: string; publishedAt: string | null } {
  const { url, title, base, timeZone, lists } = link;
  const box = teaserBox(anchor.get(0));
  if (!box) return { summary: '', publishedAt: null };
  // A box linking another article is a list, not this one's teaser: its links are read once per
  // box (read again for each of them, a box of 2,000 links took 28 s).
  let linked = lists.get(box);
  if (linked === undefined) {
    linked = linkedArticles(box, base, 2);
    lists.set(box, linked);
  }
  if (linked.some((other) => other !== url)) return { summary: '', publishedAt: null };
  // Walked by hand, stopping at what it needs: selector lists over a box of thousands of dates
  // or summaries cost the square of their matches (32,000: 36 s), and the text of every match,
  // nested 250 deep, was joined before the first was taken (1.3 MB: 108 s, 611 MB).
  let summary: string | undefined;
  let time: Element | undefined;
  let dated: Element | undefined;
  let tried = 0;
  walk(box, (element) => {
    const className = element.attribs.class ?? '';
    if (summary === undefined && tried < TEASER_CANDIDATES && isSummaryBox(element.name, className)) {
      tried++;
      const text = clean(cappedText(element, TEASER_TEXT));
      if (text && text !== title && !title.includes(text)) summary = text;
    }
    if (!time && element.name === 'time') time = element;
    if (!dated && (className.includes('date') || className.includes('time'))) dated = element;
    return (summary !== undefined || tried >= TEASER_CANDIDATES) && time !== undefined && dated !== undefined;
  });
  const publishedAt =
    (time &&
      (parseFeedDate(time.attribs.datetime, timeZone) ??
        parseFeedDate(clean(cappedText(time, TEASER_TEXT)), timeZone))) ??
    (dated ? parseFeedDate(clean(cappedText(dated, TEASER_TEXT)), timeZone) : null);
  return { summary: summary ?? '', publishedAt };
}

/** Summary boxes a teaser's summary is looked for in, at most; and the characters read of each. */
const TEASER_CANDIDATES = 20;
const TEASER_TEXT = 1_000;

/** A paragraph, or a box named as a teaser's summary ("sapo", "summary", "description", "lead"). */
function isSummaryBox(name: string, className: string): boolean {
  return (
    name === 'p' ||
    className.includes('sapo') ||
    className.includes('summary') ||
    className.includes('desc') ||
    className.split(/\s+/).includes('lead')
  );
}

/** Visits the elements inside `root` in document order until `visit` returns true. */
function walk(root: Element, visit: (element: Element) => boolean): void {
  const stack: AnyNode[] = [...root.children].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const element = node as Element;
    if (visit(element)) return;
    for (let i = element.children.length - 1; i >= 0; i--) stack.push(element.children[i]!);
  }
}

/** The text of `root` (scripts and styles too, as cheerio's text() reads), its first `max` characters. */
function cappedText(root: Element, max: number): string {
  let text = '';
  const stack: AnyNode[] = [...root.children].reverse();
  for (let node = stack.pop(); node && text.length < max; node = stack.pop()) {
    if (node.type === 'text') text += (node as unknown as { data: string }).data;
    else if ('children' in node) {
      const children = (node as Element).children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return text.slice(0, max);
}

/**
 * The teaser box a link sits in (itself or its nearest ancestor: an `<article>`, a `<li>`, a box
 * whose class names an item, story or teaser), walked by hand: as a selector, `closest` parsed it
 * again for each link.
 */
function teaserBox(element: Element | undefined): Element | undefined {
  for (let node: AnyNode | null | undefined = element; node && node.type === 'tag'; node = node.parent) {
    const tag = node as Element;
    const className = tag.attribs.class ?? '';
    if (
      tag.name === 'article' ||
      tag.name === 'li' ||
      className.includes('item') ||
      className.includes('story') ||
      className.includes('teaser')
    )
      return tag;
  }
  return undefined;
}

/** The first `max` distinct articles `box` links, in document order (the walk stops there). */
function linkedArticles(box: Element, base: string, max: number): string[] {
  const found: string[] = [];
  walk(box, (element) => {
    const href = element.name === 'a' ? element.attribs.href : undefined;
    if (href !== undefined) {
      const article = canonicalizeUrl(href, base);
      if (article !== undefined && !found.includes(article) && looksLikeArticleUrl(new URL(article)))
        found.push(article);
    }
    return found.length >= max;
  });
  return found;
}

function textOf(element: Cheerio<AnyNode>): string {
  return clean(element.text());
}

function clean(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().normalize('NFC');
}

/**
 * The headline: the page's `<h1>` (or a title-named element) when it agrees with what the
 * metadata says, else og:title / JSON-LD headline, else `<title>` without its " - Site name"
 * suffix. When the metadata names only the site, the headline is the title-like element just
 * above the body, found once the body is known (`headlineAboveBody`).
 */
import { categorySlug } from '../../domain/category.js';
import { absoluteUrl } from '../../domain/web-url.js';
import { parseVietnameseDate } from '../date/parse-date.js';
import { isUnlikelyByName } from './boilerplate.js';
import {
  attr,
  childElements,
  classAndId,
  contains,
  descendants,
  type Element,
  elementsAfter,
  hasAncestor,
  isElement,
  type ParentNode,
  parentElement,
  rawText,
} from './dom.js';
import { metaValue, type PageMetadata } from './metadata.js';
import { isSectionLabel } from './section-labels.js';
import { cleanText, endsSentence, textKey, wordCount } from './text.js';

export interface TitleResult {
  title: string;
  /** The element that shows the title on the page, if one does. */
  element: Element | undefined;
  /** False when the metadata named only the site, or only `<title>` named it: look above the body. */
  settled: boolean;
  /**
   * The page's one headline when the metadata tells another (a title written for search engines
   * and sharing): the title if it tells the same story by the body (shownAboveBody).
   */
  shown?: Element;
}

/** A name written in Han (and kana) alone, as Chinese and Japanese sites write theirs. */
const HAN_NAME = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]{2,}$/u;
const SEPARATORS = /\s+[-|–—:»›>·•/]\s+|\s+::\s+/;

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

/** How closely a text matches a reference title, by their textKeys: 3 the same, 2 within it, 1 holding it, 0 unlike. */
function likeness(key: string, referenceKey: string): number {
  if (!similarKeys(key, referenceKey)) return 0;
  return key === referenceKey ? 3 : referenceKey.includes(key) ? 2 : 1;
}

function similar(a: string, b: string): boolean {
  return similarKeys(textKey(a), textKey(b));
}

function similarKeys(ka: string, kb: string): boolean {
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  const [short, long] = ka.length < kb.length ? [ka, kb] : [kb, ka];
  return short.length >= 10 && long.includes(short) && short.length / long.length > 0.5;
}

/** Class/id words of a headline element, in the languages of the pages Bantin reads. */
const TITLE_NAME =
  /title|tieu-?de|tieu_de|headline|heading|titre|titulo|titular|titel|ueberschrift|uberschrift|titolo/;
/** Title-named boxes that are not the headline: subtitles, widget and section headings, the site's name. */
const NOT_HEADLINE_NAME =
  /sub-?title|title-?sub|sub-?head|widget|box|block|module|section|cat(?:egory)?-?title|site-?title|muc|related|lien-?quan|tin-?khac|other|menu|nav|footer|sidebar|logo|brand|headlines|titles/;
/** Words a home page's `<title>` carries besides the site's name. */
const HOME_WORDS = new Set(
  [
    'trang chủ',
    'trang nhất',
    'home',
    'homepage',
    'home page',
    'accueil',
    'inicio',
    'portada',
    'startseite',
    'index',
  ].map(textKey),
);

/**
 * A home page's path: `/`, `/index.html`, `/vi-vn/default.aspx`, `/en/`, `/trang-chu`, and a
 * portal's home a folder or two down (`/portal/Pages/default.aspx`).
 */
const HOME_PATH =
  /^\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(?:(?:[\w-]+\/){0,2}(?:index|default|home|trang-?chu)(?:\.\w+)?\/?)?$/i;

/** The host's distinctive label ("www.baohanam.com.vn" → "baohanam"), '' if none. */
function hostLabel(pageUrl: string): string {
  let host = '';
  try {
    host = new URL(pageUrl).hostname.toLowerCase();
  } catch {
    return '';
  }
  const labels = host.split('.').filter((l) => !/^(?:www\d*|m|amp|mobile|news|tin)$/.test(l));
  const label = labels[0] ?? '';
  return label.length >= 4 && !/^\d+$/.test(label) ? label.replace(/-/g, '') : '';
}

/** Words in a picture's file name, class or id that make it the site's logo or masthead. */
const LOGO_HINT = /logo|masthead|brand|banner/;

/** An href that may point at the home page: checked before resolving it, which costs more. */
const HOME_HREF =
  /^(?:(?:https?:)?\/\/[^/?#]+)?\/?(?:\.\/)?(?:[a-z]{2}(?:-[a-z]{2})?\/)?(?:(?:[\w-]+\/){0,2}(?:index|default|home|trang-?chu)(?:\.\w+)?\/?)?(?:[?#].*)?$/i;

/** What the site calls itself: og:site_name, the application name, and the home link's text, title and alt. */
function siteNames(elements: readonly Element[], metadata: PageMetadata, pageUrl: string): Set<string> {
  const names = new Set<string>();
  const add = (value: string) => {
    const key = textKey(value);
    if (key) names.add(key);
  };
  for (const key of ['og:site_name', 'application-name', 'apple-mobile-web-app-title', 'twitter:site']) {
    add(metaValue(metadata, key).replace(/^@/, ''));
  }
  add(metadata.linkedData.publisher);
  const base = metadata.baseUrl || pageUrl;
  let origin = '';
  try {
    origin = new URL(base).origin;
  } catch {
    return names;
  }
  let seen = 0;
  for (const a of elements) {
    if (a.name !== 'a' || !HOME_HREF.test((a.attribs.href ?? '').trim())) continue;
    const href = absoluteUrl(attr(a, 'href'), base, { allowFile: true });
    if (!href) continue;
    const url = new URL(href);
    if (url.origin !== origin || !HOME_PATH.test(url.pathname)) continue;
    add(rawText(a));
    add(attr(a, 'title'));
    for (const img of descendants(a)) if (img.name === 'img') add(attr(img, 'alt'));
    if (++seen >= 8) break;
  }
  // The logo or masthead banner names the site wherever it links to.
  let logos = 0;
  for (const img of elements) {
    if (img.name !== 'img' || !img.attribs.alt) continue;
    const hints = `${attr(img, 'src')} ${classAndId(img)} ${img.parent && isElement(img.parent) ? classAndId(img.parent) : ''}`;
    if (!LOGO_HINT.test(hints.toLowerCase())) continue;
    add(attr(img, 'alt'));
    if (++logos >= 4) break;
  }
  return names;
}

/** Words a section's link has at most ("Tin tức - Sự kiện", "Kinh tế"); headlines have more. */
const SECTION_LINK_WORDS = 5;

/** Where a site lists its sections: navigation, menus, breadcrumbs. */
const NAVIGATION_NAME = /nav|menu|breadcrumb/;

/**
 * The site's sections as its navigation names them: the short texts of links in navigation,
 * menus and breadcrumbs to other pages. A `<title>` made of them and the site's name ("Tin tức -
 * Sự kiện - Cổng thông tin điện tử tỉnh Quảng Nam") names where the page is, not what it says.
 */
function sectionNames(
  elements: readonly Element[],
  base: string,
  pageUrls: string[],
): (key: string) => boolean {
  // Each name's links, resolved only when the name is asked about (most never are).
  const hrefs = new Map<string, string[]>();
  const links: Element[] = [];
  const boxes = new Set<Element>();
  for (const box of elements) {
    if (box.name !== 'nav' && !NAVIGATION_NAME.test(classAndId(box))) continue;
    // A menu inside a menu: its links were taken with the outer one's.
    if (hasAncestor(box, (e) => boxes.has(e))) continue;
    boxes.add(box);
    for (const a of descendants(box)) if (a.name === 'a') links.push(a);
  }
  for (const a of links) {
    if (!a.attribs.href) continue;
    const text = rawText(a);
    if (text.length > 60 || wordCount(text) > SECTION_LINK_WORDS) continue;
    const key = textKey(text);
    if (key) hrefs.set(key, [...(hrefs.get(key) ?? []), attr(a, 'href')]);
  }
  const self = new Set(pageUrls.map((url) => url.replace(/[?#].*$/, '')).filter(Boolean));
  const toOtherPage = (href: string) => {
    const url = absoluteUrl(href, base, { allowFile: true });
    return url !== undefined && url !== '' && !self.has(url.replace(/[?#].*$/, ''));
  };
  return (key) => hrefs.get(key)?.some(toOtherPage) ?? false;
}

/** The longest text read as the site's name (with its sections and home words). */
const MAX_SITE_NAME_CHARS = 300;

/**
 * What a web edition calls itself beside the host's name ("Quang Ninh Online"), and a Vietnamese
 * government portal ("Cổng thông tin điện tử xã Hợp Thịnh" on hopthinh….gov.vn: blind probe 41).
 */
const WEB_EDITION = /(?:^|-)(?:online|news|dien-tu|digital|web|portal|cong-thong-tin|cong-ttdt|ttdt)(?=-|$)/g;

export class TitleFinder {
  private readonly elements: Element[];
  private readonly docTitle: string;
  private readonly metaTitle: string;
  /** The JSON-LD headline: often the page's own, where og:title was written for search engines. */
  private readonly linkedHeadline: string;
  private readonly siteName: string;
  private readonly names: Set<string>;
  /** Found at the first short text that may name a section (most texts are headlines, longer). */
  private isSection: ((key: string) => boolean) | undefined;
  private readonly host: string;
  private readonly baseUrl: string;
  private readonly pageUrls: string[];

  constructor(root: ParentNode, metadata: PageMetadata, pageUrl: string) {
    this.elements = descendants(root);
    const titleElement = this.elements.find((el) => el.name === 'title');
    this.docTitle = titleElement ? cleanText(rawText(titleElement)) : '';
    this.metaTitle =
      metaValue(metadata, 'og:title', 'twitter:title', 'title', 'dc.title', 'headline') ||
      metadata.linkedData.headline;
    this.linkedHeadline = metadata.linkedData.headline;
    this.siteName = metaValue(metadata, 'og:site_name', 'application-name');
    this.names = siteNames(this.elements, metadata, pageUrl);
    this.baseUrl = metadata.baseUrl || pageUrl;
    this.pageUrls = [pageUrl, metadata.canonicalUrl];
    this.host = hostLabel(pageUrl);
  }

  /** The names the site calls itself (og:site_name, the publisher, the home link's), as text keys. */
  get siteNameKeys(): ReadonlySet<string> {
    return this.names;
  }

  /** The site's name (or "Home | Site", "Site - Section"), not a headline. */
  isSiteName(text: string): boolean {
    // A site's name, with its sections and home words, is a line, not a page of text (a hostile
    // title of thousands of parts would cost time growing with their cube below).
    if (text.length > MAX_SITE_NAME_CHARS) return false;
    const key = textKey(text);
    if (!key) return false;
    const parts = cleanText(text).split(SEPARATORS).map(textKey).filter(Boolean);
    if (this.namesSiteOrSections(parts)) return true;
    // "Báo Nam Định điện tử" on baonamdinh.vn: the host's name and a few words around it.
    return this.namesSite(text);
  }

  /**
   * The site's description of itself, on every page: its name and a tagline ("Cổng thông tin
   * điện tử huyện Kim Bảng - tỉnh Hà Nam", "አዲስ ዜና - የኢትዮጵያ ዜናዎች በአማርኛ", probe 45), or its name
   * alone. A short line that ends no sentence: "Reuters - The president said …." is an article's.
   */
  isSiteDescription(text: string): boolean {
    if (this.isSiteName(text)) return true;
    if (text.length > MAX_SITE_NAME_CHARS || endsSentence(text)) return false;
    const parts = cleanText(text)
      .split(SEPARATORS)
      .filter((part) => textKey(part));
    if (parts.length < 2 || parts.length > 3) return false;
    const named = [parts[0]!, parts.at(-1)!].find((part) => this.namesSite(part));
    return named !== undefined && parts.every((part) => part === named || wordCount(part) <= 8);
  }

  /** The site's own name ("ABS-CBN News", "Báo Nam Định điện tử" on baonamdinh.vn), sections apart. */
  namesSite(text: string): boolean {
    const key = textKey(text);
    if (!key) return false;
    if (this.names.has(key)) return true;
    // A Chinese or Japanese portal's name: the site's name and a few characters of what it is
    // ("臺中市政府" + "全球資訊網", global information network; probe 46).
    if (HAN_NAME.test(key))
      for (const name of this.names)
        if (HAN_NAME.test(name) && key.startsWith(name) && key.length - name.length <= 6) return true;
    if (!this.host || wordCount(text) > 8) return false;
    const slug = categorySlug(text);
    const folded = slug.replace(/-/g, '');
    if (folded.includes(this.host) && folded.length - this.host.length <= 12) return true;
    // "Quang Ninh Online" on baoquangninh.vn: words of the host, then what a web edition calls itself.
    const core = slug.replace(WEB_EDITION, '').replace(/-/g, '');
    if (core === folded) return false;
    // …or the host's name with a word or two around it ("xã Hợp Thịnh" on hopthinh.…).
    return (
      (core.length >= 5 && this.host.includes(core)) ||
      (core.includes(this.host) && core.length - this.host.length <= 6)
    );
  }

  /**
   * Whether the parts are runs of the site's name, home words and its sections' names (a
   * section's name may hold a separator: "Tin tức - Sự kiện").
   */
  private namesSiteOrSections(parts: readonly string[]): boolean {
    const named = (part: string) => this.names.has(part) || HOME_WORDS.has(part);
    if (parts.every(named)) return true;
    // A part no name holds, longer than any section's link: a headline, seen without the links.
    if (parts.some((part) => !named(part) && part.split(' ').length > SECTION_LINK_WORDS)) return false;
    this.isSection ??= sectionNames(this.elements, this.baseUrl, this.pageUrls);
    const isSection = this.isSection;
    // covered[i]: the first i parts are such runs.
    const covered: boolean[] = [true];
    for (let end = 1; end <= parts.length; end++) {
      covered[end] = false;
      for (let start = end - 1; start >= 0 && !covered[end]; start--) {
        if (!covered[start]) continue;
        const run = parts.slice(start, end).join(' ');
        covered[end] = named(run) || isSection(run);
      }
    }
    return covered[parts.length]!;
  }

  /**
   * "A - B" in the metadata, titled "A - B - Site": " - B" is the headline's own, not a site's
   * name (blind probe 38: "… Vạn Ninh - Cam Lộ" lost "Cam Lộ"), when no heading shows the
   * headline. Unless that part names the site.
   */
  private holdsNoSuffix(metaTitle: string, pageTitle: string): boolean {
    if (pageTitle.length <= metaTitle.length || !textKey(pageTitle).startsWith(textKey(metaTitle)))
      return false;
    const last = metaTitle.split(SEPARATORS).at(-1)!.trim();
    return !this.isSiteName(last) && textKey(last) !== textKey(this.siteName) && textKey(last) !== this.host;
  }

  /** The headline the metadata and the page's headings agree on. */
  fromMetadata(): TitleResult {
    const { docTitle, siteName } = this;
    const metaTitle = this.isSiteName(this.metaTitle) ? '' : this.metaTitle;
    const pageTitle = this.isSiteName(docTitle) ? '' : docTitle;
    const linkedHeadline = this.isSiteName(this.linkedHeadline) ? '' : this.linkedHeadline;
    const references = [
      metaTitle,
      pageTitle,
      stripSiteSuffix(metaTitle, siteName),
      stripSiteSuffix(pageTitle, siteName),
      linkedHeadline,
    ]
      .filter(Boolean)
      .map(textKey);
    const headings = this.elements.filter((el) => el.name === 'h1' || el.name === 'h2');
    // An element on the page that matches the metadata: its text has no site suffix. The closest
    // match wins, so a lead that quotes the headline does not take its place. Headings first; the
    // title-named elements are looked at only when no heading shows the headline exactly.
    let best: { title: string; element: Element; closeness: number } | undefined;
    const consider = (el: Element) => {
      const text = cleanText(rawText(el));
      if (text.length < 3 || text.length > 300 || this.isSiteName(text)) return;
      const key = textKey(text);
      const closeness = Math.max(...references.map((ref) => likeness(key, ref)));
      if (closeness > (best?.closeness ?? 0)) best = { title: text, element: el, closeness };
    };
    for (const el of headings) consider(el);
    if ((best?.closeness ?? 0) < 3) {
      for (const el of this.elements) {
        if (el.name !== 'h1' && el.name !== 'h2' && isHeadlineNamed(el)) consider(el);
      }
    }
    if (best) return { title: best.title, element: best.element, settled: true };
    const h1s = headings.filter((el) => el.name === 'h1' && !this.isSiteName(rawText(el)));
    const lone = h1s.length === 1 ? cleanText(rawText(h1s[0]!)) : '';
    if (metaTitle) {
      const stated =
        !lone && this.holdsNoSuffix(metaTitle, pageTitle) ? metaTitle : stripSiteSuffix(metaTitle, siteName);
      // Metadata in Latin letters over a headline in another script ("Coimbatore Rain: …" over a
      // Tamil one): it was written for search engines, and the page's headline is the title.
      if (lone.length >= 3 && latinShare(stated) > 0.8 && latinShare(lone) < 0.2) {
        return { title: lone, element: h1s[0], settled: true };
      }
      // The page's one headline telling the same story in other words: the metadata lengthened
      // it ("Headline: and more") or shortened it, for search engines; the page shows the h1.
      if (lone.length >= 3 && (sameStory(textKey(lone), textKey(stated)) || sharesWords(lone, stated))) {
        return { title: lone, element: h1s[0], settled: true };
      }
      return { title: stated, element: undefined, settled: true, ...(lone ? { shown: h1s[0] } : {}) };
    }
    if (lone.length >= 3) return { title: lone, element: h1s[0], settled: true };
    // Only `<title>` is left, and nothing on the page shows it: the page may have a better headline.
    return {
      title: stripSiteSuffix(pageTitle || this.metaTitle || docTitle, siteName),
      element: undefined,
      settled: false,
    };
  }

  /**
   * The page's one headline, in the body's box or at most 40 elements above it, when the
   * metadata tells the same story in other words (they share a run of four words or more, a third
   * of the shorter's at least: "… chuyển nhượng quyền sử dụng đất"): the reader sees the h1, the metadata's title was written for search
   * engines and sharing. A headline sharing no such run (an edition's name, another story) leaves it.
   */
  shownAboveBody(result: TitleResult, bodyStart: Element | undefined): TitleResult {
    const shown = result.shown;
    if (!shown || !bodyStart) return result;
    const text = cleanText(rawText(shown));
    if (wordCount(text) < 4 || text.length > 250 || /[:：]$/.test(text) || isSectionLabel(text))
      return result;
    // A run of four words and a third of the shorter's words: "at the end of" alone is no story.
    const [shownWords, statedWords] = [textKey(text).split(' '), textKey(result.title).split(' ')];
    const run = longestSharedRun(shownWords, statedWords);
    if (run < SHARED_RUN_WORDS || run < Math.min(shownWords.length, statedWords.length) / 3) return result;
    // In the body's box, or at most 40 elements above it.
    if (!contains(bodyStart, shown)) {
      const after = elementsAfter(shown, 40);
      if (!after.some((el) => el === bodyStart || contains(el, bodyStart))) return result;
    }
    return { title: text, element: shown, settled: true };
  }

  /**
   * The headline of a page whose metadata names only the site: the best title-like element
   * before the body's first paragraph, scored by position, name, tag, size and weight.
   */
  aboveBody(bodyStart: Element, startText = ''): Element | undefined {
    const elements = this.elements;
    const end = elements.indexOf(textStart(bodyStart, startText));
    if (end < 0) return undefined;
    // A `<title>` that reads like a headline is overruled only by an element that clearly is one;
    // a path of the site's sections ("Sở … > Tin tức > Tin hoạt động", DotNetNuke's) is no headline.
    const path = this.docTitle.split(/\s+[>›»]\s+/).length >= 3;
    const minimum = this.isSiteName(this.docTitle) || !this.docTitle || path ? 5 : 8;
    const candidates: { el: Element; score: number; shared: number }[] = [];
    const bodyBoxes = new Map<ParentNode, number>();
    for (let box: ParentNode | null = bodyStart, depth = 0; box; box = box.parent, depth++) {
      bodyBoxes.set(box, depth);
    }
    for (let i = Math.max(0, end - 300); i < end; i++) {
      const el = elements[i]!;
      const score = this.headlineScore(el, end - i);
      if (score === undefined || score < minimum) continue;
      // How near the box it shares with the body's start is (a sidebar's box title shares the page).
      let box: ParentNode | null = el;
      while (box && !bodyBoxes.has(box)) box = box.parent;
      candidates.push({ el, score, shared: box ? -bodyBoxes.get(box)! : Number.NEGATIVE_INFINITY });
    }
    // The headline sits with the article: those sharing the nearest box with the body count more.
    const nearest = Math.max(...candidates.map((c) => c.shared));
    let best: { el: Element; score: number } | undefined;
    for (const { el, score, shared } of candidates) {
      const total = score + (shared === nearest ? 2 : 0);
      // Of two as likely, the nearer the body.
      if (!best || total >= best.score) best = { el, score: total };
    }
    return best?.el;
  }

  private headlineScore(el: Element, distance: number): number | undefined {
    // A table cell named a headline holding its words alone is one (a portal laid out in tables:
    // `<td class="title_news_detail">`, blind probe 41); other cells hold a page's parts.
    const namedCell =
      el.name === 'td' && isHeadlineNamed(el) && !childElements(el).some((c) => c.name === 'table');
    if (el.type !== 'tag' || (NOT_HEADLINE_TAGS.has(el.name) && !namedCell)) return;
    // The element itself or a wrapper whose one child holds the text, not a whole section.
    if (childElements(el).filter((c) => isBlockTag(c.name)).length > 0) return;
    const text = cleanText(rawText(el));
    if (text.length < 12 || text.length > 250 || wordCount(text) < 3 || /[:：]$/.test(text)) return;
    if (this.isSiteName(text) || isSectionLabel(text)) return;
    if (text.length < 60 && parseVietnameseDate(text)) return;
    if (hasAncestor(el, (a) => OUTSIDE_HEADLINE.has(a.name) || isUnlikelyByName(a, /header/g))) return;
    let score = 0;
    if (/^h[1-3]$/.test(el.name)) score += 4 - Number(el.name[1]);
    const parent = parentElement(el);
    if (isHeadlineNamed(el) || (parent && isHeadlineNamed(parent))) score += 4;
    if (looksLarge(el)) score += 2;
    if (looksBold(el)) score += 1;
    if (similar(text, this.docTitle) || similar(text, this.metaTitle)) score += 4;
    score += distance <= 25 ? 3 : distance <= 60 ? 2 : distance <= 150 ? 1 : 0;
    return score;
  }
}

/** Elements that hold a page, a list or a link, or are no text at all: never the headline itself. */
const NOT_HEADLINE_TAGS = new Set([
  'html',
  'head',
  'body',
  'title',
  'a',
  'li',
  'ul',
  'ol',
  'table',
  'tr',
  'td',
]);
/** Where a headline never sits: the document's head, navigation, asides, footers, lists and links. */
const OUTSIDE_HEADLINE = new Set(['head', 'nav', 'aside', 'footer', 'li', 'a']);

const BLOCK_TAGS = new Set([
  'div',
  'p',
  'section',
  'article',
  'header',
  'ul',
  'ol',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
]);
function isBlockTag(name: string): boolean {
  return BLOCK_TAGS.has(name);
}

function isHeadlineNamed(el: Element): boolean {
  if (/headline/i.test(attr(el, 'itemprop'))) return true;
  const name = classAndId(el);
  return name !== '' && TITLE_NAME.test(name) && !NOT_HEADLINE_NAME.test(name);
}

/** Set in a large font: an inline font size of 18px/1.3em or more, or `<font size="4">` and up. */
function looksLarge(el: Element): boolean {
  for (
    let e: Element | undefined = el;
    e;
    e = childElements(e).length === 1 ? childElements(e)[0] : undefined
  ) {
    const style = attr(e, 'style').toLowerCase();
    const m = /font-size\s*:\s*([\d.]+)\s*(px|pt|em|rem|%)/.exec(style);
    if (m) {
      const size = Number(m[1]);
      const px = m[2] === 'px' ? size : m[2] === 'pt' ? size * 1.33 : m[2] === '%' ? size * 0.16 : size * 16;
      if (px >= 18) return true;
    }
    if (e.name === 'font' && Number.parseInt(attr(e, 'size'), 10) >= 4) return true;
  }
  return false;
}

function looksBold(el: Element): boolean {
  for (
    let e: Element | undefined = el;
    e;
    e = childElements(e).length === 1 ? childElements(e)[0] : undefined
  ) {
    if (e.name === 'b' || e.name === 'strong') return true;
    if (/font-weight\s*:\s*(?:bold|[6-9]00)/.test(attr(e, 'style').toLowerCase())) return true;
  }
  return false;
}

/** The share of a text's letters that are Latin. */
function latinShare(text: string): number {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters === 0 ? 0 : (text.match(/\p{Script=Latin}/gu)?.length ?? 0) / letters;
}

/**
 * The headline without the kicker set in the same heading: "<h1><span>Verkehr in Berlin</span>
 * <span>Senat will Parkgebühren … erhöhen</span></h1>", which the metadata writes "Verkehr in
 * Berlin: Senat will …". The kicker is a label over the headline (a topic, a series), not part of
 * it; its own heading's first piece, of six words at most, that the metadata sets apart with a
 * colon. Undefined when the heading is no such pair.
 */
export function headlineWithoutKicker(
  heading: Element,
  metadataTitles: readonly string[],
): string | undefined {
  // Pieces with text: the white space between the tags is none (it hid every kicker so written).
  const pieces = heading.children.filter((c) => rawText(c).trim() !== '');
  const first = pieces[0];
  if (pieces.length < 2 || !first || !isElement(first)) return undefined;
  if (pieces.some((piece) => !isElement(piece))) return undefined;
  const kicker = cleanText(rawText(first));
  const rest = cleanText(
    pieces
      .slice(1)
      .map((piece) => rawText(piece))
      .join(' '),
  ).replace(/^[:：|–—-]\s*/, '');
  if (!kicker || wordCount(kicker) > 6 || /[.!?]$/.test(kicker) || wordCount(rest) < 3) return undefined;
  const key = textKey(`${kicker}: ${rest}`);
  const setApart = metadataTitles.some((title) => {
    const written = cleanText(title);
    return /[:：]/.test(written) && textKey(written).startsWith(key);
  });
  return setApart ? rest : undefined;
}

/** Words two headlines share in one run at least, and the share of the shorter's words it must be. */
const SHARED_RUN_WORDS = 4;
const SHARED_RUN_SHARE = 0.5;

/**
 * Whether two headlines (textKeys) share a run of words long enough to be one story told twice:
 * at least 4 words, and half of the shorter headline.
 */
/**
 * Two headlines of one story in other words and order, as a site's one `<h1>` and its `og:title`
 * written apart ("Pociągi Intercity pojadą szybciej. Od grudnia nowy rozkład jazdy" and "Nowy
 * rozkład jazdy PKP Intercity. Pociągi pojadą szybciej"): the h1 of four words or more, sharing
 * three words or more with the other, two fifths of the shorter's at least.
 */
function sharesWords(h1: string, stated: string): boolean {
  const wordsOf = (text: string) => textKey(text).split(' ').filter(Boolean);
  const x = wordsOf(h1);
  const y = wordsOf(stated);
  const a = new Set(x);
  const b = new Set(y);
  if (a.size < 4) return false;
  const shared = [...a].filter((word) => b.has(word)).length;
  // And two pairs of words in a row: one shared name ("Hà Nam" in a section's h1 "Tin tức Hà Nam
  // trong tỉnh", where each Vietnamese syllable is a word) is no story.
  const pairs = (words: string[]) => new Set(words.slice(1).map((word, i) => `${words[i]} ${word}`));
  const statedPairs = pairs(y);
  const sharedPairs = [...pairs(x)].filter((pair) => statedPairs.has(pair)).length;
  return shared >= 3 && shared >= 0.4 * Math.min(a.size, b.size) && sharedPairs >= 2;
}

function sameStory(a: string, b: string): boolean {
  const x = a.split(' ');
  const y = b.split(' ');
  const longest = longestSharedRun(x, y);
  return longest >= SHARED_RUN_WORDS && longest >= SHARED_RUN_SHARE * Math.min(x.length, y.length);
}

/** The longest run of words two headlines share (0 for headlines too long to compare). */
function longestSharedRun(x: readonly string[], y: readonly string[]): number {
  if (x.length * y.length > 10_000) return 0;
  // Longest common run of words, by dynamic programming over one row.
  let longest = 0;
  let row = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const next = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) {
      if (x[i - 1] === y[j - 1]) {
        next[j] = row[j - 1]! + 1;
        if (next[j]! > longest) longest = next[j]!;
      }
    }
    row = next;
  }
  return longest;
}

/**
 * Where the body's first paragraph begins: the box it was read from, or, when that box holds a
 * run of inline elements (ASP.NET pages: date, headline and lead as `<span>`s between `<br>`s in
 * one div, blind probe 42), the first element inside it whose text opens the paragraph; what
 * comes before that element is above the body.
 */
function textStart(box: Element, text: string): Element {
  const opening = textKey(text).slice(0, 40);
  if (opening.length < 20 || textKey(rawText(box)).startsWith(opening)) return box;
  // Down the boxes that hold the opening, not through every element's text (a large box's
  // descendants each read whole made this quadratic).
  for (let at = box; ; ) {
    const next = childElements(at).find((el) => textKey(rawText(el)).includes(opening));
    if (!next) return box;
    if (textKey(rawText(next)).startsWith(opening)) return next;
    at = next;
  }
}

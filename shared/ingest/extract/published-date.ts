/**
 * When the article was published: stated metadata first (article:published_time, JSON-LD,
 * itemprop, `<time>`), then the date line printed nearest the headline.
 */

import { toZonedIso } from '../../domain/time.js';
import { parseVietnameseDate } from '../date/parse-date.js';
import { DATE_HINT } from './boilerplate.js';
import {
  attr,
  classAndId,
  contains,
  descendants,
  type Element,
  type ParentNode,
  parentElement,
  rawText,
} from './dom.js';
import { metaValue, type PageMetadata } from './metadata.js';
import { cleanText, wordCount } from './text.js';

const PUBLISHED_KEYS = [
  'article:published_time',
  'og:article:published_time',
  'published_time',
  'datepublished',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'article.published',
  'article_date_original',
  'dc.date.issued',
  'dcterms.issued',
  'dcterms.created',
  'dc.date',
  'date',
  'sailthru.date',
  'parsely-pub-date',
  'cxenseparse:recs:publishtime',
];
const MODIFIED_KEYS = [
  'article:modified_time',
  'og:updated_time',
  'datemodified',
  'dcterms.modified',
  'last-modified',
];

export interface DateEvidence {
  value: string;
  /** The text named a time of day, not only a date. */
  hasTime: boolean;
  from: 'metadata' | 'page';
}

/** A datetime attribute's time of day: "2024-03-05T08:15", "2024-03-05 08:15". */
export const TIME_IN_DATETIME = /\d[T\s]\d{1,2}:\d{2}/;

function hasTimeOfDay(text: string): boolean {
  return /\p{Nd}{1,2}\s*(?:[:hg]|giờ|時|时|시)\s*\p{Nd}{2}/iu.test(text);
}

export function metadataPublished(metadata: PageMetadata, timeZone: string): DateEvidence | undefined {
  let first: DateEvidence | undefined;
  for (const raw of [metaValue(metadata, ...PUBLISHED_KEYS), metadata.linkedData.datePublished]) {
    const value = raw ? parseVietnameseDate(raw, timeZone) : null;
    if (!value) continue;
    const evidence: DateEvidence = { value, hasTime: hasTimeOfDay(raw), from: 'metadata' };
    if (!first) first = evidence;
    // A day alone (`<meta name="Date" content="2024-06-18">`) yields to an instant of that day.
    else if (!first.hasTime && evidence.hasTime && sameLocalDay(first.value, value, timeZone))
      return evidence;
    if (first.hasTime) return first;
  }
  return first;
}

function sameLocalDay(a: string, b: string, timeZone: string): boolean {
  return toZonedIso(a, timeZone).slice(0, 10) === toZonedIso(b, timeZone).slice(0, 10);
}

export function metadataModified(metadata: PageMetadata, timeZone: string): string | null {
  for (const raw of [metaValue(metadata, ...MODIFIED_KEYS), metadata.linkedData.dateModified]) {
    const value = raw ? parseVietnameseDate(raw, timeZone) : null;
    if (value) return value;
  }
  return null;
}

/** An ISO 8601 instant with its offset: a machine's date, exact where the printed line may not be. */
const ISO_INSTANT = /^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\s*$/;

/** hAtom's and h-entry's class of the publication instant (not `updated`). */
const PUBLISHED_CLASS = /(?:^|[\s_-])(?:published|dt-published)(?:$|[\s_-])/i;

/** A short element whose text is a date line, e.g. "Thứ năm, 27/6/2019, 08:15 (GMT+7)". */
function dateLine(el: Element): string | undefined {
  if (el.name === 'time') {
    const datetime = attr(el, 'datetime');
    if (datetime) return datetime;
  }
  const itemprop = attr(el, 'itemprop').toLowerCase();
  if (itemprop === 'datepublished' && (attr(el, 'content') || attr(el, 'datetime'))) {
    return attr(el, 'content') || attr(el, 'datetime');
  }
  // The microformats' instant in a title, shown as words: Blogger's and WordPress themes'
  // `<abbr class="published" itemprop="datePublished" title="2019-01-10T09:40:00+07:00">`.
  const titled = attr(el, 'title');
  if (
    titled &&
    ISO_INSTANT.test(titled) &&
    (itemprop === 'datepublished' || PUBLISHED_CLASS.test(classAndId(el)))
  ) {
    return titled.trim();
  }
  // The instant a script formats for the reader: `data-wcmdate="2024-06-15T11:30:00.000Z"`.
  for (const [name, value] of Object.entries(el.attribs)) {
    if (name.startsWith('data-') && /date|time/.test(name) && ISO_INSTANT.test(value)) return value;
  }
  const raw = rawText(el);
  // No digit, no date: most short elements (menus, labels) stop here, before any cleaning.
  if (!/\p{Nd}/u.test(raw)) return undefined;
  // "4:40 PM" in one box and the byline in the next read apart (rawText), not "4:40 PMMinh Hằng".
  const text = cleanText(raw);
  if (text.length < 6 || text.length > 160) return undefined;
  // A date line is mostly the date; a sentence that mentions one is not.
  if (wordCount(text) <= 16) return text;
  // Its box's links are no part of it: "Cập nhật lúc 08:15, Thứ Hai, 01/07/2019 (GMT+7) In bài
  // viết Gửi email" (probe 47: the print and mail links made it a sentence).
  const links = descendants(el).filter((d) => d.name === 'a');
  if (links.length > 0 && links.every((a) => !isHeadlineLink(a))) {
    const own = cleanText(rawText(el, new Set(links)));
    if (/\p{Nd}/u.test(own) && own.length >= 6 && wordCount(own) <= 16) return own;
  }
  // Two date lines in one box, a line each ("Publié le … <br> Mis à jour le …"): the published one.
  // Not a list of headlines, each line dated ("Tin liên quan"): those are other articles' dates.
  if (links.some(isHeadlineLink)) return undefined;
  const lines = raw
    .split('\n')
    .map(cleanText)
    .filter((line) => /\p{Nd}/u.test(line) && line.length >= 6 && wordCount(line) <= 16);
  if (lines.length < 2) return undefined;
  return lines.find((line) => PUBLISHED_LABEL.test(line)) ?? lines[0];
}

/**
 * The instant a date line's one `<time datetime>` states ("Riyadh — <time datetime="…07:30Z">
 * Thursday 10:30</time>"): exact where the printed time is in a zone the page does not name.
 */
function heldInstant(el: Element): string | undefined {
  if (el.name === 'time') return undefined;
  const times = descendants(el).filter((d) => d.name === 'time' && ISO_INSTANT.test(attr(d, 'datetime')));
  return times.length === 1 ? attr(times[0]!, 'datetime') : undefined;
}

/**
 * The page's own date line nearest the headline (in document order), preferring lines that
 * carry a time and elements named like dates. `before` lines (above the headline) count too.
 */
/** Labels of a date line, in the languages of the pages Bantin reads. */
const PUBLISHED_LABEL =
  /^\s*(?:published|publish(?:ed)? date|posted|first published|ngày đăng|đăng lúc|đăng ngày|xuất bản|publicado|publié|veröffentlicht|pubblicato|diterbitkan|опубликовано|опубліковано|发布时间|發布時間|公開|입력|gepubliceerd|publicerad|publiceret|publisert|julkaistu|opublikowano|publikováno|yayınlanma|yayın tarihi|δημοσίευση|δημοσιεύθηκε|פורסם|تاریخ انتشار|منتشر شده|نشر في|تاريخ النشر|เผยแพร่|प्रकाशित)/iu;
const UPDATED_LABEL =
  /^\s*(?:updated|last updated|last modified|modified|update|cập nhật|actualizado|mis à jour|aktualisiert|aggiornato|atualizado|diperbarui|обновлено|оновлено|更新时间|更新時間|更新|수정|bijgewerkt|uppdaterad|opdateret|oppdatert|päivitetty|zaktualizowano|aktualizacja|aktualizováno|güncelleme|güncellendi|ενημέρωση|ενημερώθηκε|עודכן|به‌روزرسانی|بروزرسانی|آخر تحديث|تم التحديث|ปรับปรุง|อัปเดต|अपडेट)/iu;

/** An update's label anywhere in a line ("Đăng lúc 08:00 - Cập nhật lúc …"). */
const UPDATED_ANYWHERE = new RegExp(UPDATED_LABEL.source.replace(/^\^\\s\*/, '(?:^|[\\s|·,–—(-])'), 'iu');

/** A numeric date with slashes: "7/1/2019", "06/28/2019 3:40:12 PM". */
const SLASH_DATE = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\d/])/g;
/** ASP.NET's en-US default, "M/d/yyyy h:mm:ss tt": a part unpadded, seconds, AM or PM. */
const US_DEFAULT = /(?<![\d/])(?:\d\/\d{1,2}|\d{1,2}\/\d)\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M\b/;

/**
 * Whether the page writes its numeric dates month first ("7/1/2019" for 1 July), from its own
 * dates (probe 49: a portal under a server's en-US culture): some with a second number above 12
 * and none with a first number above 12, or, where none tells, the en-US default's form. Pages
 * write day first otherwise (Vietnam's and most of the world's order).
 */
function writesMonthFirst(root: ParentNode): boolean {
  const text = descendants(root)
    .filter((el) => el.children.some((c) => c.type === 'text'))
    .map((el) => el.children.map((c) => (c.type === 'text' ? c.data : ' ')).join(''))
    .join(' ')
    .slice(0, 200_000);
  let dayFirst = false;
  let monthFirst = false;
  for (const m of text.matchAll(SLASH_DATE)) {
    if (Number(m[1]) > 12 && Number(m[1]) <= 31) dayFirst = true;
    if (Number(m[2]) > 12 && Number(m[2]) <= 31 && Number(m[1]) <= 12) monthFirst = true;
  }
  return !dayFirst && (monthFirst || US_DEFAULT.test(text));
}

export function pagePublished(
  root: ParentNode,
  title: Element | undefined,
  timeZone: string,
  textLength: (el: Element) => number,
): DateEvidence | undefined {
  const elements = descendants(root);
  const titleIndex = title ? elements.indexOf(title) : -1;
  const short = (el: Element) => {
    const length = textLength(el);
    return length >= 6 && length <= 160;
  };
  const candidates: { el: Element; line: string; hasTime: boolean; rank: number; updated: boolean }[] = [];
  elements.forEach((el, index) => {
    if (titleIndex >= 0 && Math.abs(index - titleIndex) > 400) return;
    // A <time>, or an element named the publication's, may show less than a date ("09:40").
    const stated = el.name === 'time' || attr(el, 'itemprop').toLowerCase() === 'datepublished';
    if (!stated && !short(el) && !PUBLISHED_CLASS.test(classAndId(el))) return;
    const line = dateLine(el);
    if (!line || !/\p{Nd}/u.test(line) || datesAnotherArticle(el)) return;
    // A <time> names a time of day when its text or its datetime does: "<time>2024年3月5日</time>"
    // gives the day only (the feed's timestamp of that day is more precise).
    const hasTime =
      hasTimeOfDay(line) ||
      ISO_INSTANT.test(line) ||
      (el.name === 'time' && TIME_IN_DATETIME.test(attr(el, 'datetime')));
    const distance = titleIndex >= 0 ? Math.abs(index - titleIndex) : index;
    const named = el.name === 'time' || DATE_HINT.test(classAndId(el)) || /date/i.test(attr(el, 'itemprop'));
    // Lower is better: distance, with a bonus for a time of day (or a <time>) and for date-like names.
    const rank = distance - (hasTime || el.name === 'time' ? 15 : 0) - (named ? 10 : 0);
    candidates.push({ el, line, hasTime, rank, updated: UPDATED_LABEL.test(line) });
  });
  // A page that labels its dates: the publication's comes before the update's, however placed.
  if (candidates.some((c) => PUBLISHED_LABEL.test(c.line))) {
    for (const candidate of candidates) if (candidate.updated) candidate.rank += 10_000;
  }
  // Best first (ties in page order: the sort is stable); parsing stops at the first real date,
  // unless it gives the day alone: then a line of that day with its time is looked for among the
  // next few (a blog's day header above the post, its time in the post's footer).
  candidates.sort((a, b) => a.rank - b.rank);
  const monthFirst = candidates.some((c) => /\d\/\d{1,2}\/\d{4}/.test(c.line)) && writesMonthFirst(root);
  let dayOnly: DateEvidence | undefined;
  let looked = 0;
  for (const { el, line, hasTime } of candidates) {
    if (dayOnly && (!hasTime || ++looked > SAME_DAY_LOOKS)) continue;
    // A line that names an update too may hold the update's <time>: its own words are read then.
    const instant = UPDATED_ANYWHERE.test(line) ? undefined : heldInstant(el);
    const written = monthFirst && !instant ? line.replace(SLASH_DATE, '$2/$1/$3') : line;
    const value = parseVietnameseDate(instant ?? written, timeZone);
    if (!value) continue;
    const evidence: DateEvidence = { value, hasTime, from: 'page' };
    if (!dayOnly) {
      if (hasTime) return evidence;
      dayOnly = evidence;
    } else if (sameLocalDay(dayOnly.value, value, timeZone)) return evidence;
  }
  return dayOnly;
}

/**
 * Whether a date stands beside, or in, a link to another article: an item of a list of headlines
 * ("<li><a>Yên Thành triển khai sản xuất vụ hè thu 2019</a> <span>(15/05/2019)</span></li>"), whose
 * date is that article's (probe 47: a district portal's page was dated by its "Tin liên quan").
 */
function datesAnotherArticle(el: Element): boolean {
  // In a headline's link: that article's date.
  for (let up: Element | null = el, depth = 0; up && depth < 4; up = parentElement(up), depth++)
    if (up.name === 'a' && isHeadlineLink(up)) return true;
  // In a list item beside a headline's link: the same.
  let item: Element | null = el;
  for (let depth = 0; item && item.name !== 'li' && depth < 4; depth++) item = parentElement(item);
  return (
    item?.name === 'li' &&
    descendants(item).some((a) => a.name === 'a' && !contains(a, el) && isHeadlineLink(a))
  );
}

/** A link of five words or more is a headline: a byline's name, a section's or a tool's is shorter. */
function isHeadlineLink(a: Element): boolean {
  return wordCount(cleanText(rawText(a))) >= 5;
}

/** Lines with a time of day read after a day-only date line, for that day's time. */
const SAME_DAY_LOOKS = 10;

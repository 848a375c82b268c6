/**
 * Every date Bantin reads from a source, in one place. There are two readers on purpose:
 *
 * - `parseFeedDate` (strict) reads a feed's, sitemap's or listing's date field. The field holds a
 *   date and nothing else, so the whole text must read as one: the standard forms (ISO 8601 /
 *   RFC 3339, RFC 2822, HTTP dates) and the sloppy variants feeds carry (no zone, long month
 *   names, `GMT+7`, `ICT`, day-first `27/06/2019 08:15`). Text that is not wholly a date gives
 *   null, and the item falls back to another date.
 * - `parseVietnameseDate` (lenient) reads the date line a newspaper prints on a page: prose
 *   around a date ("Thứ 5 Ngày 27/06/2019", "Cập nhật lúc 08:15 ngày 27/6/2019", "27/06/2019
 *   07:30"), so it looks for a date, a time and an offset anywhere in the line.
 *
 * The lenient reader also reads other languages' month names, other scripts' digits and other
 * calendars (`world-dates.ts`). Numeric dates are day-first, as in Vietnam; a date without an
 * offset is read in the source's time zone. Both return ISO 8601 with seconds and an offset, or null. Zones go through Node's
 * Intl (shared/domain/time.ts): a page's dates are read on every extraction, and luxon cost a
 * twentieth of the extractor's time and a hundred milliseconds of its start.
 */
import { DEFAULT_TIME_ZONE, instantOf, toOffsetIso, toZonedIso, type WallClock } from '../../domain/time.js';
import { findWorldDate, fromBuddhistEra, latinDigits } from './world-dates.js';

/** English month names and their abbreviations (RFC 822 dates and English-language pages). */
const ENGLISH_MONTHS = [
  'january jan',
  'february feb',
  'march mar',
  'april apr',
  'may',
  'june jun',
  'july jul',
  'august aug',
  'september sept sep',
  'october oct',
  'november nov',
  'december dec',
];

/**
 * Month names and their abbreviations in the other languages of the pages Bantin reads
 * (Spanish, Portuguese, French, German, Italian, Dutch, Indonesian, Russian: its genitive "27
 * июня" as well), January first.
 */
const MONTH_WORDS = [
  'enero ene janeiro janvier janv januar jänner jän gennaio gen januari января январь янв',
  'febrero fevereiro fev février févr februar febbraio februari февраля февраль фев',
  'marzo março mars märz mär maret maart марта март мар',
  'abril abr avril aprile апреля апрель апр',
  'mayo maio mai maggio mag mei мая май',
  'junio junho juin juni giugno giu июня июнь июн',
  'julio julho juillet juil juli luglio lug июля июль июл',
  'agosto ago août aout augustus agustus agt августа август авг',
  'septiembre setiembre setembro set septembre settembre сентября сентябрь сент сен',
  'octubre outubro out octobre oktober okt ottobre ott октября октябрь окт',
  'noviembre novembro novembre ноября ноябрь ноя',
  'diciembre dic dezembro dez décembre déc dezember dicembre desember des декабря декабрь дек',
];
const MONTH_NAMES = new Map(
  [...ENGLISH_MONTHS, ...MONTH_WORDS].flatMap((words, index) =>
    words.split(' ').map((word) => [word, (index % 12) + 1] as const),
  ),
);

/** The month a name or abbreviation names (`Jun`, `June`, `Sept.`, `junio`, `März`), or 0. */
function monthNumber(name: string): number {
  const word = name.normalize('NFC').toLowerCase().replace(/\.$/, '');
  return MONTH_NAMES.get(word) ?? 0;
}

/** A 12-hour clock hour in 24 hours; PM is also written CH (chiều), AM SA (sáng). Null when impossible. */
/**
 * "PM", "CH" (chiều: afternoon), "chiều" and "tối" (evening) after a 12-hour time; Arabic "م" and
 * "مساءً" (evening), Persian "ب.ظ" (after noon). (Their mornings: "ص", "صباحاً", "ق.ظ".)
 */
const AFTERNOON = new Set(['pm', 'ch', 'chiều', 'tối', 'م', 'مساء', 'مساءً', 'مساءا', 'بظ', 'ب ظ']);

function to24Hour(hour: number, meridiem: string | undefined): number | null {
  const half = meridiem?.toLowerCase().replace(/\./g, '');
  if (!half) return hour;
  if (hour < 1 || hour > 12) return null;
  if (AFTERNOON.has(half)) return hour === 12 ? 12 : hour + 12;
  // "12 giờ trưa" is noon, "1 giờ trưa" 13:00, "11 giờ trưa" 11:00.
  if (half === 'trưa') return hour <= 5 ? hour + 12 : hour;
  return hour === 12 ? 0 : hour;
}

function signedMinutes(sign: string, hours: string, minutes: string | undefined): number {
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes ?? 0));
}

// ---------------------------------------------------------------------------------------------
// Strict: a feed's date field

/** Zone abbreviations RFC 822 names, plus the one Vietnamese feeds use (ICT, Indochina Time). */
const NAMED_OFFSETS: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  est: -5 * 60,
  edt: -4 * 60,
  cst: -6 * 60,
  cdt: -5 * 60,
  mst: -7 * 60,
  mdt: -6 * 60,
  pst: -8 * 60,
  pdt: -7 * 60,
  ict: 7 * 60,
};

const MIN_YEAR = 1970;
const MAX_YEAR = 2200;

/**
 * Parses a feed date. Returns ISO 8601 with the offset of `timeZone` (e.g.
 * `2019-06-27T08:15:00+07:00`), or null when the text is empty or not a date we can read.
 */
export function parseFeedDate(text: string | null | undefined, timeZone: string): string | null {
  if (!text) return null;
  const cleaned = text
    .normalize('NFC')
    // A zone named in a comment counts when the date names no offset itself: "… +0000 (UTC)" (RFC
    // 5322 allows the comment; attack run 32) is read by its offset.
    .replace(/\([^)]*\)/g, (group) =>
      /gmt|utc/i.test(group) && !/\d\s*[+-]\d{2}:?\d{2}(?!\d)/.test(text) ? group.slice(1, -1) : ' ',
    )
    .replace(/\s+/g, ' ')
    .trim();
  if (!cleaned || cleaned.length > 100) return null;
  const time = readFeedForms(cleaned, timeZone);
  if (time === null) return null;
  try {
    return toZonedIso(time, timeZone);
  } catch {
    return null; // an unknown zone
  }
}

const ZONE = String.raw`(?<zone>Z|(?:GMT|UTC|UT)?\s*[+-]\s*\d{1,2}(?::?\d{2})?|[A-Za-z]{1,4})?`;
const CLOCK = String.raw`(?<hour>\d{1,2})[:hg](?<minute>\d{2})(?::(?<second>\d{2})(?:[.,]\d+)?)?\s*(?<meridiem>AM|PM|SA|CH)?`;
const DAY_MONTH_YEAR = String.raw`(?<day>\d{1,2})[/.-](?<month>\d{1,2})[/.-](?<year>\d{4}|\d{2})`;

/**
 * The forms a feed's date field takes, each a whole-text pattern, tried in order. `dayFirst`
 * forms are matched without the weekday, `ngày` and separators Vietnamese CMSs put around the
 * date; `utc` forms are read in UTC when they name no zone (HTTP's asctime). A weekday is not
 * checked against the date: feeds get it wrong, and the date is what they mean.
 */
const FEED_FORMS: { re: RegExp; dayFirst?: true; utc?: true }[] = [
  // ISO 8601 / RFC 3339 and the like: `2019-06-27T08:15:00.123+07:00`, `2019-06-27 08:15`,
  // `2019-6-27T8:15 ICT`, `2019-06-27 08:15 PM`, `2019-06-27`
  {
    re: new RegExp(
      String.raw`^(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})(?:(?:T|\s+|T\s*)${CLOCK})?\s*${ZONE}$`,
      'i',
    ),
  },
  // RFC 2822 and HTTP (RFC 1123, RFC 850), also with long month names and without weekday,
  // seconds or zone: `Thu, 27 Jun 2019 08:15:00 +0700`, `Thursday, 27-Jun-19 01:15:00 GMT`,
  // `27 June 2019 08:15 GMT+7`
  {
    re: new RegExp(
      String.raw`^(?:[A-Za-z]+\.?,?\s*)?(?<day>\d{1,2})[\s-]+(?<month>[A-Za-z]+)\.?[\s-]+(?<year>\d{2}|\d{4})(?:,?\s+${CLOCK})?\s*${ZONE}$`,
      'i',
    ),
  },
  // JavaScript's Date#toString and US style: `Thu Jun 27 2019 08:15:00 GMT+0700`
  {
    re: new RegExp(
      String.raw`^(?:[A-Za-z]+\.?,?\s+)?(?<month>[A-Za-z]+)\.?\s+(?<day>\d{1,2}),?\s+(?<year>\d{4})(?:,?\s+${CLOCK})?\s*${ZONE}$`,
      'i',
    ),
  },
  // HTTP's asctime, in UTC: `Thu Jun 27 01:15:00 2019`
  {
    re: new RegExp(
      String.raw`^[A-Za-z]+\s+(?<month>[A-Za-z]+)\s+(?<day>\d{1,2})\s+${CLOCK}\s+(?<year>\d{4})\s*${ZONE}$`,
      'i',
    ),
    utc: true,
  },
  // Day-first, as Vietnamese CMSs write: `27/06/2019 08:15:00`, `27-6-2019 8h15`
  { re: new RegExp(String.raw`^${DAY_MONTH_YEAR}(?:\s*T?\s*${CLOCK})?\s*${ZONE}$`, 'i'), dayFirst: true },
  // Time first: `08:15 27/06/2019 GMT+7`
  { re: new RegExp(String.raw`^${CLOCK}\s+${DAY_MONTH_YEAR}\s*${ZONE}$`, 'i'), dayFirst: true },
];

/** The instant (ms) of the first form the text matches wholly that names an existing time, or null. */
function readFeedForms(text: string, timeZone: string): number | null {
  const withoutWords = text
    .replace(/^(?:thứ\s+\S+|chủ\s+nhật|cn|t[2-7])\s*,?\s*/i, '')
    .replace(/\s+[-|]\s+|\s*,\s*/g, ' ')
    .replace(/\bngày\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const { re, dayFirst, utc } of FEED_FORMS) {
    const groups = re.exec(dayFirst ? withoutWords : text)?.groups;
    const time = groups && instantOfGroups(groups, utc ? 'UTC' : timeZone);
    if (time != null) return time;
  }
  return null;
}

/**
 * The instant (ms) the named groups of a feed form give, or null for a word that names no month,
 * an unknown zone, an impossible day or hour, or a year out of range.
 */
function instantOfGroups(groups: Record<string, string | undefined>, timeZone: string): number | null {
  const { year, month, day, hour, minute, second, meridiem, zone } = groups;
  const monthOfYear = /^\d+$/.test(month!) ? Number(month) : monthNumber(month!);
  const offset = zoneOffset(zone ?? '');
  const hour24 = to24Hour(Number(hour ?? 0), meridiem);
  if (!monthOfYear || offset === null || hour24 === null) return null;
  const wall: WallClock = {
    year: fullYear(year!),
    month: monthOfYear,
    day: Number(day),
    hour: hour24,
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
  };
  if (wall.year < MIN_YEAR || wall.year > MAX_YEAR) return null;
  return instantOf(wall, offset ?? timeZone)?.time ?? null;
}

/** A two-digit year is 19xx from 50 on, else 20xx. */
function fullYear(year: string): number {
  const value = Number(year);
  if (year.length > 2) return value;
  return value < 50 ? 2000 + value : 1900 + value;
}

/** `+0700`, `+07:00`, `+7`, `GMT+7`, `UTC+07:00`, `Z`, `GMT`, `EST`, `ICT`… (minutes east of UTC). */
function zoneOffset(zone: string): number | undefined | null {
  const text = zone.trim().toLowerCase();
  if (!text) return undefined;
  const known = NAMED_OFFSETS[text];
  if (known !== undefined) return known;
  const match = /^(?:gmt|utc|ut)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!match) return null;
  const [, sign, hours, minutes] = match;
  if (Number(hours) > 14 || Number(minutes ?? 0) > 59) return null;
  return signedMinutes(sign!, hours!, minutes);
}

// ---------------------------------------------------------------------------------------------
// Lenient: a newspaper's date line

interface DatePart {
  year: number;
  month: number;
  day: number;
}

/** A month's name in any of those languages. */
const MONTH_NAME = `(${[...MONTH_NAMES.keys()]
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?(?![\\p{L}])`;

/**
 * Vietnamese month names, as WordPress's Vietnamese locale prints them ("Tháng Sáu", "Tháng Mười
 * Hai"), with the old names of the first and last months (giêng, chạp); longer names first.
 */
const VIETNAMESE_MONTHS: Record<string, number> = {
  'mười một': 11,
  'mười hai': 12,
  mười: 10,
  một: 1,
  giêng: 1,
  hai: 2,
  ba: 3,
  tư: 4,
  bốn: 4,
  năm: 5,
  sáu: 6,
  bảy: 7,
  tám: 8,
  chín: 9,
  chạp: 12,
};
const VIETNAMESE_MONTH = `tháng\\s+(${Object.keys(VIETNAMESE_MONTHS)
  .map((name) => name.replace(' ', '\\s+'))
  .join('|')})(?!\\p{L})`;
const vietnameseMonth = (name: string) => VIETNAMESE_MONTHS[name.toLowerCase().replace(/\s+/g, ' ')] ?? 0;

/** The Gregorian year each Japanese era began in (its year 1, 元年). */
const JAPANESE_ERAS: Record<string, number> = { 大正: 1912, 昭和: 1926, 平成: 1989, 令和: 2019 };

/** The Gregorian year of the Minguo calendar's year 1 (the Republic of China, Taiwan). */
const MINGUO_YEAR_ONE = 1912;

/**
 * Each pattern yields [year, month, day] from its groups; the first that matches wins. `only`:
 * where the pattern is read at all (the text, the page's zone).
 */
const DATE_PATTERNS: {
  re: RegExp;
  read: (m: RegExpExecArray) => DatePart;
  only?: (text: string, timeZone: string) => boolean;
}[] = [
  {
    re: /(?<!\d)(\d{4})\s*[-/.·]\s*(\d{1,2})\s*[-/.·]\s*(\d{1,2})(?!\d)/,
    read: (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! }),
  },
  {
    re: /(?<!\d)(\d{1,2})\s*[-/.·]\s*(\d{1,2})\s*[-/.·]\s*(\d{4})(?!\d)/,
    read: (m) => ({ year: +m[3]!, month: +m[2]!, day: +m[1]! }),
  },
  {
    // `2024 03/05 14:20:36`: the year, then month and day (Xinhua's pages set each in a box).
    re: /(?<![\d/.-])(\d{4})\s+(\d{1,2})\s*\/\s*(\d{1,2})(?![\d/])/,
    read: (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! }),
  },
  {
    // `2019年6月27日` (Chinese, Japanese), `2019년 6월 27일` (Korean)
    re: /(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]/u,
    read: (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! }),
  },
  {
    // `令和6年8月12日`, `平成元年1月8日`: a Japanese era's year (元年 is its first).
    re: /(大正|昭和|平成|令和)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u,
    read: (m) => ({
      year: JAPANESE_ERAS[m[1]!]! + (m[2] === '元' ? 0 : +m[2]! - 1),
      month: +m[3]!,
      day: +m[4]!,
    }),
  },
  {
    // `中華民國113年7月1日`, `民國 113 年 7 月 1 日`: Taiwan's Minguo calendar (year 1 is 1912).
    re: /民[國国]\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u,
    read: (m) => ({ year: MINGUO_YEAR_ONE - 1 + +m[1]!, month: +m[2]!, day: +m[3]! }),
  },
  {
    // `113-07-01`, `113/07/01`, `113年7月1日`: a year of three digits is Minguo's (Taiwan's
    // government, courts and schools date so: 發布日期：113-07-01); its year 100 was 2011. Only
    // in Chinese text or Taiwan's zone: elsewhere such a number is a document's ("Số 113-07-01").
    re: /(?<![\p{L}\p{N}./·-])(1\d\d)(?:([-/.])(\d{1,2})\2(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)(?![\p{N}]|[-/.]\d)/u,
    read: (m) => ({
      year: MINGUO_YEAR_ONE - 1 + +m[1]!,
      month: +(m[3] ?? m[5])!,
      day: +(m[4] ?? m[6])!,
    }),
    only: (text, timeZone) => timeZone === 'Asia/Taipei' || /\p{Script=Han}/u.test(text),
  },
  {
    re: /(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,|\s)\s*(?:năm\s+)?(\d{4})(?!\d)/iu,
    read: (m) => ({ year: +m[3]!, month: +m[2]!, day: +m[1]! }),
  },
  {
    // `12 June 2024`, `12 de junio de 2024`, `12. März 2024`, `1er mai 2024`
    re: new RegExp(
      `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th|er|º|°|\\.)?\\s+(?:de\\s+)?${MONTH_NAME},?\\s+(?:de\\s+)?(\\d{4})(?!\\d)`,
      'iu',
    ),
    read: (m) => ({ year: +m[3]!, month: monthNumber(m[2]!), day: +m[1]! }),
  },
  {
    re: new RegExp(`(?<![\\p{L}])${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'iu'),
    read: (m) => ({ year: +m[3]!, month: monthNumber(m[1]!), day: +m[2]! }),
  },
  {
    // `15.06.24`, `15/06/24`, `15·06·24`: a two-digit year, the same separator twice, nothing
    // around it that would make it part of a longer number.
    re: /(?<![\p{L}\p{N}./·-])(\d{1,2})([./·-])(\d{1,2})\2(\d{2})(?![\p{N}./·-])/u,
    read: (m) => ({ year: fullYear(m[4]!), month: +m[3]!, day: +m[1]! }),
  },
  {
    // `28 Tháng Sáu, 2019`, `ngày 28 tháng Mười Hai năm 2019`. May needs its comma: "9 tháng
    // năm 2019" is "nine months of 2019".
    re: new RegExp(`(?<!\\d)(\\d{1,2})\\s+${VIETNAMESE_MONTH}(\\s*,?\\s*)(?:năm\\s+)?(\\d{4})(?!\\d)`, 'iu'),
    read: (m) => ({
      year: +m[4]!,
      month: m[2]!.toLowerCase() === 'năm' && !m[3]!.includes(',') ? 0 : vietnameseMonth(m[2]!),
      day: +m[1]!,
    }),
  },
  {
    // `Tháng Sáu 28, 2019`
    re: new RegExp(`(?<![\\p{L}])${VIETNAMESE_MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})(?!\\d)`, 'iu'),
    read: (m) => ({ year: +m[3]!, month: vietnameseMonth(m[1]!), day: +m[2]! }),
  },
];

/** "16:40", "16h40", "16g40", "16 giờ 40 phút", "16時40分", "１６：４０", "16시 40분", "4:40 PM", "4:40 CH", "4:40 chiều". */
const TIME =
  /(?<![\d:：])([01]?\d|2[0-3])\s*(?::|：|h|g|giờ|時|时|시)\s*([0-5]\d)(?:\s*(?:phút|分|분))?(?:[:：]([0-5]\d)(?:[.,]\d+)?)?(?!\d)(?:\s*(am|pm|a\.m\.|p\.m\.|sa|ch|sáng|trưa|chiều|tối|صباحاً|صباحًا|صباحا|صباح|مساءً|مساءا|مساء|ص|م|ق\.\s?ظ|ب\.\s?ظ)(?![\p{L}\p{M}]))?/iu;
const NAMED_OFFSET = /\b(?:GMT|UTC)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?/i;
/** `+07:00` or `+0700` right after the time, or `+0700` after a space (RFC 2822). */
const NUMERIC_OFFSET = /(?<=\d)([+-])(\d{2}):?(\d{2})(?!\d)|(?<=\d )([+-])(\d{2})(\d{2})(?!\d)/;
const ZULU = /(?<=\d)Z\b/;

function findDate(text: string, timeZone: string): { date: DatePart; rest: string } | null {
  const rest = (index: number, length: number) => `${text.slice(0, index)} ${text.slice(index + length)}`;
  for (const { re, read, only } of DATE_PATTERNS) {
    if (only && !only(text, timeZone)) continue;
    const m = re.exec(text);
    if (!m) continue;
    const found = read(m);
    const date = { ...found, year: fromBuddhistEra(found.year) };
    if (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= 31 && date.year >= 1900) {
      return { date, rest: rest(m.index, m[0].length) };
    }
  }
  // Month names in other languages and calendars: looked up only when none of the above reads.
  const world = findWorldDate(text, timeZone);
  if (world && world.year >= 1900) {
    const { year, month, day } = world;
    return { date: { year, month, day }, rest: rest(world.index, world.length) };
  }
  return null;
}

/**
 * Zones newspapers name after a time ("8:15 pm SGT", "8:15 a.m. ET"), in capitals: minutes east
 * of UTC, or the zone whose daylight saving the name leaves open ("ET" is EST or EDT).
 */
const ZONE_NAMES: Record<string, number | string> = {
  EST: -5 * 60,
  EDT: -4 * 60,
  CST: -6 * 60,
  CDT: -5 * 60,
  MST: -7 * 60,
  MDT: -6 * 60,
  PST: -8 * 60,
  PDT: -7 * 60,
  ET: 'America/New_York',
  CT: 'America/Chicago',
  MT: 'America/Denver',
  PT: 'America/Los_Angeles',
  BST: 60,
  CET: 60,
  CEST: 2 * 60,
  EET: 2 * 60,
  EEST: 3 * 60,
  MSK: 3 * 60,
  IST: 5 * 60 + 30,
  ICT: 7 * 60,
  WIB: 7 * 60,
  WITA: 8 * 60,
  WIT: 9 * 60,
  SGT: 8 * 60,
  MYT: 8 * 60,
  PHT: 8 * 60,
  HKT: 8 * 60,
  AWST: 8 * 60,
  JST: 9 * 60,
  KST: 9 * 60,
  ACST: 9 * 60 + 30,
  AEST: 10 * 60,
  AEDT: 11 * 60,
  NZST: 12 * 60,
  NZDT: 13 * 60,
};
/** A zone's name right after a time: "8:15 pm SGT", "10:35 (HKT)", "8:15 a.m. ET". */
const ZONE_AFTER_TIME = new RegExp(
  String.raw`(?<=\d{2}(?:\s*[ap]\.?m\.?)?)\s*\(?(${Object.keys(ZONE_NAMES).join('|')})\)?(?![\p{L}\d])`,
  'u',
);

/**
 * The offset (minutes east of UTC) or zone the text writes, or undefined when it names none;
 * null for an offset no place has ("GMT+25", "+24:00", "-99:59": zones run from −12 to +14 hours).
 */
function findOffset(text: string): { zone: number | string | undefined | null; rest: string } {
  const named = NAMED_OFFSET.exec(text);
  const numeric = named ? null : NUMERIC_OFFSET.exec(text);
  const m = named ?? numeric;
  const without = (index: number, length: number) => `${text.slice(0, index)} ${text.slice(index + length)}`;
  if (m) {
    const [sign, hours, mins] =
      m[1] === undefined && m[4] !== undefined ? [m[4], m[5], m[6]] : [m[1], m[2], m[3]];
    const minutes = hours === undefined ? 0 : signedMinutes(sign!, hours, mins);
    const valid = Math.abs(minutes) <= 14 * 60 && Number(mins ?? 0) <= 59;
    return { zone: valid ? minutes : null, rest: without(m.index, m[0].length) };
  }
  if (ZULU.test(text)) return { zone: 0, rest: text.replace(ZULU, ' ') };
  const abbreviation = ZONE_AFTER_TIME.exec(text);
  if (abbreviation) {
    return { zone: ZONE_NAMES[abbreviation[1]!], rest: without(abbreviation.index, abbreviation[0].length) };
  }
  return { zone: undefined, rest: text };
}

/** "14.30", "kl. 08.15", "08.15 Uhr": a time with a dot, read only when the line has no other. */
const DOTTED_TIME = /(?<![\d.,])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.,])/u;
/**
 * The part of the day written before the time: Korean "오후 2:30", Japanese "午後2時", Chinese
 * "下午2:30", Marathi "दुपारी २:०५", Hindi "शाम 6:30", Bengali "বিকেল ৪টা" (probe 42: read as 02:05).
 */
const MERIDIEM_BEFORE =
  /(오전|오후|午前|午後|上午|下午|早上|晚上|凌晨|सकाळी|दुपारी|संध्याकाळी|सायंकाळी|रात्री|सुबह|दोपहर|शाम|रात|সকাল|দুপুর|বিকেল|বিকাল|সন্ধ্যা|রাত)\s*$/u;
const AFTERNOON_BEFORE = new Set([
  '오후',
  '午後',
  '下午',
  '晚上',
  'दुपारी',
  'संध्याकाळी',
  'सायंकाळी',
  'दोपहर',
  'शाम',
  'দুপুর',
  'বিকেল',
  'বিকাল',
  'সন্ধ্যা',
]);
/** Night: "रात्री ११" is 23:00, "रात्री १" is 01:00 (the small hours). */
const NIGHT_BEFORE = new Set(['रात्री', 'रात', 'রাত']);

function meridiemOf(before: string, hour: number): 'am' | 'pm' {
  if (NIGHT_BEFORE.has(before)) return hour >= 6 && hour < 12 ? 'pm' : 'am';
  return AFTERNOON_BEFORE.has(before) ? 'pm' : 'am';
}

function findTime(text: string): { hour: number; minute: number; second: number } | null {
  const m = TIME.exec(text);
  if (!m) {
    const dotted = DOTTED_TIME.exec(text);
    return dotted && { hour: +dotted[1]!, minute: +dotted[2]!, second: 0 };
  }
  const before = MERIDIEM_BEFORE.exec(text.slice(0, m.index))?.[1];
  const meridiem = m[4] ?? (before && meridiemOf(before, +m[1]!));
  const hour = to24Hour(+m[1]!, meridiem) ?? +m[1]!;
  return { hour, minute: +m[2]!, second: +(m[3] ?? 0) };
}

const MAX_DATE_LINE = 400;

/**
 * The instant a page's date line names, as ISO 8601 with the offset the line gives, else that
 * of `timeZone` (`2019-06-27T08:15:00+07:00`); null when the text holds no valid date. A date
 * without a time is local midnight.
 */
export function parseVietnameseDate(text: string, timeZone: string = DEFAULT_TIME_ZONE): string | null {
  // A date line is short: a long text (a meta tag's value, a selector's whole box) is read from its start.
  const source = latinDigits(text.slice(0, MAX_DATE_LINE).normalize('NFC')).replace(/\s+/g, ' ');
  const found = findDate(source, timeZone);
  if (!found) return null;
  const { zone, rest } = findOffset(found.rest);
  // An offset that names no place makes no instant: the date is not read (a feed's or the fetch's is used).
  if (zone === null) return null;
  const time = findTime(rest) ?? { hour: 0, minute: 0, second: 0 };
  const instant = instantOf({ ...found.date, ...time }, zone ?? timeZone);
  // Seconds and a numeric offset (`+00:00`, never `Z`), no milliseconds.
  return instant && toOffsetIso(instant.time, instant.offset);
}

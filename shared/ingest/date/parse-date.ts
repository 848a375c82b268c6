/**
 * Reads the dates that feeds actually carry: RFC 822 (`Thu, 27 Jun 2019 08:15:00 +0700`, with the
 * usual sloppiness), ISO 8601 / RFC 3339, and the day-first local forms Vietnamese CMSs emit
 * (`27/06/2019 08:15:00`, `2019-06-27 08:15`, `08:15 27/6/2019`). A date without an offset is read
 * in the source's time zone. The result is ISO 8601 with the offset of that zone, no milliseconds.
 * Unlike extract/vietnamese-date.ts, which finds a date anywhere in a page's date line, a feed's
 * date field must be a date as a whole: an unknown zone or a year out of range gives null.
 */
import { DateTime, FixedOffsetZone, type Zone } from 'luxon';
import { MONTHS } from '../extract/vietnamese-date.js';

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

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC, or undefined when the text named no zone. */
  offset: number | undefined;
}

/**
 * Parses a feed date. Returns ISO 8601 with the offset of `timeZone` (e.g.
 * `2019-06-27T08:15:00+07:00`), or null when the text is empty or not a date we can read.
 */
export function parseFeedDate(text: string | null | undefined, timeZone: string): string | null {
  if (!text) return null;
  const cleaned = text
    .normalize('NFC')
    .replace(/\([^)]*\)/g, (group) => (/gmt|utc/i.test(group) ? group.slice(1, -1) : ' '))
    .replace(/\s+/g, ' ')
    .trim();
  if (!cleaned || cleaned.length > 100) return null;
  const parts = readIso(cleaned) ?? readRfc822(cleaned) ?? readJsDate(cleaned) ?? readDayFirst(cleaned);
  return parts ? toZoned(parts, timeZone) : null;
}

function toZoned(parts: Parts, timeZone: string): string | null {
  if (parts.year < MIN_YEAR || parts.year > MAX_YEAR) return null;
  const zone: Zone | string = parts.offset === undefined ? timeZone : FixedOffsetZone.instance(parts.offset);
  const { offset: _offset, ...fields } = parts;
  const dt = DateTime.fromObject(fields, { zone });
  if (!dt.isValid) return null;
  return dt.setZone(timeZone).startOf('second').toISO({ suppressMilliseconds: true });
}

/** `+0700`, `+07:00`, `+7`, `GMT+7`, `UTC+07:00`, `Z`, `GMT`, `EST`, `ICT`… (minutes east of UTC). */
function readOffset(zone: string): number | undefined | null {
  const text = zone.trim().toLowerCase();
  if (!text) return undefined;
  const named = NAMED_OFFSETS[text];
  if (named !== undefined) return named;
  const match = /^(?:gmt|utc|ut)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function to24Hour(hour: number, meridiem: string | undefined): number | null {
  if (!meridiem) return hour;
  if (hour < 1 || hour > 12) return null;
  const pm = /^(pm|ch|chiều|tối)$/i.test(meridiem);
  if (pm) return hour === 12 ? 12 : hour + 12;
  return hour === 12 ? 0 : hour;
}

function fullYear(year: string): number {
  const value = Number(year);
  if (year.length > 2) return value;
  return value < 50 ? 2000 + value : 1900 + value;
}

function build(
  year: number,
  month: number,
  day: number,
  time: { hour?: string; minute?: string; second?: string; meridiem?: string },
  zone: string | undefined,
): Parts | null {
  const offset = readOffset(zone ?? '');
  if (offset === null) return null;
  const hour = to24Hour(Number(time.hour ?? 0), time.meridiem);
  if (hour === null) return null;
  return {
    year,
    month,
    day,
    hour,
    minute: Number(time.minute ?? 0),
    second: Number(time.second ?? 0),
    offset,
  };
}

const ZONE = String.raw`(Z|(?:GMT|UTC|UT)?\s*[+-]\s*\d{1,2}(?::?\d{2})?|[A-Za-z]{1,4})?`;
const TIME = String.raw`(\d{1,2})[:hg](\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(AM|PM|SA|CH)?`;

/** ISO 8601 / RFC 3339 and the `2019-06-27 08:15` form. */
function readIso(text: string): Parts | null {
  const match = new RegExp(
    String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+|T\s*)${TIME})?\s*${ZONE}$`,
    'i',
  ).exec(text);
  if (!match) return null;
  const [, y, mo, d, hour, minute, second, meridiem, zone] = match;
  return build(Number(y), Number(mo), Number(d), { hour, minute, second, meridiem }, zone);
}

/** RFC 822 / 1123 / 2822, tolerating a missing weekday, seconds or zone, and long month names. */
function readRfc822(text: string): Parts | null {
  const match = new RegExp(
    String.raw`^(?:[A-Za-z]+\.?,?\s*)?(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{2}|\d{4})(?:,?\s+${TIME})?\s*${ZONE}$`,
    'i',
  ).exec(text);
  if (!match) return null;
  const [, d, monthName, y, hour, minute, second, meridiem, zone] = match;
  const month = MONTHS[monthName!.slice(0, 3).toLowerCase()];
  if (!month) return null;
  return build(fullYear(y!), month, Number(d), { hour, minute, second, meridiem }, zone);
}

/** What JavaScript's Date#toString and some US-style feeds emit: `Thu Jun 27 2019 08:15:00 GMT+0700`. */
function readJsDate(text: string): Parts | null {
  const match = new RegExp(
    String.raw`^(?:[A-Za-z]+\.?,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+${TIME})?\s*${ZONE}$`,
    'i',
  ).exec(text);
  if (!match) return null;
  const [, monthName, d, y, hour, minute, second, meridiem, zone] = match;
  const month = MONTHS[monthName!.slice(0, 3).toLowerCase()];
  if (!month) return null;
  return build(Number(y), month, Number(d), { hour, minute, second, meridiem }, zone);
}

/**
 * Day-first numeric dates, as Vietnamese sites write them: `27/06/2019 08:15:00`, `27-6-2019 8h15`,
 * `Thứ năm, 27/06/2019 - 08:15`, `08:15 27/06/2019 (GMT+7)`.
 */
function readDayFirst(text: string): Parts | null {
  const stripped = text
    .replace(/^(?:thứ\s+\S+|chủ\s+nhật|cn|t[2-7])\s*,?\s*/i, '')
    .replace(/\s+[-|]\s+|\s*,\s*/g, ' ')
    .replace(/\bngày\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const date = String.raw`(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})`;
  const dateFirst = new RegExp(String.raw`^${date}(?:\s*T?\s*${TIME})?\s*${ZONE}$`, 'i').exec(stripped);
  if (dateFirst) {
    const [, d, mo, y, hour, minute, second, meridiem, zone] = dateFirst;
    return build(fullYear(y!), Number(mo), Number(d), { hour, minute, second, meridiem }, zone);
  }
  const timeFirst = new RegExp(String.raw`^${TIME}\s+${date}\s*${ZONE}$`, 'i').exec(stripped);
  if (timeFirst) {
    const [, hour, minute, second, meridiem, d, mo, y, zone] = timeFirst;
    return build(fullYear(y!), Number(mo), Number(d), { hour, minute, second, meridiem }, zone);
  }
  return null;
}

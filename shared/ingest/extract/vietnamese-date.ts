/**
 * Reads the date lines newspapers print ("Thứ năm, 27/6/2019, 08:15 (GMT+7)", "Cập nhật lúc
 * 08:15 ngày 27/6/2019", "2019-06-27T08:15:00+07:00", "Thu, 27 Jun 2019 08:15:00 +0700") into
 * ISO 8601 with an offset. Day-first is the rule for numeric dates, as in Vietnam and most of
 * the world; an explicit offset in the text wins over the time zone.
 */
import { DateTime, FixedOffsetZone } from 'luxon';
import { DEFAULT_TIME_ZONE } from '../../domain/time.js';

interface DatePart {
  year: number;
  month: number;
  day: number;
}

/** English month abbreviations (dates in RFC 822 and English-language pages). */
export const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH_NAME = '(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\\.?';

/** Each pattern yields [year, month, day] from its groups; the first that matches wins. */
const DATE_PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => DatePart }[] = [
  {
    re: /(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)/,
    read: (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! }),
  },
  {
    re: /(?<!\d)(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?!\d)/,
    read: (m) => ({ year: +m[3]!, month: +m[2]!, day: +m[1]! }),
  },
  {
    re: /(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,|\s)\s*(?:năm\s+)?(\d{4})(?!\d)/iu,
    read: (m) => ({ year: +m[3]!, month: +m[2]!, day: +m[1]! }),
  },
  {
    re: new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_NAME},?\\s+(\\d{4})(?!\\d)`, 'i'),
    read: (m) => ({ year: +m[3]!, month: monthNumber(m[2]!), day: +m[1]! }),
  },
  {
    re: new RegExp(`\\b${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'i'),
    read: (m) => ({ year: +m[3]!, month: monthNumber(m[1]!), day: +m[2]! }),
  },
];

const TIME =
  /(?<![\d:])([01]?\d|2[0-3])\s*[:h]\s*([0-5]\d)(?::([0-5]\d)(?:[.,]\d+)?)?(?!\d)(?:\s*(am|pm|a\.m\.|p\.m\.|sa|ch)\b)?/i;
const NAMED_OFFSET = /\b(?:GMT|UTC)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?/i;
/** `+07:00` or `+0700` right after the time, or `+0700` after a space (RFC 2822). */
const NUMERIC_OFFSET = /(?<=\d)([+-])(\d{2}):?(\d{2})(?!\d)|(?<=\d )([+-])(\d{2})(\d{2})(?!\d)/;
const ZULU = /(?<=\d)Z\b/;

function monthNumber(name: string): number {
  const key = name.toLowerCase().replace(/\.$/, '');
  return MONTHS[key.slice(0, key.startsWith('sept') ? 4 : 3)] ?? 0;
}

function findDate(text: string): { date: DatePart; rest: string } | null {
  for (const { re, read } of DATE_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const date = read(m);
    if (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= 31 && date.year >= 1900) {
      return { date, rest: `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}` };
    }
  }
  return null;
}

/** Minutes east of UTC written in the text, or undefined when it names none. */
function findOffset(text: string): { minutes: number | undefined; rest: string } {
  const named = NAMED_OFFSET.exec(text);
  const numeric = named ? null : NUMERIC_OFFSET.exec(text);
  const m = named ?? numeric;
  if (m) {
    const [sign, hours, mins] =
      m[1] === undefined && m[4] !== undefined ? [m[4], m[5], m[6]] : [m[1], m[2], m[3]];
    const minutes = hours === undefined ? 0 : (sign === '-' ? -1 : 1) * (+hours * 60 + +(mins ?? 0));
    return { minutes, rest: `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}` };
  }
  if (ZULU.test(text)) return { minutes: 0, rest: text.replace(ZULU, ' ') };
  return { minutes: undefined, rest: text };
}

function findTime(text: string): { hour: number; minute: number; second: number } | null {
  const m = TIME.exec(text);
  if (!m) return null;
  let hour = +m[1]!;
  const meridiem = m[4]?.toLowerCase().replace(/\./g, '');
  if ((meridiem === 'pm' || meridiem === 'ch') && hour < 12) hour += 12;
  if ((meridiem === 'am' || meridiem === 'sa') && hour === 12) hour = 0;
  return { hour, minute: +m[2]!, second: +(m[3] ?? 0) };
}

/**
 * The instant a date line names, as ISO 8601 with its offset (`2019-06-27T08:15:00+07:00`),
 * or null when the text holds no valid date. A date without a time is local midnight.
 */
export function parseVietnameseDate(text: string, timeZone: string = DEFAULT_TIME_ZONE): string | null {
  const source = text.normalize('NFC').replace(/\s+/g, ' ');
  const found = findDate(source);
  if (!found) return null;
  const { minutes, rest } = findOffset(found.rest);
  const time = findTime(rest) ?? { hour: 0, minute: 0, second: 0 };
  const zone = minutes === undefined ? timeZone : FixedOffsetZone.instance(minutes);
  const dt = DateTime.fromObject({ ...found.date, ...time }, { zone });
  return dt.isValid ? formatIso(dt) : null;
}

/** ISO 8601 with seconds and a numeric offset (`+00:00`, never `Z`), no milliseconds. */
function formatIso(dt: DateTime): string {
  return dt.toFormat("yyyy-LL-dd'T'HH:mm:ssZZ");
}

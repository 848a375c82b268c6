/**
 * Instants, wall-clock times and time zones. Zones are read as luxon reads them, but with Node's
 * Intl: only the digest schedules (shared/mail/schedule.ts) keep luxon for calendar work, and its
 * 70 KB would be a tenth of the other functions' cold start and a twentieth of extraction time.
 */
import * as z from './zod.js';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** `utc+7`, `UTC-03:30`: a fixed offset. */
const FIXED_OFFSET = /^utc(?:([+-]\d{1,2})(?::(\d{2}))?)?$/i;

/** How a zone gives the offset of an instant: fixed (written `Z` when 0), the system's, or an IANA zone's. */
type Zone = { fixed: number } | { system: true } | { iana: Intl.DateTimeFormat };

/**
 * The zones read so far, by name: only names that are zones, and a bounded number of them, since
 * names come from requests (a sign-up's zone): a cache of every name sent grew without end.
 */
const zones = new Map<string, Zone>();
const ZONES_KEPT = 1_000;
/** The longest IANA name is 32 characters (America/Argentina/ComodRivadavia). */
const MAX_ZONE_NAME = 64;

/** How many zones are kept read (diagnostics, and the tests of the bound). */
export function cachedZoneCount(): number {
  return zones.size;
}

/** The zone a name stands for, as luxon's normalizeZone reads it; null when it names none. */
function zoneOf(name: string): Zone | null {
  const known = zones.get(name);
  if (known) return known;
  const zone = name.length <= MAX_ZONE_NAME ? readZone(name) : null;
  if (zone) {
    if (zones.size >= ZONES_KEPT) zones.clear();
    zones.set(name, zone);
  }
  return zone;
}

function readZone(name: string): Zone | null {
  const lowered = name.toLowerCase();
  if (isHostZone(name)) return { system: true };
  if (lowered === 'utc' || lowered === 'gmt') return { fixed: 0 };
  const fixed = FIXED_OFFSET.exec(lowered);
  if (fixed) {
    const hours = Number.parseInt(fixed[1] ?? '0', 10);
    const minutes = Number.parseInt(fixed[2] ?? '0', 10);
    // Offsets in use run from -12:00 to +14:00; `UTC+99` would write an instant no schema reads.
    const offset = hours * 60 + (hours < 0 || Object.is(hours, -0) ? -minutes : minutes);
    if (minutes > 59 || offset < -12 * 60 || offset > 14 * 60) return null;
    return { fixed: offset };
  }
  if (!name) return null;
  try {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    format.format(0);
    return { iana: format };
  } catch {
    return null;
  }
}

/** The zone's offset from UTC at `time` (ms, whole seconds), in minutes (fractional before standard time). */
function offsetAt(zone: Zone, time: number): number {
  if ('fixed' in zone) return zone.fixed;
  if ('system' in zone) return -new Date(time).getTimezoneOffset();
  const field: Record<string, number> = {};
  let bc = false;
  for (const part of zone.iana.formatToParts(time)) {
    if (part.type === 'era') bc = part.value === 'BC';
    else if (part.type !== 'literal') field[part.type] = Number.parseInt(part.value, 10);
  }
  const year = bc ? 1 - (field.year ?? 0) : (field.year ?? 0);
  const local = new Date(0);
  local.setUTCFullYear(year, (field.month ?? 1) - 1, field.day ?? 1);
  local.setUTCHours(field.hour ?? 0, field.minute ?? 0, field.second ?? 0, 0);
  return (local.getTime() - time) / 60_000;
}

/** A zone name as accepted: known (`isTimeZone`), and spelled as `zoneName` spells it. */
export const timeZoneSchema = z
  .string()
  .check(z.refine(isTimeZone, { message: 'not an IANA time zone' }), z.overwrite(zoneName));

/** An ISO 8601 instant that carries its UTC offset, e.g. 2019-06-27T08:15:00+07:00. */
export const isoInstantSchema = z.iso.datetime({ offset: true });

const two = (n: number) => String(n).padStart(2, '0');

/** Formats an instant as ISO 8601 with the offset of `zone` (seconds kept, no milliseconds). */
export function toZonedIso(instant: Date | string | number, zone: string = DEFAULT_TIME_ZONE): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  const resolved = zoneOf(zone);
  const time = date.getTime();
  if (!resolved || Number.isNaN(time)) throw new Error(`invalid instant: ${String(instant)}`);
  const seconds = time - (((time % 1000) + 1000) % 1000);
  const offset = offsetAt(resolved, seconds);
  return isoAt(seconds, offset, 'fixed' in resolved && offset === 0);
}

/** Formats an instant as ISO 8601 with a numeric offset (`+00:00`, never `Z`), seconds kept. */
export function toOffsetIso(time: number, offsetMinutes: number): string {
  return isoAt(time - (((time % 1000) + 1000) % 1000), offsetMinutes, false);
}

function isoAt(seconds: number, offset: number, zulu: boolean): string {
  const local = new Date(seconds + offset * 60_000);
  const year = local.getUTCFullYear();
  const yyyy =
    year >= 0 && year <= 9999
      ? String(year).padStart(4, '0')
      : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
  const zoneText = zulu
    ? 'Z'
    : `${offset < 0 ? '-' : '+'}${two(Math.trunc(Math.abs(offset) / 60))}:${two(Math.trunc(Math.abs(offset) % 60))}`;
  return `${yyyy}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}${zoneText}`;
}

/** A calendar date and a time of day, as a page or a feed writes them (month 1–12). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Whether the date exists (no 31 June) and the time is one of a day (24:00:00 included, as ISO 8601 has it). */
function existing({ year, month, day, hour, minute, second }: WallClock): boolean {
  const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  if (!Number.isInteger(year) || !whole(month, 1, 12)) return false;
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0); // day 0 of the next month: this month's last day
  if (!whole(day, 1, lastDay.getUTCDate())) return false;
  if (hour === 24) return minute === 0 && second === 0;
  return whole(hour, 0, 23) && whole(minute, 0, 59) && whole(second, 0, 59);
}

/**
 * The instant (ms since the epoch) and offset (minutes east of UTC) that a wall-clock time names
 * in a zone: an IANA name, `UTC+7` and the like, or a fixed offset in minutes. Null when the date
 * or time does not exist or the zone is unknown. A time that a daylight-saving change skips, or
 * repeats, is read as luxon reads it.
 */
export function instantOf(wall: WallClock, zone: string | number): { time: number; offset: number } | null {
  const resolved = typeof zone === 'number' ? { fixed: zone } : zoneOf(zone);
  if (!resolved || !existing(wall)) return null;
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  asUtc.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  const local = asUtc.getTime();
  // luxon's fixOffset: guess the offset, check it at the instant it gives, correct once.
  const guess = offsetAt(resolved, local);
  let time = local - guess * 60_000;
  const second = offsetAt(resolved, time);
  if (second === guess) return { time, offset: guess };
  time -= (second - guess) * 60_000;
  const third = offsetAt(resolved, time);
  if (third === second) return { time, offset: second };
  return { time: local - Math.min(second, third) * 60_000, offset: Math.max(second, third) };
}

/**
 * Whether `zone` names the zone of the machine that runs Bantin (luxon's `system`, `local`,
 * `default`): a reader's or a paper's zone names a place, and this one moves with the host.
 */
export function isHostZone(zone: string): boolean {
  return /^(?:default|local|system)$/i.test(zone);
}

/** Why a host zone is refused where a place's zone goes (a source's, a reader's). */
export function hostZoneRefusal(zone: string): string {
  return `"${zone}" is the server's zone, not a place: use an IANA name such as Asia/Ho_Chi_Minh, or UTC+07:00`;
}

/**
 * IANA's current names that Node's ICU (after CLDR) still resolves to an older one: Vietnam's zone
 * resolves to Asia/Saigon. A name is stored as IANA now writes it.
 */
const CURRENT_NAMES = [
  'Africa/Asmara',
  'America/Argentina/Buenos_Aires',
  'America/Atikokan',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Nuuk',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Yangon',
  'Atlantic/Faroe',
  'Europe/Kyiv',
  'Pacific/Chuuk',
  'Pacific/Kanton',
  'Pacific/Pohnpei',
];
let currentByResolved: Map<string, string> | undefined;

/**
 * The one spelling of a zone name, whatever case or alias it was typed in: `asia/ho_chi_minh` and
 * `Asia/Saigon` are `Asia/Ho_Chi_Minh`, `us/pacific` is `America/Los_Angeles`, `utc+7` is `UTC+7`.
 * Stored as typed, one zone made two (a digest group per spelling, a name shown lower-case).
 * A name that is no zone, and the host's zone, are returned as given.
 */
export function zoneName(name: string): string {
  const zone = zoneOf(name);
  if (!zone || 'system' in zone) return name;
  if ('fixed' in zone) return name.toUpperCase();
  if (!currentByResolved) {
    currentByResolved = new Map();
    for (const current of CURRENT_NAMES) {
      const resolved = zoneOf(current);
      if (resolved && 'iana' in resolved)
        currentByResolved.set(resolved.iana.resolvedOptions().timeZone, current);
    }
  }
  const resolved = zone.iana.resolvedOptions().timeZone;
  return currentByResolved.get(resolved) ?? resolved;
}

/** Whether `zone` names a time zone (an IANA name, `UTC`, `UTC+7`, `system`), as luxon reads it. */
export function isTimeZone(zone: string): boolean {
  return zoneOf(zone) !== null;
}

/**
 * When digests go out: at the subscriber's send hour in the subscriber's time zone, every day
 * (daily) or every Monday (weekly). Computed with the zone's rules, so daylight-saving changes
 * in Berlin and Vietnam's fixed offset both land on the local hour.
 */
import { DateTime } from 'luxon';
import type { SubscriptionPreferences } from '../domain/subscriber.js';
import { toZonedIso } from '../domain/time.js';

export type DigestFrequency = 'daily' | 'weekly';

export { MAX_DIGEST_WINDOW_MS } from './records.js';

type Schedule = Pick<SubscriptionPreferences, 'frequency' | 'sendHour' | 'timeZone'>;

/** The first send time strictly after `after`; undefined for instant subscribers (no digests). */
export function nextDigestAt(preferences: Schedule, after: Date): Date | undefined {
  if (preferences.frequency === 'instant') return undefined;
  const local = DateTime.fromJSDate(after, { zone: preferences.timeZone });
  const hourOf = (day: DateTime, hour: number) => day.set({ hour, minute: 0, second: 0, millisecond: 0 });
  const at = (day: DateTime) => {
    const time = hourOf(day, preferences.sendHour);
    if (time.hour === preferences.sendHour) return time; // (a half-hour jump gives its :30, the first minute after it)
    // The hour does not exist that day: the first hour after the jump (luxon moves the time on by
    // the jump's length, two hours at Antarctica's Troll, so 02:00 became 04:00, not 03:00); when
    // the clock jumps into the next day (Greenland's spring change at 23:00), the minute before the
    // jump, so that day still gets its digest.
    for (let hour = preferences.sendHour + 1; hour < 24; hour++) {
      const after = hourOf(day, hour);
      if (after.hour === hour && after.toISODate() === day.toISODate()) return after;
    }
    return time.toISODate() === day.toISODate() ? time : time.minus({ minutes: 1 });
  };
  // Days are stepped from midnight: a step from the send time could land past a vanished hour
  // into the day after, and skip a day.
  const step = preferences.frequency === 'daily' ? { days: 1 } : { weeks: 1 };
  let day = local.startOf(preferences.frequency === 'daily' ? 'day' : 'week'); // ISO weeks start on Monday
  while (at(day).toMillis() <= after.getTime()) day = day.plus(step).startOf('day');
  return at(day).toJSDate();
}

/**
 * The period a digest scheduled at `scheduledAt` belongs to, in the subscriber's zone: its local
 * date (`2026-11-27`) or ISO week (`2026-W48`). One digest per subscriber per period.
 */
export function digestPeriod(frequency: DigestFrequency, scheduledAt: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(scheduledAt, { zone: timeZone });
  if (frequency === 'daily') return local.toISODate()!;
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
}

/** `27/11/2026`: the date as Vietnamese readers write it, in `timeZone`. */
export function vietnameseDate(at: Date, timeZone: string): string {
  const local = wallClock(at, timeZone);
  return local ? `${local.day}/${local.month}/${local.year}` : INVALID;
}

/** `08:15 27/11/2026`: time then date, in `timeZone`. */
export function vietnameseDateTime(at: Date | string, timeZone: string): string {
  const local = wallClock(at, timeZone);
  return local ? `${local.hour}:${local.minute} ${local.day}/${local.month}/${local.year}` : INVALID;
}

/**
 * `GMT+7`, `GMT+5:30`, `GMT`: the zone's offset at that instant, as mail shows it beside a time
 * (attack run 37: a reader abroad on the default zone could not tell whose 08:15 it was). Empty
 * for an invalid instant or zone.
 */
export function gmtLabel(at: Date | string, timeZone: string): string {
  let iso: string;
  try {
    iso = toZonedIso(at, timeZone);
  } catch {
    return '';
  }
  const offset = /([+-])(\d\d):(\d\d)$/.exec(iso);
  if (!offset || (offset[2] === '00' && offset[3] === '00')) return 'GMT';
  return `GMT${offset[1]}${Number(offset[2])}${offset[3] === '00' ? '' : `:${offset[3]}`}`;
}

/** What luxon writes for an invalid instant or zone. */
const INVALID = 'Invalid DateTime';

/**
 * The local date and time of an instant, from its ISO form in the zone (Intl, shared/domain/time.ts):
 * alerts render dates, and luxon was a fifth of their cold start. Null when the instant or zone is invalid.
 */
function wallClock(at: Date | string, timeZone: string) {
  let iso: string;
  try {
    iso = toZonedIso(at, timeZone);
  } catch {
    return null;
  }
  const [, sign, digits = '', month, day, hour, minute] =
    /^([+-]?)(\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(iso) ?? [];
  const year = `${sign === '-' ? '-' : ''}${String(Number(digits)).padStart(4, '0')}`;
  return { year, month, day, hour, minute };
}

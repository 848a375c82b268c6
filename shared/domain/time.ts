import { DateTime } from 'luxon';
import * as z from 'zod';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const timeZoneSchema = z
  .string()
  .refine((zone) => DateTime.now().setZone(zone).isValid, { message: 'not an IANA time zone' });

/** An ISO 8601 instant that carries its UTC offset, e.g. 2019-06-27T08:15:00+07:00. */
export const isoInstantSchema = z.iso.datetime({ offset: true });

/** Formats an instant as ISO 8601 with the offset of `zone` (seconds kept, no milliseconds). */
export function toZonedIso(instant: Date | string | number, zone: string = DEFAULT_TIME_ZONE): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  // Milliseconds dropped before the zone is applied: luxon works the zone's offset out once, not thrice.
  const iso = DateTime.fromMillis(Math.floor(date.getTime() / 1000) * 1000, { zone }).toISO({
    suppressMilliseconds: true,
  });
  if (!iso) throw new Error(`invalid instant: ${String(instant)}`);
  return iso;
}

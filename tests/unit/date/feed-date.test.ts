import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../shared/ingest/date/parse-date.js';

const VN = 'Asia/Ho_Chi_Minh';

describe('parseFeedDate', () => {
  it.each([
    ['Thu, 27 Jun 2019 08:15:00 +0700', '2019-06-27T08:15:00+07:00'],
    ['Thu, 27 Jun 2019 01:15:00 GMT', '2019-06-27T08:15:00+07:00'],
    ['27 Jun 19 01:15 GMT', '2019-06-27T08:15:00+07:00'],
    ['Thu, 27 Jun 2019 08:15:00 +07:00', '2019-06-27T08:15:00+07:00'],
    ['Thu, 27 June 2019 08:15:00 GMT+7', '2019-06-27T08:15:00+07:00'],
    ['Thu, 27 Jun 2019 08:15:00 ICT', '2019-06-27T08:15:00+07:00'],
    ['Wed, 26 Jun 2019 21:15:00 EDT', '2019-06-27T08:15:00+07:00'],
    ['Thu, 27 Jun 2019 08:15:00', '2019-06-27T08:15:00+07:00'],
    ['2019-06-27T01:15:00Z', '2019-06-27T08:15:00+07:00'],
    ['2019-06-27T08:15:00.123+07:00', '2019-06-27T08:15:00+07:00'],
    ['2019-06-27T08:15:00+0700', '2019-06-27T08:15:00+07:00'],
    ['2019-06-27 08:15', '2019-06-27T08:15:00+07:00'],
    ['2019-06-27', '2019-06-27T00:00:00+07:00'],
    ['27/06/2019 08:15:00', '2019-06-27T08:15:00+07:00'],
    ['27/6/2019 8h15', '2019-06-27T08:15:00+07:00'],
    ['27-06-2019 08:15', '2019-06-27T08:15:00+07:00'],
    ['27.06.2019 08:15', '2019-06-27T08:15:00+07:00'],
    ['Thứ năm, 27/06/2019 - 08:15', '2019-06-27T08:15:00+07:00'],
    ['08:15 27/06/2019 (GMT+7)', '2019-06-27T08:15:00+07:00'],
    ['27/06/2019 08:15 PM', '2019-06-27T20:15:00+07:00'],
    ['Thu Jun 27 2019 08:15:00 GMT+0700 (Indochina Time)', '2019-06-27T08:15:00+07:00'],
    // RFC 5322's comment after the offset (attack run 32).
    ['Thu, 27 Jun 2019 01:15:00 +0000 (UTC)', '2019-06-27T08:15:00+07:00'],
    ['Thu, 27 Jun 2019 01:15:00 (UTC)', '2019-06-27T08:15:00+07:00'],
  ])('reads %j', (text, expected) => {
    expect(parseFeedDate(text, VN)).toBe(expected);
  });

  it('reads the HTTP date forms luxon knows, RFC 850 and asctime (GMT) included', () => {
    expect(parseFeedDate('Thursday, 27-Jun-19 01:15:00 GMT', VN)).toBe('2019-06-27T08:15:00+07:00');
    expect(parseFeedDate('Thu Jun 27 01:15:00 2019', VN)).toBe('2019-06-27T08:15:00+07:00');
  });

  it('reads an RFC 822 date whose weekday is wrong by its date', () => {
    expect(parseFeedDate('Wed, 27 Jun 2019 08:15:00 +0700', VN)).toBe('2019-06-27T08:15:00+07:00');
  });

  it('reads zone-less dates in the given zone and writes that zone’s offset', () => {
    expect(parseFeedDate('27/06/2019 08:15', 'Europe/Paris')).toBe('2019-06-27T08:15:00+02:00');
    expect(parseFeedDate('2019-06-27T01:15:00Z', 'Europe/Paris')).toBe('2019-06-27T03:15:00+02:00');
  });

  it.each([
    '',
    '   ',
    'không rõ ngày',
    '32/13/2019',
    '31/02/2019',
    '1/1/1900',
    'Thu, 27 Jun 2019 08:15:00 XYZ',
    '2019-06-27T25:00',
  ])('returns null for %j', (text) => {
    expect(parseFeedDate(text, VN)).toBeNull();
  });

  it('returns null for null and undefined', () => {
    expect(parseFeedDate(null, VN)).toBeNull();
    expect(parseFeedDate(undefined, VN)).toBeNull();
  });

  it('reads the standard forms as luxon reads them (ISO 8601, RFC 2822, HTTP)', () => {
    const zones = ['+0700', '-0430', 'GMT', '+0000', 'EST', 'PDT'];
    const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const two = (n: number) => String(n).padStart(2, '0');
    for (let i = 0; i < 400; i++) {
      const date = new Date(
        Date.UTC(
          1971 + ((i * 53) % 150),
          i % 12,
          1 + ((i * 17) % 28),
          (i * 5) % 24,
          (i * 7) % 60,
          (i * 11) % 60,
        ),
      );
      const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
      const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
      const rfc2822 = `${days[(date.getUTCDay() + 6) % 7]}, ${d} ${months[m]} ${y} ${clock} ${zones[i % zones.length]}`;
      const http = `${days[(date.getUTCDay() + 6) % 7]}, ${two(d)} ${months[m]} ${y} ${clock} GMT`;
      const iso = `${y}-${two(m + 1)}-${two(d)}T${clock}${i % 3 === 0 ? '.250' : ''}${['Z', '+07:00', '-03:30', ''][i % 4]}`;
      const readers = [
        [rfc2822, DateTime.fromRFC2822(rfc2822, { zone: VN, setZone: true })],
        [http, DateTime.fromHTTP(http, { zone: VN, setZone: true })],
        [iso, DateTime.fromISO(iso, { zone: VN, setZone: true })],
      ] as const;
      for (const [text, luxon] of readers) {
        expect(luxon.isValid, text).toBe(true);
        expect(parseFeedDate(text, VN), text).toBe(
          luxon.setZone(VN).startOf('second').toISO({ suppressMilliseconds: true }),
        );
      }
    }
  });
});

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
});

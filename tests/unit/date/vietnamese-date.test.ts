import { describe, expect, it } from 'vitest';
import { parseVietnameseDate } from '../../../shared/ingest/date/parse-date.js';

describe('parseVietnameseDate', () => {
  it.each([
    ['Thứ 5 Ngày 27/06/2019', '2019-06-27T00:00:00+07:00'],
    ['Thứ năm, 27/6/2019, 08:15 (GMT+7)', '2019-06-27T08:15:00+07:00'],
    ['27/06/2019 08:15 GMT+7', '2019-06-27T08:15:00+07:00'],
    ['Ngày đăng: 27/06/2019 | 08:15', '2019-06-27T08:15:00+07:00'],
    ['Cập nhật lúc 08:15 ngày 27/6/2019', '2019-06-27T08:15:00+07:00'],
    ['Thứ Năm, ngày 27 tháng 6 năm 2019', '2019-06-27T00:00:00+07:00'],
    ['08:15 27/06/2019', '2019-06-27T08:15:00+07:00'],
    ['27-06-2019 08:15', '2019-06-27T08:15:00+07:00'],
    ['27.06.2019 - 8h15', '2019-06-27T08:15:00+07:00'],
    ['2019-06-27T08:15:00+07:00', '2019-06-27T08:15:00+07:00'],
    ['2019-06-27T08:15:30.250+07:00', '2019-06-27T08:15:30+07:00'],
    ['2019-06-27 08:15', '2019-06-27T08:15:00+07:00'],
    ['2019-06-27', '2019-06-27T00:00:00+07:00'],
    ['2019 06/27 08:15:36', '2019-06-27T08:15:36+07:00'],
    ['Thu, 27 Jun 2019 08:15:00 +0700', '2019-06-27T08:15:00+07:00'],
    ['June 27, 2019 3:05 PM', '2019-06-27T15:05:00+07:00'],
    ['27 tháng 6, 2019 lúc 2:05 CH', '2019-06-27T14:05:00+07:00'],
    // Times written the Vietnamese way: "giờ", "g", and the part of the day.
    ['16 giờ 40 phút, ngày 03/06/2019', '2019-06-03T16:40:00+07:00'],
    ['16g40 03/06/2019', '2019-06-03T16:40:00+07:00'],
    ['4:40 chiều 03/06/2019', '2019-06-03T16:40:00+07:00'],
    ['7:30 tối thứ Hai, 03/06/2019', '2019-06-03T19:30:00+07:00'],
    ['12:10 trưa 03/06/2019', '2019-06-03T12:10:00+07:00'],
    ['8:15 sáng 03/06/2019', '2019-06-03T08:15:00+07:00'],
    // Month names in the other languages of the pages Bantin reads.
    ['Pubblicato il 12 maggio 2024', '2024-05-12T00:00:00+07:00'],
    ['12 de junio de 2019 10:45', '2019-06-12T10:45:00+07:00'],
    ['segunda-feira, 22 de janeiro de 2018 às 0:13', '2018-01-22T00:13:00+07:00'],
    ['22. März 2024, 14:30 Uhr', '2024-03-22T14:30:00+07:00'],
    ['1er août 2021', '2021-08-01T00:00:00+07:00'],
    ['Senin, 3 Mei 2024 14:30 WIB', '2024-05-03T14:30:00+07:00'],
    ['5 décembre 2023', '2023-12-05T00:00:00+07:00'],
    // Month names as WordPress's Vietnamese locale prints them.
    ['28 Tháng Sáu, 2019', '2019-06-28T00:00:00+07:00'],
    ['Tháng Sáu 28, 2019 9:05 sáng', '2019-06-28T09:05:00+07:00'],
    ['ngày 3 tháng Mười Hai năm 2019', '2019-12-03T00:00:00+07:00'],
    ['3 THÁNG MƯỜI MỘT, 2019 lúc 14:30', '2019-11-03T14:30:00+07:00'],
    ['1 tháng Giêng 2020', '2020-01-01T00:00:00+07:00'],
    ['28 Tháng Năm, 2019', '2019-05-28T00:00:00+07:00'],
    ['Tháng Năm 28, 2019', '2019-05-28T00:00:00+07:00'],
  ])('reads %j', (text, expected) => {
    expect(parseVietnameseDate(text)).toBe(expected);
  });

  it('lets an explicit offset override the time zone', () => {
    expect(parseVietnameseDate('27/06/2019 08:15 GMT+9')).toBe('2019-06-27T08:15:00+09:00');
    expect(parseVietnameseDate('2019-06-27T01:15:00Z', 'Asia/Ho_Chi_Minh')).toBe('2019-06-27T01:15:00+00:00');
    expect(parseVietnameseDate('2019-06-27T08:15:00-04:00', 'Asia/Tokyo')).toBe('2019-06-27T08:15:00-04:00');
  });

  it.each([
    ['Jun 27, 2019, 8:15 pm SGT', '2019-06-27T20:15:00+08:00'],
    ['27/06/2019 10:35 (HKT)', '2019-06-27T10:35:00+08:00'],
    ['June 27, 2019 14:30 IST', '2019-06-27T14:30:00+05:30'],
    // "ET" leaves daylight saving to the date: EDT in June, EST in December.
    ['June 27, 2019 8:15 a.m. ET', '2019-06-27T08:15:00-04:00'],
    ['December 27, 2019 8:15 a.m. ET', '2019-12-27T08:15:00-05:00'],
  ])('reads the zone a line names after its time: %j', (text, expected) => {
    expect(parseVietnameseDate(text)).toBe(expected);
  });

  it('takes a zone name only after a time, in capitals', () => {
    expect(parseVietnameseDate('ET 27/06/2019 10:35')).toBe('2019-06-27T10:35:00+07:00');
    expect(parseVietnameseDate('27/06/2019 10:35 et 11:00', 'Europe/Paris')).toBe(
      '2019-06-27T10:35:00+02:00',
    );
  });

  it('reads local times in the given zone, daylight saving included', () => {
    expect(parseVietnameseDate('27/06/2019 08:15', 'Europe/Paris')).toBe('2019-06-27T08:15:00+02:00');
    expect(parseVietnameseDate('27/12/2019 08:15', 'Europe/Paris')).toBe('2019-12-27T08:15:00+01:00');
  });

  it.each([
    ['27 июня 2019, 10:35', 'Europe/Moscow', '2019-06-27T10:35:00+03:00'],
    ['Опубликовано: 3 декабря 2019 г., 09:05', 'Europe/Moscow', '2019-12-03T09:05:00+03:00'],
    ['2019年06月27日 10:35', 'Asia/Shanghai', '2019-06-27T10:35:00+08:00'],
    ['2019年6月27日 10時35分', 'Asia/Tokyo', '2019-06-27T10:35:00+09:00'],
    ['2019년 6월 27일 10시 35분', 'Asia/Seoul', '2019-06-27T10:35:00+09:00'],
  ])('reads the date lines of other scripts: %j', (text, zone, iso) => {
    expect(parseVietnameseDate(text, zone)).toBe(iso);
  });

  it('keeps seconds and drops milliseconds', () => {
    expect(parseVietnameseDate('27/06/2019 08:15:42')).toBe('2019-06-27T08:15:42+07:00');
  });

  it('does not take a time range for an offset', () => {
    expect(parseVietnameseDate('27/06/2019 08:15 - 10:30')).toBe('2019-06-27T08:15:00+07:00');
  });

  it('handles decomposed (NFD) text', () => {
    expect(parseVietnameseDate('Thứ Năm, ngày 27 tháng 6 năm 2019'.normalize('NFD'))).toBe(
      '2019-06-27T00:00:00+07:00',
    );
  });

  it.each([
    '',
    'hôm nay',
    '32/13/2019',
    '31/06/2019',
    'Số 27/6 phố Lê Lợi',
    '15 người năm 2024',
    '3 settimane 2024',
    // "nine months of 2019", not 9 May
    'Kinh tế 9 tháng năm 2019',
    'Sau 3 tháng, năm 2019',
  ])('returns null for %j', (text) => {
    expect(parseVietnameseDate(text)).toBeNull();
  });

  it.each([
    '01/06/2025 08:00 GMT+25',
    '2025-06-01T08:00:00+24:00',
    '2025-06-01T08:00:00-99:59',
    '2025-06-01T08:00:00+14:30',
    '2025-06-01T08:00:00+07:75',
  ])(
    'reads no instant from %s: no place has that offset (it made an ISO string nothing could read, and the article was lost; attack run 24)',
    (text) => {
      expect(parseVietnameseDate(text, 'Asia/Ho_Chi_Minh')).toBeNull();
    },
  );

  it('reads the offsets places have, from −12 to +14 hours', () => {
    expect(parseVietnameseDate('2025-06-01T08:00:00+14:00')).toBe('2025-06-01T08:00:00+14:00');
    expect(parseVietnameseDate('2025-06-01T08:00:00-12:00')).toBe('2025-06-01T08:00:00-12:00');
    expect(parseVietnameseDate('2025-06-01T08:00:00+05:45')).toBe('2025-06-01T08:00:00+05:45');
  });

  it('ignores an impossible time of day and keeps the date', () => {
    expect(parseVietnameseDate('25:10 27/06/2019')).toBe('2019-06-27T00:00:00+07:00');
  });

  it('returns null for an unknown time zone', () => {
    expect(parseVietnameseDate('27/06/2019', 'Mars/Olympus')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { parseVietnameseDate } from '../../../shared/ingest/date/parse-date.js';
import { findWorldDate, latinDigits } from '../../../shared/ingest/date/world-dates.js';

/**
 * Languages whose dates Intl writes with a month's name (the lookup's groups, by script), but
 * Croatian: its "listopada" (October) and "lip." (June) are Polish months first (below).
 */
const LOCALES = [
  ...['es', 'pt', 'ca', 'gl', 'eu', 'fr', 'it', 'de', 'nl', 'ro', 'sq', 'hu', 'fi', 'et', 'lv', 'lt'],
  ...['sv', 'da', 'nb', 'nn', 'is', 'ga', 'cy', 'pl', 'cs', 'sk', 'sl', 'bs', 'sr-Latn', 'tr'],
  ...['az', 'uz', 'id', 'ms', 'fil', 'sw', 'af', 'ru', 'uk', 'be', 'bg', 'mk', 'sr', 'kk', 'el'],
  ...['ar', 'ar-SY', 'ar-IQ', 'ar-MA', 'fa', 'fa-AF', 'ur', 'he', 'hi', 'mr', 'ne', 'bn', 'pa', 'gu'],
  ...['ta', 'te', 'kn', 'ml', 'si', 'th', 'lo', 'km', 'my', 'ka', 'hy', 'am'],
  // Other languages of those scripts (probe 48). Chuvash, Sorani, Uyghur and Sanskrit too, but
  // Intl's whole dates in them take shapes no page was seen to print ("2019, кӑрлач, 1", "2019 1-يانۋار").
  ...['ti', 'tt', 'tg', 'ba', 'sah', 'sd', 'ks', 'kok', 'mai', 'doi', 'brx', 'mni'],
];

/** Mid-morning on the 1st, 13th and 28th of every month of 2019 and 2024 (a leap year). */
const DAYS = [2019, 2024].flatMap((year) =>
  Array.from({ length: 12 }, (_, month) => [1, 13, 28].map((day) => Date.UTC(year, month, day, 3))).flat(),
);

describe('date lines in other languages, scripts and calendars', () => {
  it.each([
    ['27 czerwca 2019, 08:15', 'Europe/Warsaw', '2019-06-27T08:15:00+02:00'],
    ['Czwartek, 27 czerwca 2019 r.', 'Europe/Warsaw', '2019-06-27T00:00:00+02:00'],
    ['27 Ιουνίου 2019 08:15', 'Europe/Athens', '2019-06-27T08:15:00+03:00'],
    ['27 ΙΟΥΝΙΟΥ 2019', 'Europe/Athens', '2019-06-27T00:00:00+03:00'],
    ['27 червня 2019 р., 10:35', 'Europe/Kyiv', '2019-06-27T10:35:00+03:00'],
    ['27 Haziran 2019 Perşembe 08:15', 'Europe/Istanbul', '2019-06-27T08:15:00+03:00'],
    ['27 Mayıs 2019', 'Europe/Istanbul', '2019-05-27T00:00:00+03:00'],
    ['2019. június 27. 08:15', 'Europe/Budapest', '2019-06-27T08:15:00+02:00'],
    ['2019 m. birželio 27 d. 08:15', 'Europe/Vilnius', '2019-06-27T08:15:00+03:00'],
    ['27 ביוני 2019, 08:15', 'Asia/Jerusalem', '2019-06-27T08:15:00+03:00'],
    ['٢٧ حزيران ٢٠١٩', 'Asia/Damascus', '2019-06-27T00:00:00+03:00'],
    // The hijri date first, then ours: the one read is the one with a month Bantin knows.
    ['الخميس 24 شوال 1440 هـ - 27 يونيو 2019', 'Asia/Riyadh', '2019-06-27T00:00:00+03:00'],
    ['۶ تیر ۱۳۹۸ - ۰۸:۱۵', 'Asia/Tehran', '2019-06-27T08:15:00+04:30'],
    ['27 जून 2019, 08:15 IST', 'Asia/Kolkata', '2019-06-27T08:15:00+05:30'],
    // A space before the comma (Urdu pages set one before their "،").
    ['14 اکتوبر ، 2024 09:32pm', 'Asia/Karachi', '2024-10-14T21:32:00+05:00'],
    // Croatian months in Croatia's zone ("listopada" is November in Poland).
    ['14. listopada 2024. u 09:32', 'Europe/Zagreb', '2024-10-14T09:32:00+02:00'],
    ['14 listopada 2024, 09:32', 'Europe/Warsaw', '2024-11-14T09:32:00+01:00'],
    ['5. lipnja 2024.', 'Europe/Zagreb', '2024-06-05T00:00:00+02:00'],
    ['২৭ জুন ২০১৯, ০৮:১৫', 'Asia/Dhaka', '2019-06-27T08:15:00+06:00'],
    ['ஜூன் 27, 2019', 'Asia/Kolkata', '2019-06-27T00:00:00+05:30'],
    // The Buddhist era: Thai years are 543 ahead, in words, numbers and two digits.
    ['วันพฤหัสบดีที่ 27 มิถุนายน พ.ศ. 2562 เวลา 08:15 น.', 'Asia/Bangkok', '2019-06-27T08:15:00+07:00'],
    ['15 มิ.ย. 67 08:15', 'Asia/Bangkok', '2024-06-15T08:15:00+07:00'],
    ['15/06/2567 08:15', 'Asia/Bangkok', '2024-06-15T08:15:00+07:00'],
    ['၂၀၁၉ ဇွန် ၂၇', 'Asia/Yangon', '2019-06-27T00:00:00+06:30'],
    // The words for year, month and day written around them (blind probe 40): Burmese, Khmer, Lao.
    ['၂၀၂၂ ခုနှစ်၊ ဩဂုတ်လ ၅ ရက် ၁၆:၂၀', 'Asia/Yangon', '2022-08-05T16:20:00+06:30'],
    ['ထုတ်ဝေသည် ၂၀၂၂၊ ဩဂုတ် ၅', 'Asia/Yangon', '2022-08-05T00:00:00+06:30'],
    ['ថ្ងៃព្រហស្បតិ៍ ទី១៤ ខែមីនា ឆ្នាំ២០២៤ ម៉ោង ១០:៣០', 'Asia/Phnom_Penh', '2024-03-14T10:30:00+07:00'],
    ['ວັນທີ 14 ເດືອນ ມີນາ ປີ 2024, 10:30', 'Asia/Vientiane', '2024-03-14T10:30:00+07:00'],
    // Times with a dot, and the half of the day written before the time.
    ['Publicerad 15 juni 2024 14.30', 'Europe/Stockholm', '2024-06-15T14:30:00+02:00'],
    ['2024.06.15. 오후 2:30', 'Asia/Seoul', '2024-06-15T14:30:00+09:00'],
    ['2024.06.15. 오전 9:05', 'Asia/Seoul', '2024-06-15T09:05:00+09:00'],
    ['2024年6月15日 午後2時30分', 'Asia/Tokyo', '2024-06-15T14:30:00+09:00'],
    ['2024年6月15日 下午2:30', 'Asia/Shanghai', '2024-06-15T14:30:00+08:00'],
    // Mongolian months named by their number, in words of three (or two) and in digits (blind probe 42).
    ['2025 оны арван хоёрдугаар сарын 2, 14:05', 'Asia/Ulaanbaatar', '2025-12-02T14:05:00+08:00'],
    ['2025 оны арванхоёрдугаар сарын 2. 14:05', 'Asia/Ulaanbaatar', '2025-12-02T14:05:00+08:00'],
    ['2025 оны 12 сарын 2, 14:05', 'Asia/Ulaanbaatar', '2025-12-02T14:05:00+08:00'],
    ['2025 оны 3-р сарын 14', 'Asia/Ulaanbaatar', '2025-03-14T00:00:00+08:00'],
    ['2025 оны хоёрдугаар сарын 14', 'Asia/Ulaanbaatar', '2025-02-14T00:00:00+08:00'],
    // Marathi, Hindi and Bengali parts of the day before the time (blind probe 42: 02:05 for 14:05).
    ['२ डिसेंबर २०२५, दुपारी २:०५', 'Asia/Kolkata', '2025-12-02T14:05:00+05:30'],
    ['२ डिसेंबर २०२५, सकाळी ९:३०', 'Asia/Kolkata', '2025-12-02T09:30:00+05:30'],
    ['२ डिसेंबर २०२५, रात्री ११:१५', 'Asia/Kolkata', '2025-12-02T23:15:00+05:30'],
    ['२ डिसेंबर २०२५, रात्री १:१५', 'Asia/Kolkata', '2025-12-02T01:15:00+05:30'],
    ['2 दिसंबर 2025, शाम 6:30', 'Asia/Kolkata', '2025-12-02T18:30:00+05:30'],
    ['২ ডিসেম্বর ২০২৫, বিকেল ৪:১০', 'Asia/Dhaka', '2025-12-02T16:10:00+06:00'],
    // Arabic and Persian halves of the day after the time: م / مساءً (evening), ص (morning), ب.ظ.
    ['الخميس، 05 ديسمبر 2024 03:15 م', 'Africa/Cairo', '2024-12-05T15:15:00+02:00'],
    ['الخميس، 05 ديسمبر 2024 08:40 مساءً', 'Asia/Riyadh', '2024-12-05T20:40:00+03:00'],
    ['الخميس، 05 ديسمبر 2024 09:10 ص', 'Africa/Cairo', '2024-12-05T09:10:00+02:00'],
    ['الخميس، 05 ديسمبر 2024 15:15 م', 'Africa/Cairo', '2024-12-05T15:15:00+02:00'],
    // Japanese eras (元年, their first year), full-width digits and colon.
    ['令和6年6月15日 14時30分', 'Asia/Tokyo', '2024-06-15T14:30:00+09:00'],
    ['公開日：令和６年６月１５日（土）１４：３０', 'Asia/Tokyo', '2024-06-15T14:30:00+09:00'],
    ['令和元年5月1日', 'Asia/Tokyo', '2019-05-01T00:00:00+09:00'],
    ['平成31年4月30日', 'Asia/Tokyo', '2019-04-30T00:00:00+09:00'],
    // Taiwan's Minguo calendar: year 113 is 2024 (probe 46: a city's press release had no date).
    ['發布日期：113-07-01', 'Asia/Taipei', '2024-07-01T00:00:00+08:00'],
    ['113/07/01 10:30', 'Asia/Taipei', '2024-07-01T10:30:00+08:00'],
    ['中華民國113年7月1日', 'Asia/Taipei', '2024-07-01T00:00:00+08:00'],
    ['民國 99 年 12 月 31 日', 'Asia/Taipei', '2010-12-31T00:00:00+08:00'],
    ['更新時間：113年7月1日 上午', 'Asia/Taipei', '2024-07-01T00:00:00+08:00'],
    // Two-digit years.
    ['15.06.24 | 14:30', 'Asia/Jerusalem', '2024-06-15T14:30:00+03:00'],
    ['15/06/24', 'UTC', '2024-06-15T00:00:00+00:00'],
    ['15·06·24 | 07:30', 'Europe/Madrid', '2024-06-15T07:30:00+02:00'],
    ['15·06·2024 07:30', 'Europe/Madrid', '2024-06-15T07:30:00+02:00'],
    ['27 juni 2019 kl. 08.15', 'Europe/Stockholm', '2019-06-27T08:15:00+02:00'],
    ['27. kesäkuuta 2019 klo 8.15', 'Europe/Helsinki', '2019-06-27T08:15:00+03:00'],
    ['27. Juni 2019, 08.15 Uhr', 'Europe/Berlin', '2019-06-27T08:15:00+02:00'],
    // Tigrinya's own Gregorian months (Amharic's are the English names in Ethiopic letters), and
    // Dhivehi's, which CLDR lacks, as Maldivian papers print them (probe 48).
    ['ሓሙስ 20 ሰነ 2024', 'Africa/Asmara', '2024-06-20T00:00:00+03:00'],
    ['20 ጁን 2024', 'Africa/Addis_Ababa', '2024-06-20T00:00:00+03:00'],
    ['15 ޖޫން 2024 - 10:30', 'Indian/Maldives', '2024-06-15T10:30:00+05:00'],
    ['3 ޖަނަވަރީ 2024', 'Indian/Maldives', '2024-01-03T00:00:00+05:00'],
    ['3 ޑިސެމްބަރު 2023', 'Indian/Maldives', '2023-12-03T00:00:00+05:00'],
    ['15 حوزەیران 2024', 'Asia/Baghdad', '2024-06-15T00:00:00+03:00'],
    // Numbers each marked by a word for year, month and day, in a script no month name is read
    // in: Tibetan (its own digits or Latin ones; "ལོ" year, "ཟླ" month, "ཚེས" day), day first too;
    // traditional Mongolian.
    ['ཕྱི་ལོ་༢༠༢༤ ཟླ་ ༦ ཚེས་ ༡༥', 'Asia/Kolkata', '2024-06-15T00:00:00+05:30'],
    ['ཕྱི་ལོ་2024 ཟླ་6 ཚེས་15 ཆུ་ཚོད་10:30', 'Asia/Kolkata', '2024-06-15T10:30:00+05:30'],
    ['༢༠༢༤ ལོའི་ཟླ་ ༦ ཚེས་ ༡༥', 'Asia/Kolkata', '2024-06-15T00:00:00+05:30'],
    ['ཚེས་ ༡༥ ཟླ་ ༦ ལོ་ ༢༠༢༤', 'Asia/Kolkata', '2024-06-15T00:00:00+05:30'],
    ['ᠬᠣᠶᠠᠷ 2024 ᠣᠨ ᠤ 6 ᠰᠠᠷ ᠠ ᠶᠢᠨ 15', 'Asia/Shanghai', '2024-06-15T00:00:00+08:00'],
  ])('reads %j', (text, zone, iso) => {
    expect(parseVietnameseDate(text, zone)).toBe(iso);
  });

  it('reads no date where a word beside a day and a year names no month', () => {
    const texts = [
      'Top 10 điểm đến 2019',
      'June 2019 27 people',
      'xjune 27, 2019',
      '27 tin, 2019',
      'v1.2.24',
      '15.06.24.1',
      // A three-digit year is Minguo's only in Chinese text or Taiwan's zone: else a number's.
      'Công văn số 113-07-01',
      'call 113-07-0123',
      'v1.113.07.01',
      '113-13-01 發布',
      // Numbers with words between them are a date only in a script no month name is read in,
      // and only with a real month and day.
      'In 2024 about 6 to 15 people',
      'năm 2024 có 6 đến 15 hộ',
      'ཕྱི་ལོ་༢༠༢༤ ཟླ་ ༡༣ ཚེས་ ༡༥',
    ];
    for (const text of texts) {
      expect(parseVietnameseDate(text, 'UTC')).toBeNull();
    }
  });

  it('reads a long text (a meta value, a selected box) from its start only, as a date line', () => {
    const long = `${'Tin tức '.repeat(100)} 27/06/2019`;
    expect(parseVietnameseDate(long)).toBeNull();
    expect(parseVietnameseDate(`27/06/2019 ${'Tin tức '.repeat(100)}`)).toBe('2019-06-27T00:00:00+07:00');
    expect(findWorldDate(`${'a'.repeat(40)} 27 czerwca 2019`)).toMatchObject({
      year: 2019,
      month: 6,
      day: 27,
    });
  });

  it('reads a name two languages give different months as the more read language does', () => {
    // Polish November, Croatian October; Polish July, Croatian June.
    expect(parseVietnameseDate('1 listopada 2019', 'UTC')).toBe('2019-11-01T00:00:00+00:00');
    expect(parseVietnameseDate('1 lip 2019', 'UTC')).toBe('2019-07-01T00:00:00+00:00');
  });

  it.each(LOCALES)('reads every date as Intl writes it in %s, its own digits and calendar too', (locale) => {
    const long = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const short = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    // Burmese's short names are one letter, too little to go by.
    const formats = locale === 'my' ? [long] : [long, short];
    for (const time of DAYS) {
      const expected = `${new Date(time).toISOString().slice(0, 10)}T00:00:00+00:00`;
      for (const format of formats) {
        const text = format.format(time);
        // Some languages' short dates are numbers alone, month first ("06-27"): no name to read.
        if (!/\p{L}/u.test(text)) continue;
        expect([text, parseVietnameseDate(text, 'UTC')]).toEqual([text, expected]);
      }
    }
  });

  it('reads every day of ten solar hijri years as Persian pages write them', () => {
    const format = new Intl.DateTimeFormat('fa', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    for (let time = Date.UTC(2016, 0, 1, 6); time < Date.UTC(2026, 0, 1); time += 86_400_000) {
      const text = format.format(time);
      const day = parseVietnameseDate(text, 'UTC')?.slice(0, 10);
      if (day !== new Date(time).toISOString().slice(0, 10)) expect([text, day]).toEqual([text, time]);
    }
  });

  it('reads the digits of every numbering system Intl knows as Latin digits', () => {
    for (const system of [
      'arab',
      'arabext',
      'deva',
      'beng',
      'guru',
      'gujr',
      'orya',
      'tamldec',
      'telu',
      'knda',
    ]) {
      for (const other of [
        'mlym',
        'thai',
        'laoo',
        'tibt',
        'mymr',
        'khmr',
        'fullwide',
        'mathbold',
        'mathmono',
      ]) {
        for (const name of [system, other]) {
          const digits = new Intl.NumberFormat('en', { numberingSystem: name, useGrouping: false }).format(
            9876543210,
          );
          expect([name, latinDigits(digits)]).toEqual([name, '9876543210']);
        }
      }
    }
    expect(latinDigits('Ngày 27/06/2019')).toBe('Ngày 27/06/2019');
  });
});

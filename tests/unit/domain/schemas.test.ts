import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { limitCategories, limitTitle } from '../../../shared/domain/article.js';
import { ArticleEventSchema } from '../../../shared/domain/events.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { EmailSchema, SubscriptionPreferencesSchema } from '../../../shared/domain/subscriber.js';
import {
  cachedZoneCount,
  instantOf,
  isoInstantSchema,
  timeZoneSchema,
  toZonedIso,
} from '../../../shared/domain/time.js';
import { parseOrThrow, ValidationError } from '../../../shared/domain/validation.js';
import { preferencesFromForm } from '../../../shared/mail/subscription-input.js';

const validSource = {
  id: 'bao-ha-nam',
  name: 'Báo Hà Nam',
  homepage: 'https://baohanam.com.vn/',
  kind: 'feed',
  urls: ['https://baohanam.com.vn/rss/tin-moi-nhat.rss'],
};

describe('Source', () => {
  it.each(['http://baohanam.example.vn:99999/', 'http://bao ha nam.example.vn/', 'http://[fe80::1%25eth0]/'])(
    'refuses %s as an invalid URL, not with an exception',
    (url) => {
      for (const input of [
        { ...validSource, homepage: url },
        { ...validSource, urls: [url] },
      ]) {
        const result = SourceSchema.safeParse(input);
        expect(result.success).toBe(false);
        expect(JSON.stringify(result.error?.issues)).toMatch(/url|URL/);
      }
    },
  );

  it.each([
    'https://bao.example.vn/rss\r\nX-Injected: 1',
    'https://bao.example.vn/r\tss',
    'https://bao.example.vn/\u0000',
  ])('refuses %j: a control character in an address is refused, not dropped (attack run 24)', (url) => {
    const result = SourceSchema.safeParse({ ...validSource, urls: [url] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('no line breaks, tabs or control characters');
  });

  it('fills defaults for Vietnamese sources', () => {
    const source = SourceSchema.parse(validSource);
    expect(source).toMatchObject({
      language: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      enabled: true,
      pollIntervalMinutes: 15,
      rehostImages: true,
    });
    expect(SourceSchema.parse({ ...validSource, rehostImages: false }).rehostImages).toBe(false);
  });

  it('keeps its links as a browser writes them, so feeds that credit it stay valid', () => {
    const source = SourceSchema.parse({
      ...validSource,
      homepage: 'http://Bao.Example.vn/trang chủ/',
      urls: ['https://bao.example.vn/rss?x=a b&q="><script>'],
    });
    expect(source.homepage).toBe('http://bao.example.vn/trang%20ch%E1%BB%A7/');
    expect(source.urls).toEqual(['https://bao.example.vn/rss?x=a%20b&q=%22%3E%3Cscript%3E']);
  });

  it('names the field and the reason of every problem', () => {
    const bad = { ...validSource, id: 'Bad Id', urls: ['ftp://x.example/feed'], timeZone: 'Mars/Olympus' };
    let caught: unknown;
    try {
      parseOrThrow(SourceSchema, bad, 'source');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const issues = (caught as ValidationError).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['id', 'timeZone', 'urls.0']);
    expect(issues.find((i) => i.path === 'timeZone')?.message).toBe('not an IANA time zone');
    expect((caught as Error).message).toContain('id: lowercase letters');
  });

  it('rejects unknown fields and selectors', () => {
    expect(() => parseOrThrow(SourceSchema, { ...validSource, pollEvery: 5 }, 'source')).toThrow(
      /Unrecognized key/,
    );
    expect(() =>
      parseOrThrow(SourceSchema, { ...validSource, selectors: { bodyy: '.x' } }, 'source'),
    ).toThrow(/selectors/);
  });

  it('bounds what a source holds, so that it and its audit entry fit one table item', () => {
    const long = `https://bao.example/${'a'.repeat(2100)}`;
    const issues = (input: object) =>
      (SourceSchema.safeParse({ ...validSource, ...input }).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(issues({ urls: [long] })).toEqual(['urls.0']);
    expect(issues({ homepage: long })).toEqual(['homepage']);
    expect(issues({ selectors: { body: `.${'x'.repeat(1000)}` } })).toEqual(['selectors.body']);
    expect(issues({ selectors: { remove: Array(51).fill('.x') } })).toEqual(['selectors.remove']);
    const largest = SourceSchema.parse({
      ...validSource,
      homepage: long.slice(0, 2048),
      urls: Array(20).fill(long.slice(0, 2048)),
      selectors: { body: 'x'.repeat(1000), remove: Array(50).fill('x'.repeat(1000)) },
    });
    // Before and after in one audit entry, with room to spare under DynamoDB's 400 KB.
    expect(2 * Buffer.byteLength(JSON.stringify(largest))).toBeLessThan(300_000);
  });
});

describe('Subscriber email', () => {
  it('lowercases a valid address', () => {
    expect(EmailSchema.parse(' Ban.Doc@Example.VN ')).toBe('ban.doc@example.vn');
  });

  it.each([
    ['header injection', 'a@example.com\r\nBcc: victim@example.com'],
    ['no domain', 'ban-doc@'],
    ['no @', 'ban-doc.example.vn'],
    ['a space', 'ban doc@example.vn'],
    ['overlong', `${'a'.repeat(250)}@example.com`],
  ])('rejects %s', (_name, address) => {
    expect(EmailSchema.safeParse(address).success).toBe(false);
  });

  it('keeps keywords and categories on one line in NFC: no line break, control or bidi override survives', () => {
    const parsed = SubscriptionPreferencesSchema.parse({
      keywords: [
        'Ha\r\nBcc: x@example.com',
        'gia\u202Evang\u2066',
        'To\u0323a \u0111a\u0300m',
        'lũ\u200b lụt\ufeff',
      ],
      categories: ['Kinh\u2028tế\u0000'],
    });
    expect(parsed.keywords).toEqual(['Ha Bcc: x@example.com', 'gia vang', 'Tọa đàm', 'lũ lụt']);
    expect(parsed.categories).toEqual(['Kinh tế']);
    expect(SubscriptionPreferencesSchema.safeParse({ keywords: ['\r\n\u202E'] }).success).toBe(false);
  });

  it('splits keywords and categories where the subscribe form does, so the manage form saves the same lists back', () => {
    const sent = SubscriptionPreferencesSchema.parse({
      keywords: ['giá vàng, tỷ giá', 'Hà Nội; Hải Phòng'],
      categories: ['Văn hóa, Xã hội'],
    });
    expect(sent.keywords).toEqual(['giá vàng', 'tỷ giá', 'Hà Nội', 'Hải Phòng']);
    expect(sent.categories).toEqual(['Văn hóa', 'Xã hội']);
    const saved = SubscriptionPreferencesSchema.parse(
      preferencesFromForm(
        new URLSearchParams({ keywords: sent.keywords.join(', '), categories: sent.categories.join(', ') }),
      ),
    );
    expect(saved).toEqual(sent);
    // A number's decimal comma is no separator (attack run 31: the API stored "giá 1" and "5 tỷ đồng").
    expect(
      SubscriptionPreferencesSchema.parse({ keywords: ['giá 1,5 tỷ đồng', '1,5 tỷ đồng;lúa'] }).keywords,
    ).toEqual(['giá 1,5 tỷ đồng', '1,5 tỷ đồng', 'lúa']);
    const decimal = SubscriptionPreferencesSchema.parse(
      preferencesFromForm(new URLSearchParams({ keywords: '1,5 tỷ đồng, giá vàng' })),
    );
    expect(decimal.keywords).toEqual(['1,5 tỷ đồng', 'giá vàng']);
    // Splitting leaves no empty keyword; an empty one sent alone is refused as before.
    expect(SubscriptionPreferencesSchema.parse({ keywords: ['lũ lụt,, '] }).keywords).toEqual(['lũ lụt']);
    expect(SubscriptionPreferencesSchema.safeParse({ keywords: [''] }).success).toBe(false);
    expect(SubscriptionPreferencesSchema.safeParse({ keywords: Array(51).fill('lũ') }).success).toBe(false);
  });

  it('defaults preferences to a daily digest at 07:00 in Hanoi time', () => {
    expect(SubscriptionPreferencesSchema.parse({})).toMatchObject({
      frequency: 'daily',
      sendHour: 7,
      timeZone: 'Asia/Ho_Chi_Minh',
    });
  });
});

describe('ArticleEvent', () => {
  it('requires offsets on instants', () => {
    const event = {
      type: 'article.published',
      articleId: 'a'.repeat(24),
      sourceId: 'bao-ha-nam',
      canonicalUrl: 'https://baohanam.com.vn/a.html',
      title: 'Tọa đàm',
      categories: [],
      language: 'vi',
      publishedAt: '2019-06-27T08:15:00+07:00',
      occurredAt: '2019-06-27T08:15:00',
    };
    const result = ArticleEventSchema.safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['occurredAt']);
  });
});

describe('toZonedIso', () => {
  it('writes instants with the offset of the zone', () => {
    expect(toZonedIso('2019-06-27T01:15:00Z')).toBe('2019-06-27T08:15:00+07:00');
    expect(toZonedIso('2019-06-27T01:15:00Z', 'Europe/Berlin')).toBe('2019-06-27T03:15:00+02:00');
    expect(toZonedIso('2026-01-27T01:15:00.999Z', 'America/St_Johns')).toBe('2026-01-26T21:45:00-03:30');
    expect(toZonedIso('2026-01-27T01:15:00Z', 'UTC')).toBe('2026-01-27T01:15:00Z');
    expect(toZonedIso('2026-01-27T01:15:00Z', 'Europe/London')).toBe('2026-01-27T01:15:00+00:00');
    expect(() => toZonedIso('not a date')).toThrow('invalid instant');
    expect(() => toZonedIso(0, 'Mars/Olympus')).toThrow('invalid instant');
  });

  // Luxon reads zones for the calendar work (mail schedules, ingest dates): both read them alike.
  it('reads zones and writes offsets as luxon does', () => {
    const zones = [
      'Asia/Ho_Chi_Minh',
      'asia/saigon',
      'Europe/Berlin',
      'America/St_Johns',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Asia/Kathmandu',
      'Africa/Monrovia',
      'Etc/GMT-7',
      'Etc/UTC',
      'UTC',
      'gmt',
      'UTC+7',
      'utc-03:30',
      'utc-0',
      'local',
      'system',
      'default',
      '+07:00',
      'Mars/Olympus',
      'Múi giờ',
      '',
    ];
    const instants = [
      0,
      -1,
      999,
      -1001,
      Date.UTC(2026, 2, 29, 0, 59, 59, 500),
      Date.UTC(2026, 9, 25, 1, 0, 0, 1),
      Date.UTC(1850, 5, 1, 12),
      Date.UTC(1906, 6, 1),
      Date.UTC(99, 0, 1),
      Date.UTC(-5, 0, 1),
      Date.UTC(12000, 0, 1),
    ];
    for (let i = 0; i < 200; i++)
      instants.push(
        Date.UTC(1900 + ((i * 37) % 200), i % 12, 1 + (i % 28), i % 24, (i * 7) % 60, (i * 13) % 60),
      );
    for (const zone of zones) {
      expect(timeZoneSchema.safeParse(zone).success, zone).toBe(DateTime.now().setZone(zone).isValid);
      for (const instant of instants) {
        const luxon = DateTime.fromJSDate(new Date(instant), { zone }).set({ millisecond: 0 });
        const expected = luxon.toISO({ suppressMilliseconds: true });
        if (expected === null) expect(() => toZonedIso(instant, zone)).toThrow('invalid instant');
        else expect(toZonedIso(instant, zone), `${zone} ${instant}`).toBe(expected);
      }
    }
  });

  it('refuses offsets no zone has and names no zone has, keeping none of them', () => {
    // luxon reads `UTC+99` as a zone, and writes instants with +99:00 that no ISO schema takes.
    for (const zone of [
      'UTC+99',
      'utc+24',
      'UTC+15',
      'utc-13',
      'utc-12:60',
      'utc+5:99',
      'UTC+14:01',
      'UTC-12:30',
    ]) {
      expect(timeZoneSchema.safeParse(zone).success, zone).toBe(false);
    }
    for (const zone of ['UTC+14', 'utc-12', 'UTC+05:45']) {
      expect(timeZoneSchema.safeParse(zone).success, zone).toBe(true);
      expect(isoInstantSchema.safeParse(toZonedIso(0, zone)).success, zone).toBe(true);
    }
    expect(timeZoneSchema.safeParse(`Asia/${'A'.repeat(100)}`).success).toBe(false);
    // A sign-up sends the zone of its choice: names that are none are not kept, zones a bounded number.
    const kept = cachedZoneCount();
    for (let n = 0; n < 5_000; n++) timeZoneSchema.safeParse(`Nowhere/${n}`);
    expect(cachedZoneCount()).toBe(kept);
    const offsets = (n: number) =>
      `UTC${n % 2 ? '+' : '-'}${Math.floor(n / 2) % 12}:${String(Math.floor(n / 24) % 60).padStart(2, '0')}`;
    for (let n = 0; n < 1_440; n++) expect(timeZoneSchema.safeParse(offsets(n)).success).toBe(true);
    expect(new Set(Array.from({ length: 1_440 }, (_, n) => offsets(n))).size).toBe(1_440);
    expect(cachedZoneCount()).toBeLessThanOrEqual(1_000);
  });

  it('keeps one spelling of a zone, whatever case or alias it was typed in', () => {
    // Stored as typed, `asia/ho_chi_minh` was a zone of its own (a digest group, a name shown so);
    // Node's ICU resolves Vietnam's zone to its old name, Asia/Saigon.
    for (const [typed, stored] of [
      ['asia/ho_chi_minh', 'Asia/Ho_Chi_Minh'],
      ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
      ['ASIA/SAIGON', 'Asia/Ho_Chi_Minh'],
      ['Asia/Calcutta', 'Asia/Kolkata'],
      ['europe/kiev', 'Europe/Kyiv'],
      ['europe/paris', 'Europe/Paris'],
      ['US/Pacific', 'America/Los_Angeles'],
      ['utc', 'UTC'],
      ['utc+07:00', 'UTC+07:00'],
    ]) {
      expect(timeZoneSchema.parse(typed), typed).toBe(stored);
      // The stored name is its own spelling, and the same zone.
      expect(timeZoneSchema.parse(stored)).toBe(stored);
      expect(toZonedIso(Date.UTC(2026, 6, 1, 12), stored)).toBe(toZonedIso(Date.UTC(2026, 6, 1, 12), typed));
    }
    expect(parseOrThrow(SourceSchema, { ...validSource, timeZone: 'asia/saigon' }, 'source').timeZone).toBe(
      'Asia/Ho_Chi_Minh',
    );
    expect(
      SubscriptionPreferencesSchema.parse({ frequency: 'daily', timeZone: 'asia/bangkok' }).timeZone,
    ).toBe('Asia/Bangkok');
  });

  it('drops milliseconds (down to the second, before 1970 too) and takes each side of a clock change', () => {
    expect(toZonedIso(new Date('2026-11-30T01:02:03.999Z'))).toBe('2026-11-30T08:02:03+07:00');
    expect(toZonedIso(-1500, 'UTC')).toBe('1969-12-31T23:59:58Z');
    expect(toZonedIso('2026-03-29T00:59:59.900Z', 'Europe/Berlin')).toBe('2026-03-29T01:59:59+01:00');
    expect(toZonedIso('2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T03:00:00+02:00');
    expect(() => toZonedIso('not a time')).toThrow('invalid instant: not a time');
  });

  it('reads wall-clock times in a zone as luxon does, across clock changes, and refuses days that do not exist', () => {
    const zones = [
      'Asia/Ho_Chi_Minh',
      'Europe/Berlin',
      'America/St_Johns',
      'Australia/Lord_Howe',
      'UTC',
      'utc+7',
    ];
    const walls = [
      // Berlin skips 02:00–03:00 on 29 March 2026 and repeats 02:00–03:00 on 25 October.
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 },
      { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 },
      { year: 2024, month: 2, day: 29, hour: 24, minute: 0, second: 0 },
      { year: 2023, month: 2, day: 29, hour: 12, minute: 0, second: 0 },
      { year: 2100, month: 2, day: 29, hour: 12, minute: 0, second: 0 },
      { year: 2026, month: 6, day: 31, hour: 12, minute: 0, second: 0 },
      { year: 2026, month: 6, day: 30, hour: 24, minute: 1, second: 0 },
      { year: 2026, month: 13, day: 1, hour: 0, minute: 0, second: 0 },
      { year: 2026, month: 1, day: 1, hour: 23, minute: 60, second: 0 },
    ];
    for (let i = 0; i < 300; i++)
      walls.push({
        year: 1950 + ((i * 37) % 120),
        month: 1 + (i % 12),
        day: 1 + ((i * 11) % 31),
        hour: (i * 5) % 24,
        minute: (i * 7) % 60,
        second: (i * 13) % 60,
      });
    for (const zone of zones) {
      for (const wall of walls) {
        const luxon = DateTime.fromObject(wall, { zone });
        const ours = instantOf(wall, zone);
        const label = `${zone} ${JSON.stringify(wall)}`;
        if (!luxon.isValid) expect(ours, label).toBeNull();
        else
          expect(ours && toZonedIso(ours.time, zone), label).toBe(
            luxon.toISO({ suppressMilliseconds: true }),
          );
      }
    }
    expect(instantOf(walls[0]!, 'Mars/Olympus')).toBeNull();
    expect(instantOf(walls[0]!, -210)).toEqual({ time: Date.UTC(2026, 2, 29, 6, 0), offset: -210 });
  });
});

describe('limitTitle', () => {
  it('takes the markup a paper let into a title as text out, and nothing else', () => {
    expect(limitTitle('Giá xăng & dầu "giảm" <b>mạnh</b> — R&D')).toBe('Giá xăng & dầu "giảm" mạnh — R&D');
    expect(limitTitle('Hai dòng<br/>một tin')).toBe('Hai dòng một tin');
    expect(limitTitle('<span class="kicker">Nóng:</span> Mưa lớn')).toBe('Nóng: Mưa lớn');
    // Not tags: a comparison, a name in angle brackets, a lone bracket.
    expect(limitTitle('Lãi suất <5% và a<b')).toBe('Lãi suất <5% và a<b');
    expect(limitTitle('Chuyên mục <Đời sống> > 3 tin')).toBe('Chuyên mục <Đời sống> > 3 tin');
    expect(limitTitle('Phim <Mai> của Trấn Thành cán mốc 500 tỷ đồng')).toBe(
      'Phim <Mai> của Trấn Thành cán mốc 500 tỷ đồng',
    );
    // Tags alone are no title (the article is refused for it): kept, they made feeds invalid.
    expect(limitTitle('<blink>')).toBe('');
    expect(limitTitle('<b></b><i></i>')).toBe('');
    // Every element of HTML, custom ones too, and what a script holds (attack run 21, F1).
    expect(limitTitle('Giá vàng <form action=javascript:alert(1)><button>Mua</button></form> hôm nay')).toBe(
      'Giá vàng Mua hôm nay',
    );
    expect(limitTitle('Tin <details open ontoggle=alert(1)>nóng</details> <input autofocus onfocus=x>')).toBe(
      'Tin nóng',
    );
    expect(
      limitTitle('Tiêu đề <script>alert(1)</script> kiểm tra <style>p{}</style><my-card data-x=1>'),
    ).toBe('Tiêu đề kiểm tra');
    expect(limitTitle('<meta http-equiv=refresh content=0><textarea>x</textarea>Mưa lớn')).toBe('Mưa lớn');
    expect(limitTitle('Tin <ScRiPt src=//x.example/a.js>alert(1)</sCrIpT> nóng <B>đậm</B>')).toBe(
      'Tin nóng đậm',
    );
    // An element never closed loses its tag only; the text after it stays.
    expect(limitTitle(`${'<script>'.repeat(20_000)}Mưa lớn`)).toBe('Mưa lớn');
    expect(limitTitle(`Tin <style>p{} ${'<svg>'.repeat(1000)}`)).toBe('Tin p{}');
    // Names in angle brackets, written as names are, stay (the review of this change).
    for (const title of [
      'Chiến dịch <COVID-19> kết thúc',
      'Phim <Spider-Man> thắng lớn',
      'Nhóm <X-Men 2> trở lại',
      'Tạp chí <Time> bình chọn',
      '<Menu> mới của KFC',
      'x<ul y>z',
    ]) {
      expect(limitTitle(title)).toBe(title);
    }
    // Escaped twice by the paper: unescaped once more, then tags go.
    expect(limitTitle('Bài có mã độc &amp; thực thể &quot;kép&quot;')).toBe('Bài có mã độc & thực thể "kép"');
    expect(limitTitle('Giá &lt;b&gt;giảm&lt;/b&gt; mạnh')).toBe('Giá giảm mạnh');
    expect(limitTitle('AT&T và R&D')).toBe('AT&T và R&D');
  });

  it('composes what taking a tag or an entity out leaves beside its accent (attack run 18, F2)', () => {
    // A tone mark alone in a tag, or escaped twice: after either goes, letter and mark are NFC.
    expect(limitTitle('Ho<b>\u0300</b>i nghi\u0323 nga\u0300nh')).toBe('Hòi nghị ngành'.normalize('NFC'));
    // (The page's "Ha&amp;#x300;" as the extractor passes it: decoded once.)
    expect(limitTitle('Ha&#x300; No&#x302;&#x323;i')).toBe('Hà Nội'.normalize('NFC'));
    expect(limitCategories(['Va\u0306n <b>ho\u0301a</b>'])).toEqual(['Văn hóa']);
  });
});

describe('limitCategories', () => {
  it('keeps the names of categories without the markup a hostile feed puts in them', () => {
    expect(
      limitCategories([
        '<script>alert(1)</script>',
        'Văn <b>hóa</b>',
        'A & B',
        '<img src=x onerror=y>',
        '<b>Xã hội</b><script>x</script>',
        'Mục <form action=javascript:alert(1)><button>X</button></form>',
      ]),
    ).toEqual(['Văn hóa', 'A & B', 'Xã hội', 'Mục X']);
    expect(limitCategories(['<Time>', '<COVID-19>'])).toEqual(['<Time>', '<COVID-19>']);
  });
});

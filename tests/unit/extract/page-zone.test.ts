import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';
import { pageTimeZone } from '../../../shared/ingest/extract/page-zone.js';

const page = (lang: string, line: string) =>
  `<html lang="${lang}"><head><title>T</title></head><body><article><h1>Tiêu đề bài viết đủ dài</h1><div class="date">${line}</div>` +
  `<p>${'Đoạn văn đầu tiên của bài báo, đủ dài để là nội dung chính của trang. '.repeat(4)}</p>` +
  `<p>${'Đoạn văn thứ hai của bài báo, cũng đủ dài để được giữ lại trong bài. '.repeat(4)}</p></article></body></html>`;

describe('the time zone of a page that states none', () => {
  it.each([
    // The region of its language tag or og:locale.
    [{ language: 'pt-BR', locale: '', url: 'https://example.com/a' }, 'America/Sao_Paulo'],
    [{ language: 'en-GB', locale: '', url: 'https://example.com/a' }, 'Europe/London'],
    [{ language: '', locale: 'sv_SE', url: 'https://example.com/a' }, 'Europe/Stockholm'],
    // The country of its address.
    [{ language: 'en', locale: '', url: 'https://www.example.co.uk/a' }, 'Europe/London'],
    [{ language: 'en', locale: '', url: 'https://tuoitrenews.vn/a' }, 'Asia/Saigon'],
    [{ language: '', locale: '', url: 'https://www.onet.pl/a' }, 'Europe/Warsaw'],
    // The country where the language is mostly read, one zone or its capital's.
    [{ language: 'pl', locale: '', url: 'https://example.com/a' }, 'Europe/Warsaw'],
    [{ language: 'ja', locale: '', url: 'https://example.com/a' }, 'Asia/Tokyo'],
    [{ language: 'ru', locale: '', url: 'https://example.com/a' }, 'Europe/Moscow'],
    // Facebook's "ar_AR" and "es_LA" name no country (not Argentina, not Laos): the address does.
    [{ language: 'ar', locale: 'ar_AR', url: 'https://www.example.com.sa/a' }, 'Asia/Riyadh'],
    [{ language: 'es', locale: 'es_LA', url: 'https://www.example.com.mx/a' }, 'America/Mexico_City'],
  ])('%j → %s', (page, zone) => {
    expect(pageTimeZone(page)).toBe(zone);
  });

  it.each([
    // Languages of many countries, brand domains, and no clue at all: Bantin's default applies.
    { language: 'en', locale: '', url: 'https://e.vnexpress.net/a' },
    { language: 'es', locale: '', url: 'https://example.com/a' },
    { language: 'ar', locale: '', url: 'https://news.example.io/a' },
    { language: '', locale: '', url: 'file:///tmp/page.html' },
    { language: 'not a tag!', locale: '??', url: 'not a url' },
    { language: 'ar', locale: 'ar_AR', url: 'https://news.example.com/a' },
    { language: 'es-LA', locale: '', url: 'https://news.example.com/a' },
  ])('names none for %j', (page) => {
    expect(pageTimeZone(page)).toBeUndefined();
  });

  it("reads a date line without an offset in the page's country, the caller's zone first", () => {
    const polish = page('pl', '15 czerwca 2024, 14:30');
    expect(extractArticle(polish, { url: 'https://example.com/a' }).article.publishedAt).toBe(
      '2024-06-15T14:30:00+02:00',
    );
    expect(
      extractArticle(polish, { url: 'https://example.com/a', timeZone: 'Asia/Ho_Chi_Minh' }).article
        .publishedAt,
    ).toBe('2024-06-15T14:30:00+07:00');
    // A Vietnamese page, or one that does not tell its country, is read in Vietnam's time.
    expect(
      extractArticle(page('vi', 'Thứ 7, 15/06/2024 14:30'), { url: 'https://example.com/a' }).article
        .publishedAt,
    ).toBe('2024-06-15T14:30:00+07:00');
    expect(
      extractArticle(page('en', '15/06/2024 14:30'), { url: 'https://example.com/a' }).article.publishedAt,
    ).toBe('2024-06-15T14:30:00+07:00');
  });

  it('dates a page that does not say its language in the zone of the one it is written in', () => {
    const chinese =
      '<html><head><title>高温</title></head><body><article><h1>北方多地持续高温 最高气温超过40摄氏度</h1><div class="info">2019-06-27 08:15:32</div>' +
      `<p>${'新华社北京6月27日电 中央气象台27日继续发布高温预警，华北、黄淮等地的部分地区最高气温可达40摄氏度以上。'.repeat(3)}</p>` +
      `<p>${'气象专家提醒，公众应注意防暑降温，尽量避免在午后高温时段进行户外活动，老人和儿童尤其需要注意。'.repeat(3)}</p></article></body></html>`;
    const article = extractArticle(chinese, { url: 'https://example.com/a' }).article;
    expect(article.language).toBe('zh');
    expect(article.publishedAt).toBe('2019-06-27T08:15:32+08:00');
  });

  it('takes the instant a script formats from its data attribute', () => {
    const line = '<span class="DateDisplay" data-wcmdate="2024-06-15T11:30:00.000Z">15.06.24 | 14:30</span>';
    const { publishedAt } = extractArticle(page('he', line), { url: 'https://example.com/a' }).article;
    expect(publishedAt && Date.parse(publishedAt)).toBe(Date.parse('2024-06-15T11:30:00Z'));
  });
});

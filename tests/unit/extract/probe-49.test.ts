/** Rules from probe 49: credits inside the last paragraph, series markers, month-first pages, bylines before one linked name. */
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';
import { PARAGRAPHS, p, page } from './page-builder.js';

const URL_ = 'https://baotinh.example.vn/xa-hoi/toa-dam.html';
const extract = (html: string, url = URL_) => extractArticle(html, { url }).article;
const paragraphs = (text: string) => text.split('\n\n');
const opening = PARAGRAPHS.slice(0, 3).map(p).join('\n');
const last = PARAGRAPHS[3];

describe('credits on the last lines of the last paragraph (probe 49)', () => {
  it('takes a source line or a set-apart signature after a line break that closes the text', () => {
    const sourced = extract(page(`${opening}<p>${last}./.<br /><b>Theo TTXVN</b></p>`));
    expect(sourced.attribution).toBe('TTXVN');
    expect(paragraphs(sourced.contentText)).toEqual([...PARAGRAPHS.slice(0, 3), `${last}./.`]);
    const bracketed = extract(page(`${opening}<p>${last}<br>(Nguồn: Báo Nhân Dân)</p>`));
    expect(bracketed.attribution).toBe('Báo Nhân Dân');
    expect(paragraphs(bracketed.contentText)).toEqual(PARAGRAPHS);
    const signed = extract(page(`${opening}<p>${last}./.<br><strong>Minh Anh</strong></p>`));
    expect(signed.author).toBe('Minh Anh');
    expect(paragraphs(signed.contentText)).toEqual([...PARAGRAPHS.slice(0, 3), `${last}./.`]);
    const both = extract(page(`${opening}<p>${last}<br><b>Minh Anh</b><br><i>Theo Báo Nhân Dân</i></p>`));
    expect([both.author, both.attribution]).toEqual(['Minh Anh', 'Báo Nhân Dân']);
    expect(paragraphs(both.contentText)).toEqual(PARAGRAPHS);
  });

  it('leaves a line that is text: a plain name, a line under an unfinished sentence, a line in the middle', () => {
    // A name in plain type after a break is a line of the text (a poem's, an address's).
    const plain = extract(page(`${opening}<p>${last}<br>Minh Anh</p>`));
    expect(plain.author).toBe('');
    expect(plain.contentText).toContain('Minh Anh');
    // The lines above do not end a sentence: the last line belongs to them.
    const list = extract(page(`${opening}<p>Danh sách đơn vị tham gia gồm<br><b>Minh Anh</b></p>`));
    expect(list.contentText).toContain('Minh Anh');
    // Only the paragraph that closes the text.
    const middle = extract(
      page(`<p>${PARAGRAPHS[0]}<br><b>Theo TTXVN</b></p>${PARAGRAPHS.slice(1).map(p).join('')}`),
    );
    expect(middle.attribution).toBe('');
  });
});

describe('series markers closing the text (probe 49)', () => {
  it.each([
    '(Còn nữa)',
    '(Còn tiếp)',
    '(Hết)',
    '(Kỳ sau: Giữ rừng đầu nguồn)',
    '(To be continued)',
    '(À suivre)',
    '(Fortsetzung folgt)',
    '(Bersambung)',
  ])('drops %j, below or above the signature, and reads the signature', (marker) => {
    const signature = '<p style="text-align:right"><strong>Minh Hằng</strong></p>';
    for (const closing of [`${p(marker)}${signature}`, `${signature}<p><em>${marker}</em></p>`]) {
      const article = extract(page(`${PARAGRAPHS.map(p).join('')}${closing}`));
      expect(article.author).toBe('Minh Hằng');
      expect(paragraphs(article.contentText)).toEqual(PARAGRAPHS);
    }
  });

  it('keeps a bracketed sentence that merely starts with such a word', () => {
    const text = extract(
      page(
        `${PARAGRAPHS.map(p).join('')}${p('(Hết hạn đăng ký vào ngày 30/6, người dân cần hoàn tất hồ sơ sớm.)')}`,
      ),
    ).contentText;
    expect(text).toContain('Hết hạn đăng ký');
  });
});

describe('a byline set apart right above the text (probe 49)', () => {
  it('reads names in capitals, bold or right-aligned, just before the first paragraph as the author', () => {
    for (const byline of [
      '<p style="text-align:right"><strong>TRẦN HẬU - THÙY DUNG</strong></p>',
      '<p><strong>TRẦN HẬU</strong></p>',
      '<p align="right">Trần Hậu</p>',
    ]) {
      const article = extract(page(`${byline}${PARAGRAPHS.map(p).join('')}`));
      expect(article.author).toMatch(/^(?:TRẦN HẬU(?:, THÙY DUNG)?|Trần Hậu)$/);
      expect(paragraphs(article.contentText)).toEqual(PARAGRAPHS);
    }
  });

  it('leaves a bold heading in small letters, and names lower in the text', () => {
    const kicker = extract(page(`<p><strong>Những Con Đường Mới</strong></p>${PARAGRAPHS.map(p).join('')}`));
    expect(kicker.author).toBe('');
    const lower = extract(
      page(
        `${p(PARAGRAPHS[0])}<p style="text-align:right"><strong>TRẦN HẬU</strong></p>${PARAGRAPHS.slice(1).map(p).join('')}`,
      ),
    );
    expect(lower.author).toBe('');
  });
});

describe('month-first numeric dates, read from the page’s own evidence (probe 49)', () => {
  const dated = (date: string, others: string[]) =>
    page(`<div class="ngay-dang">${date}</div>${PARAGRAPHS.map(p).join('')}`, {
      afterArticle: `<div class="other"><h3>Các tin khác</h3><ul>${others
        .map(
          (d, i) =>
            `<li><a href="/tin-${i}.aspx">Hội nghị triển khai chương trình số ${i}</a> <span>(${d})</span></li>`,
        )
        .join('')}</ul></div>`,
    });
  it('reads M/d/yyyy when the page writes a day above 12 second, or US-style h:mm:ss AM/PM', () => {
    expect(
      extract(dated('7/1/2019 8:15:32 PM', ['6/28/2019 3:40:12 PM', '6/25/2019 10:02:45 AM'])).publishedAt,
    ).toBe('2019-07-01T20:15:32+07:00');
    // The article's own date proves it: 27 June, not skipped.
    expect(extract(dated('6/27/2019 8:15:32 PM', [])).publishedAt).toBe('2019-06-27T20:15:32+07:00');
    // ASP.NET's en-US default with no other date on the page.
    expect(extract(dated('7/1/2019 8:15:32 PM', [])).publishedAt).toBe('2019-07-01T20:15:32+07:00');
  });

  it('keeps day-first where the page shows it, or shows nothing either way', () => {
    expect(extract(dated('7/1/2019 8:15:32 PM', ['28/6/2019 3:40:12 PM'])).publishedAt).toBe(
      '2019-01-07T20:15:32+07:00',
    );
    expect(extract(dated('07/01/2019 20:15', ['06/02/2019 10:02'])).publishedAt).toBe(
      '2019-01-07T20:15:00+07:00',
    );
  });
});

describe('an organisation signing under the text (probe 49)', () => {
  it.each([
    'Chi cục Trồng trọt và BVTV',
    'Phòng Kinh tế huyện',
    'Trung tâm Khuyến nông tỉnh',
    'Hội Nông dân xã',
  ])('takes %j, set apart on the last line, out of the text, naming no author', (org) => {
    const article = extract(
      page(`${PARAGRAPHS.map(p).join('')}<p style="text-align:right"><b>${org}</b></p>`),
    );
    expect(paragraphs(article.contentText)).toEqual(PARAGRAPHS);
    expect(article.author).toBe('');
  });
  it('keeps a plain closing line that starts with such a word', () => {
    const line = 'Hội nghị kết thúc lúc 17 giờ cùng ngày';
    expect(extract(page(`${PARAGRAPHS.map(p).join('')}${p(line)}`)).contentText).toContain(line);
  });
});

import { describe, expect, it } from 'vitest';
import { withoutUnsafeCharacters } from '../../../shared/domain/plain-text.js';
import * as z from '../../../shared/domain/zod.js';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';
import { parseFeed } from '../../../shared/ingest/feed-parser/parse-feed.js';
import { stripControls as feedText } from '../../../shared/syndicate/render/feed-article.js';

/** Each unsafe character in turn: C0, DEL, C1, noncharacters of the BMP and of planes 1 and 16, lone surrogates. */
const UNSAFE = [
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\ufdd0',
  '\ufdef',
  '\ufffe',
  '\uffff',
  '\u{1fffe}',
  '\u{10ffff}',
  '\ud800',
  '\udfff',
];

describe('withoutUnsafeCharacters', () => {
  it.each(UNSAFE.map((c) => [c.codePointAt(0)!.toString(16), c]))('removes U+%s', (_, c) => {
    expect(withoutUnsafeCharacters(`Hà Nội${c} mở rộng`)).toBe('Hà Nội mở rộng');
  });

  it('keeps what is text: tabs and line breaks, emoji (paired surrogates), U+FFFD, every script', () => {
    const text = 'Tin\tmới\r\nĐà Nẵng 🌧️ 東京 القاهرة \ufffd';
    expect(withoutUnsafeCharacters(text)).toBe(text);
  });
});

describe('no unsafe character survives a boundary', () => {
  it("an extracted article's title and author (JSON-LD and the page)", () => {
    const ld = JSON.stringify({
      '@type': 'NewsArticle',
      headline: 'Tiêu đề \ud800có\u0001 ký tự lạ\ufdd0',
      author: { name: 'Thu \udfffHà\u0000' },
    });
    const { article } = extractArticle(
      `<html lang="vi"><head><meta charset="utf-8"><script type="application/ld+json">${ld}</script></head><body><article><h1>Tiêu đề \u0085có ký tự lạ</h1>
       ${'<p>Một đoạn văn đủ dài để làm thân bài, với nhiều chữ\u009b, dấu phẩy, và câu.</p>'.repeat(5)}</article></body></html>`,
      { url: 'https://bao.example.vn/a.html' },
    );
    const fields = [article!.title, article!.author, article!.contentText, article!.contentHtml];
    for (const field of fields) for (const c of UNSAFE) expect(field).not.toContain(c);
    expect(article!.contentText).toContain('nhiều chữ, dấu phẩy');
  });

  it('a parsed feed', () => {
    const feed = parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Báo\u0000 \u001b[31mA',
        items: [{ id: '1', url: 'https://bao.example.vn/1.html', title: 'Tin \ud800một\ufffe' }],
      }),
      { url: 'https://bao.example.vn/feed.json' },
    );
    expect(feed.title).toBe('Báo [31mA');
    expect(feed.items[0]!.title).toBe('Tin một');
  });

  it("a name an administrator types, and a feed's text", () => {
    expect(z.parse(z.trimmedString(1, 100), 'Báo\ufdd0 Hà Nam\u{10ffff}')).toBe('Báo Hà Nam');
    expect(feedText('Tiêu đề\ufdd0\u{1fffe} mới\ufffd')).toBe('Tiêu đề mới');
    // Whitespace controls stay in stored text (its own rules collapse them) but not in XML.
    expect(withoutUnsafeCharacters('Tin\u000b mới\u000c')).toBe('Tin\u000b mới\u000c');
    expect(feedText('Tin\u000b mới\u000c')).toBe('Tin mới');
  });
});

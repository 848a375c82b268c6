/**
 * The caps on stored and announced text (titles, captions, bylines, excerpts) cut between
 * characters, never inside one (attack run 39: half an emoji was stored and sent to webhooks).
 */
import { describe, expect, it } from 'vitest';
import { limitTitle } from '../../../shared/domain/article.js';
import { excerptOf, truncate } from '../../../shared/domain/excerpt.js';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const EMOJI = '\u{1F600}';

describe('caps never cut a character in half', () => {
  it('truncate, at either parity of the cut', () => {
    for (const lead of ['Tin ', 'Tin: ']) {
      const cut = truncate(`${lead}${EMOJI.repeat(700)}`, 1000);
      expect(LONE.test(cut), lead).toBe(false);
      expect(cut.length).toBeLessThanOrEqual(1000);
      expect(cut.endsWith('…')).toBe(true);
    }
    expect(truncate('Tin ngắn', 1000)).toBe('Tin ngắn');
  });

  it('limitTitle: the stored title, and every event, clipping and mail that carries it', () => {
    const title = limitTitle(`Tin ${EMOJI.repeat(700)}`);
    expect(title.length).toBeLessThanOrEqual(1000);
    expect(LONE.test(title)).toBe(false);
  });

  it('excerptOf: the excerpt of the event aggregators and alerts get', () => {
    for (const lead of ['Mở đầu ', 'Mở đầu: ']) {
      const excerpt = excerptOf({ summary: '', contentText: `${lead}${EMOJI.repeat(400)}` });
      expect(LONE.test(excerpt), lead).toBe(false);
    }
  });

  it("an extracted picture's caption and the byline", () => {
    const filler =
      'Sáng nay, tỉnh Hà Nam tổ chức hội nghị tổng kết công tác năm với sự tham dự của đông đảo đại biểu các sở, ban, ngành và địa phương trong tỉnh. '.repeat(
        3,
      );
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Bài có chú thích dài</title>
<meta name="author" content="Tác giả ${'\u{1F464}'.repeat(400)}"></head><body><article><h1>Bài có chú thích dài</h1>
<figure><img src="/a.jpg"><figcaption>Ảnh ${'\u{1F4F7}'.repeat(700)}</figcaption></figure><p>${filler}</p><p>${filler}</p></article></body></html>`;
    const { article } = extractArticle(html, { url: 'https://bao.example/a.html' });
    expect(article.images).toHaveLength(1);
    for (const text of [article.author, ...article.images.map((image) => image.caption)]) {
      expect(LONE.test(text), JSON.stringify(text.slice(-4))).toBe(false);
    }
  });
});

/**
 * Pages a hostile or broken site may serve: millions of tiny elements, and boxes of tens of
 * thousands of lines. Work is counted in array elements iterated, never in seconds.
 */
import { describe, expect, it } from 'vitest';
import { parseSitemap } from '../../../shared/ingest/discover/discover-from-sitemap.js';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';
import {
  MAX_PAGE_NODES,
  MAX_PAGE_TEXT,
  type ParseReport,
  parseHtml,
} from '../../../shared/ingest/extract/parse-html.js';
import { iterationWork, spliceWork } from '../../support/work.js';

function countNodes(root: { children?: unknown[] }): number {
  let count = 0;
  const stack: { children?: unknown[] }[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.children ?? []) {
      count++;
      stack.push(child as { children?: unknown[] });
    }
  }
  return count;
}

const page = (n: number, unit: string) =>
  `<html><body><article><h1>Tiêu đề</h1>${unit.repeat(n)}</article></body></html>`;

describe('large pages', () => {
  it(`keeps at most ${MAX_PAGE_NODES.toLocaleString('en')} nodes of a page and says it cut the rest`, () => {
    const report: ParseReport = {};
    const root = parseHtml(page(400_000, 'x<br>'), undefined, report);
    expect(report.truncated).toBe(true);
    const nodes = countNodes(root);
    expect(nodes).toBeGreaterThan(MAX_PAGE_NODES);
    expect(nodes).toBeLessThan(MAX_PAGE_NODES + 70_000); // one piece of 64 K characters past the budget, at most
    const small: ParseReport = {};
    parseHtml(page(1_000, 'x<br>'), undefined, small);
    expect(small.truncated).toBeUndefined();
    const { warnings } = extractArticle(page(400_000, 'x<br>'), { url: 'https://bao.example.vn/a.html' });
    expect(warnings.join('\n')).toContain('the rest was not read');
  });

  it(`keeps at most ${MAX_PAGE_TEXT.toLocaleString('en')} characters of text, not counting scripts`, () => {
    const line = 'Một dòng chữ trong khung văn bản rất dài\n';
    const lines = line.repeat(Math.ceil((3 * MAX_PAGE_TEXT) / line.length));
    const long = `<html><body><article><h1>Tiêu đề</h1><p>Đoạn mở đầu của bài.</p><pre>${lines}</pre></article></body></html>`;
    const report: ParseReport = {};
    parseHtml(long, undefined, report);
    expect(report.truncated).toBe(true);
    const { article, warnings } = extractArticle(long, { url: 'https://bao.example.vn/a.html' });
    expect(warnings.join('\n')).toContain('characters of text: the rest was not read');
    expect(article!.contentText).toContain('Một dòng chữ');
    expect(article!.contentText.length).toBeLessThan(MAX_PAGE_TEXT + 70_000); // one piece past the budget, at most

    // A page's state in a script (a framework's JSON) weighs megabytes: the article after it is read whole.
    const state = `<script id="__NEXT_DATA__" type="application/json">{"props":"${'x'.repeat(3 * MAX_PAGE_TEXT)}"}</script>`;
    const withState: ParseReport = {};
    const tail = '<p>Đoạn cuối cùng của bài viết.</p>';
    const html = `<html><head>${state}</head><body><article><h1>Tiêu đề</h1><p>Đoạn đầu tiên của bài viết.</p>${tail}</article></body></html>`;
    parseHtml(html, undefined, withState);
    expect(withState.truncated).toBeUndefined();
    expect(extractArticle(html, { url: 'https://bao.example.vn/b.html' }).article!.contentText).toContain(
      'Đoạn cuối cùng',
    );
  });

  it('extracts a box of lines broken by <br> in work that grows with their number, not its square', () => {
    const work = (n: number) =>
      iterationWork(() =>
        extractArticle(page(n, 'Dòng chữ ngắn<br>'), { url: 'https://bao.example.vn/a.html' }),
      );
    const small = work(2_000);
    expect(work(8_000)).toBeLessThanOrEqual(6 * small);
  });

  it.each([
    ['empty comments', '<!---->'],
    ['hidden elements', '<b hidden></b>'],
    ['scripts', '<script></script>'],
    ['noscripts without a picture', '<noscript>x</noscript>'],
    ['noscripts with a picture and no placeholder', '<noscript><img src="/a.jpg"></noscript>'],
    ['placeholders with their noscripts', '<img src="data:,"><noscript><img src="/a.jpg"></noscript>'],
  ])('removes %s side by side in work that grows with their number, not its square', (_, unit) => {
    const text = '<p>Một đoạn văn đủ dài để làm thân bài, với nhiều chữ, dấu phẩy, và câu.</p>'.repeat(5);
    const work = (n: number) =>
      spliceWork(() =>
        extractArticle(
          `<html><body><article><h1>Tiêu đề</h1>${text}<div>${unit.repeat(n)}</div></article></body></html>`,
          {
            url: 'https://bao.example.vn/a.html',
          },
        ),
      );
    const small = work(2_000);
    expect(work(8_000)).toBeLessThanOrEqual(6 * small + 1_000);
  });

  it('looks for a gallery above the text in work that grows with the page', () => {
    // Pictures between headline and text, each beside a box of many small elements.
    const above = (n: number) =>
      `<html><body><h1>Tiêu đề bài viết về hội chợ</h1><div class="top">${`<div class="cell"><img src="/a.jpg" width="600" height="400"><span>${'<i>x</i>'.repeat(n)}</span></div>`.repeat(40)}</div>
       <div class="content">${'<p>Một đoạn văn đủ dài để làm thân bài, với nhiều chữ, dấu phẩy, và câu.</p>'.repeat(12)}</div></body></html>`;
    const work = (n: number) =>
      iterationWork(() => extractArticle(above(n), { url: 'https://bao.example.vn/a.html' }));
    const small = work(250);
    expect(work(1_000)).toBeLessThanOrEqual(6 * small);
  });

  it('reads a sitemap of 50,000 URLs whole (an XML document has a budget of its own)', () => {
    const urls = Array.from(
      { length: 50_000 },
      (_, n) =>
        `  <url>\n    <loc>https://bao.example.vn/a/${n}.html</loc>\n    <lastmod>2024-12-01T08:00:00+07:00</lastmod>\n    <changefreq>daily</changefreq>\n    <priority>0.8</priority>\n  </url>\n`,
    ).join('');
    const body = `<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}</urlset>`;
    const sitemap = parseSitemap(
      {
        url: 'https://bao.example.vn/sitemap.xml',
        status: 200,
        notModified: false,
        contentType: 'application/xml',
        body: Buffer.from(body),
      },
      'Asia/Ho_Chi_Minh',
    );
    expect(sitemap.kind === 'urlset' && sitemap.links.length).toBe(50_000);
  });
});

describe('hostile attributes (no clock: the quadratic rules took minutes on these, and the test’s timeout catches that)', () => {
  const paragraphs =
    '<p>Đoạn văn của bài báo thử nghiệm đủ dài để giữ lại, với nhiều chữ hơn nữa cho chắc.</p>'.repeat(8);

  it.each([
    ['a date line', '', '<p class="date">01/06/2025 08:00 GMT+25</p>'],
    ['a meta tag', '<meta property="article:published_time" content="2025-06-01T08:00:00+24:00">', ''],
    ['a <time>', '', '<time datetime="2025-06-01T08:00:00-99:59">1/6/2025</time>'],
  ])('an offset no place has in %s costs the date, not the article (attack run 24)', (_, head, line) => {
    const html = `<html><head><title>Bài báo có ngày giờ lạ</title>${head}</head><body><h1>Bài báo có ngày giờ lạ</h1>${line}
      <div class="content">${paragraphs}</div></body></html>`;
    const { article } = extractArticle(html, {
      url: 'https://baohanam.example.vn/tin/5.html',
      fallbackPublishedAt: '2025-06-01T09:30:00+07:00',
    });
    expect(article!.contentText).toContain('Đoạn văn');
    expect(article!.publishedAt).toBe('2025-06-01T09:30:00+07:00');
  });

  it('an author attribute of 200,000 letters is no byline', () => {
    const html = `<html><head><title>Bài báo có tên tác giả rất dài để thử</title><meta name="author" content="${'A'.repeat(200_000)}"></head>
      <body><h1>Bài báo có tên tác giả rất dài để thử</h1><div class="content">${paragraphs}</div></body></html>`;
    const { article } = extractArticle(html, { url: 'https://baohanam.example.vn/tin/1.html' });
    expect(article!.author).toBe('');
    expect(article!.contentText).toContain('Đoạn văn');
  });

  it('a title of 3,300 short parts ("Tin - Tin - …") in every place a title is read', () => {
    const parts = 'Tin - '.repeat(3_300);
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'Tin » '.repeat(3_300) });
    const html = `<html><head><title>${parts}</title><meta property="og:title" content="${parts}">
      <script type="application/ld+json">${ld}</script></head>
      <body><h1>${'Tin | '.repeat(3_300)}</h1><div class="content">${paragraphs}</div></body></html>`;
    const { article } = extractArticle(html, { url: 'https://baohanam.example.vn/tin/3.html' });
    expect(article!.contentText).toContain('Đoạn văn');
  });

  it('a paragraph of 100,000 short lines broken by <br> (40,000 took 134 s: each break trimmed the text so far)', () => {
    const lines = Array.from({ length: 100_000 }, (_, n) => `dòng ${String(n).padStart(5, '0')}`);
    const html = `<html><head><title>Bài báo nhiều dòng</title></head><body><h1>Bài báo nhiều dòng</h1>
      <div class="content">${paragraphs}<p>${lines.join('<br>')}</p></div></body></html>`;
    const { article } = extractArticle(html, { url: 'https://baohanam.example.vn/tin/4.html' });
    expect(article!.contentText).toContain('Đoạn văn');
    expect(article!.contentText).toContain('dòng 00000\ndòng 00001');
    expect(article!.contentText).toContain('dòng 99999');
  });

  it('a class name of 200,000 characters holding an unlikely word is read as one', () => {
    const html = `<html><head><title>Bài báo có lớp rất dài để thử</title></head><body><h1>Bài báo có lớp rất dài để thử</h1>
      <div class="content">${paragraphs}</div><div class="comment ${'x-'.repeat(100_000)}x">Bình luận của bạn đọc</div></body></html>`;
    const { article } = extractArticle(html, { url: 'https://baohanam.example.vn/tin/2.html' });
    expect(article!.contentText).not.toContain('Bình luận');
  });
});

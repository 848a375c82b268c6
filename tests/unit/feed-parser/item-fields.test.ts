import * as cheerio from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { absoluteUrl } from '../../../shared/domain/web-url.js';
import { clean, firstImage, htmlToText } from '../../../shared/ingest/feed-parser/item-fields.js';

/** The DOM reading the streaming one replaced (cheerio/slim: the same htmlparser2, with a tree). */
function domText(html: string): string {
  if (!html.trim()) return '';
  if (!/[<&]/.test(html)) return clean(html);
  const $ = cheerio.load(html, null, false);
  $('script, style, noscript, template').remove();
  $('p, div, br, li, tr, td, th, h1, h2, h3, h4, h5, h6, blockquote, figure, figcaption').after(' ');
  return clean($.root().text());
}

function domFirstImage(html: string, base: string): string | null {
  if (!/<img/i.test(html)) return null;
  const $ = cheerio.load(html, null, false);
  for (const img of $('img').toArray()) {
    for (const attribute of ['src', 'data-src', 'data-original', 'data-lazy-src']) {
      const url = absoluteUrl($(img).attr(attribute), base);
      if (url) return url;
    }
  }
  return null;
}

const BASE = 'https://tin.example.vn/thoi-su/bai.rss';

const SAMPLES = [
  '<p>Giá xăng&nbsp;giảm</p><p>từ 15h chiều nay</p>',
  '<a href="/a"><img src="/anh.jpg" alt="ảnh"></a></br>Hà Nội mưa lớn &amp; ngập',
  'Tóm tắt<br>dòng hai<BR/>dòng ba',
  '<div>Một<div>hai<p>ba<p>bốn</div>năm</div>sáu',
  '<ul><li>một<li>hai</ul><table><tr><td>a<td>b<tr><th>c</table>',
  '<script>var s = "<p>không</p>";</script>Tin <style>p{}</style>chính<noscript><img src="n.jpg"><p>x</p></noscript>',
  '<template><p>ẩn</p></template>hiện<template>',
  '<noscript><div><p>lồng</p></div></noscript>sau',
  '<!-- chú thích <p>x</p> --><![CDATA[dữ liệu]]>văn bản',
  '&lt;p&gt; không phải thẻ &amp;amp; &#7883; &#x1EA1; &copy &notin; &unknown;',
  '</p>đóng lạc<p>mở</P></div>',
  '<h1>Tiêu đề</h1><h2>Phụ</h2><blockquote>Trích<figure><img data-src="//cdn.example/x.png"><figcaption>Chú</figcaption></figure></blockquote>',
  '<img src="" data-src=" " data-original="javascript:x" data-lazy-src="lazy.webp"><img src="sau.jpg">',
  '<img src="#khong"><IMG SRC="HOA.JPG">',
  '<img src="a.jpg" src="b.jpg">',
  '<p>chưa đóng <b>đậm <i>nghiêng',
  '<svg><script>x</script><p>trong svg</p></svg>',
  '<textarea><p>thô</p></textarea><title>t<b>x</b></title>',
  'không có thẻ, chỉ có &amp;',
  '   \n\t ',
  '<p>   </p><p>\n</p>',
  '<img src="https://[::1">',
];

/** Deterministic pseudo-random markup from the pieces feeds are made of. */
function* generated(count: number): Generator<string> {
  const pieces = [
    '<p>',
    '</p>',
    '<div>',
    '</div>',
    '<br>',
    '<li>',
    '<td>',
    '<script>',
    '</script>',
    '<noscript>',
    '</noscript>',
    '<template>',
    '</template>',
    '<style>',
    '</style>',
    '<b>',
    '</b>',
    '<img src="a.jpg">',
    '<img data-src="/b.png">',
    '<img>',
    'Tin',
    ' nóng ',
    '&amp;',
    '&nbsp;',
    '&#7883;',
    '<!-- c -->',
    '\n',
    '<h3>',
    '</h3>',
    '<figcaption>',
  ];
  let seed = 20261130;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let n = 0; n < count; n++) {
    const length = 1 + (next() % 24);
    yield Array.from({ length }, () => pieces[next() % pieces.length]).join('');
  }
}

describe('feed item fields', () => {
  it('reads the text of HTML as the DOM reading did: blocks end with a space, scripts and templates dropped', () => {
    for (const html of [...SAMPLES, ...generated(400)]) expect(htmlToText(html), html).toBe(domText(html));
    expect(htmlToText('<p>Giá xăng&nbsp;giảm</p><p>từ 15h</p>')).toBe('Giá xăng giảm từ 15h');
    expect(htmlToText('<script>x()</script>Tin<noscript><p>y</p></noscript> chính')).toBe('Tin chính');
  });

  it('finds the first image as the DOM reading did, lazy-loading attributes after src', () => {
    for (const html of [...SAMPLES, ...generated(400)]) {
      expect(firstImage(html, BASE), html).toBe(domFirstImage(html, BASE));
    }
    expect(firstImage('<img src="" data-src="/b.png">', BASE)).toBe('https://tin.example.vn/b.png');
    expect(firstImage('<p>không ảnh</p>', BASE)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../shared/ingest/feed-parser/parse-feed.js';
import { normalizeReferences } from '../../../shared/ingest/feed-parser/repair-xml.js';

const rss = (items: string, channel = '<title>Báo</title><link>https://bao.example.vn/</link>') =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>${channel}${items}</channel></rss>`;
const URL = 'https://bao.example.vn/rss.xml';

describe('parseFeed: references and broken markup', () => {
  it('accepts bare ampersands in links and text, as CMSs write them', () => {
    const feed = parseFeed(
      rss(
        '<item><title>Giá vàng & USD</title><link>https://bao.example.vn/tin?id=1&cat=2</link>' +
          '<enclosure url="https://bao.example.vn/a.jpg?w=1&h=2" type="image/jpeg"/></item>',
      ),
      { url: URL },
    );
    expect(feed.items[0]).toMatchObject({
      title: 'Giá vàng & USD',
      url: 'https://bao.example.vn/tin?id=1&cat=2',
    });
  });

  it('decodes numeric references once, at the XML level', () => {
    const feed = parseFeed(
      rss(
        '<item><guid>a</guid><title>Th&#7911; t&#x1EB0;&#X1ec7;ng &#38;amp; &#60;b&#62;</title>' +
          '<description>&lt;p&gt;x &amp;#38; y&lt;/p&gt;</description></item>',
      ),
      { url: URL },
    );
    // &#38;amp; is the text "&amp;" in XML; read as a title it is "&".
    expect(feed.items[0]?.title).toBe('Thủ tẰệng &');
    expect(feed.items[0]?.summary).toBe('x & y');
  });

  it('reads C1 references and characters as Windows-1252, as browsers do', () => {
    const feed = parseFeed(
      rss(
        '<item><guid>a</guid><title>don&#146;t \u0093quote\u0094</title><description>a&amp;#150;b</description></item>',
      ),
      { url: URL },
    );
    expect(feed.items[0]).toMatchObject({ title: 'don’t “quote”', summary: 'a–b' });
  });

  it('drops references to characters XML cannot carry', () => {
    expect(normalizeReferences('<t>a&#0;b&#xD800;c&#1;d&#9;e</t>')).toBe('<t>abcd\te</t>');
  });

  it('leaves CDATA sections and comments alone', () => {
    const text = '<t><![CDATA[a & b &#38; c]]><!-- x & y --> & &amp; &nbsp;</t>';
    expect(normalizeReferences(text)).toBe(
      '<t><![CDATA[a & b &#38; c]]><!-- x & y --> &amp; &amp; &nbsp;</t>',
    );
  });

  it('closes a feed cut off inside its last end tag', () => {
    const text = rss('<item><guid>a</guid><title>T</title></item>').replace(/>$/, '');
    expect(parseFeed(text, { url: URL }).items).toHaveLength(1);
  });

  it('never takes <media:title> for the title, but falls back to it', () => {
    const feed = parseFeed(
      `<rss xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Báo</title>
        <item><guid>a</guid><media:title>ảnh</media:title><title>Bài</title></item>
        <item><guid>b</guid><media:title>Chỉ có ảnh</media:title></item>
      </channel></rss>`,
      { url: URL },
    );
    expect(feed.items.map((item) => item.title)).toEqual(['Bài', 'Chỉ có ảnh']);
  });

  it('reads markup in titles as HTML: no tags or scripts reach a title', () => {
    const feed = parseFeed(
      rss(
        '<item><guid>a</guid><title><![CDATA[<b>Nóng:</b> mưa lớn<script>alert(1)</script>]]></title></item>' +
          '<item><guid>b</guid><title>Giá &lt; 2 triệu</title></item>',
        '<title>&lt;i&gt;Báo&lt;/i&gt; Hà Nam</title>',
      ),
      { url: URL },
    );
    expect(feed.title).toBe('Báo Hà Nam');
    expect(feed.items.map((item) => item.title)).toEqual(['Nóng: mưa lớn', 'Giá < 2 triệu']);
  });

  it('reads an Atom feed title as text, whatever its type', () => {
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">&lt;b&gt;Báo&lt;/b&gt; &amp;amp; bạn</title>
        <entry><id>a</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Tin <b>mới</b></div></title>
        <summary type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">Tóm <i>tắt</i></div></summary>
        </entry></feed>`,
      { url: URL },
    );
    expect(feed.title).toBe('Báo & bạn');
    expect(feed.items[0]).toMatchObject({ title: 'Tin mới', summary: 'Tóm tắt' });
  });

  it('prefers the body element in the item’s own namespace', () => {
    const feed = parseFeed(
      `<r:rss xmlns:r="http://backend.userland.com/rss2" xmlns:x="http://example.com/x"><r:channel>
        <r:item><r:guid>a</r:guid><x:description>wrong</x:description><r:description>right</r:description></r:item>
      </r:channel></r:rss>`,
      { url: URL },
    );
    expect(feed.items[0]?.summary).toBe('right');
  });

  it('normalizes an underscore language tag', () => {
    expect(parseFeed(rss('', '<title>B</title><language>vi_VN</language>'), { url: URL }).language).toBe(
      'vi-VN',
    );
  });

  it('stays linear on a large feed full of ampersands and references', () => {
    const item =
      '<item><guid>g</guid><title>a & b &#7883; &amp; c</title><link>https://x.vn/?a=1&b=2</link></item>';
    const text = rss(item.repeat(20_000));
    const started = performance.now();
    expect(parseFeed(text, { url: URL }).items).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../shared/ingest/feed-parser/parse-feed.js';
import { FeedParseError } from '../../../shared/ingest/feed-parser/parsed-feed.js';
import {
  flattenDeepElements,
  MAX_FEED_REFERENCES,
  repairRawMarkup,
} from '../../../shared/ingest/feed-parser/repair-xml.js';
import { MAX_AUTHORS } from '../../../shared/ingest/feed-parser/xml-feed.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

function parseError(run: () => unknown): FeedParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FeedParseError);
    return error as FeedParseError;
  }
  throw new Error('expected a FeedParseError');
}

describe('parseFeed: RSS 2.0', () => {
  const feed = parseFeed(fixture('provincial.rss'), { url: 'https://baohanam.example.vn/rss/tin-moi.rss' });

  it('reads the channel', () => {
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Tin mới nhất - baohanam.example.vn',
      url: 'https://baohanam.example.vn/',
      description: 'Tin tức',
      language: 'vi-vn',
    });
  });

  it('reads every item, decoding CDATA, in the source zone', () => {
    expect(feed.items).toHaveLength(6);
    const [first] = feed.items;
    expect(first).toEqual({
      guid: 'baohanam.example.vn-toa-dam-qcdc',
      url: 'https://baohanam.example.vn/tin-tuc/toa-dam-qcdc.html',
      title: 'Tọa đàm “Nâng cao chất lượng thực hiện quy chế dân chủ ở cơ sở trên địa bàn tỉnh”',
      summary:
        'Sáng 26/6, Tỉnh ủy tổ chức tọa đàm “Nâng cao chất lượng thực hiện quy chế dân chủ ở cơ sở trên địa bàn tỉnh”.',
      contentHtml: expect.stringContaining(
        '<img src="https://baohanam.example.vn/uploads/2019/06/27/toa-dam-1.jpg"',
      ),
      publishedAt: '2019-06-27T08:15:00+07:00',
      updatedAt: '2019-06-27T08:15:00+07:00',
      author: '',
      categories: ['Chính trị'],
      imageUrl: 'https://baohanam.example.vn/uploads/2019/06/27/toa-dam-1.jpg',
    });
    for (const item of feed.items) expect(item.publishedAt).toMatch(ISO_WITH_OFFSET);
    // The one item without an <img> in its description has no image.
    expect(feed.items.filter((item) => item.imageUrl === null).map((item) => item.guid)).toEqual([
      'baohanam.example.vn-xuc-tien-dau-tu',
    ]);
  });

  it('writes dates in the zone it is given', () => {
    const utc = parseFeed(fixture('provincial.rss'), {
      url: 'https://baohanam.example.vn/rss',
      timeZone: 'UTC',
    });
    expect(utc.items[0]?.publishedAt).toBe('2019-06-27T01:15:00Z');
  });

  it('drops the bidirectional overrides that make a title or a category read backwards', () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>https://x.vn/</link>
<item><title>Tin \u202Emới\u202C nhất</title><link>https://x.vn/a.html</link><category>\u202E</category><category>Xã \u202Dhội</category></item>
</channel></rss>`;
    const [item] = parseFeed(rss, { url: 'https://x.vn/rss' }).items;
    expect(item?.title).toBe('Tin mới nhất');
    expect(item?.categories).toEqual(['Xã hội']);
  });

  it('refuses an unknown time zone', () => {
    expect(() =>
      parseFeed(fixture('provincial.rss'), { url: 'https://x.vn/', timeZone: 'Mars/Olympus' }),
    ).toThrow(/time zone/);
  });
});

describe('parseFeed: other formats', () => {
  it('reads RSS 0.91 with a DOCTYPE, HTML entities and relative links', () => {
    const feed = parseFeed(fixture('rss091.xml'), { url: 'https://baoquangninh.example.vn/rss.xml' });
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Báo Quảng Ninh & bạn đọc');
    expect(feed.items).toHaveLength(2);
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      // No guid: the link stands in.
      guid: 'https://baoquangninh.example.vn/du-lich/ha-long-don-khach.html',
      url: 'https://baoquangninh.example.vn/du-lich/ha-long-don-khach.html',
      title: 'Hạ Long đón 1 triệu lượt khách',
      summary: 'Vịnh Hạ Long & đón khách.',
      imageUrl: 'https://baoquangninh.example.vn/anh/ha-long.jpg',
      publishedAt: null,
    });
    // Character references and HTML entities are decoded, except those that spell markup.
    expect(first?.contentHtml).toBe(
      '<p>Vịnh Hạ Long &amp; <img src="/anh/ha-long.jpg" alt=""> đón khách.</p>',
    );
    expect(second?.contentHtml).toBe('Cảng biển mở rộng giai đoạn 2.');
  });

  it('reads RSS 1.0 (RDF) with Dublin Core and content:encoded', () => {
    const feed = parseFeed(fixture('rdf.xml'), { url: 'https://baothainguyen.example.vn/rss.rdf' });
    expect(feed).toMatchObject({ format: 'rdf', title: 'Báo Thái Nguyên', language: 'vi' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      guid: 'https://baothainguyen.example.vn/tin/che-tan-cuong.html',
      url: 'https://baothainguyen.example.vn/tin/che-tan-cuong.html',
      summary: 'Người trồng chè phấn khởi vì được mùa, được giá.',
      contentHtml:
        '<p>Người trồng chè <strong>phấn khởi</strong>.</p><p><img src="https://baothainguyen.example.vn/anh/che.jpg"></p>',
      publishedAt: '2019-06-27T08:15:00+07:00',
      author: 'Thu Hằng',
      categories: ['Kinh tế'],
      imageUrl: 'https://baothainguyen.example.vn/anh/che.jpg',
    });
    expect(feed.items[1]?.publishedAt).toBe('2019-06-26T08:00:00+07:00');
  });

  it('reads Atom 0.3', () => {
    const feed = parseFeed(fixture('atom03.xml'), { url: 'https://baonamdinh.example.vn/atom.xml' });
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Báo Nam Định',
      url: 'https://baonamdinh.example.vn/',
      description: 'Tin tức Nam Định',
      language: 'vi',
    });
    expect(feed.items[0]).toMatchObject({
      guid: 'tag:baonamdinh.example.vn,2019:phu-day',
      url: 'https://baonamdinh.example.vn/van-hoa/phu-day.html',
      summary: 'Hàng vạn du khách về dự lễ hội.',
      contentHtml: '<p>Hàng vạn du khách &amp; người dân.</p>',
      publishedAt: '2019-06-27T08:15:00+07:00',
      updatedAt: '2019-06-27T09:00:00+07:00',
      // Entries inherit the feed's author.
      author: 'Ban biên tập',
    });
    expect(feed.items[1]?.author).toBe('Minh Đức');
  });

  it('reads Atom 1.0 with xhtml content, categories and media', () => {
    const feed = parseFeed(fixture('atom10.xml'), { url: 'https://baodanang.example.vn/thoi-su.atom' });
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Báo Đà Nẵng — Thời sự',
      url: 'https://baodanang.example.vn/thoi-su/',
      description: 'Tin thời sự & chính trị',
      language: 'vi-VN',
    });
    expect(feed.items[0]).toEqual({
      guid: 'https://baodanang.example.vn/thoi-su/cau-rong.html',
      url: 'https://baodanang.example.vn/thoi-su/cau-rong.html',
      title: 'Cầu Rồng phun lửa & nước dịp cuối tuần',
      summary: 'Cầu Rồng phun lửa phục vụ du khách.',
      contentHtml: '<p>Cầu Rồng <em>phun lửa</em> lúc 21 giờ.</p>',
      publishedAt: '2019-06-27T08:15:00+07:00',
      updatedAt: '2019-06-27T10:00:00+07:00',
      author: 'Hoàng Lan',
      categories: ['Thời sự', 'du-lich'],
      imageUrl: 'https://baodanang.example.vn/anh/cau-rong-thumb.jpg',
    });
    expect(feed.items[1]).toMatchObject({
      summary: 'Tàu Quantum cập cảng Tiên Sa.',
      contentHtml: '<p>Tàu <b>Quantum</b> cập cảng Tiên Sa.</p>',
      // Only <updated>: it stands in for the publication date.
      publishedAt: '2019-06-26T22:30:00+07:00',
      imageUrl: 'https://baodanang.example.vn/anh/tau-bien.jpg',
    });
  });

  it('reads JSON Feed 1.1 (and 1.0 authors), skipping items it cannot identify', () => {
    const feed = parseFeed(fixture('jsonfeed11.json'), { url: 'https://baocantho.example.vn/feed.json' });
    expect(feed).toMatchObject({
      format: 'json',
      title: 'Báo Cần Thơ',
      url: 'https://baocantho.example.vn/',
      description: 'Tin miền Tây',
      language: 'vi',
    });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      guid: 'ct-2019-0627-cho-noi',
      url: 'https://baocantho.example.vn/du-lich/cho-noi-cai-rang.html',
      title: 'Chợ nổi Cái Răng nhộn nhịp',
      summary: 'Chợ nổi đông vui từ sáng sớm.',
      contentHtml: '<p>Ghe xuồng <b>tấp nập</b>.</p><img src="/anh/cho-noi-2.jpg">',
      publishedAt: '2019-06-27T08:15:00+07:00',
      updatedAt: '2019-06-27T09:30:00+07:00',
      author: 'Ngọc Hân',
      categories: ['Du lịch', 'Đời sống'],
      imageUrl: 'https://baocantho.example.vn/anh/cho-noi.jpg',
    });
    expect(feed.items[1]).toMatchObject({
      guid: '42',
      author: 'Văn Tài',
      contentHtml: '<p>Giá lúa tăng 200 đồng/kg.</p>\n<p>Nông dân phấn khởi &amp; vui mừng.</p>',
      publishedAt: '2019-06-26T08:00:00+07:00',
      imageUrl: 'https://baocantho.example.vn/anh/lua.png',
    });
  });

  it('reads JSON Feed 1.0', () => {
    const text = JSON.stringify({
      version: 'https://jsonfeed.org/version/1',
      title: 'Feed',
      items: [{ id: 'a', url: 'https://x.vn/a', content_text: 'A', author: { name: 'B' } }],
    });
    const feed = parseFeed(text, { url: 'https://x.vn/feed.json' });
    expect(feed.items[0]).toMatchObject({ guid: 'a', author: 'B', contentHtml: '<p>A</p>' });
  });

  it('keeps the good elements of a JSON Feed list that holds one of the wrong type', () => {
    const text = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      items: [
        {
          id: 'a',
          url: 'https://x.vn/a',
          content_text: 'A',
          tags: ['Xã hội', 7, null, 'Kinh tế', { name: 'x' }],
          authors: [{ name: 'Lan Anh' }, 'Văn Tài', { name: 'Minh Châu' }],
          attachments: [{ mime_type: 'image/png' }, { url: 'https://x.vn/anh.jpg', mime_type: 'image/jpeg' }],
        },
      ],
    });
    const feed = parseFeed(text, { url: 'https://x.vn/feed.json' });
    expect(feed.items[0]).toMatchObject({
      categories: ['Xã hội', 'Kinh tế'],
      author: 'Lan Anh, Minh Châu',
      imageUrl: 'https://x.vn/anh.jpg',
    });
  });

  it('reads non-RFC dates in the source time zone', () => {
    const feed = parseFeed(fixture('non-rfc-dates.rss'), { url: 'https://baohatinh.example.vn/rss' });
    expect(feed.items.map((item) => item.publishedAt)).toEqual([
      '2019-06-27T08:15:00+07:00',
      '2019-06-27T08:15:00+07:00',
      '2019-06-27T08:15:00+07:00',
      '2019-06-27T08:15:00+07:00',
      '2019-06-27T08:15:00+07:00',
      null,
    ]);
  });
});

describe('parseFeed: tolerance', () => {
  const feed = parseFeed(fixture('ill-formed.rss'), { url: 'https://baohanam.example.vn/rss' });

  it('survives raw HTML, bare ampersands, control characters and a truncated end', () => {
    expect(feed.title).toBe('Báo Hà Nam & bạn đọc');
    expect(feed.items.map((item) => item.title)).toEqual([
      'Tọa đàm về chuyển đổi số',
      'Tin thứ hai',
      'Tin thứ ba',
    ]);
    const [first, second] = feed.items;
    expect(first?.url).toBe('https://baohanam.example.vn/tin-tuc/chuyen-doi-so.html');
    expect(first?.guid).toBe(first?.url);
    expect(first?.contentHtml).toContain('<p>Nội dung <br> có thẻ không đóng & ký tự');
    expect(first?.contentHtml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(first?.summary).toBe('Nội dung có thẻ không đóng & ký tự lạ');
    expect(first?.publishedAt).toBe('2019-06-27T08:15:00+07:00');
    // media:content beats the <img> in the description.
    expect(first?.imageUrl).toBe('https://baohanam.example.vn/anh/cds.jpg');
    expect(second).toMatchObject({
      guid: 'tin-2',
      author: 'Ban Biên Tập',
      categories: ['Xã hội'],
      imageUrl: 'https://baohanam.example.vn/anh/tin-2.png',
    });
  });

  it('normalizes every string to NFC', () => {
    const title = feed.items[0]?.title ?? '';
    expect(title).toBe(title.normalize('NFC'));
    expect(title).toBe('Tọa đàm về chuyển đổi số'.normalize('NFC'));
    const decomposed = 'Tọa đàm'.normalize('NFD');
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: decomposed,
      items: [
        { id: decomposed, title: decomposed, tags: [decomposed], content_html: `<p>${decomposed}</p>` },
      ],
    });
    const parsed = parseFeed(json, { url: 'https://x.vn/feed.json' });
    for (const value of [
      parsed.title,
      parsed.items[0]?.guid,
      parsed.items[0]?.title,
      parsed.items[0]?.categories[0],
    ]) {
      expect(value).toBe('Tọa đàm'.normalize('NFC'));
    }
  });

  it('reads on past a comment never closed, leaving the CDATA after it as it is', () => {
    const text = `<?xml version="1.0" encoding="utf-8"?>
      <rss version="2.0"><channel><title>T</title><link>https://x.vn/</link>
      <!-- quảng cáo <!-- bis
      <item><title>A</title><link>https://x.vn/a.html</link>
        <description><![CDATA[<p>Một <!-- ghi chú</p>]]></description></item>
      <item><title>B</title><link>https://x.vn/b.html</link><category>Xã hội</category></item>
      </channel></rss>`;
    const feed = parseFeed(text, { url: 'https://x.vn/rss' });
    expect(feed.items.map((item) => [item.title, item.url])).toEqual([
      ['A', 'https://x.vn/a.html'],
      ['B', 'https://x.vn/b.html'],
    ]);
    expect(feed.items[0]?.contentHtml).toContain('<p>Một');
    expect(feed.items[1]?.categories).toEqual(['Xã hội']);
    // A comment closed further on is still a comment.
    const closed = parseFeed(
      `<rss version="2.0"><channel><title>T</title><!-- <item><title>X</title><link>https://x.vn/x</link></item> -->
      <item><title>A</title><link>https://x.vn/a.html</link></item></channel></rss>`,
      { url: 'https://x.vn/rss' },
    );
    expect(closed.items.map((item) => item.title)).toEqual(['A']);
  });

  it('resolves relative links against the feed URL when the channel has no link', () => {
    const text = `<rss version="2.0"><channel><title>T</title>
      <item><title>A</title><link>../tin/a.html</link></item>
      <item><title>B</title><link>javascript:alert(1)</link><guid isPermaLink="false">b</guid></item>
      <item><title>C</title><guid>https://x.vn/tin/c.html</guid></item>
      <item><title>no link, no guid: skipped</title></item>
    </channel></rss>`;
    const feed = parseFeed(text, { url: 'https://x.vn/rss/all.xml' });
    expect(feed.items.map((item) => [item.guid, item.url])).toEqual([
      ['https://x.vn/tin/a.html', 'https://x.vn/tin/a.html'],
      ['b', ''],
      ['https://x.vn/tin/c.html', 'https://x.vn/tin/c.html'],
    ]);
  });

  it('accepts a byte-order mark and leading whitespace', () => {
    const feed = parseFeed(`\uFEFF\n  ${fixture('provincial.rss')}`, {
      url: 'https://baohanam.example.vn/rss',
    });
    expect(feed.items).toHaveLength(6);
  });

  it('repairs raw markup only where it is needed', () => {
    const valid =
      '<item><description><![CDATA[<p>x</p>]]></description><content type="xhtml"><div>y</div></content>';
    expect(repairRawMarkup(valid)).toBe(valid);
    expect(repairRawMarkup('<description>a <br> ]]> b</description>')).toBe(
      '<description><![CDATA[a <br> ]]]]><![CDATA[> b]]></description>',
    );
    expect(repairRawMarkup('<content src="x"/><description>a <b>unclosed')).toBe(
      '<content src="x"/><description>a <b>unclosed',
    );
  });
});

describe('parseFeed: item bodies', () => {
  it('keeps text that is escaped inside HTML escaped (no second decoding)', () => {
    const text = `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
      <item><title>A</title><link>https://x.vn/a</link>
        <media:description>not the body</media:description>
        <description><![CDATA[<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &#60;b&#62; &#7843;</p>]]></description>
      </item></channel></rss>`;
    const [item] = parseFeed(text, { url: 'https://x.vn/rss' }).items;
    expect(item?.contentHtml).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &#60;b&#62; ả</p>');
    expect(item?.summary).toBe('<script>alert(1)</script> &amp; <b> ả');
  });

  it('reads each Atom text construct type', () => {
    const text = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><id>tag:x.vn,2019:1</id>
        <title type="html">&lt;b&gt;Nóng&lt;/b&gt; &amp;amp; mới</title>
        <summary>1 &lt; 2 &amp; 3</summary>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p class="a&amp;b">x &lt;script&gt; &amp; y<br/><img src="/i.png?a=1&amp;b=2"/></p></div></content>
      </entry></feed>`;
    const [entry] = parseFeed(text, { url: 'https://x.vn/atom' }).items;
    expect(entry).toMatchObject({
      guid: 'tag:x.vn,2019:1',
      // A relative or non-http id is never taken for the article's URL.
      url: '',
      title: 'Nóng & mới',
      summary: '1 < 2 & 3',
      contentHtml: '<p class="a&amp;b">x &lt;script&gt; &amp; y<br><img src="/i.png?a=1&amp;b=2"></p>',
      imageUrl: 'https://x.vn/i.png?a=1&b=2',
    });
    const plain = parseFeed(text.replace(/<content[\s\S]*<\/content>/, ''), { url: 'https://x.vn/atom' })
      .items[0];
    expect(plain?.contentHtml).toBe('<p>1 &lt; 2 &amp; 3</p>');
  });
});

describe('parseFeed: refusals', () => {
  it('refuses an entity bomb without expanding it', () => {
    // No clock: expanding it would exhaust memory or the test's timeout long before an answer.
    const error = parseError(() =>
      parseFeed(fixture('entity-bomb.xml'), { url: 'https://evil.example/rss' }),
    );
    expect(error.message).toBe('feeds with entity declarations are refused');
  });

  it('reads a feed one of whose items nests deeper than the XML parser allows, with that markup as text', () => {
    const deep = `${'<x:div>'.repeat(150)}sâu${'</x:div>'.repeat(150)}`;
    const item = (n: number, extra = '') =>
      `<item><title>Tin ${n}</title><link>https://baohanam.example.vn/tin-${n}.html</link>${extra}</item>`;
    const text = `<?xml version="1.0"?><rss version="2.0" xmlns:x="urn:x"><channel><title>Báo</title>${item(1)}${item(2, `<x:extra>${deep}</x:extra>`)}${item(3)}</channel></rss>`;
    const feed = parseFeed(text, { url: 'https://baohanam.example.vn/rss' });
    expect(feed.items.map((i) => i.title)).toEqual(['Tin 1', 'Tin 2', 'Tin 3']);
    expect(feed.items[1]!.url).toBe('https://baohanam.example.vn/tin-2.html');
  });

  it(`refuses a feed of more than ${MAX_FEED_REFERENCES.toLocaleString('en')} references without parsing it, and reads one just under`, () => {
    const feed = (n: number) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>${'&'.repeat(n)}</title><link>https://e.example/x</link></item></channel></rss>`;
    const error = parseError(() =>
      parseFeed(feed(MAX_FEED_REFERENCES + 1), { url: 'https://evil.example/rss' }),
    );
    expect(error.message).toBe(
      "the feed holds more than 1,000,000 character references or bare '&'s: not a feed, refused",
    );
    expect(parseFeed(feed(1000), { url: 'https://e.example/rss' }).items[0]!.title).toBe('&'.repeat(1000));
  });

  it('refuses external entities (XXE)', () => {
    const error = parseError(() => parseFeed(fixture('xxe.xml'), { url: 'https://evil.example/rss' }));
    expect(error.message).toBe('feeds with entity declarations are refused');
  });

  it.each([
    ['an empty document', '', /empty/],
    ['whitespace', ' \n\t ', /empty/],
    ['an HTML page', fixture('html-page.html'), /HTML page/],
    ['plain text', 'Xin chào', /not an RSS, RDF, Atom or JSON feed/],
    [
      'another XML vocabulary',
      '<?xml version="1.0"?><urlset><url><loc>https://x.vn/</loc></url></urlset>',
      /not an RSS/,
    ],
    ['broken JSON', '{"version": ', /not valid JSON/],
    ['JSON that is not a feed', '{"hello": "world"}', /not a JSON Feed/],
    ['a JSON array', '[1, 2]', /not a JSON Feed/],
  ])('refuses %s with a FeedParseError', (_name, text, message) => {
    expect(parseError(() => parseFeed(text, { url: 'https://x.vn/feed' })).message).toMatch(message);
  });
});

describe('a file that is no feed', () => {
  it("is refused with the parser's reason, without the bytes it quotes (a binary file's controls: attack run 30)", () => {
    const text = '<rss><channel><title>a</title><item><\u001b]0;PWNED\u0007\u001b[2J<';
    const { message } = parseError(() => parseFeed(text, { url: 'https://x.vn/feed' }));
    expect(message).toMatch(/^not an RSS, RDF, Atom or JSON feed \(.+ at position \d+\.\)$/);
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]|PWNED|Context/);
  });
});

describe('flattenDeepElements', () => {
  it('escapes the tags below the depth, keeps CDATA and comments, and leaves shallow documents as they were', () => {
    const shallow = '<a><b x="1>2"><c/><!-- <d> --><![CDATA[<e>]]></b></a>';
    expect(flattenDeepElements(shallow, 3)).toBe(shallow);
    expect(flattenDeepElements('<a><b><c><d/>t</c></b></a>', 2)).toBe('<a><b>&lt;c>&lt;d/>t&lt;/c></b></a>');
    // A stray end tag closes nothing below zero.
    expect(flattenDeepElements('</z><a><b>t</b></a>', 1)).toBe('</z><a>&lt;b>t&lt;/b></a>');
  });
});

describe('parseFeed on hostile items (no clock: these took minutes, and the test’s timeout catches that)', () => {
  const rss = (item: string) =>
    `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><link>https://x.vn/</link><description>D</description><item><title>Tin</title><link>https://x.vn/a.html</link>${item}</item></channel></rss>`;

  it('an item of 10,000 <media:content> (86 s for 5,000): its image from its enclosure, past 50', () => {
    const media = Array.from(
      { length: 10_000 },
      (_, n) => `<media:content url="https://x.vn/m/${n}.jpg" medium="image"/>`,
    );
    const [item] = parseFeed(
      rss(`${media.join('')}<enclosure url="https://x.vn/e.jpg" type="image/jpeg" length="1"/>`),
      {
        url: 'https://x.vn/rss',
      },
    ).items;
    expect(item).toMatchObject({ title: 'Tin', imageUrl: 'https://x.vn/e.jpg' });
    // A paper's few are read as before: the first picture.
    const [few] = parseFeed(rss(media.slice(0, 3).join('')), { url: 'https://x.vn/rss' }).items;
    expect(few!.imageUrl).toBe('https://x.vn/m/0.jpg');
    // The same thousands in one <media:group>.
    const [grouped] = parseFeed(rss(`<media:group>${media.join('')}</media:group>`), {
      url: 'https://x.vn/rss',
    }).items;
    expect(grouped).toMatchObject({ title: 'Tin', imageUrl: null });
  });

  const atom = (head: string, entries: string) =>
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id><updated>2026-12-01T00:00:00Z</updated><link href="https://x.vn/"/>${head}${entries}</feed>`;
  const entry = (n: number, inside = '') =>
    `<entry><title>Tin ${n}</title><id>urn:e:${n}</id><link href="https://x.vn/${n}.html"/><updated>2026-12-01T00:00:00Z</updated>${inside}</entry>`;

  it('an Atom feed of 30,000 authors and 3,000 entries (77 s and 1.3 GB for 32,000 and 3,200): credited once, 20 names at most', () => {
    const authors = Array.from({ length: 30_000 }, (_, n) => `<author><name>Phóng viên ${n}</name></author>`);
    const feed = parseFeed(
      atom(
        authors.join(''),
        Array.from({ length: 3_000 }, (_, n) => entry(n)).join('') +
          entry(3_000, '<author><name>Lan Anh</name></author>'),
      ),
      { url: 'https://x.vn/atom' },
    );
    expect(feed.items).toHaveLength(3_001);
    const names = feed.items[0]!.author.split(', ');
    expect(names).toHaveLength(MAX_AUTHORS);
    expect(names[0]).toBe('Phóng viên 0');
    // An entry's own author stands.
    expect(feed.items[3_000]!.author).toBe('Lan Anh');
  });

  it("an Atom entry of 60,000 enclosure links (222 s for 48,000): past 50, its image from its first image's", () => {
    const links = Array.from(
      { length: 60_000 },
      (_, n) => `<link rel="enclosure" href="https://x.vn/l/${n}.mp3" type="audio/mpeg"/>`,
    );
    const [item] = parseFeed(
      atom(
        '',
        entry(1, `${links.join('')}<link rel="enclosure" href="https://x.vn/l/anh.jpg" type="image/jpeg"/>`),
      ),
      { url: 'https://x.vn/atom' },
    ).items;
    expect(item).toMatchObject({ title: 'Tin 1', imageUrl: 'https://x.vn/l/anh.jpg' });
  });

  it('a feed whose root declares 40,000 namespaces (362 s for 32,000 over 8,000 items) is refused at once, with why', () => {
    const declarations = Array.from({ length: 40_000 }, (_, n) => ` xmlns:n${n}="urn:n:${n}"`).join('');
    const items = '<item><title>Tin</title><link>https://x.vn/a.html</link></item>'.repeat(10_000);
    const error = parseError(() =>
      parseFeed(
        `<?xml version="1.0"?><rss version="2.0"${declarations}><channel><title>T</title><link>https://x.vn/</link>${items}</channel></rss>`,
        { url: 'https://x.vn/rss' },
      ),
    );
    expect(error.message).toMatch(/declares 40,000 XML namespaces/);
    // A paper's few are read as before.
    const few = Array.from({ length: 30 }, (_, n) => ` xmlns:n${n}="urn:n:${n}"`).join('');
    expect(
      parseFeed(
        `<?xml version="1.0"?><rss version="2.0"${few}><channel><title>T</title><link>https://x.vn/</link>${items.slice(0, 500)}</channel></rss>`,
        {
          url: 'https://x.vn/rss',
        },
      ).items.length,
    ).toBeGreaterThan(0);
  });

  it('a description of 400,000 unclosed <![CDATA[ (85 s for 200,000) is repaired in one pass', () => {
    const [item] = parseFeed(rss(`<description><p>Mở đầu</p>${'<![CDATA['.repeat(400_000)}</description>`), {
      url: 'https://x.vn/rss',
    }).items;
    expect(item!.title).toBe('Tin');
  });
});

describe('flattenDeepElements on hostile text', () => {
  it('scans in linear time: tags that never close do not make each `<` read to the end', () => {
    // 200,000 unclosed tag starts; a scan that read to the end from each would take 4e10 steps.
    const hostile = '<a x="'.repeat(100_000) + '<b'.repeat(100_000);
    expect(flattenDeepElements(hostile, 2)).toBe(hostile);
  });

  it('counts tags whose names are in any script', () => {
    expect(flattenDeepElements('<a><xé><b>t</b></xé></a>', 2)).toBe('<a><xé>&lt;b>t&lt;/b></xé></a>');
    expect(flattenDeepElements('<a><é a="1"><ß/>t</é></a>', 1)).toBe('<a>&lt;é a="1">&lt;ß/>t&lt;/é></a>');
  });

  it('scans one `<` and a million letters with no `>` in linear time (no clock: the square took minutes)', () => {
    const hostile = `<rss>${'<x>'.repeat(120)}<${'a'.repeat(1_000_000)}"`;
    const flat = flattenDeepElements(hostile, 64);
    expect(flat.endsWith(`<${'a'.repeat(1_000_000)}"`)).toBe(true);
    expect(flat.split('&lt;x>')).toHaveLength(120 - 63 + 1);
  });
});

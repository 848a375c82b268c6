import { afterEach, describe, expect, it } from 'vitest';
import { type Article, ArticleSchema } from '../../../shared/domain/article.js';
import { contentHash } from '../../../shared/syndicate/feed-state.js';
import { type FeedDescriptor, renderFeeds } from '../../../shared/syndicate/render/render-feeds.js';
import {
  forgetWrittenEntries,
  writtenEntriesHeld,
  writtenEntriesLimit,
} from '../../../shared/syndicate/render/written-entries.js';
import { xmlDocument, xmlDocumentWithEntries, xmlElement } from '../../../shared/syndicate/render/xml.js';

function article(n: number, overrides: Partial<Article> = {}): Article {
  const id = n.toString(16).padStart(24, 'a');
  return ArticleSchema.parse({
    id,
    sourceId: 'baohanam',
    url: `https://baohanam.example.vn/tin-tuc/${id}.html`,
    canonicalUrl: `https://baohanam.example.vn/tin-tuc/${id}.html`,
    title: `Tin ${n} “A & B” <i>x</i> ]]>`,
    summary: n % 2 ? 'Tóm tắt & <b>' : '',
    contentHtml: `<p>Đoạn ${n} ]]&gt; &amp; hai</p>`,
    contentText: `Đoạn ${n}`,
    publishedAt: `2026-11-${String((n % 28) + 1).padStart(2, '0')}T08:15:00+07:00`,
    updatedAt: `2026-11-${String((n % 28) + 1).padStart(2, '0')}T08:15:00+07:00`,
    author: n % 3 ? 'Phóng viên' : '',
    images: [],
    categories: n % 2 ? ['Kinh tế', 'Xã hội'] : [],
    attribution: '',
    language: 'vi',
    fingerprint: '0123456789abcdef',
    ingestedAt: '2026-11-28T09:00:00+07:00',
    ...overrides,
  });
}

const descriptor: FeedDescriptor = {
  id: 'all',
  title: 'Bantin',
  description: 'Tin mới',
  homeUrl: 'https://bantin.example/',
  selfBaseUrl: 'https://bantin.example/feeds/all',
  language: 'vi',
  hubUrl: 'https://hub.example/',
  archive: { isArchive: true, current: 'https://bantin.example/feeds/all', nextArchive: 'https://x/2' },
  sources: { baohanam: { name: 'Báo Hà Nam', homepage: 'https://baohanam.example.vn/' } },
};

const limit = writtenEntriesLimit.bytes;
afterEach(() => {
  writtenEntriesLimit.bytes = limit;
  forgetWrittenEntries();
});

describe('feed entries kept as written', () => {
  it('joins entries written apart into the bytes of the document built in one piece', () => {
    const items = [
      { title: 'a & b', 'content:encoded': { '#cdata': '<p>x ]]> y</p>' } },
      { title: 'c', category: ['x', 'y'], enclosure: { '@url': 'https://x/?a=1&b=2', '@length': '3' } },
    ];
    const root = { rss: { '@version': '2.0', channel: { title: 'T', 'fh:archive': '' } } };
    const whole = xmlDocument({ rss: { ...root.rss, channel: { ...root.rss.channel, item: items } } });
    const joined = xmlDocumentWithEntries(
      root,
      '</channel></rss>',
      items.map((item) => Buffer.from(xmlElement('item', item))),
    );
    expect(joined.toString('utf-8')).toBe(whole);
  });

  it('writes the same bytes from kept entries as afresh, in every format', () => {
    const list = Array.from({ length: 12 }, (_, i) => article(i + 1));
    const fresh = renderFeeds(descriptor, list);
    expect(writtenEntriesHeld().entries).toBe(12);
    const kept = renderFeeds(descriptor, list);
    expect(kept).toEqual(fresh);
    forgetWrittenEntries();
    expect(renderFeeds(descriptor, list)).toEqual(fresh);
    // JSON Feed as JSON.stringify writes the whole document.
    expect(`${JSON.stringify(JSON.parse(fresh.json), null, 2)}\n`).toBe(fresh.json);
    expect(renderFeeds(descriptor, []).json).toBe(
      `${JSON.stringify(JSON.parse(renderFeeds(descriptor, []).json), null, 2)}\n`,
    );
  });

  it('never serves an entry kept for an article whose content changed but not its dates', () => {
    const before = article(7);
    renderFeeds(descriptor, [before]);
    const edited = article(7, { title: 'Tiêu đề đã sửa', contentHtml: '<p>Nội dung mới</p>' });
    const feeds = renderFeeds(descriptor, [edited]);
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(feeds[format]).toContain('Tiêu đề đã sửa');
      expect(feeds[format]).toContain('Nội dung mới');
      expect(feeds[format]).not.toContain('Tin 7');
    }
    expect(writtenEntriesHeld().entries).toBe(1);
  });

  it('lets the least recently used entries go beyond its bound, never the one in use', () => {
    writtenEntriesLimit.bytes = 20_000;
    const list = Array.from({ length: 40 }, (_, i) => article(i + 1));
    const first = renderFeeds(descriptor, list);
    const held = writtenEntriesHeld();
    expect(held.bytes).toBeLessThanOrEqual(20_000);
    expect(held.entries).toBeGreaterThan(0);
    expect(held.entries).toBeLessThan(40);
    // What was let go is written again, the same.
    expect(renderFeeds(descriptor, list)).toEqual(first);
    writtenEntriesLimit.bytes = 1;
    renderFeeds(descriptor, [article(1)]);
    expect(writtenEntriesHeld().entries).toBe(1);
  });

  it('hashes a file given as bytes as its text: a feed state recorded from text stays valid', () => {
    const text = '<feed>Bản tin “mới”</feed>';
    expect(contentHash(Buffer.from(text))).toBe(contentHash(text));
    expect(contentHash(Buffer.from(text))).not.toBe(contentHash(`${text} `));
  });
});

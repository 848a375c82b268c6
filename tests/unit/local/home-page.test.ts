/** The local home page: Vietnamese throughout, headlines, subscribing, and the health the admin page shows. */
import { describe, expect, it } from 'vitest';
import { renderHomePage } from '../../../infra/local/home-page.js';
import type { ArticleEntry } from '../../../shared/domain/article-entry.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import type { PollRecord, SourceRecord } from '../../../shared/domain/source-record.js';
import { ORIGIN, sourceInput } from '../../support/sample-site.js';

const now = new Date('2026-11-30T00:50:00Z'); // 07:50 in Hanoi, two minutes after the last poll
const poll: PollRecord = {
  at: '2026-11-30T07:48:06+07:00',
  status: 'ok',
  durationMs: 300,
  itemsSeen: 7,
  itemsNew: 1,
  itemsDuplicate: 6,
  itemsFailed: 0,
  eventsPublished: 1,
  warnings: [],
};
const record = (id: string, health: Partial<SourceRecord['health']>): SourceRecord => ({
  source: SourceSchema.parse(sourceInput({ id, name: `Báo ${id}`, pollIntervalMinutes: 1 })),
  health: { consecutiveFailures: 0, validators: {}, lastPoll: poll, ...health },
});
const headline: ArticleEntry = {
  id: 'a'.repeat(24),
  sourceId: 'ha-nam',
  url: `${ORIGIN}/tin-tuc/khoi-cong-cau-moi.html`,
  canonicalUrl: `${ORIGIN}/tin-tuc/khoi-cong-cau-moi.html`,
  title: 'Hà Nam khởi công cầu <mới>',
  publishedAt: '2026-11-30T07:45:00+07:00',
  updatedAt: '2026-11-30T07:45:00+07:00',
  categories: ['Xã hội'],
  fingerprint: 'f',
  language: 'vi',
  published: true,
};

describe('renderHomePage', () => {
  const html = renderHomePage({
    records: [
      record('ha-nam', {}),
      record('do-hong', { flags: ['selectors-broken'], recentArticles: [] }),
      record('moi', { lastPoll: undefined }),
    ],
    headlines: [headline],
    now,
  });

  it('links the subscription page and lists the latest headlines with their paper and a Vietnamese time', () => {
    expect(html).toContain('href="/subscribe"');
    expect(html).toContain(
      `<a href="${ORIGIN}/tin-tuc/khoi-cong-cau-moi.html">Hà Nam khởi công cầu &#60;mới&#62;</a> <span class="meta">Báo ha-nam, 07:45 30/11/2026</span>`,
    );
  });

  it('states each source’s health in the admin page’s words, never ISO times or English states', () => {
    expect(html).toMatch(
      /data-status="ok"><strong class="status-ok">Tốt<\/strong><\/td><td>07:48 30\/11\/2026: 1 bài mới, 6 bài trùng, 0 bài lỗi/,
    );
    expect(html).toContain(
      '<strong class="status-error">Lỗi</strong>: nhiều bài gần đây thiếu tiêu đề, ngày hoặc nội dung',
    );
    expect(html).toContain('<strong class="status-pending">Chưa lấy tin</strong></td><td>chưa lấy tin');
    expect(html).not.toMatch(/\d{4}-\d\d-\d\dT|>ok[,<]/);
  });

  it('names a paper deleted since by the name the feeds kept, not by its id', () => {
    const page = renderHomePage({
      records: [],
      headlines: [headline],
      retired: new Map([['ha-nam', 'Báo Hà Nam cũ']]),
      now,
    });
    expect(page).toContain('<span class="meta">Báo Hà Nam cũ, 07:45 30/11/2026</span>');
  });

  it('counts the corrections a poll took, when it took any', () => {
    const corrected = renderHomePage({
      records: [record('ha-nam', { lastPoll: { ...poll, itemsCorrected: 2 } })],
      headlines: [],
      now,
    });
    expect(corrected).toContain('1 bài mới, 6 bài trùng, 0 bài lỗi, 2 bài đính chính');
    expect(html).not.toContain('đính chính');
  });

  it('links every feed, with autodiscovery', () => {
    for (const path of ['all', 'sources/ha-nam', 'sources/moi']) {
      expect(html).toContain(`href="/feeds/${path}.rss"`);
      expect(html).toContain(`<link rel="alternate" type="application/atom+xml" title=`);
    }
  });

  it('says when there is no article yet', () => {
    expect(renderHomePage({ records: [], headlines: [], now })).toContain('Chưa có bài nào');
  });
});

/** Source health flags: `failing` and `selectors-broken`, as ingestSource computes them. */
import { beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../../shared/domain/source.js';
import type { JudgedArticle, SourceHealth } from '../../../shared/domain/source-record.js';
import { FetchError, type FetchedResource, type FetchOptions } from '../../../shared/ingest/fetch/fetcher.js';
import { type IngestDeps, ingestSource } from '../../../shared/ingest/ingest-source.js';
import { healthFlags } from '../../../shared/ingest/poll-health.js';
import { fixture } from '../../support/fixtures.js';
import { type MemorySources, memoryIngestDeps } from '../../support/in-memory.js';
import { ORIGIN as SITE, SLUGS } from '../../support/sample-site.js';

const FEED = `${SITE}/rss/tin-moi-nhat.rss`;
/** Six texts, then the national paper's copies of them (the same text: one article within a paper). */
const GOOD_PAGES = ['provincial', 'national'].flatMap((paper) =>
  SLUGS.map((slug) => fixture(`pages/${paper}/${slug}.html`)),
);
/** What a redesigned page gives the generic extractor: a title, no date, next to no text. */
const REDESIGNED = (n: number) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bài viết số ${n} của báo</title></head><body><div id="app"><p>Đang tải nội dung…</p></div></body></html>`;
/** A whole page of the sample paper's template whose body is a line or two (under 200 characters). */
const SHORT = (n: number) =>
  `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin ngắn số ${n}</title><meta property="article:published_time" content="2026-11-27T08:00:00+07:00"></head><body><article><h1>Tin ngắn số ${n}</h1><p>Sáng nay …</p><p>…</p></article></body></html>`;
/** A page with nothing the extractor can read: the Article schema rejects it. */
const EMPTY = '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>';

/** A feed whose items are set per poll; the pages behind them are good, redesigned or empty. */
class FakeWeb {
  pages = new Map<string, string>();
  feedItems: { url: string; dated: boolean }[] = [];
  etag = 0;
  down = false;
  private next = 0;
  publish(kind: 'good' | 'short' | 'redesigned' | 'empty', count: number) {
    for (let i = 0; i < count; i++) {
      const n = this.next++;
      const url = `${SITE}/tin-tuc/bai-${n}.html`;
      const body =
        kind === 'good'
          ? GOOD_PAGES[n % GOOD_PAGES.length]!.replace(/<link rel="canonical"[^>]*>/, '')
              // A headline of its own: a page repeated under another URL would be one article.
              .replace(/(<title>|<h1[^>]*>|og:title" content=")([^<"]+)/g, `$1$2 (${n})`)
          : kind === 'short'
            ? SHORT(n)
            : kind === 'redesigned'
              ? REDESIGNED(n)
              : EMPTY;
      this.pages.set(url, body);
      this.feedItems.push({ url, dated: kind === 'good' || kind === 'short' });
    }
    this.etag++;
  }
  fetch = async (url: string, options?: FetchOptions): Promise<FetchedResource> => {
    if (this.down) throw new FetchError(url, 'connect ECONNREFUSED');
    if (url === FEED) {
      const etag = `"feed-${this.etag}"`;
      if (options?.etag === etag)
        return {
          url,
          status: 304,
          notModified: true,
          etag,
          contentType: 'application/rss+xml',
          body: new Uint8Array(),
        };
      const items = this.feedItems
        .map(
          ({ url: link, dated }) =>
            `<item><link>${link}</link>${dated ? '<pubDate>Thu, 27 Jun 2019 08:15:00 +0700</pubDate>' : ''}</item>`,
        )
        .join('');
      return {
        url,
        status: 200,
        notModified: false,
        etag,
        contentType: 'application/rss+xml; charset=utf-8',
        body: Buffer.from(`<rss version="2.0"><channel><title>Báo</title>${items}</channel></rss>`),
      };
    }
    const page = this.pages.get(url);
    if (page === undefined) throw new FetchError(url, 'HTTP 404 Not Found', 404);
    return {
      url,
      status: 200,
      notModified: false,
      contentType: 'text/html; charset=utf-8',
      body: Buffer.from(page),
    };
  };
}

describe('source health flags', () => {
  let web: FakeWeb;
  let deps: IngestDeps & { sources: MemorySources };
  const health = () => deps.sources.records.get('bao-ha-nam')!.health;
  const poll = () => ingestSource('bao-ha-nam', deps);

  beforeEach(async () => {
    web = new FakeWeb();
    deps = memoryIngestDeps(web.fetch, '2026-11-27T03:00:00Z');
    await deps.sources.put(
      SourceSchema.parse({
        id: 'bao-ha-nam',
        name: 'Báo Hà Nam',
        homepage: `${SITE}/`,
        kind: 'feed',
        urls: [FEED],
      }),
    );
  });

  it('flags a source failing after 3 failed polls in a row, and clears it when it answers again', async () => {
    web.publish('good', 1);
    web.down = true;
    await poll();
    await poll();
    expect(health()).toMatchObject({ consecutiveFailures: 2, flags: [] });
    await poll();
    expect(health()).toMatchObject({ consecutiveFailures: 3, flags: ['failing'] });
    await poll();
    expect(health().flags).toEqual(['failing']);
    web.down = false;
    await poll();
    expect(health()).toMatchObject({ consecutiveFailures: 0, flags: [] });
  });

  it('counts the fields each extracted article lacked, rejected articles included', async () => {
    web.publish('good', 2);
    web.publish('redesigned', 1);
    web.publish('empty', 1);
    const outcome = await poll();
    expect(outcome).toMatchObject({
      itemsNew: 3,
      itemsFailed: 1,
      articlesExtracted: 4,
      articlesIncomplete: 2,
    });
    expect(outcome?.emptyFields).toEqual({ title: 1, date: 2, body: 2 });
    expect(health().lastPoll).toMatchObject({ articlesExtracted: 4, articlesIncomplete: 2 });
    expect(health().recentArticles).toHaveLength(4);
    expect(health().recentArticles?.filter((a) => a.incomplete)).toHaveLength(2);
  });

  it('leaves a paper ok after one short article among whole ones (the README example)', async () => {
    web.publish('good', 6);
    await poll();
    web.publish('short', 1);
    expect(await poll()).toMatchObject({ itemsNew: 1, articlesExtracted: 1, articlesIncomplete: 1 });
    expect(health().flags).toEqual([]);
    web.publish('good', 3);
    await poll();
    expect(health().flags).toEqual([]);
    expect(health().recentArticles?.filter((a) => a.incomplete)).toHaveLength(1);
  });

  it('judges a rejected page once, and leaves it alone at the next polls (refusedLinks)', async () => {
    web.publish('good', 4);
    web.publish('empty', 1);
    expect(await poll()).toMatchObject({ itemsFailed: 1, articlesExtracted: 5, articlesIncomplete: 1 });
    for (let i = 0; i < 12; i++) {
      web.etag++;
      expect(await poll()).toMatchObject({ itemsFailed: 0, itemsNew: 0 });
    }
    expect(health().flags).toEqual([]);
    expect(health().recentArticles).toHaveLength(5);
  });

  it('flags broken selectors when recent articles turn bad, keeps the flag while they stay bad, clears it after', async () => {
    web.publish('good', 4);
    await poll();
    expect(health().flags).toEqual([]);

    // The paper redesigns its pages: 2 of 6 recent articles incomplete is not yet half.
    web.publish('redesigned', 1);
    web.publish('empty', 1);
    await poll();
    expect(health().flags).toEqual([]);
    // Two more: 4 of the 8 recent articles are incomplete.
    web.publish('redesigned', 2);
    await poll();
    expect(health().flags).toEqual(['selectors-broken']);

    // A poll that extracts nothing keeps it.
    expect(await poll()).toMatchObject({ status: 'not-modified', articlesExtracted: 0 });
    expect(health().flags).toEqual(['selectors-broken']);
    // Still bad: two more redesigned pages fill the window of ten (the rejected page counts once).
    web.publish('redesigned', 2);
    await poll();
    expect(health().flags).toEqual(['selectors-broken']);
    expect(health().recentArticles).toHaveLength(10);

    // Selectors fixed: whole articles push the bad ones out; at half of ten it stays, below it clears.
    web.publish('good', 4);
    await poll();
    expect(health().flags).toEqual(['selectors-broken']);
    web.publish('good', 2);
    await poll();
    expect(health().flags).toEqual([]);
  });

  it('does not flag a source that never extracted well: nothing broke', async () => {
    web.publish('redesigned', 4);
    await poll();
    expect(health().flags).toEqual([]);
    expect(health().recentArticles?.every((a) => a.incomplete)).toBe(true);
    web.publish('redesigned', 4);
    await poll();
    expect(health().flags).toEqual([]);
  });
});

describe('healthFlags', () => {
  const judged = (pattern: string, from = 0) =>
    [...pattern].map((c, i) => ({ url: `${SITE}/tin-tuc/bai-${from + i}.html`, incomplete: c === 'x' }));
  const was = (health: Partial<SourceHealth>): SourceHealth => ({
    consecutiveFailures: 0,
    validators: {},
    ...health,
  });
  const flagsAfter = (previous: SourceHealth, extracted: JudgedArticle[]) =>
    healthFlags(previous, 0, extracted).flags;

  it.each([
    [
      'whole, then half of the window incomplete: raised',
      was({ recentArticles: judged('oooo') }),
      judged('xxxx', 4),
      ['selectors-broken'],
    ],
    [
      'whole, then just under half: not raised',
      was({ recentArticles: judged('oooooo') }),
      judged('xxxx', 6),
      [],
    ],
    ['no baseline (new source), bad from the start: not raised', was({}), judged('xxxxxx'), []],
    ['too few articles to judge: not raised', was({ recentArticles: judged('o') }), judged('xx', 1), []],
    [
      'flagged and still bad: kept',
      was({ flags: ['selectors-broken'], recentArticles: judged('xxxx') }),
      judged('x', 4),
      ['selectors-broken'],
    ],
    [
      'flagged, then whole again below half: cleared',
      was({ flags: ['selectors-broken'], recentArticles: judged('xxxx') }),
      judged('ooooo', 4),
      [],
    ],
    [
      'flagged, nothing extracted: kept',
      was({ flags: ['selectors-broken'], recentArticles: judged('xxxx') }),
      [],
      ['selectors-broken'],
    ],
    [
      'flagged by the former per-poll rule (no window kept): dropped at the next poll',
      was({ flags: ['selectors-broken'] }),
      [],
      [],
    ],
  ] as const)('%s', (_, previous, extracted, flags) => {
    expect(flagsAfter(previous, [...extracted])).toEqual(flags);
  });

  it('keeps the newest ten articles, an article judged again replacing its earlier verdict', () => {
    const first = healthFlags(was({}), 0, judged('oooooooo'));
    const next = healthFlags(was(first), 0, [...judged('x', 3), ...judged('ooo', 8)]);
    expect(next.recentArticles?.map((a) => a.url.match(/bai-(\d+)/)?.[1])).toEqual([
      '1',
      '2',
      '4',
      '5',
      '6',
      '7',
      '3',
      '8',
      '9',
      '10',
    ]);
    expect(next.recentArticles?.[6]).toMatchObject({ incomplete: true });
  });

  it('puts failing first, from the third failure in a row', () => {
    const previous = was({ flags: ['selectors-broken'], recentArticles: judged('xxxx') });
    expect(healthFlags(previous, 2, []).flags).toEqual(['selectors-broken']);
    expect(healthFlags(previous, 3, []).flags).toEqual(['failing', 'selectors-broken']);
  });
});

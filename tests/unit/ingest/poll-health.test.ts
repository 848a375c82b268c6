/** Source health flags: `failing` and `selectors-broken`, as ingestSource computes them. */
import { beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../../shared/domain/source.js';
import type { PollRecord, SourceHealth } from '../../../shared/domain/source-record.js';
import { FetchError, type FetchedResource, type FetchOptions } from '../../../shared/ingest/fetch/fetcher.js';
import { type IngestDeps, ingestSource } from '../../../shared/ingest/ingest-source.js';
import { healthFlags } from '../../../shared/ingest/poll-health.js';
import { fixture } from '../../support/fixtures.js';
import { type MemorySources, memoryIngestDeps } from '../../support/in-memory.js';
import { ORIGIN as SITE, SLUGS } from '../../support/sample-site.js';

const FEED = `${SITE}/rss/tin-moi-nhat.rss`;
const GOOD_PAGES = SLUGS.flatMap((slug) => [
  fixture(`pages/provincial/${slug}.html`),
  fixture(`pages/national/${slug}.html`),
]);
/** What a redesigned page gives the generic extractor: a title, no date, next to no text. */
const REDESIGNED = (n: number) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bài viết số ${n} của báo</title></head><body><div id="app"><p>Đang tải nội dung…</p></div></body></html>`;
/** A page with nothing the extractor can read: the Article schema rejects it. */
const EMPTY = '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>';

/** A feed whose items are set per poll; the pages behind them are good, redesigned or empty. */
class FakeWeb {
  pages = new Map<string, string>();
  feedItems: { url: string; dated: boolean }[] = [];
  etag = 0;
  down = false;
  private next = 0;
  publish(kind: 'good' | 'redesigned' | 'empty', count: number) {
    for (let i = 0; i < count; i++) {
      const n = this.next++;
      const url = `${SITE}/tin-tuc/bai-${n}.html`;
      const body =
        kind === 'good'
          ? GOOD_PAGES[n % GOOD_PAGES.length]!.replace(/<link rel="canonical"[^>]*>/, '')
          : kind === 'redesigned'
            ? REDESIGNED(n)
            : EMPTY;
      this.pages.set(url, body);
      this.feedItems.push({ url, dated: kind === 'good' });
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
    expect(health().incompleteShare).toBe(0.5);
  });

  it('flags broken selectors when extraction turns bad, keeps the flag while it stays bad, clears it after', async () => {
    web.publish('good', 3);
    await poll();
    expect(health()).toMatchObject({ flags: [], incompleteShare: 0 });

    // The paper redesigns its pages: 2 of 3 new articles come out incomplete (one is even rejected).
    web.publish('good', 1);
    web.publish('redesigned', 1);
    web.publish('empty', 1);
    await poll();
    expect(health().flags).toEqual(['selectors-broken']);
    expect(health().incompleteShare).toBeCloseTo(2 / 3);

    // Still bad: the flag stays (the previous poll was bad too, but it was already raised).
    web.publish('redesigned', 2);
    await poll();
    expect(health().flags).toEqual(['selectors-broken']);

    // A poll that extracts nothing keeps it.
    expect(await poll()).toMatchObject({ status: 'not-modified', articlesExtracted: 0 });
    expect(health().flags).toEqual(['selectors-broken']);
    // Only known links (and the rejected page, tried again): still bad, still flagged.
    web.etag++;
    expect(await poll()).toMatchObject({
      itemsNew: 0,
      itemsFailed: 1,
      articlesExtracted: 1,
      articlesIncomplete: 1,
    });
    expect(health().flags).toEqual(['selectors-broken']);

    // Selectors fixed: articles come out whole again (the rejected page is tried once more).
    web.publish('good', 2);
    await poll();
    expect(health()).toMatchObject({ flags: [], incompleteShare: 1 / 3 });
  });

  it('does not flag a source that never extracted well: nothing broke', async () => {
    web.publish('redesigned', 2);
    await poll();
    expect(health()).toMatchObject({ flags: [], incompleteShare: 1 });
    web.publish('redesigned', 2);
    await poll();
    expect(health().flags).toEqual([]);
  });
});

describe('healthFlags', () => {
  const record = (
    extracted: number,
    incomplete: number,
    status: PollRecord['status'] = 'ok',
  ): PollRecord => ({
    at: '2026-11-27T10:00:00+07:00',
    status,
    durationMs: 1,
    itemsSeen: extracted,
    itemsNew: extracted,
    itemsDuplicate: 0,
    itemsFailed: 0,
    eventsPublished: 0,
    warnings: [],
    articlesExtracted: extracted,
    articlesIncomplete: incomplete,
    emptyFields: { title: 0, date: incomplete, body: 0 },
  });
  const was = (health: Partial<SourceHealth>): SourceHealth => ({
    consecutiveFailures: 0,
    validators: {},
    ...health,
  });

  it.each([
    [
      'good → half incomplete: raised',
      was({ incompleteShare: 0.2 }),
      record(4, 2),
      ['selectors-broken'],
      0.5,
    ],
    ['good → just under half: not raised', was({ incompleteShare: 0 }), record(5, 2), [], 0.4],
    ['no baseline (new source) → bad: not raised', was({}), record(2, 2), [], 1],
    [
      'flagged and still bad: kept',
      was({ flags: ['selectors-broken'], incompleteShare: 1 }),
      record(3, 3),
      ['selectors-broken'],
      1,
    ],
    [
      'flagged, then good: cleared',
      was({ flags: ['selectors-broken'], incompleteShare: 1 }),
      record(3, 1),
      [],
      1 / 3,
    ],
    [
      'flagged, nothing extracted: kept',
      was({ flags: ['selectors-broken'], incompleteShare: 1 }),
      record(0, 0, 'not-modified'),
      ['selectors-broken'],
      1,
    ],
    ['old record without flags, nothing extracted', was({}), record(0, 0), [], undefined],
  ])('%s', (_, previous, pollRecord, flags, share) => {
    expect(healthFlags(previous, pollRecord, 0)).toEqual({ flags, incompleteShare: share });
  });

  it('puts failing first, from the third failure in a row', () => {
    const previous = was({ flags: ['selectors-broken'], incompleteShare: 1 });
    expect(healthFlags(previous, record(0, 0, 'failed'), 2).flags).toEqual(['selectors-broken']);
    expect(healthFlags(previous, record(0, 0, 'failed'), 3).flags).toEqual(['failing', 'selectors-broken']);
  });
});

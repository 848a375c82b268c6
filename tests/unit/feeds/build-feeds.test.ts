/**
 * The feed-building use case on in-memory ports: which feeds a batch touches, incremental
 * writes, RFC 5005 archive pages, edits, WebSub pings, the feed directory, bad articles.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../shared/domain/article.js';
import { categorySlug } from '../../../shared/domain/category.js';
import { ValidationError } from '../../../shared/domain/validation.js';
import {
  buildFeeds,
  buildFeedsForEvents,
  CACHE_CONTROL,
  FEED_SIZE,
  scopesTouchedBy,
} from '../../../shared/syndicate/build-feeds.js';
import { FEEDS_BASE, FeedWorld } from '../../support/feed-builder.js';

const idsOf = (world: FeedWorld, path: string) => world.json(path).items.map((i) => i.id.split(':').pop()!);

describe('category slugs', () => {
  it.each([
    ['Văn hóa', 'van-hoa'],
    ['Đầu tư', 'dau-tu'],
    ['ĐẦU TƯ', 'dau-tu'],
    ['Thời sự - Chính trị', 'thoi-su-chinh-tri'],
    ['Xã hội & <Đời sống>', 'xa-hoi-doi-song'],
    ['Kinh tế ', 'kinh-te'],
    ['Giáo dục\u0301', 'giao-duc'],
    ['Người Việt bốn phương', 'nguoi-viet-bon-phuong'],
    ['Ưu đãi ở Huế', 'uu-dai-o-hue'],
    ['C++', 'c-plus-plus'],
    ['C#', 'c-sharp'],
    ['F# và .NET', 'f-sharp-va-net'],
    ['Google+', 'google-plus'],
    ['#MeToo', 'metoo'],
    ['1+1', '1-1'],
    ['a++b', 'a-b'],
  ])('%s → %s', (name, slug) => {
    expect(categorySlug(name)).toBe(slug);
  });

  it('folds NFC and NFD spellings alike and gives non-Latin names a stable slug of their own', () => {
    expect(categorySlug('Văn hóa'.normalize('NFD'))).toBe(categorySlug('Văn hóa'.normalize('NFC')));
    expect(categorySlug('中文')).toMatch(/^c-[0-9a-f]{8}$/);
    expect(categorySlug('中文')).toBe(categorySlug('中文'));
    expect(categorySlug('中文')).not.toBe(categorySlug('日本'));
  });
});

describe('buildFeeds: scopes and incremental writes', () => {
  it('rebuilds all, each touched source and each touched category once, in every format', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    await world.addSource('bao-b', 'Báo B');
    const events = [
      await world.store({ sourceId: 'bao-a', categories: ['Văn hóa'] }),
      await world.store({ sourceId: 'bao-a', categories: ['Văn Hóa', 'Đầu tư'] }),
      await world.store({ sourceId: 'bao-b', categories: ['Đầu tư'] }),
    ];
    expect(scopesTouchedBy(events).map((s) => JSON.stringify(s))).toEqual([
      '{"kind":"all"}',
      '{"kind":"source","sourceId":"bao-a"}',
      '{"kind":"source","sourceId":"bao-b"}',
      '{"kind":"category","slug":"dau-tu"}',
      '{"kind":"category","slug":"van-hoa"}',
    ]);
    const result = await buildFeedsForEvents(events, world.deps());
    expect(result.feedsRebuilt).toEqual([
      'all',
      'sources/bao-a',
      'sources/bao-b',
      'categories/dau-tu',
      'categories/van-hoa',
    ]);
    expect(world.content.writes.filter((w) => !w.startsWith('index.')).sort()).toEqual(
      result.feedsRebuilt.flatMap((p) => [`${p}.atom`, `${p}.json`, `${p}.rss`]).sort(),
    );
    expect(idsOf(world, 'categories/van-hoa')).toHaveLength(2);
    expect(idsOf(world, 'categories/dau-tu')).toHaveLength(2);
    // The display name is the spelling most articles use (ties: the first in code-point order).
    expect(world.json('categories/van-hoa').title).toBe('Văn Hóa — Bantin');
    expect(world.content.feeds.get('all.rss')).toMatchObject({
      contentType: 'application/rss+xml; charset=utf-8',
      cacheControl: CACHE_CONTROL.current,
    });
    expect(world.content.feeds.get('categories/dau-tu.atom')?.contentType).toBe(
      'application/atom+xml; charset=utf-8',
    );
    expect(world.content.feeds.get('sources/bao-b.json')?.contentType).toBe(
      'application/feed+json; charset=utf-8',
    );
  });

  it('writes nothing when rebuilt from the same content, and only the touched feeds for a new article', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const first = [
      await world.store({ sourceId: 'bao-a', categories: ['Văn hóa'] }),
      await world.store({ sourceId: 'bao-a', categories: ['Thể thao'] }),
    ];
    await buildFeedsForEvents(first, world.deps());
    const writes = world.content.writes.length;
    const again = await buildFeedsForEvents(first, world.deps());
    expect(again.filesWritten).toBe(0);
    expect(again.filesUnchanged).toBe(4 * 3);
    expect(again.indexWritten).toBe(false);
    expect(world.content.writes.length).toBe(writes);

    const next = await world.store({ sourceId: 'bao-a', categories: ['Văn hóa'] });
    const result = await buildFeedsForEvents([next], world.deps());
    expect(world.content.writes.slice(writes).sort()).toEqual(
      ['all', 'sources/bao-a', 'categories/van-hoa']
        .flatMap((p) => [`${p}.atom`, `${p}.json`, `${p}.rss`])
        .sort(),
    );
    expect(result.indexWritten).toBe(false); // same set of feeds: the directory is not rewritten
    expect(world.content.feeds.has('categories/the-thao.rss')).toBe(true);
  });

  it('dates a feed without articles by its first build, in every format and at every rebuild', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const deps = (at: string) => ({ ...world.deps(), now: () => new Date(at) });
    await buildFeedsForEvents([], deps('2026-03-04T05:06:07.890Z'), ['bao-a']);
    const rss = world.feed('sources/bao-a.rss');
    expect(rss).toContain('<lastBuildDate>Wed, 04 Mar 2026 05:06:07 GMT</lastBuildDate>');
    expect(world.feed('sources/bao-a.atom')).toContain('<updated>2026-03-04T05:06:07.000Z</updated>');
    expect(world.json('sources/bao-a').items).toEqual([]);

    // Built again later with nothing new: the same bytes (the date is the first build's).
    const again = await buildFeedsForEvents([], deps('2026-05-01T00:00:00Z'), ['bao-a']);
    expect(again.filesWritten).toBe(0);
    expect(world.feed('sources/bao-a.rss')).toBe(rss);

    // Once it has an article, the article dates it.
    const event = await world.store({ sourceId: 'bao-a' });
    await buildFeedsForEvents([event], deps('2026-05-01T00:00:00Z'));
    expect(world.feed('sources/bao-a.rss')).not.toContain('2026 05:06:07');
  });

  it('reads from the content store only the articles new to a feed and those the batch names', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const events = [];
    for (let i = 0; i < 30; i++)
      events.push(await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] }));
    await buildFeedsForEvents(events, world.deps());
    const reads: string[] = [];
    const getArticle = world.content.getArticle.bind(world.content);
    world.content.getArticle = async (id) => {
      reads.push(id);
      return getArticle(id);
    };
    const fresh = await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] });
    const edited = events[5]!;
    const body = (await world.content.getArticle(edited.articleId))!;
    await world.content.putArticle({ ...body, title: 'Tiêu đề đã sửa' });
    reads.length = 0;
    await buildFeedsForEvents([fresh, { ...edited, type: 'article.updated' }], world.deps());
    // Once per batch, though three feeds (all, the source, the category) list each of them.
    expect(reads.sort()).toEqual([fresh.articleId, edited.articleId].sort());
    for (const feed of ['all', 'sources/bao-a', 'categories/xa-hoi']) {
      expect(idsOf(world, feed)).toHaveLength(31);
      const item = world.json(feed).items.find((i) => i.id.endsWith(edited.articleId));
      expect(item?.title).toBe('Tiêu đề đã sửa');
    }
    // A rebuild with nothing new (an event delivered again) reads nothing and writes nothing, state included.
    reads.length = 0;
    const writes = world.content.writes.length;
    const states = [...world.content.feedState.values()].map((s) => s.version);
    await buildFeedsForEvents([fresh], world.deps());
    expect(reads).toEqual([]);
    expect(world.content.writes.length).toBe(writes);
    expect([...world.content.feedState.values()].map((s) => s.version)).toEqual(states);
  });

  it('loads from the content store an article of the stored window that no longer parses', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const events = [];
    for (let i = 0; i < 3; i++) events.push(await world.store({ sourceId: 'bao-a' }));
    await buildFeedsForEvents(events, world.deps());
    const state = world.content.feedState.get('archive/sources/bao-a')!;
    const value = state.value as { items: { id: string; prepared: { article: Record<string, unknown> } }[] };
    const broken = value.items[0]!;
    broken.prepared.article = { ...broken.prepared.article, title: 42 };
    const reads: string[] = [];
    const getArticle = world.content.getArticle.bind(world.content);
    world.content.getArticle = async (id) => {
      reads.push(id);
      return getArticle(id);
    };
    const next = await world.store({ sourceId: 'bao-a' });
    await buildFeedsForEvents([next], world.deps());
    expect(reads).toContain(broken.id);
    expect(idsOf(world, 'sources/bao-a')).toHaveLength(4);
    expect(world.json('sources/bao-a').items.every((i) => typeof i.title === 'string')).toBe(true);
  });

  it('stops listing a deleted source in the directory when its feeds are requested, keeping its files', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    await world.addSource('bao-b', 'Báo B');
    await buildFeedsForEvents(
      [await world.store({ sourceId: 'bao-a' }), await world.store({ sourceId: 'bao-b' })],
      world.deps(),
    );
    expect(world.feed('index.opml')).toContain(`xmlUrl="${FEEDS_BASE}/sources/bao-b.rss"`);
    await world.sources.remove('bao-b');
    const result = await buildFeedsForEvents([], world.deps(), ['bao-b']);
    expect(result.feedsRebuilt).not.toContain('sources/bao-b');
    expect(result.indexWritten).toBe(true);
    expect(world.feed('index.opml')).not.toContain('sources/bao-b');
    expect(world.feed('index.html')).not.toContain('sources/bao-b');
    expect(world.feed('index.opml')).toContain(`xmlUrl="${FEEDS_BASE}/sources/bao-a.rss"`);
    // Its articles stay where aggregators already follow them, credited to the paper by its name
    // (attack run 25: the rebuild credited a bare host name), at this build and the next ones.
    expect(world.content.feeds.has('sources/bao-b.rss')).toBe(true);
    expect(world.feed('all.rss')).toContain('>Báo B</source>');
    await buildFeedsForEvents([await world.store({ sourceId: 'bao-a' })], world.deps());
    expect(world.feed('all.rss')).toContain('>Báo B</source>');
    expect(world.feed('all.rss')).not.toContain('>bao-b.example.vn</source>');
    // A source that still exists is listed as ever when its feeds are requested.
    await buildFeedsForEvents([], world.deps(), ['bao-a']);
    expect(world.feed('index.opml')).toContain(`xmlUrl="${FEEDS_BASE}/sources/bao-a.rss"`);
  });

  it("writes a renamed source's category feeds again with its new name (they kept the old one till news came; attack run 25)", async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    await buildFeedsForEvents(
      [await world.store({ sourceId: 'bao-a', categories: ['Văn hóa'] })],
      world.deps(),
    );
    expect(world.feed('categories/van-hoa.rss')).toContain('Báo A');
    const record = world.sources.records.get('bao-a')!;
    await world.sources.recordPoll('bao-a', { ...record.health, categories: ['van-hoa'] });
    await world.sources.replace({ ...record.source, name: 'Báo A điện tử' });
    const result = await buildFeedsForEvents([], world.deps(), ['bao-a']);
    expect(result.feedsRebuilt).toContain('categories/van-hoa');
    expect(world.feed('categories/van-hoa.rss')).toContain('Báo A điện tử');
    expect(world.feed('sources/bao-a.rss')).toContain('Báo A điện tử');
  });

  it('writes the OPML and HTML directory when the set of feeds changes, listing every feed', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    await buildFeedsForEvents(
      [await world.store({ sourceId: 'bao-a', categories: ['Văn hóa'] })],
      world.deps(),
    );
    let opml = world.feed('index.opml');
    expect(world.content.feeds.get('index.opml')?.contentType).toBe('text/x-opml; charset=utf-8');
    expect(world.content.feeds.get('index.html')?.contentType).toBe('text/html; charset=utf-8');
    expect(opml).toContain(`xmlUrl="${FEEDS_BASE}/categories/van-hoa.rss"`);
    expect(opml).not.toContain('dau-tu');
    const result = await buildFeedsForEvents(
      [await world.store({ sourceId: 'bao-a', categories: ['Đầu tư'] })],
      world.deps(),
    );
    expect(result.indexWritten).toBe(true);
    opml = world.feed('index.opml');
    for (const path of ['all', 'sources/bao-a', 'categories/van-hoa', 'categories/dau-tu']) {
      expect(opml).toContain(`xmlUrl="${FEEDS_BASE}/${path}.rss"`);
      for (const [ext, type] of [
        ['rss', 'application/rss+xml'],
        ['atom', 'application/atom+xml'],
        ['json', 'application/feed+json'],
      ] as const) {
        expect(world.feed('index.html')).toMatch(
          new RegExp(
            `<link rel="alternate" type="${type.replace('+', '\\+')}" title="[^"]+" href="${FEEDS_BASE}/${path}.${ext}">`,
          ),
        );
      }
    }
    expect(opml).toContain('text="Đầu tư — Bantin"');
  });
});

describe('buildFeeds: RFC 5005 archives', () => {
  /** Follows prev-archive links from the current JSON feed; returns every id seen and the pages. */
  function walkBack(world: FeedWorld, path: string) {
    const seen: string[] = [];
    const pages: string[] = [];
    let doc = world.json(path);
    seen.push(...doc.items.map((i) => i.id));
    while (doc.next_url) {
      const next = doc.next_url.replace(`${FEEDS_BASE}/`, '').replace(/\.json$/, '');
      pages.push(next);
      doc = world.json(next);
      expect(doc._archive).toMatchObject({ archive: true, current: `${FEEDS_BASE}/${path}.json` });
      seen.push(...doc.items.map((i) => i.id));
    }
    return { seen, pages };
  }

  it('keeps the newest 50 in the feed and the rest in full, immutable pages reachable by prev-archive', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const events = [];
    for (let i = 0; i < 130; i++) events.push(await world.store({ sourceId: 'bao-a' }));
    const result = await buildFeedsForEvents(events, world.deps());
    expect(idsOf(world, 'all')).toHaveLength(FEED_SIZE);
    expect(result.archivePages).toContain('all/archive/2');
    expect(world.content.feeds.has('all/archive/3.json')).toBe(false);
    const all = walkBack(world, 'all');
    expect(all.pages).toEqual(['all/archive/2', 'all/archive/1']);
    expect(new Set(all.seen).size).toBe(130);
    // Oldest first: page 1 holds the first 50 articles stored.
    expect(idsOf(world, 'all/archive/1').sort()).toEqual(
      events
        .slice(0, 50)
        .map((e) => e.articleId)
        .sort(),
    );
    expect(world.content.feeds.get('all/archive/1.atom')?.cacheControl).toBe(CACHE_CONTROL.archive);
    const atom = world.feed('all/archive/1.atom');
    expect(atom).toContain('<fh:archive/>');
    expect(atom).toContain(`<link rel="current" type="application/atom+xml" href="${FEEDS_BASE}/all.atom"/>`);
    expect(atom).toContain(
      `<link rel="next-archive" type="application/atom+xml" href="${FEEDS_BASE}/all/archive/2.atom"/>`,
    );
    expect(atom).not.toContain('prev-archive');
    expect(world.feed('all.rss')).toContain(
      `<atom:link href="${FEEDS_BASE}/all/archive/2.rss" rel="prev-archive" type="application/rss+xml"/>`,
    );
    expect(world.feed('all/archive/2.rss')).not.toContain('next-archive');

    // 10 more: no new page, so no page is touched.
    const page1 = world.feed('all/archive/1.json');
    const page2 = world.feed('all/archive/2.json');
    const writes = world.content.writes.length;
    const more = [];
    for (let i = 0; i < 10; i++) more.push(await world.store({ sourceId: 'bao-a' }));
    await buildFeedsForEvents(more, world.deps());
    expect(world.content.writes.slice(writes).filter((w) => w.includes('archive'))).toEqual([]);

    // 40 more (180 in all): page 3 is cut; page 2 gains only its next-archive link; page 1 is untouched.
    const writesBefore = world.content.writes.length;
    const yetMore = [];
    for (let i = 0; i < 40; i++) yetMore.push(await world.store({ sourceId: 'bao-a' }));
    await buildFeedsForEvents(yetMore, world.deps());
    const archiveWrites = world.content.writes.slice(writesBefore).filter((w) => w.includes('archive'));
    expect(archiveWrites.sort()).toEqual(
      [
        'all/archive/2',
        'all/archive/3',
        'sources/bao-a/archive/2',
        'sources/bao-a/archive/3',
        'categories/kinh-te/archive/2',
        'categories/kinh-te/archive/3',
      ]
        .flatMap((p) => [`${p}.atom`, `${p}.json`, `${p}.rss`])
        .sort(),
    );
    expect(world.feed('all/archive/1.json')).toBe(page1);
    const newPage2 = JSON.parse(world.feed('all/archive/2.json'));
    expect(newPage2.items).toEqual(JSON.parse(page2).items);
    expect(newPage2._archive.next_archive).toBe(`${FEEDS_BASE}/all/archive/3.json`);
    const walked = walkBack(world, 'all');
    expect(walked.pages).toEqual(['all/archive/3', 'all/archive/2', 'all/archive/1']);
    expect(new Set(walked.seen).size).toBe(180);
    for (const page of ['all/archive/1', 'all/archive/2', 'all/archive/3'])
      expect(idsOf(world, page)).toHaveLength(50);
  });

  it('re-renders the archive page of an edited article with its new updated time and the same id', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const events = [];
    for (let i = 0; i < 60; i++) events.push(await world.store({ sourceId: 'bao-a' }));
    await buildFeedsForEvents(events, world.deps());
    const edited = events[3]!;
    const body = (await world.content.getArticle(edited.articleId))!;
    await world.content.putArticle({
      ...body,
      title: 'Tiêu đề đã sửa',
      updatedAt: '2026-02-02T10:00:00+07:00',
    });
    const writes = world.content.writes.length;
    await buildFeedsForEvents(
      [{ ...edited, type: 'article.updated', title: 'Tiêu đề đã sửa' }],
      world.deps(),
    );
    const rewritten = world.content.writes.slice(writes);
    expect(rewritten).toContain('all/archive/1.json');
    const item = world
      .json('all/archive/1')
      .items.find((i) => i.id === `urn:bantin:article:${edited.articleId}`);
    expect(item).toMatchObject({ title: 'Tiêu đề đã sửa', date_modified: '2026-02-02T10:00:00+07:00' });
  });

  it('adds an article listed late, behind pages already cut, to its page instead of losing it', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const events = [];
    for (let i = 0; i < 60; i++) events.push(await world.store({ sourceId: 'bao-a', categories: [] }));
    await buildFeedsForEvents(events, world.deps());
    expect(idsOf(world, 'all/archive/1')).toHaveLength(50);
    // Its listing key is older than page 1's last one (as when the index showed it late).
    const now = world.now;
    world.setClock(Date.parse('2026-02-28T00:00:00Z'));
    const late = await world.store({ sourceId: 'bao-a', categories: [] });
    world.setClock(now);
    await buildFeedsForEvents([late], world.deps());
    expect(idsOf(world, 'all/archive/1')).toHaveLength(51);
    expect(idsOf(world, 'all/archive/1')).toContain(late.articleId);
  });

  it('cuts a long backlog over several rebuilds, never more than the cap at once', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const events = [];
    for (let i = 0; i < 50 * 23 + 10; i++)
      events.push(await world.store({ sourceId: 'bao-a', categories: [] }));
    const first = await buildFeeds([{ kind: 'all' }], world.deps());
    expect(first.archivePages.filter((p) => p.startsWith('all/'))).toHaveLength(20);
    await buildFeeds([{ kind: 'all' }], world.deps());
    const { seen, pages } = walkBack(world, 'all');
    expect(pages).toHaveLength(23);
    expect(new Set(seen).size).toBe(events.length);
  });
});

describe('buildFeeds: WebSub', () => {
  it('advertises the hub and pings it with the current feed files that changed', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    await buildFeedsForEvents([await world.store({ sourceId: 'bao-a', categories: [] })], world.deps());
    expect(world.pings).toEqual([
      ['all', 'sources/bao-a'].flatMap((p) => ['rss', 'atom', 'json'].map((f) => `${FEEDS_BASE}/${p}.${f}`)),
    ]);
    expect(world.feed('all.atom')).toContain('<link rel="hub" href="https://hub.example.net/"/>');
    expect(world.feed('all.rss')).toContain('<atom:link href="https://hub.example.net/" rel="hub"/>');
    expect(world.json('all').hubs).toEqual([{ type: 'WebSub', url: 'https://hub.example.net/' }]);
    const again = await buildFeeds([{ kind: 'all' }], world.deps());
    expect(again.pinged).toEqual([]);
    expect(world.pings).toHaveLength(1);
  });

  it('logs a hub failure and still writes the feeds', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    world.hubFails = true;
    const result = await buildFeedsForEvents([await world.store({ sourceId: 'bao-a' })], world.deps());
    expect(result.filesWritten).toBeGreaterThan(0);
    expect(world.logs.some((l) => l.message === 'WebSub hub ping failed')).toBe(true);
  });

  it('once a hub is configured, every feed of the catalog advertises it at the next build, not only those new articles touch', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    await world.addSource('bao-b', 'Báo B');
    await buildFeedsForEvents(
      [
        await world.store({ sourceId: 'bao-a', categories: ['Văn hóa'] }),
        await world.store({ sourceId: 'bao-b', categories: ['Kinh tế'] }),
      ],
      world.deps(false),
    );
    expect(world.feed('categories/kinh-te.atom')).not.toContain('rel="hub"');
    // The hub set: an article of Báo A in Văn hóa is all that comes.
    const result = await buildFeedsForEvents(
      [await world.store({ sourceId: 'bao-a', categories: ['Văn hóa'] })],
      world.deps(),
    );
    for (const feed of ['all', 'sources/bao-a', 'sources/bao-b', 'categories/van-hoa', 'categories/kinh-te'])
      expect(world.feed(`${feed}.atom`), feed).toContain('<link rel="hub" href="https://hub.example.net/"/>');
    expect(result.feedsRebuilt).toContain('categories/kinh-te');
    // The next build with the same settings touches only what its articles touch.
    const next = await buildFeedsForEvents(
      [await world.store({ sourceId: 'bao-a', categories: ['Văn hóa'] })],
      world.deps(),
    );
    expect(next.feedsRebuilt).not.toContain('categories/kinh-te');
  });

  it('advertises no hub when none is configured', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    await buildFeedsForEvents([await world.store({ sourceId: 'bao-a' })], world.deps(false));
    expect(world.feed('all.atom')).not.toContain('rel="hub"');
    expect(world.json('all')).not.toHaveProperty('hubs');
  });
});

describe('buildFeeds: bad articles', () => {
  it('skips an unreadable or unusable article with a logged reason and builds the rest', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const good = await world.store({ sourceId: 'bao-a' });
    const broken = await world.store({ sourceId: 'bao-a' });
    const badUrl = await world.storeRaw({
      ...(await world.content.getArticle(good.articleId))!,
      id: 'eeeeeeeeeeeeeeeeeeeeeeee',
      canonicalUrl: 'javascript:alert(1)',
    } as Article);
    const badDates = await world.storeRaw({
      ...(await world.content.getArticle(good.articleId))!,
      id: 'ffffffffffffffffffffffff',
      publishedAt: 'hôm qua',
      updatedAt: '2019-02-30T10:00:00+07:00',
      ingestedAt: 'never',
    } as Article);
    const getArticle = world.content.getArticle.bind(world.content);
    world.content.getArticle = async (id) => {
      if (id === broken.articleId)
        throw new ValidationError('stored article', [{ path: 'title', message: 'required' }]);
      return getArticle(id);
    };
    const result = await buildFeedsForEvents([good, broken, badUrl, badDates], world.deps());
    expect(idsOf(world, 'all')).toEqual([good.articleId]);
    expect(result.skipped.map((s) => s.id).sort()).toEqual(
      [broken.articleId, badUrl.articleId, badDates.articleId].sort(),
    );
    expect(result.skipped.find((s) => s.id === badDates.articleId)?.reason).toMatch(/no valid date/);
    expect(world.logs.some((l) => l.message === 'articles left out of feeds')).toBe(true);
  });

  it('fails the rebuild (to be retried) when the store itself fails', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const event = await world.store({ sourceId: 'bao-a' });
    world.content.getArticle = async () => {
      throw new Error('S3 unavailable');
    };
    await expect(buildFeedsForEvents([event], world.deps())).rejects.toThrow('S3 unavailable');
  });
});

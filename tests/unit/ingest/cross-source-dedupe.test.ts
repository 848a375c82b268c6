/**
 * The same six stories from two papers: Báo Hà Nam (tests/fixtures/pages/provincial, its RSS
 * feed) and a national paper republishing them in another template with its own feed. Ingested
 * as two sources, they make six stories, not twelve: one entry, one body and one event each,
 * the other paper's URL kept on the story and the earliest paper credited.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { articleEventAttributes, articleEventOf } from '../../../shared/domain/events.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { FetchError, type FetchedResource } from '../../../shared/ingest/fetch/fetcher.js';
import { ingestSource } from '../../../shared/ingest/ingest-source.js';
import { articleIdFor } from '../../../shared/ingest/normalize/identity.js';
import { buildFeedsForEvents } from '../../../shared/syndicate/build-feeds.js';
import { fixture } from '../../support/fixtures.js';
import { type MemoryIngestDeps, memoryIngestDeps } from '../../support/in-memory.js';
import { SLUGS } from '../../support/sample-site.js';

const PROVINCIAL = {
  id: 'bao-ha-nam',
  name: 'Báo Hà Nam',
  feed: 'https://baohanam.example.vn/rss/tin-moi-nhat.rss',
};
const NATIONAL = {
  id: 'tin-tuc-quoc-gia',
  name: 'Tin tức Quốc gia',
  feed: 'https://tintuc-quocgia.example.vn/rss/tin-moi.rss',
};

interface Expected {
  url: string;
  title: string;
  publishedAt: string;
  summary: string;
}

function expected(template: string, slug: string): Expected {
  return JSON.parse(fixture(`pages/${template}/${slug}.expected.json`)) as Expected;
}

/** The national paper's RSS feed, from its pages' ground truth. */
function nationalFeed(shiftHours = 0): string {
  const items = SLUGS.map((slug) => {
    const e = expected('national', slug);
    const date = new Date(Date.parse(e.publishedAt) + shiftHours * 3600_000).toUTCString();
    return `<item><title><![CDATA[${e.title}]]></title><link>${e.url}</link><pubDate>${date}</pubDate><description><![CDATA[${e.summary}]]></description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin mới</title><link>https://tintuc-quocgia.example.vn/</link><description>Tin tức</description>${items.join('')}</channel></rss>`;
}

/** Moves every time of day printed on a national page (meta and date line) `hours` later. */
function later(html: string, hours: number): string {
  const shift = (hh: string) => String(Number(hh) + hours).padStart(2, '0');
  return html
    .replace(/T(\d{2}):(\d{2}):00\+07:00/g, (_, hh: string, mm: string) => `T${shift(hh)}:${mm}:00+07:00`)
    .replace(/, (\d{2}):(\d{2}) \(GMT\+7\)/g, (_, hh: string, mm: string) => `, ${shift(hh)}:${mm} (GMT+7)`);
}

class FakeWeb {
  pages = new Map<string, string>();
  calls: string[] = [];
  constructor() {
    this.pages.set(PROVINCIAL.feed, fixture('feeds/provincial.rss'));
    this.pages.set(NATIONAL.feed, nationalFeed());
    for (const slug of SLUGS) {
      for (const template of ['provincial', 'national']) {
        this.pages.set(expected(template, slug).url, fixture(`pages/${template}/${slug}.html`));
      }
    }
  }
  /** Edits one page of the national paper. */
  edit(slug: string, change: (html: string) => string): void {
    const url = expected('national', slug).url;
    const html = this.pages.get(url)!;
    const changed = change(html);
    if (changed === html) throw new Error(`the edit of ${slug} changed nothing`);
    this.pages.set(url, changed);
  }
  fetch = async (url: string): Promise<FetchedResource> => {
    this.calls.push(url);
    const body = this.pages.get(url);
    if (body === undefined) throw new FetchError(url, 'HTTP 404 Not Found', 404);
    return {
      url,
      status: 200,
      notModified: false,
      contentType: url.endsWith('.rss') ? 'application/rss+xml; charset=utf-8' : 'text/html; charset=utf-8',
      body: Buffer.from(body),
    };
  };
}

describe('cross-source dedupe in ingestSource', () => {
  let web: FakeWeb;
  let deps: MemoryIngestDeps;

  beforeEach(async () => {
    web = new FakeWeb();
    deps = memoryIngestDeps(web.fetch, '2019-06-28T03:00:00Z');
    for (const paper of [PROVINCIAL, NATIONAL]) {
      await deps.sources.put(
        SourceSchema.parse({
          id: paper.id,
          name: paper.name,
          homepage: new URL('/', paper.feed).href,
          kind: 'feed',
          urls: [paper.feed],
        }),
      );
    }
  });

  const entries = () => [...deps.articles.entries.values()];
  const feedDeps = () => ({
    sources: deps.sources,
    articles: deps.articles,
    content: deps.content,
    feedsBaseUrl: 'https://feeds.bantin.example/feeds',
  });
  const entryOf = (slug: string) => entries().find((e) => e.url.endsWith(`/${slug}.html`))!;

  it('stores six stories, not twelve, when both papers are polled at the same moment (attack run 36)', async () => {
    // plan-ingest starts every due source at once: neither poll sees the other's articles stored.
    const [provincial, national] = await Promise.all([
      ingestSource(PROVINCIAL.id, deps),
      ingestSource(NATIONAL.id, deps),
    ]);
    expect((provincial?.itemsNew ?? 0) + (national?.itemsNew ?? 0)).toBe(6);
    expect((provincial?.itemsDuplicate ?? 0) + (national?.itemsDuplicate ?? 0)).toBe(6);
    expect(entries()).toHaveLength(6);
    expect(deps.content.articles.size).toBe(6);
    expect(deps.events.published.filter((e) => e.type === 'article.published')).toHaveLength(6);
    // Each story is stored once, the other paper credited on it.
    for (const slug of SLUGS) {
      const entry = entryOf(slug);
      const other = entry.sourceId === PROVINCIAL.id ? NATIONAL.id : PROVINCIAL.id;
      expect(entry.alsoPublishedBy?.map((copy) => copy.sourceId)).toEqual([other]);
    }
  });

  it('keeps a withdrawn story out of the feed of another paper that runs it later, unannounced (attack run 38)', async () => {
    expect(await ingestSource(PROVINCIAL.id, deps)).toMatchObject({ itemsNew: 6 });
    const gone = entryOf(SLUGS[0]!);
    const withdrawal = { at: '2019-06-28T10:00:00+07:00', reason: 'Gỡ theo yêu cầu', by: 'admin' };
    await deps.articles.withdraw(gone.id, withdrawal, [
      { kind: 'all' },
      { kind: 'source', sourceId: PROVINCIAL.id },
    ]);
    const published = deps.events.published.length;
    const national = await ingestSource(NATIONAL.id, deps);
    expect(national).toMatchObject({ itemsNew: 0, itemsDuplicate: 6 });
    expect(national?.warnings.join('\n')).toContain(`the story of withdrawn article ${gone.id}`);
    const later = deps.events.published.slice(published);
    expect(later).toHaveLength(5);
    expect(later.map((e) => e.articleId)).not.toContain(gone.id);
    const listed = await deps.articles.listed(
      { kind: 'source', sourceId: NATIONAL.id },
      { order: 'newest-first', limit: 10 },
    );
    expect(listed).toHaveLength(5);
    expect(listed.map((l) => l.articleId)).not.toContain(gone.id);
    expect((await deps.articles.get(gone.id))?.alsoPublishedBy).toBeUndefined();
    // Its copy's address leads to it: the next poll reads nothing again.
    web.calls.length = 0;
    await ingestSource(NATIONAL.id, deps);
    expect(web.calls).toEqual([NATIONAL.feed]);
  });

  it('stores six stories, not twelve, keeping the republisher’s URLs on them', async () => {
    expect(await ingestSource(PROVINCIAL.id, deps)).toMatchObject({ itemsNew: 6, eventsPublished: 6 });
    const national = await ingestSource(NATIONAL.id, deps);
    expect(national).toMatchObject({
      status: 'ok',
      itemsSeen: 6,
      itemsNew: 0,
      itemsDuplicate: 6,
      itemsFailed: 0,
      // Each story now credits the national paper too: its feeds hear of it.
      eventsPublished: 6,
    });

    expect(entries()).toHaveLength(6);
    expect(deps.content.articles.size).toBe(6);
    expect(deps.events.published.map((e) => e.type)).toEqual([
      ...Array(6).fill('article.published'),
      ...Array(6).fill('article.updated'),
    ]);
    expect(new Set(deps.events.published.map((e) => e.sourceId))).toEqual(new Set([PROVINCIAL.id]));
    // Copies are filed under the copying paper's sections (attack run 31): its pages name the same
    // five, within its quota of categories, as the stories' own paper's do.
    expect(deps.sources.records.get(PROVINCIAL.id)!.health.categories?.length).toBeGreaterThan(0);
    expect(deps.sources.records.get(NATIONAL.id)!.health.categories?.sort()).toEqual(
      deps.sources.records.get(PROVINCIAL.id)!.health.categories?.sort(),
    );
    for (const slug of SLUGS) {
      const entry = entryOf(slug);
      const copy = {
        sourceId: NATIONAL.id,
        url: expected('national', slug).url,
        publishedAt: expected('national', slug).publishedAt,
      };
      expect(entry).toMatchObject({ sourceId: PROVINCIAL.id, alsoPublishedBy: [copy] });
      // Same instant on both papers, and Báo Hà Nam's pages do not credit the national one.
      expect(entry.originalSourceId).toBeUndefined();
      expect(deps.content.articles.get(entry.id)).toMatchObject({ alsoPublishedBy: [copy] });
      expect((await deps.articles.resolve(articleIdFor(copy.url)))?.id).toBe(entry.id);
    }

    // The national paper's next poll knows its URLs: it fetches only its feed.
    web.calls = [];
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsNew: 0, itemsDuplicate: 6 });
    expect(web.calls).toEqual([NATIONAL.feed]);
    expect(entries().every((e) => e.alsoPublishedBy?.length === 1)).toBe(true);
  });

  it('credits the paper that published first when the republisher was ingested first, if its copy was found in time to believe its date (attack run 34)', async () => {
    web.pages.set(NATIONAL.feed, nationalFeed(2));
    for (const slug of SLUGS) web.edit(slug, (html) => later(html, 2));
    // The national paper's seminar story (08:15 at the provincial paper, 10:15 here) is read at
    // 10:20; the provincial paper at 10:25, 2 h 10 after its copy's 08:15: within its 15-minute
    // interval and CLAIM_GRACE_MS. Its other copies claim days in early June: only a date.
    deps.now = () => new Date('2019-06-27T03:20:00Z');
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsNew: 6, eventsPublished: 6 });
    deps.now = () => new Date('2019-06-27T03:25:00Z');
    expect(await ingestSource(PROVINCIAL.id, deps)).toMatchObject({ itemsNew: 0, itemsDuplicate: 6 });

    expect(entries()).toHaveLength(6);
    for (const slug of SLUGS) {
      const entry = entryOf(slug);
      const copy = { sourceId: PROVINCIAL.id, url: expected('provincial', slug).url };
      expect(entry).toMatchObject({
        sourceId: NATIONAL.id,
        alsoPublishedBy: [expect.objectContaining(copy)],
      });
      expect(Date.parse(entry.alsoPublishedBy![0]!.publishedAt)).toBe(
        Date.parse(expected('provincial', slug).publishedAt),
      );
      const credited = slug === 'toa-dam-qcdc' ? PROVINCIAL.id : undefined;
      expect(entry.originalSourceId, slug).toBe(credited);
      expect(deps.content.articles.get(entry.id)?.originalSourceId, slug).toBe(credited);
    }
  });

  it('at the same instant, credits the paper a republished story names as its source', async () => {
    await ingestSource(NATIONAL.id, deps);
    await ingestSource(PROVINCIAL.id, deps);
    // Only the national copy of the seminar says "Theo Báo Hà Nam"; the others keep the first paper.
    expect(entryOf('toa-dam-qcdc').originalSourceId).toBe(PROVINCIAL.id);
    for (const slug of SLUGS.slice(1)) expect(entryOf(slug).originalSourceId).toBeUndefined();
  });

  it('recognises a copy whose headline and text were lightly edited', async () => {
    web.edit('toa-dam-qcdc', (html) =>
      html
        .replaceAll('Tọa đàm “Nâng cao', 'Toạ đàm: "Nâng cao')
        .replaceAll('trên địa bàn tỉnh”', 'trên địa bàn tỉnh"')
        .replace('Phó Bí thư Thường trực Tỉnh ủy', 'Phó Bí thư thường trực Tỉnh uỷ')
        .replace('</article>', '<p class="Normal">Bài viết được tổng hợp từ nhiều nguồn.</p></article>'),
    );
    await ingestSource(PROVINCIAL.id, deps);
    const national = await ingestSource(NATIONAL.id, deps);
    expect(national).toMatchObject({ itemsNew: 0, itemsDuplicate: 6 });
    expect(entryOf('toa-dam-qcdc').alsoPublishedBy).toHaveLength(1);
  });

  it('keeps the copy of a concurrent writer: re-reads the story and appends after it', async () => {
    await ingestSource(PROVINCIAL.id, deps);
    const story = entryOf('thi-vao-lop-10');
    const other = {
      sourceId: 'bao-khac',
      url: 'https://bao-khac.example.vn/thi.html',
      publishedAt: story.publishedAt,
    };
    const addStoryCopy = deps.articles.addStoryCopy.bind(deps.articles);
    let raced = false;
    deps.articles.addStoryCopy = async (id, copy, credit, seen) => {
      if (id === story.id && !raced) {
        raced = true;
        await addStoryCopy(id, other, undefined, seen); // another paper's poll gets there first
      }
      return addStoryCopy(id, copy, credit, seen);
    };
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsDuplicate: 6, itemsFailed: 0 });
    const copies = [other, expect.objectContaining({ sourceId: NATIONAL.id })];
    expect(entryOf('thi-vao-lop-10').alsoPublishedBy).toEqual(copies);
    expect(deps.content.articles.get(story.id)?.alsoPublishedBy).toEqual(copies);
  });

  it('records one copy a paper, however many addresses it serves the story at', async () => {
    await ingestSource(PROVINCIAL.id, deps);
    // The national paper lists every story twice, at a second address with no canonical link.
    for (const slug of SLUGS) {
      const url = expected('national', slug).url;
      const html = web.pages.get(url)!.replace(/<link[^>]*rel="canonical"[^>]*>/g, '');
      web.pages.set(url, html);
      web.pages.set(`${url}?ban=2`, html);
    }
    web.pages.set(
      NATIONAL.feed,
      nationalFeed().replace(
        /<item>(.*?)<link>([^<]+)<\/link>(.*?)<\/item>/g,
        '<item>$1<link>$2</link>$3</item><item>$1<link>$2?ban=2</link>$3</item>',
      ),
    );
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsDuplicate: 12, itemsFailed: 0 });
    for (const entry of entries()) {
      expect(entry.alsoPublishedBy).toHaveLength(1);
      expect(entry.alsoPublishedBy![0]!.sourceId).toBe(NATIONAL.id);
    }
  });

  it('heals a stored article left without its copy by a failure between the two writes', async () => {
    await ingestSource(PROVINCIAL.id, deps);
    const putArticle = deps.content.putArticle.bind(deps.content);
    let failures = 1;
    deps.content.putArticle = async (article) => {
      if (failures-- > 0) throw new Error('bucket unavailable');
      return putArticle(article);
    };
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsDuplicate: 5, itemsFailed: 1 });
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsDuplicate: 6, itemsFailed: 0 });
    for (const entry of entries()) {
      expect(entry.alsoPublishedBy).toHaveLength(1);
      expect(deps.content.articles.get(entry.id)?.alsoPublishedBy).toEqual(entry.alsoPublishedBy);
    }
  });

  it('lists each story in the feed of every paper that ran it, the one stored later included', async () => {
    await ingestSource(PROVINCIAL.id, deps);
    await buildFeedsForEvents(deps.events.published, feedDeps());
    const first = deps.events.published.length;
    await ingestSource(NATIONAL.id, deps);
    const copies = deps.events.published.slice(first);
    expect(copies).toHaveLength(6);
    for (const event of copies) {
      expect(event).toMatchObject({
        type: 'article.updated',
        sourceId: PROVINCIAL.id,
        alsoListedIn: [NATIONAL.id],
        // The copying paper's readers hear of the story (send-alerts clips it as that paper's).
        copiedBy: NATIONAL.id,
      });
      expect(articleEventAttributes(event).sourceId).toEqual([PROVINCIAL.id, NATIONAL.id]);
      expect(articleEventAttributes(event).kind).toBe('article.copied');
    }
    const built = await buildFeedsForEvents(copies, feedDeps());
    expect(built.feedsRebuilt).toContain(`sources/${NATIONAL.id}`);

    const items = (source: string) =>
      (
        JSON.parse(deps.content.feeds.get(`sources/${source}.json`)!.body) as { items: { id: string }[] }
      ).items
        .map((item) => item.id)
        .sort();
    const stories = entries()
      .map((e) => `urn:bantin:article:${e.id}`)
      .sort();
    expect(items(PROVINCIAL.id)).toEqual(stories);
    expect(items(NATIONAL.id)).toEqual(stories);
    // One item a story in the feeds of everything: no second copy.
    expect((JSON.parse(deps.content.feeds.get('all.json')!.body) as { items: unknown[] }).items).toHaveLength(
      6,
    );

    // Known since: the national paper's next poll lists nothing again and announces nothing.
    const before = deps.events.published.length;
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsDuplicate: 6, eventsPublished: 0 });
    expect(deps.events.published).toHaveLength(before);
    expect(deps.articles.listings.get(`sources/${NATIONAL.id}`)?.size).toBe(6);
  });

  it('lists a copy at the next poll when its listing could not be written (its link stays unknown)', async () => {
    await ingestSource(PROVINCIAL.id, deps);
    const addListing = deps.articles.addListing.bind(deps.articles);
    let failures = 6;
    deps.articles.addListing = async (id, listing) => {
      if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
      return addListing(id, listing);
    };
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsFailed: 6 });
    const before = deps.events.published.length;
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsDuplicate: 6, itemsFailed: 0 });
    expect(deps.articles.listings.get(`sources/${NATIONAL.id}`)?.size).toBe(6);
    for (const event of deps.events.published.slice(before)) expect(event.copiedBy).toBe(NATIONAL.id);
  });

  it("files a copy under the copying paper's own sections: their feeds list the story, its event names them (attack run 31)", async () => {
    web.pages.set(
      NATIONAL.feed,
      nationalFeed().replaceAll('</link>', '</link><category>Giao thông</category>'),
    );
    await ingestSource(PROVINCIAL.id, deps);
    const before = deps.events.published.length;
    expect(await ingestSource(NATIONAL.id, deps)).toMatchObject({ itemsDuplicate: 6 });
    for (const entry of entries()) {
      const copy = entry.alsoPublishedBy?.find((c) => c.sourceId === NATIONAL.id);
      expect(copy?.categories).toContain('Giao thông');
      expect(entry.categories).not.toContain('Giao thông');
    }
    expect(deps.articles.listings.get('categories/giao-thong')?.size).toBe(6);
    const copies = deps.events.published.slice(before);
    expect(copies).toHaveLength(6);
    for (const event of copies) {
      expect(event.categories).toContain('Giao thông');
      expect(articleEventAttributes(event).category).toContain('giao-thong');
    }
    const built = await buildFeedsForEvents(copies, feedDeps());
    expect(built.feedsRebuilt).toContain('categories/giao-thong');
    const feed = JSON.parse(deps.content.feeds.get('categories/giao-thong.json')!.body) as {
      items: unknown[];
    };
    expect(feed.items).toHaveLength(6);
    // A later change to a story (re-extraction, images) reaches its copies' sections' feeds too.
    const update = articleEventOf(entries()[0]!, 'article.updated', '2019-06-28T11:00:00+07:00');
    expect(update.categories).toContain('Giao thông');
    expect((await buildFeedsForEvents([update], feedDeps())).feedsRebuilt).toContain('categories/giao-thong');
  });

  it('names only the paper of the new copy on its event, and builds no feed of a paper deleted since', async () => {
    const THIRD = { id: 'bao-thu-ba', name: 'Báo Thứ Ba', feed: 'https://baothuba.example.vn/rss.rss' };
    await deps.sources.put(
      SourceSchema.parse({
        id: THIRD.id,
        name: THIRD.name,
        homepage: 'https://baothuba.example.vn/',
        kind: 'feed',
        urls: [THIRD.feed],
      }),
    );
    web.pages.set(THIRD.feed, nationalFeed().replaceAll('tintuc-quocgia.example.vn', 'baothuba.example.vn'));
    for (const slug of SLUGS) {
      web.pages.set(
        expected('national', slug).url.replace('tintuc-quocgia.example.vn', 'baothuba.example.vn'),
        fixture(`pages/national/${slug}.html`),
      );
    }
    await ingestSource(PROVINCIAL.id, deps);
    await ingestSource(NATIONAL.id, deps);
    const before = deps.events.published.length;
    await ingestSource(THIRD.id, deps);
    const third = deps.events.published.slice(before);
    expect(third).toHaveLength(6);
    // The third paper's copy: its own feed is told, not the second paper's again.
    for (const event of third) expect(event.alsoListedIn).toEqual([THIRD.id]);
    await buildFeedsForEvents(deps.events.published, feedDeps());
    const listsNational = () => deps.content.feeds.get('index.opml')!.body.includes(`sources/${NATIONAL.id}`);
    expect(listsNational()).toBe(true);

    // The second paper is deleted: the directory stops listing it, and a later update of a story
    // it ran (which names it) does not bring it back.
    await deps.sources.setEnabled(NATIONAL.id, false);
    await deps.sources.remove(NATIONAL.id);
    await buildFeedsForEvents([], feedDeps(), [NATIONAL.id]);
    expect(listsNational()).toBe(false);
    const entry = [...deps.articles.entries.values()][0]!;
    const update = articleEventOf(entry, 'article.updated', '2019-06-28T11:00:00+07:00');
    expect(update.alsoListedIn).toContain(NATIONAL.id);
    const built = await buildFeedsForEvents([update], feedDeps());
    expect(built.feedsRebuilt).toContain(`sources/${THIRD.id}`);
    expect(built.feedsRebuilt).not.toContain(`sources/${NATIONAL.id}`);
    expect(listsNational()).toBe(false);
  });

  it('keeps a different story under the same headline as a story of its own', async () => {
    const other = readFileSync(
      new URL('../../fixtures/pages/national/thi-vao-lop-10.html', import.meta.url),
      'utf8',
    );
    const body = /<article class="fck_detail">[\s\S]*?<\/article>/.exec(other)![0];
    web.edit('le-hoi-van-hoa', (html) =>
      html.replace(/<article class="fck_detail">[\s\S]*?<\/article>/, body),
    );
    await ingestSource(PROVINCIAL.id, deps);
    const national = await ingestSource(NATIONAL.id, deps);
    expect(national).toMatchObject({ itemsNew: 1, itemsDuplicate: 5, eventsPublished: 6 });
    expect(entries()).toHaveLength(7);
    expect(
      entries()
        .filter((e) => e.sourceId === NATIONAL.id)
        .map((e) => e.url),
    ).toEqual([expected('national', 'le-hoi-van-hoa').url]);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { topology } from '../../../infra/topology.js';
import { healthOf } from '../../../shared/admin/health-view.js';
import { categorySlug } from '../../../shared/domain/category.js';
import { ArticleEventSchema } from '../../../shared/domain/events.js';
import { excerptOf } from '../../../shared/domain/excerpt.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { CategoryQuota, MAX_SOURCE_CATEGORIES } from '../../../shared/ingest/category-quota.js';
import { guidAlias } from '../../../shared/ingest/corrections.js';
import { FetchError, type FetchOptions } from '../../../shared/ingest/fetch/fetcher.js';
import {
  boundedWarnings,
  ingestSource,
  MAX_LINKS_LOOKED_UP,
  POLL_LEASE_MS,
  POLL_LISTINGS_BUDGET_MS,
  POLL_PAGES_BUDGET_MS,
  REFUSED_LINK_RETRY_MS,
} from '../../../shared/ingest/ingest-source.js';
import { articleIdFor } from '../../../shared/ingest/normalize/identity.js';
import { entry } from '../../contract/article-repository.js';
import { type MemoryIngestDeps, memoryIngestDeps } from '../../support/in-memory.js';
import { FakeWeb, FEED_URL, ORIGIN, sourceInput } from '../../support/sample-site.js';

/** The first generated page under another headline, long enough for its text to have a key (40 words). */
const longPage = (title: string) =>
  generatedPage(1)
    .replaceAll('Bản tin số 1', title)
    .replace(
      '</article>',
      `${'<p>Đoạn văn thêm cho đủ dài, với nhiều chữ về dự án giao thông của tỉnh.</p>'.repeat(4)}</article>`,
    );

describe('ingestSource', () => {
  let web: FakeWeb;
  let deps: MemoryIngestDeps;

  beforeEach(async () => {
    web = new FakeWeb();
    deps = memoryIngestDeps(web.fetch, '2026-11-27T03:00:00Z');
    await deps.sources.put(SourceSchema.parse(sourceInput()));
  });

  it('stores every new article, publishes one event each, then finds only duplicates', async () => {
    const first = await ingestSource('bao-ha-nam', deps);
    expect(first).toMatchObject({
      status: 'ok',
      itemsSeen: 6,
      itemsNew: 6,
      itemsDuplicate: 0,
      eventsPublished: 6,
    });
    expect(deps.content.articles.size).toBe(6);
    expect([...deps.articles.entries.values()].every((e) => e.published)).toBe(true);

    const article = [...deps.content.articles.values()].find((a) => a.url.endsWith('toa-dam-qcdc.html'))!;
    expect(article).toMatchObject({
      sourceId: 'bao-ha-nam',
      canonicalUrl: 'https://baohanam.example.vn/tin-tuc/toa-dam-qcdc.html',
      publishedAt: '2019-06-27T08:15:00+07:00',
      categories: ['Chính trị'],
    });
    expect(article.contentText.length).toBeGreaterThan(1000);

    web.calls.length = 0;
    const second = await ingestSource('bao-ha-nam', deps);
    expect(second).toMatchObject({ itemsNew: 0, itemsDuplicate: 6, eventsPublished: 0 });
    expect(web.calls.map((c) => c.url)).toEqual([FEED_URL]); // known articles are not fetched again
    expect(deps.events.published).toHaveLength(6);
  });

  it('polls a source once at a time: a second request while a poll runs does nothing (no article announced twice)', async () => {
    const [first, second] = await Promise.all([
      ingestSource('bao-ha-nam', deps),
      ingestSource('bao-ha-nam', deps),
    ]);
    expect(first).toMatchObject({ itemsNew: 6, eventsPublished: 6 });
    expect(second).toBeUndefined();
    expect(deps.events.published).toHaveLength(6);
    // The poll recorded gives the source back.
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsDuplicate: 6 });
  });

  it(`holds a source for the ingest function's timeout (${POLL_LEASE_MS / 1000} s), after which a poll that died has ended`, () => {
    expect(topology.functions['ingest-source'].timeoutSeconds * 1000).toBe(POLL_LEASE_MS);
  });

  /** A source on a site of its own whose feed re-serves the paper's items. */
  async function feedElsewhere(id: string): Promise<void> {
    const feed = `https://${id}.example/rss.xml`;
    web.pages.set(feed, web.pages.get(FEED_URL)!);
    await deps.sources.put(
      SourceSchema.parse(sourceInput({ id, homepage: `https://${id}.example/`, urls: [feed] })),
    );
  }

  it("takes no article on another source's site, whatever feed lists it", async () => {
    await feedElsewhere('ke-trom');
    const thief = await ingestSource('ke-trom', deps);
    expect(thief).toMatchObject({ itemsSeen: 0, itemsNew: 0 });
    expect(thief?.warnings).toContain('6 links on the site of another source (bao-ha-nam), left to it');
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 6 });
    expect(new Set([...deps.content.articles.values()].map((a) => a.sourceId))).toEqual(
      new Set(['bao-ha-nam']),
    );
  });

  it("takes no article its links redirect to on another source's site", async () => {
    const redirector = 'https://chuyen-huong.example';
    const feed = `${redirector}/rss.xml`;
    web.pages.set(
      feed,
      String(web.pages.get(FEED_URL)!).split(`${ORIGIN}/tin-tuc/`).join(`${redirector}/r/`),
    );
    await deps.sources.put(
      SourceSchema.parse(sourceInput({ id: 'chuyen-huong', homepage: `${redirector}/`, urls: [feed] })),
    );
    const fetch = deps.fetch;
    deps.fetch = async (url, options) => {
      if (!url.startsWith(`${redirector}/r/`)) return fetch(url, options);
      // 302 to the paper's page: the fetcher answers with where it landed.
      const landed = url.replace(`${redirector}/r/`, `${ORIGIN}/tin-tuc/`);
      return { ...(await fetch(landed, options)), url: landed };
    };
    const taken = await ingestSource('chuyen-huong', deps);
    expect(taken).toMatchObject({ itemsNew: 0, itemsFailed: 6 });
    expect(taken?.warnings.join('\n')).toContain('on the site of source bao-ha-nam: left to it');
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 6, itemsDuplicate: 0 });
    expect(new Set([...deps.content.articles.values()].map((a) => a.sourceId))).toEqual(
      new Set(['bao-ha-nam']),
    );
  });

  it('reads the sources’ sites once in five minutes, however many polls need them', async () => {
    await feedElsewhere('ke-trom');
    let lists = 0;
    const sources = Object.assign(Object.create(deps.sources), {
      list: async () => {
        lists++;
        return deps.sources.list();
      },
    });
    const at = (minutes: number) => () => new Date(Date.UTC(2026, 10, 27, 3, minutes));
    for (const minute of [0, 2, 4]) await ingestSource('ke-trom', { ...deps, sources, now: at(minute) });
    expect(lists).toBe(1);
    await ingestSource('ke-trom', { ...deps, sources, now: at(6) });
    expect(lists).toBe(2);
  });

  it('polls on when the other sources cannot be read to tell whose links these are', async () => {
    await feedElsewhere('tong-hop');
    const sources = Object.assign(Object.create(deps.sources), {
      list: async () => {
        throw new Error('invalid source x: timeZone: not an IANA time zone');
      },
    });
    const outcome = await ingestSource('tong-hop', { ...deps, sources });
    expect(outcome).toMatchObject({ status: 'ok', itemsNew: 6 });
    expect(outcome?.warnings.join('\n')).toContain('the other sources could not be read');
  });

  it('calls neither the content store nor the topic in a poll that finds nothing new (their clients load on first call)', async () => {
    await ingestSource('bao-ha-nam', deps);
    const touched: string[] = [];
    const watched = <T extends object>(port: T, name: string): T =>
      new Proxy(port, {
        get(target, key) {
          const value = Reflect.get(target, key);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            touched.push(`${name}.${String(key)}`);
            return value.apply(target, args);
          };
        },
      });
    const second = await ingestSource('bao-ha-nam', {
      ...deps,
      content: watched(deps.content, 'content'),
      events: watched(deps.events, 'events'),
    });
    expect(second).toMatchObject({ status: 'ok', itemsNew: 0, eventsPublished: 0 });
    expect(touched).toEqual([]);
  });

  it("looks up a poll's links in one batch read before fetching them, never one by one", async () => {
    await ingestSource('bao-ha-nam', deps);
    // As after a poll that did not finish: no links remembered as seen, so each must be looked up.
    delete deps.sources.records.get('bao-ha-nam')!.health.seenLinks;
    const [forgotten] = deps.articles.entries.keys();
    deps.articles.entries.delete(forgotten!);
    const asked: string[][] = [];
    const one: string[] = [];
    const { resolveMany, resolve, get } = deps.articles;
    deps.articles.resolveMany = (ids) => {
      asked.push(ids);
      return resolveMany.call(deps.articles, ids);
    };
    deps.articles.resolve = (id) => {
      one.push(id);
      return resolve.call(deps.articles, id);
    };
    deps.articles.get = (id) => {
      one.push(id);
      return get.call(deps.articles, id);
    };
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1, itemsDuplicate: 5 });
    // By address, then the one link unknown by it by its feed id (an article moved to a new address).
    expect(asked.map((ids) => ids.length)).toEqual([6, 1]);
    expect(one).toEqual([]);
  });

  it('looks up links a batch at a time, each just before its pages are fetched: an article stored meanwhile is not fetched', async () => {
    const links = Array.from({ length: 30 }, (_, n) => `${ORIGIN}/tin-tuc/ban-tin-${n + 1}.html`);
    web.pages.set(FEED_URL, generatedFeed(links));
    for (const [n, url] of links.entries()) web.pages.set(url, generatedPage(n + 1));
    const last = links.at(-1)!;
    const asked: number[] = [];
    const { resolveMany } = deps.articles;
    deps.articles.resolveMany = (ids) => {
      asked.push(ids.length);
      return resolveMany.call(deps.articles, ids);
    };
    const fetch = deps.fetch;
    deps.fetch = async (url, options) => {
      // A racing poll stores the last link's article while this one reads the first batch.
      if (url === links[0])
        await deps.articles.create(entry(1, { id: articleIdFor(last), url: last, published: true }), {
          feeds: [{ kind: 'all' }],
          listedKey: `k#${articleIdFor(last)}`,
        });
      return fetch(url, options);
    };
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({
      itemsSeen: 30,
      itemsNew: 29,
      itemsDuplicate: 1,
      itemsFailed: 0,
    });
    expect(asked).toEqual([25, 5]);
    expect(web.calls.map((c) => c.url)).not.toContain(last);
  });

  it('announces an article once when a later batch of the same poll reaches it under another URL', async () => {
    const links = Array.from({ length: 30 }, (_, n) => `${ORIGIN}/tin-tuc/ban-tin-${n + 1}.html`);
    // The last batch's links lead to the first batch's articles: one names it as its canonical
    // URL, one is its address with a tracking parameter, one is its page under a section's URL.
    const canonical = `${ORIGIN}/chinh-tri/ban-tin-1.html`;
    const tracked = `${links[1]}?utm_source=zalo`;
    const mirror = `${ORIGIN}/xa-hoi/ban-tin-3.html`;
    web.pages.set(FEED_URL, generatedFeed([...links, canonical, tracked, mirror]));
    for (const [n, url] of links.entries()) web.pages.set(url, generatedPage(n + 1));
    web.pages.set(
      canonical,
      generatedPage(1).replace('</head>', `<link rel="canonical" href="${links[0]}"></head>`),
    );
    web.pages.set(mirror, generatedPage(3));
    // The last batch's pages arrive once the first batch is stored (the paper answers slowly).
    let firstStored!: () => void;
    const stored = new Promise<void>((resolve) => {
      firstStored = resolve;
    });
    const { createMany } = deps.articles;
    deps.articles.createMany = async (items) => {
      const created = await createMany.call(deps.articles, items);
      firstStored();
      return created;
    };
    const fetch = deps.fetch;
    deps.fetch = async (url, options) => {
      if (url === canonical || url === mirror) await stored;
      return fetch(url, options);
    };
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ itemsSeen: 32, itemsNew: 30, itemsFailed: 0, eventsPublished: 30 });
    const ids = deps.events.published.map((event) => event.articleId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    // Each event keeps what the article's first reading gave it (its excerpt, for alerts).
    expect(deps.events.published.every((event) => event.excerpt)).toBe(true);
  });

  it("keeps articles apart whose pages name a canonical URL that is no article's: the script without its number, the home page, another article (attack run 32)", async () => {
    const numbered = (n: number) => `${ORIGIN}/p2/news.php?id=${n}`;
    const homed = `${ORIGIN}/tin-tuc/ban-tin-7.html`;
    const other = `${ORIGIN}/tin-tuc/ban-tin-8.html`;
    web.pages.set(FEED_URL, generatedFeed([numbered(1), numbered(2), numbered(3), homed]));
    const withCanonical = (n: number, canonical: string) =>
      generatedPage(n).replace('</head>', `<link rel="canonical" href="${canonical}"></head>`);
    for (const n of [1, 2, 3]) web.pages.set(numbered(n), withCanonical(n, `${ORIGIN}/p2/news.php`));
    web.pages.set(homed, withCanonical(7, `${ORIGIN}/`));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 4, itemsDuplicate: 0 });
    expect(deps.sources.records.get('bao-ha-nam')?.health.volatileParams ?? []).not.toContain('id');
    // A later page names the first article's address as its own, under another headline.
    web.pages.set(FEED_URL, generatedFeed([numbered(4), other]));
    web.pages.set(numbered(4), withCanonical(4, `${ORIGIN}/p2/news.php`));
    web.pages.set(other, withCanonical(8, numbered(1)));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 2, itemsDuplicate: 0 });
    const urls = [...deps.articles.entries.values()].map((entry) => entry.url).sort();
    expect(urls).toEqual([homed, other, ...[1, 2, 3, 4].map(numbered)].sort());
  });

  it('keeps apart the pages of one poll that name one canonical URL under different headlines, and stores a page listed twice once', async () => {
    // A template prints one address on every page; another page names the first one's address.
    const links = [11, 12, 13, 14].map((n) => `${ORIGIN}/tin-tuc/ban-tin-${n}.html`);
    const shared = `${ORIGIN}/tin-tuc/bai-viet/chi-tiet-tin.html`;
    const withCanonical = (n: number, canonical: string) =>
      generatedPage(n).replace('</head>', `<link rel="canonical" href="${canonical}"></head>`);
    const section = `${ORIGIN}/xa-hoi/ban-tin-11.html`;
    web.pages.set(FEED_URL, generatedFeed([...links, section]));
    for (const [i, url] of links.slice(0, 3).entries()) web.pages.set(url, withCanonical(11 + i, shared));
    web.pages.set(links[3]!, withCanonical(14, links[1]!));
    web.pages.set(section, withCanonical(11, shared));
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ itemsSeen: 5, itemsNew: 4, itemsFailed: 0 });
    const titles = [...deps.content.articles.values()].map((article) => article.title).sort();
    expect(titles).toEqual([11, 12, 13, 14].map((n) => `Bản tin số ${n}`));
    expect(new Set(deps.events.published.map((event) => event.articleId)).size).toBe(4);
  });

  it('stores no page that is not the article its link names, and reads those links again when their articles are out (attack run 33)', async () => {
    const links = [21, 22, 23, 24, 25].map((n) => `${ORIGIN}/tin-tuc/ban-tin-${n}.html`);
    web.pages.set(FEED_URL, generatedFeed(links));
    // The home page: where a paper sends a link whose article is not out yet.
    web.pages.set(
      `${ORIGIN}/`,
      `<!DOCTYPE html><html lang="vi"><head><title>Báo Hà Nam</title></head><body><h1>Báo Hà Nam</h1>${'<p>Báo Hà Nam điện tử, cơ quan của Đảng bộ tỉnh Hà Nam, cập nhật tin tức mới nhất mỗi ngày cho bạn đọc trong và ngoài tỉnh.</p>'.repeat(3)}</body></html>`,
    );
    const fetch = deps.fetch;
    let live = false;
    deps.fetch = async (url, options) =>
      url === links[0] && !live
        ? { ...(await fetch(`${ORIGIN}/`, options)), url: `${ORIGIN}/` }
        : fetch(url, options);
    // A "page not found" answered with 200, with the newest teasers under it.
    const notFound = `<!DOCTYPE html><html lang="vi"><head><title>Không tìm thấy trang</title></head><body><h1>Trang bạn tìm không tồn tại hoặc đã bị xóa</h1>${[1, 2, 3, 4].map((n) => `<p><a href="/tin-tuc/moi-${n}.html">Tin mới số ${n}: Hà Nam khởi công dự án giao thông và nông nghiệp trong năm nay</a></p>`).join('')}</body></html>`;
    web.pages.set(links[1]!, notFound);
    // Two articles under a template: a headline and lead of their own, the same long text.
    const notice = `${'<p>Tỉnh Hà Nam có diện tích tự nhiên hơn 860 km vuông, dân số khoảng 880 nghìn người, gồm sáu đơn vị hành chính cấp huyện với nhiều làng nghề truyền thống nổi tiếng.</p>'.repeat(3)}`;
    const members = (headline: string) =>
      `<!DOCTYPE html><html lang="vi"><head><title>${headline}</title></head><body><article><h1>${headline}</h1><p class="sapo"><strong>${headline} trong năm 2026.</strong></p>${notice}</article></body></html>`;
    web.pages.set(links[2]!, members('Điều tra đường dây buôn lậu xăng dầu'));
    web.pages.set(links[3]!, members('Phân tích giá nhà ở xã hội tăng mạnh'));
    web.pages.set(links[4]!, generatedPage(25));
    const first = await ingestSource('bao-ha-nam', deps);
    expect(first).toMatchObject({ itemsNew: 3, itemsFailed: 2 });
    const titles = () => [...deps.content.articles.values()].map((article) => article.title).sort();
    expect(titles()).toEqual(
      [
        'Bản tin số 25',
        'Điều tra đường dây buôn lậu xăng dầu',
        'Phân tích giá nhà ở xã hội tăng mạnh',
      ].sort(),
    );
    expect(first!.warnings.join('\n')).toContain('home page');
    expect(first!.warnings.join('\n')).toContain('not found');
    // The two articles come out: the next poll reads their links again.
    live = true;
    web.pages.set(links[0]!, generatedPage(21));
    web.pages.set(links[1]!, generatedPage(22));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 2, itemsFailed: 0 });
    expect(titles()).toContain('Bản tin số 21');
    expect(titles()).toContain('Bản tin số 22');
  });

  it("learns a listing's cache-busting parameter from the pages' canonical URLs: the next poll fetches no page again", async () => {
    const articles = Array.from({ length: 4 }, (_, n) => `${ORIGIN}/tin-tuc/ban-tin-${n + 1}.html`);
    // Each rendering of the feed stamps its links anew; the pages name their address without it.
    const listed = (poll: number) =>
      articles.map((url, n) => (n === 0 ? `${url}?id=7&v=${poll}` : `${url}?v=${poll}`));
    for (const [n, url] of articles.entries()) {
      const canonical = n === 0 ? `${url}?id=7` : url;
      web.pages.set(
        `${canonical}`,
        generatedPage(n + 1).replace('</head>', `<link rel="canonical" href="${canonical}"></head>`),
      );
    }
    const serve = (poll: number) => {
      web.pages.set(FEED_URL, generatedFeed(listed(poll)));
      for (const [n, url] of listed(poll).entries())
        web.pages.set(url, web.pages.get(n === 0 ? `${articles[0]}?id=7` : articles[n]!)!);
    };
    serve(1);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 4, itemsFailed: 0 });
    expect(deps.sources.records.get('bao-ha-nam')?.health.volatileParams).toEqual(['v']);
    web.calls.length = 0;
    serve(2);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 0, itemsDuplicate: 4 });
    expect(web.calls.map((c) => c.url)).toEqual([FEED_URL]);
    // The parameter that does choose the article ("id") is kept: a new id is a new article.
    web.pages.set(
      `${articles[0]}?id=8`,
      generatedPage(9).replace('</head>', `<link rel="canonical" href="${articles[0]}?id=8"></head>`),
    );
    web.pages.set(FEED_URL, generatedFeed([`${articles[0]}?id=8&v=3`]));
    web.pages.set(`${articles[0]}?id=8&v=3`, web.pages.get(`${articles[0]}?id=8`)!);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
  });

  it('shows the link parameters it learned to drop, learns none that two pages of a poll show choosing an article, and keeps those the administrator names', async () => {
    // `cat` chooses the article; the pages' canonical URL leaves it out.
    const serve = (cats: number[], script = `${ORIGIN}/bai-viet/xem-tin.php`) => {
      const page = (cat: number) => `${script}?cat=${cat}`;
      web.pages.set(FEED_URL, generatedFeed(cats.map(page)));
      for (const cat of cats)
        web.pages.set(
          page(cat),
          generatedPage(cat).replace('</head>', `<link rel="canonical" href="${script}"></head>`),
        );
    };
    const record = () => deps.sources.records.get('bao-ha-nam')!;
    // One page a poll: nothing tells `cat` chooses, and it is learned (and shown).
    serve([1]);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
    expect(record().health.volatileParams).toEqual(['cat']);
    expect(healthOf(record(), new Date('2026-11-27T03:05:00Z')).ignoredLinkParams).toEqual(['cat']);
    serve([2]);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 0, itemsDuplicate: 1 });
    // The administrator names it: the link is read with it again, and the health forgets it.
    await deps.sources.put(SourceSchema.parse({ ...sourceInput(), keepLinkParams: ['cat'] }));
    expect(healthOf(record(), new Date('2026-11-27T03:05:00Z')).ignoredLinkParams).toBeUndefined();
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
    expect(record().health.volatileParams ?? []).toEqual([]);

    // Another paper lists two such pages in one poll: both are stored, and `cat` is not learned.
    await deps.sources.put(SourceSchema.parse(sourceInput()));
    await deps.sources.recordPoll('bao-ha-nam', { ...record().health, volatileParams: [] });
    serve([3, 4], `${ORIGIN}/bai-viet/doc-tin.php`);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 2 });
    expect(record().health.volatileParams ?? []).toEqual([]);
  });

  it('finds its article again when the paper edits the headline, and with it the URL, of a text it leaves as it was (attack run 25)', async () => {
    const before = `${ORIGIN}/tin-tuc/khanh-thanh-cau-moi-123.html`;
    web.pages.set(FEED_URL, generatedFeed([before]));
    web.pages.set(before, longPage('Khánh thành cầu mới'));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1, eventsPublished: 1 });
    const after = `${ORIGIN}/tin-tuc/khanh-thanh-cau-chau-giang-moi-123.html`;
    web.pages.set(FEED_URL, generatedFeed([after]));
    web.pages.set(after, longPage('Khánh thành cầu Châu Giang mới nối hai bờ'));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({
      itemsNew: 0,
      itemsDuplicate: 1,
      eventsPublished: 0,
    });
    expect(deps.events.published).toHaveLength(1);
    expect(await deps.articles.resolve(articleIdFor(after))).toMatchObject({ id: articleIdFor(before) });
    // Another text under a new headline is a new article.
    const other = `${ORIGIN}/tin-tuc/bai-khac-124.html`;
    web.pages.set(FEED_URL, generatedFeed([other]));
    web.pages.set(other, generatedPage(2));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
  });

  it('stores one text listed under two headlines in one poll once (the paper edited the headline between two renderings of its listing)', async () => {
    const before = `${ORIGIN}/tin-tuc/khanh-thanh-cau-moi-123.html`;
    const after = `${ORIGIN}/tin-tuc/khanh-thanh-cau-chau-giang-moi-123.html`;
    web.pages.set(FEED_URL, generatedFeed([before, after]));
    web.pages.set(before, longPage('Khánh thành cầu mới'));
    web.pages.set(after, longPage('Khánh thành cầu Châu Giang mới nối hai bờ'));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({
      itemsNew: 1,
      itemsDuplicate: 1,
      eventsPublished: 1,
    });
    const [first, second] = await Promise.all(
      [before, after].map((url) => deps.articles.resolve(articleIdFor(url))),
    );
    expect(first?.id).toBeDefined();
    expect(second?.id).toBe(first?.id);
  });

  it("reads the paper's newest entries once a poll, not once a new article", async () => {
    const { newest } = deps.articles;
    let reads = 0;
    deps.articles.newest = (...args) => {
      reads++;
      return newest.apply(deps.articles, args);
    };
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 6 });
    expect(reads).toBe(1);
  });

  it('fetches again an article its listing says was corrected, rewrites it and announces the update; a stamp on every item is no correction', async () => {
    const url = `${ORIGIN}/tin-tuc/ban-tin-so-1.html`;
    const feed = (updated?: string, extra = '') =>
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Tin</title><link>${ORIGIN}/</link><description>Tin</description><item><title>Bản tin số 1</title><link>${url}</link><pubDate>Fri, 27 Nov 2026 08:00:00 +0700</pubDate>${updated ? `<atom:updated>${updated}</atom:updated>` : ''}</item>${extra}</channel></rss>`;
    web.pages.set(FEED_URL, feed());
    web.pages.set(url, generatedPage(1));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1, eventsPublished: 1 });
    const id = articleIdFor(url);
    // The paper corrects a figure and says so in its feed.
    web.pages.set(url, generatedPage(1).replace('triển khai 10 dự án', 'triển khai 12 dự án'));
    web.pages.set(FEED_URL, feed('2026-11-27T09:30:00+07:00'));
    const corrected = await ingestSource('bao-ha-nam', deps);
    expect(corrected).toMatchObject({ itemsNew: 0, itemsCorrected: 1 });
    expect(deps.content.articles.get(id)?.contentText).toContain('triển khai 12 dự án');
    expect(deps.events.published.map((e) => [e.type, e.articleId])).toEqual([
      ['article.published', id],
      ['article.updated', id],
    ]);
    // The same listing again: nothing is fetched again.
    web.calls.length = 0;
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsDuplicate: 1 });
    expect(web.calls.map((c) => c.url)).toEqual([FEED_URL]);
    // A listing that stamps every item with the time it was written announces no correction.
    const stamp = '2026-11-27T10:00:00+07:00';
    const others = [2, 3]
      .map(
        (n) =>
          `<item><title>Bản tin số ${n}</title><link>${ORIGIN}/tin-tuc/ban-tin-so-${n}.html</link><pubDate>Fri, 27 Nov 2026 07:00:00 +0700</pubDate><atom:updated>${stamp}</atom:updated></item>`,
      )
      .join('');
    for (const n of [2, 3]) web.pages.set(`${ORIGIN}/tin-tuc/ban-tin-so-${n}.html`, generatedPage(n));
    web.pages.set(FEED_URL, feed(stamp, others));
    web.calls.length = 0;
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 2 });
    expect(web.calls.map((c) => c.url)).not.toContain(url);
  });

  it('neither reads again nor announces a withdrawn article its feed still lists, corrected or not (attack run 37)', async () => {
    const url = `${ORIGIN}/tin-tuc/ban-tin-so-1.html`;
    const feed = (updated?: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Tin</title><link>${ORIGIN}/</link><description>Tin</description><item><title>Bản tin số 1</title><link>${url}</link><pubDate>Fri, 27 Nov 2026 08:00:00 +0700</pubDate>${updated ? `<atom:updated>${updated}</atom:updated>` : ''}</item></channel></rss>`;
    web.pages.set(FEED_URL, feed());
    web.pages.set(url, generatedPage(1));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1, eventsPublished: 1 });
    const id = articleIdFor(url);
    const withdrawal = { at: '2026-11-27T09:00:00+07:00', reason: 'Gỡ', by: 'admin' };
    expect(await deps.articles.withdraw(id, withdrawal, [{ kind: 'all' }])).toBe(true);
    web.pages.set(url, generatedPage(1).replace('triển khai 10 dự án', 'triển khai 12 dự án'));
    web.pages.set(FEED_URL, feed('2026-11-27T09:30:00+07:00'));
    web.calls.length = 0;
    const poll = await ingestSource('bao-ha-nam', deps);
    expect(poll).toMatchObject({ itemsNew: 0, itemsDuplicate: 1 });
    expect(poll?.itemsCorrected ?? 0).toBe(0);
    expect(web.calls.map((c) => c.url)).toEqual([FEED_URL]);
    expect(deps.content.articles.get(id)?.contentText).toContain('triển khai 10 dự án');
    expect(deps.events.published.map((e) => e.type)).toEqual(['article.published']);
  });

  it('keeps out a withdrawn article its paper lists again under a new address and headline, the text the same (attack run 38)', async () => {
    const url = `${ORIGIN}/tin-tuc/ban-tin-so-1.html`;
    const moved = `${ORIGIN}/tin-tuc/ban-tin-so-1-cap-nhat.html`;
    const feed = (link: string, title: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title><link>${ORIGIN}/</link><description>Tin</description><item><title>${title}</title><link>${link}</link><pubDate>Fri, 27 Nov 2026 08:00:00 +0700</pubDate></item></channel></rss>`;
    web.pages.set(FEED_URL, feed(url, 'Bản tin số 1'));
    web.pages.set(url, generatedPage(1));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
    const id = articleIdFor(url);
    await deps.articles.withdraw(id, { at: '2026-11-27T09:00:00+07:00', reason: 'Gỡ', by: 'admin' }, [
      { kind: 'all' },
    ]);
    web.pages.set(moved, generatedPage(1).replaceAll('Bản tin số 1', 'Bản tin số 1 (cập nhật)'));
    web.pages.set(FEED_URL, feed(moved, 'Bản tin số 1 (cập nhật)'));
    const poll = await ingestSource('bao-ha-nam', deps);
    expect(poll).toMatchObject({ itemsNew: 0 });
    expect(poll?.warnings.join('\n')).toContain(`the story of withdrawn article ${id}`);
    expect(deps.events.published.map((e) => e.type)).toEqual(['article.published']);
    expect(deps.articles.entries.size).toBe(1);
  });

  it("withdraws an article its paper lists as corrected and answers 410 Gone for; another site's 410 leaves it as stored (attack runs 37, 38)", async () => {
    const urls = [1, 2].map((n) => `${ORIGIN}/tin-tuc/ban-tin-so-${n}.html`);
    const feed = (updated?: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Tin</title><link>${ORIGIN}/</link><description>Tin</description>${urls
        .map(
          (url, n) =>
            `<item><title>Bản tin số ${n + 1}</title><link>${url}</link><pubDate>Fri, 27 Nov 2026 0${n}:00:00 +0700</pubDate>${updated ? `<atom:updated>${updated}</atom:updated>` : ''}</item>`,
        )
        .join('')}</channel></rss>`;
    for (const [n, url] of urls.entries()) web.pages.set(url, generatedPage(n + 1));
    web.pages.set(FEED_URL, feed());
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 2 });
    web.gone.add(urls[0]!);
    // The second page now redirects to another site, which answers 410: not the paper's word.
    const fetch = deps.fetch;
    deps.fetch = async (url, options) =>
      url === urls[1]
        ? Promise.reject(new FetchError('https://cdn.khac.example/x', 'HTTP 410 Gone', 410))
        : fetch(url, options);
    web.pages.set(FEED_URL, feed('2026-11-27T09:30:00+07:00'));
    const poll = await ingestSource('bao-ha-nam', deps);
    expect(poll?.warnings.join('\n')).toMatch(
      /ban-tin-so-1\.html: listed as corrected, and its page answers 410 Gone: withdrawn/,
    );
    expect(poll?.warnings.join('\n')).toMatch(
      /ban-tin-so-2\.html: listed as corrected, but could not be read again/,
    );
    const [gone, kept] = urls.map((url) => deps.articles.entries.get(articleIdFor(url))!);
    expect(gone?.withdrawn).toMatchObject({
      by: 'source:bao-ha-nam',
      reason: expect.stringContaining('410 Gone'),
    });
    expect(kept?.withdrawn).toBeUndefined();
    expect(await deps.articles.listed({ kind: 'all' }, { order: 'newest-first', limit: 10 })).toEqual([
      expect.objectContaining({ articleId: kept!.id }),
    ]);
    expect(
      deps.events.published.filter((e) => e.type === 'article.withdrawn').map((e) => e.articleId),
    ).toEqual([gone!.id]);
  });

  it('takes an article the paper moved to a new address with its edited headline, its feed id the same, as a correction of the stored one (attack run 33)', async () => {
    const feed = (slug: string, title: string, updated = '') =>
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Tin</title><link>${ORIGIN}/</link><description>Tin</description><item><title>${title}</title><link>${ORIGIN}/tin-tuc/${slug}.html</link><guid isPermaLink="false">456</guid><pubDate>Fri, 27 Nov 2026 08:00:00 +0700</pubDate>${updated && `<atom:updated>${updated}</atom:updated>`}</item></channel></rss>`;
    let clock = Date.parse('2026-11-27T03:00:00Z');
    deps.now = () => new Date(clock);
    const first = 'Hà Nam khởi công dự án giao thông';
    const edited = 'Hà Nam khởi công ba dự án giao thông lớn';
    const page = (title: string, extra = '') =>
      generatedPage(1).replaceAll('Bản tin số 1', title).replace('</article>', `${extra}</article>`);
    web.pages.set(FEED_URL, feed('khoi-cong-du-an', first));
    web.pages.set(`${ORIGIN}/tin-tuc/khoi-cong-du-an.html`, page(first));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
    const id = articleIdFor(`${ORIGIN}/tin-tuc/khoi-cong-du-an.html`);
    // The headline is edited, a paragraph added, and the address made anew from the headline.
    const moved = `${ORIGIN}/tin-tuc/khoi-cong-ba-du-an-lon.html`;
    web.pages.set(FEED_URL, feed('khoi-cong-ba-du-an-lon', edited));
    web.pages.set(
      moved,
      page(edited, '<p>Tổng vốn đầu tư của ba dự án là 1.200 tỷ đồng, hoàn thành trong hai năm.</p>'),
    );
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 0, itemsCorrected: 1 });
    expect(deps.content.articles.size).toBe(1);
    expect(deps.content.articles.get(id)).toMatchObject({ title: edited });
    expect(deps.content.articles.get(id)?.contentText).toContain('1.200 tỷ đồng');
    expect(deps.events.published.map((e) => [e.type, e.articleId])).toEqual([
      ['article.published', id],
      ['article.updated', id],
    ]);
    // Its new address leads to it from now on: the same listing fetches nothing again.
    web.calls.length = 0;
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 0, itemsDuplicate: 1 });
    expect(web.calls.map((c) => c.url)).toEqual([FEED_URL]);
    // And it is its link: feeds, the event and the article's entry name the new address, the old
    // one perhaps gone; the article keeps its id (the feeds' GUID).
    expect(deps.content.articles.get(id)).toMatchObject({ id, url: moved, canonicalUrl: moved });
    expect(await deps.articles.get(id)).toMatchObject({ url: moved, canonicalUrl: moved });
    expect(deps.events.published.at(-1)).toMatchObject({ type: 'article.updated', canonicalUrl: moved });
    // A correction the listing announces later, at the new address, is applied there.
    clock += 2 * 3_600_000;
    web.pages.set(FEED_URL, feed('khoi-cong-ba-du-an-lon', edited, '2026-11-27T11:30:00+07:00'));
    web.pages.set(
      moved,
      page(edited, '<p>Tổng vốn đầu tư của ba dự án là 1.500 tỷ đồng, hoàn thành trong hai năm.</p>'),
    );
    const later = await ingestSource('bao-ha-nam', deps);
    expect(later).toMatchObject({ itemsNew: 0, itemsCorrected: 1 });
    expect(later?.warnings).toEqual([]);
    expect(deps.content.articles.get(id)?.contentText).toContain('1.500 tỷ đồng');
    // Another story under the same feed id (a feed that reuses its ids) is a new article.
    const other = 'Giá lúa tăng mạnh đầu vụ đông xuân';
    web.pages.set(FEED_URL, feed('gia-lua-tang', other));
    web.pages.set(`${ORIGIN}/tin-tuc/gia-lua-tang.html`, longPage(other));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
    // So is one under the same feed id and a headline alike in the listing whose page is another
    // story: read as new in the same poll, not left aside as the stored article's.
    // (The feed id is the rice story's now: the last item given it.)
    web.pages.set(FEED_URL, feed('khoi-cong-du-an-moi', `${other} năm nay`));
    web.pages.set(
      `${ORIGIN}/tin-tuc/khoi-cong-du-an-moi.html`,
      longPage('Lễ hội văn hóa ẩm thực mở cửa tại Phủ Lý'),
    );
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1, itemsDuplicate: 0 });
    expect([...deps.content.articles.values()].map((a) => a.title)).toContain(other);
    expect([...deps.content.articles.values()].map((a) => a.title)).toContain(
      'Lễ hội văn hóa ẩm thực mở cửa tại Phủ Lý',
    );
  });

  it('announces no update when only the stamps moved: a CMS that stamps the time it renders (attack run 36)', async () => {
    const url = `${ORIGIN}/tin-tuc/ban-tin-so-1.html`;
    const feed = (updated: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Tin</title><link>${ORIGIN}/</link><description>Tin</description><item><title>Bản tin số 1</title><link>${url}</link><pubDate>Fri, 27 Nov 2026 08:00:00 +0700</pubDate><atom:updated>${updated}</atom:updated></item></channel></rss>`;
    const stamped = (at: string) =>
      generatedPage(1).replace('</head>', `<meta property="article:modified_time" content="${at}"></head>`);
    let clock = Date.parse('2026-11-27T03:00:00Z');
    deps.now = () => new Date(clock);
    web.pages.set(FEED_URL, feed('2026-11-27T10:00:00+07:00'));
    web.pages.set(url, stamped('2026-11-27T10:00:00+07:00'));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
    const id = articleIdFor(url);
    const stored = deps.content.articles.get(id)!;
    for (const hour of [5, 7]) {
      clock = Date.parse(`2026-11-27T0${hour}:00:00Z`);
      const at = `2026-11-27T${hour + 7}:00:00+07:00`;
      web.pages.set(FEED_URL, feed(at));
      web.pages.set(url, stamped(at));
      expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 0, itemsCorrected: 0 });
    }
    expect(deps.events.published.map((e) => e.type)).toEqual(['article.published']);
    expect(deps.content.articles.get(id)?.updatedAt).toBe(stored.updatedAt);
  });

  it('takes a daily column that keeps one feed id for a new article each day, not a move of the day before (attack run 36)', async () => {
    const feed = (day: number, title: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title><link>${ORIGIN}/</link><description>Tin</description><item><title>${title}</title><link>${ORIGIN}/kinh-te/gia-vang-${day}-12.html</link><guid isPermaLink="false">gia-vang-hom-nay</guid><pubDate>${day === 3 ? 'Thu, 03' : 'Fri, 04'} Dec 2026 08:00:00 +0700</pubDate></item></channel></rss>`;
    const column = (title: string, lines: string[]) =>
      `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${lines.map((l) => `<p>${l}</p>`).join('')}</article></body></html>`;
    const day3 = 'Giá vàng hôm nay 3/12: vàng nhẫn tăng mạnh';
    const day4 = 'Giá vàng hôm nay 4/12: vàng nhẫn giảm sâu';
    web.pages.set(FEED_URL, feed(3, day3));
    web.pages.set(
      `${ORIGIN}/kinh-te/gia-vang-3-12.html`,
      column(day3, [
        'Sáng 3/12, giá vàng nhẫn tròn trơn tại các doanh nghiệp lớn tăng thêm 500.000 đồng mỗi lượng so với chiều qua.',
        'Giá vàng miếng được niêm yết ở mức 86 triệu đồng mỗi lượng mua vào, 88 triệu đồng bán ra, không đổi.',
        'Trên thị trường thế giới, giá vàng giao ngay tăng nhẹ khi đồng USD suy yếu sau số liệu việc làm của Mỹ.',
      ]),
    );
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
    const first = articleIdFor(`${ORIGIN}/kinh-te/gia-vang-3-12.html`);
    web.pages.set(FEED_URL, feed(4, day4));
    web.pages.set(
      `${ORIGIN}/kinh-te/gia-vang-4-12.html`,
      column(day4, [
        'Đầu giờ sáng 4/12, vàng nhẫn quay đầu giảm sâu gần 1 triệu đồng mỗi lượng theo đà đi xuống của thế giới.',
        'Các doanh nghiệp kinh doanh vàng cho biết lượng khách bán ra tăng mạnh từ chiều qua, nhất là ở Hà Nội.',
        'Giới phân tích dự báo giá vàng còn biến động mạnh trong tuần tới trước cuộc họp của Cục Dự trữ Liên bang Mỹ.',
      ]),
    );
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1, itemsCorrected: 0 });
    // The day before is as stored; each day is its own article, announced.
    expect(deps.content.articles.get(first)?.title).toBe(day3);
    expect([...deps.content.articles.values()].map((a) => a.title).sort()).toEqual([day3, day4]);
    expect(deps.events.published.map((e) => e.type)).toEqual(['article.published', 'article.published']);
  });

  it('takes corrections five a poll, the rest at the next; one whose page is gone, or leads elsewhere, is left as stored, once (attack run 27)', async () => {
    const urls = Array.from({ length: 8 }, (_, n) => `${ORIGIN}/tin-tuc/ban-tin-so-${n + 1}.html`);
    const feed = (stamps: (string | undefined)[]) =>
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Tin</title><link>${ORIGIN}/</link><description>Tin</description>${urls
        .map(
          (url, n) =>
            `<item><title>Bản tin số ${n + 1}</title><link>${url}</link><pubDate>Fri, 27 Nov 2026 0${n}:00:00 +0700</pubDate>${stamps[n] ? `<atom:updated>${stamps[n]}</atom:updated>` : ''}</item>`,
        )
        .join('')}</channel></rss>`;
    for (const [n, url] of urls.entries()) web.pages.set(url, generatedPage(n + 1));
    web.pages.set(FEED_URL, feed([]));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 8 });
    // Each article corrected at its own minute; the eighth page is gone, the seventh leads elsewhere.
    for (const [n, url] of urls.entries()) {
      web.pages.set(url, generatedPage(n + 1).replace('triển khai', 'đã triển khai'));
    }
    web.pages.delete(urls[7]!);
    const fetch = deps.fetch;
    deps.fetch = async (url, options) =>
      url === urls[6]
        ? { ...(await fetch(urls[0]!, options)), url: 'https://tin-khac.example.vn/bai.html' }
        : fetch(url, options);
    web.pages.set(FEED_URL, feed(urls.map((_, n) => `2026-11-27T09:${10 + n}:00+07:00`)));
    const first = await ingestSource('bao-ha-nam', deps);
    expect(first, JSON.stringify(first)).toMatchObject({ itemsCorrected: 5 });
    const second = await ingestSource('bao-ha-nam', deps);
    expect(second?.itemsCorrected).toBe(1);
    expect(second?.warnings.join('\n')).toMatch(
      /ban-tin-so-7\.html: listed as corrected, but it now leads to https:\/\/tin-khac/,
    );
    expect(second?.warnings.join('\n')).toMatch(
      /ban-tin-so-8\.html: listed as corrected, but could not be read again/,
    );
    for (const n of [0, 1, 2, 3, 4, 5]) {
      expect(deps.content.articles.get(articleIdFor(urls[n]!))?.contentText, urls[n]).toContain(
        'đã triển khai',
      );
    }
    expect(deps.content.articles.get(articleIdFor(urls[6]!))?.title).toBe('Bản tin số 7');
    // Looked at once: the next poll reads none of their pages again.
    web.calls.length = 0;
    const third = await ingestSource('bao-ha-nam', deps);
    expect(third?.itemsCorrected ?? 0).toBe(0);
    expect(web.calls.map((c) => c.url)).toEqual([FEED_URL]);
  });

  it("keeps the body of the poll whose entry won, when another source's poll stored the same article meanwhile (attack run 27)", async () => {
    const url = `${ORIGIN}/tin-tuc/ban-tin-so-1.html`;
    web.pages.set(url, generatedPage(1));
    web.pages.set(FEED_URL, generatedFeed([url]));
    await deps.sources.put(
      SourceSchema.parse(sourceInput({ id: 'bao-ha-nam-kinh-te', name: 'Báo Hà Nam Kinh tế' })),
    );
    expect(await ingestSource('bao-ha-nam-kinh-te', deps)).toMatchObject({ itemsNew: 1 });
    const id = articleIdFor(url);
    const winner = deps.content.articles.get(id)!;
    // The other poll looked the link up before this one's entry was written: it reads the page too.
    const resolveMany = deps.articles.resolveMany.bind(deps.articles);
    deps.articles.resolveMany = async (ids: string[]) => {
      const found = await resolveMany(ids);
      found.delete(id);
      return found;
    };
    await ingestSource('bao-ha-nam', deps);
    expect(deps.articles.entries.get(id)?.sourceId).toBe('bao-ha-nam-kinh-te');
    expect(deps.content.articles.get(id)).toEqual(winner);
  });

  it('ends quietly when its source is deleted while a correction is read (attack run 27)', async () => {
    const url = `${ORIGIN}/tin-tuc/ban-tin-so-1.html`;
    web.pages.set(url, generatedPage(1));
    web.pages.set(FEED_URL, generatedFeed([url]));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
    web.pages.set(
      FEED_URL,
      generatedFeed([url]).replace(
        '</pubDate>',
        '</pubDate><atom:updated xmlns:atom="http://www.w3.org/2005/Atom">2026-11-27T09:30:00+07:00</atom:updated>',
      ),
    );
    const fetch = deps.fetch;
    deps.fetch = async (target, options) => {
      if (target === url) await deps.sources.remove('bao-ha-nam');
      return fetch(target, options);
    };
    await expect(ingestSource('bao-ha-nam', deps)).resolves.toBeUndefined();
  });

  it("leaves another source's article to it: a correction its feed lists does not fail the poll", async () => {
    const url = `${ORIGIN}/tin-tuc/ban-tin-so-1.html`;
    web.pages.set(url, generatedPage(1));
    web.pages.set(FEED_URL, generatedFeed([url]));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1 });
    // The stored article becomes another paper's (as a story that paper stored first would be).
    const id = articleIdFor(url);
    const stored = deps.articles.entries.get(id)!;
    deps.articles.entries.set(id, { ...stored, sourceId: 'bao-khac' });
    web.pages.set(
      FEED_URL,
      generatedFeed([url]).replace(
        '</pubDate>',
        '</pubDate><atom:updated xmlns:atom="http://www.w3.org/2005/Atom">2026-11-27T09:30:00+07:00</atom:updated>',
      ),
    );
    web.calls.length = 0;
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ status: 'ok', itemsDuplicate: 1 });
    expect(web.calls.map((c) => c.url)).toEqual([FEED_URL]);
  });

  it('keeps what an article carries bounded: a headline of 300 KB, an item of 5,000 categories', async () => {
    const url = `${ORIGIN}/tin-tuc/ban-tin-1.html`;
    const categories = Array.from({ length: 5000 }, (_, n) => `<category>Chủ đề ${n}</category>`).join('');
    web.pages.set(
      FEED_URL,
      generatedFeed([url]).replace('Bản tin số 1</title>', `Bản tin số 1</title>${categories}`),
    );
    const headline = 'Tin rất dài '.repeat(27_000);
    web.pages.set(url, generatedPage(1).replace('<h1>Bản tin số 1</h1>', `<h1>${headline}</h1>`));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({
      status: 'ok',
      itemsNew: 1,
      eventsPublished: 1,
    });
    const [article] = deps.content.articles.values();
    expect(article!.title.length).toBeLessThanOrEqual(1000);
    expect(article!.categories).toEqual(Array.from({ length: 10 }, (_, n) => `Chủ đề ${n}`));
    const [event] = deps.events.published;
    expect(JSON.stringify(event).length).toBeLessThan(8_000);
  });

  it('dates an article that claims a date past tomorrow when it was found (9999-12-31 failed every poll)', async () => {
    const url = `${ORIGIN}/tin-tuc/ban-tin-1.html`;
    web.pages.set(FEED_URL, generatedFeed([url]));
    const page = generatedPage(1).replace(
      '<meta charset="utf-8">',
      '<meta charset="utf-8"><meta property="article:published_time" content="9999-12-31T00:00:00Z">',
    );
    web.pages.set(url, page);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ status: 'ok', itemsNew: 1 });
    const [article] = deps.content.articles.values();
    expect(Date.parse(article!.publishedAt)).toBeLessThanOrEqual(Date.parse('2026-11-28T03:00:00Z'));
  });

  /** The source is deleted while its first article page is read; `pagesFail`: each page fails. */
  function deletedAtFirstPage(pagesFail = false): void {
    const fetch = deps.fetch;
    let deleted = false;
    deps.fetch = async (url, options) => {
      if (!deleted && url !== FEED_URL) {
        deleted = true;
        await deps.sources.remove('bao-ha-nam');
      }
      if (pagesFail && url !== FEED_URL) throw new Error('the page could not be read');
      return fetch(url, options);
    };
  }

  it('announces nothing for a source deleted during its poll, and keeps what it stored (attack run 21, F3)', async () => {
    deletedAtFirstPage();
    expect(await ingestSource('bao-ha-nam', deps)).toBeUndefined();
    // Its events would have built its feed again and listed it in the directory once more.
    expect(deps.events.published).toEqual([]);
    expect(deps.content.articles.size).toBe(6);
  });

  it('ends quietly a poll with nothing to announce whose source was deleted meanwhile (attack run 30)', async () => {
    deletedAtFirstPage(true);
    expect(await ingestSource('bao-ha-nam', deps)).toBeUndefined();
    expect(deps.events.published).toEqual([]);
    expect(await deps.sources.get('bao-ha-nam')).toBeUndefined();
  });

  it('fetches no more pages of a source disabled during its poll, and announces what it stored', async () => {
    const links = Array.from({ length: 60 }, (_, n) => `${ORIGIN}/tin-tuc/ban-tin-${n}.html`);
    for (const [n, url] of links.entries()) web.pages.set(url, generatedPage(n));
    web.pages.set(FEED_URL, generatedFeed(links));
    await deps.sources.put(SourceSchema.parse(sourceInput({ maxArticlesPerPoll: 60 })));
    const fetch = deps.fetch;
    let pages = 0;
    deps.fetch = async (url, options) => {
      if (url !== FEED_URL && ++pages === 1) {
        const { source } = (await deps.sources.get('bao-ha-nam'))!;
        await deps.sources.put({ ...source, enabled: false });
      }
      // The listing with a validator, which a poll that read it whole keeps.
      const response = await fetch(url, options);
      return url === FEED_URL ? { ...response, etag: '"v1"' } : response;
    };
    const outcome = await ingestSource('bao-ha-nam', deps);
    // The batch under way (25 pages, and the next one fetched meanwhile) ends; none after it starts.
    expect(outcome!.itemsNew).toBeLessThan(60);
    expect(outcome!.eventsPublished).toBe(outcome!.itemsNew);
    expect(outcome!.warnings.join('\n')).toMatch(
      /the source was disabled during this poll: \d+ links left for its next poll/,
    );
    // Enabled again, its next poll reads the links left, though the listing has not changed since:
    // its validators were not kept (the review of this change), so no 304 hides them.
    expect(deps.sources.records.get('bao-ha-nam')!.health.validators).toEqual({});
    const { source } = (await deps.sources.get('bao-ha-nam'))!;
    await deps.sources.put({ ...source, enabled: true });
    deps.fetch = fetch;
    const next = await ingestSource('bao-ha-nam', deps);
    expect(next!.status).not.toBe('not-modified');
    expect(outcome!.itemsNew + next!.itemsNew).toBe(60);
  });

  it('lets a source bring at most 100 categories, each a feed of its own, and says what it left off', async () => {
    // Ten new categories on each item: a hostile feed opened 500 feeds a poll.
    const links = Array.from({ length: 30 }, (_, n) => `${ORIGIN}/tin-tuc/ban-tin-${n}.html`);
    for (const [n, url] of links.entries()) web.pages.set(url, generatedPage(n));
    const tags = (n: number) =>
      Array.from({ length: 10 }, (_, t) => `<category>Chủ đề ${n * 10 + t}</category>`).join('');
    web.pages.set(
      FEED_URL,
      generatedFeed(links)
        .replace(/<\/title><link>/g, '</title><link>')
        .replace(
          /(<item><title>Bản tin số (\d+)<\/title>)/g,
          (_, item: string, n: string) => `${item}${tags(Number(n) - 1)}`,
        ),
    );
    await deps.sources.put(SourceSchema.parse(sourceInput({ maxArticlesPerPoll: 30 })));
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ itemsNew: 30 });
    const slugs = new Set([...deps.articles.entries.values()].flatMap((e) => e.categories.map(categorySlug)));
    expect(slugs.size).toBe(MAX_SOURCE_CATEGORIES);
    const { health } = deps.sources.records.get('bao-ha-nam')!;
    expect(health.categories).toHaveLength(MAX_SOURCE_CATEGORIES);
    expect(health.lastPoll!.warnings.join('\n')).toContain("200 categories left off this poll's articles");
    // The categories it brought before stay open to it.
    const [kept] = health.categories!;
    expect(new CategoryQuota(health.categories).admit(['Chủ đề 0', 'Chủ đề mới'])).toEqual(['Chủ đề 0']);
    expect(kept).toBe(categorySlug('Chủ đề 0'));
  });

  it("keeps the source's record bounded: a thousand failing links, a sitemap index's children changing", async () => {
    const links = Array.from(
      { length: 1000 },
      (_, n) => `${ORIGIN}/tin-tuc/${'mat-tich-'.repeat(20)}${n}.html`,
    );
    web.pages.set(FEED_URL, generatedFeed(links));
    await deps.sources.put(SourceSchema.parse(sourceInput({ maxArticlesPerPoll: 1000 })));
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ itemsFailed: 1000 });
    const { health } = deps.sources.records.get('bao-ha-nam')!;
    expect(health.lastPoll!.warnings).toHaveLength(21);
    expect(health.lastPoll!.warnings.at(-1)).toBe('and 980 more warnings');
    expect(health.lastPoll!.warnings.every((w) => w.length <= 300)).toBe(true);
    expect(JSON.stringify(health).length).toBeLessThan(20_000);
    // The poll's log line keeps them as the record does (a 2-million-character link was logged whole).
    expect(boundedWarnings(outcome!.warnings)).toEqual(health.lastPoll!.warnings);
    expect(boundedWarnings(['x'.repeat(2_000_000)])[0]).toHaveLength(300);
    // None kept by a poll that left links to try again (the failed ones): the next reads the feed in full.
    expect(health.validators).toEqual({});
    // Validators are kept for the URLs a poll fetched, not for every URL ever fetched.
    web.pages.set(FEED_URL, new FakeWeb().pages.get(FEED_URL)!);
    health.validators = Object.fromEntries(
      Array.from({ length: 500 }, (_, n) => [`${ORIGIN}/sitemap-${n}.xml`, { etag: `"${n}"` }]),
    );
    await ingestSource('bao-ha-nam', deps);
    expect(Object.keys(deps.sources.records.get('bao-ha-nam')!.health.validators)).toEqual([FEED_URL]);
  });

  it('stops fetching pages when the poll has used its time for them, and announces what it read', async () => {
    const links = Array.from({ length: 30 }, (_, n) => `${ORIGIN}/tin-tuc/ban-tin-${n + 1}.html`);
    web.pages.set(FEED_URL, generatedFeed(links));
    for (const [n, url] of links.entries()) web.pages.set(url, generatedPage(n + 1));
    // A paper that answers each page in 18 s, four at a time.
    let clock = Date.parse('2026-11-27T03:00:00Z');
    deps.now = () => new Date(clock);
    const fetch = deps.fetch;
    deps.fetch = async (url, options) => {
      if (url !== FEED_URL) clock += 18_000 / 4;
      return fetch(url, options);
    };
    const first = await ingestSource('bao-ha-nam', deps);
    // A fetch starts while the clock has not passed the budget: at 0, 4.5 s, … 72 s.
    const read = Math.floor(POLL_PAGES_BUDGET_MS / 4_500) + 1;
    expect(first).toMatchObject({ status: 'ok', itemsNew: read, eventsPublished: read, itemsFailed: 0 });
    expect(first!.warnings).toContain(
      `${30 - read} links left for the next poll: pages are fetched for 75 s of a poll, and the paper answered slowly`,
    );
    // The next poll takes up the links this one left.
    const second = await ingestSource('bao-ha-nam', deps);
    expect(second).toMatchObject({ itemsNew: Math.min(30 - read, read), itemsFailed: 0 });
  });

  it('reads the other listings when one fails, with a warning; fails only when every one does', async () => {
    const gone = `${ORIGIN}/rss/chuyen-muc-cu.rss`;
    for (const urls of [
      [gone, FEED_URL],
      [FEED_URL, gone],
    ]) {
      const own = memoryIngestDeps(web.fetch, '2026-11-27T03:00:00Z');
      await own.sources.put(SourceSchema.parse(sourceInput({ urls })));
      const outcome = await ingestSource('bao-ha-nam', own);
      expect(outcome).toMatchObject({ status: 'ok', itemsNew: 6, failing: false });
      expect(outcome!.warnings).toContain(`${gone}: not read (HTTP 404 Not Found); the other listings were`);
    }
    const none = memoryIngestDeps(web.fetch, '2026-11-27T03:00:00Z');
    await none.sources.put(SourceSchema.parse(sourceInput({ urls: [gone, `${gone}?2`] })));
    expect(await ingestSource('bao-ha-nam', none)).toMatchObject({ status: 'failed', itemsNew: 0 });
  });

  it(`stops starting listings after ${POLL_LISTINGS_BUDGET_MS / 1000} s of a poll, so that pages still get their time`, async () => {
    const urls = Array.from({ length: 10 }, (_, n) => `${FEED_URL}?muc=${n}`);
    for (const url of urls) web.pages.set(url, web.pages.get(FEED_URL)!);
    await deps.sources.put(SourceSchema.parse(sourceInput({ urls })));
    // Each listing takes 10 s of the poll's clock; they are read four at a time, in order.
    let clock = Date.parse('2026-11-27T03:00:00Z');
    deps.now = () => new Date(clock);
    const fetch = deps.fetch;
    deps.fetch = async (url, options) => {
      if (urls.includes(url)) clock += 10_000;
      return fetch(url, options);
    };
    const outcome = await ingestSource('bao-ha-nam', deps);
    // Started at 0, 10, 20, 30 and 40 s; the sixth would start at 50 s.
    expect(web.calls.filter((c) => urls.includes(c.url))).toHaveLength(5);
    expect(outcome).toMatchObject({ status: 'ok', itemsNew: 6 });
    expect(outcome!.warnings).toContain(
      '5 listings left for the next poll: listings are read for 40 s of a poll, and the paper answered slowly',
    );
  });

  it("keeps a listing's validators only at a server's real length (16,000-character ETags overflowed the record)", async () => {
    const fetch = deps.fetch;
    let etag = `"${'e'.repeat(16_000)}"`;
    deps.fetch = async (url, options) => ({
      ...(await fetch(url, options)),
      etag,
      lastModified: 'x'.repeat(100),
    });
    await ingestSource('bao-ha-nam', deps);
    expect(deps.sources.records.get('bao-ha-nam')!.health.validators[FEED_URL]).toEqual({});
    etag = '"abc-123"';
    await ingestSource('bao-ha-nam', deps);
    expect(deps.sources.records.get('bao-ha-nam')!.health.validators[FEED_URL]).toEqual({
      etag: '"abc-123"',
    });
  });

  it('re-publishes stored articles on the retry after a failed publish', async () => {
    deps.events.failNext = 1;
    await expect(ingestSource('bao-ha-nam', deps)).rejects.toThrow('topic unavailable');
    expect(deps.articles.entries.size).toBe(6);
    expect(deps.events.published).toHaveLength(0);
    expect(deps.sources.records.get('bao-ha-nam')?.health.lastPoll?.error).toContain('could not publish');

    const retry = await ingestSource('bao-ha-nam', deps);
    expect(retry).toMatchObject({ itemsNew: 0, itemsDuplicate: 6, eventsPublished: 6 });
    expect(deps.events.published.map((e) => e.articleId).sort()).toEqual(
      [...deps.articles.entries.keys()].sort(),
    );
  });

  /** The paper's feed listing one other article only: its "newest" list has moved on. */
  const listingMovedOn = () => {
    const feed = web.pages.get(FEED_URL)!;
    const first = feed.indexOf('<item>');
    const last = feed.lastIndexOf('</item>') + '</item>'.length;
    web.pages.set(
      FEED_URL,
      `${feed.slice(0, first)}<item><title>Tin khác</title><link>${ORIGIN}/tin-tuc/tin-khac.html</link></item>${feed.slice(last)}`,
    );
  };

  it('announces on the retry what a failed publish left unannounced, though the listing has moved on (attack run 39)', async () => {
    deps.events.failNext = 1;
    await expect(ingestSource('bao-ha-nam', deps)).rejects.toThrow('topic unavailable');
    expect(deps.sources.records.get('bao-ha-nam')?.health.unannounced).toBe(true);
    listingMovedOn();
    const retry = await ingestSource('bao-ha-nam', deps);
    expect(retry).toMatchObject({ itemsDuplicate: 0, eventsPublished: 6 });
    expect(deps.events.published.map((e) => e.articleId).sort()).toEqual(
      [...deps.articles.entries.keys()].sort(),
    );
    expect(deps.sources.records.get('bao-ha-nam')?.health.unannounced).toBeUndefined();
  });

  it('announces what a poll that died stored, at the next poll that takes its lapsed lease, whatever the listing says (attack run 39)', async () => {
    // A poll stores six articles and dies before announcing them or recording its result.
    deps.events.failNext = 1;
    await expect(ingestSource('bao-ha-nam', deps)).rejects.toThrow('topic unavailable');
    const record = deps.sources.records.get('bao-ha-nam')!;
    delete record.health.unannounced;
    record.pollingUntil = '2026-11-27T02:59:00.000Z';
    // One of them is withdrawn meanwhile: it is never announced.
    const [withdrawn, ...others] = [...deps.articles.entries.keys()];
    await deps.articles.withdraw(
      withdrawn!,
      { at: '2026-11-27T09:59:00+07:00', reason: 'Gỡ', by: 'admin' },
      [],
    );
    listingMovedOn();
    const next = await ingestSource('bao-ha-nam', deps);
    expect(next).toMatchObject({ eventsPublished: 5 });
    expect(deps.events.published.map((e) => e.articleId).sort()).toEqual(others.sort());
    // A poll after one that recorded its result looks for none.
    const calls = deps.articles.newestCalls;
    await ingestSource('bao-ha-nam', deps);
    expect(deps.articles.newestCalls).toBe(calls);
  });

  describe('against a paper that answers 304 to its validators', () => {
    /** The paper's server as real ones are: an ETag on its feed, 304 when it has not changed (with no validators, as RFC 9110 allows). */
    const conditional = (body?: (text: string) => string) => async (url: string, options?: FetchOptions) => {
      if (url === FEED_URL && options?.etag === '"v1"') {
        return { url, status: 304, notModified: true, contentType: '', body: new Uint8Array() };
      }
      const resource = await web.fetch(url, options);
      if (url !== FEED_URL) return resource;
      const text = new TextDecoder().decode(resource.body);
      return { ...resource, etag: '"v1"', body: new TextEncoder().encode(body ? body(text) : text) };
    };

    it('re-publishes on the retry after a failed publish, whatever the feed answers', async () => {
      const paper = memoryIngestDeps(conditional(), '2026-11-27T03:00:00Z');
      await paper.sources.put(SourceSchema.parse(sourceInput()));
      paper.events.failNext = 1;
      await expect(ingestSource('bao-ha-nam', paper)).rejects.toThrow('topic unavailable');
      const retry = await ingestSource('bao-ha-nam', paper);
      expect(retry).toMatchObject({ status: 'ok', eventsPublished: 6 });
      // Then the validators are kept, and the paper's 304 (which repeats none) keeps them.
      expect((await ingestSource('bao-ha-nam', paper))?.status).toBe('not-modified');
      expect((await ingestSource('bao-ha-nam', paper))?.status).toBe('not-modified');
      expect(paper.sources.records.get('bao-ha-nam')!.health.validators[FEED_URL]).toEqual({ etag: '"v1"' });
    });

    it('reads the feed in full again while it left links for the next poll', async () => {
      const paper = memoryIngestDeps(conditional(), '2026-11-27T03:00:00Z');
      await paper.sources.put(SourceSchema.parse(sourceInput({ maxArticlesPerPoll: 2 })));
      const counts: number[] = [];
      for (let n = 0; n < 4; n++) {
        await ingestSource('bao-ha-nam', paper);
        counts.push(paper.articles.entries.size);
      }
      expect(counts).toEqual([2, 4, 6, 6]);
      // Once nothing is left, the paper's 304 is taken.
      expect(paper.sources.records.get('bao-ha-nam')!.health.lastPoll?.status).toBe('not-modified');
    });

    it('counts a feed it cannot read as failing at every poll, not as unchanged', async () => {
      const paper = memoryIngestDeps(
        conditional((text) => text.slice(0, 40)),
        '2026-11-27T03:00:00Z',
      );
      await paper.sources.put(SourceSchema.parse(sourceInput()));
      for (let n = 1; n <= 3; n++) {
        expect((await ingestSource('bao-ha-nam', paper))?.status).toBe('failed');
        expect(paper.sources.records.get('bao-ha-nam')!.health.consecutiveFailures).toBe(n);
      }
    });
  });

  it("gives a new article's event its excerpt and lead image as stored; an event made again from the index has neither", async () => {
    await ingestSource('bao-ha-nam', deps);
    expect(deps.events.published).toHaveLength(6);
    for (const event of deps.events.published) {
      const article = deps.content.articles.get(event.articleId)!;
      expect(ArticleEventSchema.parse(event)).toEqual(event);
      expect(event.excerpt).toBe(excerptOf(article));
      expect(event.image).toEqual(article.images[0]);
    }
    expect(deps.events.published.filter((e) => e.image).length).toBeGreaterThan(0);
    expect(deps.events.published.some((e) => (e.excerpt ?? '').length > 100)).toBe(true);

    // Stored, but the publish failed: the retry announces them from their entries, without a body.
    const other = memoryIngestDeps(web.fetch, '2026-11-27T03:00:00Z');
    await other.sources.put(SourceSchema.parse(sourceInput()));
    other.events.failNext = 1;
    await expect(ingestSource('bao-ha-nam', other)).rejects.toThrow('topic unavailable');
    await ingestSource('bao-ha-nam', other);
    expect(other.events.published).toHaveLength(6);
    for (const event of other.events.published) {
      expect(event).not.toHaveProperty('excerpt');
      expect(event).not.toHaveProperty('image');
    }
  });

  it('records a source that is down as a failed poll, counting consecutive failures', async () => {
    web.down = true;
    await ingestSource('bao-ha-nam', deps);
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ status: 'failed', itemsNew: 0 });
    expect(outcome?.error).toContain('ECONNREFUSED');
    expect(deps.sources.records.get('bao-ha-nam')?.health.consecutiveFailures).toBe(2);
    web.down = false;
    await ingestSource('bao-ha-nam', deps);
    expect(deps.sources.records.get('bao-ha-nam')?.health.consecutiveFailures).toBe(0);
  });

  it('records a feed that is garbage as a failed poll with the reason', async () => {
    web.pages.set(FEED_URL, '<html><body>Trang đang bảo trì</body></html>');
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome?.status).toBe('failed');
    expect(outcome?.error).toMatch(/HTML page, not a feed/);
    // The reason is what the health view shows.
    expect(deps.sources.records.get('bao-ha-nam')?.health).toMatchObject({
      consecutiveFailures: 1,
      lastPoll: { status: 'failed', error: outcome?.error, httpStatus: 200, itemsSeen: 0 },
    });
    expect(deps.articles.entries.size).toBe(0);
  });

  it('skips an article page that cannot be fetched or extracted and stores the rest', async () => {
    web.pages.delete('https://baohanam.example.vn/tin-tuc/thi-vao-lop-10.html');
    web.pages.set('https://baohanam.example.vn/tin-tuc/le-hoi-van-hoa.html', '<html><body></body></html>');
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ status: 'ok', itemsNew: 4, itemsFailed: 2, eventsPublished: 4 });
    expect(outcome?.warnings).toContain(
      'https://baohanam.example.vn/tin-tuc/thi-vao-lop-10.html: skipped: HTTP 404 Not Found',
    );
    expect(outcome?.warnings.join('\n')).toContain('le-hoi-van-hoa.html: skipped: ');
    // Nothing half-written: every stored entry has its body and its event.
    for (const id of deps.articles.entries.keys()) expect(deps.content.articles.has(id)).toBe(true);
    expect(deps.events.published).toHaveLength(4);
  });

  it("stores one article for a page the paper's feed lists under two URLs, and two for two stories under one headline", async () => {
    // The same page under a section's URL, without a canonical link to tell them apart.
    const page = web.pages
      .get(`${ORIGIN}/tin-tuc/toa-dam-qcdc.html`)!
      .replace(/<link rel="canonical"[^>]*>/, '');
    const mirror = `${ORIGIN}/chinh-tri/toa-dam-qcdc.html`;
    web.pages.set(mirror, page);
    // Another story under the same headline: the same page with another story's paragraphs.
    const other = `${ORIGIN}/tin-tuc/toa-dam-qcdc-lan-2.html`;
    const paragraphs = web.pages
      .get(`${ORIGIN}/tin-tuc/thi-vao-lop-10.html`)!
      .match(/<p[^>]*>[^<]{80,}<\/p>/g)!;
    let n = 0;
    web.pages.set(
      other,
      page.replace(
        /<p style="text-align:justify">[\s\S]*?<\/p>/g,
        () => paragraphs[n++ % paragraphs.length]!,
      ),
    );
    const feed = web.pages.get(FEED_URL)!;
    const first = feed.match(/<item>[\s\S]*?<\/item>/)![0];
    const itemAt = (url: string) =>
      first.replaceAll(`${ORIGIN}/tin-tuc/toa-dam-qcdc.html`, url).replace(/<guid[^>]*>[^<]*<\/guid>/, '');
    web.pages.set(FEED_URL, feed.replace('</channel>', `${itemAt(mirror)}${itemAt(other)}</channel>`));

    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ itemsSeen: 8, itemsNew: 7, itemsDuplicate: 1, eventsPublished: 7 });
    expect(deps.content.articles.size).toBe(7);
    expect(deps.events.published).toHaveLength(7);
    // Either URL leads to the one stored article: the next poll fetches neither page again.
    const original = await deps.articles.resolve(articleIdFor(`${ORIGIN}/tin-tuc/toa-dam-qcdc.html`));
    expect(original?.title).toMatch(/^Tọa đàm/);
    expect(await deps.articles.resolve(articleIdFor(mirror))).toEqual(original);
    const second = await deps.articles.resolve(articleIdFor(other));
    expect(second?.title).toMatch(/^Tọa đàm/);
    expect(second?.id).not.toBe(original?.id);
    web.calls.length = 0;
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 0, itemsDuplicate: 8 });
    expect(web.calls.map((c) => c.url)).toEqual([FEED_URL]);

    // A third URL of the stored article, in a later poll.
    const later = `${ORIGIN}/thoi-su/toa-dam-qcdc.html`;
    web.pages.set(later, page);
    web.pages.set(FEED_URL, web.pages.get(FEED_URL)!.replace('</channel>', `${itemAt(later)}</channel>`));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 0, itemsDuplicate: 9 });
    expect(await deps.articles.resolve(articleIdFor(later))).toEqual(original);
    expect(deps.content.articles.size).toBe(7);
  });

  it('stores no feed or other document an item links as an article (an item may link a feed, Bantin’s own)', async () => {
    const rss =
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Tin mới nhất</title></channel></rss>';
    web.pages.set('https://baohanam.example.vn/tin-tuc/le-hoi-van-hoa.html', rss);
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ itemsNew: 5, itemsFailed: 1 });
    expect(outcome?.warnings.join('\n')).toMatch(
      /le-hoi-van-hoa\.html: skipped: .*not an HTML page but a feed or JSON/,
    );
    expect(outcome?.warnings).toContain(
      'https://baohanam.example.vn/tin-tuc/le-hoi-van-hoa.html: skipped: not an HTML page but a feed or JSON (text/html)',
    );
    expect([...deps.content.articles.values()].some((a) => a.title === 'Tin mới nhất')).toBe(false);
  });

  it(`looks up at most ${MAX_LINKS_LOOKED_UP} links more once its pages are fetched (a listing of 5,000)`, async () => {
    const record = deps.sources.records.get('bao-ha-nam')!;
    await deps.sources.put({ ...record.source, maxArticlesPerPoll: 2 });
    const items = Array.from(
      { length: 5_000 },
      (_, n) => `<item><title>Bài ${n}</title><link>${ORIGIN}/tin-tuc/bai-${n}.html</link></item>`,
    );
    web.pages.set(
      FEED_URL,
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Báo</title>${items.join('')}</channel></rss>`,
    );
    let lookups = 0;
    const articles = new Proxy(deps.articles, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (key !== 'resolveMany' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          lookups++;
          return value.apply(target, args);
        };
      },
    });
    const outcome = await ingestSource('bao-ha-nam', { ...deps, articles });
    expect(lookups).toBeLessThanOrEqual(MAX_LINKS_LOOKED_UP / 25 + 1);
    expect(outcome?.warnings).toContain(
      `${5_000 - MAX_LINKS_LOOKED_UP} links not looked at: once its 2 pages are fetched, a poll looks up ${MAX_LINKS_LOOKED_UP} links at most`,
    );
  });

  it('reads a feed of 150,000 items (its links are no longer spread into one call, which overflowed the stack)', async () => {
    const items = Array.from(
      { length: 150_000 },
      (_, n) => `<item><link>${ORIGIN}/t/${n}.html</link></item>`,
    ).join('');
    web.pages.set(
      FEED_URL,
      `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`,
    );
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ status: 'ok', itemsSeen: 150_000 });
  }, 180_000);

  it('caps the pages fetched per poll and leaves the other new articles for the next poll', async () => {
    const record = deps.sources.records.get('bao-ha-nam')!;
    await deps.sources.put({ ...record.source, maxArticlesPerPoll: 2 });
    const first = await ingestSource('bao-ha-nam', deps);
    expect(first).toMatchObject({ itemsSeen: 6, itemsNew: 2, itemsDuplicate: 0 });
    expect(first?.warnings).toContain(
      '4 new articles left for the next poll (at most 2 are fetched per poll)',
    );
    // Known links at the top of the feed do not use up the cap: the next polls reach the rest.
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 2, itemsDuplicate: 2 });
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({
      itemsNew: 2,
      itemsDuplicate: 4,
      warnings: [],
    });
    expect(deps.articles.entries.size).toBe(6);
    expect(deps.events.published).toHaveLength(6);
  });

  it('looks up none of the last poll’s stored links again; a link that failed is tried again', async () => {
    const missing = 'https://baohanam.example.vn/tin-tuc/thi-vao-lop-10.html';
    const page = web.pages.get(missing)!;
    web.pages.delete(missing);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 5, itemsFailed: 1 });
    const lookups: string[] = [];
    const resolveMany = deps.articles.resolveMany.bind(deps.articles);
    deps.articles.resolveMany = async (ids) => {
      lookups.push(...ids);
      return resolveMany(ids);
    };
    web.pages.set(missing, page);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1, itemsDuplicate: 5 });
    expect(lookups).toEqual([
      articleIdFor(missing),
      guidAlias('bao-ha-nam', 'baohanam.example.vn-thi-vao-lop-10').id,
    ]);
    // Nothing new: no lookup at all, the same counts.
    lookups.length = 0;
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 0, itemsDuplicate: 6 });
    expect(lookups).toEqual([]);
    expect(deps.sources.records.get('bao-ha-nam')?.health.seenLinks).toHaveLength(6);
    // A feed that has not changed (304) keeps them for the poll after it.
    const fetch = deps.fetch;
    deps.fetch = async (url, options) => ({ ...(await fetch(url, options)), notModified: true });
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ status: 'not-modified' });
    deps.fetch = fetch;
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsDuplicate: 6 });
    expect(lookups).toEqual([]);
    expect(deps.events.published).toHaveLength(6);
  });

  it(`leaves a page refused as no article alone for ${REFUSED_LINK_RETRY_MS / 3_600_000} hours, not one poll a minute`, async () => {
    const empty = 'https://baohanam.example.vn/tin-tuc/le-hoi-van-hoa.html';
    const page = web.pages.get(empty)!;
    web.pages.set(empty, '<html><body></body></html>');
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 5, itemsFailed: 1 });
    expect(Object.keys(deps.sources.records.get('bao-ha-nam')!.health.refusedLinks ?? {})).toHaveLength(1);
    const at = (iso: string) => {
      deps.now = () => new Date(iso);
    };
    at('2026-11-27T03:01:00Z');
    web.calls.length = 0;
    const next = await ingestSource('bao-ha-nam', deps);
    expect(next).toMatchObject({ itemsNew: 0, itemsFailed: 0 });
    expect(web.calls.map((c) => c.url)).not.toContain(empty);
    expect(next?.warnings.join('\n')).toContain('1 link refused by an earlier poll');
    // Its retry time come, it is read again: mended meanwhile, it is stored.
    web.pages.set(empty, page);
    at('2026-11-27T09:00:01Z');
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ itemsNew: 1, itemsFailed: 0 });
    expect(deps.sources.records.get('bao-ha-nam')!.health.refusedLinks).toBeUndefined();
  });

  it('ignores unknown and disabled sources', async () => {
    expect(await ingestSource('no-such-source', deps)).toBeUndefined();
    const record = deps.sources.records.get('bao-ha-nam')!;
    await deps.sources.put({ ...record.source, enabled: false });
    expect(await ingestSource('bao-ha-nam', deps)).toBeUndefined();
    expect(web.calls.map((c) => c.url)).toEqual([]);
  });
});

/** An RSS feed listing `links`, newest first. */
function generatedFeed(links: string[]): string {
  const items = links
    .map(
      (url, n) =>
        `<item><title>Bản tin số ${n + 1}</title><link>${url}</link><pubDate>Fri, 27 Nov 2026 0${n % 10}:00:00 +0700</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title><link>${ORIGIN}/</link><description>Tin</description>${items}</channel></rss>`;
}

/** An article page of its own: a headline and a few paragraphs no other page has. */
function generatedPage(n: number): string {
  const paragraphs = Array.from(
    { length: 4 },
    (_, p) =>
      `<p>Đoạn ${p + 1} của bản tin số ${n}: tỉnh Hà Nam triển khai ${n * 10 + p} dự án giao thông, nông nghiệp và y tế trong năm, với sự tham gia của hàng nghìn hộ dân.</p>`,
  ).join('');
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Bản tin số ${n}</title></head><body><article><h1>Bản tin số ${n}</h1>${paragraphs}</article></body></html>`;
}

/** Sources without a feed: a listing page (kind `html`) and a sitemap (kind `sitemap`). */
import { beforeEach, describe, expect, it } from 'vitest';
import { type SourceInput, SourceSchema } from '../../../shared/domain/source.js';
import { FetchError, type FetchedResource, type FetchOptions } from '../../../shared/ingest/fetch/fetcher.js';
import { ingestSource } from '../../../shared/ingest/ingest-source.js';
import { fixture } from '../../support/fixtures.js';
import { type MemoryIngestDeps, memoryIngestDeps } from '../../support/in-memory.js';
import { ORIGIN as SITE, SLUGS } from '../../support/sample-site.js';

const LISTING = `${SITE}/tin-tuc/`;
const SITEMAP = `${SITE}/sitemap.xml`;
const DAY: Record<string, string> = {
  'toa-dam-qcdc': '2019-06-27',
  'thu-hoach-lua-xuan': '2019-06-03',
  'thi-vao-lop-10': '2019-06-04',
  'ngay-moi-truong': '2019-06-02',
  'xuc-tien-dau-tu': '2019-06-05',
  'le-hoi-van-hoa': '2019-06-22',
};
/** Dates with the time a sitemap's news:publication_date (or lastmod) gives. */
const PUBLISHED: Record<string, string> = {
  'toa-dam-qcdc': '2019-06-27T08:15:00+07:00',
  'thu-hoach-lua-xuan': '2019-06-03T16:40:00+07:00',
  'ngay-moi-truong': '2019-06-02T10:20:00+07:00',
};

/** The Báo Hà Nam fixture site, with ETags, without a feed. */
class FakeWeb {
  pages = new Map<string, { body: string; etag: string }>();
  calls: { url: string; etag?: string; accept?: string }[] = [];
  constructor() {
    const page = (url: string, body: string) => this.pages.set(url, { body, etag: `"${url.length}-1"` });
    page(LISTING, fixture('discover/listing-provincial.html'));
    page(SITEMAP, fixture('discover/sitemap-index.xml'));
    page(`${SITE}/sitemap-news.xml`, fixture('discover/sitemap-news.xml'));
    page(`${SITE}/sitemaps/sitemap-2019-06.xml`, fixture('discover/sitemap-2019-06.xml'));
    page(`${SITE}/sitemaps/sitemap-2019-05.xml`, fixture('discover/sitemap-2019-05.xml'));
    for (const slug of SLUGS) {
      const html = fixture(`pages/provincial/${slug}.html`);
      page(`${SITE}/tin-tuc/${slug}.html`, html);
      page(`https://www.baohanam.example.vn/tin-tuc/${slug}.html`, html);
    }
  }
  change(url: string, body: string) {
    const previous = this.pages.get(url)!;
    this.pages.set(url, { body, etag: previous.etag.replace(/-(\d+)"$/, (_, n) => `-${Number(n) + 1}"`) });
  }
  /** Addresses that redirect, and where to (the fetcher sends validators to the hop they belong to). */
  redirects = new Map<string, string>();
  fetch = async (asked: string, options?: FetchOptions): Promise<FetchedResource> => {
    this.calls.push({ url: asked, etag: options?.etag, accept: options?.accept });
    const url = this.redirects.get(asked) ?? asked;
    const page = this.pages.get(url);
    if (!page) throw new FetchError(url, 'HTTP 404 Not Found', 404);
    const validatedHop = options?.validatorsUrl ?? asked;
    const notModified = validatedHop === url && options?.etag === page.etag;
    return {
      url,
      status: notModified ? 304 : 200,
      notModified,
      etag: page.etag,
      contentType: url.endsWith('.xml') ? 'application/xml' : 'text/html; charset=utf-8',
      body: notModified ? new Uint8Array() : Buffer.from(page.body),
    };
  };
}

describe('ingestSource: sources without a feed', () => {
  let web: FakeWeb;
  let deps: MemoryIngestDeps;

  const addSource = (input: Partial<SourceInput> & Pick<SourceInput, 'kind' | 'urls'>) =>
    deps.sources.put(
      SourceSchema.parse({ id: 'bao-ha-nam', name: 'Báo Hà Nam', homepage: `${SITE}/`, ...input }),
    );

  beforeEach(() => {
    web = new FakeWeb();
    deps = memoryIngestDeps(web.fetch, '2026-11-27T03:00:00Z');
  });

  it('ingests the articles a listing page links to', async () => {
    await addSource({ kind: 'html', urls: [LISTING] });
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({
      status: 'ok',
      itemsSeen: 6,
      itemsNew: 6,
      itemsFailed: 0,
      eventsPublished: 6,
      articlesExtracted: 6,
      articlesIncomplete: 0,
    });
    expect(web.calls[0]).toMatchObject({ url: LISTING, accept: expect.stringMatching(/^text\/html/) });
    const articles = [...deps.content.articles.values()];
    expect(articles.map((article) => article.canonicalUrl).sort()).toEqual(
      SLUGS.map((slug) => `${SITE}/tin-tuc/${slug}.html`).sort(),
    );
    // Dated by the page (the extractor's reading), else by the teaser; the day is always right.
    for (const article of articles) {
      const slug = article.canonicalUrl.slice(`${SITE}/tin-tuc/`.length, -'.html'.length);
      expect(article.publishedAt.slice(0, 10)).toBe(DAY[slug]);
    }
    expect(deps.sources.records.get('bao-ha-nam')?.health.validators[LISTING]).toEqual({
      etag: web.pages.get(LISTING)!.etag,
      lastModified: undefined,
    });

    // Unchanged listing: a conditional GET, nothing else.
    web.calls = [];
    const second = await ingestSource('bao-ha-nam', deps);
    expect(second).toMatchObject({ status: 'not-modified', itemsSeen: 0 });
    expect(web.calls).toEqual([
      { url: LISTING, etag: web.pages.get(LISTING)!.etag, accept: expect.any(String) },
    ]);
  });

  it('reads a listing behind a redirect conditionally where it leads (it was downloaded in full at every poll)', async () => {
    const moved = `${SITE}/tin-moi`;
    web.redirects.set(moved, LISTING);
    await addSource({ kind: 'html', urls: [moved] });
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ status: 'ok', itemsNew: 6 });
    expect(deps.sources.records.get('bao-ha-nam')?.health.validators[moved]).toEqual({
      etag: web.pages.get(LISTING)!.etag,
      lastModified: undefined,
      url: LISTING,
    });
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ status: 'not-modified', itemsSeen: 0 });
    // The listing changes; then the redirect goes: the validators are those of where it leads now.
    web.change(LISTING, fixture('discover/listing-provincial.html').replace('</body>', ' </body>'));
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ status: 'ok', itemsDuplicate: 6 });
    web.redirects.delete(moved);
    web.pages.set(moved, web.pages.get(LISTING)!);
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ status: 'ok', itemsDuplicate: 6 });
    expect(deps.sources.records.get('bao-ha-nam')?.health.validators[moved]).toEqual({
      etag: web.pages.get(moved)!.etag,
      lastModified: undefined,
    });
    expect(await ingestSource('bao-ha-nam', deps)).toMatchObject({ status: 'not-modified' });
  });

  it('uses selectors.links when the editor gives it, and warns when a listing yields nothing', async () => {
    await addSource({ kind: 'html', urls: [LISTING], selectors: { links: '.list-news h3 a' } });
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ itemsSeen: 4, itemsNew: 4 });

    web.change(LISTING, '<html><body><p>Trang đang bảo trì</p></body></html>');
    const empty = await ingestSource('bao-ha-nam', deps);
    expect(empty).toMatchObject({ status: 'ok', itemsSeen: 0 });
    expect(empty?.warnings).toEqual([`${LISTING}: no article links found on the listing page`]);
  });

  it('fails the poll with the reason when selectors.links is not valid CSS', async () => {
    await addSource({ kind: 'html', urls: [LISTING], selectors: { links: 'a[' } });
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome?.error).toContain('selectors.links "a[" is not a valid CSS selector');
  });

  it('ingests the articles of a sitemap index, reading the index in full and its children conditionally', async () => {
    await addSource({ kind: 'sitemap', urls: [SITEMAP] });
    const outcome = await ingestSource('bao-ha-nam', deps);
    expect(outcome).toMatchObject({ status: 'ok', itemsSeen: 6, itemsNew: 6, itemsFailed: 0 });
    // The index's child on a CDN is not read, and the poll says so.
    expect(outcome?.warnings).toContainEqual(expect.stringContaining('1 child sitemap on another site'));
    const articles = [...deps.content.articles.values()];
    for (const [slug, publishedAt] of Object.entries(PUBLISHED)) {
      expect(articles.find((article) => article.canonicalUrl.endsWith(`${slug}.html`))?.publishedAt).toBe(
        publishedAt,
      );
    }
    const { validators } = deps.sources.records.get('bao-ha-nam')!.health;
    expect(validators).toEqual({
      [SITEMAP]: {},
      [`${SITE}/sitemaps/sitemap-2019-06.xml`]: {
        etag: web.pages.get(`${SITE}/sitemaps/sitemap-2019-06.xml`)!.etag,
      },
      [`${SITE}/sitemap-news.xml`]: { etag: web.pages.get(`${SITE}/sitemap-news.xml`)!.etag },
      [`${SITE}/sitemaps/sitemap-2019-05.xml`]: {
        etag: web.pages.get(`${SITE}/sitemaps/sitemap-2019-05.xml`)!.etag,
      },
    });

    // Next poll: the index again in full; the unchanged children answer 304; the news sitemap has a new entry.
    web.change(
      `${SITE}/sitemap-news.xml`,
      fixture('discover/sitemap-news.xml').replace(
        '<url>',
        `<url><loc>${SITE}/tin-tuc/xuc-tien-dau-tu.html</loc><news:news><news:publication_date>2019-06-28T07:00:00+07:00</news:publication_date></news:news></url><url>`,
      ),
    );
    web.calls = [];
    const second = await ingestSource('bao-ha-nam', deps);
    expect(web.calls.map(({ url, etag }) => [url.slice(SITE.length), Boolean(etag)])).toEqual([
      ['/sitemap.xml', false],
      ['/sitemaps/sitemap-2019-06.xml', true],
      ['/sitemap-news.xml', true],
      ['/sitemaps/sitemap-2019-05.xml', true],
    ]);
    expect(second).toMatchObject({ status: 'ok', itemsSeen: 4, itemsNew: 0, itemsDuplicate: 4 });
  });
});

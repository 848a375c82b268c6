import { describe, expect, it } from 'vitest';
import { ARTICLE_LIMITS } from '../../../shared/domain/article.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import type { FetchedResource } from '../../../shared/ingest/fetch/fetcher.js';
import { articleIdFor } from '../../../shared/ingest/normalize/identity.js';
import { buildArticle, readArticlePage } from '../../../shared/ingest/read-page.js';
import { sourceInput } from '../../support/sample-site.js';

const source = SourceSchema.parse(sourceInput());
const page = (canonical: string) =>
  `<html lang="vi"><head><link rel="canonical" href="${canonical}"><title>Tọa đàm</title></head><body><article><h1>Tọa đàm về quảng canh</h1>` +
  `<p>${'Nội dung bài báo đủ dài để là phần chính của trang, với nhiều câu chữ. '.repeat(5)}</p></article></body></html>`;

/** Fetches every URL as the page at `finalUrl` (where redirects ended). */
const redirectedTo = (finalUrl: string, canonical = finalUrl) => ({
  allowLoopback: false,
  fetch: async (): Promise<FetchedResource> => ({
    url: finalUrl,
    status: 200,
    notModified: false,
    contentType: 'text/html; charset=utf-8',
    body: Buffer.from(page(canonical)),
  }),
});

describe("an article page's identity", () => {
  const paper = 'https://baohanam.example.vn/tin-tuc/toa-dam.html';

  it("is the listed link's when it redirected to another site's address longer than a link may be", async () => {
    // A consent wall or tracker on another site, whose address carries the whole way back.
    const consent = `https://consent.example.com/?continue=${'x'.repeat(2100)}`;
    const listed = 'https://tonghop.example.com/d/hj1';
    const read = await readArticlePage(source, { url: listed, publishedAt: null }, redirectedTo(consent));
    expect(read.canonicalUrl).toBe(listed);
    expect(read.id).toBe(articleIdFor(listed));
  });

  it('is the page where redirects on its own site end, or the canonical link it declares there', async () => {
    const read = await readArticlePage(
      source,
      { url: 'http://baohanam.example.vn/t/123', publishedAt: null },
      redirectedTo(paper),
    );
    expect(read).toMatchObject({ url: paper, canonicalUrl: paper, id: articleIdFor(paper) });
    const www = await readArticlePage(
      source,
      { url: 'https://www.baohanam.example.vn/t/123', publishedAt: null },
      redirectedTo(paper, 'https://baohanam.example.vn/tin-tuc/toa-dam-goc.html'),
    );
    expect(www.id).toBe(articleIdFor('https://baohanam.example.vn/tin-tuc/toa-dam-goc.html'));
  });

  it('is its own address when its canonical link names the site or a section, yet the article when it names the article above an AMP copy (attack run 32)', async () => {
    const at = async (pageUrl: string, canonical: string) =>
      (await readArticlePage(source, { url: pageUrl, publishedAt: null }, redirectedTo(pageUrl, canonical)))
        .canonicalUrl;
    expect(await at(paper, 'https://baohanam.example.vn/')).toBe(paper);
    expect(await at(paper, 'https://baohanam.example.vn/tin-tuc/')).toBe(paper);
    const amp = 'https://baohanam.example.vn/tin-tuc/toa-dam-quang-canh-123/amp';
    expect(await at(amp, 'https://baohanam.example.vn/tin-tuc/toa-dam-quang-canh-123')).toBe(
      'https://baohanam.example.vn/tin-tuc/toa-dam-quang-canh-123',
    );
    // The source's homepage, in a folder named like no section.
    const homed = await readArticlePage(
      { ...source, homepage: 'https://baohanam.example.vn/p3/' },
      { url: 'https://baohanam.example.vn/p3/tin/a.html', publishedAt: null },
      redirectedTo('https://baohanam.example.vn/p3/tin/a.html', 'https://baohanam.example.vn/p3/'),
    );
    expect(homed.canonicalUrl).toBe('https://baohanam.example.vn/p3/tin/a.html');
    const numbered = 'https://baohanam.example.vn/news.php?id=12';
    expect(await at(numbered, 'https://baohanam.example.vn/news.php')).toBe(numbered);
    const stamped = 'https://baohanam.example.vn/tin-tuc/toa-dam.html?t=1700000000';
    expect(await at(stamped, paper)).toBe(paper);
  });

  it("is the listed link when it redirected to another site: one source cannot take another paper's article", async () => {
    const listed = 'https://tonghop.example.com/d/hj1';
    const read = await readArticlePage(source, { url: listed, publishedAt: null }, redirectedTo(paper));
    expect(read.url).toBe(paper);
    expect(read.canonicalUrl).toBe(listed);
    expect(read.id).toBe(articleIdFor(listed));
    expect(read.id).not.toBe(articleIdFor(paper));
  });
});

describe("an article's title", () => {
  it("is the listing's when the page's is tags alone (no title), not a refusal", async () => {
    const paper = 'https://baohanam.example.vn/tin-tuc/toa-dam.html';
    const link = {
      url: paper,
      title: 'Tọa đàm về quảng canh',
      summary: '',
      categories: [],
      publishedAt: null,
    };
    const read = await readArticlePage(source, link, redirectedTo(paper));
    const tagsOnly = { ...read, extracted: { ...read.extracted, title: '<span class="x"></span>' } };
    expect(buildArticle(source, link, tagsOnly, '2019-06-28T10:00:00+07:00').title).toBe(
      'Tọa đàm về quảng canh',
    );
  });
});

describe("an article's dates", () => {
  it("are told in the source's zone, whatever offset the feed gave (a GMT pubDate)", async () => {
    const paper = 'https://baohanam.example.vn/tin-tuc/toa-dam.html';
    const link = { url: paper, title: '', summary: '', categories: [], publishedAt: '2019-06-27T01:15:00Z' };
    const read = await readArticlePage(source, link, redirectedTo(paper));
    const article = buildArticle(source, link, read, '2019-06-28T10:00:00+07:00');
    expect(article.publishedAt).toBe('2019-06-27T08:15:00+07:00');
    expect(article.updatedAt).toBe('2019-06-27T08:15:00+07:00');
    const tokyo = SourceSchema.parse(sourceInput({ timeZone: 'Asia/Tokyo' }));
    expect(buildArticle(tokyo, link, read, '2019-06-28T10:00:00+07:00').publishedAt).toBe(
      '2019-06-27T10:15:00+09:00',
    );
  });

  it.each(['1970-01-01T00:00:00Z', '1985-06-27T08:00:00+07:00', '9999-12-31T00:00:00Z'])(
    "are not a page's %s (before 1990 or past tomorrow): the feed's date, else when it was found",
    async (claimed) => {
      const paper = 'https://baohanam.example.vn/tin-tuc/toa-dam.html';
      const fetched = redirectedTo(paper);
      const dated = {
        ...fetched,
        fetch: async () => {
          const page = await fetched.fetch();
          const html = page.body
            .toString()
            .replace('<title>', `<meta property="article:published_time" content="${claimed}"><title>`);
          return { ...page, body: Buffer.from(html) };
        },
      };
      const link = {
        url: paper,
        title: '',
        summary: '',
        categories: [],
        publishedAt: '2019-06-27T01:15:00Z',
      };
      const read = await readArticlePage(source, link, dated);
      expect(read.extracted.publishedAt).not.toBeNull();
      expect(buildArticle(source, link, read, '2019-06-28T10:00:00+07:00').publishedAt).toBe(
        '2019-06-27T08:15:00+07:00',
      );
      const unlisted = { ...link, publishedAt: null };
      expect(buildArticle(source, unlisted, read, '2019-06-28T10:00:00+07:00').publishedAt).toBe(
        '2019-06-28T10:00:00+07:00',
      );
    },
  );
});

describe("an article's pictures", () => {
  it(`are the first ${ARTICLE_LIMITS.images} a page shows (a page of 5,000 made a 6 MB article)`, async () => {
    const paper = 'https://baohanam.example.vn/tin-tuc/toa-dam.html';
    const text = 'Nội dung bài báo đủ dài để là phần chính của trang, với nhiều câu chữ. '.repeat(5);
    const figures = Array.from(
      { length: 200 },
      (_, n) =>
        `<figure><img src="/anh/${n}.jpg" width="800"><figcaption>Ảnh ${n}</figcaption></figure><p>${text}</p>`,
    ).join('');
    const html = `<html lang="vi"><head><title>Tọa đàm</title></head><body><article><h1>Tọa đàm về quảng canh</h1>${figures}</article></body></html>`;
    const fetched = {
      allowLoopback: false,
      fetch: async (): Promise<FetchedResource> => ({
        url: paper,
        status: 200,
        notModified: false,
        contentType: 'text/html; charset=utf-8',
        body: Buffer.from(html),
      }),
    };
    const link = { url: paper, title: '', summary: '', categories: [], publishedAt: null };
    const read = await readArticlePage(source, link, fetched);
    const article = buildArticle(source, link, read, '2019-06-28T10:00:00+07:00');
    expect(article.images).toHaveLength(ARTICLE_LIMITS.images);
    expect(article.images[0]!.url).toBe('https://baohanam.example.vn/anh/0.jpg');
  });
});

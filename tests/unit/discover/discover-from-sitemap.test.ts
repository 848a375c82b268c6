import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  discoverFromSitemap,
  MAX_CHILD_SITEMAPS,
  parseSitemap,
  SitemapError,
} from '../../../shared/ingest/discover/discover-from-sitemap.js';
import type { FetchedResource } from '../../../shared/ingest/fetch/fetcher.js';

const TZ = 'Asia/Ho_Chi_Minh';
const SITE = 'https://baohanam.example.vn';
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/discover/${name}`, import.meta.url));
const resource = (
  url: string,
  body: Uint8Array | string,
  contentType = 'application/xml',
): FetchedResource => ({
  url,
  status: 200,
  notModified: false,
  contentType,
  body: typeof body === 'string' ? Buffer.from(body) : body,
});

describe('parseSitemap', () => {
  it('reads a Google News sitemap: titles and publication dates, newest first, once per URL', () => {
    const sitemap = parseSitemap(resource(`${SITE}/sitemap-news.xml`, fixture('sitemap-news.xml')), TZ);
    expect(sitemap).toEqual({
      kind: 'urlset',
      links: [
        {
          url: `${SITE}/tin-tuc/toa-dam-qcdc.html`,
          title: 'Tọa đàm “Nâng cao chất lượng thực hiện quy chế dân chủ ở cơ sở trên địa bàn tỉnh”',
          summary: '',
          // news:publication_date wins over lastmod, which says when it last changed (a correction)
          publishedAt: '2019-06-27T08:15:00+07:00',
          categories: [],
          updatedAt: '2019-06-28T09:00:00+07:00',
        },
        {
          url: `${SITE}/tin-tuc/le-hoi-van-hoa.html`,
          title: 'Khai mạc Tuần Văn hóa - Du lịch năm 2019',
          summary: '',
          publishedAt: '2019-06-22T00:00:00+07:00',
          categories: [],
        },
        {
          url: `${SITE}/tin-tuc/thu-hoach-lua-xuan.html`,
          title: 'Nông dân Lý Nhân khẩn trương thu hoạch lúa xuân',
          summary: '',
          publishedAt: '2019-06-03T16:40:00+07:00',
          categories: [],
        },
      ],
    });
  });

  it("lists no home or section page of the site's sitemap, only its articles (attack run 33)", () => {
    const urls = [
      '/',
      '/thoi-su/',
      '/kinh-te',
      '/tin-tuc/ha-nam-khoi-cong-du-an.html',
      '/tin/12345',
      '/?p=7',
    ];
    const xml = `<urlset>${urls.map((u) => `<url><loc>${SITE}${u}</loc><lastmod>2026-11-27</lastmod></url>`).join('')}</urlset>`;
    const parsed = parseSitemap(resource(`${SITE}/sitemap.xml`, xml), TZ);
    expect(parsed.kind === 'urlset' && parsed.links.map((link) => link.url).sort()).toEqual(
      [`${SITE}/?p=7`, `${SITE}/tin-tuc/ha-nam-khoi-cong-du-an.html`, `${SITE}/tin/12345`].sort(),
    );
    const text = parseSitemap(
      resource(`${SITE}/s.txt`, urls.map((u) => `${SITE}${u}`).join('\n'), 'text/plain'),
      TZ,
    );
    expect(text.kind === 'urlset' && text.links.length).toBe(3);
  });

  it('reads a plain sitemap by lastmod, and an index with its children', () => {
    const month = parseSitemap(
      resource(`${SITE}/sitemaps/sitemap-2019-06.xml`, fixture('sitemap-2019-06.xml')),
      TZ,
    );
    expect(
      month.kind === 'urlset' && month.links.map((link) => [link.url.slice(SITE.length), link.publishedAt]),
    ).toEqual([
      ['/tin-tuc/le-hoi-van-hoa.html', '2019-06-22T06:45:00+07:00'],
      ['/tin-tuc/xuc-tien-dau-tu.html', '2019-06-05T07:30:00+07:00'],
      ['/tin-tuc/thi-vao-lop-10.html', '2019-06-04T11:05:00+07:00'],
      ['/tin-tuc/ngay-moi-truong.html', '2019-06-02T10:20:00+07:00'],
    ]);
    const index = parseSitemap(resource(`${SITE}/sitemap.xml`, fixture('sitemap-index.xml')), TZ);
    expect(index.kind).toBe('index');
    expect(index.kind === 'index' && index.sitemaps).toHaveLength(5);
  });

  it('reads gzipped and plain-text sitemaps, and namespace prefixes', () => {
    const gz = parseSitemap(
      resource(`${SITE}/sitemap.xml.gz`, gzipSync(fixture('sitemap-news.xml')), 'application/x-gzip'),
      TZ,
    );
    expect(gz.kind === 'urlset' && gz.links).toHaveLength(3);
    const text = parseSitemap(
      resource(
        `${SITE}/sitemap.txt`,
        `${SITE}/tin-tuc/a.html\n\nnot a url\n${SITE}/tin-tuc/b.html#x\n`,
        'text/plain',
      ),
      TZ,
    );
    expect(text.kind === 'urlset' && text.links.map((link) => link.url)).toEqual([
      `${SITE}/tin-tuc/a.html`,
      `${SITE}/tin-tuc/b.html`,
    ]);
    const prefixed = parseSitemap(
      resource(
        `${SITE}/s.xml`,
        `<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:url><sm:loc>${SITE}/x-12345.html</sm:loc></sm:url></sm:urlset>`,
      ),
      TZ,
    );
    expect(prefixed.kind === 'urlset' && prefixed.links[0]?.url).toBe(`${SITE}/x-12345.html`);
  });

  it('keeps the newest 50,000 entries of a sitemap holding more, wherever the new ones stand (attack run 28)', () => {
    const url = (n: number, day: string) => `<url><loc>${SITE}/u/${n}</loc><lastmod>${day}</lastmod></url>`;
    const old = Array.from({ length: 50_005 }, (_, n) => url(n, '2020-01-01')).join('');
    const body = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${old}${url(99_999, '2026-12-01')}</urlset>`;
    const parsed = parseSitemap(resource(`${SITE}/s.xml`, body), TZ);
    expect(parsed.kind === 'urlset' && parsed.links.length).toBe(50_000);
    expect(parsed.kind === 'urlset' && parsed.links[0]?.url).toBe(`${SITE}/u/99999`);
  });

  it('reads a text sitemap line by line, its first 50,000 lines, and no link longer than 2,048 characters', () => {
    // Attack run 18, F1: 52 million newlines in a 50 KB gzip (split whole, 1.6 GB of strings); 20 million here, under the unzipped cap.
    const newlines = Buffer.alloc(20 * 1024 * 1024, 0x0a);
    const body = Buffer.concat([
      Buffer.from(`${SITE}/tin-tuc/a.html\r\n`),
      newlines,
      Buffer.from(`${SITE}/tin-tuc/late.html\n`),
    ]);
    const bombed = parseSitemap(resource(`${SITE}/sitemap.txt.gz`, gzipSync(body), 'application/gzip'), TZ);
    expect(bombed.kind === 'urlset' && bombed.links.map((link) => link.url)).toEqual([
      `${SITE}/tin-tuc/a.html`,
    ]);
    // A URL past the 50,000th line is not read; one within is.
    const lines = (at: number) =>
      `${Array.from({ length: at }, () => 'x').join('\n')}\n${SITE}/tin-tuc/b.html`;
    const within = parseSitemap(resource(`${SITE}/s.txt`, lines(49_999), 'text/plain'), TZ);
    expect(within.kind === 'urlset' && within.links.map((link) => link.url)).toEqual([
      `${SITE}/tin-tuc/b.html`,
    ]);
    const past = parseSitemap(resource(`${SITE}/s.txt`, lines(50_000), 'text/plain'), TZ);
    expect(past.kind === 'urlset' && past.links).toEqual([]);
    // Attack run 18, F3: a 2-million-character <loc> was fetched (a 2 MB request line) and logged
    // at every poll. In text and XML sitemaps alike, such a link is none.
    const long = `${SITE}/tin-tuc/${'a'.repeat(2_000_000)}.html`;
    const text = parseSitemap(
      resource(`${SITE}/s.txt`, `${long}\n${SITE}/tin-tuc/c.html\n`, 'text/plain'),
      TZ,
    );
    expect(text.kind === 'urlset' && text.links.map((link) => link.url)).toEqual([`${SITE}/tin-tuc/c.html`]);
    const xml = parseSitemap(
      resource(
        `${SITE}/s.xml`,
        `<urlset><url><loc>${long}</loc></url><url><loc>${SITE}/tin-tuc/c.html</loc></url></urlset>`,
      ),
      TZ,
    );
    expect(xml.kind === 'urlset' && xml.links.map((link) => link.url)).toEqual([`${SITE}/tin-tuc/c.html`]);
    const longest = `${SITE}/${'a'.repeat(2048 - SITE.length - 1)}`;
    expect(parseSitemap(resource(`${SITE}/s.txt`, longest, 'text/plain'), TZ)).toEqual({
      kind: 'urlset',
      links: [{ url: longest, title: '', summary: '', publishedAt: null, categories: [] }],
    });
  });

  it('refuses entity declarations, other XML, and gzip bombs', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <urlset><url><loc>${SITE}/&b;</loc></url></urlset>`;
    expect(() => parseSitemap(resource(`${SITE}/s.xml`, bomb), TZ)).toThrow(
      'entity declarations are refused',
    );
    expect(() => parseSitemap(resource(`${SITE}/s.xml`, '<rss><channel/></rss>'), TZ)).toThrow(SitemapError);
    const huge = gzipSync(Buffer.alloc(60 * 1024 * 1024, 0x20));
    expect(() => parseSitemap(resource(`${SITE}/s.xml.gz`, huge, 'application/gzip'), TZ)).toThrow(
      'cannot gunzip',
    );
  });
});

describe('discoverFromSitemap', () => {
  const children: Record<string, Buffer> = {
    [`${SITE}/sitemaps/sitemap-2019-04.xml`]: fixture('sitemap-2019-05.xml'),
    [`${SITE}/sitemaps/sitemap-2019-05.xml`]: fixture('sitemap-2019-05.xml'),
    [`${SITE}/sitemaps/sitemap-2019-06.xml`]: fixture('sitemap-2019-06.xml'),
    [`${SITE}/sitemap-news.xml`]: fixture('sitemap-news.xml'),
  };

  it('follows the newest few child sitemaps of the same site and merges them newest first', async () => {
    const fetched: string[] = [];
    const found = await discoverFromSitemap(resource(`${SITE}/sitemap.xml`, fixture('sitemap-index.xml')), {
      timeZone: TZ,
      fetchChild: async (url) => {
        fetched.push(url);
        return resource(url, children[url]!);
      },
      onChildError: (url, error) => {
        throw new Error(`${url}: ${error}`);
      },
    });
    expect(MAX_CHILD_SITEMAPS).toBe(3);
    // By lastmod: June (09:00), news (08:20), May; April is older, the CDN is another site.
    expect(fetched).toEqual([
      `${SITE}/sitemaps/sitemap-2019-06.xml`,
      `${SITE}/sitemap-news.xml`,
      `${SITE}/sitemaps/sitemap-2019-05.xml`,
    ]);
    expect(found.index).toBe(true);
    expect(found.notes).toEqual([
      expect.stringMatching(/1 child sitemap on another site than the index's not read \(https:\/\/cdn\./),
    ]);
    expect(found.links.map((link) => link.url.slice(SITE.length))).toEqual([
      '/tin-tuc/toa-dam-qcdc.html',
      '/tin-tuc/le-hoi-van-hoa.html',
      '/tin-tuc/xuc-tien-dau-tu.html',
      '/tin-tuc/thi-vao-lop-10.html',
      '/tin-tuc/thu-hoach-lua-xuan.html',
      '/tin-tuc/ngay-moi-truong.html',
    ]);
    // The same URL in an older child sitemap does not override the newer entry.
    expect(found.links.find((link) => link.url.endsWith('thi-vao-lop-10.html'))?.publishedAt).toBe(
      '2019-06-04T11:05:00+07:00',
    );
  });

  it('skips children that have not changed, and orders undated children by the date in their URL', async () => {
    const index = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>${SITE}/sitemaps/sitemap-2019-04.xml</loc></sitemap>
      <sitemap><loc>${SITE}/sitemaps/sitemap-2019-06.xml</loc></sitemap>
      <sitemap><loc>${SITE}/sitemaps/sitemap-2019-05.xml</loc></sitemap>
      <sitemap><loc>${SITE}/sitemap-news.xml</loc></sitemap>
    </sitemapindex>`;
    const fetched: string[] = [];
    const found = await discoverFromSitemap(resource(`${SITE}/sitemap.xml`, index), {
      timeZone: TZ,
      fetchChild: async (url) => {
        fetched.push(url);
        return url.includes('2019-06') ? null : resource(url, children[url]!);
      },
      onChildError: (url, error) => {
        throw new Error(`${url}: ${error}`);
      },
    });
    expect(fetched).toEqual([
      `${SITE}/sitemaps/sitemap-2019-06.xml`,
      `${SITE}/sitemaps/sitemap-2019-05.xml`,
      `${SITE}/sitemaps/sitemap-2019-04.xml`,
    ]);
    expect(found.links.map((link) => link.url)).toEqual([`${SITE}/tin-tuc/thi-vao-lop-10.html`]);
  });

  it('reads the other children of an index when one cannot be read, and fails only when none can (attack run 22)', async () => {
    const index = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>${SITE}/sitemap-news.xml</loc><lastmod>2019-06-05</lastmod></sitemap>
      <sitemap><loc>${SITE}/missing.xml</loc><lastmod>2019-06-06</lastmod></sitemap>
      <sitemap><loc>${SITE}/not-a-sitemap.xml</loc><lastmod>2019-06-04</lastmod></sitemap>
    </sitemapindex>`;
    const failed: string[] = [];
    const found = await discoverFromSitemap(resource(`${SITE}/sitemap.xml`, index), {
      timeZone: TZ,
      fetchChild: async (url) => {
        if (url.endsWith('missing.xml')) throw new Error('HTTP 404 Not Found');
        if (url.endsWith('not-a-sitemap.xml')) return resource(url, '<html><body>Trang chủ</body></html>');
        return resource(url, children[url]!);
      },
      onChildError: (url, error) => failed.push(`${url.slice(SITE.length)}: ${String(error)}`),
    });
    expect(found.links).toHaveLength(3);
    expect(failed).toEqual([
      '/missing.xml: Error: HTTP 404 Not Found',
      expect.stringMatching(/^\/not-a-sitemap\.xml: SitemapError: .*not a sitemap/),
    ]);
    await expect(
      discoverFromSitemap(resource(`${SITE}/sitemap.xml`, index), {
        timeZone: TZ,
        fetchChild: async () => {
          throw new Error('HTTP 503 Service Unavailable');
        },
        onChildError: () => {},
      }),
    ).rejects.toThrow(/503/);
  });

  it('says which children it does not read: an index inside the index, and sitemaps on other sites (attack run 34)', async () => {
    const index = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>${SITE}/sitemap-news.xml</loc></sitemap>
      <sitemap><loc>${SITE}/nested-index.xml</loc></sitemap>
      <sitemap><loc>http://169.254.169.254/latest/meta-data/</loc></sitemap>
      <sitemap><loc>https://other.example/sitemap.xml</loc></sitemap>
    </sitemapindex>`;
    const failed: string[] = [];
    const fetched: string[] = [];
    const options = {
      timeZone: TZ,
      fetchChild: async (url: string) => {
        fetched.push(url);
        return resource(url, url.endsWith('nested-index.xml') ? index : children[url]!);
      },
      onChildError: (url: string, error: unknown) =>
        failed.push(`${url.slice(SITE.length)}: ${String(error)}`),
    };
    const found = await discoverFromSitemap(resource(`${SITE}/sitemap.xml`, index), options);
    expect(found.links).toHaveLength(3);
    expect(fetched.every((url) => url.startsWith(SITE))).toBe(true);
    expect(failed).toEqual([
      expect.stringMatching(/^\/nested-index\.xml: SitemapError: .*index inside an index/),
    ]);
    expect(found.notes).toEqual([
      `${SITE}/sitemap.xml: 2 child sitemaps on another site than the index's not read (http://169.254.169.254/latest/meta-data/, …)`,
    ]);
    // An index of nothing but indexes fails as a listing would, saying why.
    const nested = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${SITE}/nested-index.xml</loc></sitemap></sitemapindex>`;
    await expect(discoverFromSitemap(resource(`${SITE}/sitemap.xml`, nested), options)).rejects.toThrow(
      /index inside an index/,
    );
  });

  it('returns a plain sitemap’s links without fetching anything', async () => {
    const found = await discoverFromSitemap(
      resource(`${SITE}/sitemap-news.xml`, fixture('sitemap-news.xml')),
      {
        timeZone: TZ,
        fetchChild: async () => {
          throw new Error('no child to fetch');
        },
        onChildError: () => {},
      },
    );
    expect(found).toMatchObject({ index: false });
    expect(found.links).toHaveLength(3);
  });
});

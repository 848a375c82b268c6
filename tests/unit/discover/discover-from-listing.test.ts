import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  discoverFromListing,
  looksLikeArticleUrl,
  looksLikeHeadline,
} from '../../../shared/ingest/discover/discover-from-listing.js';
import type { FetchedResource } from '../../../shared/ingest/fetch/fetcher.js';

const TZ = 'Asia/Ho_Chi_Minh';
const page = (name: string, url: string, contentType = 'text/html; charset=utf-8'): FetchedResource => ({
  url,
  status: 200,
  notModified: false,
  contentType,
  body: readFileSync(new URL(`../../fixtures/discover/${name}`, import.meta.url)),
});
const html = (body: string, url = 'https://bao.example.vn/thoi-su/'): FetchedResource => ({
  url,
  status: 200,
  notModified: false,
  contentType: 'text/html; charset=utf-8',
  body: Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`),
});

describe('discoverFromListing: automatic detection', () => {
  const links = discoverFromListing(page('listing-provincial.html', 'https://baohanam.example.vn/tin-tuc/'), {
    timeZone: TZ,
  });

  it('finds the article links of a section page, in page order, once each', () => {
    expect(links.map((link) => link.url)).toEqual([
      'https://baohanam.example.vn/tin-tuc/toa-dam-qcdc.html',
      'https://baohanam.example.vn/tin-tuc/le-hoi-van-hoa.html',
      'https://baohanam.example.vn/tin-tuc/xuc-tien-dau-tu.html',
      'https://baohanam.example.vn/tin-tuc/thi-vao-lop-10.html',
      'https://www.baohanam.example.vn/tin-tuc/thu-hoach-lua-xuan.html',
      'https://baohanam.example.vn/tin-tuc/ngay-moi-truong.html',
    ]);
  });

  it('reads a page that leaves out <html>, <head> and <body>, as HTML allows', () => {
    const bare: FetchedResource = {
      url: 'http://127.0.0.1:9300/index.html',
      status: 200,
      notModified: false,
      contentType: 'text/html; charset=utf-8',
      body: Buffer.from(
        `<title>Báo Thử Nghiệm</title>
<p><a href="/tin-tuc/ha-noi-nang-nong-dinh-diem.html">Hà Nội: Nắng nóng đỉnh điểm, nhiệt độ ngoài trời vượt 40 độ C</a>
<p><a href="/tin-tuc/nong-dan-thu-hoach-lua-xuan.html">Nông dân Hà Nam thu hoạch lúa xuân sớm hơn mọi năm</a>`,
      ),
    };
    expect(discoverFromListing(bare, { timeZone: TZ }).map((link) => link.url)).toEqual([
      'http://127.0.0.1:9300/tin-tuc/ha-noi-nang-nong-dinh-diem.html',
      'http://127.0.0.1:9300/tin-tuc/nong-dan-thu-hoach-lua-xuan.html',
    ]);
  });

  it('leaves out menus, the header and footer, paging, tags, read-more links and other sites', () => {
    const urls = links.map((link) => link.url).join('\n');
    for (const excluded of [
      'chinh-tri.html', // menu
      'kinh-te-xa-hoi.html', // menu, and "Xem thêm tin Kinh tế - Xã hội" in the content
      'chuyen-de-bao-ve', // page header
      'trang-2', // paging
      'tag/', // tags
      'baochinhphu', // another site
      'quy-dinh-su-dung', // footer
      'gioi-thieu',
      '.rss',
    ]) {
      expect(urls).not.toContain(excluded);
    }
  });

  it('keeps the best headline for an article linked several times, with the teaser’s sapo and date', () => {
    expect(links[0]).toEqual({
      url: 'https://baohanam.example.vn/tin-tuc/toa-dam-qcdc.html',
      title: 'Tọa đàm “Nâng cao chất lượng thực hiện quy chế dân chủ ở cơ sở trên địa bàn tỉnh”',
      summary: 'Sáng 26/6, Tỉnh ủy tổ chức tọa đàm về thực hiện quy chế dân chủ ở cơ sở.',
      publishedAt: '2019-06-27T08:15:00+07:00',
      categories: [],
    });
    expect(links[1]).toMatchObject({
      title: 'Khai mạc Tuần Văn hóa - Du lịch năm 2019',
      summary: 'Tối 21/6, tỉnh Hà Nam khai mạc Tuần Văn hóa - Du lịch năm 2019.',
      publishedAt: '2019-06-22T06:45:00+07:00',
    });
    expect(links[3]).toMatchObject({ summary: '', publishedAt: '2019-06-04T11:05:00+07:00' });
  });

  it('does not give a teaser’s details to a link that shares it with other articles', () => {
    // The sidebar list holds several articles: no summary or date is guessed from it.
    expect(links[5]).toMatchObject({ summary: '', publishedAt: null });
  });

  it('recognizes a teaser’s own header and footer as content, not page chrome', () => {
    const found = discoverFromListing(
      html(`<header class="site-header"><a href="/tin/ha-noi-mo-rong-duong-vanh-dai-bon-123456.html">Hà Nội mở rộng đường vành đai bốn</a></header>
        <div class="story"><header><h2><a href="/tin/ha-noi-mo-rong-duong-vanh-dai-nam-123457.html">Hà Nội mở rộng đường vành đai năm</a></h2></header></div>
        <div class="item-header"><a href="/tin/ha-noi-mo-rong-duong-vanh-dai-sau-123458.html">Hà Nội mở rộng đường vành đai sáu</a></div>`),
      { timeZone: TZ },
    );
    expect(found.map((link) => link.url)).toEqual([
      'https://bao.example.vn/tin/ha-noi-mo-rong-duong-vanh-dai-nam-123457.html',
      'https://bao.example.vn/tin/ha-noi-mo-rong-duong-vanh-dai-sau-123458.html',
    ]);
  });

  it('finds nothing on a page without articles', () => {
    expect(discoverFromListing(html('<p>Trang đang bảo trì</p>'), { timeZone: TZ })).toEqual([]);
  });
});

describe('discoverFromListing: selectors.links', () => {
  const resource = page('listing-teasers.html', 'https://baohanam.example.vn/thoi-su', 'text/html');

  it('takes the link in each selected teaser, resolved against <base>, titled by its heading', () => {
    const links = discoverFromListing(resource, { linksSelector: '.box-news .box-item', timeZone: TZ });
    expect(links.map(({ url, title }) => ({ url, title }))).toEqual([
      {
        url: 'https://baohanam.example.vn/tin-tuc/toa-dam-qcdc.html',
        title: 'Tọa đàm về quy chế dân chủ ở cơ sở',
      },
      { url: 'https://baohanam.example.vn/tin-tuc/ngay-moi-truong.html', title: 'Làm sạch môi trường' },
    ]);
  });

  it('takes selected anchors as they are, even where the automatic rules would not', () => {
    const links = discoverFromListing(resource, { linksSelector: '.box-title a, .menu a', timeZone: TZ });
    expect(links.map((link) => link.url)).toEqual([
      'https://baohanam.example.vn/tin-tuc/toa-dam-qcdc.html',
      'https://baohanam.example.vn/tin-tuc/ngay-moi-truong.html',
      'https://baohanam.example.vn/chinh-tri.html',
    ]);
  });

  it('says which selector is broken', () => {
    expect(() => discoverFromListing(resource, { linksSelector: '.box-item >>> a', timeZone: TZ })).toThrow(
      'selectors.links ".box-item >>> a" is not a valid CSS selector',
    );
    expect(() =>
      discoverFromListing(resource, { linksSelector: 'li:has(div:has(a)) a', timeZone: TZ }),
    ).toThrow('selectors.links "li:has(div:has(a)) a" is refused: a :has() inside another :has()');
  });
});

describe('article URL and headline rules', () => {
  it.each([
    ['https://vnexpress.example.net/ha-noi-mo-rong-duong-vanh-dai-4-4567890.html', true],
    ['https://dantri.example.com.vn/xa-hoi/dan-sinh-20240627101500123.htm', true],
    ['https://bao.example.vn/2024/06/27/ha-noi-mua-lon/', true],
    ['https://bao.example.vn/tin-tuc/thu-hoach-lua-xuan.html', true],
    ['https://bao.example.vn/nong-dan-ly-nhan-khan-truong-thu-hoach-lua-xuan', true],
    ['https://bao.example.vn/news.aspx?newsid=123456', true],
    ['https://bao.example.vn/', false],
    ['https://bao.example.vn/thoi-su', false],
    ['https://bao.example.vn/xa-hoi.htm', false],
    ['https://bao.example.vn/tag/ha-noi-mo-rong-duong-vanh-dai.html', false],
    ['https://bao.example.vn/chuyen-muc/kinh-te-xa-hoi-123456', false],
    ['https://bao.example.vn/uploads/2024/06/anh-toan-canh-cau-moi-123456.jpg', false],
    ['https://bao.example.vn/thoi-su/trang-2', false],
  ])('%s looks like an article: %s', (url, expected) => {
    expect(looksLikeArticleUrl(new URL(url))).toBe(expected);
  });

  it.each([
    ['Hà Nam khởi công cầu mới', true],
    ['Nông dân khẩn trương thu hoạch lúa xuân', true],
    ['Kinh tế - Xã hội', false],
    ['Xem thêm tin Kinh tế - Xã hội', false],
    ['Đọc tiếp bài viết này nhé', false],
    ['Trang 2', false],
  ])('%s looks like a headline: %s', (text, expected) => {
    expect(looksLikeHeadline(text)).toBe(expected);
  });
});

describe('discoverFromListing: hostile listings', () => {
  const linksOf = (n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        `<a href="/tin-tuc/bai-viet-so-${i}-ve-kinh-te.html">Bài viết số ${i} về kinh tế tỉnh nhà</a>`,
    ).join('');

  it('reads a box of 6,000 article links once, not once per link (it took 28 s at 2,000: attack run 16)', () => {
    const found = discoverFromListing(html(`<ul><li>${linksOf(6_000)}</li></ul>`), { timeZone: TZ });
    expect(found).toHaveLength(6_000);
    // A box of many articles is a list: no teaser's summary or date for any of them.
    expect(found.every((link) => link.summary === '' && link.publishedAt === null)).toBe(true);
  });

  const teaser = (inside: string) =>
    html(
      `<article><a href="/tin-tuc/bai-viet-so-1-ve-chuyen-hom-nay.html">Tin tức số 1 về chuyện hôm nay</a>${inside}</article>`,
    );

  it('reads a teaser of 100,000 dates up to its first (32,000 took 36 s: attack run 17)', () => {
    const dates = '<span class="date">chưa rõ</span><time datetime="x">?</time>'.repeat(100_000);
    const [link] = discoverFromListing(
      teaser(`<time datetime="2026-12-01T08:00:00+07:00">08:00</time>${dates}`),
      { timeZone: TZ },
    );
    expect(link).toMatchObject({ publishedAt: '2026-12-01T08:00:00+07:00' });
  });

  it('reads the first summary of 250 nested ones, and only its first characters (1.3 MB took 108 s and 611 MB)', () => {
    const nested = `${'<div class="desc">chữ chữ chữ '.repeat(250)}${'nữa '.repeat(600_000)}${'</div>'.repeat(250)}`;
    const [link] = discoverFromListing(teaser(nested), { timeZone: TZ });
    expect(link!.summary.startsWith('chữ chữ chữ')).toBe(true);
    expect(link!.summary.length).toBeLessThanOrEqual(1_000);
  });

  it('walks the boxes above 20,000 links 250 deep once each (41 s at 32,000 before)', () => {
    const deep = `${'<div class="box">'.repeat(250)}${linksOf(20_000)}${'</div>'.repeat(250)}`;
    const inNav = `<nav>${'<div>'.repeat(100)}<a href="/tin-tuc/muc-khong-phai-bai-viet-123.html">Mục trong thanh điều hướng</a>${'</div>'.repeat(100)}</nav>`;
    const teaserInHeader = `<header><article><a href="/tin-tuc/tin-noi-bat-o-dau-trang-456.html">Tin nổi bật ở đầu trang báo</a></article></header>`;
    const found = discoverFromListing(html(`${inNav}${teaserInHeader}${deep}`), { timeZone: TZ });
    expect(found).toHaveLength(20_000);
    expect(
      found.some((link) => link.url.includes('muc-khong-phai') || link.url.includes('tin-noi-bat')),
    ).toBe(false);
  });
});

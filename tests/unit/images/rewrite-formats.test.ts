/**
 * A re-hosted article as every channel carries it: RSS (enclosure with its length), Atom
 * (enclosure link with its length), JSON Feed (`image`), the `<img>` of
 * each body (Bantin's copy, width, height, srcset) and mail (the 552 px copy, with its size).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Article, ArticleSchema } from '../../../shared/domain/article.js';
import type { ArticleEvent } from '../../../shared/domain/events.js';
import { sanitizeContentHtml } from '../../../shared/ingest/extract/sanitize.js';
import { ImageHosting } from '../../../shared/ingest/images/rehost-images.js';
import { MAIL_WIDTH } from '../../../shared/ingest/images/renditions.js';
import { renderDigest } from '../../../shared/mail/render/digest.js';
import { clipArticle } from '../../../shared/mail/send-alerts.js';
import { renderFeeds } from '../../../shared/syndicate/render/render-feeds.js';
import { hasW3cValidator, w3cValidate } from '../../support/feed-validators.js';
import { fixturesDir } from '../../support/fixtures.js';
import { picture } from '../../support/images.js';
import { MemoryMedia } from '../../support/in-memory.js';

const MEDIA = 'https://d111111abcdef8.cloudfront.net/media';
const PAGE = 'https://baohanam.example.vn/tin-tuc/toa-dam-qcdc.html';
const PHOTO = 'https://baohanam.example.vn/uploads/2019/06/27/toa-dam-1.jpg';
const SMALL = 'https://baohanam.example.vn/uploads/2019/06/27/toa-dam-2.jpg';

let article: Article;

beforeAll(async () => {
  const photos = new Map([
    [PHOTO, await picture('jpeg', 1600, 1000, { seed: 7 })],
    // A real photo, 451 px wide, compressed harder than Bantin's copies would be.
    [
      SMALL,
      await sharp(readFileSync(join(fixturesDir, 'photos', 'chelsea.jpg')))
        .jpeg({ quality: 20 })
        .toBuffer(),
    ],
  ]);
  const hosting = new ImageHosting({
    fetch: async (url) => ({
      url,
      status: 200,
      notModified: false,
      contentType: 'image/jpeg',
      body: photos.get(url)!,
    }),
    allowLoopback: false,
    media: new MemoryMedia(),
    mediaBaseUrl: MEDIA,
  });
  const extracted = ArticleSchema.parse({
    id: 'b'.repeat(24),
    sourceId: 'bao-ha-nam',
    url: PAGE,
    canonicalUrl: PAGE,
    title: 'Tọa đàm về quy chế dân chủ',
    summary: 'Sáng 27/6, Ban Dân vận Tỉnh ủy tổ chức tọa đàm.',
    contentHtml: sanitizeContentHtml(
      `<p>Sáng 27/6…</p><figure><img src="${PHOTO}" alt="Các đại biểu"><figcaption>Các đại biểu</figcaption></figure>` +
        `<p>Tiếp theo…</p><figure><img src="${SMALL}" alt="Phát biểu"></figure>`,
    ),
    contentText: 'Sáng 27/6… Tiếp theo…',
    publishedAt: '2019-06-27T08:15:00+07:00',
    updatedAt: '2019-06-27T08:15:00+07:00',
    images: [
      { url: PHOTO, caption: 'Các đại biểu' },
      { url: SMALL, caption: '' },
    ],
    fingerprint: '0123456789abcdef',
    ingestedAt: '2019-06-27T09:00:00+07:00',
  });
  // As stored and read back: every field of the re-hosted images survives the schema.
  article = ArticleSchema.parse(JSON.parse(JSON.stringify(await hosting.rehost(extracted))));
});

const rendered = () =>
  renderFeeds(
    {
      id: 'sources/bao-ha-nam',
      title: 'Báo Hà Nam',
      description: 'Tin mới',
      homeUrl: 'https://baohanam.example.vn/',
      selfBaseUrl: 'https://d111111abcdef8.cloudfront.net/feeds/sources/bao-ha-nam',
      language: 'vi',
      sources: { 'bao-ha-nam': { name: 'Báo Hà Nam', homepage: 'https://baohanam.example.vn/' } },
    },
    [article],
  );

describe('a re-hosted article', () => {
  it('keeps the paper’s URL of each image beside Bantin’s copies', () => {
    const [photo, small] = article.images;
    expect(photo).toMatchObject({ url: `${MEDIA}/${photo!.hosted!.hash}-800.webp`, originalUrl: PHOTO });
    expect(photo!.hosted!.original).toMatchObject({ width: 1600, height: 1000 });
    // Narrower than both copies and lighter than either: the original serves as both.
    expect(small!.hosted!.feed).toEqual(small!.hosted!.original);
    expect(small!.hosted!.mail).toEqual(small!.hosted!.original);
  });

  it('RSS: the enclosure is the feed copy with its length', () => {
    const { rss } = rendered();
    const feed = article.images[0]!.hosted!.feed;
    expect(rss).toContain(`<enclosure url="${feed.url}" length="${feed.bytes}" type="image/webp"/>`);
    expect(rss).not.toContain('/uploads/');
  });

  it('Atom: the enclosure link is the feed copy with its length', () => {
    const { atom } = rendered();
    const feed = article.images[0]!.hosted!.feed;
    expect(atom).toContain(
      `<link rel="enclosure" type="image/webp" href="${feed.url}" length="${feed.bytes}"/>`,
    );
    expect(atom).not.toContain('/uploads/');
  });

  it('JSON Feed: `image` is the feed copy; each body <img> has its size and srcset', () => {
    const item = JSON.parse(rendered().json).items[0];
    const [photo, small] = article.images.map((i) => i.hosted!);
    expect(item.image).toBe(photo!.feed.url);
    const tags: string[] = item.content_html.match(/<img\b[^>]*>/g);
    expect(tags).toHaveLength(2);
    expect(tags[0]).toContain(`src="${photo!.feed.url}"`);
    expect(tags[0]).toContain('width="800"');
    expect(tags[0]).toContain('height="500"');
    expect(tags[0]).toContain(`srcset="${photo!.mail.url} 552w, ${photo!.feed.url} 800w"`);
    // One copy only: no srcset.
    expect(tags[1]).toContain(`src="${small!.feed.url}"`);
    expect(tags[1]).toContain('width="451"');
    expect(tags[1]).not.toContain('srcset');
    expect(item.content_html).not.toContain('/uploads/');
  });

  it.skipIf(!hasW3cValidator)('stays valid for the W3C Feed Validation Service', () => {
    const { rss, atom } = rendered();
    const reports = w3cValidate([
      { name: 'rss', body: rss },
      { name: 'atom', body: atom },
    ]);
    for (const report of reports) expect(report.errors, report.name).toEqual([]);
  });

  it('mail: the clipping carries the JPEG copy as wide as the digest’s column, and the digest shows it pixel for pixel', async () => {
    const event = { articleId: article.id } as ArticleEvent;
    const clipping = await clipArticle(
      event,
      { content: { getArticle: async () => article } },
      new Date('2019-06-27T03:00:00Z'),
    );
    const mail = article.images[0]!.hosted!.mail;
    expect(mail).toMatchObject({ type: 'image/jpeg', width: MAIL_WIDTH });
    expect(clipping!.image).toEqual({ url: mail.url, alt: 'Các đại biểu', width: 552, height: 345 });
    const { html } = renderDigest({
      items: [{ ...clipping!, alsoIn: [] }],
      more: 0,
      frequency: 'daily',
      scheduledAt: new Date('2019-06-27T00:00:00Z'),
      sourceNames: new Map([['bao-ha-nam', 'Báo Hà Nam']]),
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect(html).toContain(`<img src="${mail.url}" alt="Các đại biểu" width="552" height="345"`);
    expect(html).not.toContain('/uploads/');
  });
});

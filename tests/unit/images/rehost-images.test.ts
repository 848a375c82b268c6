import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthOf } from '../../../shared/admin/health-view.js';
import { reextractSource } from '../../../shared/admin/reextract-source.js';
import { ARTICLE_LIMITS, type Article } from '../../../shared/domain/article.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { FetchError, type FetchOptions, fetchResource } from '../../../shared/ingest/fetch/fetcher.js';
import {
  ImageHosting,
  MAX_IMAGE_ATTEMPTS,
  MAX_IMAGE_BYTES,
} from '../../../shared/ingest/images/rehost-images.js';
import { type IngestDeps, ingestSource } from '../../../shared/ingest/ingest-source.js';
import { picture, readImage } from '../../support/images.js';
import {
  type MemoryArticles,
  type MemoryContent,
  MemoryMedia,
  type MemoryPublisher,
  type MemorySources,
  memoryIngestDeps,
} from '../../support/in-memory.js';
import { FakeWeb, ORIGIN, sourceInput } from '../../support/sample-site.js';

const MEDIA = 'https://cdn.bantin.example/media';
const TOA_DAM = `${ORIGIN}/tin-tuc/toa-dam-qcdc.html`;
const TOA_DAM_IMAGES = [1, 2, 3].map((n) => `${ORIGIN}/uploads/2019/06/27/toa-dam-${n}.jpg`);

/** The fixture site, with a generated photo (one per path) at every /uploads/ URL. */
class PaperWithPhotos extends FakeWeb {
  readonly photos = new Map<string, Buffer>();
  /** Image URLs answered with HTTP 503 (as a paper's overloaded image server). */
  readonly failing = new Set<string>();
  /** Bytes served instead of the generated photo, with the Content-Type the server claims. */
  readonly served = new Map<string, { body: Buffer; type: string }>();
  imageCalls: { url: string; options?: FetchOptions }[] = [];

  fetchWithPhotos = async (url: string, options?: FetchOptions) => {
    if (!url.includes('/uploads/')) return this.fetch(url, options);
    this.imageCalls.push({ url, options });
    if (this.failing.has(url)) throw new FetchError(url, 'HTTP 503 Service Unavailable', 503);
    const served = this.served.get(url);
    let body = served?.body ?? this.photos.get(url);
    if (!body) {
      body = await picture('jpeg', 1600, 1000, {
        seed: [...url].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1_000_003, 7),
      });
      this.photos.set(url, body);
    }
    return { url, status: 200, notModified: false, contentType: served?.type ?? 'image/jpeg', body };
  };
}

let web: PaperWithPhotos;
let media: MemoryMedia;
let deps: IngestDeps & {
  sources: MemorySources;
  articles: MemoryArticles;
  content: MemoryContent;
  events: MemoryPublisher;
};

beforeEach(async () => {
  web = new PaperWithPhotos();
  media = new MemoryMedia();
  deps = {
    ...memoryIngestDeps(web.fetchWithPhotos, '2026-11-27T03:00:00Z'),
    media: { store: media, baseUrl: MEDIA },
  };
  await deps.sources.put(SourceSchema.parse(sourceInput()));
});

const stored = (url: string) => [...deps.content.articles.values()].find((a) => a.url === url)!;

/** The paper's page shows its first picture at `address` instead. */
function showFirstPictureAt(address: string): void {
  const fetch = deps.fetch;
  deps.fetch = async (url, options) => {
    const answer = await fetch(url, options);
    if (url !== TOA_DAM) return answer;
    const html = Buffer.from(answer.body).toString('utf-8');
    return { ...answer, body: Buffer.from(html.replace('/uploads/2019/06/27/toa-dam-1.jpg', address)) };
  };
}
const imgTags = (html: string) => html.match(/<img\b[^>]*>/g) ?? [];

describe('re-hosting at ingest', () => {
  it('copies every image of the new articles and rewrites them to Bantin’s URLs, keeping the paper’s', async () => {
    const poll = await ingestSource('bao-ha-nam', deps);
    // The six pages show eight photos.
    expect(poll).toMatchObject({ itemsNew: 6, imagesHosted: 8, imagesFailed: 0, imagesPending: 0 });

    const article = stored(TOA_DAM);
    expect(article.images.map((i) => i.originalUrl)).toEqual(TOA_DAM_IMAGES);
    for (const image of article.images) {
      const hash = image.hosted!.hash;
      expect(image.url).toBe(`${MEDIA}/${hash}-800.webp`);
      expect(image.hosted).toMatchObject({
        original: { url: `${MEDIA}/${hash}.jpg`, type: 'image/jpeg', width: 1600, height: 1000 },
        feed: { url: `${MEDIA}/${hash}-800.webp`, type: 'image/webp', width: 800, height: 500 },
        mail: { url: `${MEDIA}/${hash}-552.jpg`, type: 'image/jpeg', width: 552, height: 345 },
      });
      expect(image.hosted!.original.bytes).toBe(web.photos.get(image.originalUrl!)!.length);
      expect(image.hosted!.mail.bytes).toBe(media.files.get(`${hash}-552.jpg`)!.body.length);
      expect(image.rehost).toBeUndefined();
    }
    // The body: each <img> on the feed copy, with its size and both copies in srcset.
    const tags = imgTags(article.contentHtml);
    expect(tags).toHaveLength(3);
    for (const [i, tag] of tags.entries()) {
      const { hosted } = article.images[i]!;
      expect(tag).toContain(`src="${hosted!.feed.url}"`);
      expect(tag).toContain('width="800" height="500"');
      expect(tag).toContain(`srcset="${hosted!.mail.url} 552w, ${hosted!.feed.url} 800w"`);
    }
    expect(article.contentHtml).not.toContain('/uploads/');

    // Fetched as a reader's browser would: the article page as Referer, images only, capped.
    const call = web.imageCalls.find((c) => c.url === TOA_DAM_IMAGES[0])!;
    expect(call.options).toMatchObject({ referer: TOA_DAM, maxBytes: MAX_IMAGE_BYTES });
    expect(call.options?.accept).toMatch(/^image\/avif,image\/webp/);
    // Three files per photo: the original (archived: no reader loads it) and two copies.
    expect(media.files.size).toBe(24);
    const original = media.files.get(`${article.images[0]!.hosted!.hash}.jpg`)!;
    expect(original.original).toBe(true);
    expect(
      await readImage(media.files.get(`${article.images[0]!.hosted!.hash}-800.webp`)!.body),
    ).toMatchObject({
      format: 'webp',
      width: 800,
    });
  });

  it('stores an image once by content hash, whatever URL, article or poll it comes from', async () => {
    const same = await picture('jpeg', 1600, 1000, { seed: 42 });
    for (const url of [TOA_DAM_IMAGES[0]!, `${ORIGIN}/uploads/2019/06/02/moi-truong-1.jpg`]) {
      web.served.set(url, { body: same, type: 'image/jpeg' });
    }
    await ingestSource('bao-ha-nam', deps);
    const a = stored(TOA_DAM).images[0]!;
    const b = stored(`${ORIGIN}/tin-tuc/ngay-moi-truong.html`).images[0]!;
    expect(a.url).toBe(b.url);
    expect(a.originalUrl).not.toBe(b.originalUrl);
    expect(new Set(media.writes).size).toBe(media.writes.length); // no file written twice
    expect(media.files.size).toBe(7 * 3);

    // Another poll (another source's, say) finds it by hash: nothing is resized or written again.
    const writes = media.writes.length;
    const other = articleWith(['https://other.example.vn/anh/chung.jpg']);
    // Served as PNG by the other paper: the type is read from the bytes.
    const fetchOther = async (url: string) => ({
      url,
      status: 200,
      notModified: false,
      contentType: 'image/png',
      body: same,
    });
    const copy = await new ImageHosting({
      fetch: fetchOther,
      allowLoopback: false,
      media,
      mediaBaseUrl: MEDIA,
    }).rehost(other);
    expect(copy.images[0]!.url).toBe(a.url);
    expect(media.writes.length).toBe(writes);
  });

  it('refuses SVG and non-images whatever their Content-Type, for good, and sends no reader to them', async () => {
    web.served.set(TOA_DAM_IMAGES[0]!, {
      body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      type: 'image/jpeg',
    });
    web.served.set(TOA_DAM_IMAGES[1]!, {
      body: Buffer.from('<html><body>Ảnh không tồn tại</body></html>'),
      type: 'image/png',
    });
    const poll = await ingestSource('bao-ha-nam', deps);
    expect(poll).toMatchObject({ imagesHosted: 6, imagesFailed: 2, imagesPending: 0 });
    const [svg, html, photo] = stored(TOA_DAM).images;
    expect(svg).toMatchObject({ url: TOA_DAM_IMAGES[0], rehost: { status: 'refused', attempts: 1 } });
    expect(svg!.rehost!.error).toMatch(/SVG/);
    expect(html).toMatchObject({ rehost: { status: 'refused', error: expect.stringMatching(/HTML page/) } });
    expect(svg!.hosted).toBeUndefined();
    expect(photo!.hosted).toBeDefined();
    // Kept in the record (never fetched again), gone from what readers get: the body, and the
    // event's lead image, which feeds and mail take theirs from.
    const body = stored(TOA_DAM).contentHtml;
    expect(body).not.toContain(TOA_DAM_IMAGES[0]);
    expect(body).not.toContain(TOA_DAM_IMAGES[1]);
    expect(imgTags(body)).toHaveLength(1);
    const event = deps.events.published.find((e) => e.canonicalUrl === TOA_DAM)!;
    expect(event.image).toMatchObject({ originalUrl: TOA_DAM_IMAGES[2], hosted: expect.anything() });
    // Refused for good: not in the retry set, not fetched again.
    expect(deps.sources.records.get('bao-ha-nam')?.pendingImages ?? []).toEqual([]);
    const calls = web.imageCalls.length;
    await ingestSource('bao-ha-nam', deps);
    expect(web.imageCalls.length).toBe(calls);
  });

  it('never holds an article back: a failing image is stored with the paper’s URL and retried at the next poll', async () => {
    web.failing.add(TOA_DAM_IMAGES[1]!);
    const first = await ingestSource('bao-ha-nam', deps);
    expect(first).toMatchObject({
      itemsNew: 6,
      eventsPublished: 6,
      imagesHosted: 7,
      imagesFailed: 1,
      imagesPending: 1,
    });
    const article = stored(TOA_DAM);
    expect(article.images[1]).toMatchObject({
      url: TOA_DAM_IMAGES[1],
      rehost: { status: 'pending', attempts: 1, error: expect.stringContaining('HTTP 503') },
    });
    expect(imgTags(article.contentHtml)[1]).toContain(`src="${TOA_DAM_IMAGES[1]}"`);
    expect(imgTags(article.contentHtml)[0]).toContain(MEDIA);
    const record = deps.sources.records.get('bao-ha-nam')!;
    expect(record.pendingImages).toEqual([article.id]);
    expect(healthOf(record, new Date('2026-11-27T03:01:00Z')).flags.map((f) => f.code)).toContain(
      'images-failed',
    );

    web.failing.clear();
    web.imageCalls = [];
    deps.events.published.length = 0;
    const second = await ingestSource('bao-ha-nam', deps);
    expect(second).toMatchObject({ itemsNew: 0, imagesHosted: 1, imagesFailed: 0, imagesPending: 0 });
    expect(web.imageCalls.map((c) => c.url)).toEqual([TOA_DAM_IMAGES[1]]);
    const healed = stored(TOA_DAM);
    expect(healed.images[1]).toMatchObject({ originalUrl: TOA_DAM_IMAGES[1] });
    expect(healed.images[1]!.rehost).toBeUndefined();
    expect(imgTags(healed.contentHtml)[1]).toContain(`src="${healed.images[1]!.hosted!.feed.url}"`);
    // The feeds follow: the article is announced as updated.
    expect(deps.events.published).toEqual([
      expect.objectContaining({ type: 'article.updated', articleId: article.id }),
    ]);
    expect(deps.sources.records.get('bao-ha-nam')!.pendingImages).toEqual([]);
  });

  it('after the images moved to another URL, a retry keeps the copies linked at the former one and re-hosts only the pending image', async () => {
    web.failing.add(TOA_DAM_IMAGES[1]!);
    await ingestSource('bao-ha-nam', deps);
    const before = stored(TOA_DAM);
    const moved = 'https://media.bantin.example';
    deps.media = { store: media, baseUrl: moved, formerBaseUrls: [MEDIA] };
    web.failing.clear();
    web.imageCalls = [];
    await ingestSource('bao-ha-nam', deps);
    expect(web.imageCalls.map((c) => c.url)).toEqual([TOA_DAM_IMAGES[1]]);
    const healed = stored(TOA_DAM);
    // The copies already linked stay where they were published; the late one is at the new URL.
    expect(healed.images.map((i) => i.originalUrl)).toEqual(TOA_DAM_IMAGES);
    expect(healed.images[0]!.url).toBe(before.images[0]!.url);
    expect(healed.images[0]!.url.startsWith(`${MEDIA}/`)).toBe(true);
    expect(healed.images[1]!.url.startsWith(`${moved}/`)).toBe(true);
    expect(imgTags(healed.contentHtml)).toHaveLength(3);
  });

  it('keeps an article for the next retry when it cannot be read, without failing the poll', async () => {
    web.failing.add(TOA_DAM_IMAGES[1]!);
    await ingestSource('bao-ha-nam', deps);
    const id = stored(TOA_DAM).id;
    web.failing.clear();
    const getArticle = deps.content.getArticle.bind(deps.content);
    deps.content.getArticle = async (articleId) => {
      if (articleId === id) throw new Error('S3 unavailable');
      return getArticle(articleId);
    };
    const poll = await ingestSource('bao-ha-nam', deps);
    expect(poll?.status).toBe('ok');
    expect(poll?.warnings).toContain(`images of article ${id} not retried: S3 unavailable`);
    expect(deps.sources.records.get('bao-ha-nam')!.pendingImages).toEqual([id]);
  });

  it(`gives an image up after ${MAX_IMAGE_ATTEMPTS} failed fetches, announcing no retry that changed nothing readers see`, async () => {
    web.failing.add(TOA_DAM_IMAGES[2]!);
    for (let poll = 1; poll <= MAX_IMAGE_ATTEMPTS; poll++) {
      deps.events.published.length = 0;
      await ingestSource('bao-ha-nam', deps);
      expect(stored(TOA_DAM).images[2]!.rehost).toMatchObject({
        attempts: poll,
        status: poll < MAX_IMAGE_ATTEMPTS ? 'pending' : 'failed',
      });
      // The first poll announces its new articles; a failed retry is no news.
      if (poll > 1) expect(deps.events.published).toEqual([]);
    }
    expect(deps.sources.records.get('bao-ha-nam')!.pendingImages).toEqual([]);
    web.imageCalls = [];
    await ingestSource('bao-ha-nam', deps);
    expect(web.imageCalls).toEqual([]);
    expect(web.photos.size).toBe(7);
  });

  it('leaves images for the next poll once the poll’s time for images is spent', async () => {
    const hosting = new ImageHosting(
      {
        fetch: web.fetchWithPhotos,
        allowLoopback: false,
        media,
        mediaBaseUrl: MEDIA,
        now: () => new Date('2026-11-27T03:00:00Z'),
      },
      Date.parse('2026-11-27T02:00:00Z'),
    );
    const article = await hosting.rehost(articleWith(TOA_DAM_IMAGES));
    expect(web.imageCalls).toEqual([]);
    expect(article.images.map((i) => i.rehost)).toEqual(
      TOA_DAM_IMAGES.map(() => ({
        status: 'pending',
        attempts: 0,
        error: expect.stringContaining('ran out of time'),
      })),
    );
    expect(hosting.pendingChanges().add).toEqual([article.id]);
  });

  it('leaves images on the paper’s servers when the source’s switch is off', async () => {
    await deps.sources.put(SourceSchema.parse(sourceInput({ rehostImages: false })));
    const poll = await ingestSource('bao-ha-nam', deps);
    expect(web.imageCalls).toEqual([]);
    expect(poll?.imagesHosted).toBeUndefined();
    expect(stored(TOA_DAM).images[0]).toEqual({ url: TOA_DAM_IMAGES[0], caption: expect.any(String) });
    expect(stored(TOA_DAM).contentHtml).toContain(`src="${TOA_DAM_IMAGES[0]}"`);
  });

  it('leaves out, with the switch off, a picture at an address Bantin refuses', async () => {
    await deps.sources.put(SourceSchema.parse(sourceInput({ rehostImages: false })));
    const metadata = 'http://169.254.169.254/latest/meta-data/iam.jpg';
    showFirstPictureAt(metadata);
    await ingestSource('bao-ha-nam', deps);
    expect(stored(TOA_DAM).images.map((i) => i.url)).not.toContain(metadata);
    expect(stored(TOA_DAM).images.length).toBeGreaterThan(0);
    expect(stored(TOA_DAM).contentHtml).not.toContain('169.254.169.254');
  });

  it('refuses, before any fetch, a picture whose name only a private network knows', async () => {
    const intranet = 'http://intranet/uploads/2019/06/27/toa-dam-1.jpg';
    web.failing.add(intranet);
    showFirstPictureAt(intranet);
    await ingestSource('bao-ha-nam', deps);
    // Refused before any fetch, as a refused re-hosting is: kept in the record, gone from the body.
    expect(web.imageCalls.map((c) => c.url)).not.toContain(intranet);
    expect(stored(TOA_DAM).images.find((i) => i.url === intranet)).toMatchObject({
      rehost: { status: 'refused' },
    });
    expect(stored(TOA_DAM).contentHtml).not.toContain('intranet');
    const event = deps.events.published.find((e) => e.canonicalUrl === TOA_DAM)!;
    expect(event.image?.originalUrl).not.toBe(intranet);
  });

  it('re-hosts images an article body shows but does not list', async () => {
    const hosting = new ImageHosting({
      fetch: web.fetchWithPhotos,
      allowLoopback: false,
      media,
      mediaBaseUrl: MEDIA,
    });
    const article = articleWith([]);
    article.contentHtml = `<p>Ảnh:</p><figure><img src="/uploads/2019/06/27/toa-dam-3.jpg" alt="x"></figure>`;
    const next = await hosting.rehost(article);
    expect(next.images).toEqual([
      expect.objectContaining({
        originalUrl: TOA_DAM_IMAGES[2],
        url: expect.stringMatching(/^https:\/\/cdn/),
      }),
    ]);
    expect(next.contentHtml).toContain(`src="${next.images[0]!.url}"`);
  });

  it(`re-hosts at most ${ARTICLE_LIMITS.images} pictures of an article; the rest keep the paper's URLs, and the poll says so`, async () => {
    let fetched = 0;
    const hosting = new ImageHosting({
      fetch: (url, options) => {
        fetched++;
        return web.fetchWithPhotos(TOA_DAM_IMAGES[0]!, options).then((r) => ({ ...r, url }));
      },
      allowLoopback: false,
      media,
      mediaBaseUrl: MEDIA,
    });
    const article = articleWith([]);
    const sources = Array.from({ length: 500 }, (_, n) => `https://baohanam.example.vn/anh/${n}.jpg`);
    article.contentHtml = sources.map((src) => `<p><img src="${src}" alt=""></p>`).join('');
    const next = await hosting.rehost(article);
    expect(fetched).toBe(ARTICLE_LIMITS.images);
    expect(next.images).toHaveLength(ARTICLE_LIMITS.images);
    expect(next.contentHtml).toContain(`src="${sources[499]}"`);
    expect(hosting.warnings).toEqual([
      `${article.url}: ${500 - ARTICLE_LIMITS.images} pictures past the limit of ${ARTICLE_LIMITS.images} an article keep the paper's addresses (not re-hosted)`,
    ]);
    // A dry run (an administrator's preview) fetches nothing and warns of nothing.
    const preview = new ImageHosting({
      fetch: () => Promise.reject(new Error('no fetch')),
      allowLoopback: false,
      media,
      mediaBaseUrl: MEDIA,
    });
    await preview.rehost(article, { fetch: false });
    expect(preview.warnings).toEqual([]);
  });
});

describe('re-extraction', () => {
  it('re-hosts images too, reusing the copies the stored article has', async () => {
    // Ingested while the paper's images were not re-hosted: re-extraction copies them.
    await deps.sources.put(SourceSchema.parse(sourceInput({ rehostImages: false })));
    await ingestSource('bao-ha-nam', deps);
    await deps.sources.put(SourceSchema.parse(sourceInput()));
    deps.events.published.length = 0;
    const reextractDeps = { ...deps, fetch: web.fetchWithPhotos };
    const first = await reextractSource('bao-ha-nam', reextractDeps);
    expect(first).toMatchObject({ updated: 5, unchanged: 1, images: { hosted: 8, failed: 0, pending: 0 } });
    expect(stored(TOA_DAM).images.every((image) => image.hosted)).toBe(true);
    expect(stored(TOA_DAM).contentHtml).not.toContain('/uploads/');

    // Again: every image is found on the stored article; nothing is fetched, nothing changes.
    web.imageCalls = [];
    const again = await reextractSource('bao-ha-nam', reextractDeps);
    expect(again).toMatchObject({ updated: 0, unchanged: 6 });
    expect(web.imageCalls).toEqual([]);
  });
});

describe('size cap', () => {
  let server: Server;
  afterEach(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  /** A paper's server on this machine, and image hosting that fetches from it with the real fetcher. */
  async function servedBy(handler: Parameters<typeof createServer>[1]) {
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const hosting = new ImageHosting({
      fetch: fetchResource,
      allowLoopback: true,
      media,
      mediaBaseUrl: MEDIA,
    });
    return { origin, hosting };
  }

  it('gives up at once an image Bantin never fetches: a private address, or a redirect to one', async () => {
    const { origin, hosting } = await servedBy((_req, res) => {
      res.writeHead(302, { location: 'http://10.0.0.1/photo.jpg' });
      res.end();
    });
    const next = await hosting.rehost(
      articleWith([`${origin}/moved.jpg`, 'http://169.254.169.254/latest.jpg']),
    );
    for (const image of next.images) {
      // Final after one attempt: fetching again cannot make the address one Bantin fetches,
      // and no reader is sent to it either.
      expect(image.rehost).toMatchObject({
        status: 'refused',
        attempts: 1,
        error: expect.stringMatching(/refused/),
      });
    }
    expect(imgTags(next.contentHtml)).toEqual([]);
  });

  it(`refuses an image over ${MAX_IMAGE_BYTES} bytes through the real fetcher, while streaming`, async () => {
    const photo = await picture('jpeg', 64, 48);
    const { origin, hosting } = await servedBy((req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      if (req.url === '/small.jpg') return void res.end(photo);
      // No Content-Length: the cap is enforced on the bytes as they arrive.
      const chunk = Buffer.alloc(1024 * 1024, 0xff);
      let sent = 0;
      const write = () => {
        while (sent < 11 && res.write(chunk)) sent++;
        if (sent >= 11) res.end();
        else res.once('drain', write);
      };
      write();
    });
    const article = articleWith([`${origin}/huge.jpg`, `${origin}/small.jpg`]);
    const next = await hosting.rehost(article);
    // Final, but a photo too large to copy is still the paper's to show.
    expect(next.images[0]!.rehost).toMatchObject({ status: 'failed', attempts: 1 });
    expect(next.images[0]!.rehost!.error).toMatch(/refused: .*exceeds the 10485760-byte limit/);
    expect(next.contentHtml).toContain(`src="${origin}/huge.jpg"`);
    expect(next.images[1]!.hosted).toMatchObject({
      original: { width: 64, height: 48, bytes: photo.length },
    });
  });
});

/** A stored article whose body shows these images. */
function articleWith(imageUrls: string[]): Article {
  return {
    id: 'a'.repeat(24),
    sourceId: 'bao-ha-nam',
    url: TOA_DAM,
    canonicalUrl: TOA_DAM,
    title: 'Tọa đàm',
    summary: '',
    contentHtml: imageUrls.map((url) => `<figure><img src="${url}" alt=""></figure>`).join('\n'),
    contentText: 'Nội dung bài viết.',
    publishedAt: '2019-06-27T08:15:00+07:00',
    updatedAt: '2019-06-27T08:15:00+07:00',
    author: '',
    images: imageUrls.map((url) => ({ url, caption: '' })),
    categories: [],
    attribution: '',
    language: 'vi',
    fingerprint: 'f'.repeat(16),
    ingestedAt: '2026-11-27T10:00:00+07:00',
  };
}

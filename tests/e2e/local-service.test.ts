/**
 * End to end, as a user runs it: `npm start -- --once` against the sample newspaper, twice,
 * then `npm start` serving the feeds and picking up a newly published article. The feeds are
 * read back with rss-parser, an independent parser from npm.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImage } from '../support/images.js';
import { freePort, runBantin, startBantin, stopProcess } from '../support/processes.js';
import { oneClickUnsubscribe, publishOnSample } from '../support/requests.js';

const parser = new Parser();
/** A whole cycle (start, ingest with its images, feeds, digests) on a loaded 2-core machine. */
const ONE_CYCLE_MS = 180_000;
let env: Record<string, string>;

beforeAll(async () => {
  env = {
    BANTIN_DATA: mkdtempSync(join(tmpdir(), 'bantin-e2e-')),
    PORT: String(await freePort()),
    SAMPLE_NEWSPAPER_PORT: String(await freePort()),
  };
});

describe('npm start -- --once', () => {
  it(
    'ingests the six sample articles and writes the feeds',
    async () => {
      const run = await runBantin(['--once'], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('sources polled:   1');
      expect(run.stdout).toContain('articles:         6 new, 0 duplicate, 0 failed');
      expect(run.stdout).toContain('events published: 6');
      // all, the source and its 5 categories in three formats, and the OPML and HTML directory.
      const written = /feeds written: +23 files \(in (.+)\)/.exec(run.stdout);
      expect(written, run.stdout).not.toBeNull();
      // Where the summary says: the feeds as files, to open or validate.
      expect(readFileSync(join(written![1]!, 'all.rss'), 'utf-8')).toContain('<rss');
      // The demo subscriber's first digest, with what was just ingested.
      expect(run.stdout).toMatch(/digests sent: +1 \(written to /);
    },
    ONE_CYCLE_MS,
  );

  it(
    'adds no duplicates on a second run, after a restart',
    async () => {
      const run = await runBantin(['--once'], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('articles:         0 new, 6 duplicate, 0 failed');
      expect(run.stdout).toContain('events published: 0');
      expect(run.stdout).toMatch(/digests sent: +0 /); // nothing new, and not due again before tomorrow
    },
    ONE_CYCLE_MS,
  );
});

describe('npm start', () => {
  let service: Awaited<ReturnType<typeof startBantin>>;
  let base: string;

  beforeAll(async () => {
    service = await startBantin({ ...env, BANTIN_POLL_SECONDS: '1' });
    base = `http://localhost:${env.PORT}`;
  });

  afterAll(async () => {
    if (service) await stopProcess(service);
  });

  it('listens on this machine only (127.0.0.1) when HOST is not set', () => {
    expect(service.output()).toContain(`listening on 127.0.0.1:${env.PORT}`);
  });

  it('serves feeds that an independent parser reads, with exactly the six articles', async () => {
    const rss = await parser.parseString(await (await fetch(`${base}/feeds/all.rss`)).text());
    expect(rss.items).toHaveLength(6);
    expect(rss.items.map((i) => i.title)).toContain('Khai mạc Tuần Văn hóa - Du lịch năm 2019');
    const first = rss.items.find((i) => i.title?.startsWith('Tọa đàm'));
    expect(first?.link).toBe(`http://127.0.0.1:${env.SAMPLE_NEWSPAPER_PORT}/tin-tuc/toa-dam-qcdc.html`);
    expect(new Date(first?.isoDate ?? '').toISOString()).toBe('2019-06-27T01:15:00.000Z');
    const atom = await parser.parseString(
      await (await fetch(`${base}/feeds/sources/bao-ha-nam.atom`)).text(),
    );
    expect(atom.items).toHaveLength(6);
  });

  it('serves every image of the JSON feed from its own /media/, as real images, cached for ever', async () => {
    const feed = (await (await fetch(`${base}/feeds/all.json`)).json()) as {
      items: { image?: string; content_html: string }[];
    };
    const urls = feed.items.flatMap((item) => [
      ...(item.image ? [item.image] : []),
      ...[...item.content_html.matchAll(/<img\b[^>]*?\ssrc="([^"]+)"/g)].map((m) => m[1]!),
      ...[...item.content_html.matchAll(/\ssrcset="([^"]+)"/g)].flatMap((m) =>
        m[1]!.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!),
      ),
    ]);
    // The sample paper's six articles show eight photos; five articles have a lead image.
    expect(feed.items.filter((item) => item.image)).toHaveLength(5);
    expect(new Set(urls).size).toBeGreaterThanOrEqual(8);
    // Feed copies are WebP; the mail copies in srcset are JPEG.
    expect(feed.items.filter((item) => item.image?.endsWith('.webp'))).toHaveLength(5);
    for (const url of new Set(urls)) {
      // Bantin's own server, by address (feed validators refuse `localhost` in an enclosure).
      const [, extension] =
        new RegExp(`^http://127\\.0\\.0\\.1:${env.PORT}/media/[a-f0-9]{64}(?:-\\d+)?\\.(jpg|webp)$`).exec(
          url,
        ) ?? [];
      expect(extension, url).toBeDefined();
      const format = extension === 'jpg' ? 'jpeg' : 'webp';
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe(`image/${format}`);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const image = await readImage(Buffer.from(await response.arrayBuffer()));
      expect(image.format).toBe(format);
      expect(image.width).toBeGreaterThan(0);
    }
    // What readers would have got from the paper itself: a refusal, as their page is not the paper's.
    const paperPhoto = `http://127.0.0.1:${env.SAMPLE_NEWSPAPER_PORT}/uploads/2019/06/27/toa-dam-1.jpg`;
    expect((await fetch(paperPhoto, { headers: { referer: `${base}/feeds/all.json` } })).status).toBe(403);
  });

  it('answers conditional requests with 304 and compresses with gzip', async () => {
    // The object's own bytes carry its strong tag; compressed here, a weak one (as nginx gives).
    const plain = await fetch(`${base}/feeds/all.atom`, { headers: { 'accept-encoding': 'identity' } });
    const etag = plain.headers.get('etag');
    expect(plain.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(plain.headers.get('last-modified')).toBeTruthy();
    expect(etag).toMatch(/^"[a-f0-9]{32}"$/);
    const compressed = await fetch(`${base}/feeds/all.atom`, { headers: { 'accept-encoding': 'gzip' } });
    expect(compressed.headers.get('etag')).toBe(`W/${etag}`);
    for (const tag of [etag!, `W/${etag}`])
      expect((await fetch(`${base}/feeds/all.atom`, { headers: { 'if-none-match': tag } })).status).toBe(304);
    // Readers on other origins may fetch the feeds, as CloudFront's response headers policy allows.
    const fromPage = await fetch(`${base}/feeds/all.json`, { headers: { origin: 'https://reader.example' } });
    expect(fromPage.headers.get('access-control-allow-origin')).toBe('*');
    expect(fromPage.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    // …and may send If-None-Match themselves: the browser's preflight is answered, as CloudFront's function does.
    const preflight = await fetch(`${base}/feeds/all.json`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://reader.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    // Node's fetch decompresses transparently; read the raw bytes through a HEAD-less request instead.
    const http = await import('node:http');
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      http
        .get(`${base}/feeds/all.atom`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
          );
        })
        .on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString('utf-8')).toContain('<feed');
  });

  it('serves the feed directory with autodiscovery, the OPML list and the category feeds', async () => {
    const index = await fetch(`${base}/feeds/index.html`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await index.text();
    for (const path of ['all', 'sources/bao-ha-nam', 'categories/van-hoa', 'categories/kinh-te']) {
      expect(html).toMatch(
        new RegExp(
          `<link rel="alternate" type="application/atom\\+xml" title="[^"]+" href="${base}/feeds/${path}.atom">`,
        ),
      );
    }
    expect(await (await fetch(`${base}/feeds/`)).text()).toBe(html);
    const opml = await fetch(`${base}/feeds/index.opml`);
    expect(opml.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    expect(await opml.text()).toContain(`xmlUrl="${base}/feeds/categories/van-hoa.rss"`);
    const culture = await parser.parseString(
      await (await fetch(`${base}/feeds/categories/van-hoa.rss`)).text(),
    );
    expect(culture.items.map((i) => i.title)).toEqual(['Khai mạc Tuần Văn hóa - Du lịch năm 2019']);
    const etag = (await fetch(`${base}/feeds/index.html`)).headers.get('etag')!;
    expect((await fetch(`${base}/feeds/index.html`, { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
  });

  it('links every feed, the latest headlines and the subscription page from the home page, in Vietnamese', async () => {
    const html = await (await fetch(`${base}/`)).text();
    for (const path of ['all.rss', 'all.atom', 'all.json', 'sources/bao-ha-nam.rss']) {
      expect(html).toContain(`href="/feeds/${path}"`);
    }
    expect(html).toContain('rel="alternate" type="application/rss+xml"');
    expect(html).toContain('href="/feeds/index.html"');
    expect(html).toContain('href="/subscribe"');
    expect(html).toContain('Khai mạc Tuần Văn hóa - Du lịch năm 2019</a>');
    expect(html).toMatch(/<strong class="status-ok">Tốt<\/strong><\/td><td>\d\d:\d\d \d\d\/\d\d\/\d{4}: /);
  });

  it("answers HEAD as GET without the body on every page a link checker asks for, the functions' pages too", async () => {
    for (const path of [
      '/',
      '/subscribe',
      '/admin',
      '/admin/admin.js',
      '/feeds/all.rss',
      '/feeds/index.html',
    ]) {
      const got = await fetch(`${base}${path}`);
      const head = await fetch(`${base}${path}`, { method: 'HEAD' });
      expect([path, head.status], path).toEqual([path, got.status]);
      expect(head.status, path).toBe(200);
      expect(head.headers.get('content-type'), path).toBe(got.headers.get('content-type'));
      expect(await head.text(), path).toBe('');
    }
    // An administration route needs the administrator however it is asked.
    expect((await fetch(`${base}/api/admin/overview`, { method: 'HEAD' })).status).toBe(401);
    // A route that only takes POST has no HEAD twin: API Gateway finds no route.
    expect((await fetch(`${base}/api/subscriptions`, { method: 'HEAD' })).status).toBe(404);
  });

  it('honours the one-click unsubscribe URL of the digest that --once wrote, and lists it at /outbox', async () => {
    const outbox = join(env.BANTIN_DATA!, 'outbox');
    const digest = readdirSync(outbox).find((name) => name.includes('-digest-'));
    expect(digest).toBeDefined();
    const raw = readFileSync(join(outbox, digest!), 'latin1');
    const url = /^List-Unsubscribe: <([^>]+)>$/m.exec(raw)?.[1];
    expect(url).toMatch(new RegExp(`^${base}/subscriptions/unsubscribe\\?token=`));
    const listing = await (await fetch(`${base}/outbox`)).text();
    expect(listing).toContain(digest);
    const response = await oneClickUnsubscribe(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Đã hủy đăng ký');
  });

  it('picks up an article newly published on the sample newspaper at the next poll', async () => {
    const published = await publishOnSample(`http://127.0.0.1:${env.SAMPLE_NEWSPAPER_PORT}`, {
      title: 'Hà Nam khởi công cầu Châu Giang mới',
      summary: 'Sáng nay, tỉnh Hà Nam khởi công xây dựng cầu Châu Giang mới nối hai bờ thành phố Phủ Lý.',
      paragraphs: [
        'Cầu dài 520 m, rộng 24 m, tổng vốn đầu tư hơn 600 tỷ đồng, dự kiến hoàn thành vào cuối năm 2027.',
        'Công trình giúp giảm ùn tắc giao thông qua trung tâm thành phố và mở rộng không gian phát triển đô thị.',
      ],
      category: 'Xã hội',
      author: 'Minh Anh',
    });
    expect(published.status).toBe(201);
    // A hang guard: the service polls every second, but a loaded machine may take far longer.
    const deadline = Date.now() + 120_000;
    let titles: (string | undefined)[] = [];
    while (Date.now() < deadline) {
      const feed = await parser.parseString(await (await fetch(`${base}/feeds/all.rss`)).text());
      titles = feed.items.map((i) => i.title);
      if (titles.length === 7) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(titles).toHaveLength(7);
    expect(titles[0]).toBe('Hà Nam khởi công cầu Châu Giang mới');
  });
});

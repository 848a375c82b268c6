/**
 * A sample Vietnamese newspaper on localhost, so the local stack ingests over real HTTP with
 * no internet. It serves the fixture site (Báo Hà Nam's provincial template) with its links
 * rewritten to itself, and lets you publish a new article:
 *
 *   curl -X POST localhost:8790/publish -H 'content-type: application/json' \
 *     -d '{"title":"…","summary":"…","paragraphs":["…","…"],"category":"Xã hội"}'
 *
 * Its photos (`/uploads/…`) are real JPEGs drawn at first request, and, as real papers do, it
 * refuses them (403) to a page of another site: a Referer whose host is not its own. A request
 * without a Referer (a direct load) gets the image.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import sharp from 'sharp';
import { z } from 'zod';
import { parseOrThrow, ValidationError } from '../../shared/domain/validation.js';
import { escapeHtml } from '../../shared/html.js';
import { parseRequestTarget } from './request-target.js';

const FIXTURE_ORIGIN = 'https://baohanam.example.vn';
const ZONE = 'Asia/Ho_Chi_Minh';
const WEEKDAYS = ['', '2', '3', '4', '5', '6', '7', 'CN']; // luxon weekday 1 = Monday = "Thứ 2"

const PublishSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    summary: z.string().trim().min(1).max(2000),
    paragraphs: z.array(z.string().trim().min(1).max(20_000)).min(1).max(200),
    category: z.string().trim().min(1).max(100).default('Tin tức'),
    author: z.string().trim().max(100).default(''),
    imageCaption: z.string().trim().max(500).optional(),
  })
  .strict();

interface PublishedArticle extends z.infer<typeof PublishSchema> {
  slug: string;
  publishedAt: string;
}

export interface SampleNewspaper {
  origin: string;
  feedUrl: string;
  stop(): Promise<void>;
}

export async function startSampleNewspaper(options: {
  fixturesDir: string;
  dataDir: string;
  port: number;
}): Promise<SampleNewspaper> {
  const stateDir = join(options.dataDir, 'sample-newspaper');
  mkdirSync(stateDir, { recursive: true });
  const stateFile = join(stateDir, 'published.json');
  const published: PublishedArticle[] = loadPublished(stateFile);
  const baseFeed = readFileSync(join(options.fixturesDir, 'feeds', 'provincial.rss'), 'utf-8');
  const pagesDir = join(options.fixturesDir, 'pages', 'provincial');
  let origin = '';
  const photos = new Map<string, Promise<Buffer>>();

  const rewrite = (text: string) => text.split(FIXTURE_ORIGIN).join(origin);

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, 500, 'text/plain', `error: ${String(error)}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = parseRequestTarget(req.url)?.rawPath;
    if (path === undefined) return send(res, 400, 'text/plain', 'bad request: a malformed request target');
    if (req.method === 'POST' && path === '/publish') return publish(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', path === '/publish' ? 'POST' : 'GET, HEAD');
      return send(res, 405, 'text/plain', 'method not allowed');
    }
    if (path === '/rss/tin-moi-nhat.rss') return send(res, 200, 'application/rss+xml; charset=utf-8', feed());
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', homePage());
    const page = /^\/tin-tuc\/([a-z0-9-]+)\.html$/.exec(path)?.[1];
    if (page) {
      const extra = published.find((a) => a.slug === page);
      if (extra) return send(res, 200, 'text/html; charset=utf-8', articlePage(extra, origin));
      try {
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          rewrite(readFileSync(join(pagesDir, `${page}.html`), 'utf-8')),
        );
      } catch {
        // falls through to 404
      }
    }
    if (/^\/uploads\/[\w/.-]+\.jpe?g$/.test(path) && !path.includes('..')) {
      if (foreignReferer(req.headers.referer, origin)) {
        return send(res, 403, 'text/html; charset=utf-8', '<h1>Không được phép dùng ảnh từ trang khác</h1>');
      }
      let photo = photos.get(path);
      if (!photo) {
        photo = drawPhoto(path);
        photos.set(path, photo);
      }
      return send(res, 200, 'image/jpeg', await photo);
    }
    return send(res, 404, 'text/html; charset=utf-8', '<h1>Không tìm thấy trang</h1>');
  }

  async function publish(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let input: z.infer<typeof PublishSchema>;
    try {
      input = parseOrThrow(PublishSchema, JSON.parse(await readBody(req)), 'article');
    } catch (error) {
      const message = error instanceof ValidationError ? error.message : `body is not JSON: ${String(error)}`;
      return send(res, 400, 'application/json', JSON.stringify({ error: message }));
    }
    const article: PublishedArticle = {
      ...input,
      slug: uniqueSlug(input.title, published),
      publishedAt: DateTime.now().setZone(ZONE).startOf('second').toISO({ suppressMilliseconds: true })!,
    };
    published.unshift(article);
    writeFileSync(stateFile, JSON.stringify(published, null, 2));
    const url = `${origin}/tin-tuc/${article.slug}.html`;
    send(res, 201, 'application/json', JSON.stringify({ url, publishedAt: article.publishedAt }));
  }

  function feed(): string {
    const items = published.map((a) => feedItem(a, origin)).join('\n');
    return rewrite(baseFeed).replace(/(<language>[^<]*<\/language>\n?)/, `$1${items}${items ? '\n' : ''}`);
  }

  function homePage(): string {
    const links = [...feed().matchAll(/<link>([^<]+)<\/link>/g)].slice(1).map((m) => m[1]);
    return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Báo Hà Nam (mẫu)</title>
<link rel="alternate" type="application/rss+xml" href="/rss/tin-moi-nhat.rss"></head><body>
<h1>Báo Hà Nam (trang mẫu cho Bantin)</h1><ul>${links.map((l) => `<li><a href="${l}">${l}</a></li>`).join('')}</ul>
<p>Đăng bài mới: <code>POST /publish</code> với JSON {title, summary, paragraphs[], category}.</p></body></html>`;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    feedUrl: `${origin}/rss/tin-moi-nhat.rss`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function loadPublished(file: string): PublishedArticle[] {
  try {
    return JSON.parse(readFileSync(file, 'utf-8')) as PublishedArticle[];
  } catch {
    return [];
  }
}

function uniqueSlug(title: string, existing: PublishedArticle[]): string {
  const base =
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/gi, 'd')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'bai-viet';
  let slug = base;
  for (let n = 2; existing.some((a) => a.slug === slug); n++) slug = `${base}-${n}`;
  return slug;
}

function feedItem(article: PublishedArticle, origin: string): string {
  const url = `${origin}/tin-tuc/${article.slug}.html`;
  const date = DateTime.fromISO(article.publishedAt, { setZone: true }).toRFC2822();
  return `<item><title>${escapeHtml(article.title)}</title><link>${url}</link>
<guid isPermaLink="false">sample-${article.slug}</guid><description>${escapeHtml(article.summary)}</description><pubDate>${date}</pubDate><category>${escapeHtml(article.category)}</category></item>`;
}

function articlePage(article: PublishedArticle, origin: string): string {
  const when = DateTime.fromISO(article.publishedAt, { setZone: true });
  const dateLine = `Thứ ${WEEKDAYS[when.weekday]} Ngày ${when.toFormat('dd/MM/yyyy')}`;
  const url = `${origin}/tin-tuc/${article.slug}.html`;
  const image = article.imageCaption
    ? `<p style="text-align:center"><img src="/uploads/${article.slug}.jpg" alt="" width="600"></p><p class="caption" style="text-align:center"><em>${escapeHtml(article.imageCaption)}</em></p>`
    : '';
  const [first, ...rest] = article.paragraphs.map(
    (p) => `<p style="text-align:justify">${escapeHtml(p)}</p>`,
  );
  const author = article.author
    ? `<p style="text-align:right"><strong>${escapeHtml(article.author)}</strong></p>`
    : '';
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(article.title)} - Báo Hà Nam điện tử</title>
<link rel="canonical" href="${url}">
<meta property="og:title" content="${escapeHtml(article.title)}">
<meta property="article:published_time" content="${article.publishedAt}"></head>
<body><div id="header"><div class="top-date">${dateLine}</div></div>
<div id="main"><div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="#">${escapeHtml(article.category)}</a></div>
<div class="news-detail"><div class="news-date">${dateLine}</div>
<h1 class="news-title">${escapeHtml(article.title)}</h1>
<p class="news-sapo"><strong>${escapeHtml(article.summary)}</strong></p>
<div class="news-content">
${first}${image}${rest.join('\n')}
${author}
</div>
<div class="share"><a href="#">Chia sẻ Facebook</a> <a href="#">In bài viết</a></div>
</div></div>
<div id="footer"><p>Báo Hà Nam điện tử (trang mẫu).</p></div>
</body></html>`;
}

/** A Referer from a page that is not the paper's own (hotlinking); none at all is a direct load. */
export function foreignReferer(referer: string | undefined, origin: string): boolean {
  if (!referer) return false;
  try {
    return new URL(referer).host !== new URL(origin).host;
  } catch {
    return true;
  }
}

const SUN = Buffer.from([255, 236, 150]);

/**
 * A landscape "photo" for one path: a sky-to-field gradient with a sun, its colours, place and
 * size drawn from the path's hash, so each picture differs and the same path gives the same bytes.
 */
async function drawPhoto(path: string): Promise<Buffer> {
  const seed = createHash('sha256').update(path).digest();
  const widths = [1600, 1400, 1000, 800];
  const width = widths[seed[0]! % widths.length]!;
  const height = Math.round((width * 2) / 3);
  const sky = [seed[1]! % 80, 90 + (seed[2]! % 100), 160 + (seed[3]! % 90)];
  const field = [40 + (seed[4]! % 80), 100 + (seed[5]! % 100), seed[6]! % 60];
  const horizon = Math.round(height * (0.45 + (seed[7]! % 20) / 100));
  const sun = { x: (seed[8]! / 255) * width, y: horizon * (0.3 + (seed[9]! % 40) / 100), r: width / 14 };
  const pixels = Buffer.alloc(width * height * 3);
  const row = Buffer.alloc(width * 3);
  for (let y = 0; y < height; y++) {
    const ground = y >= horizon;
    const t = ground ? (y - horizon) / (height - horizon) : y / horizon;
    const shade = ground ? 1 - t * 0.5 : 0.6 + t * 0.5;
    row.fill(Buffer.from((ground ? field : sky).map((c) => Math.min(255, Math.round(c * shade)))));
    // The sun's chord on this row, if it crosses it.
    const half = ground ? -1 : Math.sqrt(Math.max(0, sun.r ** 2 - (y - sun.y) ** 2));
    const from = Math.max(0, Math.ceil(sun.x - half));
    const to = Math.min(width, Math.floor(sun.x + half));
    if (to > from) row.fill(SUN, from * 3, to * 3);
    row.copy(pixels, y * width * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 82 })
    .toBuffer();
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf-8')));
    req.on('error', reject);
  });
}

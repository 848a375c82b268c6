/**
 * Feed figures:
 * - render: time to render a 50-item feed (4 KB of HTML per article, images, categories) in
 *   each format, median of many runs; "prepare" is the shared step (sanitize, cap, date, sort).
 * - rebuild: time from a batch of 100 article events on the feeds queue to every touched feed
 *   written, through the embedded stack (SQS → build-feeds handler → DynamoDB + S3). Measured
 *   twice: on empty feeds, then on feeds that already hold 100 articles (pages get cut).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalStack } from '../infra/local/local-stack.js';
import { DynamoArticleRepository } from '../shared/adapters/dynamodb/article-repository.js';
import { S3ContentStore } from '../shared/adapters/s3/content-store.js';
import { type Article, ArticleSchema } from '../shared/domain/article.js';
import { entryOf } from '../shared/domain/article-entry.js';
import { type ArticleEvent, articleEventOf } from '../shared/domain/events.js';
import { listingOf } from '../shared/domain/feed-listing.js';
import { SourceSchema } from '../shared/domain/source.js';
import { scopesTouchedBy } from '../shared/syndicate/build-feeds.js';
import { type FeedDescriptor, feedDocument } from '../shared/syndicate/render/feed-document.js';
import { renderFormat } from '../shared/syndicate/render/render-feeds.js';
import { forgetWrittenEntries } from '../shared/syndicate/render/written-entries.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['bao-ha-nam', 'bao-nam-dinh', 'bao-ninh-binh'];
const CATEGORIES = [
  'Giao thông',
  'Nông nghiệp',
  'Giáo dục',
  'Y tế',
  'Văn hóa',
  'Du lịch',
  'Đầu tư',
  'Môi trường',
];

function article(n: number, sourceId: string): Article {
  const paragraph = `Theo Sở ${CATEGORIES[n % 8]}, trong 10 tháng đầu năm, toàn tỉnh đã thực hiện ${n * 7} dự án, thu hút sự tham gia của hàng nghìn hộ dân tại các huyện Lý Nhân, Bình Lục, Thanh Liêm & thị xã Duy Tiên.`;
  const at = new Date(Date.UTC(2026, 0, 1) + n * 600_000).toISOString().replace('.000Z', '+00:00');
  return ArticleSchema.parse({
    id: n.toString(16).padStart(24, '0'),
    sourceId,
    url: `https://${sourceId}.example.vn/tin/${n}.html`,
    canonicalUrl: `https://${sourceId}.example.vn/tin/${n}.html`,
    title: `Bản tin số ${n}: “Hà Nam” đẩy mạnh phát triển ${CATEGORIES[n % 8]}`,
    summary: `Tỉnh triển khai nhiều giải pháp mới (bài ${n}).`,
    contentHtml: Array.from(
      { length: 16 },
      (_, p) => `<p>Đoạn ${p + 1}. <strong>${paragraph}</strong></p>`,
    ).join('\n'),
    contentText: paragraph,
    publishedAt: at,
    updatedAt: at,
    author: 'Phóng viên',
    images: [{ url: `https://${sourceId}.example.vn/anh/${n}.jpg?w=640&h=360`, caption: '' }],
    categories: [CATEGORIES[n % 8]!, CATEGORIES[(n + 3) % 8]!],
    attribution: 'Theo TTXVN',
    language: 'vi',
    fingerprint: '0123456789abcdef',
    ingestedAt: at,
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export interface RenderFigures {
  bytes: Record<'rss' | 'atom' | 'json', number>;
  medianMs: Record<'prepare' | 'rss' | 'atom' | 'json' | 'all', number>;
  runs: number;
}

/**
 * `keptEntries`: false writes every entry afresh (a feed of articles none of which was written
 * before); true keeps them from the run before (a rebuild whose entries were written last time).
 */
export function benchRender(runs = 200, keptEntries = false): RenderFigures {
  const articles = Array.from({ length: 50 }, (_, i) => article(i + 1, SOURCES[i % 3]!));
  const descriptor: FeedDescriptor = {
    id: 'all',
    title: 'Bantin — Tin mới nhất',
    description: 'Tin mới nhất',
    homeUrl: 'https://bantin.example/',
    selfBaseUrl: 'https://bantin.example/feeds/all',
    language: 'vi',
    hubUrl: 'https://hub.example.net/',
    ttlMinutes: 15,
    archive: { isArchive: false, prevArchive: 'https://bantin.example/feeds/all/archive/7' },
    sources: Object.fromEntries(
      SOURCES.map((id) => [
        id,
        { name: id, homepage: `https://${id}.example.vn/`, feedUrl: `https://${id}.example.vn/rss` },
      ]),
    ),
  };
  const times = {
    prepare: [] as number[],
    rss: [] as number[],
    atom: [] as number[],
    json: [] as number[],
    all: [] as number[],
  };
  let last: Record<'rss' | 'atom' | 'json', Buffer> = {
    rss: Buffer.alloc(0),
    atom: Buffer.alloc(0),
    json: Buffer.alloc(0),
  };
  for (let run = 0; run < runs + 10; run++) {
    if (!keptEntries) forgetWrittenEntries();
    const t0 = performance.now();
    const { document } = feedDocument(descriptor, articles);
    const t1 = performance.now();
    const rss = renderFormat(document, 'rss');
    const t2 = performance.now();
    const atom = renderFormat(document, 'atom');
    const t3 = performance.now();
    const json = renderFormat(document, 'json');
    const t4 = performance.now();
    if (run < 10) continue; // warm-up
    times.prepare.push(t1 - t0);
    times.rss.push(t2 - t1);
    times.atom.push(t3 - t2);
    times.json.push(t4 - t3);
    times.all.push(t4 - t0);
    last = { rss, atom, json };
  }
  return {
    runs,
    bytes: {
      rss: last.rss.byteLength,
      atom: last.atom.byteLength,
      json: last.json.byteLength,
    },
    medianMs: {
      prepare: median(times.prepare),
      rss: median(times.rss),
      atom: median(times.atom),
      json: median(times.json),
      all: median(times.all),
    },
  };
}

export interface RebuildFigures {
  events: number;
  feeds: number;
  batches: { label: string; seconds: number; filesWritten: number }[];
}

/** Stores `count` articles as ingest would and returns their events. */
async function store(
  from: number,
  count: number,
  articles: DynamoArticleRepository,
  content: S3ContentStore,
): Promise<ArticleEvent[]> {
  const events: ArticleEvent[] = [];
  for (let n = from; n < from + count; n++) {
    const a = article(n, SOURCES[n % 3]!);
    await content.putArticle(a);
    const entry = { ...entryOf(a), published: true };
    await articles.create(entry, listingOf(entry, new Date()));
    events.push(articleEventOf(entry, 'article.published', a.ingestedAt));
  }
  return events;
}

export async function benchRebuild(): Promise<RebuildFigures> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const dataDir = mkdtempSync(join(tmpdir(), 'bantin-bench-feeds-'));
  let feedFiles = 0;
  const stack = await startLocalStack({ projectRoot, dataDir, port: 8787, samplePort: 0 });
  try {
    for (const id of SOURCES) {
      await stack.sources.put(
        SourceSchema.parse({
          id,
          name: `Báo ${id}`,
          homepage: `https://${id}.example.vn/`,
          kind: 'feed',
          urls: [`https://${id}.example.vn/rss`],
        }),
      );
    }
    const db = DynamoDBDocumentClient.from(stack.aws.clients.dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const articles = new DynamoArticleRepository(stack.aws.tableNames.articles, db);
    const content = new S3ContentStore(stack.aws.bucket, stack.aws.clients.s3);
    const queue = stack.aws.queues.find((q) => q.name === 'feeds')!;
    const batches: RebuildFigures['batches'] = [];
    let feeds = 0;
    for (const [i, label] of ['100 events on empty feeds', '100 more (archive pages cut)'].entries()) {
      const events = await store(1 + i * 100, 100, articles, content);
      feeds = scopesTouchedBy(events).length;
      const before = await countFeedFiles(stack.aws.clients.s3, stack.aws.bucket);
      const started = performance.now();
      for (let k = 0; k < events.length; k += 10) {
        await stack.aws.clients.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: events
              .slice(k, k + 10)
              .map((e, n) => ({ Id: String(n), MessageBody: JSON.stringify(e) })),
          }),
        );
      }
      await stack.runner.drain();
      const seconds = (performance.now() - started) / 1000;
      feedFiles = (await countFeedFiles(stack.aws.clients.s3, stack.aws.bucket)) - before;
      batches.push({ label, seconds, filesWritten: feedFiles });
    }
    return { events: 100, feeds, batches };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Feed documents in the bucket (gzip twins excluded), to report what a rebuild created. */
async function countFeedFiles(s3: import('@aws-sdk/client-s3').S3Client, bucket: string): Promise<number> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'feeds/', ContinuationToken: token }),
    );
    count += (page.Contents ?? []).filter((o) => !o.Key?.endsWith('.gz')).length;
    token = page.NextContinuationToken;
  } while (token);
  return count;
}

export async function benchFeeds(): Promise<void> {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  for (const kept of [false, true]) {
    const render = benchRender(200, kept);
    console.log(
      `feed render, 50 items (median of ${render.runs}), ${kept ? 'entries kept from the last rebuild' : 'every entry written afresh'}: prepare ${ms(render.medianMs.prepare)} · RSS ${ms(render.medianMs.rss)} (${(render.bytes.rss / 1024).toFixed(0)} KB) · Atom ${ms(render.medianMs.atom)} (${(render.bytes.atom / 1024).toFixed(0)} KB) · JSON Feed ${ms(render.medianMs.json)} (${(render.bytes.json / 1024).toFixed(0)} KB) · all three ${ms(render.medianMs.all)}`,
    );
  }
  const rebuild = await benchRebuild();
  for (const batch of rebuild.batches) {
    console.log(
      `feed rebuild, ${batch.label}: ${rebuild.feeds} feeds touched, ${batch.seconds.toFixed(2)} s from the queue to every feed written (${batch.filesWritten} new feed files)`,
    );
  }
}

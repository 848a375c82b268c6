/**
 * Feeds on the embedded stack, through the production adapters: listing items and the
 * byListing index in DynamoDB (dynalite), feed files in S3 (fauxqs) with their types, cache
 * headers and gzip twins, archive pages built from the real stores, the feed directory, and
 * webhook subscriptions as SNS HTTPS subscriptions (fauxqs keeps them, with filter policies).
 */
import { gunzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type PutObjectCommandInput,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetSubscriptionAttributesCommand } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, SAMPLE_SOURCE_ID } from '../../infra/local/local-stack.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/article-repository.js';
import { S3ContentStore } from '../../shared/adapters/s3/content-store.js';
import { SnsWebhookSubscriptions } from '../../shared/adapters/sns/webhook-subscriptions.js';
import { type Article, ArticleSchema } from '../../shared/domain/article.js';
import { entryOf } from '../../shared/domain/article-entry.js';
import { listingOf } from '../../shared/domain/feed-listing.js';
import { WebhookConflict } from '../../shared/ports.js';
import {
  buildFeeds,
  CACHE_CONTROL,
  FEED_FORMATS,
  FEED_SIZE,
  INDEX_FILES,
} from '../../shared/syndicate/build-feeds.js';
import { WEBHOOK_DELIVERY_POLICY } from '../../shared/syndicate/push/filter-policy.js';
import { w3cValidate } from '../support/feed-validators.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;
let articles: DynamoArticleRepository;
let content: S3ContentStore;
// Later than the sample newspaper's articles (stored at the real time), so these list last.
let clock = Date.parse('2090-04-01T00:00:00Z');

async function object(key: string) {
  const result = await stack.aws.clients.s3.send(
    new GetObjectCommand({ Bucket: stack.aws.bucket, Key: key }),
  );
  return { ...result, bytes: Buffer.from(await result.Body!.transformToByteArray()) };
}

beforeAll(async () => {
  stack = await startTestStack();
  const db = DynamoDBDocumentClient.from(stack.aws.clients.dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  articles = new DynamoArticleRepository(stack.aws.tableNames.articles, db);
  content = new S3ContentStore(stack.aws.bucket, stack.aws.clients.s3);
  await stack.runCycle();
});

afterAll(async () => {
  await stack?.stop();
});

describe('feeds of the sample newspaper', () => {
  it('include one feed per category, by slug, with the articles of that category', async () => {
    const culture = JSON.parse((await object('feeds/categories/van-hoa.json')).bytes.toString('utf-8'));
    expect(culture.title).toBe('Văn hóa — Bantin');
    expect(culture.items.map((i: { title: string }) => i.title)).toEqual([
      'Khai mạc Tuần Văn hóa - Du lịch năm 2019',
    ]);
    const economy = JSON.parse((await object('feeds/categories/kinh-te.json')).bytes.toString('utf-8'));
    expect(economy.items).toHaveLength(2);
  });

  it('are stored with their type, charset and cache lifetime, and gzip twins for Atom, JSON and OPML', async () => {
    // fauxqs keeps Content-Type but drops Cache-Control and Content-Encoding: what the adapter
    // asks S3 to keep is read from the PutObject requests it sends.
    const puts = new Map<string, PutObjectCommandInput>();
    const s3 = new S3Client({
      region: stack.aws.env.AWS_REGION,
      endpoint: stack.aws.env.AWS_ENDPOINT_URL_S3,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      forcePathStyle: true,
    });
    s3.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as PutObjectCommandInput;
        if (input.Key && input.Body) puts.set(input.Key, input);
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = new S3ContentStore(stack.aws.bucket, s3);
    for (const [file, type] of Object.entries({ ...FEED_FORMATS, ...INDEX_FILES })) {
      const path = file.includes('.') ? `probe/${file}` : `probe/feed.${file}`;
      await store.putFeedFile(path, `probe ${file} ✓`, type, { cacheControl: CACHE_CONTROL.current });
    }
    await store.putFeedFile('probe/archive/1.atom', 'page', FEED_FORMATS.atom, {
      cacheControl: CACHE_CONTROL.archive,
    });
    expect(puts.get('feeds/probe/feed.rss')).toMatchObject({
      ContentType: 'application/rss+xml; charset=utf-8',
      CacheControl: CACHE_CONTROL.current,
    });
    expect(puts.get('feeds/probe/feed.rss.gz')).toBeUndefined();
    expect(puts.get('feeds/probe/index.html.gz')).toBeUndefined();
    for (const twin of ['feed.atom', 'feed.json', 'index.opml']) {
      expect(puts.get(`feeds/probe/${twin}.gz`), twin).toMatchObject({
        ContentEncoding: 'gzip',
        CacheControl: CACHE_CONTROL.current,
      });
    }
    expect(puts.get('feeds/probe/archive/1.atom')?.CacheControl).toBe(CACHE_CONTROL.archive);
    s3.destroy();

    const expected = {
      'all.rss': 'application/rss+xml; charset=utf-8',
      'all.atom': 'application/atom+xml; charset=utf-8',
      'all.json': 'application/feed+json; charset=utf-8',
      'index.opml': 'text/x-opml; charset=utf-8',
      'index.html': 'text/html; charset=utf-8',
    };
    for (const [file, type] of Object.entries(expected)) {
      const plain = await object(`feeds/${file}`);
      expect(plain.ContentType, file).toBe(type);
      const twin = await stack.aws.clients.s3
        .send(new HeadObjectCommand({ Bucket: stack.aws.bucket, Key: `feeds/${file}.gz` }))
        .catch(() => undefined);
      if (/\.(rss|html)$/.test(file)) {
        expect(twin, file).toBeUndefined();
      } else {
        const gz = await object(`feeds/${file}.gz`);
        expect(gz.ContentType, file).toBe(type);
        expect(gunzipSync(gz.bytes).equals(plain.bytes), file).toBe(true);
      }
    }
  });

  it('are listed in the OPML directory and the HTML index with autodiscovery links', async () => {
    const opml = (await object('feeds/index.opml')).bytes.toString('utf-8');
    for (const path of ['all', `sources/${SAMPLE_SOURCE_ID}`, 'categories/van-hoa', 'categories/giao-duc']) {
      expect(opml).toContain(`xmlUrl="http://localhost:8787/feeds/${path}.rss"`);
    }
    const html = (await object('feeds/index.html')).bytes.toString('utf-8');
    expect(html).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Văn hóa — Bantin (Atom 1.0)" href="http://localhost:8787/feeds/categories/van-hoa.atom">',
    );
  });
});

describe('feeds of the sample newspaper, judged by the W3C Feed Validation Service', () => {
  it('have no error in any RSS, Atom or OPML file', async () => {
    const listed = await stack.aws.clients.s3.send(
      new ListObjectsV2Command({ Bucket: stack.aws.bucket, Prefix: 'feeds/' }),
    );
    const keys = (listed.Contents ?? []).map((o) => o.Key!).filter((key) => /\.(rss|atom|opml)$/.test(key));
    expect(keys).toEqual(expect.arrayContaining(['feeds/all.atom', 'feeds/index.opml']));
    const documents = await Promise.all(
      keys.map(async (key) => ({
        name: key,
        body: (await object(key)).bytes.toString('utf-8'),
        url: `http://localhost:8787/${key}`,
      })),
    );
    expect(w3cValidate(documents).filter((report) => report.errors.length > 0)).toEqual([]);
  });
});

describe('listings in DynamoDB', () => {
  const article = (n: number, categories: string[]): Article =>
    ArticleSchema.parse({
      id: `c0ffee${String(n).padStart(18, '0')}`,
      sourceId: 'bao-lich-su',
      url: `https://lichsu.example.vn/bai/${n}.html`,
      canonicalUrl: `https://lichsu.example.vn/bai/${n}.html`,
      title: `Bài lịch sử số ${n}`,
      summary: 'Tóm tắt',
      contentHtml: `<p>Nội dung ${n}</p>`,
      contentText: `Nội dung ${n}`,
      // Published long ago and in reverse: the listing follows the storing order, not these dates.
      publishedAt: new Date(Date.parse('2020-01-01T00:00:00Z') - n * 60_000).toISOString(),
      updatedAt: new Date(Date.parse('2020-01-01T00:00:00Z') - n * 60_000).toISOString(),
      categories,
      fingerprint: '0123456789abcdef',
      ingestedAt: '2026-04-01T00:00:00Z',
    });

  const stored: Article[] = [];

  beforeAll(async () => {
    for (let n = 1; n <= 120; n++) {
      const a = article(n, n % 2 ? ['Lịch sử'] : ['Lịch Sử', 'Đầu tư']);
      stored.push(a);
      await content.putArticle(a);
      const entry = { ...entryOf(a), published: true };
      clock += 1000;
      expect(await articles.create(entry, listingOf(entry, new Date(clock)))).toBe(true);
    }
  });

  it('list a feed in storing order, both ways, between keys', async () => {
    const scope = { kind: 'source' as const, sourceId: 'bao-lich-su' };
    const oldest = await articles.listed(scope, { order: 'oldest-first', limit: 1000 });
    expect(oldest.map((l) => l.articleId)).toEqual(stored.map((a) => a.id));
    const newest = await articles.listed(scope, { order: 'newest-first', limit: 5 });
    expect(newest.map((l) => l.articleId)).toEqual(
      stored
        .slice(-5)
        .reverse()
        .map((a) => a.id),
    );
    const middle = await articles.listed(scope, {
      order: 'oldest-first',
      after: oldest[9]!.listedKey,
      upTo: oldest[19]!.listedKey,
      limit: 100,
    });
    expect(middle.map((l) => l.articleId)).toEqual(stored.slice(10, 20).map((a) => a.id));
    expect(await articles.listedKeys(scope, [stored[3]!.id, 'ffffffffffffffffffffffff'])).toEqual([
      oldest[3],
    ]);
  });

  it('put an article in every feed it belongs to, categories by slug, once even when spelt twice', async () => {
    const history = await articles.listed(
      { kind: 'category', slug: 'lich-su' },
      { order: 'oldest-first', limit: 1000 },
    );
    expect(history).toHaveLength(120);
    const investment = await articles.listed(
      { kind: 'category', slug: 'dau-tu' },
      { order: 'oldest-first', limit: 1000 },
    );
    expect(investment).toHaveLength(60);
    const all = await articles.listed({ kind: 'all' }, { order: 'newest-first', limit: 3 });
    expect(all.map((l) => l.articleId)).toEqual(
      stored
        .slice(-3)
        .reverse()
        .map((a) => a.id),
    );
    const newest = await articles.newest({ kind: 'category', slug: 'dau-tu' }, 2);
    expect(newest.map((e) => e.id)).toEqual([stored[119]!.id, stored[117]!.id]);
  });

  it('build archive pages from the real stores that an aggregator can walk back', async () => {
    const deps = { sources: stack.sources, articles, content, feedsBaseUrl: 'http://localhost:8787/feeds' };
    const result = await buildFeeds([{ kind: 'category', slug: 'lich-su' }], deps);
    expect(result.archivePages).toEqual(['categories/lich-su/archive/1', 'categories/lich-su/archive/2']);
    const seen = new Set<string>();
    let doc = JSON.parse((await object('feeds/categories/lich-su.json')).bytes.toString('utf-8'));
    expect(doc.items).toHaveLength(FEED_SIZE);
    for (const item of doc.items) seen.add(item.id);
    let pages = 0;
    while (doc.next_url) {
      const key = String(doc.next_url).replace('http://localhost:8787/', '');
      doc = JSON.parse((await object(key)).bytes.toString('utf-8'));
      for (const item of doc.items) seen.add(item.id);
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen.size).toBe(120);
    // Rebuilt from the same content: the same bytes, nothing written.
    const again = await buildFeeds([{ kind: 'category', slug: 'lich-su' }], deps);
    expect(again.filesWritten).toBe(0);
  });
});

describe('webhooks as SNS subscriptions', () => {
  it('subscribe an HTTPS endpoint with a filter policy on the event attributes, list and remove it', async () => {
    const topicArn = stack.aws.env.ARTICLE_EVENTS_TOPIC_ARN!;
    const subscriptions = new SnsWebhookSubscriptions(
      topicArn,
      stack.aws.webhookDeadLetters.arn,
      stack.aws.clients.sns,
    );
    const hook = await subscriptions.register('https://aggregator.example.com/hooks/bantin', {
      kind: 'category',
      slug: 'van-hoa',
    });
    expect(hook).toMatchObject({
      endpoint: 'https://aggregator.example.com/hooks/bantin',
      status: 'pending-confirmation',
    });
    expect(hook.id.startsWith(`${topicArn}:`)).toBe(true);
    // Retried for about half an hour, not SNS's default of three tries within a minute.
    const { Attributes = {} } = await stack.aws.clients.sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: hook.id }),
    );
    expect(JSON.parse(Attributes.DeliveryPolicy!)).toEqual(WEBHOOK_DELIVERY_POLICY);
    // What SNS gives up on goes to the webhooks' dead-letter queue.
    expect(JSON.parse(Attributes.RedrivePolicy!)).toEqual({
      deadLetterTargetArn: stack.aws.webhookDeadLetters.arn,
    });
    // The same URL with another filter (two registrations at once get past the check before).
    await expect(
      subscriptions.register('https://aggregator.example.com/hooks/bantin', {
        kind: 'source',
        sourceId: 'x',
      }),
    ).rejects.toBeInstanceOf(WebhookConflict);
    const listed = await subscriptions.list();
    expect(listed).toEqual([
      {
        id: hook.id,
        endpoint: 'https://aggregator.example.com/hooks/bantin',
        filter: { kind: 'category', slug: 'van-hoa' },
        status: 'pending-confirmation',
      },
    ]);
    // A webhook registered before webhooks had a dead-letter queue gets it when the webhooks are listed.
    const older = new SnsWebhookSubscriptions(
      topicArn,
      'arn:aws:sqs:ap-southeast-1:000000000000:old-dlq',
      stack.aws.clients.sns,
    );
    await older.list();
    const redrive = async () =>
      JSON.parse(
        (await stack.aws.clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: hook.id })))
          .Attributes!.RedrivePolicy!,
      );
    expect(await redrive()).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:ap-southeast-1:000000000000:old-dlq',
    });
    await subscriptions.list();
    expect(await redrive()).toEqual({ deadLetterTargetArn: stack.aws.webhookDeadLetters.arn });
    expect(await subscriptions.remove('arn:aws:sns:elsewhere:000000000000:other:1234')).toBe(false);
    expect(await subscriptions.remove(hook.id)).toBe(true);
    expect(await subscriptions.list()).toEqual([]);
    expect(await subscriptions.remove(hook.id)).toBe(false);
  });
});

/**
 * Cross-source dedupe on the embedded stack: the sample newspaper (Báo Hà Nam's pages) and a
 * national paper republishing the same six stories, served over HTTP, polled by the real
 * handlers. The story index (byStory) and the conditional copy updates run on dynalite.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, SAMPLE_SOURCE_ID } from '../../infra/local/local-stack.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/article-repository.js';
import { DynamoClippingStore } from '../../shared/adapters/dynamodb/clipping-store.js';
import { SourceSchema } from '../../shared/domain/source.js';
import { articleIdFor } from '../../shared/ingest/normalize/identity.js';
import { fixture } from '../support/fixtures.js';
import { startTestStack } from '../support/local-stack.js';
import { SLUGS } from '../support/sample-site.js';

const NATIONAL_ID = 'tin-tuc-quoc-gia';
const FIXTURE_ORIGIN = 'https://tintuc-quocgia.example.vn';

let stack: LocalStack;
let national: Server;
let origin: string;
let articles: DynamoArticleRepository;
let documents: DynamoDBDocumentClient;

/** The national paper: its fixture pages and an RSS feed of them, on a loopback port. */
async function startNationalPaper(): Promise<void> {
  national = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const slug = /^\/tin-tuc\/([a-z0-9-]+)\.html$/.exec(path)?.[1];
    if (path === '/rss/tin-moi.rss') {
      const items = SLUGS.map((s) => {
        const e = JSON.parse(fixture(`pages/national/${s}.expected.json`)) as {
          title: string;
          publishedAt: string;
        };
        return `<item><title><![CDATA[${e.title}]]></title><link>${origin}/tin-tuc/${s}.html</link><pubDate>${new Date(e.publishedAt).toUTCString()}</pubDate></item>`;
      });
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin mới</title><link>${origin}/</link><description>Tin</description>${items.join('')}</channel></rss>`,
      );
    } else if (slug && SLUGS.includes(slug)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(fixture(`pages/national/${slug}.html`).split(FIXTURE_ORIGIN).join(origin));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => national.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(national.address() as AddressInfo).port}`;
}

async function readObject(key: string): Promise<string> {
  const object = await stack.aws.clients.s3.send(
    new GetObjectCommand({ Bucket: stack.aws.bucket, Key: key }),
  );
  return object.Body!.transformToString('utf-8');
}

beforeAll(async () => {
  stack = await startTestStack();
  await startNationalPaper();
  documents = DynamoDBDocumentClient.from(stack.aws.clients.dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  articles = new DynamoArticleRepository(stack.aws.tableNames.articles, documents);
});

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => (national ? national.close(() => resolve()) : resolve()));
});

describe('the same story from two papers on the embedded stack', () => {
  it('stores the sample paper’s six stories, then records the national copies on them', async () => {
    expect(await stack.runCycle()).toMatchObject({ articlesNew: 6, eventsPublished: 6, failedSources: [] });
    await stack.sources.put(
      SourceSchema.parse({
        id: NATIONAL_ID,
        name: 'Tin tức Quốc gia',
        homepage: `${origin}/`,
        kind: 'feed',
        urls: [`${origin}/rss/tin-moi.rss`],
      }),
    );

    const second = await stack.runCycle();
    expect(second).toMatchObject({
      sourcesPolled: 2,
      articlesNew: 0,
      articlesDuplicate: 12,
      articlesFailed: 0,
      // The six stories now credit the national paper: their feeds are rebuilt with it.
      eventsPublished: 6,
      failedSources: [],
    });
    const items = JSON.parse(await readObject('feeds/all.json')).items as {
      id: string;
      content_html: string;
    }[];
    expect(items).toHaveLength(6);
    expect(items.every((item) => item.content_html.includes('Cũng đăng trên:'))).toBe(true);
    // The national paper stored none of them, yet its own feed has the six it ran.
    const ids = (feed: { items: { id: string }[] }) => feed.items.map((item) => item.id).sort();
    expect(ids(JSON.parse(await readObject(`feeds/sources/${NATIONAL_ID}.json`)))).toEqual(ids({ items }));
    // And its readers' mail hears of them: each copy's event reached the alerts queue and is
    // clipped as the national paper's.
    const clipped = await new DynamoClippingStore(stack.aws.tableNames.clippings, documents).recordedBetween(
      new Date(Date.now() - 3_600_000),
      new Date(Date.now() + 60_000),
    );
    const copies = clipped.filter((c) => c.sourceId === NATIONAL_ID);
    expect(copies).toHaveLength(6);
    expect(copies.every((c) => c.copyOf === SAMPLE_SOURCE_ID && c.url.startsWith(`${origin}/tin-tuc/`))).toBe(
      true,
    );
    expect(clipped.filter((c) => c.sourceId === SAMPLE_SOURCE_ID)).toHaveLength(6);

    for (const slug of SLUGS) {
      const url = `${origin}/tin-tuc/${slug}.html`;
      const entry = await articles.resolve(articleIdFor(url));
      expect(entry).toMatchObject({
        sourceId: SAMPLE_SOURCE_ID,
        alsoPublishedBy: [{ sourceId: NATIONAL_ID, url }],
      });
      expect(entry?.originalSourceId).toBeUndefined();
      const stored = JSON.parse(await readObject(`articles/${entry!.id}.json`));
      expect(stored.alsoPublishedBy).toEqual(entry!.alsoPublishedBy);
    }
  });

  it('finds only duplicates on the next cycle and records no copy twice', async () => {
    const third = await stack.runCycle();
    expect(third).toMatchObject({ articlesNew: 0, articlesDuplicate: 12, eventsPublished: 0 });
    const entry = await articles.resolve(articleIdFor(`${origin}/tin-tuc/toa-dam-qcdc.html`));
    expect(entry?.alsoPublishedBy).toHaveLength(1);
  });

  it('refuses a copy written against a stale read (another writer got there first)', async () => {
    const entry = (await articles.resolve(articleIdFor(`${origin}/tin-tuc/thi-vao-lop-10.html`)))!;
    const copy = {
      sourceId: 'bao-khac',
      url: 'https://bao-khac.example.vn/a.html',
      publishedAt: entry.publishedAt,
    };
    expect(await articles.addStoryCopy(entry.id, copy, undefined, 0)).toBe(false);
    expect(await articles.addStoryCopy(entry.id, copy, 'bao-khac', 1)).toBe(true);
    expect(await articles.get(entry.id)).toMatchObject({
      alsoPublishedBy: [expect.objectContaining({ sourceId: NATIONAL_ID }), copy],
      originalSourceId: 'bao-khac',
    });
    const window = { from: '2019-06-01T00:00:00Z', to: '2019-06-30T00:00:00Z' };
    expect((await articles.findByStoryKey(entry.storyKey!, window, 10)).map((e) => e.id)).toEqual([entry.id]);
    expect(
      await articles.findByStoryKey(entry.storyKey!, { ...window, to: '2019-06-02T00:00:00Z' }, 10),
    ).toEqual([]);
  });
});

/**
 * The real handlers against the embedded stand-ins (dynalite, fauxqs), driven by the local
 * runner from the topology: the same wiring `npm start` uses.
 */
import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalStack, SAMPLE_SOURCE_ID } from '../../infra/local/local-stack.js';
import { topology } from '../../infra/topology.js';
import { excerptOf } from '../../shared/domain/excerpt.js';
import { startTestStack } from '../support/local-stack.js';

let stack: LocalStack;

async function readObject(key: string): Promise<string> {
  const object = await stack.aws.clients.s3.send(
    new GetObjectCommand({ Bucket: stack.aws.bucket, Key: key }),
  );
  return object.Body!.transformToString('utf-8');
}

/** The newest article of feeds/all.json, and its `article.published` event as made from the index (no excerpt). */
async function newestArticleEvent() {
  const newest = JSON.parse(await readObject('feeds/all.json')).items[0];
  const articleId = String(newest.id).split(':').pop()!;
  const event = {
    type: 'article.published',
    articleId,
    sourceId: SAMPLE_SOURCE_ID,
    canonicalUrl: newest.url,
    title: newest.title,
    categories: [],
    language: 'vi',
    publishedAt: newest.date_published,
    occurredAt: new Date().toISOString(),
  };
  return { articleId, event };
}

function queue(name: string) {
  const found = stack.aws.queues.find((q) => q.name === name);
  if (!found) throw new Error(`no queue ${name}`);
  return found;
}

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('the pipeline on the embedded stack', () => {
  it('ingests the sample newspaper, fans out through SNS and writes every feed', async () => {
    const summary = await stack.runCycle();
    expect(summary).toMatchObject({
      sourcesPolled: 1,
      articlesNew: 6,
      articlesDuplicate: 0,
      articlesFailed: 0,
      eventsPublished: 6,
      failedSources: [],
    });
    // all, the source and its 5 categories, three formats each, once per batch at most; the OPML and HTML directory.
    expect(summary.feedFilesWritten).toBe(7 * 3 + 2);
    const json = JSON.parse(await readObject('feeds/all.json'));
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items).toHaveLength(6);
    const bySource = JSON.parse(await readObject(`feeds/sources/${SAMPLE_SOURCE_ID}.json`));
    expect(bySource.items.map((i: { id: string }) => i.id).sort()).toEqual(
      json.items.map((i: { id: string }) => i.id).sort(),
    );
    expect(await readObject('feeds/all.rss')).toContain('<rss');
    expect(await readObject('feeds/all.atom')).toContain('<feed');
    const health = (await stack.sources.get(SAMPLE_SOURCE_ID))!.health;
    expect(health.lastPoll).toMatchObject({ status: 'ok', itemsNew: 6, httpStatus: 200 });
  });

  it('adds nothing and rewrites no feed on the next cycle', async () => {
    await stack.runCycle(); // the sample paper's articles are stored, whichever tests ran before
    const summary = await stack.runCycle();
    expect(summary).toMatchObject({
      articlesNew: 0,
      articlesDuplicate: 6,
      eventsPublished: 0,
      feedFilesWritten: 0,
    });
    expect(JSON.parse(await readObject('feeds/all.json')).items).toHaveLength(6);
  });

  it('requests the feeds of a source again only once it has changed, as the admin API does', async () => {
    await stack.runCycle();
    const invoke = vi.spyOn(stack.runner, 'invoke');
    const builds = () => invoke.mock.calls.filter(([name]) => name === 'build-feeds').length;
    try {
      await stack.runCycle();
      expect(builds()).toBe(0);
      const { source } = (await stack.sources.get(SAMPLE_SOURCE_ID))!;
      await stack.sources.put({ ...source, name: 'Báo Hà Nam (đổi tên)' });
      const summary = await stack.runCycle();
      expect(summary.articlesNew).toBe(0);
      expect(summary.feedFilesWritten).toBeGreaterThan(0);
      expect(builds()).toBe(1);
      expect(await readObject(`feeds/sources/${SAMPLE_SOURCE_ID}.rss`)).toContain('Báo Hà Nam (đổi tên)');
    } finally {
      invoke.mockRestore();
      const { source } = (await stack.sources.get(SAMPLE_SOURCE_ID))!;
      await stack.sources.put({ ...source, name: 'Báo Hà Nam (mẫu)' });
      await stack.runCycle();
    }
  });

  it('moves a message that keeps failing to the dead-letter queue after maxReceiveCount tries', async () => {
    const feeds = queue('feeds');
    const body = '{"type":"nonsense"}';
    const invoke = vi.spyOn(stack.runner, 'invoke');
    try {
      await stack.aws.clients.sqs.send(new SendMessageCommand({ QueueUrl: feeds.url, MessageBody: body }));
      await stack.runner.drain(30_000);
      const tries = invoke.mock.calls.filter(
        ([name, event]) => name === 'build-feeds' && (event as SQSEvent).Records.some((r) => r.body === body),
      );
      expect(tries).toHaveLength(topology.queues.feeds.maxReceiveCount);
      expect(topology.queues.feeds.maxReceiveCount).toBe(5);
    } finally {
      invoke.mockRestore();
    }
    const { Messages = [] } = await stack.aws.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: feeds.dlqUrl, MessageSystemAttributeNames: ['All'] }),
    );
    expect(Messages.map((m) => m.Body)).toEqual([body]);
  });

  it('clips an event announced again from the index (no excerpt) from the body send-alerts reads', async () => {
    await stack.runCycle();
    const { articleId, event } = await newestArticleEvent();
    const { dynamodb } = stack.aws.clients;
    const TableName = stack.aws.tableNames.clippings;
    const key = (at: number) => ({
      day: { S: new Date(at).toISOString().slice(0, 10) },
      articleId: { S: articleId },
    });
    // The clipping the first cycle recorded (today, or yesterday at midnight) is taken away.
    for (const at of [Date.now(), Date.now() - 86_400_000])
      await dynamodb.send(new DeleteItemCommand({ TableName, Key: key(at) }));
    await stack.aws.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queue('alerts').url, MessageBody: JSON.stringify(event) }),
    );
    expect(await stack.runner.pollOnce('send-alerts')).toBe(1);
    await stack.runner.drain(30_000);
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName, Key: key(Date.now()) }));
    const body = JSON.parse(await readObject(`articles/${articleId}.json`));
    expect(Item?.summary?.S).toBe(excerptOf(body));
    expect(Item?.summary?.S?.length).toBeGreaterThan(20);
  });

  it('retries only the failed records of a batch (batchItemFailures)', async () => {
    await stack.runCycle(); // feeds/all.json holds the sample paper's articles
    const feeds = queue('feeds');
    const { event } = await newestArticleEvent();
    await stack.aws.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: feeds.url, MessageBody: JSON.stringify(event) }),
    );
    await stack.aws.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: feeds.url, MessageBody: 'not json' }),
    );
    const took = await stack.runner.pollOnce('build-feeds');
    expect(took).toBe(2);
    await stack.runner.drain(30_000);
    const { Messages = [] } = await stack.aws.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: feeds.dlqUrl, MaxNumberOfMessages: 10 }),
    );
    expect(Messages.map((m) => m.Body)).toEqual(['not json']);
  });
});

/**
 * Every queue consumer under concurrency, on the embedded stack: the same batch, and
 * overlapping batches, handed to the handler 8 at a time, as an SQS event source with a
 * maximum concurrency of 8 and at-least-once delivery would. The final state must be the one a
 * one-at-a-time run leaves: the same feed bytes, the same counts, no mail twice. A record that
 * fails (e.g. another delivery of it is in progress), or every record of an invocation that throws,
 * is handed over again, as SQS does after its visibility timeout, a bounded number of times.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { PurgeQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, SAMPLE_SOURCE_ID } from '../../infra/local/local-stack.js';
import { outboxFiles } from '../../infra/local/mail.js';
import type { FunctionName, QueueName } from '../../infra/topology.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/article-repository.js';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.js';
import { DynamoSourceRepository } from '../../shared/adapters/dynamodb/source-repository.js';
import { DynamoSubscriberRepository } from '../../shared/adapters/dynamodb/subscriber-repository.js';
import type { ArticleEvent } from '../../shared/domain/events.js';
import type { Subscriber } from '../../shared/domain/subscriber.js';
import { TokenSigner } from '../../shared/mail/tokens.js';
import { startTestStack } from '../support/local-stack.js';
import { sqsRecord } from '../support/sqs-record.js';

const AT_ONCE = 8;
/** Deliveries of a failed record before the test gives up (SQS: maxReceiveCount). */
const MAX_DELIVERIES = 5;

let stack: LocalStack & { dataDir: string };
let db: ReturnType<typeof makeDocumentClient>;
let articles: DynamoArticleRepository;
let sources: DynamoSourceRepository;
let subscribers: DynamoSubscriberRepository;
let signer: TokenSigner;

beforeAll(async () => {
  stack = await startTestStack();
  db = makeDocumentClient(stack.aws.clientConfig('dynamodb'));
  articles = new DynamoArticleRepository(stack.aws.tableNames.articles, db);
  sources = new DynamoSourceRepository(stack.aws.tableNames.sources, db);
  subscribers = new DynamoSubscriberRepository(stack.aws.tableNames.subscribers, db);
  signer = new TokenSigner(readFileSync(join(stack.dataDir, 'mail-token-secret'), 'utf8').trim());
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * Runs batches of message bodies through a consumer, `atOnce` invocations at a time, each
 * batch until none of its records fails (bounded); returns the invocations made. A failed
 * record comes back once every invocation of its wave has ended, as SQS brings it back after
 * its visibility timeout (at least 6 times the function's timeout), never beside its first run.
 */
async function run(name: FunctionName, batches: string[][], atOnce: number): Promise<number> {
  let invocations = 0;
  const invoke = async (records: SQSRecord[]): Promise<SQSRecord[]> => {
    invocations++;
    let response: SQSBatchResponse;
    try {
      response = (await stack.runner.invoke(name, {
        Records: records,
      } satisfies SQSEvent)) as SQSBatchResponse;
    } catch {
      return records; // A function that throws fails its whole batch: SQS delivers it all again.
    }
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    return records.filter((r) => failed.has(r.messageId));
  };
  for (let i = 0; i < batches.length; i += atOnce) {
    let waiting = batches.slice(i, i + atOnce).map((bodies) => bodies.map((body) => sqsRecord(body)));
    for (let delivery = 1; waiting.some((records) => records.length > 0); delivery++) {
      if (delivery > MAX_DELIVERIES)
        throw new Error(`${name}: records still failing after ${MAX_DELIVERIES} deliveries`);
      waiting = await Promise.all(waiting.map((records) => (records.length > 0 ? invoke(records) : records)));
    }
  }
  return invocations;
}

/** Each window of `size` bodies, starting every `step`: batches that overlap. */
const overlapping = <T>(items: T[], size: number, step: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / step) }, (_, i) =>
    items.slice(i * step, i * step + size),
  ).filter((b) => b.length > 0);

async function publishOnSample(n: number, tag: string): Promise<void> {
  for (let i = 1; i <= n; i++) {
    const response = await fetch(`${stack.sample.origin}/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: `Tin ${tag} số ${i}: Hà Nam mở rộng đường`,
        summary: `Tóm tắt tin ${tag} số ${i}.`,
        paragraphs: [`Nội dung tin ${tag} số ${i}, đoạn một.`, `Đoạn hai của tin ${tag} số ${i}.`],
        category: i % 2 ? 'Xã hội' : 'Kinh tế',
      }),
    });
    expect(response.status).toBe(201);
  }
}

/** The bodies of every message waiting on a queue (and the queue emptied). */
async function takeAll(queue: QueueName): Promise<string[]> {
  const url = stack.aws.queues.find((q) => q.name === queue)!.url;
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await stack.aws.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }),
    );
    if (Messages.length === 0) break;
    bodies.push(...Messages.map((m) => m.Body!));
  }
  await stack.aws.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  return bodies;
}

async function sourceArticleIds(): Promise<string[]> {
  const listed = await articles.listed(
    { kind: 'source', sourceId: SAMPLE_SOURCE_ID },
    {
      order: 'oldest-first',
      limit: 10_000,
    },
  );
  return listed.map((l) => l.articleId);
}

/** Every object under `prefix`, key → bytes. */
async function objects(prefix: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await stack.aws.clients.s3.send(
      new ListObjectsV2Command({ Bucket: stack.aws.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const { Key } of page.Contents ?? []) {
      const object = await stack.aws.clients.s3.send(new GetObjectCommand({ Bucket: stack.aws.bucket, Key }));
      found.set(Key!, await object.Body!.transformToString());
    }
    token = page.NextContinuationToken;
  } while (token);
  return found;
}

async function removeFeeds(): Promise<void> {
  for (const prefix of ['feeds/', 'state/feeds/']) {
    const keys = [...(await objects(prefix)).keys()];
    for (let i = 0; i < keys.length; i += 1000) {
      await stack.aws.clients.s3.send(
        new DeleteObjectsCommand({
          Bucket: stack.aws.bucket,
          Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) },
        }),
      );
    }
  }
}

async function mails(): Promise<{ to: string; kind: string; subject: string; text: string }[]> {
  return Promise.all(
    outboxFiles(stack.outboxDir).map(async (file) => {
      const mail = await simpleParser(readFileSync(join(stack.outboxDir, file)));
      const to = [mail.to ?? []].flat()[0]?.text ?? '';
      return { to, kind: file.split('-')[1] ?? '', subject: mail.subject ?? '', text: mail.text ?? '' };
    }),
  );
}

async function confirmed(
  email: string,
  preferences: Partial<Subscriber['preferences']>,
): Promise<Subscriber> {
  const subscriber: Subscriber = {
    id: signer.subscriberId(email),
    email,
    status: 'confirmed',
    preferences: {
      sources: [],
      categories: [],
      keywords: [],
      frequency: 'daily',
      sendHour: 7,
      timeZone: 'Asia/Ho_Chi_Minh',
      ...preferences,
    },
    createdAt: '2026-01-01T00:00:00Z',
    confirmedAt: '2026-01-01T00:00:00Z',
    nextDigestAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  };
  await subscribers.save(subscriber, undefined);
  return subscriber;
}

let events: ArticleEvent[] = [];

describe(`queue consumers, ${AT_ONCE} invocations at once`, () => {
  it('ingest-source: polls racing each other (manual and scheduled) store each article once and lose no event', async () => {
    await publishOnSample(40, 'A');
    const request = (reason: string) =>
      JSON.stringify({ sourceId: SAMPLE_SOURCE_ID, requestedAt: new Date().toISOString(), reason });
    const requests = Array.from({ length: AT_ONCE }, (_, i) => [request(i % 2 ? 'manual' : 'schedule')]);
    await run('ingest-source', requests, AT_ONCE);
    const stored = await sourceArticleIds();
    // The sample paper's 6 fixture articles and the 40 just published, each once.
    expect(stored).toHaveLength(46);
    expect(new Set(stored).size).toBe(46);
    for (const id of stored) expect((await articles.get(id))?.published, id).toBe(true);
    // Every article's event reached the feeds queue (some more than once: at-least-once is fine).
    const published = (await takeAll('feeds')).map((body) => JSON.parse(body) as ArticleEvent);
    expect(new Set(published.map((e) => e.articleId))).toEqual(new Set(stored));
    events = [...new Map(published.map((e) => [e.articleId, e])).values()];
    await takeAll('alerts');
    expect(stack.figures.snapshot().bySource[SAMPLE_SOURCE_ID]?.ArticlesNew).toBe(46);

    // One at a time, a second round finds nothing new: the same articles, and no event but the
    // updates of articles whose images a slow first round left to retry (under load, it can).
    const pending = new Set((await sources.get(SAMPLE_SOURCE_ID))?.pendingImages ?? []);
    await run('ingest-source', requests, 1);
    expect(await sourceArticleIds()).toEqual(stored);
    const second = (await takeAll('feeds')).map((body) => JSON.parse(body) as ArticleEvent);
    for (const event of second) {
      expect(event.type, event.articleId).toBe('article.updated');
      expect(pending.has(event.articleId), event.articleId).toBe(true);
    }
  });

  it('build-feeds: batches racing each other and an ingest storing more leave the bytes of a one-at-a-time run', async () => {
    // More than a feed's worth, so archive pages are cut too. While this ingest stores them,
    // builders run without pause on the earlier events, each reading the listing at its own
    // moment; the new events are built while the last of those may still be writing.
    await publishOnSample(10, 'B');
    await removeFeeds();
    const earlier = events.map((e) => JSON.stringify(e));
    let ingested = false;
    const ingest = run(
      'ingest-source',
      [
        [
          JSON.stringify({
            sourceId: SAMPLE_SOURCE_ID,
            requestedAt: new Date().toISOString(),
            reason: 'manual',
          }),
        ],
      ],
      1,
    ).finally(() => {
      ingested = true;
    });
    const inFlight = new Set<Promise<unknown>>();
    const launch = (batch: string[]) => {
      const build: Promise<unknown> = run('build-feeds', [batch], 1).finally(() => inFlight.delete(build));
      inFlight.add(build);
    };
    let launched = 0;
    for (let i = 0; !ingested && launched < 400; i = (i + 7) % earlier.length, launched++) {
      if (inFlight.size >= AT_ONCE) await Promise.race(inFlight);
      launch(earlier.slice(i, i + 20));
    }
    await ingest;
    const fresh = await takeAll('feeds');
    await takeAll('alerts');
    expect(fresh).toHaveLength(10);
    for (const batch of overlapping(fresh, 4, 2)) launch(batch);
    while (inFlight.size > 0) await Promise.race(inFlight);
    const racing = await objects('feeds/');
    events.push(...fresh.map((body) => JSON.parse(body) as ArticleEvent));
    expect(events.length).toBe(56);

    const bodies = events.map((e) => JSON.stringify(e));
    await removeFeeds();
    await run('build-feeds', overlapping(bodies, 20, 7), 1);
    const serial = await objects('feeds/');
    expect(serial.has('feeds/all/archive/1.json')).toBe(true);
    expect([...racing.keys()].sort()).toEqual([...serial.keys()].sort());
    for (const [key, bytes] of serial) expect(racing.get(key), key).toBe(bytes);

    // The same batch and overlapping batches, 8 at a time, on the stored articles.
    await removeFeeds();
    await run(
      'build-feeds',
      [...overlapping(bodies, 20, 7), ...Array.from({ length: AT_ONCE }, () => bodies)],
      AT_ONCE,
    );
    const again = await objects('feeds/');
    for (const [key, bytes] of serial) expect(again.get(key), key).toBe(bytes);
    expect(JSON.parse(again.get('feeds/all.json')!).items).toHaveLength(50);
  });

  it('send-alerts: each article alerted once per subscriber, however the batches overlap', async () => {
    const serialReader = await confirmed('lan-luot@example.vn', {
      frequency: 'instant',
      keywords: ['Hà Nam'],
    });
    const racingReader = await confirmed('cung-luc@example.vn', {
      frequency: 'instant',
      keywords: ['Hà Nam'],
    });
    const few = events
      .filter((e) => e.title.startsWith('Tin A số'))
      .slice(0, 12)
      .map((e) => JSON.stringify(e));
    expect(few).toHaveLength(12);
    const batches = [...overlapping(few, 4, 2), ...Array.from({ length: AT_ONCE }, () => few.slice(0, 3))];
    const alerted = async (email: string) => {
      const titles = (await mails())
        .filter((m) => m.to === email)
        .flatMap((m) => [...new Set(m.text.match(/Tin A số \d+/g) ?? [])]);
      return titles;
    };
    const pending = async (s: Subscriber) =>
      (await db.send(
        new GetCommand({ TableName: stack.aws.tableNames.deliveries, Key: { key: `alert#${s.id}` } }),
      )) as { Item?: { pending?: string[]; recent?: string[] } };

    // Only one subscriber at a time is instant, so each run mails its own reader.
    await subscribers.save({ ...racingReader, status: 'unsubscribed' }, 1);
    await run('send-alerts', batches, 1);
    await subscribers.save({ ...serialReader, status: 'unsubscribed' }, 1);
    await subscribers.save(racingReader, 2);
    await run('send-alerts', batches, AT_ONCE);

    const serial = await alerted(serialReader.email);
    const racing = await alerted(racingReader.email);
    expect(serial.length).toBeGreaterThan(0);
    expect(new Set(serial).size).toBe(serial.length); // no article twice
    expect(new Set(racing).size).toBe(racing.length);
    const serialState = (await pending(serialReader)).Item!;
    const racingState = (await pending(racingReader)).Item!;
    // Alerted or waiting (the hourly cap), each article exactly once, and the same ones.
    const seen = (titles: string[], state: { pending?: string[] }) =>
      titles.length + (state.pending?.length ?? 0);
    expect(seen(racing, racingState)).toBe(seen(serial, serialState));
    expect(seen(racing, racingState)).toBe(12);
  });

  it('send-digest: one digest per reader and period, however often the job runs at once', async () => {
    const before = (await mails()).filter((m) => m.kind === 'digest').length;
    await stack.runner.invoke('plan-digests', {});
    const jobs = await takeAll('digests');
    expect(jobs.length).toBeGreaterThan(0);
    const readers = new Set(
      jobs.flatMap((job) => (JSON.parse(job) as { subscriberIds: string[] }).subscriberIds),
    );
    await run(
      'send-digest',
      Array.from({ length: AT_ONCE }, () => jobs),
      AT_ONCE,
    );
    await run(
      'send-digest',
      Array.from({ length: AT_ONCE }, () => jobs),
      1,
    );
    const digests = (await mails()).filter((m) => m.kind === 'digest');
    expect(digests.length - before).toBe(readers.size);
  });

  it('register-signup: one confirmation per request, however it is delivered', async () => {
    const request = (email: string) =>
      JSON.stringify({
        email,
        preferences: {
          sources: [],
          categories: [],
          keywords: [],
          frequency: 'daily',
          sendHour: 7,
          timeZone: 'Asia/Ho_Chi_Minh',
        },
        requestedAt: new Date().toISOString(),
      });
    const racing = ['mot@example.vn', 'hai@example.vn', 'ba@example.vn'].map(request);
    const serial = ['bon@example.vn', 'nam@example.vn', 'sau@example.vn'].map(request);
    const batches = (all: string[]) => [
      ...overlapping(all, 2, 1),
      ...Array.from({ length: AT_ONCE }, () => all),
    ];
    await run('register-signup', batches(racing), AT_ONCE);
    await run('register-signup', batches(serial), 1);
    const sent = (await mails()).filter((m) => m.kind === 'confirmation');
    for (const email of ['mot', 'hai', 'ba', 'bon', 'nam', 'sau'].map((n) => `${n}@example.vn`)) {
      expect(
        sent.filter((m) => m.to === email),
        email,
      ).toHaveLength(1);
    }
  });

  it('suppress-bounces: a bounce delivered many times at once suppresses once and counts once', async () => {
    const reader = await confirmed('tra-lai@example.vn', {});
    const serialReader = await confirmed('tra-lai-2@example.vn', {});
    const bounce = (email: string) =>
      JSON.stringify({
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ emailAddress: email }],
        },
        mail: { messageId: `ses-${email}` },
      });
    const counted = async () => stack.figures.snapshot().totals.Bounces ?? 0;
    const before = await counted();
    await run(
      'suppress-bounces',
      Array.from({ length: AT_ONCE }, () => [bounce(reader.email)]),
      AT_ONCE,
    );
    expect(await counted()).toBe(before + 1);
    await run(
      'suppress-bounces',
      Array.from({ length: AT_ONCE }, () => [bounce(serialReader.email)]),
      1,
    );
    expect(await counted()).toBe(before + 2);
    for (const s of [reader, serialReader]) {
      expect((await subscribers.get(s.id))?.subscriber.status).toBe('suppressed');
    }
  });
});

/**
 * No scans on hot paths, through the production adapters on dynalite: the due sources come from
 * the `byNextPoll` index, kept in step with each source's configuration and health (also when
 * a poll and an edit race); administrators page through sources; subscriber counts come from a
 * counter item moved on each status change. The in-memory fakes must agree with the adapters.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TableName, type TableSpec, topology } from '../../infra/topology.js';
import { DynamoSourceRepository } from '../../shared/adapters/dynamodb/source-repository.js';
import { DynamoSubscriberRepository } from '../../shared/adapters/dynamodb/subscriber-repository.js';
import { DynamoSubscriberStats, STATUS_COUNTS_ID } from '../../shared/adapters/dynamodb/subscriber-stats.js';
import type { SubscriberStatus } from '../../shared/admin/subscribers.js';
import { type Source, SourceSchema } from '../../shared/domain/source.js';
import type { SourceHealth } from '../../shared/domain/source-record.js';
import type { Subscriber } from '../../shared/domain/subscriber.js';
import { isDue, nextPollAt, planIngest } from '../../shared/ingest/plan-ingest.js';
import { updateSubscriber } from '../../shared/mail/subscriber-updates.js';
import type { SourceRepository } from '../../shared/ports.js';
import { MemoryQueue, MemorySources } from '../support/in-memory.js';
import { MemorySubscribers } from '../support/mail-memory.js';

let server: Server;
let client: DynamoDBClient;
let db: DynamoDBDocumentClient;

/** Creates the table as the stack (and `npm start`) does, from the topology. */
async function createTable(name: TableName, tableName: string): Promise<void> {
  const spec: TableSpec = topology.tables[name];
  const indexes = Object.entries(spec.indexes);
  const attributes = new Set([spec.partitionKey, ...indexes.flatMap(([, i]) => [i.partitionKey, i.sortKey])]);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: spec.partitionKey, KeyType: 'HASH' }],
      AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      ...(indexes.length > 0 && {
        GlobalSecondaryIndexes: indexes.map(([IndexName, index]) => ({
          IndexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
            { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    }),
  );
}

let tableCount = 0;
async function freshSources(): Promise<DynamoSourceRepository> {
  const tableName = `sources-${++tableCount}`;
  await createTable('sources', tableName);
  return new DynamoSourceRepository(tableName, db);
}

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  client = new DynamoDBClient({
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

const source = (id: string, extra: Partial<Source> = {}): Source =>
  SourceSchema.parse({
    id,
    name: `Báo ${id}`,
    homepage: 'https://bao.example.vn/',
    kind: 'feed',
    urls: [`https://bao.example.vn/${id}.rss`],
    pollIntervalMinutes: 15,
    ...extra,
  });

const polled = (at: string, consecutiveFailures = 0): SourceHealth => ({
  consecutiveFailures,
  validators: {},
  lastPoll: {
    at,
    status: consecutiveFailures > 0 ? 'failed' : 'ok',
    durationMs: 10,
    itemsSeen: 1,
    itemsNew: 0,
    itemsDuplicate: 0,
    itemsFailed: 0,
    eventsPublished: 0,
    warnings: [],
  },
});

/** Sources in every state that matters: never polled, polled recently or long ago, failing, disabled. */
async function seed(repository: SourceRepository): Promise<void> {
  await repository.create(source('moi'));
  await repository.create(source('vua-lay', { pollIntervalMinutes: 30 }));
  await repository.recordPoll('vua-lay', polled('2026-03-01T09:50:00+07:00'));
  await repository.create(source('lau-roi', { pollIntervalMinutes: 5 }));
  await repository.recordPoll('lau-roi', polled('2026-03-01T08:00:00+07:00'));
  await repository.create(source('dang-loi', { pollIntervalMinutes: 10 }));
  await repository.recordPoll('dang-loi', polled('2026-03-01T09:00:00+07:00', 4)); // backs off 160 min
  await repository.create(source('tat', { enabled: false }));
  await repository.put(source('tat-sau', { pollIntervalMinutes: 5 }));
  await repository.put(source('tat-sau', { pollIntervalMinutes: 5, enabled: false }));
}

const NOWS = [
  '2026-03-01T10:00:00+07:00',
  '2026-03-01T10:19:59+07:00',
  '2026-03-01T10:20:00+07:00',
  '2026-03-01T11:39:00+07:00',
  '2026-03-01T11:40:00+07:00',
  '2026-03-02T00:00:00+07:00',
].map((s) => new Date(s));

const ids = (records: { source: Source }[]) => records.map((r) => r.source.id).sort();

describe('due sources from the index', () => {
  it('are exactly the sources isDue names, at every instant, and the fake agrees', async () => {
    const dynamo = await freshSources();
    const memory = new MemorySources();
    await seed(dynamo);
    await seed(memory);
    const all = await dynamo.list();
    expect(all).toHaveLength(6);
    for (const now of NOWS) {
      const expected = ids(all.filter((r) => isDue(r, now)));
      expect(ids(await dynamo.due(now)), now.toISOString()).toEqual(expected);
      expect(ids(await memory.due(now)), now.toISOString()).toEqual(expected);
    }
    // The instants were chosen to matter: some sources are due at some, not at others.
    expect(ids(await dynamo.due(NOWS[1]!))).toEqual(['lau-roi', 'moi']);
    expect(ids(await dynamo.due(NOWS[3]!))).toEqual(['lau-roi', 'moi', 'vua-lay']);
    expect(ids(await dynamo.due(NOWS[4]!))).toEqual(['dang-loi', 'lau-roi', 'moi', 'vua-lay']);
  });

  it('follow polls, interval changes and enabling', async () => {
    const repository = await freshSources();
    const now = new Date('2026-03-01T10:00:00+07:00');
    await repository.create(source('bao-a'));
    expect(ids(await repository.due(now))).toEqual(['bao-a']);
    await repository.recordPoll('bao-a', polled('2026-03-01T09:59:00+07:00'));
    expect(ids(await repository.due(now))).toEqual([]);
    expect(ids(await repository.due(new Date('2026-03-01T10:14:00+07:00')))).toEqual(['bao-a']);
    await repository.put(source('bao-a', { pollIntervalMinutes: 60 }));
    expect(ids(await repository.due(new Date('2026-03-01T10:14:00+07:00')))).toEqual([]);
    await repository.put(source('bao-a', { pollIntervalMinutes: 60, enabled: false }));
    expect(ids(await repository.due(new Date('2026-03-05T00:00:00Z')))).toEqual([]);
    await repository.put(source('bao-a', { pollIntervalMinutes: 60 }));
    expect(ids(await repository.due(new Date('2026-03-01T10:59:00+07:00')))).toEqual(['bao-a']);
  });

  it('stay right when polls and edits of the same source race', async () => {
    const repository = await freshSources();
    await repository.create(source('bao-dua'));
    const edits = [5, 60, 15, 240, 30].map((pollIntervalMinutes, n) =>
      repository.put(source('bao-dua', { pollIntervalMinutes, enabled: n !== 3 })),
    );
    const polls = [0, 1, 2, 3, 4].map((n) =>
      repository.recordPoll('bao-dua', polled(`2026-03-01T10:0${n}:00+07:00`, n % 2)),
    );
    await Promise.all([...edits, ...polls]);
    const record = (await repository.get('bao-dua'))!;
    const { Item } = await db.send(
      new GetCommand({ TableName: `sources-${tableCount}`, Key: { id: 'bao-dua' }, ConsistentRead: true }),
    );
    // Whatever the interleaving, the index key is the one the final configuration and health give.
    expect(Item!.nextPollAt).toBe(nextPollAt(record)?.toISOString());
    expect(Item!.pollShard !== undefined).toBe(record.source.enabled);
  });

  it('are what plan-ingest queues', async () => {
    const repository = await freshSources();
    await seed(repository);
    const queue = new MemoryQueue();
    await planIngest({ sources: repository, queue, now: () => NOWS[0]! });
    expect(queue.sent.map((r) => r.sourceId).sort()).toEqual(['lau-roi', 'moi']);
  });
});

describe('sources page by page', () => {
  it.each([1, 3, 7, 20])('with pages of %i: every source once, and no next after the last', async (limit) => {
    const dynamo = await freshSources();
    const memory = new MemorySources();
    for (let n = 0; n < 7; n++) {
      await dynamo.create(source(`bao-${n}`));
      await memory.create(source(`bao-${n}`));
    }
    for (const repository of [dynamo, memory]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const result = await repository.page({ limit, cursor });
        expect(result.records.length).toBeLessThanOrEqual(limit);
        seen.push(...result.records.map((r) => r.source.id));
        cursor = result.next;
        if (!cursor) break;
      }
      expect(cursor).toBeUndefined();
      expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, n) => `bao-${n}`));
    }
  });
});

describe('subscriber counts from the counter item', () => {
  const idOf = (n: number) => n.toString(16).padStart(24, '0');
  const subscriber = (n: number, status: SubscriberStatus = 'pending'): Subscriber => ({
    id: idOf(n),
    email: `doc-gia-${n}@example.vn`,
    status,
    preferences: {
      sources: [],
      categories: [],
      keywords: [],
      frequency: n % 3 === 0 ? 'instant' : 'daily',
      sendHour: 7,
      timeZone: 'Asia/Ho_Chi_Minh',
    },
    createdAt: '2026-03-01T10:00:00+07:00',
    ...(status === 'confirmed' && {
      confirmedAt: '2026-03-01T10:05:00+07:00',
      nextDigestAt: '2026-03-02T07:00:00+07:00',
    }),
  });
  const confirm = (s: Subscriber): Subscriber => ({
    ...s,
    status: 'confirmed',
    confirmedAt: '2026-03-01T10:05:00+07:00',
    ...(s.preferences.frequency !== 'instant' && { nextDigestAt: '2026-03-02T07:00:00+07:00' }),
  });

  it('count each status change once, under concurrent writers, as the fake does', async () => {
    await createTable('subscribers', 'subscribers');
    const dynamo = new DynamoSubscriberRepository('subscribers', db);
    const stats = new DynamoSubscriberStats('subscribers', db);
    const memory = new MemorySubscribers();
    expect(await stats.countByStatus()).toEqual({ pending: 0, confirmed: 0, unsubscribed: 0, suppressed: 0 });

    for (const repository of [dynamo, memory]) {
      // 30 signups at once; then 20 confirmations, each raced by a second confirmation of the same reader.
      await Promise.all(Array.from({ length: 30 }, (_, n) => repository.save(subscriber(n), undefined)));
      // A signup of an existing address is refused and counts nothing.
      expect(await repository.save(subscriber(0), undefined)).toBeUndefined();
      await Promise.all(
        Array.from({ length: 20 }, (_, n) => [
          updateSubscriber(repository, idOf(n), (s) => (s.status === 'pending' ? confirm(s) : undefined)),
          updateSubscriber(repository, idOf(n), (s) => (s.status === 'pending' ? confirm(s) : undefined)),
        ]).flat(),
      );
      await Promise.all([
        ...[0, 1, 2].map((n) =>
          updateSubscriber(repository, idOf(n), (s) => ({
            ...s,
            status: 'unsubscribed',
            nextDigestAt: undefined,
          })),
        ),
        ...[3, 25].map((n) =>
          updateSubscriber(repository, idOf(n), (s) => ({
            ...s,
            status: 'suppressed',
            nextDigestAt: undefined,
          })),
        ),
      ]);
    }
    const expected = { pending: 9, confirmed: 16, unsubscribed: 3, suppressed: 2 };
    expect(await stats.countByStatus()).toEqual(expected);
    expect(await memory.countByStatus()).toEqual(expected);
    // What the records say, counted the slow way.
    const records = await dynamo.getMany(Array.from({ length: 30 }, (_, n) => idOf(n)));
    const recount = { pending: 0, confirmed: 0, unsubscribed: 0, suppressed: 0 };
    for (const r of records) recount[r.subscriber.status]++;
    expect(recount).toEqual(expected);
  });

  it('keep the counter item out of the subscribers’ indexes', async () => {
    const dynamo = new DynamoSubscriberRepository('subscribers', db);
    const { Item } = await db.send(
      new GetCommand({ TableName: 'subscribers', Key: { id: STATUS_COUNTS_ID } }),
    );
    expect(Item).toBeDefined();
    const due = await dynamo.dueForDigest(new Date('2026-03-03T00:00:00Z'));
    const instant = await dynamo.instantSubscribers();
    expect(due.length + instant.length).toBe(16);
    expect([...due, ...instant].every((r) => /^[a-f0-9]{24}$/.test(r.subscriber.id))).toBe(true);
  });
});

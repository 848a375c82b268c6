/**
 * The sources table keeps health as a map: the flags, the per-poll extraction counts and the
 * baseline share must survive a write and a read through the production adapter (dynalite).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSourceRepository } from '../../shared/adapters/dynamodb/source-repository.js';
import { SourceSchema } from '../../shared/domain/source.js';
import type { SourceHealth } from '../../shared/domain/source-record.js';

let server: Server;
let client: DynamoDBClient;
let repository: DynamoSourceRepository;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  client = new DynamoDBClient({
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  await client.send(
    new CreateTableCommand({
      TableName: 'sources',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // As documentClient() configures it.
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  repository = new DynamoSourceRepository('sources', documents);
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('DynamoSourceRepository and source health', () => {
  it('round-trips flags, extraction counts and the baseline share', async () => {
    const source = SourceSchema.parse({
      id: 'bao-ha-nam',
      name: 'Báo Hà Nam',
      homepage: 'https://baohanam.example.vn/',
      kind: 'sitemap',
      urls: ['https://baohanam.example.vn/sitemap.xml'],
    });
    await repository.put(source);
    const health: SourceHealth = {
      consecutiveFailures: 3,
      validators: {
        'https://baohanam.example.vn/sitemap.xml': {},
        'https://baohanam.example.vn/s1.xml': { etag: '"1"' },
      },
      flags: ['failing', 'selectors-broken'],
      incompleteShare: 0.75,
      lastPoll: {
        at: '2026-11-27T10:00:00+07:00',
        status: 'failed',
        error: 'connect ECONNREFUSED',
        httpStatus: undefined,
        durationMs: 12,
        itemsSeen: 0,
        itemsNew: 0,
        itemsDuplicate: 0,
        itemsFailed: 0,
        eventsPublished: 0,
        warnings: [],
        articlesExtracted: 4,
        articlesIncomplete: 3,
        emptyFields: { title: 0, date: 3, body: 1 },
      },
    };
    await repository.recordPoll(source.id, health);
    const { httpStatus: _dropped, ...lastPoll } = health.lastPoll!;
    expect((await repository.get(source.id))?.health).toEqual({ ...health, lastPoll });

    await repository.recordPoll(source.id, { consecutiveFailures: 0, validators: {}, flags: [] });
    expect((await repository.get(source.id))?.health).toEqual({
      consecutiveFailures: 0,
      validators: {},
      flags: [],
    });
  });
});

/**
 * One contract per store, run against the in-memory fakes the unit tests use and against the
 * production adapters on the embedded stand-ins (dynalite, fauxqs): the two cannot drift apart.
 * Each test gets a fresh, empty store.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/article-repository.js';
import { DynamoAuditLog } from '../../shared/adapters/dynamodb/audit-log.js';
import { DynamoClippingStore } from '../../shared/adapters/dynamodb/clipping-store.js';
import { DynamoDeliveryLog } from '../../shared/adapters/dynamodb/delivery-log.js';
import { DynamoSourceRepository } from '../../shared/adapters/dynamodb/source-repository.js';
import { DynamoSubscriberRepository } from '../../shared/adapters/dynamodb/subscriber-repository.js';
import { contentKeys, S3ContentStore } from '../../shared/adapters/s3/content-store.js';
import { S3MediaStore } from '../../shared/adapters/s3/media-store.js';
import { S3RenderedDigestStore } from '../../shared/adapters/s3/rendered-digest-store.js';
import {
  MemoryArticles,
  MemoryAuditLog,
  MemoryContent,
  MemoryMedia,
  MemorySources,
} from '../support/in-memory.js';
import {
  clipping,
  MemoryClippings,
  MemoryDeliveries,
  MemoryRenders,
  MemorySubscribers,
} from '../support/mail-memory.js';
import { type StandIns, startStandIns } from '../support/stand-ins.js';
import { articleRepositoryContract } from './article-repository.js';
import {
  auditLogContract,
  contentStoreContract,
  mediaStoreContract,
  sourceRepositoryContract,
} from './core-stores.js';
import {
  clippingStoreContract,
  deliveryLogContract,
  renderedDigestStoreContract,
  subscriberRepositoryContract,
} from './mail-stores.js';

describe('in-memory fakes', () => {
  describe('MemoryArticles', () => articleRepositoryContract(async () => new MemoryArticles()));
  describe('MemorySources', () => sourceRepositoryContract(async () => new MemorySources()));
  describe('MemoryContent', () => contentStoreContract(async () => new MemoryContent()));
  describe('MemoryMedia', () => mediaStoreContract(async () => new MemoryMedia()));
  describe('MemoryAuditLog', () => auditLogContract(async () => new MemoryAuditLog()));
  describe('MemorySubscribers', () => subscriberRepositoryContract(async () => new MemorySubscribers()));
  describe('MemoryDeliveries', () => deliveryLogContract(async () => new MemoryDeliveries()));
  describe('MemoryClippings', () => clippingStoreContract(async () => new MemoryClippings()));
  describe('MemoryRenders', () => renderedDigestStoreContract(async () => new MemoryRenders()));
});

describe('AWS adapters on the embedded stand-ins', () => {
  let aws: StandIns;
  beforeAll(async () => {
    aws = await startStandIns();
  });
  afterAll(async () => {
    await aws?.stop();
  });
  const table = async (name: Parameters<StandIns['table']>[0]) =>
    [await aws.table(name), aws.documents] as const;

  describe('DynamoArticleRepository', () =>
    articleRepositoryContract(async () => new DynamoArticleRepository(...(await table('articles')))));
  describe('DynamoSourceRepository', () =>
    sourceRepositoryContract(async () => new DynamoSourceRepository(...(await table('sources')))));
  describe('S3ContentStore', () =>
    contentStoreContract(async () => new S3ContentStore(await aws.bucket(), aws.s3)));
  describe('S3MediaStore', () =>
    mediaStoreContract(async () => new S3MediaStore(await aws.bucket(), aws.s3)));
  it('S3ContentStore reads a feed state cut short as no state, replaceable from its version', async () => {
    const bucket = await aws.bucket();
    const content = new S3ContentStore(bucket, aws.s3);
    expect(await content.putFeedState('archive/all', { window: ['a', 'b'] }, undefined)).toBe(true);
    await aws.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: contentKeys.feedState('archive/all'),
        Body: '{"window": ["a',
      }),
    );
    const cut = (await content.getFeedState('archive/all'))!;
    expect(cut.value).toBeUndefined();
    expect(await content.putFeedState('archive/all', { window: ['a'] }, cut.version)).toBe(true);
    expect((await content.getFeedState('archive/all'))?.value).toEqual({ window: ['a'] });
  });
  describe('DynamoAuditLog', () =>
    auditLogContract(async () => new DynamoAuditLog(...(await table('audit')))));
  describe('DynamoSubscriberRepository', () =>
    subscriberRepositoryContract(
      async () => new DynamoSubscriberRepository(...(await table('subscribers'))),
    ));
  describe('DynamoDeliveryLog', () =>
    deliveryLogContract(async () => new DynamoDeliveryLog(...(await table('deliveries')))));
  describe('DynamoClippingStore', () => {
    clippingStoreContract(async () => new DynamoClippingStore(...(await table('clippings'))));
    it("keeps papers' copies out of the day's own partition, which a version before them reads (rollback)", async () => {
      const [name, documents] = await table('clippings');
      const day = new Date().toISOString().slice(0, 10);
      const story = clipping(77, { day, recordedAt: new Date().toISOString() });
      const copy = {
        ...story,
        sourceId: 'bao-nam-dinh',
        url: 'https://baonamdinh.example/a.html',
        copyOf: story.sourceId,
      };
      const store = new DynamoClippingStore(name, documents);
      expect(await store.recordMany([story, copy])).toEqual([true, true]);
      const { Items } = await documents.send(
        new QueryCommand({
          TableName: name,
          KeyConditionExpression: '#day = :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day },
        }),
      );
      expect((Items ?? []).map((item) => item.articleId)).toEqual([story.articleId]);
      const found = await store.recordedBetween(new Date(Date.now() - 60_000), new Date(Date.now() + 60_000));
      expect(found.map((c) => c.sourceId).sort()).toEqual(['bao-ha-nam', 'bao-nam-dinh']);
    });
  });
  describe('S3RenderedDigestStore', () =>
    renderedDigestStoreContract(async () => new S3RenderedDigestStore(await aws.bucket(), aws.s3)));
});

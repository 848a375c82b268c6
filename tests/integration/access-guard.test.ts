/**
 * Locally, a function's SDK clients reach only what its topology access grants, read or write:
 * the rules infra/stack.ts gives its IAM role. Real SDK clients against the embedded stand-ins.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Grants, guardedRequestHandler } from '../../infra/local/access-guard.js';
import { type EmbeddedAws, startEmbeddedAws } from '../../infra/local/embedded-aws.js';
import { type Access, type QueueName, topology } from '../../infra/topology.js';

let aws: EmbeddedAws;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bantin-access-guard-'));
  aws = await startEmbeddedAws({ dataDir, feedsBaseUrl: 'http://localhost:8787/feeds' });
});

afterAll(async () => {
  await aws?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function clientsFor(name: string, access: Access) {
  const grants: Grants = {
    function: name,
    access,
    resources: {
      tables: aws.tableNames,
      bucket: aws.bucket,
      articleEventsTopic: aws.topicArn,
      queueUrls: Object.fromEntries(aws.queues.map((q) => [q.name, q.url])) as Record<QueueName, string>,
    },
  };
  const config = (service: string) => ({
    ...aws.clientConfig(service),
    requestHandler: guardedRequestHandler(service, grants),
  });
  return {
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient(config('dynamodb'))),
    s3: new S3Client(config('s3')),
    sqs: new SQSClient(config('sqs')),
    sns: new SNSClient(config('sns')),
  };
}

/** The name and message an attempt was refused with. */
async function refusal(attempt: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await attempt;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('the request was allowed');
}

describe('the local access guard', () => {
  // build-feeds' grants: read the sources and articles, read and write the bucket.
  const buildFeeds = () => clientsFor('build-feeds', topology.functions['build-feeds'].access);

  it('lets a read-only table be read, and refuses a write to it', async () => {
    const { dynamo } = buildFeeds();
    const articles = aws.tableNames.articles;
    await expect(
      dynamo.send(new GetCommand({ TableName: articles, Key: { id: 'x' } })),
    ).resolves.toBeDefined();
    const refused = await refusal(dynamo.send(new PutCommand({ TableName: articles, Item: { id: 'x' } })));
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toBe(`build-feeds: dynamodb:PutItem on table ${articles}: only read is granted`);
    // Nothing was written.
    expect(
      (await aws.clients.dynamodb.send(new GetCommand({ TableName: articles, Key: { id: 'x' } }))).Item,
    ).toBe(undefined);
  });

  it('refuses a table that is not granted at all, also inside a batch', async () => {
    const { dynamo } = buildFeeds();
    const subscribers = aws.tableNames.subscribers;
    expect(
      (
        await refusal(
          dynamo.send(
            new QueryCommand({
              TableName: subscribers,
              KeyConditionExpression: 'id = :id',
              ExpressionAttributeValues: { ':id': 'x' },
            }),
          ),
        )
      ).message,
    ).toBe(`build-feeds: dynamodb:Query on table ${subscribers} is not granted`);
    const ingest = clientsFor('ingest-source', topology.functions['ingest-source'].access);
    const batch = new BatchWriteCommand({
      RequestItems: {
        [aws.tableNames.articles]: [{ PutRequest: { Item: { id: 'y' } } }],
        [aws.tableNames.audit]: [{ PutRequest: { Item: { id: 'y' } } }],
      },
    });
    expect((await refusal(ingest.dynamo.send(batch))).message).toBe(
      `ingest-source: dynamodb:BatchWriteItem on table ${aws.tableNames.audit} is not granted`,
    );
  });

  it('lets a readwrite bucket be written, and refuses writes to a read-only one', async () => {
    const writer = buildFeeds();
    await writer.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'feeds/guard.txt', Body: 'ok' }));
    const reader = clientsFor('reader', { bucket: 'read' });
    const object = await reader.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'feeds/guard.txt' }));
    expect(await object.Body!.transformToString()).toBe('ok');
    const refused = await refusal(
      reader.s3.send(
        new PutObjectCommand({ Bucket: aws.bucket, Key: 'feeds/guard.txt', Body: 'overwritten' }),
      ),
    );
    expect(refused).toEqual({
      name: 'AccessDeniedException',
      message: 'reader: s3 PUT /bantin-content/feeds/guard.txt: only read is granted',
    });
    const none = clientsFor('none', {});
    expect(
      (await refusal(none.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'feeds/guard.txt' }))))
        .name,
    ).toBe('AccessDeniedException');
  });

  it('lets a function send only to the queues it sends to, and publish only when it publishes', async () => {
    const planIngest = clientsFor('plan-ingest', topology.functions['plan-ingest'].access);
    const url = (name: string) => aws.queues.find((q) => q.name === name)!.url;
    const sent = await planIngest.sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url('ingest'), Entries: [{ Id: '1', MessageBody: '{}' }] }),
    );
    expect(sent.Successful).toHaveLength(1);
    expect(
      (
        await refusal(
          planIngest.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: url('feeds'),
              Entries: [{ Id: '1', MessageBody: '{}' }],
            }),
          ),
        )
      ).message,
    ).toBe(`plan-ingest: sqs:SendMessageBatch on ${url('feeds')} is not granted`);
    expect(
      (await refusal(planIngest.sns.send(new PublishCommand({ TopicArn: aws.topicArn, Message: '{}' }))))
        .message,
    ).toBe(`plan-ingest: sns:Publish on ${aws.topicArn} is not granted`);
    const ingest = clientsFor('ingest-source', topology.functions['ingest-source'].access);
    const published = await ingest.sns.send(new PublishCommand({ TopicArn: aws.topicArn, Message: '{}' }));
    expect(published.MessageId).toBeTruthy();
  });
});

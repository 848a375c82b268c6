/**
 * The ingest-source handler on records it cannot read: each is reported as its own item
 * failure (and so reaches the dead-letter queue after its retries); the invocation itself
 * never throws, even when every record of the batch is bad.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';

let handler: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

beforeAll(async () => {
  // The adapters are built at import; nothing here reaches them (the records fail validation first).
  Object.assign(process.env, {
    TABLE_SOURCES: 'bantin-sources',
    TABLE_ARTICLES: 'bantin-articles',
    BUCKET_NAME: 'bantin-content',
    ARTICLE_EVENTS_TOPIC_ARN: 'arn:aws:sns:ap-southeast-1:000000000000:article-events',
    AWS_REGION: 'ap-southeast-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  ({ handler } = await import('../../../functions/ingest-source/handler.js'));
});

const record = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `handle-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:ingest',
  awsRegion: 'ap-southeast-1',
});

describe('ingest-source handler', () => {
  it('reports a batch of one bad record as that record’s failure instead of throwing', async () => {
    const result = await handler({ Records: [record('m-1', 'not json')] });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  it('reports each bad record of a batch on its own', async () => {
    const result = await handler({
      Records: [record('m-1', '{"sourceId":"Không hợp lệ!","requestedAt":"hôm qua"}'), record('m-2', '[]')],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }]);
  });
});

/**
 * The DynamoDB stand-in keeps its memory flat under traffic: dynalite 4 opens a LevelDB iterator
 * for every Scan and Query and closes none, so each stayed attached to the database (attack run 9:
 * 37,702 iterators and 603 MB after 5,000 requests). The worker closes them (embedded-aws.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedAws, startEmbeddedAws } from '../../infra/local/embedded-aws.js';

const IDLE_MS = 300;

describe.each([false, true])('the DynamoDB stand-in (kept on disk: %s)', (persist) => {
  let aws: EmbeddedAws;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bantin-dynamo-stand-in-'));
    aws = await startEmbeddedAws({
      dataDir,
      feedsBaseUrl: 'http://localhost:8787/feeds',
      persist,
      dynamoIteratorIdleMs: IDLE_MS,
    });
  });

  afterAll(async () => {
    await aws?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('closes the iterators of Scans and Queries, read to their end or cut at their Limit', async () => {
    const { dynamodb } = aws.clients;
    const table = aws.tableNames.sources;
    for (let n = 0; n < 5; n++) {
      await dynamodb.send(new PutItemCommand({ TableName: table, Item: { id: { S: `bao-${n}` } } }));
    }
    for (let n = 0; n < 100; n++) {
      await dynamodb.send(new ScanCommand({ TableName: table }));
      await dynamodb.send(new ScanCommand({ TableName: table, Limit: 2 }));
      await dynamodb.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'id = :id',
          ExpressionAttributeValues: { ':id': { S: 'bao-1' } },
        }),
      );
    }
    // Those read to their end are closed as they end; a page cut at its Limit leaves its
    // iterator unread, closed once idle. Waited for here, not timed: a few idle periods.
    for (let n = 0; n < 100 && (await aws.openDynamoIterators()) > 0; n++) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    }
    expect(await aws.openDynamoIterators()).toBe(0);
  });
});

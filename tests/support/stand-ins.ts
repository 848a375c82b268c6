/**
 * The embedded stand-ins alone (dynalite and fauxqs, both in memory) for testing the AWS
 * adapters: every call of `table` or `bucket` makes a fresh, empty one, so each test starts clean.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { createTable, LOCAL_REGION } from '../../infra/local/embedded-aws.js';
import type { TableName } from '../../infra/topology.js';

export interface StandIns {
  /** As documentClient() configures it for the adapters. */
  documents: DynamoDBDocumentClient;
  s3: S3Client;
  /** A new empty table with the keys and indexes of topology table `name`; returns its name. */
  table(name: TableName): Promise<string>;
  /** A new empty bucket; returns its name. */
  bucket(): Promise<string>;
  stop(): Promise<void>;
}

export async function startStandIns(): Promise<StandIns> {
  const dynamo: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', () => resolve()));
  const fauxqs = buildApp({ logger: false, defaultRegion: LOCAL_REGION });
  const fauxqsEndpoint = await fauxqs.listen({ port: 0, host: '127.0.0.1' });
  const config = { region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const dynamodb = new DynamoDBClient({
    ...config,
    endpoint: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`,
  });
  const s3 = new S3Client({ ...config, endpoint: fauxqsEndpoint, forcePathStyle: true });
  let count = 0;
  return {
    documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    s3,
    async table(name) {
      const tableName = `${name}-${++count}`;
      await createTable(dynamodb, name, tableName);
      return tableName;
    },
    async bucket() {
      const bucket = `contract-${++count}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    async stop() {
      await fauxqs.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
      dynamodb.destroy();
      s3.destroy();
    },
  };
}

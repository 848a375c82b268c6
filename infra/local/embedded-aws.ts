/**
 * The embedded stand-ins for AWS, started with this process: DynamoDB through dynalite (in a
 * worker thread; its LevelDB folder keeps the tables), S3, SNS and SQS through fauxqs (S3
 * written through to a folder); or all in memory when nothing needs to outlive the process.
 * Resources are created from the topology with the same SDK calls a deployment would make, and
 * the handlers reach them through their production adapters.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { refuseLoopbackPorts } from '../../shared/ingest/fetch/address-guard.js';
import {
  env,
  type IndexSpec,
  type QueueName,
  type TableName,
  type TableSpec,
  topology,
  WEBHOOK_DEAD_LETTERS,
} from '../topology.js';
import { keepQueues, keepQueuesWhileRunning, type QueueStore, restoreQueues } from './kept-queues.js';
import { createFauxqsStores, type WriteListener } from './persistent-s3-store.js';
import { honourConditionalPuts } from './s3-conditions.js';

export const LOCAL_REGION = 'ap-southeast-1';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_BUCKET = 'bantin-content';
export const LOCAL_TOPIC = 'article-events';

/** What the local runner uses of fauxqs's SQS store. */
interface SqsStoreLike {
  getQueue(url: string): { cancelWaiters(): void } | undefined;
}

export interface LocalQueue {
  name: QueueName;
  url: string;
  arn: string;
  dlqUrl: string;
}

export interface EmbeddedAws {
  /** The stand-ins' SDK settings and resource names as variables, for tools in other processes. */
  env: Record<string, string>;
  queues: LocalQueue[];
  tableNames: Record<TableName, string>;
  bucket: string;
  topicArn: string;
  /** The webhooks' dead-letter queue (`webhooks-dlq`): where a delivery given up on goes. */
  webhookDeadLetters: { url: string; arn: string };
  /** Settings for an SDK client of `service` to reach its stand-in. */
  clientConfig(service: string): Record<string, unknown>;
  clients: { dynamodb: DynamoDBClient; s3: S3Client; sqs: SQSClient; sns: SNSClient };
  /**
   * Puts back the messages the queues held at the last stop (kept in the data folder, as SQS keeps
   * them); call it once every queue exists, before any consumer runs. How many came back.
   */
  restoreKeptQueues(): number;
  /** Ends the long polls (ReceiveMessage with WaitTimeSeconds) waiting on a queue: they answer at once. */
  endReceiveWaits(queueUrl: string): void;
  /** LevelDB iterators the DynamoDB stand-in holds open: a few at most, whatever the traffic. */
  openDynamoIterators(): Promise<number>;
  stop(): Promise<void>;
}

export async function startEmbeddedAws(options: {
  dataDir: string;
  feedsBaseUrl: string;
  onS3Write?: WriteListener;
  /**
   * False: tables and objects live in memory only and are gone at stop (benchmarks, tests).
   * The disk (LevelDB, files) is what `npm start` needs to survive a restart, not what AWS does.
   */
  persist?: boolean;
  /** How long an unread LevelDB iterator of the DynamoDB stand-in lives (tests shorten it). */
  dynamoIteratorIdleMs?: number;
}): Promise<EmbeddedAws> {
  const persist = options.persist ?? true;
  const dynamoDir = join(options.dataDir, 'dynamodb');
  if (persist) mkdirSync(dynamoDir, { recursive: true });
  const dynamo = await startDynalite(
    {
      ...(persist ? { path: dynamoDir } : {}),
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    },
    options.dynamoIteratorIdleMs,
  );
  const dynamoEndpoint = dynamo.endpoint;

  const stores = await createFauxqsStores(
    persist ? join(options.dataDir, 's3') : undefined,
    options.onS3Write,
  );
  const fauxqs = buildApp({ logger: false, defaultRegion: LOCAL_REGION, stores: stores as never });
  honourConditionalPuts(fauxqs, stores.s3Store);
  const fauxqsEndpoint = await fauxqs.listen({ port: 0, host: '127.0.0.1' });
  // A source's link to a stand-in (its S3 answers any GET) is refused, as AWS's are out of reach.
  const allowStandIns = refuseLoopbackPorts(
    [fauxqsEndpoint, dynamoEndpoint].map((endpoint) => Number(new URL(endpoint).port)),
  );

  const config = { region: LOCAL_REGION, credentials: CREDENTIALS };
  const clients = {
    dynamodb: new DynamoDBClient({ ...config, endpoint: dynamoEndpoint }),
    s3: new S3Client({ ...config, endpoint: fauxqsEndpoint, forcePathStyle: true }),
    sqs: new SQSClient({ ...config, endpoint: fauxqsEndpoint, useQueueUrlAsEndpoint: false }),
    sns: new SNSClient({ ...config, endpoint: fauxqsEndpoint }),
  };

  const tableNames = await createTables(clients.dynamodb);
  await clients.s3.send(new CreateBucketCommand({ Bucket: LOCAL_BUCKET }));
  const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: LOCAL_TOPIC }));
  const webhookDeadLetters = await createQueue(clients.sqs, `${WEBHOOK_DEAD_LETTERS}-dlq`, {});
  const queues: LocalQueue[] = [];
  for (const [name, spec] of Object.entries(topology.queues) as [
    QueueName,
    (typeof topology.queues)[QueueName],
  ][]) {
    const dlq = await createQueue(clients.sqs, `${name}-dlq`, {});
    const queue = await createQueue(clients.sqs, name, {
      VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: spec.maxReceiveCount }),
    });
    if ('subscribesToArticleEvents' in spec) {
      const filterPolicy = (spec.subscribesToArticleEvents as { filterPolicy?: object }).filterPolicy;
      await clients.sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'sqs',
          Endpoint: queue.arn,
          Attributes: {
            RawMessageDelivery: 'true',
            ...(filterPolicy ? { FilterPolicy: JSON.stringify(filterPolicy) } : {}),
          },
        }),
      );
    }
    queues.push({ name, url: queue.url, arn: queue.arn, dlqUrl: dlq.url });
  }
  const queueStore = stores.sqsStore as QueueStore;
  // Writes the queues again while they change (a killed process loses at most its last second).
  let keeper: { stop(): void } | undefined;

  const handlerEnv: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: fauxqsEndpoint,
    AWS_ENDPOINT_URL_SQS: fauxqsEndpoint,
    AWS_ENDPOINT_URL_SNS: fauxqsEndpoint,
    [env.bucket]: LOCAL_BUCKET,
    [env.articleEventsTopic]: TopicArn!,
    [env.feedsBaseUrl]: options.feedsBaseUrl,
    [env.apiBaseUrl]: options.feedsBaseUrl.replace(/\/feeds$/, ''),
    ...Object.fromEntries(
      Object.entries(tableNames).map(([name, table]) => [env.table(name as TableName), table]),
    ),
    ...Object.fromEntries(queues.map((q) => [env.queueUrl(q.name), q.url])),
  };

  return {
    env: handlerEnv,
    queues,
    tableNames,
    bucket: LOCAL_BUCKET,
    topicArn: TopicArn!,
    webhookDeadLetters,
    clientConfig: (service) => ({
      ...config,
      endpoint: service === 'dynamodb' ? dynamoEndpoint : fauxqsEndpoint,
      // Path-style addressing: the stand-in cannot serve bucket subdomains.
      ...(service === 's3' ? { forcePathStyle: true } : {}),
    }),
    clients,
    restoreKeptQueues() {
      if (!persist) return 0;
      const warn = (warning: string) => console.error(`[aws] ${warning}`);
      const restored = restoreQueues(queueStore, options.dataDir, warn);
      keeper ??= keepQueuesWhileRunning(queueStore, options.dataDir, warn);
      return restored;
    },
    openDynamoIterators: () => dynamo.openIterators(),
    endReceiveWaits(queueUrl) {
      (stores.sqsStore as SqsStoreLike).getQueue(queueUrl)?.cancelWaiters();
    },
    async stop() {
      keeper?.stop();
      if (persist) keepQueues(queueStore, options.dataDir);
      await fauxqs.close();
      await dynamo.stop();
      allowStandIns();
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}

/**
 * dynalite in a worker thread: DynamoDB's work (expressions, indexes, LevelDB) runs beside the
 * handlers' thread, as the service runs apart from Lambda, not in the gaps between handlers' work.
 */
async function startDynalite(
  options: Record<string, unknown>,
  iteratorIdleMs = ITERATOR_IDLE_MS,
): Promise<{ endpoint: string; openIterators(): Promise<number>; stop(): Promise<void> }> {
  const worker = new Worker(DYNALITE_WORKER, {
    eval: true,
    workerData: { module: createRequire(import.meta.url).resolve('dynalite'), options, iteratorIdleMs },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the DynamoDB stand-in stopped at start (exit ${code})`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    openIterators: () =>
      new Promise<number>((resolve) => {
        const answer = (message: unknown) => {
          if (typeof message !== 'object' || message === null || !('openIterators' in message)) return;
          worker.off('message', answer);
          resolve(Number(message.openIterators));
        };
        worker.on('message', answer);
        worker.postMessage('open-iterators');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}

/**
 * An iterator open this long was left by a page cut at its Limit, and is closed: a request reads
 * its items within milliseconds.
 */
const ITERATOR_IDLE_MS = 10_000;

/**
 * The worker: starts dynalite on a free loopback port, says which, answers how many LevelDB
 * iterators are open, and closes it (and its LevelDB) when told.
 */
const DYNALITE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
// dynalite 4 reads Scans and Queries through LevelDB iterators it never closes: each stays
// attached to the database, and memory grows with every request (attack run 9: 37,702 iterators,
// 603 MB after 5,000 requests). An iterator is closed here once it has read to its end, and one
// left unread (a page cut at its Limit) once it is IDLE_MS old: a request reads in milliseconds.
const { AbstractLevel, AbstractIterator } = createRequire(workerData.module)('abstract-level');
const iteratorProto = Object.getPrototypeOf(AbstractIterator.prototype);
const open = new Map();
const read = iteratorProto.next;
iteratorProto.next = function (...args) {
  return read.apply(this, args).then((item) => {
    if (item === undefined) this.close().catch(() => {});
    return item;
  });
};
const close = iteratorProto.close;
iteratorProto.close = function (...args) {
  open.delete(this);
  return close.apply(this, args);
};
for (const method of ['iterator', 'keys', 'values']) {
  const make = AbstractLevel.prototype[method];
  AbstractLevel.prototype[method] = function (...args) {
    const iterator = make.apply(this, args);
    open.set(iterator, Date.now());
    return iterator;
  };
}
const IDLE_MS = workerData.iteratorIdleMs;
setInterval(() => {
  const now = Date.now();
  for (const [iterator, touched] of open) if (now - touched > IDLE_MS) iterator.close().catch(() => {});
}, IDLE_MS / 2).unref();
const server = require(workerData.module)(workerData.options);
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (message) => {
  if (message === 'open-iterators') parentPort.postMessage({ openIterators: open.size });
  else server.close(() => process.exit(0));
});
`;

/**
 * A table kept from an earlier run must have every index the topology names now: dynalite
 * cannot add one to an existing table, and without it every query on it would fail.
 */
async function assertIndexes(dynamodb: DynamoDBClient, tableName: string, indexes: string[]): Promise<void> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const missing = indexes.filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new Error(
      `the local table ${tableName} was created before its index ${missing.join(', ')} existed; ` +
        'start once with `npm start -- --reset` (or delete its data folder) to recreate the tables',
    );
  }
}

async function createTables(dynamodb: DynamoDBClient): Promise<Record<TableName, string>> {
  const existing = new Set((await dynamodb.send(new ListTablesCommand({}))).TableNames ?? []);
  const names = {} as Record<TableName, string>;
  for (const name of Object.keys(topology.tables) as TableName[]) {
    const tableName = `bantin-${name}`;
    names[name] = tableName;
    if (existing.has(tableName)) {
      await assertIndexes(dynamodb, tableName, Object.keys(topology.tables[name].indexes));
      continue;
    }
    await createTable(dynamodb, name, tableName);
  }
  return names;
}

/** Creates table `tableName` with the keys and indexes the topology gives table `name`. */
export async function createTable(
  dynamodb: DynamoDBClient,
  name: TableName,
  tableName: string,
): Promise<void> {
  const spec: TableSpec = topology.tables[name];
  const indexes = Object.entries(spec.indexes) as [string, IndexSpec][];
  const sortKey = spec.sortKey;
  const attributes = new Set([
    spec.partitionKey,
    ...(sortKey ? [sortKey] : []),
    ...indexes.flatMap(([, i]) => [i.partitionKey, i.sortKey]),
  ]);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
      ],
      ...(indexes.length > 0
        ? {
            GlobalSecondaryIndexes: indexes.map(([IndexName, index]) => ({
              IndexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: index.projection === 'keys' ? 'KEYS_ONLY' : 'ALL' },
            })),
          }
        : {}),
    }),
  );
  // dynalite answers CreateTable while the table is CREATING, and turns it ACTIVE on a timer: a
  // write that reaches it first on a busy machine is refused (ResourceNotFoundException), as
  // DynamoDB's own would be. Waited for, as a deploy waits for its tables.
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the local table ${tableName} did not become ACTIVE`);
}

async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

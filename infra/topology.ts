/**
 * The one description of Bantin's topology: functions, their triggers, queues, the topic and
 * the stores. The CDK stack (infra/stack.ts) and the local runner (infra/local/) are both
 * built from it, so the deployed system and `npm start` cannot drift apart.
 */

export type TableName = 'sources' | 'articles';
export type QueueName = 'ingest' | 'feeds';
export type ScheduleName = 'plan-ingest';

export interface TableSpec {
  partitionKey: string;
  /** Global secondary indexes: name → partition key and sort key (both strings). */
  indexes: Record<string, { partitionKey: string; sortKey: string }>;
}

export interface QueueSpec {
  /** Seconds a received message stays hidden; above the consumer's timeout. */
  visibilityTimeoutSeconds: number;
  /** Receives before a message goes to this queue's dead-letter queue. */
  maxReceiveCount: number;
  /** When set, the queue subscribes to the article-events topic (raw message delivery). */
  subscribesToArticleEvents?: { filterPolicy?: Record<string, string[]> };
}

/**
 * An HTTP route: `METHOD /path`, with `{name}` parameters and a final `{proxy+}`. `admin`
 * routes need an authenticated administrator (API Gateway's authorizer in AWS, a bearer token
 * locally); `public` routes are open.
 */
export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
  path: string;
  auth: 'public' | 'admin';
}

export type Trigger =
  | { kind: 'schedule'; everyMinutes: number }
  | { kind: 'queue'; queue: QueueName; batchSize: number; maxBatchingWindowSeconds: number }
  | { kind: 'http'; routes: HttpRoute[] };

/** What a function may touch; the CDK stack turns this into least-privilege grants. */
export interface Access {
  tables?: Partial<Record<TableName, 'read' | 'readwrite'>>;
  bucket?: 'read' | 'readwrite';
  publishesArticleEvents?: boolean;
  sendsTo?: QueueName[];
}

export interface FunctionSpec {
  /** Path of the handler module, relative to the project root; it exports `handler`. */
  entry: string;
  description: string;
  trigger: Trigger;
  timeoutSeconds: number;
  memoryMb: number;
  access: Access;
}

export const topology = {
  tables: {
    sources: { partitionKey: 'id', indexes: {} },
    articles: {
      partitionKey: 'id',
      indexes: {
        // Newest articles of one source, and of everything (feed = "all"); sorted by UTC time.
        bySource: { partitionKey: 'sourceId', sortKey: 'publishedUtc' },
        byFeed: { partitionKey: 'feed', sortKey: 'publishedUtc' },
      },
    },
  } satisfies Record<TableName, TableSpec>,

  queues: {
    ingest: { visibilityTimeoutSeconds: 180, maxReceiveCount: 3 },
    feeds: { visibilityTimeoutSeconds: 120, maxReceiveCount: 5, subscribesToArticleEvents: {} },
  } satisfies Record<QueueName, QueueSpec>,

  functions: {
    'plan-ingest': {
      entry: 'functions/plan-ingest/handler.ts',
      description: 'Finds the sources due for a poll and queues one ingest request per source',
      trigger: { kind: 'schedule', everyMinutes: 5 },
      timeoutSeconds: 30,
      memoryMb: 256,
      access: { tables: { sources: 'read' }, sendsTo: ['ingest'] },
    },
    'ingest-source': {
      entry: 'functions/ingest-source/handler.ts',
      description: 'Polls one source, extracts and stores its new articles, publishes their events',
      trigger: { kind: 'queue', queue: 'ingest', batchSize: 1, maxBatchingWindowSeconds: 0 },
      timeoutSeconds: 150,
      memoryMb: 1024,
      access: {
        tables: { sources: 'readwrite', articles: 'readwrite' },
        bucket: 'readwrite',
        publishesArticleEvents: true,
      },
    },
    'build-feeds': {
      entry: 'functions/build-feeds/handler.ts',
      description: 'Rebuilds the RSS, Atom and JSON feeds touched by a batch of article events',
      trigger: { kind: 'queue', queue: 'feeds', batchSize: 100, maxBatchingWindowSeconds: 5 },
      timeoutSeconds: 90,
      memoryMb: 512,
      access: { tables: { sources: 'read', articles: 'read' }, bucket: 'readwrite' },
    },
  } satisfies Record<string, FunctionSpec>,
} as const;

export type FunctionName = keyof typeof topology.functions;

/**
 * Environment variables through which a handler finds its resources. The CDK stack sets
 * them from the real resources; the local runner from the embedded stand-ins.
 */
export const env = {
  table: (name: TableName) => `TABLE_${name.toUpperCase()}`,
  queueUrl: (name: QueueName) => `QUEUE_${name.toUpperCase()}_URL`,
  bucket: 'BUCKET_NAME',
  articleEventsTopic: 'ARTICLE_EVENTS_TOPIC_ARN',
  feedsBaseUrl: 'FEEDS_BASE_URL',
  /** Public base URL of the HTTP API (links in mail, webhook confirmations). */
  apiBaseUrl: 'API_BASE_URL',
  /** Set only by the local runner: lets the fetcher reach the sample newspaper on loopback. */
  allowLoopback: 'BANTIN_ALLOW_LOOPBACK',
} as const;

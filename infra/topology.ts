/**
 * The one description of Bantin's topology: functions, their triggers, queues, the topic and
 * the stores. The CDK stack (infra/stack.ts) and the local runner (infra/local/) are both
 * built from it, so the deployed system and `npm start` cannot drift apart.
 */

export type TableName = 'sources' | 'articles' | 'audit' | 'subscribers' | 'deliveries' | 'clippings';
export type QueueName = 'ingest' | 'feeds' | 'digests' | 'alerts' | 'signups' | 'bounces';

export interface TableSpec {
  partitionKey: string;
  /** The table's own sort key (a string), when it has one. */
  sortKey?: string;
  /** Epoch-seconds attribute DynamoDB's TTL deletes items by (readers check it too: the stand-in has no TTL). */
  ttlAttribute?: string;
  /** Global secondary indexes: name → partition key and sort key (both strings). */
  indexes: Record<string, IndexSpec>;
}

export interface IndexSpec {
  partitionKey: string;
  sortKey: string;
  /**
   * What the index holds of each item: all of it (the default), or only the keys when its reader
   * fetches the items it needs, so that a write changing no key writes no index.
   */
  projection?: 'all' | 'keys';
}

export interface QueueSpec {
  /**
   * Seconds a received message stays hidden: at least 6 times its consumer's timeout plus the
   * batching window, as AWS asks of Lambda event sources (the stack raises it when a derived
   * timeout grows: infra/capacity.ts).
   */
  visibilityTimeoutSeconds: number;
  /** Receives before a message goes to this queue's dead-letter queue (5 or more: throttles count too). */
  maxReceiveCount: number;
  /** A message waiting longer than this means its consumer is stuck or far behind: the age alarm. */
  maxAgeMinutes: number;
  /** When set, the queue subscribes to the article-events topic (raw message delivery). */
  subscribesToArticleEvents?: { filterPolicy?: Record<string, string[]> };
  /** When set, the queue receives SES bounce and complaint events (raw, from the mail feedback topic). */
  receivesMailFeedback?: boolean;
}

/**
 * An HTTP route: `METHOD /path`, with `{name}` parameters and a final `{proxy+}`. `admin`
 * routes need an authenticated administrator (API Gateway's authorizer in AWS, a bearer token
 * locally); `public` routes are open. A `GET` route answers `HEAD` too (`methodsOf`): link
 * checkers and uptime monitors ask that way.
 */
export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
  path: string;
  auth: 'public' | 'admin';
}

/** The methods a route answers: a GET route answers HEAD too (served by its GET, without a body). */
export function methodsOf(route: HttpRoute): ('HEAD' | HttpRoute['method'])[] {
  return route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
}

export type Trigger =
  | { kind: 'schedule'; everyMinutes: number }
  | {
      kind: 'queue';
      queue: QueueName;
      batchSize: number;
      maxBatchingWindowSeconds: number;
      /** Invocations at once at most (the event source's MaximumConcurrency, 2 to 1000). */
      maxConcurrency: number;
    }
  | { kind: 'http'; routes: HttpRoute[] };

/** What a function may touch; the CDK stack turns this into least-privilege grants. */
export interface Access {
  tables?: Partial<Record<TableName, 'read' | 'readwrite'>>;
  bucket?: 'read' | 'readwrite';
  publishesArticleEvents?: boolean;
  sendsTo?: QueueName[];
  /** Sends mail through SES in the mail configuration set (From and Reply-To from configuration). */
  sendsMail?: boolean;
  /** Reads the secret that signs subscribers' links. */
  readsMailSecret?: boolean;
  /** Reads the administrators' sign-in settings (Cognito hosted UI in AWS): the admin page. */
  adminLogin?: boolean;
  /** Pings the WebSub hub when feeds change (WEBSUB_HUB_URL, from the `websubHubUrl` context, if set). */
  pingsWebSub?: boolean;
  /** Registers, lists and removes aggregators' webhooks: HTTPS subscriptions on the article-events topic. */
  managesWebhooks?: boolean;
}

export interface FunctionSpec {
  /** Path of the handler module, relative to the project root; it exports `handler`. */
  entry: string;
  description: string;
  trigger: Trigger;
  timeoutSeconds: number;
  memoryMb: number;
  access: Access;
  /** A folder (relative to the project root) deployed beside the bundle as `assets/`. */
  assets?: string;
  /** Packages with native code, installed beside the bundle for Lambda's platform instead of bundled. */
  nativeModules?: string[];
  /** Packages required on a rare path only, installed beside the bundle (infra/bundling.ts ON_DEMAND_MODULES). */
  onDemandModules?: string[];
  /**
   * A mail sender's part of the account's SES send rate, and the most mails one queue message
   * can make it send (absent when that depends on data, not on the message). The stack derives
   * the sender's concurrency, batch, pace and timeout from them (infra/capacity.ts).
   */
  mailBudget?: { share: number; mailsPerMessage?: number };
}

export const topology = {
  tables: {
    // Enabled sources by the time their next poll is due (sparse: disabled sources have no key),
    // so planning a round reads the due ones only.
    sources: {
      partitionKey: 'id',
      indexes: { byNextPoll: { partitionKey: 'pollShard', sortKey: 'nextPollAt' } },
    },
    articles: {
      partitionKey: 'id',
      indexes: {
        // Newest articles of one source, and of everything (feed = "all"); sorted by UTC time.
        bySource: { partitionKey: 'sourceId', sortKey: 'publishedUtc' },
        byFeed: { partitionKey: 'feed', sortKey: 'publishedUtc' },
        // Feed listings in the order articles were stored: one small index item per feed an
        // article belongs to (`all`, `sources/{id}`, `categories/{slug}`); see ListedArticle.
        byListing: { partitionKey: 'listing', sortKey: 'listedKey' },
        // The same story from several papers: articles by folded-headline digest, by UTC time.
        byStory: { partitionKey: 'storyKey', sortKey: 'publishedUtc' },
      },
    },
    // Administrator changes (who, when, before/after), newest first: all of them, or one target's.
    audit: {
      partitionKey: 'id',
      indexes: {
        byTime: { partitionKey: 'log', sortKey: 'id' },
        byTarget: { partitionKey: 'target', sortKey: 'id' },
      },
    },
    // Subscribers of email digests and alerts; the sparse indexes hold only confirmed ones, in
    // 8 shards: daily/weekly ones by next send time, instant ones.
    subscribers: {
      partitionKey: 'id',
      indexes: {
        // Keys only: the planner reads the due readers' items, and recording a sent digest
        // (lastDigestAt) then costs no index write.
        byDigestDue: { partitionKey: 'digestShard', sortKey: 'nextDigestUtc', projection: 'keys' },
        byAlerts: { partitionKey: 'alertShard', sortKey: 'id' },
      },
    },
    // Mail bookkeeping: send records (one digest per subscriber and period), rate-limit
    // counters, alert states (hourly cap, articles waiting: index byPendingAlerts).
    deliveries: {
      partitionKey: 'key',
      ttlAttribute: 'expiresAt',
      indexes: { byPendingAlerts: { partitionKey: 'pendingAlerts', sortKey: 'key' } },
    },
    // A compact copy of each new article for mail, by UTC day of recording: digests read windows of it.
    clippings: { partitionKey: 'day', sortKey: 'articleId', ttlAttribute: 'expiresAt', indexes: {} },
  } satisfies Record<TableName, TableSpec>,

  queues: {
    ingest: { visibilityTimeoutSeconds: 900, maxReceiveCount: 5, maxAgeMinutes: 60 },
    feeds: {
      visibilityTimeoutSeconds: 600,
      maxReceiveCount: 5,
      maxAgeMinutes: 30,
      subscribesToArticleEvents: {},
    },
    // Mail: planned digests; new articles for instant alerts (and flushes of held-back alerts);
    // subscribe requests; SES bounces and complaints.
    // A large digest round takes hours at SES's starting send rate (14/s): its age alarm allows it.
    digests: { visibilityTimeoutSeconds: 720, maxReceiveCount: 5, maxAgeMinutes: 240 },
    alerts: {
      visibilityTimeoutSeconds: 750,
      maxReceiveCount: 5,
      maxAgeMinutes: 30,
      // Every article event: new articles, a paper's copy of a stored story (its readers hear of it
      // as that paper's), and revised articles (their clippings are brought up to date for digests).
      subscribesToArticleEvents: {},
    },
    signups: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5, maxAgeMinutes: 15 },
    bounces: {
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      maxAgeMinutes: 60,
      receivesMailFeedback: true,
    },
  } satisfies Record<QueueName, QueueSpec>,

  functions: {
    'plan-ingest': {
      entry: 'functions/plan-ingest/handler.ts',
      description: 'Finds the sources due for a poll and queues one ingest request per source',
      // Every minute: the shortest poll interval a source may have.
      trigger: { kind: 'schedule', everyMinutes: 1 },
      timeoutSeconds: 30,
      memoryMb: 256,
      access: { tables: { sources: 'read' }, sendsTo: ['ingest'] },
    },
    'ingest-source': {
      entry: 'functions/ingest-source/handler.ts',
      description: 'Polls one source, extracts and stores its new articles, publishes their events',
      // Ten newspapers polled at once at most: polite to the papers, and within the table's pace.
      trigger: {
        kind: 'queue',
        queue: 'ingest',
        batchSize: 1,
        maxBatchingWindowSeconds: 0,
        maxConcurrency: 10,
      },
      timeoutSeconds: 150,
      memoryMb: 1024,
      // Article images are resized with sharp (libvips).
      nativeModules: ['sharp'],
      // Pages in a legacy charset, pages that do not state their language.
      onDemandModules: ['iconv-lite', 'franc-min'],
      access: {
        tables: { sources: 'readwrite', articles: 'readwrite' },
        bucket: 'readwrite',
        publishesArticleEvents: true,
      },
    },
    'build-feeds': {
      entry: 'functions/build-feeds/handler.ts',
      description: 'Rebuilds the RSS, Atom and JSON feeds touched by a batch of article events',
      // Few rebuilds at once: each one rewrites whole feeds, so more would only contend.
      trigger: {
        kind: 'queue',
        queue: 'feeds',
        batchSize: 100,
        maxBatchingWindowSeconds: 5,
        maxConcurrency: 2,
      },
      timeoutSeconds: 90,
      memoryMb: 512,
      access: { tables: { sources: 'read', articles: 'read' }, bucket: 'readwrite', pingsWebSub: true },
    },
    'admin-api': {
      entry: 'functions/admin-api/handler.ts',
      description:
        'Administration API: sources, previews, ingest now, re-extraction, health, subscribers, webhooks, audit log',
      trigger: {
        kind: 'http',
        routes: [
          { method: 'GET', path: '/api/admin/overview', auth: 'admin' },
          { method: 'GET', path: '/api/admin/sources', auth: 'admin' },
          { method: 'POST', path: '/api/admin/sources', auth: 'admin' },
          { method: 'GET', path: '/api/admin/sources/{id}', auth: 'admin' },
          { method: 'PUT', path: '/api/admin/sources/{id}', auth: 'admin' },
          { method: 'DELETE', path: '/api/admin/sources/{id}', auth: 'admin' },
          { method: 'POST', path: '/api/admin/sources/{id}/enable', auth: 'admin' },
          { method: 'POST', path: '/api/admin/sources/{id}/disable', auth: 'admin' },
          { method: 'POST', path: '/api/admin/sources/{id}/ingest', auth: 'admin' },
          { method: 'POST', path: '/api/admin/sources/{id}/reextract', auth: 'admin' },
          { method: 'GET', path: '/api/admin/sources/{id}/articles', auth: 'admin' },
          { method: 'POST', path: '/api/admin/articles/withdraw', auth: 'admin' },
          { method: 'POST', path: '/api/admin/articles/restore', auth: 'admin' },
          { method: 'POST', path: '/api/admin/preview', auth: 'admin' },
          { method: 'GET', path: '/api/admin/audit', auth: 'admin' },
          { method: 'GET', path: '/api/admin/subscribers', auth: 'admin' },
          { method: 'POST', path: '/api/admin/subscribers/suppress', auth: 'admin' },
          { method: 'POST', path: '/api/admin/subscribers/lift-suppression', auth: 'admin' },
          { method: 'GET', path: '/api/admin/webhooks', auth: 'admin' },
          { method: 'POST', path: '/api/admin/webhooks', auth: 'admin' },
          { method: 'DELETE', path: '/api/admin/webhooks/{id}', auth: 'admin' },
        ],
      },
      // API Gateway answers within 30 s; previews and re-extractions stop in time.
      timeoutSeconds: 29,
      memoryMb: 1024,
      // Re-extraction re-hosts article images, resized with sharp (libvips).
      nativeModules: ['sharp'],
      // Previews and re-extractions of pages in a legacy charset or that do not state their language.
      onDemandModules: ['iconv-lite', 'franc-min'],
      access: {
        tables: { sources: 'readwrite', articles: 'readwrite', audit: 'readwrite', subscribers: 'readwrite' },
        bucket: 'readwrite',
        publishesArticleEvents: true,
        // Ingest now; a new source's (empty) feeds.
        sendsTo: ['ingest', 'feeds'],
        // Subscriber ids are keyed digests of addresses: finding one by address needs the key.
        readsMailSecret: true,
        managesWebhooks: true,
      },
    },
    'admin-page': {
      entry: 'functions/admin-page/handler.ts',
      description:
        'The administration web page: an HTML shell, its script and style (data comes from the API)',
      trigger: {
        kind: 'http',
        routes: [
          { method: 'GET', path: '/admin', auth: 'public' },
          { method: 'GET', path: '/admin/{asset}', auth: 'public' },
        ],
      },
      timeoutSeconds: 5,
      memoryMb: 256,
      access: { adminLogin: true },
      assets: 'functions/admin-page/assets',
    },
    // ---- Email digests and alerts -----------------------------------------------------------
    subscriptions: {
      entry: 'functions/subscriptions/handler.ts',
      description:
        'Public subscription pages and API: subscribe, confirm, manage preferences, unsubscribe (one-click)',
      trigger: {
        kind: 'http',
        routes: [
          { method: 'GET', path: '/subscribe', auth: 'public' },
          { method: 'POST', path: '/subscribe', auth: 'public' },
          { method: 'POST', path: '/api/subscriptions', auth: 'public' },
          { method: 'GET', path: '/subscriptions/{action}', auth: 'public' },
          { method: 'POST', path: '/subscriptions/{action}', auth: 'public' },
        ],
      },
      timeoutSeconds: 10,
      memoryMb: 256,
      access: {
        tables: { sources: 'read', subscribers: 'readwrite', deliveries: 'readwrite', clippings: 'read' },
        sendsTo: ['signups'],
        readsMailSecret: true,
      },
    },
    'register-signup': {
      entry: 'functions/register-signup/handler.ts',
      description: 'Registers a subscribe request and sends the double opt-in confirmation',
      // Mail senders: concurrency, batch and pace are derived from the SES send rate (mailBudget).
      trigger: {
        kind: 'queue',
        queue: 'signups',
        batchSize: 10,
        maxBatchingWindowSeconds: 0,
        maxConcurrency: 2,
      },
      timeoutSeconds: 30,
      memoryMb: 256,
      // One confirmation (or note) per request; signups come in bursts, rarely many.
      mailBudget: { share: 0.1, mailsPerMessage: 1 },
      access: {
        tables: { subscribers: 'readwrite', deliveries: 'readwrite' },
        sendsMail: true,
        readsMailSecret: true,
      },
    },
    'plan-digests': {
      entry: 'functions/plan-digests/handler.ts',
      description: 'Plans the digests due now: groups readers, renders each digest once, queues batches',
      trigger: { kind: 'schedule', everyMinutes: 15 },
      timeoutSeconds: 300,
      memoryMb: 1024,
      access: {
        tables: { sources: 'read', subscribers: 'readwrite', clippings: 'read', deliveries: 'read' },
        bucket: 'readwrite',
        sendsTo: ['digests', 'alerts'],
      },
    },
    'send-digest': {
      entry: 'functions/send-digest/handler.ts',
      description: 'Sends a rendered digest to a batch of readers, once per reader and period',
      trigger: {
        kind: 'queue',
        queue: 'digests',
        batchSize: 1,
        maxBatchingWindowSeconds: 0,
        maxConcurrency: 2,
      },
      timeoutSeconds: 120,
      memoryMb: 512,
      // Most of the send rate; one job names at most 100 readers (DigestJobSchema).
      mailBudget: { share: 0.6, mailsPerMessage: 100 },
      access: {
        tables: { subscribers: 'readwrite', deliveries: 'readwrite' },
        bucket: 'read',
        sendsMail: true,
        readsMailSecret: true,
      },
    },
    'send-alerts': {
      entry: 'functions/send-alerts/handler.ts',
      description: 'Clips new articles for digests and mails instant alerts, capped per subscriber per hour',
      trigger: {
        kind: 'queue',
        queue: 'alerts',
        batchSize: 50,
        maxBatchingWindowSeconds: 10,
        maxConcurrency: 2,
      },
      timeoutSeconds: 120,
      memoryMb: 512,
      // One alert per matching instant subscriber per batch: bounded by subscribers, not by the batch.
      mailBudget: { share: 0.3 },
      access: {
        tables: {
          sources: 'read',
          articles: 'read',
          subscribers: 'read',
          clippings: 'readwrite',
          deliveries: 'readwrite',
        },
        bucket: 'read',
        sendsMail: true,
        readsMailSecret: true,
      },
    },
    'suppress-bounces': {
      entry: 'functions/suppress-bounces/handler.ts',
      description: 'Suppresses addresses that bounced for good or complained (SES events)',
      trigger: {
        kind: 'queue',
        queue: 'bounces',
        batchSize: 10,
        maxBatchingWindowSeconds: 0,
        maxConcurrency: 2,
      },
      timeoutSeconds: 30,
      memoryMb: 256,
      // Deliveries: the idempotency records of the notifications it handled.
      access: { tables: { subscribers: 'readwrite', deliveries: 'readwrite' }, readsMailSecret: true },
    },
  } satisfies Record<string, FunctionSpec>,
} as const;

export type FunctionName = keyof typeof topology.functions;

/**
 * The dead-letter queue of aggregators' webhooks (`{stack}-webhooks-dlq`; locally `webhooks-dlq`):
 * not a work queue, no consumer; `npm run cli -- dlq list webhooks` reads it.
 */
export const WEBHOOK_DEAD_LETTERS = 'webhooks';

/**
 * Environment variables through which a handler finds its resources. The CDK stack sets
 * them from the real resources; the local runner from the embedded stand-ins.
 */
export const env = {
  table: (name: TableName) => `TABLE_${name.toUpperCase()}`,
  queueUrl: (name: QueueName) => `QUEUE_${name.toUpperCase()}_URL`,
  bucket: 'BUCKET_NAME',
  articleEventsTopic: 'ARTICLE_EVENTS_TOPIC_ARN',
  /** The queue a webhook's subscription dead-letters to (its RedrivePolicy). */
  webhookDeadLetters: 'WEBHOOK_DEAD_LETTER_QUEUE_ARN',
  feedsBaseUrl: 'FEEDS_BASE_URL',
  /** Optional: public URL of the re-hosted images; default `{feeds origin}/media`. */
  mediaBaseUrl: 'MEDIA_BASE_URL',
  /** Optional: the WebSub hub feeds advertise and build-feeds pings when a feed changes. */
  websubHub: 'WEBSUB_HUB_URL',
  /** Public base URL of the HTTP API (links in mail, webhook confirmations). */
  apiBaseUrl: 'API_BASE_URL',
  /** Mail: From and Reply-To; the SES configuration set (the local outbox needs none). */
  mailFrom: 'MAIL_FROM',
  mailReplyTo: 'MAIL_REPLY_TO',
  mailConfigurationSet: 'SES_CONFIGURATION_SET',
  /** Sends per second one invocation may start: its share of the SES send rate (unset: no pacing). */
  mailMaxSendsPerSecond: 'MAIL_MAX_SENDS_PER_SECOND',
  /** Seconds send-alerts reuses its list of instant subscribers (default 60; 0 locally). */
  mailSubscriberCacheSeconds: 'MAIL_SUBSCRIBER_CACHE_SECONDS',
  /** Optional: where a digest's "more articles" link points. */
  mailHomeUrl: 'MAIL_HOME_URL',
  /** The secret signing subscribers' links: its value (local) or its Secrets Manager ARN (AWS). */
  mailTokenSecret: 'MAIL_TOKEN_SECRET',
  mailTokenSecretArn: 'MAIL_TOKEN_SECRET_ARN',
  /** Set only by the local runner: lets the fetcher reach the sample newspaper on loopback. */
  allowLoopback: 'BANTIN_ALLOW_LOOPBACK',
  /** The administrators' sign-in (Cognito hosted UI base URL and app client id); unset locally. */
  adminLoginUrl: 'ADMIN_LOGIN_URL',
  adminClientId: 'ADMIN_CLIENT_ID',
} as const;

/** What a function's environment is made from: the deployed resources, or the local stand-ins. */
export interface ResourceValues {
  /** Given to every function (links in mail, webhook confirmations). */
  apiBaseUrl?: string;
  tables: Record<TableName, string>;
  bucket: string;
  feedsBaseUrl: string;
  /** Where re-hosted images are served; beside the feeds (`…/media`) when not given. */
  mediaBaseUrl?: string;
  articleEventsTopic: string;
  /** The ARN of the webhooks' dead-letter queue. */
  webhookDeadLetters?: string;
  websubHub?: string;
  queueUrls: Record<QueueName, string>;
  mail: {
    from: string;
    replyTo?: string;
    /** SES's configuration set (AWS); the local outbox needs none. */
    configurationSet?: string;
    homeUrl?: string;
    subscriberCacheSeconds?: number;
  };
  /** The link-signing secret: its Secrets Manager ARN (AWS), or the value itself (local). */
  mailTokenSecret: { arn: string } | { value: string };
  adminLogin?: { url: string; clientId: string };
  /** Local only: the fetcher may reach loopback (the sample newspaper). */
  allowLoopback?: boolean;
}

/**
 * The environment of a function with `access`: only the variables of what it may touch, so a
 * function missing a grant fails naming the variable, in AWS and locally alike.
 */
export function functionEnvironment(
  access: Access,
  resources: ResourceValues,
  options: { mailSendsPerSecond?: number } = {},
): Record<string, string> {
  const environment: Record<string, string> = {};
  if (resources.apiBaseUrl) environment[env.apiBaseUrl] = resources.apiBaseUrl;
  if (resources.allowLoopback) environment[env.allowLoopback] = '1';
  for (const table of Object.keys(access.tables ?? {}) as TableName[]) {
    environment[env.table(table)] = resources.tables[table];
  }
  if (access.bucket) {
    environment[env.bucket] = resources.bucket;
    environment[env.feedsBaseUrl] = resources.feedsBaseUrl;
    if (resources.mediaBaseUrl) environment[env.mediaBaseUrl] = resources.mediaBaseUrl;
  }
  if (access.publishesArticleEvents || access.managesWebhooks) {
    environment[env.articleEventsTopic] = resources.articleEventsTopic;
  }
  if (access.managesWebhooks && resources.webhookDeadLetters) {
    environment[env.webhookDeadLetters] = resources.webhookDeadLetters;
  }
  if (access.pingsWebSub && resources.websubHub) environment[env.websubHub] = resources.websubHub;
  for (const queue of access.sendsTo ?? []) environment[env.queueUrl(queue)] = resources.queueUrls[queue];
  // Digests are rendered by their planner and sent by the mail senders: both link home.
  if ((access.sendsMail || access.sendsTo?.includes('digests')) && resources.mail.homeUrl) {
    environment[env.mailHomeUrl] = resources.mail.homeUrl;
  }
  if (access.sendsMail) {
    const { mail } = resources;
    environment[env.mailFrom] = mail.from;
    if (mail.replyTo) environment[env.mailReplyTo] = mail.replyTo;
    if (mail.configurationSet) environment[env.mailConfigurationSet] = mail.configurationSet;
    if (options.mailSendsPerSecond)
      environment[env.mailMaxSendsPerSecond] = String(options.mailSendsPerSecond);
    if (mail.subscriberCacheSeconds !== undefined) {
      environment[env.mailSubscriberCacheSeconds] = String(mail.subscriberCacheSeconds);
    }
  }
  if (access.readsMailSecret) {
    const secret = resources.mailTokenSecret;
    if ('arn' in secret) environment[env.mailTokenSecretArn] = secret.arn;
    else environment[env.mailTokenSecret] = secret.value;
  }
  if (access.adminLogin && resources.adminLogin) {
    environment[env.adminLoginUrl] = resources.adminLogin.url;
    environment[env.adminClientId] = resources.adminLogin.clientId;
  }
  return environment;
}

/**
 * The whole service on one machine: the embedded stand-ins, the handlers run by the local
 * runner, the sample newspaper, and the sources that point at it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '../../functions/platform.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/article-repository.js';
import { DynamoSourceRepository } from '../../shared/adapters/dynamodb/source-repository.js';
import { DynamoSubscriberRepository } from '../../shared/adapters/dynamodb/subscriber-repository.js';
import { FileWebhookSubscriptions } from '../../shared/adapters/local/webhook-subscriptions.js';
import { OutboxMailer } from '../../shared/adapters/outbox/outbox-mailer.js';
import { SqsJobQueue } from '../../shared/adapters/sqs/job-queue.js';
import type { FeedRequest } from '../../shared/domain/events.js';
import { type Source, SourceSchema } from '../../shared/domain/source.js';
import type { PollRecord } from '../../shared/domain/source-record.js';
import { toZonedIso } from '../../shared/domain/time.js';
import type { ArticleRepository } from '../../shared/ports.js';
import {
  type FunctionName,
  type FunctionSpec,
  functionEnvironment,
  type QueueName,
  type ResourceValues,
} from '../topology.js';
import { guardedRequestHandler } from './access-guard.js';
import { createLocalApi, type LocalApi } from './api-gateway.js';
import { claimDataFolder, DataFolderError, emptyDataFolder } from './data-folder.js';
import { type EmbeddedAws, LOCAL_REGION, startEmbeddedAws } from './embedded-aws.js';
import { removeLocalEndpoints, writeLocalEndpoints } from './endpoints.js';
import { LocalFigures } from './figures.js';
import { outboxFiles, prepareLocalMail, seedDemoSubscriber } from './mail.js';
import { LocalRunner } from './runner.js';
import { type SampleNewspaper, startSampleNewspaper } from './sample-newspaper.js';
import { LocalWebhookDelivery, SnsHttpSender } from './webhooks.js';

export interface LocalStackOptions {
  projectRoot: string;
  dataDir: string;
  /** Port of Bantin's own HTTP server; feed self links point at it. */
  port: number;
  /**
   * Where readers reach that server, when not `http://localhost:PORT` (npm start: PUBLIC_URL): the
   * links in feeds, mail, webhook confirmations and pages, and the images' addresses, name it.
   */
  publicUrl?: string;
  samplePort: number;
  reset?: boolean;
  /** Bearer token of the local administrator; when absent, the one kept in the data folder (made once). */
  adminToken?: string;
  /** When set, failed messages come back after this many seconds, not the queue's visibility timeout. */
  retryDelaySeconds?: number;
  /** When set, a webhook delivery is retried after these waits, not the delivery policy's (35 minutes). */
  webhookRetryDelaysMs?: number[];
  /** Invocations at once per queue consumer (default BANTIN_LOCAL_CONCURRENCY, else 4). */
  concurrency?: number;
  /** False: the stand-ins keep tables and objects in memory only, lost at stop (default true). */
  persist?: boolean;
  /** WebSub hub the feeds advertise and build-feeds pings (npm start: WEBSUB_HUB_URL). */
  websubHub?: string;
  log?: (message: string) => void;
}

export interface CycleSummary {
  sourcesPolled: number;
  articlesNew: number;
  articlesDuplicate: number;
  articlesFailed: number;
  eventsPublished: number;
  feedFilesWritten: number;
  /** Digests written to the outbox by the digest planning that follows ingest. */
  digestsSent: number;
  failedSources: { sourceId: string; error: string }[];
}

export interface LocalStack {
  aws: EmbeddedAws;
  runner: LocalRunner;
  sample: SampleNewspaper;
  sources: DynamoSourceRepository;
  articles: ArticleRepository;
  /** API Gateway stand-in for the topology's HTTP routes. */
  api: LocalApi;
  adminToken: string;
  /** Local mail: every message as an `.eml` file here. */
  outboxDir: string;
  /** Aggregator webhooks (the WebhookSubscriptions port) and their SNS-style delivery. */
  webhooks: FileWebhookSubscriptions;
  webhookDelivery: LocalWebhookDelivery;
  /** The business figures the functions recorded since the start (the admin overview shows them). */
  figures: LocalFigures;
  /**
   * One full cycle: plan every enabled source, ingest, fan out, build feeds, until all queues
   * drain; each of its steps fails after `drainTimeoutMs` (default 2 minutes).
   */
  runCycle(options?: { drainTimeoutMs?: number }): Promise<CycleSummary>;
  /**
   * Runs the service: the queue pollers at once, then a first round in the order a fresh start
   * needs (ingest → feeds → digests: the first digest holds what was just ingested), then the
   * schedules. Resolves when the first round is done.
   */
  start(schedule?: { everyMs: number; input: unknown }): Promise<void>;
  /** When the next digest is due and when it will be written (undefined: nobody takes digests). */
  nextDigest(): Promise<{ dueAt: Date; writtenBy: Date | undefined } | undefined>;
  stop(): Promise<void>;
}

export const SAMPLE_SOURCE_ID = 'bao-ha-nam';

export function sampleSource(sample: SampleNewspaper): Source {
  return SourceSchema.parse({
    id: SAMPLE_SOURCE_ID,
    name: 'Báo Hà Nam (mẫu)',
    homepage: `${sample.origin}/`,
    kind: 'feed',
    urls: [sample.feedUrl],
    language: 'vi',
    timeZone: 'Asia/Ho_Chi_Minh',
    pollIntervalMinutes: 1,
  });
}

/** The address the data folder was last served at: kept in a file beside its data. */
function servedAt(dataDir: string): { before: string | undefined; keep: (publicUrl: string) => void } {
  const file = join(dataDir, 'public-url');
  let before: string | undefined;
  try {
    before = readFileSync(file, 'utf-8').trim() || undefined;
  } catch {
    before = undefined;
  }
  return { before, keep: (publicUrl) => writeFileSync(file, `${publicUrl}\n`) };
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const release = claimDataFolder(options.dataDir);
  try {
    return await startClaimed(options, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function startClaimed(options: LocalStackOptions, release: () => void): Promise<LocalStack> {
  if (options.reset) {
    emptyDataFolder(options.dataDir);
    options.log?.(
      `--reset: emptied ${options.dataDir} (sources, articles, subscribers, the outbox, the sample paper's articles, the admin token): starting afresh`,
    );
  }
  let feedFilesWritten = 0;
  const publicUrl = options.publicUrl ?? `http://localhost:${options.port}`;
  // Kept once the stack first works (a start that fails, on a port in use, serves nothing).
  const { before, keep } = servedAt(options.dataDir);
  let kept = false;
  const keepAddress = () => {
    if (!kept) keep(publicUrl);
    kept = true;
  };
  if (before && before !== publicUrl) {
    options.log?.(
      `this data folder was served at ${before}, now at ${publicUrl}: feeds are written again with the new links at their next build, but image links already stored in articles, and links in mail sent, still point to ${before} (keep PORT and PUBLIC_URL for a data folder, or start afresh with npm start -- --reset)`,
    );
  }
  const sample = await startSampleNewspaper({
    fixturesDir: join(options.projectRoot, 'tests', 'fixtures'),
    dataDir: options.dataDir,
    port: options.samplePort,
  });
  const aws = await startEmbeddedAws({
    dataDir: options.dataDir,
    feedsBaseUrl: `${publicUrl}/feeds`,
    persist: options.persist,
    onS3Write: (_bucket, key) => {
      // Gzip twins (for CloudFront) are copies, not feed files.
      if (key.startsWith('feeds/') && !key.endsWith('.gz')) feedFilesWritten++;
    },
  });
  // For `npm run cli -- dlq`, which runs in another process on this machine.
  writeLocalEndpoints(options.dataDir, aws, `http://localhost:${options.port}`);
  // Mail goes to the outbox folder; links are signed with a secret kept in the data folder.
  const mail = prepareLocalMail({ dataDir: options.dataDir, homeUrl: `${publicUrl}/` });
  const outbox = new OutboxMailer(mail.outboxDir);
  // What SNS does for HTTPS subscriptions, done locally: confirmations and deliveries. The
  // webhooks are kept in a file; a registration gets its SubscriptionConfirmation at once.
  const webhookSender = new SnsHttpSender(true, { retryDelaysMs: options.webhookRetryDelaysMs });
  const webhooks: FileWebhookSubscriptions = new FileWebhookSubscriptions({
    file: join(options.dataDir, 'webhooks.json'),
    topicArn: aws.topicArn,
    publicBaseUrl: publicUrl,
    sendConfirmation: (hook): Promise<void> => webhookDelivery.sendConfirmation(hook),
  });
  // A damaged webhooks file stops the start, named, rather than failing every request after it.
  try {
    webhooks.check();
  } catch (error) {
    removeLocalEndpoints(options.dataDir);
    await Promise.allSettled([aws.stop(), sample.stop()]);
    throw new DataFolderError(error instanceof Error ? error.message : String(error));
  }
  const webhookDelivery: LocalWebhookDelivery = new LocalWebhookDelivery(
    aws,
    webhooks,
    webhookSender,
    options.log,
  );
  await webhookDelivery.setup();
  // Every queue exists now, the webhook deliveries' too: what they held at the last stop comes back.
  const restored = aws.restoreKeptQueues();
  if (restored > 0)
    options.log?.(`${restored} queued messages kept at the last stop are back in their queues`);
  const figures = new LocalFigures();
  const resources: ResourceValues = {
    apiBaseUrl: publicUrl,
    tables: aws.tableNames,
    bucket: aws.bucket,
    feedsBaseUrl: `${publicUrl}/feeds`,
    // Images on this server by address: feed validators refuse `localhost` in an enclosure URL.
    mediaBaseUrl: options.publicUrl ? `${publicUrl}/media` : `http://127.0.0.1:${options.port}/media`,
    articleEventsTopic: aws.topicArn,
    webhookDeadLetters: aws.webhookDeadLetters.arn,
    queueUrls: Object.fromEntries(aws.queues.map((q) => [q.name, q.url])) as Record<QueueName, string>,
    mail: mail.settings,
    mailTokenSecret: { value: mail.secret },
    allowLoopback: true,
    // As `cdk deploy -c websubHubUrl=…` does in AWS: the feeds advertise it, build-feeds pings it.
    ...(options.websubHub ? { websubHub: options.websubHub } : {}),
  };
  // Each function its own platform: the variables its access grants, the stand-ins' endpoints,
  // and the local stand-ins of SES (the outbox) and of SNS's HTTPS subscriptions (the file).
  const platformFor = (name: FunctionName, spec: FunctionSpec): Platform => ({
    env: { AWS_REGION: LOCAL_REGION, ...functionEnvironment(spec.access, resources) },
    // Its SDK clients reach only what its access grants, read or write, as its IAM role would.
    clientConfig: (service) => ({
      ...aws.clientConfig(service),
      requestHandler: guardedRequestHandler(service, { function: name, access: spec.access, resources }),
    }),
    ...(spec.access.sendsMail ? { mailer: outbox } : {}),
    ...(spec.access.managesWebhooks ? { webhooks } : {}),
    figures,
  });
  const runner = new LocalRunner(aws, {
    projectRoot: options.projectRoot,
    platformFor,
    retryDelaySeconds: options.retryDelaySeconds,
    concurrency: options.concurrency,
    log: options.log,
  });
  await runner.load();
  const db = DynamoDBDocumentClient.from(aws.clients.dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const sources = new DynamoSourceRepository(aws.tableNames.sources, db);
  // The sample paper's port can change between runs: its source is refreshed at every start.
  await sources.put(sampleSource(sample));
  // One confirmed demo subscriber (daily digest of every source, due at once), kept across runs.
  await seedDemoSubscriber({
    tableName: aws.tableNames.subscribers,
    signer: mail.signer,
    db,
  });
  runner.addConsumer({
    name: 'webhook-deliveries',
    pollOnce: () => webhookDelivery.pollOnce(),
    idle: () => webhookDelivery.idle(),
    idleButRetries: () => webhookDelivery.idleButRetries(),
  });

  const adminToken = options.adminToken ?? localAdminToken(options.dataDir);
  const api = createLocalApi({ runner, adminToken });
  const articles = new DynamoArticleRepository(aws.tableNames.articles, db);
  const subscribers = new DynamoSubscriberRepository(aws.tableNames.subscribers, db);
  const feedRequests = new SqsJobQueue<FeedRequest>(
    aws.queues.find((q) => q.name === 'feeds')!.url,
    aws.clients.sqs,
  );
  let firstRoundDone = false;

  // Each source's configuration when its feeds were last requested.
  const feedsRequestedFor = new Map<string, string>();

  /**
   * Ingest (every due source, or every enabled one when forced) → feeds → digests, each step
   * once the queues have settled, the digests including what was just ingested. The feeds of a
   * source new or changed since the last round are requested (so they are written before its first
   * article), as the admin API does in AWS when a source is added or changed: here sources are also
   * put straight into the table, like the sample paper's at every start.
   */
  async function round(planInput: unknown, settle: () => Promise<void>): Promise<string[]> {
    const { queued } = (await runner.invoke('plan-ingest', planInput)) as { queued: string[] };
    await settle();
    const requestedAt = toZonedIso(new Date());
    const changed = (await sources.list()).filter(
      (r) => feedsRequestedFor.get(r.source.id) !== JSON.stringify(r.source),
    );
    if (changed.length > 0) {
      await feedRequests.send(
        changed.map((r) => ({ type: 'feeds.requested', sourceId: r.source.id, requestedAt })),
      );
      await settle();
      for (const r of changed) feedsRequestedFor.set(r.source.id, JSON.stringify(r.source));
    }
    await runner.invoke('plan-digests', {});
    await settle();
    return queued;
  }

  return {
    aws,
    runner,
    sample,
    sources,
    articles,
    api,
    adminToken,
    outboxDir: mail.outboxDir,
    webhooks,
    webhookDelivery,
    figures,
    async runCycle(options) {
      keepAddress();
      const writtenBefore = feedFilesWritten;
      const digestsBefore = new Set(outboxFiles(mail.outboxDir));
      const queued = await round({ force: true }, () =>
        runner.drain(options?.drainTimeoutMs, { retries: false }),
      );
      const polls = (await sources.list())
        .filter((r) => queued.includes(r.source.id))
        .map((r) => ({ sourceId: r.source.id, poll: r.health.lastPoll }));
      const digestsSent = outboxFiles(mail.outboxDir).filter(
        (name) => !digestsBefore.has(name) && name.includes('-digest-'),
      ).length;
      const sum = (field: keyof PollRecord) => polls.reduce((n, p) => n + Number(p.poll?.[field] ?? 0), 0);
      return {
        sourcesPolled: queued.length,
        articlesNew: sum('itemsNew'),
        articlesDuplicate: sum('itemsDuplicate'),
        articlesFailed: sum('itemsFailed'),
        eventsPublished: sum('eventsPublished'),
        feedFilesWritten: feedFilesWritten - writtenBefore,
        digestsSent,
        failedSources: polls
          .filter((p) => p.poll?.status === 'failed')
          .map((p) => ({ sourceId: p.sourceId, error: p.poll?.error ?? 'unknown' })),
      };
    },
    async start(schedule) {
      keepAddress();
      runner.startConsumers();
      try {
        await round(schedule?.input ?? {}, () => runner.settled());
      } finally {
        firstRoundDone = true;
        runner.startSchedules(schedule);
      }
    },
    async nextDigest() {
      const dueAt = await subscribers.nextDigestDue();
      if (!dueAt) return undefined;
      // plan-digests writes a digest at its first run at or after the due time.
      const next = runner.nextRun('plan-digests');
      if (!firstRoundDone || !next) return { dueAt, writtenBy: undefined };
      const runs = Math.max(0, Math.ceil((dueAt.getTime() - next.at.getTime()) / next.everyMs));
      return { dueAt, writtenBy: new Date(next.at.getTime() + runs * next.everyMs) };
    },
    async stop() {
      await runner.stop();
      removeLocalEndpoints(options.dataDir);
      // Deliveries under way end (each within its deadline and retries) before the queues are kept;
      // those still waiting behind a slow receiver stay queued for the next start.
      await webhookDelivery.stop();
      await webhookSender.close();
      await aws.stop();
      await sample.stop();
      release();
    },
  };
}

/** The local administrator's token: made once and kept in the data folder, so a restart keeps the administrator signed in. */
function localAdminToken(dataDir: string): string {
  const file = join(dataDir, 'admin-token');
  const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (kept) return kept;
  const token = randomBytes(18).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

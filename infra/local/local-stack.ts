/**
 * The whole service on one machine: the embedded stand-ins, the handlers run by the local
 * runner, the sample newspaper, and the sources that point at it.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSourceRepository } from '../../shared/adapters/dynamodb/source-repository.js';
import {
  FileWebhookSubscriptions,
  setLocalConfirmationSender,
} from '../../shared/adapters/local/webhook-subscriptions.js';
import { type Source, SourceSchema } from '../../shared/domain/source.js';
import type { PollRecord } from '../../shared/domain/source-record.js';
import { env } from '../topology.js';
import { createLocalApi, type LocalApi } from './api-gateway.js';
import { type EmbeddedAws, startEmbeddedAws } from './embedded-aws.js';
import { removeLocalEndpoints, writeLocalEndpoints } from './endpoints.js';
import { outboxFiles, prepareLocalMail, seedDemoSubscriber } from './mail.js';
import { LocalRunner } from './runner.js';
import { type SampleNewspaper, startSampleNewspaper } from './sample-newspaper.js';
import { LocalWebhookDelivery, SnsHttpSender } from './webhooks.js';

export interface LocalStackOptions {
  projectRoot: string;
  dataDir: string;
  /** Port of Bantin's own HTTP server; feed self links point at it. */
  port: number;
  samplePort: number;
  reset?: boolean;
  /** Bearer token of the local administrator; generated when absent. */
  adminToken?: string;
  retryDelaySeconds?: number;
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
  /** API Gateway stand-in for the topology's HTTP routes. */
  api: LocalApi;
  adminToken: string;
  /** Local mail: every message as an `.eml` file here. */
  outboxDir: string;
  /** Aggregator webhooks (the WebhookSubscriptions port) and their SNS-style delivery. */
  webhooks: FileWebhookSubscriptions;
  webhookDelivery: LocalWebhookDelivery;
  /** One full cycle: plan every enabled source, ingest, fan out, build feeds, until all queues drain. */
  runCycle(): Promise<CycleSummary>;
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

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  if (options.reset) rmSync(options.dataDir, { recursive: true, force: true });
  let feedFilesWritten = 0;
  const sample = await startSampleNewspaper({
    fixturesDir: join(options.projectRoot, 'tests', 'fixtures'),
    dataDir: options.dataDir,
    port: options.samplePort,
  });
  const aws = await startEmbeddedAws({
    dataDir: options.dataDir,
    feedsBaseUrl: `http://localhost:${options.port}/feeds`,
    onS3Write: (_bucket, key) => {
      // Gzip twins (for CloudFront) are copies, not feed files.
      if (key.startsWith('feeds/') && !key.endsWith('.gz')) feedFilesWritten++;
    },
  });
  // For `npm run cli -- dlq`, which runs in another process.
  writeLocalEndpoints(options.dataDir, aws);
  // Read by the handlers' wiring (webhooksFromEnv): the same file the local delivery reads.
  aws.env[env.localWebhooksFile] = join(options.dataDir, 'webhooks.json');
  const runner = new LocalRunner(aws, {
    projectRoot: options.projectRoot,
    retryDelaySeconds: options.retryDelaySeconds,
    log: options.log,
  });
  // Mail goes to the outbox folder; links are signed with a secret kept in the data folder.
  const mail = prepareLocalMail({ dataDir: options.dataDir, port: options.port });
  Object.assign(aws.env, mail.env);
  await runner.load();
  const sources = new DynamoSourceRepository(
    aws.tableNames.sources,
    DynamoDBDocumentClient.from(aws.clients.dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
  );
  // The sample paper's port can change between runs: its source is refreshed at every start.
  await sources.put(sampleSource(sample));
  // One confirmed demo subscriber (daily digest of every source, due at once), kept across runs.
  await seedDemoSubscriber({
    tableName: aws.tableNames.subscribers,
    signer: mail.signer,
    db: DynamoDBDocumentClient.from(aws.clients.dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    }),
  });

  // What SNS does for HTTPS subscriptions, done locally: confirmations and deliveries.
  const webhookSender = new SnsHttpSender(true);
  const webhooks = new FileWebhookSubscriptions({
    file: aws.env[env.localWebhooksFile]!,
    topicArn: aws.env.ARTICLE_EVENTS_TOPIC_ARN!,
    publicBaseUrl: `http://localhost:${options.port}`,
  });
  const webhookDelivery = new LocalWebhookDelivery(aws, webhooks, webhookSender, options.log);
  await webhookDelivery.setup();
  // Handlers run in this process: a registration gets its SubscriptionConfirmation at once.
  setLocalConfirmationSender((hook) => webhookDelivery.sendConfirmation(hook));
  runner.addConsumer({
    name: 'webhook-deliveries',
    pollOnce: () => webhookDelivery.pollOnce(),
    idle: () => webhookDelivery.idle(),
  });

  const adminToken = options.adminToken ?? randomBytes(18).toString('base64url');
  const api = createLocalApi({ runner, adminToken });

  return {
    aws,
    runner,
    sample,
    sources,
    api,
    adminToken,
    outboxDir: mail.outboxDir,
    webhooks,
    webhookDelivery,
    async runCycle() {
      const writtenBefore = feedFilesWritten;
      const { queued } = (await runner.invoke('plan-ingest', { force: true })) as { queued: string[] };
      await runner.drain();
      const polls = (await sources.list())
        .filter((r) => queued.includes(r.source.id))
        .map((r) => ({ sourceId: r.source.id, poll: r.health.lastPoll }));
      // Then the digests due now (the demo subscriber's first one includes what was just ingested).
      const digestsBefore = new Set(outboxFiles(mail.outboxDir));
      await runner.invoke('plan-digests', {});
      await runner.drain();
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
    async stop() {
      await runner.stop();
      removeLocalEndpoints(options.dataDir);
      setLocalConfirmationSender(undefined);
      await webhookSender.close();
      await aws.stop();
      await sample.stop();
    },
  };
}

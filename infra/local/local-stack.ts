/**
 * The whole service on one machine: the embedded stand-ins, the handlers run by the local
 * runner, the sample newspaper, and the sources that point at it.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSourceRepository } from '../../shared/adapters/dynamodb/source-repository.js';
import { type Source, SourceSchema } from '../../shared/domain/source.js';
import type { PollRecord } from '../../shared/ports.js';
import { createLocalApi, type LocalApi } from './api-gateway.js';
import { type EmbeddedAws, startEmbeddedAws } from './embedded-aws.js';
import { LocalRunner } from './runner.js';
import { type SampleNewspaper, startSampleNewspaper } from './sample-newspaper.js';

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
      if (key.startsWith('feeds/')) feedFilesWritten++;
    },
  });
  const runner = new LocalRunner(aws, {
    projectRoot: options.projectRoot,
    retryDelaySeconds: options.retryDelaySeconds,
    log: options.log,
  });
  await runner.load();
  const sources = new DynamoSourceRepository(
    aws.tableNames.sources,
    DynamoDBDocumentClient.from(aws.clients.dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
  );
  // The sample paper's port can change between runs: its source is refreshed at every start.
  await sources.put(sampleSource(sample));

  const adminToken = options.adminToken ?? randomBytes(18).toString('base64url');
  const api = createLocalApi({ runner, adminToken });

  return {
    aws,
    runner,
    sample,
    sources,
    api,
    adminToken,
    async runCycle() {
      const writtenBefore = feedFilesWritten;
      const { queued } = (await runner.invoke('plan-ingest', { force: true })) as { queued: string[] };
      await runner.drain();
      const polls = (await sources.list())
        .filter((r) => queued.includes(r.source.id))
        .map((r) => ({ sourceId: r.source.id, poll: r.health.lastPoll }));
      const sum = (field: keyof PollRecord) => polls.reduce((n, p) => n + Number(p.poll?.[field] ?? 0), 0);
      return {
        sourcesPolled: queued.length,
        articlesNew: sum('itemsNew'),
        articlesDuplicate: sum('itemsDuplicate'),
        articlesFailed: sum('itemsFailed'),
        eventsPublished: sum('eventsPublished'),
        feedFilesWritten: feedFilesWritten - writtenBefore,
        failedSources: polls
          .filter((p) => p.poll?.status === 'failed')
          .map((p) => ({ sourceId: p.sourceId, error: p.poll?.error ?? 'unknown' })),
      };
    },
    async stop() {
      await runner.stop();
      await aws.stop();
      await sample.stop();
    },
  };
}

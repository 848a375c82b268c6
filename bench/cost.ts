/**
 * A month of Bantin in AWS, from requests counted through the real handlers on the embedded
 * stack (every AWS SDK call the handlers make passes a counting middleware; DynamoDB reports its
 * consumed capacity), scaled to the load of issue 13:
 *   - 100 papers polled every 15 minutes, 50 new articles a day each;
 *   - 1,000 aggregators polling 3 feeds (second line: 10) every 15 minutes through CloudFront;
 *   - 100,000 daily digests (the digest bench's counts, same use cases).
 * Measured on one paper: polls that find one new article (ingest → events → feeds, alerts) and
 * polls that find nothing. Lambda time = CPU time measured around each invocation plus a modelled
 * wait per AWS request and per page fetched (the stand-ins answer in-process).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { MiddlewareStack } from '@smithy/types';
import { sampleSource, startLocalStack } from '../infra/local/local-stack.js';
import { type FunctionName, topology } from '../infra/topology.js';
import { documentClient } from '../shared/adapters/dynamodb/client.js';
import { s3Client } from '../shared/adapters/s3/client.js';
import { snsClient } from '../shared/adapters/sns/client.js';
import { sqsClient } from '../shared/adapters/sqs/client.js';
import { benchDigests } from './digests.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** us-east-1 list prices (USD), no free tier. */
export const PRICES = {
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecond: 0.0000133334, // arm64
  dynamoPerWriteUnit: 0.625 / 1e6, // on-demand
  dynamoPerReadUnit: 0.125 / 1e6,
  dynamoPerGbMonth: 0.25,
  s3PerPut: 0.005 / 1000, // PUT, COPY, POST, LIST
  s3PerGet: 0.0004 / 1000, // GET, HEAD
  s3PerGbMonth: 0.023,
  sqsPerRequest: 0.4 / 1e6,
  snsPerPublish: 0.5 / 1e6, // SNS → SQS deliveries are free
  cloudFrontPer10kHttps: 0.01, // North America
  cloudFrontFunctionPerMillion: 0.1,
  cloudFrontPerGbOut: 0.085,
  cloudWatchLogsPerGbIngested: 0.5,
  cloudWatchLogsPerGbMonth: 0.03,
  secretsPerSecretMonth: 0.4,
  secretsPer10kCalls: 0.05,
  sesPerMessage: 0.1 / 1000,
};

/** Modelled wait per request from Lambda (same region), and per page fetched from a paper. */
const LATENCY_MS = { dynamodb: 6, s3: 20, sns: 15, sqs: 10, fetch: 150 };
const LOAD = {
  papers: 100,
  articlesPerPaperDay: 50,
  pollsPerDay: 96,
  aggregators: 1000,
  digestsPerDay: 100_000,
};
const DAYS = 30;
/** Lambda's SQS pollers: 5 long polls (20 s) per queue, each a ReceiveMessage, all month. */
const SQS_IDLE_RECEIVES_PER_QUEUE_MONTH = 5 * 3 * 60 * 24 * DAYS;
/** Per invocation: START/END/REPORT lines and the handler's own log line. */
const LOG_BYTES_PER_INVOCATION = 700;

interface Tally {
  invocations: number;
  cpuMs: number;
  waitMs: number;
  requests: Map<string, number>;
  readUnits: number;
  writeUnits: number;
  s3BytesPut: number;
}

const newTally = (): Tally => ({
  invocations: 0,
  cpuMs: 0,
  waitMs: 0,
  requests: new Map(),
  readUnits: 0,
  writeUnits: 0,
  s3BytesPut: 0,
});

type Tallies = Map<string, Tally>;
const current = new AsyncLocalStorage<Tally>();

type TableSpecs = typeof topology.tables;

/** The topology's table behind a stand-in table name (`bantin-articles` → articles). */
function tableSpec(tableName: string): TableSpecs[keyof TableSpecs] | undefined {
  const name = (Object.keys(topology.tables) as (keyof TableSpecs)[]).find((t) => tableName.endsWith(t));
  return name && topology.tables[name];
}

/** The last item put under each key: an update lands in the indexes its item belongs to. */
const lastPut = new Map<string, Record<string, unknown>>();

function countDynamo(
  tally: Tally,
  command: string,
  input: Record<string, unknown>,
  output: Record<string, unknown>,
) {
  const consumed = ([] as { CapacityUnits?: number }[]).concat((output.ConsumedCapacity as never) ?? []);
  const units = consumed.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0) || 1;
  if (!/Put|Update|Delete|BatchWrite/.test(command)) {
    tally.readUnits += units;
    return;
  }
  tally.writeUnits += units;
  // The stand-in counts the table's units only: every index holding the item is written too (ALL projection).
  const table = String(input.TableName ?? '');
  const spec = tableSpec(table);
  if (!spec) return;
  const source = (input.Item ?? input.Key ?? {}) as Record<string, unknown>;
  const key = `${table}:${String(source[spec.partitionKey])}:${'sortKey' in spec ? String(source[spec.sortKey as string]) : ''}`;
  if (input.Item) lastPut.set(key, input.Item as Record<string, unknown>);
  const item = lastPut.get(key);
  if (!item) return;
  for (const index of Object.values(spec.indexes) as { partitionKey: string; sortKey: string }[]) {
    if (item[index.partitionKey] !== undefined && item[index.sortKey] !== undefined)
      tally.writeUnits += units;
  }
}

function instrument(): void {
  const clients = [
    ['dynamodb', documentClient()],
    ['s3', s3Client()],
    ['sns', snsClient()],
    ['sqs', sqsClient()],
  ] as const;
  for (const [service, client] of clients) {
    (client.middlewareStack as unknown as MiddlewareStack<object, object>).add(
      (next, context) => async (args) => {
        const tally = current.getStore();
        const input = args.input as Record<string, unknown>;
        if (tally && service === 'dynamodb') input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        if (tally) {
          const command = `${service}.${context.commandName}`;
          tally.requests.set(command, (tally.requests.get(command) ?? 0) + 1);
          tally.waitMs += LATENCY_MS[service];
          if (service === 'dynamodb') {
            countDynamo(tally, context.commandName ?? '', input, result.output as Record<string, unknown>);
          }
          if (command === 's3.PutObjectCommand') {
            const body = input.Body as { byteLength?: number; length?: number } | string | undefined;
            tally.s3BytesPut += typeof body === 'string' ? Buffer.byteLength(body) : (body?.byteLength ?? 0);
          }
        }
        return result;
      },
      { step: 'initialize', name: `benchCount-${service}` },
    );
  }
}

export interface CostBench {
  lines: string[];
  exSes: number;
  withSes: number;
  exSes10: number;
}

export async function benchCost(): Promise<CostBench> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const dataDir = mkdtempSync(join(tmpdir(), 'bantin-cost-'));
  const stack = await startLocalStack({ projectRoot, dataDir, port: 8787, samplePort: 0 });
  const lines: string[] = [];
  try {
    const publish = async (n: number) => {
      const response = await fetch(`${stack.sample.origin}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `Bản tin chi phí số ${n}: Hà Nam khởi công dự án giao thông mới`,
          summary: `Tỉnh Hà Nam triển khai dự án mới (bài ${n}).`,
          paragraphs: Array.from(
            { length: 8 },
            (_, p) => `Đoạn ${p + 1} của bài ${n}: toàn tỉnh đã thực hiện ${n * 7 + p} dự án tại các huyện.`,
          ),
          category: ['Xã hội', 'Kinh tế', 'Giao thông'][n % 3],
          author: 'Phóng viên',
        }),
      });
      if (response.status !== 201) throw new Error(`publish failed: ${response.status}`);
    };
    // A steady state: feeds already hold 50 articles.
    for (let n = 1; n <= 50; n++) await publish(n);
    await stack.sources.put({ ...sampleSource(stack.sample), maxArticlesPerPoll: 100 });
    await stack.runCycle();
    await stack.runCycle();

    const tallies: Tallies = new Map();
    instrument();
    const invoke = stack.runner.invoke.bind(stack.runner);
    let phase = '';
    stack.runner.invoke = async (name: FunctionName, event: unknown) => {
      const key = `${phase}:${name}`;
      const tally = tallies.get(key) ?? newTally();
      tallies.set(key, tally);
      tally.invocations++;
      const cpu = process.cpuUsage();
      try {
        return await current.run(tally, () => invoke(name, event));
      } finally {
        const used = process.cpuUsage(cpu);
        tally.cpuMs += (used.user + used.system) / 1000;
      }
    };
    const ROUNDS = 3;
    phase = 'new';
    for (let n = 0; n < ROUNDS; n++) {
      await publish(100 + n);
      const summary = await stack.runCycle();
      if (summary.articlesNew !== 1) throw new Error(`expected one new article, got ${summary.articlesNew}`);
    }
    phase = 'idle';
    for (let n = 0; n < ROUNDS; n++) await stack.runCycle();

    // Pages fetched per poll: the feed, plus one article page when something is new.
    const get = (phaseName: string, fn: string) => tallies.get(`${phaseName}:${fn}`) ?? newTally();
    const perRound = (x: number) => x / ROUNDS;
    const newPolls = LOAD.papers * LOAD.articlesPerPaperDay * DAYS;
    const idlePolls = LOAD.papers * (LOAD.pollsPerDay - LOAD.articlesPerPaperDay) * DAYS;

    const monthly = newTally();
    const gbSeconds: Record<string, number> = {};
    const add = (t: Tally, times: number, fn: string, fetches: number) => {
      monthly.invocations += perRound(t.invocations) * times;
      monthly.readUnits += perRound(t.readUnits) * times;
      monthly.writeUnits += perRound(t.writeUnits) * times;
      monthly.s3BytesPut += perRound(t.s3BytesPut) * times;
      for (const [k, v] of t.requests)
        monthly.requests.set(k, (monthly.requests.get(k) ?? 0) + perRound(v) * times);
      const ms = perRound(t.cpuMs + t.waitMs) + fetches * LATENCY_MS.fetch;
      const memoryGb = topology.functions[fn as FunctionName].memoryMb / 1024;
      gbSeconds[fn] = (gbSeconds[fn] ?? 0) + ((ms * times) / 1000) * memoryGb;
    };
    for (const fn of ['ingest-source', 'build-feeds', 'send-alerts']) {
      add(get('new', fn), newPolls, fn, fn === 'ingest-source' ? 2 : 0);
      add(get('idle', fn), idlePolls, fn, fn === 'ingest-source' ? 1 : 0);
    }
    // Schedules: plan-ingest every 5 minutes and plan-digests every 15 (their per-source work scaled by papers).
    const planIngest = get('idle', 'plan-ingest');
    add(planIngest, (DAYS * 24 * 60) / 5, 'plan-ingest', 0);
    monthly.readUnits += (perRound(planIngest.readUnits) * (LOAD.papers - 1) * DAYS * 24 * 60) / 5;
    add(get('idle', 'plan-digests'), DAYS * 96, 'plan-digests', 0);

    const r = (k: string) => monthly.requests.get(k) ?? 0;
    const s3Puts = r('s3.PutObjectCommand');
    const s3Gets = r('s3.GetObjectCommand') + r('s3.HeadObjectCommand');
    const sqsSends = r('sqs.SendMessageBatchCommand') + r('sqs.SendMessageCommand');
    const snsPublishes = r('sns.PublishBatchCommand') + r('sns.PublishCommand');
    // Each published message reaches 2 queues (feeds, alerts): Lambda receives and deletes in batches.
    const queueMessages = monthly.invocations; // a receive + a delete per invocation, at most
    const sqsRequests = sqsSends + 2 * queueMessages + 6 * SQS_IDLE_RECEIVES_PER_QUEUE_MONTH;
    const lambdaGbS = Object.values(gbSeconds).reduce((a, b) => a + b, 0);

    // Digests: the digest bench's counts per 10,000, for 100,000 a day.
    const digest = await benchDigests(Number(process.env.BENCH_SUBSCRIBERS ?? 100_000));
    const digestScale = (LOAD.digestsPerDay * DAYS) / 10_000;
    const digestExSes =
      (digest.costPer10k.sqs +
        digest.costPer10k.sns +
        digest.costPer10k.lambda +
        digest.costPer10k.dynamodb +
        digest.costPer10k.s3) *
      digestScale;
    const sesCost = digest.costPer10k.ses * digestScale;

    // Feeds through CloudFront: one feed's gzip size; a poll gets the feed when it changed, else 304.
    const feed = await stack.aws.clients.s3.send(
      new GetObjectCommand({
        Bucket: stack.aws.bucket,
        Key: `feeds/sources/${sampleSource(stack.sample).id}.rss`,
      }),
    );
    const feedGzBytes = gzipSync(Buffer.from(await feed.Body!.transformToByteArray())).byteLength;
    const changedShare = Math.min(1, LOAD.articlesPerPaperDay / LOAD.pollsPerDay);
    const distinctFeeds = LOAD.papers * 3;
    const defaultTtlMinutes = 1;
    const cloudFront = (feedsEach: number) => {
      const requests = LOAD.aggregators * feedsEach * LOAD.pollsPerDay * DAYS;
      const functions = requests * FEEDS_FUNCTIONS_PER_REQUEST;
      const gbOut = (requests * (changedShare * feedGzBytes + (1 - changedShare) * 400)) / 1e9;
      // Cache misses: each distinct feed at most once per TTL, no more often than it is asked for.
      const perFeedPer15 = (LOAD.aggregators * feedsEach) / distinctFeeds;
      const originGets =
        distinctFeeds * Math.min(perFeedPer15, 15 / defaultTtlMinutes) * LOAD.pollsPerDay * DAYS;
      const cost =
        (requests / 10_000) * PRICES.cloudFrontPer10kHttps +
        (functions / 1e6) * PRICES.cloudFrontFunctionPerMillion +
        gbOut * PRICES.cloudFrontPerGbOut +
        originGets * PRICES.s3PerGet;
      return { requests, functions, gbOut, originGets, cost };
    };

    const articlesMonth = LOAD.papers * LOAD.articlesPerPaperDay * DAYS;
    const s3StoredGb =
      monthly.s3BytesPut > 0 ? (perArticleStoredBytes(get('new', 'ingest-source')) * articlesMonth) / 1e9 : 0;
    const invocationsAll = monthly.invocations + digest.requestsPer10k.lambdaInvocations * digestScale;
    const logsGb = (invocationsAll * LOG_BYTES_PER_INVOCATION) / 1e9;
    const secretsCalls = 1000; // a read per cold start of the mail functions
    const cost = {
      lambda: monthly.invocations * PRICES.lambdaPerRequest + lambdaGbS * PRICES.lambdaPerGbSecond,
      dynamodb:
        monthly.writeUnits * PRICES.dynamoPerWriteUnit +
        monthly.readUnits * PRICES.dynamoPerReadUnit +
        // Storage added: about 3 KB per article in the table and in each of its 4 index copies and listings.
        ((articlesMonth * 3 * 1024 * 6) / 1e9) * PRICES.dynamoPerGbMonth,
      s3: s3Puts * PRICES.s3PerPut + s3Gets * PRICES.s3PerGet + s3StoredGb * PRICES.s3PerGbMonth,
      sqs: sqsRequests * PRICES.sqsPerRequest,
      sns: snsPublishes * PRICES.snsPerPublish,
      cloudwatch: logsGb * (PRICES.cloudWatchLogsPerGbIngested + PRICES.cloudWatchLogsPerGbMonth),
      secrets: PRICES.secretsPerSecretMonth + (secretsCalls / 10_000) * PRICES.secretsPer10kCalls,
      digests: digestExSes,
    };
    const cf3 = cloudFront(3);
    const cf10 = cloudFront(10);
    const base = Object.values(cost).reduce((a, b) => a + b, 0);
    const exSes = base + cf3.cost;
    const exSes10 = base + cf10.cost;
    const $ = (n: number) => `$${n.toFixed(2)}`;
    const m = (n: number) => `${(n / 1e6).toFixed(2)}M`;
    for (const [phaseName, label] of [
      ['new', 'a poll with 1 new article'],
      ['idle', 'a poll with nothing new'],
    ] as const) {
      for (const fn of ['ingest-source', 'build-feeds', 'send-alerts']) {
        const t = get(phaseName, fn);
        if (t.invocations === 0) continue;
        const reqs = [...t.requests]
          .map(([k, v]) => `${k.replace(/Command$/, '')}×${(v / ROUNDS).toFixed(1)}`)
          .join(' ');
        lines.push(
          `cost: ${label}: ${fn} ${(t.invocations / ROUNDS).toFixed(1)} invocations, ${(t.cpuMs / ROUNDS).toFixed(0)} ms CPU + ${(t.waitMs / ROUNDS).toFixed(0)} ms modelled waits, ` +
            `${(t.readUnits / ROUNDS).toFixed(1)} RCU ${(t.writeUnits / ROUNDS).toFixed(1)} WCU (indexes included), ${(t.s3BytesPut / ROUNDS / 1024).toFixed(0)} KB to S3; ${reqs}`,
        );
      }
    }
    lines.push(
      `cost: load: ${LOAD.papers} papers × ${LOAD.pollsPerDay} polls/day, ${LOAD.articlesPerPaperDay} new articles/day each; ${LOAD.aggregators} aggregators × 3 feeds (10) every 15 min; ${LOAD.digestsPerDay.toLocaleString('en')} digests/day; ${DAYS} days`,
      `cost: Lambda ${m(monthly.invocations)} invocations, ${lambdaGbS.toFixed(0)} GB-s (${Object.entries(
        gbSeconds,
      )
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')}) = ${$(cost.lambda)}`,
      `cost: DynamoDB ${m(monthly.writeUnits)} WCU, ${m(monthly.readUnits)} RCU = ${$(cost.dynamodb)}`,
      `cost: S3 ${m(s3Puts)} PUT, ${m(s3Gets)} GET, ${s3StoredGb.toFixed(1)} GB added = ${$(cost.s3)}`,
      `cost: SQS ${m(sqsRequests)} requests (pollers included) = ${$(cost.sqs)}; SNS ${m(snsPublishes)} publishes = ${$(cost.sns)}`,
      `cost: CloudWatch Logs ${logsGb.toFixed(1)} GB = ${$(cost.cloudwatch)}; Secrets Manager 1 secret = ${$(cost.secrets)}`,
      `cost: digests (100,000/day, ex-SES: SQS, SNS, Lambda, DynamoDB, S3) = ${$(cost.digests)}; SES ${$(sesCost)}`,
      `cost: CloudFront, 3 feeds each: ${m(cf3.requests)} requests, ${m(cf3.functions)} function runs, ${cf3.gbOut.toFixed(1)} GB out (feed ${(feedGzBytes / 1024).toFixed(1)} KB gzip, changed at ${(changedShare * 100).toFixed(0)}% of polls), ${m(cf3.originGets)} origin GETs = ${$(cf3.cost)}`,
      `cost: CloudFront, 10 feeds each: ${m(cf10.requests)} requests, ${m(cf10.functions)} function runs, ${cf10.gbOut.toFixed(1)} GB out = ${$(cf10.cost)}`,
      `cost: unit prices (us-east-1, no free tier): Lambda $0.20/M + $0.0000133334/GB-s arm64; DynamoDB on-demand $0.625/M WRU, $0.125/M RRU, $0.25/GB-month; S3 $0.005/1000 PUT, $0.0004/1000 GET, $0.023/GB-month;` +
        ` SQS $0.40/M; SNS $0.50/M; CloudFront $0.0100/10,000 HTTPS requests, $0.10/M functions, $0.085/GB out; CloudWatch Logs $0.50/GB + $0.03/GB-month; Secrets Manager $0.40/secret + $0.05/10,000 calls; SES $0.10/1000`,
      `cost: with 10 feeds per aggregator: $${exSes10.toFixed(2)} per month ex-SES ($${(exSes10 + sesCost).toFixed(2)} with SES)`,
    );
    return { lines, exSes, withSes: exSes + sesCost, exSes10 };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CloudFront Functions on each /feeds/ request (viewer request + viewer response, infra/constructs/content-store.ts). */
export const FEEDS_FUNCTIONS_PER_REQUEST = 2;

function perArticleStoredBytes(t: Tally): number {
  return t.s3BytesPut / Math.max(1, t.invocations);
}

export function printCost(result: CostBench): void {
  for (const line of result.lines) console.log(line);
  console.log(`cost: $${result.exSes.toFixed(2)} per month ex-SES ($${result.withSes.toFixed(2)} with SES)`);
}

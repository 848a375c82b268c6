/**
 * A month of Bantin in AWS, from requests counted through the real handlers on the embedded
 * stack (every AWS SDK call the handlers make passes a counting middleware; DynamoDB reports its
 * consumed capacity), scaled to the load of issue 13:
 *   - 100 papers polled every 15 minutes, 50 new articles a day each;
 *   - 1,000 aggregators polling 3 feeds (second line: 10) every 15 minutes through CloudFront;
 *   - 100,000 daily digests (the digest bench's counts, same use cases).
 * Measured on one paper: polls that find one new article (ingest → events → feeds, alerts) and
 * polls that find nothing. Lambda time = CPU time measured around each invocation plus a modelled
 * wait per AWS request and per page fetched (the stand-ins answer in-process). Each CloudFront
 * distribution (feeds, images) is priced pay-as-you-go and on the cheapest flat-rate plan that
 * covers its month; the month counts the cheaper of the two.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { MiddlewareStack } from '@smithy/types';
import type { CloudFrontPlanTier } from '../infra/constructs/cloudfront-plan.js';
import { sampleSource, startLocalStack } from '../infra/local/local-stack.js';
import { type FunctionName, topology } from '../infra/topology.js';
import { FEED_WIDTH, MAIL_WIDTH } from '../shared/ingest/images/renditions.js';
import { CACHE_CONTROL } from '../shared/syndicate/feed-files.js';
import { benchDigests } from './digests.js';
import { lambdaMs } from './lambda-cpu.js';
import { measureCopyBytes } from './photo-bytes.js';
import { type CountedService, onEveryClient } from './request-count.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * ap-southeast-1 (Singapore) list prices (USD), no free tier; CloudFront at its Asia Pacific rates
 * (readers and aggregators of Vietnamese papers), its dearest but one. Check the pricing pages
 * before quoting them.
 */
export const PRICES = {
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecond: 0.0000133334, // arm64
  dynamoPerWriteUnit: 0.7135 / 1e6, // on-demand write request unit
  dynamoPerReadUnit: 0.1425 / 1e6, // on-demand read request unit
  dynamoPerGbMonth: 0.285,
  s3PerPut: 0.005 / 1000, // PUT, COPY, POST, LIST
  s3PerGet: 0.0004 / 1000, // GET, HEAD
  s3PerGbMonth: 0.025, // Standard, first 50 TB
  sqsPerRequest: 0.4 / 1e6,
  snsPerPublish: 0.5 / 1e6, // SNS → SQS deliveries are free
  cloudFrontPer10kHttps: 0.012, // Asia Pacific
  cloudFrontFunctionPerMillion: 0.1,
  cloudFrontPerGbOut: 0.12, // Asia Pacific, first 10 TB
  cloudWatchLogsPerGbIngested: 0.67,
  cloudWatchLogsPerGbMonth: 0.033,
  secretsPerSecretMonth: 0.4,
  secretsPer10kCalls: 0.05,
  sesPerMessage: 0.1 / 1000,
};

/**
 * CloudFront flat-rate plans, a month per distribution, no overage (CloudFront pricing page,
 * flat-rate plans, as of 2026). A plan covers its distribution's requests, data transfer out and
 * CloudFront Functions; S3 still bills the origin's GETs. Its bundled WAF, Route 53, logs and S3
 * credits are not counted as savings.
 */
export const CLOUDFRONT_PLANS: readonly {
  tier: CloudFrontPlanTier;
  perMonth: number;
  requests: number;
  gbOut: number;
}[] = [
  { tier: 'free', perMonth: 0, requests: 1e6, gbOut: 100 },
  { tier: 'pro', perMonth: 15, requests: 10e6, gbOut: 50_000 },
  { tier: 'business', perMonth: 200, requests: 125e6, gbOut: 50_000 },
  { tier: 'premium', perMonth: 1000, requests: 500e6, gbOut: 50_000 },
];

/** A month of one CloudFront distribution. */
export interface Traffic {
  requests: number;
  functionRuns: number;
  gbOut: number;
  /** Cache misses: S3 GETs, billed by S3 with or without a plan. */
  originGets: number;
}

/** A distribution's month both ways: pay-as-you-go, and the cheapest plan whose allowance covers it. */
export function priceDistribution(traffic: Traffic) {
  const originGets = traffic.originGets * PRICES.s3PerGet;
  const payAsYouGo =
    (traffic.requests / 10_000) * PRICES.cloudFrontPer10kHttps +
    (traffic.functionRuns / 1e6) * PRICES.cloudFrontFunctionPerMillion +
    traffic.gbOut * PRICES.cloudFrontPerGbOut +
    originGets;
  const plan = CLOUDFRONT_PLANS.find((p) => traffic.requests <= p.requests && traffic.gbOut <= p.gbOut);
  const flatRate = plan ? plan.perMonth + originGets : undefined;
  const cheaper = flatRate !== undefined && flatRate < payAsYouGo ? plan! : undefined;
  return { payAsYouGo, plan, flatRate, cheaper, best: cheaper ? flatRate! : payAsYouGo };
}

/**
 * Monthly request counts, at this traffic's bytes and function runs per request, for which
 * pay-as-you-go costs less than the cheapest plan that covers them (origin GETs cost the same
 * either way): in each plan's band it wins below the plan's price over its cost per request.
 */
export function payAsYouGoRanges(traffic: Traffic): { from: number; to: number }[] {
  const perRequest =
    (priceDistribution(traffic).payAsYouGo - traffic.originGets * PRICES.s3PerGet) / traffic.requests;
  const gbPerRequest = traffic.gbOut / traffic.requests;
  const ranges: { from: number; to: number }[] = [];
  let from = 0;
  for (const plan of CLOUDFRONT_PLANS) {
    const cap = Math.min(plan.requests, gbPerRequest > 0 ? plan.gbOut / gbPerRequest : plan.requests);
    if (cap <= from) continue;
    const breakEven = plan.perMonth / perRequest;
    if (breakEven > from) {
      const last = ranges.at(-1);
      if (last && last.to === from) last.to = Math.min(cap, breakEven);
      else ranges.push({ from, to: Math.min(cap, breakEven) });
    }
    from = cap;
  }
  // Past the largest allowance no plan of the list covers the month.
  const last = ranges.at(-1);
  if (last && last.to === from) last.to = Number.POSITIVE_INFINITY;
  else ranges.push({ from, to: Number.POSITIVE_INFINITY });
  return ranges;
}

/** Modelled wait per request from Lambda (same region), and per page fetched from a paper. */
const LATENCY_MS = { dynamodb: 6, s3: 20, sns: 15, sqs: 10, fetch: 150 };
const LOAD = {
  papers: 100,
  articlesPerPaperDay: 50,
  pollsPerDay: 96,
  aggregators: 1000,
  digestsPerDay: 100_000,
  /** Images per article (issue 15): the measured polls re-host one; the others are scaled from it. */
  imagesPerArticle: 2,
  /** Digests opened with images shown (each shows at most 3 mail copies, loaded at each open). */
  mailOpenShare: 0.3,
  mailImagesPerDigest: 3,
};
/** Bytes of a copy at most `width` px wide of a 3:2 photo wider than that, at measured bytes per pixel. */
const copyBytes = (width: number, bytesPerPixel: number) =>
  bytesPerPixel * width * Math.round((width * 2) / 3);
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
  /** Requests for re-hosted images (`media/` keys): what each further image of an article costs again. */
  mediaPuts: number;
  mediaHeads: number;
  /** Scans of the sources table (the bench has one paper, the load a hundred): their units and the bytes of the items read. */
  sourceScanUnits: number;
  sourceScanBytes: number;
}

const newTally = (): Tally => ({
  invocations: 0,
  cpuMs: 0,
  waitMs: 0,
  requests: new Map(),
  readUnits: 0,
  writeUnits: 0,
  s3BytesPut: 0,
  mediaPuts: 0,
  mediaHeads: 0,
  sourceScanUnits: 0,
  sourceScanBytes: 0,
});

/** What `a` costs beyond `b` (both measured over the same rounds). */
function difference(a: Tally, b: Tally): Tally {
  const requests = new Map(a.requests);
  for (const [k, v] of b.requests) requests.set(k, (requests.get(k) ?? 0) - v);
  return {
    invocations: a.invocations - b.invocations,
    cpuMs: a.cpuMs - b.cpuMs,
    waitMs: a.waitMs - b.waitMs,
    requests,
    readUnits: a.readUnits - b.readUnits,
    writeUnits: a.writeUnits - b.writeUnits,
    s3BytesPut: a.s3BytesPut - b.s3BytesPut,
    mediaPuts: a.mediaPuts - b.mediaPuts,
    mediaHeads: a.mediaHeads - b.mediaHeads,
    sourceScanUnits: a.sourceScanUnits - b.sourceScanUnits,
    sourceScanBytes: a.sourceScanBytes - b.sourceScanBytes,
  };
}

const withoutInvocations = (t: Tally): Tally => ({ ...t, invocations: 0 });

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
  output: Record<string, unknown> | undefined,
) {
  const consumed = ([] as { CapacityUnits?: number }[]).concat((output?.ConsumedCapacity as never) ?? []);
  const units = consumed.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0) || 1;
  if (!/Put|Update|Delete|BatchWrite/.test(command)) {
    tally.readUnits += units;
    if (command === 'ScanCommand' && tableSpec(String(input.TableName ?? '')) === topology.tables.sources) {
      tally.sourceScanUnits += units;
      tally.sourceScanBytes += JSON.stringify(output?.Items ?? []).length;
    }
    return;
  }
  tally.writeUnits += units;
  // A write that failed (its condition) wrote no index.
  if (!output) return;
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

/** Adds the counting middleware to a client's stack (a document client shares its client's stack). */
function countOn(service: CountedService, stack: MiddlewareStack<object, object>): void {
  stack.add(
    (next, context) => async (args) => {
      const tally = current.getStore();
      const input = args.input as Record<string, unknown>;
      if (tally && service === 'dynamodb') input.ReturnConsumedCapacity = 'TOTAL';
      // AWS bills a request that fails too (a 404 HEAD, a failed conditional write): counted either way.
      let output: Record<string, unknown> | undefined;
      try {
        const result = await next(args);
        output = result.output as Record<string, unknown>;
        return result;
      } finally {
        if (tally) {
          const command = `${service}.${context.commandName}`;
          tally.requests.set(command, (tally.requests.get(command) ?? 0) + 1);
          tally.waitMs += LATENCY_MS[service];
          if (service === 'dynamodb') countDynamo(tally, context.commandName ?? '', input, output);
          const media = String(input.Key ?? '').startsWith('media/');
          if (media && command === 's3.PutObjectCommand') tally.mediaPuts++;
          if (media && command === 's3.HeadObjectCommand') tally.mediaHeads++;
          if (output && command === 's3.PutObjectCommand') {
            const body = input.Body as { byteLength?: number; length?: number } | string | undefined;
            tally.s3BytesPut += typeof body === 'string' ? Buffer.byteLength(body) : (body?.byteLength ?? 0);
          }
        }
      }
    },
    { step: 'initialize', name: `benchCount-${service}` },
  );
}

/** Counts every request of every client of these kinds. */
/** How long a shared cache keeps a file by its Cache-Control: s-maxage, else max-age (seconds). */
function edgeSeconds(cacheControl: string): number {
  const shared =
    /(?:^|[\s,])s-maxage=(\d+)/.exec(cacheControl) ?? /(?:^|[\s,])max-age=(\d+)/.exec(cacheControl);
  return Number(shared?.[1] ?? 0);
}

function instrument(): void {
  onEveryClient(countOn);
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
          // One photo each (a real JPEG of the sample paper): ingest re-hosts it, counted above.
          imageCaption: `Ảnh minh họa bài ${n}`,
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
      // Feed requests for a new or changed source (the admin API's, in AWS), not part of a poll: not counted.
      if (name === 'build-feeds' && onlyFeedRequests(event)) return invoke(name, event);
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
    // Articles arrive at random (Poisson, λ a paper's articles per poll interval): a poll finds
    // something with probability 1 − e^−λ, and then a share above one. Ingest's and alerts' work
    // follows the articles; a feeds rebuild follows the polls that find something (one each).
    const articlesPerInterval = LOAD.articlesPerPaperDay / LOAD.pollsPerDay;
    const findShare = 1 - Math.exp(-articlesPerInterval);
    const polls = LOAD.papers * LOAD.pollsPerDay * DAYS;
    const newPolls = polls * findShare;
    const idlePolls = polls - newPolls;
    const articlesMonth = LOAD.papers * LOAD.articlesPerPaperDay * DAYS;
    const extraArticles = articlesMonth - newPolls;

    const monthly = newTally();
    const gbSeconds: Record<string, number> = {};
    const add = (t: Tally, times: number, fn: string, fetches: number) => {
      monthly.invocations += perRound(t.invocations) * times;
      // Reading every source is counted below: a container reuses its copy (functions/caching.ts).
      monthly.readUnits += perRound(t.readUnits - t.sourceScanUnits) * times;
      monthly.writeUnits += perRound(t.writeUnits) * times;
      monthly.s3BytesPut += perRound(t.s3BytesPut) * times;
      for (const [k, v] of t.requests)
        monthly.requests.set(k, (monthly.requests.get(k) ?? 0) + perRound(v) * times);
      const { memoryMb } = topology.functions[fn as FunctionName];
      const ms = lambdaMs(memoryMb, perRound(t.cpuMs), perRound(t.waitMs) + fetches * LATENCY_MS.fetch);
      gbSeconds[fn] = (gbSeconds[fn] ?? 0) + ((ms * times) / 1000) * (memoryMb / 1024);
    };
    for (const fn of ['ingest-source', 'build-feeds', 'send-alerts']) {
      add(get('new', fn), newPolls, fn, fn === 'ingest-source' ? 2 : 0);
      add(get('idle', fn), idlePolls, fn, fn === 'ingest-source' ? 1 : 0);
    }
    // Each article beyond a poll's first: ingest's work for one more (a poll with one new article
    // less one that found nothing, and its page's fetch) and all of alerts' but the invocation.
    add(
      withoutInvocations(difference(get('new', 'ingest-source'), get('idle', 'ingest-source'))),
      extraArticles,
      'ingest-source',
      1,
    );
    add(withoutInvocations(get('new', 'send-alerts')), extraArticles, 'send-alerts', 0);
    // Schedules, as the topology sets them (plan-ingest's per-source reads scaled by papers).
    const runsPerMonth = (fn: 'plan-ingest' | 'plan-digests') =>
      (DAYS * 24 * 60) / topology.functions[fn].trigger.everyMinutes;
    // Every source (a Scan): build-feeds reuses its copy for a minute (functions/caching.ts),
    // send-alerts its names for five, so each of a function's containers reads it once per that
    // while its batches keep coming, not once per batch (the rounds above read the copies).
    const scanTally = newTally();
    await current.run(scanTally, () => stack.sources.list());
    const scanUnits = sourceScanUnitsAtLoad(scanTally);
    const containerScans = (fn: 'build-feeds' | 'send-alerts', ttlMinutes: number, batches: number) => {
      const { trigger } = topology.functions[fn];
      return Math.min(batches, ((DAYS * 24 * 60) / ttlMinutes) * trigger.maxConcurrency);
    };
    const sourceScans = {
      'build-feeds': containerScans('build-feeds', 1, newPolls),
      'send-alerts': containerScans('send-alerts', 5, newPolls),
    };
    monthly.readUnits += (sourceScans['build-feeds'] + sourceScans['send-alerts']) * scanUnits;
    const planIngest = get('idle', 'plan-ingest');
    add(planIngest, runsPerMonth('plan-ingest'), 'plan-ingest', 0);
    monthly.readUnits += perRound(planIngest.readUnits) * (LOAD.papers - 1) * runsPerMonth('plan-ingest');
    add(get('idle', 'plan-digests'), runsPerMonth('plan-digests'), 'plan-digests', 0);

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
    // A feed changed since an aggregator's last poll as often as a poll of its paper finds something.
    const changedShare = findShare;
    const distinctFeeds = LOAD.papers * 3;
    const edgeTtlMinutes = edgeSeconds(CACHE_CONTROL.current) / 60;
    const feedsTraffic = (feedsEach: number): Traffic => {
      const requests = LOAD.aggregators * feedsEach * LOAD.pollsPerDay * DAYS;
      const gbOut = (requests * (changedShare * feedGzBytes + (1 - changedShare) * 400)) / 1e9;
      // Requests the CDN sends the bucket: each distinct feed at most once per edge TTL, no more
      // often than it is asked for; with a TTL of 0 (feeds' s-maxage) every request asks (a 304 mostly).
      const perFeedPer15 = (LOAD.aggregators * feedsEach) / distinctFeeds;
      const originGets =
        edgeTtlMinutes > 0
          ? distinctFeeds * Math.min(perFeedPer15, 15 / edgeTtlMinutes) * LOAD.pollsPerDay * DAYS
          : requests;
      return { requests, functionRuns: requests * FEEDS_FUNCTIONS_PER_REQUEST, gbOut, originGets };
    };
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
    // Images: the measured ingest re-hosted one per new article; the others cost its media requests again.
    // Each aggregator following a feed that carries an article loads its feed copy (the items'
    // src and enclosure) once, into its own cache; opened digests load their mail copies. Copies
    // are immutable and cached a year at the edge: CloudFront's origin reads are negligible.
    const followersPerFeed = (feedsEach: number) => (LOAD.aggregators * feedsEach) / distinctFeeds;
    const feedLoads = (feedsEach: number) =>
      articlesMonth * LOAD.imagesPerArticle * followersPerFeed(feedsEach);
    const mailLoads = LOAD.digestsPerDay * DAYS * LOAD.mailImagesPerDigest * LOAD.mailOpenShare;
    const measured = await measureCopyBytes();
    const feedCopyBytes = copyBytes(FEED_WIDTH, measured.feed.bytesPerPixel);
    const mailCopyBytes = copyBytes(MAIL_WIDTH, measured.mail.bytesPerPixel);
    const mediaTraffic = (feedsEach: number): Traffic => ({
      requests: feedLoads(feedsEach) + mailLoads,
      functionRuns: 0,
      gbOut: (feedLoads(feedsEach) * feedCopyBytes + mailLoads * mailCopyBytes) / 1e9,
      originGets: 0,
    });
    const newIngest = get('new', 'ingest-source');
    const extraImagesS3 =
      (LOAD.imagesPerArticle - 1) *
      articlesMonth *
      (perRound(newIngest.mediaPuts) * PRICES.s3PerPut + perRound(newIngest.mediaHeads) * PRICES.s3PerGet);
    // Each further image is fetched, resized and stored by ingest too: its Lambda time.
    const extraImageMs = lambdaMs(
      topology.functions['ingest-source'].memoryMb,
      measured.cpuMsPerImage,
      LATENCY_MS.fetch + perRound(newIngest.mediaPuts + newIngest.mediaHeads) * LATENCY_MS.s3,
    );
    const extraImageGbS =
      ((LOAD.imagesPerArticle - 1) *
        articlesMonth *
        extraImageMs *
        topology.functions['ingest-source'].memoryMb) /
      1000 /
      1024;
    // What images cost besides their distribution (priced below with it).
    const imagesIngest = extraImageGbS * PRICES.lambdaPerGbSecond + extraImagesS3;
    Object.assign(cost, { images: imagesIngest });
    const base = Object.values(cost).reduce((a, b) => a + b, 0);
    /** Each distribution both ways; the month counts the cheaper of the two for each. */
    const month = (feedsEach: number) => {
      const feeds = { traffic: feedsTraffic(feedsEach), ...priceDistribution(feedsTraffic(feedsEach)) };
      const media = { traffic: mediaTraffic(feedsEach), ...priceDistribution(mediaTraffic(feedsEach)) };
      return {
        feeds,
        media,
        best: base + feeds.best + media.best,
        payAsYouGo: base + feeds.payAsYouGo + media.payAsYouGo,
      };
    };
    const at3 = month(3);
    const at10 = month(10);
    const exSes = at3.best;
    const exSes10 = at10.best;
    // AWS's always-free tier (not the 12-month one): shown apart, never in the headline figure.
    // CloudFront's applies to the account's pay-as-you-go distributions, not to those on a plan.
    const free = (used: number, allowance: number, price: number) => Math.min(used, allowance) * price;
    const freeCloudFront = (distributions: Traffic[]) => {
      const sum = (k: keyof Traffic) => distributions.reduce((n, d) => n + d[k], 0);
      return (
        free(sum('requests'), 10e6, PRICES.cloudFrontPer10kHttps / 10_000) +
        free(sum('functionRuns'), 2e6, PRICES.cloudFrontFunctionPerMillion / 1e6) +
        free(sum('gbOut'), 1000, PRICES.cloudFrontPerGbOut)
      );
    };
    const freeTierElsewhere =
      free(monthly.invocations, 1e6, PRICES.lambdaPerRequest) +
      free(lambdaGbS, 400_000, PRICES.lambdaPerGbSecond) +
      free(sqsRequests, 1e6, PRICES.sqsPerRequest) +
      free(snsPublishes, 1e6, PRICES.snsPerPublish) +
      free(logsGb, 5, PRICES.cloudWatchLogsPerGbIngested);
    const freeAllPayAsYouGo = freeTierElsewhere + freeCloudFront([at3.feeds.traffic, at3.media.traffic]);
    const freeAsHeadline =
      freeTierElsewhere +
      freeCloudFront([at3.feeds, at3.media].filter((d) => !d.cheaper).map((d) => d.traffic));
    const $ = (n: number) => `$${n.toFixed(2)}`;
    const m = (n: number) => `${(n / 1e6).toFixed(2)}M`;
    const named = (tier: string) => `${tier.charAt(0).toUpperCase()}${tier.slice(1)}`;
    const versus = (d: ReturnType<typeof priceDistribution> & { traffic: Traffic }) => {
      if (!d.plan) return `pay-as-you-go ${$(d.payAsYouGo)}; no plan's allowance covers it`;
      const flat = `${named(d.plan.tier)} plan ${$(d.flatRate!)}${d.traffic.originGets > 0 ? ` ($${d.plan.perMonth} + origin GETs)` : ''}`;
      const winner = d.cheaper ? `the ${named(d.cheaper.tier)} plan` : 'pay-as-you-go';
      return `pay-as-you-go ${$(d.payAsYouGo)}, ${flat}: ${winner} is cheaper by ${$(Math.abs(d.payAsYouGo - d.flatRate!))}`;
    };
    const planChoice = (x: ReturnType<typeof month>) =>
      `feeds ${x.feeds.cheaper ? `on the ${named(x.feeds.cheaper.tier)} plan` : 'pay-as-you-go'}, images ${x.media.cheaper ? `on the ${named(x.media.cheaper.tier)} plan` : 'pay-as-you-go'}`;
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
            `${((t.readUnits - t.sourceScanUnits) / ROUNDS).toFixed(1)} RCU (the sources' Scan apart, below) ${(t.writeUnits / ROUNDS).toFixed(1)} WCU (indexes included), ${(t.s3BytesPut / ROUNDS / 1024).toFixed(0)} KB to S3; ${reqs}`,
        );
      }
    }
    lines.push(
      `cost: every source read (a Scan): ${scanUnits.toFixed(1)} RCU with ${LOAD.papers} papers; build-feeds keeps its copy a minute, send-alerts five, each of their ${topology.functions['build-feeds'].trigger.maxConcurrency} containers reading it at most once per copy: ${m(sourceScans['build-feeds'])} + ${m(sourceScans['send-alerts'])} Scans a month (build-feeds read it at each of its ${m(newPolls)} rebuilds before), ${m((sourceScans['build-feeds'] + sourceScans['send-alerts']) * scanUnits)} RCU, ${$((sourceScans['build-feeds'] + sourceScans['send-alerts']) * scanUnits * PRICES.dynamoPerReadUnit)}; at 1,000 papers each Scan reads ten times the units and the rebuilds are ten times as many, but the Scans stay as many`,
    );
    lines.push(
      `cost: load: ${LOAD.papers} papers × ${LOAD.pollsPerDay} polls/day, ${LOAD.articlesPerPaperDay} new articles/day each; ${LOAD.aggregators} aggregators × 3 feeds (10) every 15 min; ${LOAD.digestsPerDay.toLocaleString('en')} digests/day; ${DAYS} days; articles arriving at random, ${(findShare * 100).toFixed(0)}% of polls find something (${m(newPolls)} a month, ${(articlesMonth / newPolls).toFixed(2)} articles each; ${m(idlePolls)} find nothing)`,
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
      `cost: image copies measured on ${measured.photos} photos (${relative(projectRoot, measured.folder) || measured.folder}) through the ingest's copy-making: feed ${measured.feed.types.join('/')} ${(measured.feed.bytesPerPixel * 8).toFixed(2)} bits a pixel (as JPEG q80 it would be ${(measured.feedAsJpegBytesPerPixel * 8).toFixed(2)}), mail ${measured.mail.types.join('/')} ${(measured.mail.bytesPerPixel * 8).toFixed(2)} bits a pixel; a copy of a 3:2 photo weighs its area at that rate`,
      `cost: images: ${LOAD.imagesPerArticle} per article (one re-hosted in each measured poll above: its S3 PUTs and resizing are in those figures; each further one ${perRound(newIngest.mediaPuts).toFixed(1)} PUTs, ${perRound(newIngest.mediaHeads).toFixed(1)} HEAD and ${extraImageMs.toFixed(0)} ms of ingest (${measured.cpuMsPerImage.toFixed(0)} ms of a full core making the copies of a 1600 px photo, at its memory's CPU share, a fetch, the S3 waits): ${extraImageGbS.toFixed(0)} GB-s) = ${$(imagesIngest)}; feed copies (${FEED_WIDTH} px, the items' src and enclosure, ${(feedCopyBytes / 1024).toFixed(0)} KB) loaded once by each aggregator following a feed (${followersPerFeed(3)} at 3 feeds each, ${followersPerFeed(10).toFixed(1)} at 10): ${m(feedLoads(3))} (${m(feedLoads(10))}); mail copies (${MAIL_WIDTH} px, ${(mailCopyBytes / 1024).toFixed(0)} KB), ${LOAD.mailImagesPerDigest} per digest at each open, ${LOAD.mailOpenShare * 100}% opened: ${m(mailLoads)}; all from the images' distribution, cached a year (below)`,
      ...[3, 10].flatMap((feedsEach) => {
        const { feeds, media } = feedsEach === 3 ? at3 : at10;
        return [
          `cost: CloudFront feeds, ${feedsEach} feeds each: ${m(feeds.traffic.requests)} requests, ${m(feeds.traffic.functionRuns)} function runs, ${feeds.traffic.gbOut.toFixed(1)} GB out${feedsEach === 3 ? ` (feed ${(feedGzBytes / 1024).toFixed(1)} KB gzip, changed at ${(changedShare * 100).toFixed(0)}% of polls)` : ''}, ${m(feeds.traffic.originGets)} origin GETs (S3, either way: ${$(feeds.traffic.originGets * PRICES.s3PerGet)}${edgeTtlMinutes === 0 ? '; the CDN asks at every request, so that a WebSub hub never gets a stale copy' : ''}): ${versus(feeds)}`,
          `cost: CloudFront images, ${feedsEach} feeds each: ${m(media.traffic.requests)} requests, ${media.traffic.gbOut.toFixed(0)} GB out: ${versus(media)}`,
        ];
      }),
      ...(
        [
          ['feeds', at3.feeds.traffic],
          ['images', at3.media.traffic],
        ] as const
      ).map(
        ([name, traffic]) =>
          `cost: CloudFront ${name}: pay-as-you-go costs less than a plan at ${payAsYouGoRanges(traffic)
            .map(({ from, to }) =>
              to === Number.POSITIVE_INFINITY
                ? `over ${m(from)} (no plan's allowance)`
                : `${m(from)}–${m(to)}`,
            )
            .join(
              ', ',
            )} requests a month (at this load's ${((traffic.gbOut * 1e6) / traffic.requests).toFixed(1)} KB and ${traffic.functionRuns / traffic.requests} CloudFront Function run${traffic.functionRuns === traffic.requests ? '' : 's'} a request); a plan costs less elsewhere`,
      ),
      `cost: unit prices (ap-southeast-1 list prices, no free tier; CloudFront at Asia Pacific rates): Lambda $0.20/M + $0.0000133334/GB-s arm64; DynamoDB on-demand $0.7135/M WRU, $0.1425/M RRU, $0.285/GB-month; S3 Standard $0.005/1000 PUT, $0.0004/1000 GET, $0.025/GB-month;` +
        ` SQS $0.40/M; SNS $0.50/M; CloudFront $0.0120/10,000 HTTPS requests, $0.10/M functions, $0.120/GB out; CloudWatch Logs $0.67/GB + $0.033/GB-month; Secrets Manager $0.40/secret + $0.05/10,000 calls; SES $0.10/1000`,
      `cost: plans (CloudFront pricing page, as of 2026; a month per distribution, no overage): ${CLOUDFRONT_PLANS.map((p) => `${named(p.tier)} $${p.perMonth} (${m(p.requests)} requests, ${p.gbOut >= 1000 ? `${p.gbOut / 1000} TB` : `${p.gbOut} GB`})`).join(', ')}; each covers its distribution's requests, bytes out and functions, not S3's origin GETs`,
      `cost: all pay-as-you-go (no plan), 3 feeds each: ${$(at3.payAsYouGo)} per month ex-SES (${$(at3.payAsYouGo + sesCost)} with SES); 10 feeds each: ${$(at10.payAsYouGo)}`,
      `cost: with 10 feeds per aggregator: $${exSes10.toFixed(2)} per month ex-SES ($${(exSes10 + sesCost).toFixed(2)} with SES), ${planChoice(at10)}`,
      `cost: with AWS's always-free tier (Lambda 1M requests + 400,000 GB-s, SQS 1M, SNS 1M, CloudFront 10M requests + 2M functions + 1 TB out on pay-as-you-go distributions, CloudWatch Logs 5 GB) taken off, 3 feeds each: ${$(at3.payAsYouGo - freeAllPayAsYouGo)} all pay-as-you-go, ${$(exSes - freeAsHeadline)} ${planChoice(at3)} (not the figure below)`,
      `cost: the month below counts each distribution the cheaper way: 3 feeds each, ${planChoice(at3)}`,
    );
    return { lines, exSes, withSes: exSes + sesCost, exSes10 };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CloudFront Functions on each /feeds/ request (the viewer-request one, infra/constructs/content-store.ts). */
export const FEEDS_FUNCTIONS_PER_REQUEST = 1;

/**
 * A Scan of the sources reads every paper's item: the bytes of the one measured (as the JSON of
 * its attribute values, a little over DynamoDB's size) for each paper, at 0.5 read unit per 4 KB
 * (eventually consistent).
 */
function sourceScanUnitsAtLoad(t: Tally): number {
  return t.sourceScanUnits === 0
    ? 0
    : Math.max(t.sourceScanUnits, (t.sourceScanBytes * LOAD.papers) / 4096 / 2);
}

function onlyFeedRequests(event: unknown): boolean {
  const records = (event as { Records?: { body: string }[] }).Records ?? [];
  return records.length > 0 && records.every((r) => r.body.includes('"feeds.requested"'));
}

function perArticleStoredBytes(t: Tally): number {
  return t.s3BytesPut / Math.max(1, t.invocations);
}

export function printCost(result: CostBench): void {
  for (const line of result.lines) console.log(line);
  console.log(`cost: $${result.exSes.toFixed(2)} per month ex-SES ($${result.withSes.toFixed(2)} with SES)`);
}

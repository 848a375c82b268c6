/**
 * Pipeline throughput: articles per second from fetch to feed written, through the embedded
 * stack (sample newspaper over HTTP → plan-ingest → SQS → ingest-source → DynamoDB + S3 →
 * SNS → SQS → build-feeds → S3), on a generated newspaper of N articles.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type LocalStack, sampleSource, startLocalStack } from '../infra/local/local-stack.js';
import { countRequests } from './request-count.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const TOPICS = [
  'giao thông',
  'nông nghiệp',
  'giáo dục',
  'y tế',
  'văn hóa',
  'du lịch',
  'đầu tư',
  'môi trường',
];

function generatedArticle(n: number) {
  const topic = TOPICS[n % TOPICS.length]!;
  return {
    title: `Bản tin số ${n}: Hà Nam đẩy mạnh phát triển ${topic}`,
    summary: `Tỉnh Hà Nam triển khai nhiều giải pháp mới về ${topic} trong năm 2026 (bài ${n}).`,
    paragraphs: Array.from(
      { length: 8 },
      (_, p) =>
        `Đoạn ${p + 1} của bài ${n}. Theo Sở ${topic}, trong 10 tháng đầu năm, toàn tỉnh đã thực hiện ${n * 7 + p} dự án, ` +
        `thu hút sự tham gia của hàng nghìn hộ dân tại các huyện Lý Nhân, Bình Lục, Thanh Liêm và thị xã Duy Tiên.`,
    ),
    category: topic,
    author: 'Phóng viên',
  };
}

export interface PipelineBench {
  articles: number;
  seconds: number;
  perSecond: number;
  /** CPU time of this process (user + system) during the timed cycle, per article. */
  cpuMsPerArticle: number;
  /** The 1-minute load average at the start and at the end of the timed cycle. */
  load: { before: number; after: number };
  /** Publish on the sample paper → the feed `all.json` holding the article, cycles back to back. */
  latency: { articles: number; p50Ms: number; p95Ms: number };
  /** AWS requests of the timed cycle per new article: `function service.Command` → requests. */
  requestsPerArticle: Map<string, number>;
  /** CPU of one AWS request through the SDK to the stand-ins, both sides, by kind (ms). */
  requestCpuMs: Record<'s3Put' | 's3Get' | 'dynamoPut' | 'dynamoGet', number>;
}

/**
 * `profile`: a file to write the CPU profile of the timed cycle to (Chrome DevTools format), so
 * the publishing before it and the latency runs after it do not blur where the cycle's time goes.
 */
export async function benchPipeline(
  count: number,
  latencyArticles = 40,
  profile?: string,
): Promise<PipelineBench> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const dataDir = mkdtempSync(join(tmpdir(), 'bantin-bench-'));
  // In memory: the disk the local service keeps between runs is no part of the pipeline AWS runs.
  const stack = await startLocalStack({ projectRoot, dataDir, port: 8787, samplePort: 0, persist: false });
  const requests = countRequests();
  const invoke = stack.runner.invoke.bind(stack.runner);
  stack.runner.invoke = (name, event) => requests.within(name, () => invoke(name, event));
  try {
    for (let n = 1; n <= count; n++) {
      const response = await fetch(`${stack.sample.origin}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(generatedArticle(n)),
      });
      if (response.status !== 201)
        throw new Error(`publish failed: ${response.status} ${await response.text()}`);
    }
    await stack.sources.put({ ...sampleSource(stack.sample), maxArticlesPerPoll: Math.min(1000, count + 6) });
    // The fixture site adds its 6 articles to the generated ones.
    const session = profile ? await startProfile() : undefined;
    const loadBefore = loadavg()[0]!;
    const cpu = process.cpuUsage();
    const started = performance.now();
    requests.start();
    // A loaded machine may take minutes: the bench reports slowness, it does not time out on it.
    const summary = await stack.runCycle({ drainTimeoutMs: 30 * 60_000 });
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = process.cpuUsage(cpu);
    requests.stop();
    const loadAfter = loadavg()[0]!;
    if (session && profile) await stopProfile(session, profile);
    if (summary.failedSources.length > 0) throw new Error(`poll failed: ${summary.failedSources[0]?.error}`);
    if (summary.articlesFailed > 0) throw new Error(`${summary.articlesFailed} articles failed`);
    const latency = await measureLatency(stack, latencyArticles);
    const requestCpuMs = await measureRequestCpu(stack);
    return {
      articles: summary.articlesNew,
      seconds,
      perSecond: summary.articlesNew / seconds,
      cpuMsPerArticle: (cpuUsed.user + cpuUsed.system) / 1000 / summary.articlesNew,
      load: { before: loadBefore, after: loadAfter },
      latency,
      requestsPerArticle: new Map(
        [...requests.counts].map(([key, n]) => [key, n / Math.max(1, summary.articlesNew)]),
      ),
      requestCpuMs,
    };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * What one AWS request costs on this machine, client and stand-in together (the SDK's
 * serializing, signing and HTTP, the stand-in's parsing and storing): CPU of this process (the
 * DynamoDB stand-in's thread included) over 400 requests of each kind, 4 at once, with an
 * article's sizes (an 8 KB body, a 2 KB item). A pipeline making R requests per article cannot
 * beat R times this, however little its own code costs.
 */
async function measureRequestCpu(stack: LocalStack): Promise<PipelineBench['requestCpuMs']> {
  const { s3, dynamodb } = stack.aws.clients;
  const bucket = stack.aws.bucket;
  const table = stack.aws.tableNames.articles;
  const body = 'Bản tin '.repeat(1000);
  const text = 'Bản tin '.repeat(250);
  const perRequest = async (send: (n: number) => Promise<unknown>): Promise<number> => {
    for (let n = 0; n < 40; n++) await send(n); // warm-up
    const count = 400;
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        for (let n = lane; n < count; n += 4) await send(n);
      }),
    );
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000 / count;
  };
  return {
    s3Put: await perRequest((n) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: `bench/request-${n}.json`, Body: body })),
    ),
    s3Get: await perRequest(async (n) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `bench/request-${n}.json` }));
      await object.Body!.transformToString();
    }),
    dynamoPut: await perRequest((n) =>
      dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: { id: { S: `bench-request-${n}` }, text: { S: text } },
        }),
      ),
    ),
    dynamoGet: await perRequest((n) =>
      dynamodb.send(new GetItemCommand({ TableName: table, Key: { id: { S: `bench-request-${n}` } } })),
    ),
  };
}

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

/**
 * Articles published one every 250 ms while polls run back to back (as a 1-minute poll interval
 * would, without the wait): each article's latency runs from its publish to the end of the first
 * cycle after which `feeds/all.json` lists it.
 */
async function measureLatency(stack: LocalStack, count: number): Promise<PipelineBench['latency']> {
  const published = new Map<string, number>();
  const seen = new Map<string, number>();
  let publishing = true;
  const publisher = (async () => {
    for (let n = 0; n < count; n++) {
      const response = await fetch(`${stack.sample.origin}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(generatedArticle(100_000 + n)),
      });
      const { url } = (await response.json()) as { url: string };
      published.set(url, performance.now());
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    publishing = false;
  })();
  // Bounded: every article is in the feed after the cycle that follows the last publish.
  for (let cycle = 0; cycle < count * 4 && (publishing || seen.size < published.size); cycle++) {
    await stack.runCycle({ drainTimeoutMs: 30 * 60_000 });
    const ended = performance.now();
    const feed = await stack.aws.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.aws.bucket, Key: 'feeds/all.json' }),
    );
    const items = (JSON.parse(await feed.Body!.transformToString()) as { items: { url: string }[] }).items;
    for (const { url } of items) if (published.has(url) && !seen.has(url)) seen.set(url, ended);
  }
  await publisher;
  const latencies = [...seen].map(([url, at]) => at - published.get(url)!).sort((a, b) => a - b);
  if (latencies.length < published.size)
    throw new Error(`${published.size - latencies.length} articles never reached the feed`);
  const quantile = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { articles: latencies.length, p50Ms: quantile(0.5), p95Ms: quantile(0.95) };
}

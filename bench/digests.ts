/**
 * Digest figures for a large audience, through the real use cases (planDigests, sendDigestJob)
 * on in-memory ports that count every request an AWS adapter would make:
 *   1. planning: 100,000 generated subscribers all due at once (the worst hour), grouped by
 *      what they get, each group's digest matched and rendered once;
 *   2. sending: every queued batch personalized, MIME-built and "sent" (in memory);
 *   3. the AWS cost of 10,000 digests from the counted requests, at the unit prices below.
 *   BENCH_SUBSCRIBERS=N   audience size (default 100000)
 */

import { topology } from '../infra/topology.js';
import type { OutgoingMail } from '../shared/domain/outgoing-mail.js';
import type { Source } from '../shared/domain/source.js';
import type { Subscriber, SubscriptionPreferences } from '../shared/domain/subscriber.js';
import type { Clipping } from '../shared/mail/clipping.js';
import type { AlertFlush, DigestJob } from '../shared/mail/messages.js';
import {
  DIGEST_LIMITS,
  groupDueSubscribers,
  planDigests,
  renderGroups,
} from '../shared/mail/plan-digests.js';
import { sendDigestJob } from '../shared/mail/send-digest.js';
import { TokenSigner } from '../shared/mail/tokens.js';
import {
  MemoryClippings,
  MemoryDeliveries,
  MemoryQueue,
  MemoryRenders,
  MemorySubscribers,
} from '../tests/support/mail-memory.js';
import { lambdaMs } from './lambda-cpu.js';
import { seededRandom } from './seeded-random.js';

/**
 * Unit prices assumed (AWS list prices in ap-southeast-1, after the free tier; check the pricing
 * pages before quoting them):
 */
export const PRICES = {
  sesPerMessage: 0.1 / 1000, // SES outbound email, no attachments
  sqsPerRequest: 0.4 / 1e6, // SQS standard queue, per request (64 KB chunks)
  snsPerPublish: 0.5 / 1e6, // SNS publishes (SES → feedback topic); SNS → SQS delivery is free
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecond: 0.0000133334, // arm64
  dynamoPerWrite: 0.7135 / 1e6, // on-demand write request unit (items ≤ 1 KB)
  dynamoPerRead: 0.1425 / 1e6, // on-demand read request unit (strongly consistent, ≤ 4 KB)
  s3PerPut: 0.005 / 1000,
  s3PerGet: 0.0004 / 1000,
};

/** Modelled wait per AWS call from Lambda (the in-memory ports answer at once): typical same-region latency. */
const LATENCY_MS = { ses: 40, dynamo: 6, s3: 20 };
/** Assumed share of bounces + complaints, each one SNS publish and one SQS message. */
const FEEDBACK_RATE = 0.02;

const PAPERS = Array.from(
  { length: 24 },
  (_, n) => `bao-${['ha-nam', 'nam-dinh', 'thai-binh', 'ninh-binh', 'hai-duong', 'hung-yen'][n % 6]}-${n}`,
);
const CATEGORIES = [
  'Xã hội',
  'Kinh tế',
  'Văn hóa',
  'Thể thao',
  'Giáo dục',
  'Y tế',
  'Pháp luật',
  'Nông nghiệp',
  'Du lịch',
  'Môi trường',
];
const KEYWORDS = [
  'Hà Nam',
  'giao thông',
  'lúa',
  'bóng đá',
  'học sinh',
  'bệnh viện',
  'đầu tư',
  'mưa lũ',
  'du lịch',
  'cầu',
  'điện',
  'nước sạch',
];
const ZONES = [
  'Asia/Ho_Chi_Minh',
  'Asia/Ho_Chi_Minh',
  'Asia/Ho_Chi_Minh',
  'Asia/Ho_Chi_Minh',
  'Europe/Berlin',
  'America/Los_Angeles',
];

function audience(count: number, signer: TokenSigner, now: Date): Subscriber[] {
  const next = seededRandom(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: count }, (_, n) => {
    const roll = next();
    const choice: Pick<SubscriptionPreferences, 'sources' | 'categories' | 'keywords'> =
      roll < 0.45
        ? { sources: [], categories: [], keywords: [] } // everything
        : roll < 0.7
          ? { sources: [pick(PAPERS)], categories: [], keywords: [] }
          : roll < 0.85
            ? { sources: [], categories: [pick(CATEGORIES), pick(CATEGORIES)], keywords: [] }
            : roll < 0.93
              ? {
                  sources: next() < 0.5 ? [] : [pick(PAPERS)],
                  categories: [],
                  keywords: [pick(KEYWORDS), pick(KEYWORDS)],
                }
              : // The long tail: a word of their own (a village, a company, a person).
                { sources: [], categories: [], keywords: [`${pick(KEYWORDS)} ${Math.floor(next() * 5000)}`] };
    const email = `ban-doc-${n}@example.vn`;
    return {
      id: signer.subscriberId(email),
      email,
      status: 'confirmed',
      preferences: {
        ...choice,
        frequency: next() < 0.85 ? 'daily' : 'weekly',
        sendHour: pick([6, 7, 7, 7, 12, 18]),
        timeZone: pick(ZONES),
      },
      createdAt: '2026-11-01T00:00:00Z',
      confirmedAt: '2026-11-01T00:00:00Z',
      lastDigestAt: new Date(now.getTime() - 86_400_000).toISOString(),
      nextDigestAt: now.toISOString(), // all due at once: the worst case
    } satisfies Subscriber;
  });
}

function clippings(count: number, now: Date): Clipping[] {
  const next = seededRandom(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: count }, (_, n) => {
    const story = next() < 0.1 ? `shared-${n % 40}` : `story-${n}`; // one story in ten ran in several papers
    const recorded = new Date(now.getTime() - 86_400_000 + Math.floor((n / count) * 86_000_000));
    return {
      articleId: n.toString(16).padStart(24, '0'),
      day: recorded.toISOString().slice(0, 10),
      recordedAt: recorded.toISOString(),
      sourceId: pick(PAPERS),
      title: `${pick(KEYWORDS)}: bản tin số ${n} về ${pick(KEYWORDS)} của tỉnh`,
      summary: `Tóm tắt bài ${n}: ${pick(KEYWORDS)}, ${pick(KEYWORDS)} và nhiều nội dung khác trong ngày.`,
      url: `https://bao.example.vn/bai-${n}.html`,
      publishedAt: recorded.toISOString(),
      categories: [pick(CATEGORIES)],
      storyKey: story,
      ...(n % 3 === 0 ? { image: { url: `https://bao.example.vn/anh-${n}.jpg`, alt: `Ảnh bài ${n}` } } : {}),
    };
  });
}

/** Counts calls per method name of an object (the requests the AWS adapter would make). */
function counted<T extends object>(target: T, counts: Map<string, number>, prefix: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const key = `${prefix}.${String(property)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

export interface DigestBench {
  subscribers: number;
  groups: number;
  /** Groups with something new: digests rendered (once each). */
  rendered: number;
  /** Digests queued by the planner; `digests` of them were sent (rendered per reader). */
  planned: number;
  digests: number;
  planMs: number;
  groupAndRenderMs: number;
  sendCpuMs: number;
  mimeBytes: number;
  maxMimeBytes: number;
  costPer10k: Record<'ses' | 'sqs' | 'sns' | 'lambda' | 'dynamodb' | 's3', number>;
  requestsPer10k: Record<
    | 'ses'
    | 'sqs'
    | 'sns'
    | 'lambdaInvocations'
    | 'lambdaGbSeconds'
    | 'dynamoWrites'
    | 'dynamoReads'
    | 's3Puts'
    | 's3Gets',
    number
  >;
}

export async function benchDigests(count: number, sample = 10_000): Promise<DigestBench> {
  const now = new Date('2026-11-27T00:00:00Z');
  const signer = new TokenSigner('bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz');
  const people = audience(count, signer, now);
  const store = new MemoryClippings();
  for (const clipping of clippings(1500, now)) await store.record(clipping);
  const subscribers = new MemorySubscribers();
  for (const person of people) await subscribers.save(person, undefined);
  const sourceList = PAPERS.map((id) => ({
    source: { id, name: `Báo ${id}` } as unknown as Source,
    health: { consecutiveFailures: 0, validators: {} },
  }));

  // 1a. Pure planning work (group, match, render once per group), timed alone.
  const due = await subscribers.dueForDigest(now);
  let started = performance.now();
  const groups = groupDueSubscribers(due, now);
  renderGroups(groups, await store.recordedBetween(new Date(now.getTime() - 8 * 86_400_000), now), {
    sourceNames: new Map(sourceList.map((r) => [r.source.id, r.source.name])),
  });
  const groupAndRenderMs = performance.now() - started;

  // 1b. The whole planner with counted ports.
  const planCounts = new Map<string, number>();
  const renders = new MemoryRenders();
  const digests = new MemoryQueue<DigestJob>();
  started = performance.now();
  await planDigests({
    subscribers: counted(subscribers, planCounts, 'dynamo.subscribers'),
    clippings: counted(store, planCounts, 'dynamo.clippings'),
    sources: { list: async () => sourceList },
    renders: counted(renders, planCounts, 's3.renders'),
    digests: counted(digests, planCounts, 'sqs.digests'),
    deliveries: counted(new MemoryDeliveries(), planCounts, 'dynamo.deliveries'),
    alertFlushes: new MemoryQueue<AlertFlush>(),
    now: () => now,
  });
  const planMs = performance.now() - started;
  const planned = digests.sent.reduce((n, job) => n + job.subscriberIds.length, 0);

  // 2. Queued batches sent, up to `sample` readers: personalize, sign links, build MIME, "send".
  const sendCounts = new Map<string, number>();
  let mimeBytes = 0;
  let maxMimeBytes = 0;
  let sent = 0;
  const mailer = {
    async send(mail: OutgoingMail) {
      mimeBytes += mail.raw.byteLength;
      maxMimeBytes = Math.max(maxMimeBytes, mail.raw.byteLength);
      sent++;
      return { messageId: `bench-${sent}` };
    },
  };
  const sendDeps = {
    subscribers: counted(subscribers, sendCounts, 'dynamo.subscribers'),
    deliveries: counted(new MemoryDeliveries(), sendCounts, 'dynamo.deliveries'),
    renders: counted(renders, sendCounts, 's3.renders'),
    mailer: counted(mailer, sendCounts, 'ses'),
    signer,
    settings: { from: 'Bantin <ban-tin@bantin.example>', apiBaseUrl: 'https://api.bantin.example' },
    now: () => now,
  };
  // Every other batch, so the sample spans groups of every size.
  const sampled = digests.sent.filter((_, n) => n % Math.max(1, Math.round(planned / sample)) === 0);
  started = performance.now();
  let messagesSent = 0;
  for (const job of sampled) {
    if (sent >= sample) break;
    await sendDigestJob(job, sendDeps);
    messagesSent++;
  }
  const sendCpuMs = performance.now() - started;

  // 3. Requests per 10,000 digests: planning scaled by digests planned, sending by digests sent.
  const p = (key: string) => ((planCounts.get(key) ?? 0) * 10_000) / planned;
  const q = (key: string) => ((sendCounts.get(key) ?? 0) * 10_000) / sent;
  const messages = (digests.sent.length * 10_000) / planned;
  const feedback = FEEDBACK_RATE * 10_000;
  // getMany is one BatchGetItem of ≤ 100 keys, one read unit per item; get is one read each; the
  // planner reads the due readers' items after the index (keys only), half a unit each.
  const dynamoReads =
    10_000 +
    q('dynamo.subscribers.get') +
    p('dynamo.subscribers.get') +
    (0.5 * due.length * 10_000) / planned;
  // Write units, the index included: every daily and weekly reader is in the subscribers'
  // byDigestDue index (keys only). A plan save moves nextDigestUtc, the index's sort key (a
  // delete and a put in the index: 1 + 2 units); a send save changes no key (1).
  const dynamoWrites =
    3 * p('dynamo.subscribers.save') +
    q('dynamo.subscribers.save') +
    q('dynamo.deliveries.claimSend') +
    q('dynamo.deliveries.completeSend');
  // send-digest: a message's readers 10 at a time, each waiting on 2 writes (the claim, the
  // reader's lastDigestAt; the claim's completion only when that one fails), 1 read and SES.
  const readersPerMessage = 10_000 / messages;
  const sendMb = topology.functions['send-digest'].memoryMb;
  const planMb = topology.functions['plan-digests'].memoryMb;
  const perMessageMs = lambdaMs(
    sendMb,
    sendCpuMs / messagesSent,
    Math.ceil(readersPerMessage / 10) * (LATENCY_MS.ses + 3 * LATENCY_MS.dynamo) +
      LATENCY_MS.s3 +
      LATENCY_MS.dynamo,
  );
  // The plan's own work (in-process, CPU-bound) plus the reschedules, in flight together.
  const planSeconds =
    lambdaMs(planMb, planMs, (planned / DIGEST_LIMITS.concurrency) * LATENCY_MS.dynamo) / 1000;
  const lambdaGbSeconds =
    (messages * perMessageMs * sendMb) / 1024 / 1000 + ((planSeconds * 10_000) / planned) * (planMb / 1024);
  const requestsPer10k = {
    ses: q('ses.send'),
    sqs: messages / 10 /* SendMessageBatch */ + 2 * messages /* Lambda receive + delete */ + 2 * feedback,
    sns: feedback,
    lambdaInvocations: messages + feedback + 10_000 / planned,
    lambdaGbSeconds,
    dynamoWrites,
    dynamoReads,
    s3Puts: p('s3.renders.put'),
    s3Gets: q('s3.renders.get'),
  };
  const costPer10k = {
    ses: requestsPer10k.ses * PRICES.sesPerMessage,
    sqs: requestsPer10k.sqs * PRICES.sqsPerRequest,
    sns: requestsPer10k.sns * PRICES.snsPerPublish,
    lambda:
      requestsPer10k.lambdaInvocations * PRICES.lambdaPerRequest +
      requestsPer10k.lambdaGbSeconds * PRICES.lambdaPerGbSecond,
    dynamodb:
      requestsPer10k.dynamoWrites * PRICES.dynamoPerWrite + requestsPer10k.dynamoReads * PRICES.dynamoPerRead,
    s3: requestsPer10k.s3Puts * PRICES.s3PerPut + requestsPer10k.s3Gets * PRICES.s3PerGet,
  };
  return {
    subscribers: count,
    groups: groups.length,
    rendered: renders.items.size,
    planned,
    digests: sent,
    planMs,
    groupAndRenderMs,
    sendCpuMs,
    mimeBytes,
    maxMimeBytes,
    costPer10k,
    requestsPer10k,
  };
}

export function printDigestBench(result: DigestBench): void {
  const usd = (n: number) => `$${n.toFixed(4)}`;
  const total = Object.values(result.costPer10k).reduce((a, b) => a + b, 0);
  const r = result.requestsPer10k;
  console.log(
    [
      `digests: ${result.subscribers} subscribers due at once → ${result.groups} groups of readers who get the same articles, ${result.rendered} with something new (rendered once each), ${result.planned} digests queued, ${result.digests} of them sent here`,
      `  planning (query, group, match, render each group once, queue, reschedule): ${(result.planMs / 1000).toFixed(2)} s` +
        ` (grouping + matching + rendering alone: ${(result.groupAndRenderMs / 1000).toFixed(2)} s)`,
      `  per-reader rendering (links signed, personalized, MIME built) of ${result.digests}, one core: ${(result.sendCpuMs / 1000).toFixed(2)} s` +
        ` = ${((result.sendCpuMs * 1000) / result.digests).toFixed(0)} µs per digest, ${(result.mimeBytes / result.digests / 1024).toFixed(1)} KB average MIME (largest ${(result.maxMimeBytes / 1024).toFixed(1)} KB)`,
      `  per 10,000 digests: ${r.ses.toFixed(0)} SES sends, ${r.sqs.toFixed(0)} SQS requests, ${r.sns.toFixed(0)} SNS publishes (${FEEDBACK_RATE * 100}% bounces/complaints),` +
        ` ${r.lambdaInvocations.toFixed(0)} Lambda invocations / ${r.lambdaGbSeconds.toFixed(1)} GB-s, ${r.dynamoWrites.toFixed(0)} DynamoDB write units (index writes included), ${r.dynamoReads.toFixed(0)} reads, ${r.s3Puts.toFixed(1)} S3 PUTs, ${r.s3Gets.toFixed(0)} GETs`,
      `  cost per 10,000 digests: SES ${usd(result.costPer10k.ses!)} · SQS ${usd(result.costPer10k.sqs!)} · SNS ${usd(result.costPer10k.sns!)} · Lambda ${usd(result.costPer10k.lambda!)}` +
        ` · DynamoDB ${usd(result.costPer10k.dynamodb!)} · S3 ${usd(result.costPer10k.s3!)} = ${usd(total)}`,
      `  unit prices assumed: SES $0.10/1000 mails; SQS $0.40/M requests; SNS $0.50/M publishes; Lambda $0.20/M + $0.0000133334/GB-s (arm64);` +
        ` DynamoDB on-demand $0.7135/M writes, $0.1425/M reads; S3 $0.005/1000 PUT, $0.0004/1000 GET; modelled latency SES ${LATENCY_MS.ses} ms, DynamoDB ${LATENCY_MS.dynamo} ms`,
    ].join('\n'),
  );
}

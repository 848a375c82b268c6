/**
 * Subscriptions and mail on the embedded stack: the real handlers, DynamoDB (dynalite), SQS and
 * S3 (fauxqs), the local API Gateway, and the outbox adapter writing the exact MIME. Messages
 * are read back with mailparser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { DEMO_SUBSCRIBER_EMAIL, outboxFiles } from '../../infra/local/mail.js';
import { DynamoClippingStore } from '../../shared/adapters/dynamodb/clipping-store.js';
import { DynamoDeliveryLog } from '../../shared/adapters/dynamodb/delivery-log.js';
import { DynamoSubscriberRepository } from '../../shared/adapters/dynamodb/subscriber-repository.js';
import { S3RenderedDigestStore } from '../../shared/adapters/s3/rendered-digest-store.js';
import type { Subscriber } from '../../shared/domain/subscriber.js';
import type { AlertFlush, DigestJob } from '../../shared/mail/messages.js';
import { planDigests } from '../../shared/mail/plan-digests.js';
import { nextDigestAt } from '../../shared/mail/schedule.js';
import { TokenSigner } from '../../shared/mail/tokens.js';
import { serveTestStack, startTestStack } from '../support/local-stack.js';
import { MemoryQueue, MemoryRenders } from '../support/mail-memory.js';
import { oneClickUnsubscribe, publishOnSample } from '../support/requests.js';
import { sqsRecord } from '../support/sqs-record.js';

let stack: LocalStack & { dataDir: string };
let http: { url: string; stop(): Promise<void> };
let signer: TokenSigner;
let subscribers: DynamoSubscriberRepository;

const LINK_BASE = 'http://localhost:8787'; // API_BASE_URL of the test stack; the server runs on a free port

beforeAll(async () => {
  stack = await startTestStack();
  http = await serveTestStack(stack, { nextDigest: () => stack.nextDigest() });
  signer = new TokenSigner(readFileSync(join(stack.dataDir, 'mail-token-secret'), 'utf8').trim());
  const db = DynamoDBDocumentClient.from(stack.aws.clients.dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  subscribers = new DynamoSubscriberRepository(stack.aws.tableNames.subscribers, db);
});

afterAll(async () => {
  await http?.stop();
  await stack?.stop();
});

const local = (link: string) => link.replace(LINK_BASE, http.url);

async function mailTo(address: string): Promise<(ParsedMail & { file: string })[]> {
  const found = [];
  for (const file of outboxFiles(stack.outboxDir)) {
    const mail = await simpleParser(readFileSync(join(stack.outboxDir, file)));
    if ([mail.to].flat()[0]?.value[0]?.address === address) found.push(Object.assign(mail, { file }));
  }
  return found;
}

function linkIn(mail: ParsedMail, kind: 'confirm' | 'manage' | 'unsubscribe'): string {
  const link = new RegExp(`${LINK_BASE}/subscriptions/${kind}\\?token=[\\w.%-]+`).exec(
    String(mail.text),
  )?.[0];
  if (!link) throw new Error(`no ${kind} link in "${mail.subject}"`);
  return link;
}

const subscribe = (body: unknown) =>
  fetch(`${http.url}/api/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function confirmedSubscriber(
  email: string,
  preferences: Partial<Subscriber['preferences']>,
  due: Date,
): Promise<Subscriber> {
  const full = {
    sources: [],
    categories: [],
    keywords: [],
    frequency: 'daily' as const,
    sendHour: 7,
    timeZone: 'Asia/Ho_Chi_Minh',
    ...preferences,
  };
  const subscriber: Subscriber = {
    id: signer.subscriberId(email),
    email,
    status: 'confirmed',
    preferences: full,
    createdAt: '2026-01-01T00:00:00Z',
    confirmedAt: '2026-01-01T00:00:00Z',
    nextDigestAt: due.toISOString(),
  };
  expect(await subscribers.save(subscriber, undefined)).toBe(1);
  return subscriber;
}

describe('digests on the embedded stack', () => {
  it('an empty outbox says, in Vietnamese, that the first digest comes right after the first ingest', async () => {
    const page = await (await fetch(`${http.url}/outbox`)).text();
    expect(page).toContain('<h1>Hộp thư đi</h1>');
    expect(page).toContain('Chưa có thư nào.');
    expect(page).toContain(
      'Bản tin định kỳ kế tiếp đã đến hạn; thư được soạn ngay sau lần lấy tin đầu tiên, trong vòng một phút',
    );
  });

  it('the demo subscriber’s first digest follows the first ingest: 6 articles, Vietnamese subject, one-click header', async () => {
    const summary = await stack.runCycle();
    expect(summary).toMatchObject({ articlesNew: 6, digestsSent: 1 });
    const [digest, ...more] = await mailTo(DEMO_SUBSCRIBER_EMAIL);
    expect(more).toEqual([]);
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    expect(digest!.subject).toBe(`Bản tin Bantin: 6 bài mới ngày ${today}`);
    expect(digest!.headers.get('list')).toMatchObject({
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });
    expect(String(digest!.text).match(/^\* /gm)).toHaveLength(6);
    expect(digest!.html).toContain('Báo Hà Nam (mẫu)');
    // The local outbox page lists and renders it, with the one-click button.
    const listing = await (await fetch(`${http.url}/outbox`)).text();
    expect(listing).toContain(digest!.file);
    // The next one is due at the demo subscriber's hour (07:00 in Hanoi).
    expect(listing).toMatch(/Bản tin định kỳ kế tiếp đến hạn lúc 07:00 \d\d\/\d\d\/\d{4}/);
    const shown = await (await fetch(`${http.url}/outbox/${digest!.file}`)).text();
    expect(shown).toContain('Hủy đăng ký bằng một cú nhấp');
    expect(shown).toContain('<iframe sandbox=');
    expect((await fetch(`${http.url}/outbox/..%2Fmail-token-secret`)).status).toBe(404);
  });

  it('sends no empty digest: nothing new, no mail', async () => {
    const quiet = await confirmedSubscriber('quiet@example.vn', {}, new Date());
    const summary = await stack.runCycle(); // no new article since its confirmation? It was confirmed in January:
    // the window is capped at 8 days, and the 6 articles were recorded minutes ago, so it gets them…
    expect(summary.digestsSent).toBe(1);
    expect(await mailTo(quiet.email)).toHaveLength(1);
    // …and the next time it is due, nothing is new: no mail.
    const record = (await subscribers.get(quiet.id))!;
    await subscribers.save({ ...record.subscriber, nextDigestAt: new Date().toISOString() }, record.version);
    expect((await stack.runCycle()).digestsSent).toBe(0);
    expect(await mailTo(quiet.email)).toHaveLength(1);
  });

  it('one-click unsubscribe (RFC 8058) answers 200 without a redirect, and no further mail goes out', async () => {
    const [digest] = await mailTo(DEMO_SUBSCRIBER_EMAIL);
    const header = (digest!.headers.get('list') as { unsubscribe: { url: string } }).unsubscribe.url;
    expect(header).toBe(linkIn(digest!, 'unsubscribe')); // the visible link is the same URL
    const response = await oneClickUnsubscribe(local(header));
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Đã hủy đăng ký');
    const demo = (await subscribers.get(signer.subscriberId(DEMO_SUBSCRIBER_EMAIL)))!.subscriber;
    expect(demo).toMatchObject({ status: 'unsubscribed', statusReason: 'one-click' });

    // A control reader, due now, and a new article: the control gets it, the demo reader does not
    // (neither from planning nor from a digest message that still names it).
    const control = await confirmedSubscriber('control@example.vn', {}, new Date());
    const published = await publishOnSample(stack.sample.origin, {
      title: 'Hà Nam thông xe cầu mới',
      summary: 'Sáng nay …',
      paragraphs: ['Một.', 'Hai.'],
      category: 'Xã hội',
    });
    expect(published.status).toBe(201);
    expect((await stack.runCycle()).digestsSent).toBe(1);
    expect(await mailTo(control.email)).toHaveLength(1);
    const renders = new S3RenderedDigestStore(stack.aws.bucket, stack.aws.clients.s3);
    await renders.put('mail/digests/2026-11-27/0123456789abcdef01234567.json', {
      subject: 'stale',
      html: '<p>x</p>',
      text: 'x',
      frequency: 'daily',
      period: '2099-01-01',
      itemCount: 1,
    });
    await sendDigestMessage({
      renderKey: 'mail/digests/2026-11-27/0123456789abcdef01234567.json',
      period: '2099-01-01',
      windowEnd: new Date().toISOString(),
      subscriberIds: [demo.id, control.id],
    });
    await stack.runner.drain(30_000);
    expect(await mailTo(DEMO_SUBSCRIBER_EMAIL)).toHaveLength(1); // still only the first digest
    expect(await mailTo(control.email)).toHaveLength(2);
  });

  it('instant alerts reach the matching instant subscriber through SNS → SQS alerts, not the others', async () => {
    const fan = await confirmedSubscriber(
      'fan@example.vn',
      { frequency: 'instant', keywords: ['cau moi'] },
      new Date(),
    );
    const other = await confirmedSubscriber(
      'other@example.vn',
      { frequency: 'instant', keywords: ['bong da'] },
      new Date(),
    );
    const published = await publishOnSample(stack.sample.origin, {
      title: 'Nam Định khánh thành cầu mới',
      summary: 'Chiều nay …',
      paragraphs: ['Một.', 'Hai.'],
      category: 'Xã hội',
    });
    expect(published.status).toBe(201);
    await stack.runCycle();
    const alerts = await mailTo(fan.email);
    expect(alerts.map((m) => m.subject)).toEqual(['Tin mới: Nam Định khánh thành cầu mới']);
    expect(alerts[0]!.headers.get('list')).toMatchObject({
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });
    expect(await mailTo(other.email)).toEqual([]);
  });

  it('a digest message processed twice sends once (send record per subscriber and period)', async () => {
    const reader = await confirmedSubscriber('twice@example.vn', {}, new Date(Date.now() + 86_400_000));
    const renders = new S3RenderedDigestStore(stack.aws.bucket, stack.aws.clients.s3);
    const renderKey = 'mail/digests/2026-11-28/abcdef0123456789abcdef01.json';
    await renders.put(renderKey, {
      subject: 'Bản tin Bantin: 1 bài mới ngày 28/11/2026',
      html: '<p>x</p>',
      text: 'x',
      frequency: 'daily',
      period: '2026-11-28',
      itemCount: 1,
    });
    const job: DigestJob = {
      renderKey,
      period: '2026-11-28',
      windowEnd: new Date().toISOString(),
      subscriberIds: [reader.id],
    };
    // Twice on the queue (SQS delivers at least once)…
    await sendDigestMessage(job);
    await sendDigestMessage(job);
    await stack.runner.drain(30_000);
    // …and the very same event handed to the handler again (a Lambda retry).
    const event: SQSEvent = { Records: [sqsRecord(JSON.stringify(job), { receiveCount: 2 })] };
    expect(await stack.runner.invoke('send-digest', event)).toEqual({ batchItemFailures: [] });
    expect(await mailTo(reader.email)).toHaveLength(1);
  });

  it('plans by each reader’s zone on the real index: 07:00 in Hanoi, then 07:00 in Berlin', async () => {
    const from = new Date('2030-01-14T12:00:00Z');
    const hanoi = await confirmedSubscriber(
      'tz-hanoi@example.vn',
      {},
      nextDigestAt({ frequency: 'daily', sendHour: 7, timeZone: 'Asia/Ho_Chi_Minh' }, from)!,
    );
    const berlin = await confirmedSubscriber(
      'tz-berlin@example.de',
      { timeZone: 'Europe/Berlin' },
      nextDigestAt({ frequency: 'daily', sendHour: 7, timeZone: 'Europe/Berlin' }, from)!,
    );
    const db = DynamoDBDocumentClient.from(stack.aws.clients.dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const plan = (at: string) =>
      planDigests({
        subscribers,
        clippings: new DynamoClippingStore(stack.aws.tableNames.clippings, db),
        sources: stack.sources,
        renders: new MemoryRenders(),
        digests: new MemoryQueue<DigestJob>(),
        deliveries: new DynamoDeliveryLog(stack.aws.tableNames.deliveries, db),
        alertFlushes: new MemoryQueue<AlertFlush>(),
        now: () => new Date(at),
      });
    const due = async (at: string) =>
      (await subscribers.dueForDigest(new Date(at)))
        .map((r) => r.subscriber.email)
        .filter((e) => e.startsWith('tz-'));
    expect(await due('2030-01-14T23:59:59Z')).toEqual([]); // 06:59:59 in Hanoi
    expect(await due('2030-01-15T00:00:00Z')).toEqual([hanoi.email]); // 07:00 in Hanoi, 01:00 in Berlin
    await plan('2030-01-15T00:00:00Z'); // nothing new in 2030: no mail, the schedule moves on
    expect(await due('2030-01-15T05:59:59Z')).toEqual([]);
    expect(await due('2030-01-15T06:00:00Z')).toEqual([berlin.email]); // 07:00 CET
    expect((await subscribers.get(hanoi.id))?.subscriber.nextDigestAt).toBe('2030-01-16T07:00:00+07:00');
  });
});

describe('subscribing through the API and pages', () => {
  it('double opt-in: the confirmation mail’s link shows a page (GET changes nothing), its button confirms', async () => {
    const accepted = await subscribe({
      email: 'Nguoi.Moi@Example.VN',
      keywords: ['Hà Nam'],
      frequency: 'weekly',
    });
    expect(accepted.status).toBe(202);
    await stack.runner.drain(30_000);
    const [mail] = await mailTo('nguoi.moi@example.vn');
    expect(mail!.subject).toBe('Xác nhận đăng ký nhận tin Bantin');
    const link = local(linkIn(mail!, 'confirm'));
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Xác nhận đăng ký');
    const id = signer.subscriberId('nguoi.moi@example.vn');
    expect((await subscribers.get(id))?.subscriber.status).toBe('pending');
    const token = new URL(link).searchParams.get('token')!;
    const confirmed = await fetch(link.split('?')[0]!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(confirmed.status).toBe(200);
    expect((await subscribers.get(id))?.subscriber).toMatchObject({
      status: 'confirmed',
      preferences: { keywords: ['Hà Nam'], frequency: 'weekly' },
    });
  });

  it('answers a known address exactly as an unknown one', async () => {
    const known = await subscribe({ email: 'nguoi.moi@example.vn' });
    const unknown = await subscribe({ email: 'someone.else@example.vn' });
    expect([known.status, await known.text()]).toEqual([unknown.status, await unknown.text()]);
    await stack.runner.drain(30_000);
    expect((await mailTo('nguoi.moi@example.vn')).map((m) => m.subject)).toEqual([
      'Xác nhận đăng ký nhận tin Bantin',
      'Bạn đã đăng ký nhận tin Bantin',
    ]);
  });

  it.each([
    ['header injection', 'a@example.vn\r\nBcc: victim@example.vn', 'line breaks'],
    ['overlong', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.vn`, 'too long'],
    ['homoglyph', 'ban@exаmple.vn', 'look-alike'],
    ['RTL override', 'ban@\u202Env.elpmaxe', 'text-direction'],
    ['not a string', 42, 'email'],
  ])('refuses a %s address with a clear 400, and never uses it', async (_name, email, reason) => {
    const before = outboxFiles(stack.outboxDir).length;
    const response = await subscribe({ email });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; details: { issues: { path: string }[] } };
    expect(body.error).toContain(reason);
    expect(body.details.issues[0]!.path).toBe('email');
    await stack.runner.drain(30_000);
    expect(outboxFiles(stack.outboxDir).length).toBe(before);
  });

  it('answers the HTML form with the form again, listing the problems, in Vietnamese', async () => {
    const response = await fetch(`${http.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: LINK_BASE },
      body: new URLSearchParams({
        email: 'khong-hop-le',
        sendHour: '25',
        frequency: 'daily',
        sources: 'khong-co',
      }).toString(),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Vui lòng kiểm tra lại');
    expect(html).toContain('Địa chỉ email: địa chỉ email phải có đúng một dấu @');
    expect(html).toContain('Giờ nhận');
    expect(html).toContain('value="khong-hop-le"');
  });

  it('a forged or expired token gets a clear page and changes nothing', async () => {
    const id = signer.subscriberId('nguoi.moi@example.vn');
    const before = await subscribers.get(id);
    const real = signer.sign('unsubscribe', id, new Date());
    const forged = `${real.slice(0, -4)}${real.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const oneClick = (token: string) =>
      oneClickUnsubscribe(`${http.url}/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`);
    const refused = await oneClick(forged);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Liên kết không hợp lệ');
    const expiredToken = signer.sign('manage', id, new Date(Date.now() - 31 * 86_400_000));
    const expired = await fetch(`${http.url}/subscriptions/manage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: expiredToken, action: 'unsubscribe' }).toString(),
    });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Liên kết đã hết hạn');
    expect((await fetch(`${http.url}/subscriptions/confirm?token=garbage`)).status).toBe(400);
    expect(await subscribers.get(id)).toEqual(before);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['no content type', undefined],
    ['application/octet-stream', 'application/octet-stream'],
    ['multipart/form-data', 'multipart/form-data; boundary=x'],
  ])('refuses a signup sent as %s with 415, and never reads it', async (name, type) => {
    const email = `kieu-${name.replace(/\W+/g, '-')}@example.vn`;
    const response = await fetch(`${http.url}/api/subscriptions`, {
      method: 'POST',
      headers: type ? { 'content-type': type } : {},
      body: new TextEncoder().encode(JSON.stringify({ email })), // bytes: fetch adds no content type
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: string }).error).toContain('application/json');
    await stack.runner.drain(30_000);
    expect(await mailTo(email)).toEqual([]);
  });

  it('takes a form only from its own pages: a form elsewhere gets 403 and signs nobody up', async () => {
    const email = 'bieu-mau-la@example.vn';
    const elsewhere: [string, Record<string, string>][] = [
      ['/api/subscriptions', {}],
      ['/api/subscriptions', { origin: 'https://attacker.example' }],
      ['/subscribe', {}],
      ['/subscribe', { origin: 'null' }],
      ['/subscribe', { referer: 'https://attacker.example/trang.html' }],
      ['/subscribe', { origin: 'http://localhost:8788' }],
      ['/subscribe', { origin: 'https://localhost:8787' }],
    ];
    for (const [path, headers] of elsewhere) {
      const response = await fetch(`${http.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ email }).toString(),
      });
      expect([path, headers, response.status]).toEqual([path, headers, 403]);
    }
    await stack.runner.drain(30_000);
    expect(await mailTo(email)).toEqual([]);
  });

  it('takes its own form, known by its Origin or Referer; the form page takes no JSON', async () => {
    const own: [string, string, Record<string, string>][] = [
      ['/subscribe', 'form-origin@example.vn', { origin: LINK_BASE }],
      ['/subscribe', 'form-loopback@example.vn', { origin: LINK_BASE.replace('localhost', '127.0.0.1') }],
      ['/api/subscriptions', 'form-referer@example.vn', { referer: `${LINK_BASE}/subscribe` }],
    ];
    for (const [path, email, headers] of own) {
      const response = await fetch(`${http.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ email, frequency: 'daily' }).toString(),
      });
      expect([path, headers, response.status]).toEqual([path, headers, 202]);
    }
    await stack.runner.drain(30_000);
    for (const [, email] of own) {
      expect((await mailTo(email)).map((m) => m.subject)).toEqual(['Xác nhận đăng ký nhận tin Bantin']);
    }
    const json = await fetch(`${http.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: LINK_BASE },
      body: JSON.stringify({ email: 'json-form@example.vn' }),
    });
    expect(json.status).toBe(415);
  });

  it('rate-limits subscribe requests per client', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 12; n++) statuses.push((await subscribe({ email: `flood${n}@example.vn` })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(10);
  });
});

describe('bounces and complaints', () => {
  it('suppress the address; malformed events go to the dead-letter queue without stopping the rest', async () => {
    const reader = await confirmedSubscriber('bounces@example.vn', {}, new Date(Date.now() + 86_400_000));
    const queue = stack.aws.queues.find((q) => q.name === 'bounces')!;
    const bodies = [
      'not json at all',
      '{"eventType":"Bounce"}',
      JSON.stringify({
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ emailAddress: reader.email }],
        },
        mail: { messageId: 'x' },
      }),
      '{"eventType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":{"$ne":1}}]}}',
    ];
    for (const body of bodies)
      await stack.aws.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
    await stack.runner.drain(60_000);
    expect((await subscribers.get(reader.id))?.subscriber).toMatchObject({
      status: 'suppressed',
      statusReason: 'bounce: Permanent/General',
    });
    const { Messages = [] } = await stack.aws.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, MaxNumberOfMessages: 10 }),
    );
    expect(Messages.map((m) => m.Body).sort()).toEqual([bodies[0], bodies[1], bodies[3]].sort());
  });
});

async function sendDigestMessage(job: DigestJob): Promise<void> {
  const queue = stack.aws.queues.find((q) => q.name === 'digests')!;
  await stack.aws.clients.sqs.send(
    new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify(job) }),
  );
}

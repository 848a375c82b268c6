/**
 * Webhooks in local mode, end to end: a receiver on loopback registers through the use case,
 * gets an SNS SubscriptionConfirmation, GETs its SubscribeURL on the local HTTP server, and
 * then receives SNS Notifications for exactly the article events its filter matches.
 */
import { rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalHttpServer } from '../../infra/local/http-server.js';
import { type LocalStack, SAMPLE_SOURCE_ID } from '../../infra/local/local-stack.js';
import { SnsHttpSender } from '../../infra/local/webhooks.js';
import { FileWebhookSubscriptions } from '../../shared/adapters/local/webhook-subscriptions.js';
import { peekDeadLetters } from '../../shared/adapters/sqs/dead-letters.js';
import { ArticleEventSchema } from '../../shared/domain/events.js';
import { retryDelaysMs } from '../../shared/syndicate/push/filter-policy.js';
import { registerWebhook, type WebhookDeps } from '../../shared/syndicate/push/webhooks.js';
import { serveTestStack, startTestStack } from '../support/local-stack.js';
import { freePort } from '../support/processes.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** An aggregator's endpoint: records what it gets and confirms subscriptions when told to. */
class Receiver {
  readonly messages: Received[] = [];
  confirm = true;
  /** Paths whose notifications are answered 503, as by a receiver that is down. */
  readonly down = new Set<string>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf-8')) as Record<string, unknown>;
        this.messages.push({ path: req.url ?? '', headers: req.headers, body });
        if (body.Type === 'SubscriptionConfirmation' && this.confirm) {
          const confirmed = await fetch(String(body.SubscribeURL));
          res.writeHead(confirmed.ok ? 200 : 500).end();
          return;
        }
        res.writeHead(this.down.has(req.url ?? '') && body.Type === 'Notification' ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  of(type: string, path?: string): Received[] {
    return this.messages.filter((m) => m.body.Type === type && (path === undefined || m.path === path));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let stack: LocalStack & { dataDir: string };
let http: LocalHttpServer;
let dataDir: string;
let deps: WebhookDeps;
const receiver = new Receiver();

beforeAll(async () => {
  const port = await freePort();
  stack = await startTestStack(port);
  dataDir = stack.dataDir;
  http = await serveTestStack(stack, { port });
  await receiver.start();
  deps = { subscriptions: stack.webhooks, sources: stack.sources, allowLoopback: true };
});

afterAll(async () => {
  await receiver?.stop();
  await http?.stop();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('local webhooks', () => {
  it('send an SNS SubscriptionConfirmation whose SubscribeURL confirms the webhook', async () => {
    const culture = await registerWebhook({ endpoint: `${receiver.url}/culture`, category: 'Văn hóa' }, deps);
    // Locally the confirmation goes out while registering; this receiver confirms at once.
    expect(culture.status).toBe('confirmed');
    const [confirmation] = receiver.of('SubscriptionConfirmation');
    expect(confirmation?.headers['x-amz-sns-message-type']).toBe('SubscriptionConfirmation');
    expect(confirmation?.headers['content-type']).toBe('text/plain; charset=UTF-8');
    expect(confirmation?.body).toMatchObject({
      Type: 'SubscriptionConfirmation',
      TopicArn: stack.aws.env.ARTICLE_EVENTS_TOPIC_ARN,
      Token: expect.stringMatching(/^[0-9a-f]{64}$/),
      SubscribeURL: expect.stringMatching(new RegExp(`^${http.url}/sns/confirm\\?`)),
    });
    expect((await stack.webhooks.list()).find((h) => h.id === culture.id)?.status).toBe('confirmed');
    // A wrong token confirms nothing.
    const forged = String(confirmation?.body.SubscribeURL).replace(
      /token=[0-9a-f]+/,
      `token=${'0'.repeat(64)}`,
    );
    expect((await fetch(forged)).status).toBe(404);
  });

  it('deliver SNS Notifications for exactly the events each confirmed filter matches', async () => {
    await registerWebhook({ endpoint: `${receiver.url}/paper`, sourceId: SAMPLE_SOURCE_ID }, deps);
    await registerWebhook({ endpoint: `${receiver.url}/sport`, category: 'the-thao' }, deps);
    receiver.confirm = false;
    await registerWebhook({ endpoint: `${receiver.url}/unconfirmed`, category: 'Kinh tế' }, deps);

    const summary = await stack.runCycle();
    expect(summary.eventsPublished).toBe(6);
    const byPath = (path: string) => receiver.of('Notification', path);
    expect(byPath('/paper')).toHaveLength(6);
    expect(new Set(byPath('/paper').map((n) => JSON.parse(String(n.body.Message)).articleId)).size).toBe(6);
    expect(byPath('/culture')).toHaveLength(1);
    expect(byPath('/sport')).toHaveLength(0);
    expect(byPath('/unconfirmed')).toHaveLength(0);

    const [culture] = byPath('/culture');
    expect(culture?.headers['x-amz-sns-message-type']).toBe('Notification');
    expect(culture?.body).toMatchObject({
      Type: 'Notification',
      TopicArn: stack.aws.env.ARTICLE_EVENTS_TOPIC_ARN,
      SignatureVersion: '1',
      MessageAttributes: {
        category: { Type: 'String.Array', Value: '["van-hoa"]' },
        sourceId: { Type: 'String', Value: SAMPLE_SOURCE_ID },
      },
    });
    const event = ArticleEventSchema.parse(JSON.parse(String(culture?.body.Message)));
    expect(event).toMatchObject({
      type: 'article.published',
      sourceId: SAMPLE_SOURCE_ID,
      title: 'Khai mạc Tuần Văn hóa - Du lịch năm 2019',
      categories: ['Văn hóa'],
    });
    expect(culture?.headers['x-amz-sns-message-id']).toBe(culture?.body.MessageId);
    const hook = (await stack.webhooks.list()).find((h) => h.endpoint === `${receiver.url}/culture`);
    expect(culture?.headers['x-amz-sns-subscription-arn']).toBe(hook?.id);
  });

  it('forget a webhook whose UnsubscribeURL is visited, and keep the others across restarts', async () => {
    const [paper] = receiver.of('Notification', '/paper');
    expect((await fetch(String(paper?.body.UnsubscribeURL))).status).toBe(200);
    const remaining = await stack.webhooks.list();
    expect(remaining.map((h) => new URL(h.endpoint).pathname).sort()).toEqual([
      '/culture',
      '/sport',
      '/unconfirmed',
    ]);
    const before = receiver.of('Notification', '/paper').length;
    await stack.aws.clients.sns.send(
      new PublishCommand({
        TopicArn: stack.aws.env.ARTICLE_EVENTS_TOPIC_ARN,
        Message: String(paper?.body.Message),
        MessageAttributes: { sourceId: { DataType: 'String', StringValue: SAMPLE_SOURCE_ID } },
      }),
    );
    await stack.runner.drain(30_000);
    expect(receiver.of('Notification', '/paper')).toHaveLength(before);
    // The list lives in BANTIN_DATA: another process reading the same folder sees the same webhooks.
    const again = new FileWebhookSubscriptions({
      file: join(dataDir, 'webhooks.json'),
      topicArn: String(stack.aws.env.ARTICLE_EVENTS_TOPIC_ARN),
      publicBaseUrl: http.url,
    });
    expect(await again.list()).toEqual(remaining);
  });

  it('send the confirmation from the runner when nothing sent it at registration (as SNS does, apart)', async () => {
    receiver.confirm = true;
    // The same file, with nothing sending confirmations at registration.
    const quiet = new FileWebhookSubscriptions({
      file: join(dataDir, 'webhooks.json'),
      topicArn: stack.aws.topicArn,
      publicBaseUrl: http.url,
    });
    const hook = await registerWebhook(
      { endpoint: `${receiver.url}/later`, category: 'Xã hội' },
      { ...deps, subscriptions: quiet },
    );
    expect(hook.status).toBe('pending-confirmation');
    expect(receiver.of('SubscriptionConfirmation', '/later')).toHaveLength(0);
    await stack.runner.drain(30_000);
    expect(receiver.of('SubscriptionConfirmation', '/later')).toHaveLength(1);
    expect((await stack.webhooks.list()).find((h) => h.id === hook.id)?.status).toBe('confirmed');
  });

  it('keep what a receiver never took in the webhooks dead-letter queue, naming the webhook and the article', async () => {
    receiver.down.add('/down');
    const down = await registerWebhook(
      { endpoint: `${receiver.url}/down`, sourceId: SAMPLE_SOURCE_ID },
      deps,
    );
    expect(down.status).toBe('confirmed');
    const message = String(receiver.of('Notification', '/culture')[0]?.body.Message);
    await stack.aws.clients.sns.send(
      new PublishCommand({
        TopicArn: stack.aws.env.ARTICLE_EVENTS_TOPIC_ARN,
        Message: message,
        MessageAttributes: { sourceId: { DataType: 'String', StringValue: SAMPLE_SOURCE_ID } },
      }),
    );
    await stack.runner.drain(30_000);
    // Tried, then retried twice (the local sender's retries), then given up on.
    expect(receiver.of('Notification', '/down')).toHaveLength(3);
    const letters = await peekDeadLetters(
      stack.aws.clients.sqs,
      { deadLetterUrl: stack.aws.webhookDeadLetters.url },
      10,
    );
    expect(letters).toHaveLength(1);
    const letter = letters[0]!.body as Record<string, unknown>;
    expect(letter).toMatchObject({ Type: 'Notification', Message: message });
    expect(new URL(String(letter.UnsubscribeURL)).searchParams.get('subscription')).toBe(down.id);
    expect(stack.webhookDelivery.deadLettered).toBe(1);
    // Peeking leaves them there.
    expect(
      await peekDeadLetters(stack.aws.clients.sqs, { deadLetterUrl: stack.aws.webhookDeadLetters.url }, 10),
    ).toHaveLength(1);
  });
});

describe('the local SNS HTTP sender', () => {
  it("retries as SNS's delivery policy does (15 retries over about 35 minutes), and a stop ends the waits, the event kept", async () => {
    const delays = retryDelaysMs();
    expect(delays).toHaveLength(15);
    expect(delays.slice(0, 3)).toEqual([0, 20_000, 20_000]);
    expect(delays.slice(-4)).toEqual([300_000, 300_000, 300_000, 300_000]);
    const minutes = delays.reduce((a, b) => a + b, 0) / 60_000;
    expect(minutes).toBeGreaterThan(30);
    expect(minutes).toBeLessThan(40);
    let attempts = 0;
    const failing = createServer((_req, res) => {
      attempts++;
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const sender = new SnsHttpSender(true);
    try {
      const sending = sender.send(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/hook`, {}, {});
      // The first try, and the one retry SNS makes at once; then a wait of 20 s, cut by the stop.
      for (let n = 0; n < 200 && attempts < 2; n++) await new Promise((r) => setTimeout(r, 25));
      sender.stop();
      expect(await sending).toEqual({ status: 503, stopped: true });
      expect(attempts).toBe(2);
    } finally {
      await sender.close();
      failing.close();
    }
  });

  it('stops retrying a webhook deleted meanwhile, as SNS stops delivering to a deleted subscription (attack run 35)', async () => {
    let attempts = 0;
    const failing = createServer((_req, res) => {
      attempts++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const sender = new SnsHttpSender(true, { retryDelaysMs: [0, 0, 0, 0, 0] });
    try {
      const url = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/hook`;
      // Deleted after its second failure: no third request.
      const result = await sender.send(url, {}, {}, undefined, undefined, () => attempts < 2);
      expect(result).toEqual({ status: 500, gone: true });
      expect(attempts).toBe(2);
    } finally {
      await sender.close();
      failing.close();
    }
  });

  it('names a receiver that never answers by its deadline, not as "aborted"', async () => {
    const silent = createServer(() => {}); // takes the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const sender = new SnsHttpSender(true, { timeoutMs: 300, retryDelaysMs: [] });
    try {
      const result = await sender.send(
        `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`,
        { Type: 'Notification' },
        {},
      );
      expect(result).toEqual({ error: 'no answer within 300 ms' });
    } finally {
      await sender.close();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('sends nothing to a stand-in of AWS, whatever webhook an earlier start kept', async () => {
    const standIn = Number(new URL(stack.aws.env.AWS_ENDPOINT_URL_SQS!).port);
    const sender = new SnsHttpSender(true, { retryDelaysMs: [] });
    try {
      expect(await sender.send(`http://127.0.0.1:${standIn}/`, { Type: 'Notification' }, {})).toEqual({
        error: `refused: port ${standIn} is a local stand-in of AWS`,
      });
    } finally {
      await sender.close();
    }
  });
});

/**
 * Local webhook delivery gives each webhook its own pace, as SNS does: a receiver that hangs
 * holds only its own deliveries, and the events leave the queue once every delivery of theirs
 * has ended. The sender here is a stand-in whose answers the test releases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand as QueueAttributes } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedAws, startEmbeddedAws } from '../../infra/local/embedded-aws.js';
import { DELIVERY_QUEUE, LocalWebhookDelivery, type SnsHttpSender } from '../../infra/local/webhooks.js';
import { FileWebhookSubscriptions } from '../../shared/adapters/local/webhook-subscriptions.js';

let aws: EmbeddedAws;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bantin-webhook-fairness-'));
  aws = await startEmbeddedAws({ dataDir, feedsBaseUrl: 'http://localhost:8787/feeds', persist: false });
});

afterAll(async () => {
  await aws?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Answers 200 at once, except to `/slow`, whose requests wait until released. */
class HeldSender {
  readonly sent: string[] = [];
  private readonly held: (() => void)[] = [];
  async send(endpoint: string): Promise<{ status: number }> {
    if (endpoint.endsWith('/slow')) await new Promise<void>((resolve) => this.held.push(resolve));
    this.sent.push(endpoint);
    return { status: 200 };
  }
  get waiting(): number {
    return this.held.length;
  }
  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

describe('local webhook delivery', () => {
  it('delivers to every other webhook while one hangs, and keeps the events until it answers', async () => {
    const subscriptions = new FileWebhookSubscriptions({
      file: join(dataDir, 'webhooks.json'),
      topicArn: aws.topicArn,
      publicBaseUrl: 'http://localhost:8787',
    });
    const sender = new HeldSender();
    const delivery = new LocalWebhookDelivery(aws, subscriptions, sender as unknown as SnsHttpSender);
    await delivery.setup();
    for (const path of ['slow', 'fast']) {
      await subscriptions.register(`https://${path}.example/${path}`, {
        kind: 'source',
        sourceId: 'bao-ha-nam',
      });
      const hook = subscriptions.stored().find((h) => h.endpoint.endsWith(path))!;
      subscriptions.markConfirmationSent(hook.id);
      await subscriptions.confirm(hook.id, hook.token);
    }
    for (let n = 0; n < 25; n++) {
      await aws.clients.sns.send(
        new PublishCommand({
          TopicArn: aws.topicArn,
          Message: `{"n":${n}}`,
          MessageAttributes: { sourceId: { DataType: 'String', StringValue: 'bao-ha-nam' } },
        }),
      );
    }

    // Three batches of ten, taken while the slow receiver has answered nothing.
    for (let n = 0; n < 3; n++) await delivery.pollOnce();
    await until(() => sender.sent.length === 25);
    expect(sender.sent.every((endpoint) => endpoint.endsWith('/fast'))).toBe(true);
    expect(sender.waiting).toBe(25);
    expect(await delivery.idle()).toBe(false);
    expect(await queued()).toBe(25); // not deleted: the slow webhook has not had them

    sender.release();
    await delivery.settle();
    expect(sender.sent).toHaveLength(50);
    expect(await queued()).toBe(0);
    expect(await delivery.idle()).toBe(true);
  });
});

async function queued(): Promise<number> {
  const url = aws.queues[0]!.url.replace(/[^/]+$/, DELIVERY_QUEUE);
  const { Attributes = {} } = await aws.clients.sqs.send(
    new QueueAttributes({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

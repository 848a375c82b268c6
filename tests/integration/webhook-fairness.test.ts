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
  stop(): void {}
}

describe('local webhook delivery', () => {
  it('delivers to every other webhook while one hangs, and keeps the events until it answers', async () => {
    const { delivery, sender } = await deliveryWith('fairness', ['slow', 'fast']);
    await publish(150); // more than a batch: beyond what the old shared limit of 100 held

    for (let n = 0; n < 15; n++) await delivery.pollOnce();
    await until(() => sender.sent.length === 150);
    expect(sender.sent.every((endpoint) => endpoint.endsWith('/fast'))).toBe(true);
    // The hanging receiver has only its own lane's requests open; the rest wait their turn.
    expect(sender.waiting).toBe(10);
    expect(await delivery.idle()).toBe(false);
    expect(await queued()).toBe(150); // not deleted: the slow webhook has not had them

    while (sender.sent.length < 300) {
      sender.release();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await delivery.settle();
    expect(sender.sent).toHaveLength(300);
    expect(await queued()).toBe(0);
    expect(await delivery.idle()).toBe(true);
  });

  it('at a stop, makes no delivery still waiting its turn and keeps its event queued', async () => {
    const { delivery, sender } = await deliveryWith('stop', ['slow']);
    await publish(30);
    for (let n = 0; n < 3; n++) await delivery.pollOnce();
    await until(() => sender.waiting === 10);
    const stopped = delivery.stop();
    sender.release(); // the ten requests under way end
    await stopped;
    expect(sender.sent).toHaveLength(10);
    expect(await queued()).toBe(20); // the others are there for the next start
  });
});

/** A delivery with the given confirmed webhooks (`https://NAME.example/NAME`), all for one source. */
async function deliveryWith(
  file: string,
  names: string[],
): Promise<{ delivery: LocalWebhookDelivery; sender: HeldSender }> {
  const subscriptions = new FileWebhookSubscriptions({
    file: join(dataDir, `${file}.json`),
    topicArn: aws.topicArn,
    publicBaseUrl: 'http://localhost:8787',
  });
  const sender = new HeldSender();
  const delivery = new LocalWebhookDelivery(aws, subscriptions, sender as unknown as SnsHttpSender);
  await delivery.setup();
  for (const name of names) {
    await subscriptions.register(`https://${name}.example/${name}`, {
      kind: 'source',
      sourceId: 'bao-ha-nam',
    });
    const hook = subscriptions.stored().find((h) => h.endpoint.endsWith(name))!;
    subscriptions.markConfirmationSent(hook.id);
    await subscriptions.confirm(hook.id, hook.token);
  }
  return { delivery, sender };
}

async function publish(count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    await aws.clients.sns.send(
      new PublishCommand({
        TopicArn: aws.topicArn,
        Message: `{"n":${n}}`,
        MessageAttributes: { sourceId: { DataType: 'String', StringValue: 'bao-ha-nam' } },
      }),
    );
  }
}

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

/**
 * The local stand-in for Lambda's SQS event source, on the embedded SQS: up to N invocations at
 * once; a message whose handler overruns the visibility timeout is delivered again while the
 * first run goes on; a failed message comes back when its visibility timeout ends, and after
 * maxReceiveCount receives it is in the dead-letter queue. Queues here have a 1-second timeout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedAws, type LocalQueue, startEmbeddedAws } from '../../infra/local/embedded-aws.js';
import { SqsEventSource } from '../../infra/local/event-source.js';

let aws: EmbeddedAws;
let dataDir: string;
let count = 0;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bantin-event-source-'));
  aws = await startEmbeddedAws({ dataDir, feedsBaseUrl: 'http://localhost:8787/feeds' });
});

afterAll(async () => {
  await aws?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function queue(maxReceiveCount: number): Promise<LocalQueue> {
  const name = `test-${++count}`;
  const create = async (queueName: string, attributes: Record<string, string>) => {
    const { QueueUrl } = await aws.clients.sqs.send(
      new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }),
    );
    const { Attributes } = await aws.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  };
  const dlq = await create(`${name}-dlq`, {});
  const main = await create(name, {
    VisibilityTimeout: '1',
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }),
  });
  return { name: 'feeds', url: main.url, arn: main.arn, dlqUrl: dlq.url };
}

function source(q: LocalQueue, concurrency: number, invoke: (event: SQSEvent) => Promise<unknown>) {
  return new SqsEventSource({
    functionName: 'test',
    queue: q,
    batchSize: 1,
    concurrency,
    timeoutSeconds: 60,
    sqs: aws.clients.sqs,
    endWaits: () => aws.endReceiveWaits(q.url),
    region: 'ap-southeast-1',
    invoke,
  });
}

const send = (q: LocalQueue, body: string) =>
  aws.clients.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: body }));

/** A promise and the function that settles it. */
function signal<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('the local SQS event source', () => {
  it('delivers a message again while a run that overran its visibility timeout goes on', async () => {
    const q = await queue(5);
    const again = signal<SQSEvent>();
    const deliveries: { receiveCount: string; at: 'first' | 'again' }[] = [];
    let firstDone = false;
    const events = source(q, 2, async (event) => {
      const record = event.Records[0]!;
      if (deliveries.length === 0) {
        deliveries.push({ receiveCount: record.attributes.ApproximateReceiveCount, at: 'first' });
        await again.promise; // runs on past the 1-second visibility timeout
        firstDone = true;
      } else {
        deliveries.push({ receiveCount: record.attributes.ApproximateReceiveCount, at: 'again' });
        expect(firstDone).toBe(false);
        again.resolve(event);
      }
      return { batchItemFailures: [] } satisfies SQSBatchResponse;
    });
    await send(q, 'slow');
    events.start();
    const second = await again.promise;
    await events.stop();
    expect(second.Records[0]!.body).toBe('slow');
    expect(deliveries).toEqual([
      { receiveCount: '1', at: 'first' },
      { receiveCount: '2', at: 'again' },
    ]);
  });

  it('brings a failed message back after its visibility timeout, then moves it to the dead-letter queue', async () => {
    const q = await queue(2);
    const receives: string[] = [];
    const events = source(q, 1, async (event) => {
      receives.push(event.Records[0]!.attributes.ApproximateReceiveCount);
      return {
        batchItemFailures: [{ itemIdentifier: event.Records[0]!.messageId }],
      } satisfies SQSBatchResponse;
    });
    await send(q, 'always fails');
    events.start();
    let dead: string[] = [];
    for (let poll = 0; poll < 100 && dead.length === 0; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { Messages = [] } = await aws.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: q.dlqUrl }));
      dead = Messages.map((m) => m.Body!);
    }
    await events.stop();
    expect(dead).toEqual(['always fails']);
    expect(receives).toEqual(['1', '2']);
  });

  it('long-polls an idle queue, handing a message over as it comes', async () => {
    const q = await queue(5);
    let receives = 0;
    const sqs = {
      send: (command: ReceiveMessageCommand, options?: object) => {
        if (command instanceof ReceiveMessageCommand) receives++;
        return aws.clients.sqs.send(command, options);
      },
    } as unknown as SQSClient;
    const got = signal<string>();
    const events = new SqsEventSource({
      functionName: 'test',
      queue: q,
      batchSize: 1,
      concurrency: 1,
      timeoutSeconds: 60,
      sqs,
      endWaits: () => aws.endReceiveWaits(q.url),
      region: 'ap-southeast-1',
      invoke: async (event) => got.resolve(event.Records[0]!.body),
    });
    events.start();
    // Idle for a while: one receive waits all along (a short poll would have asked again and again).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await send(q, 'late');
    expect(await got.promise).toBe('late');
    await events.stop();
    expect(receives).toBeLessThanOrEqual(2);
  });

  it('runs up to its concurrency at once, never more', async () => {
    const q = await queue(5);
    const release = signal();
    const full = signal();
    let running = 0;
    let most = 0;
    let done = 0;
    const events = source(q, 3, async () => {
      running++;
      most = Math.max(most, running);
      if (running === 3) full.resolve();
      await release.promise;
      running--;
      done++;
      return { batchItemFailures: [] };
    });
    for (let i = 0; i < 6; i++) await send(q, `m${i}`);
    events.start();
    await full.promise;
    release.resolve();
    for (let poll = 0; poll < 100 && done < 6; poll++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await events.stop();
    expect(most).toBe(3);
    expect(done).toBe(6);
  });
});

/**
 * Stands in for Lambda's SQS event source mapping: one poller per queue hands batches to the
 * function, up to `concurrency` invocations at once. Like Lambda's pollers it long-polls, so a
 * message is picked up as it arrives and an idle queue costs no requests; a batching window
 * keeps a batch open while messages keep coming. The queue does the rest, as in AWS: a
 * received message stays hidden for the queue's visibility timeout, so one whose handler
 * overruns it is delivered again while the first run goes on; a failed message is left alone
 * and comes back when its visibility timeout ends; after maxReceiveCount receives the queue
 * moves it to its dead-letter queue (fauxqs implements the redrive policy).
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalQueue } from './embedded-aws.js';

export interface EventSourceOptions {
  functionName: string;
  queue: LocalQueue;
  batchSize: number;
  /**
   * Lambda's MaximumBatchingWindowInSeconds: how long a batch may wait to fill. Locally it also
   * closes once the queue has stayed empty for QUIET_MS (nothing more is on its way).
   */
  batchingWindowSeconds?: number;
  /** Invocations at once, at most (the mapping's MaximumConcurrency, capped locally). */
  concurrency: number;
  /** Lambda stops an invocation after this; its messages then count as failed. */
  timeoutSeconds: number;
  /**
   * When set, a failed message is visible again after this many seconds instead of at the end
   * of its visibility timeout: tests and `--once` do not wait minutes for a retry.
   */
  retryDelaySeconds?: number;
  sqs: SQSClient;
  /** Ends the long polls waiting on the queue at once (stop() calls it rather than wait them out). */
  endWaits(): void;
  region: string;
  invoke(event: SQSEvent): Promise<unknown>;
  log?: (message: string) => void;
}

/** Seconds a receive waits for a message, as Lambda's pollers do (SQS's longest long poll). */
const LONG_POLL_SECONDS = 20;
/** Within a batching window, a batch closes once no message has come for this long (milliseconds). */
const QUIET_MS = 50;
/** Pause between the receives that fill a batch within its window (milliseconds). */
const FILL_PAUSE_MS = 10;

export class SqsEventSource {
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: EventSourceOptions) {}

  get name(): string {
    return this.options.functionName;
  }

  /** Invocations running now. */
  get busy(): number {
    return this.inFlight.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.poll();
  }

  /** Stops polling and waits for the invocations in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    // Until the poller has stopped: a receive still on its way when the waits end would wait its 20 s.
    let stopped = false;
    const loop = this.loop?.then(() => {
      stopped = true;
    });
    while (loop && !stopped) {
      this.options.endWaits();
      await Promise.race([loop, sleep(20)]);
    }
    this.loop = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Receives one batch (without waiting for one) and runs it to the end; returns how many messages it took. */
  async pollOnce(): Promise<number> {
    const messages = await this.receive(0);
    if (messages.length > 0) await this.run(messages);
    return messages.length;
  }

  /** Resolves when one of the invocations in flight ends (at once when none is). */
  async nextEnd(): Promise<void> {
    if (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  private async poll(): Promise<void> {
    while (this.running) {
      if (this.inFlight.size >= this.options.concurrency) {
        await Promise.race(this.inFlight);
        continue;
      }
      let messages: Message[];
      try {
        messages = await this.receive(LONG_POLL_SECONDS);
      } catch (error) {
        this.options.log?.(`poller ${this.name}: ${describe(error)}`);
        await this.pause(1000);
        continue;
      }
      if (messages.length === 0) continue;
      const run: Promise<void> = this.run(messages).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  }

  /**
   * A batch: what the first receive brings (it waits up to `waitSeconds` for a message), then
   * what comes within the batching window until the batch is full or the queue goes quiet.
   */
  private async receive(waitSeconds: number): Promise<Message[]> {
    const { batchSize, batchingWindowSeconds = 0 } = this.options;
    const messages = await this.receiveUpTo(batchSize, waitSeconds);
    const windowEnds = Date.now() + batchingWindowSeconds * 1000;
    let lastCame = Date.now();
    // Without a window, a receive that brought less than it asked for has emptied the queue.
    let full = messages.length === Math.min(10, batchSize);
    while (messages.length > 0 && messages.length < batchSize && (full || batchingWindowSeconds > 0)) {
      const asked = Math.min(10, batchSize - messages.length);
      const more = await this.receiveUpTo(asked, 0);
      messages.push(...more);
      full = more.length === asked;
      const now = Date.now();
      if (more.length > 0) lastCame = now;
      else if (now >= windowEnds || now - lastCame >= QUIET_MS || !this.running) break;
      else await sleep(FILL_PAUSE_MS);
    }
    return messages;
  }

  /** One ReceiveMessage: at most 10 messages, and at most `most`. */
  private async receiveUpTo(most: number, waitSeconds: number): Promise<Message[]> {
    const { Messages = [] } = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queue.url,
        MaxNumberOfMessages: Math.min(10, most),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return Messages;
  }

  private async run(messages: Message[]): Promise<void> {
    const event: SQSEvent = {
      Records: messages.map((m) => toRecord(m, this.options.queue, this.options.region)),
    };
    let failed: Set<string>;
    try {
      const response = (await withTimeout(
        this.options.invoke(event),
        this.options.timeoutSeconds * 1000,
        `${this.name} timed out after ${this.options.timeoutSeconds} s`,
      )) as SQSBatchResponse | undefined;
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.options.log?.(`${this.name} failed its whole batch: ${describe(error)}`);
      failed = new Set(messages.map((m) => m.MessageId!));
    }
    try {
      await this.settle(messages, failed);
    } catch (error) {
      // The messages come back at the end of their visibility timeout, as after a crash.
      this.options.log?.(`${this.name}: could not settle its batch: ${describe(error)}`);
    }
  }

  /**
   * Deletes what succeeded. A receipt handle stale because the message was delivered again
   * deletes nothing (SQS answers success and keeps the message for its current receiver).
   */
  private async settle(messages: Message[], failed: Set<string>): Promise<void> {
    const { sqs, queue, retryDelaySeconds } = this.options;
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    for (let i = 0; i < done.length; i += 10) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: done.slice(i, i + 10).map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    if (retryDelaySeconds === undefined) return;
    const retry = messages.filter((m) => failed.has(m.MessageId!));
    for (let i = 0; i < retry.length; i += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.url,
          Entries: retry.slice(i, i + 10).map((m, n) => ({
            Id: String(n),
            ReceiptHandle: m.ReceiptHandle!,
            VisibilityTimeout: retryDelaySeconds,
          })),
        }),
      );
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** An error as logs want it: with its stack. */
function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function toRecord(message: Message, queue: LocalQueue, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [
        key,
        {
          dataType: value.DataType ?? 'String',
          stringValue: value.StringValue,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: region,
  };
}

/**
 * Runs the handlers the way Lambda would, from the same topology: a timer per schedule, a
 * poller per queue that hands each batch to its handler as a real SQSEvent and honours
 * `batchItemFailures` (failed messages come back after a short delay; after the queue's
 * maxReceiveCount they move to its dead-letter queue, as SQS does).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type FunctionName, type FunctionSpec, topology } from '../topology.js';
import type { EmbeddedAws, LocalQueue } from './embedded-aws.js';

type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;

/** A local stand-in for something AWS does on its own (e.g. SNS delivering to webhooks), polled like a queue. */
export interface LocalConsumer {
  name: string;
  /** Takes one batch; returns how many messages it took. */
  pollOnce(): Promise<number>;
  /** Nothing waiting and nothing in flight. */
  idle(): Promise<boolean>;
}

export interface RunnerOptions {
  projectRoot: string;
  /** Seconds before a failed message is visible again (Lambda's retry back-off, shortened). */
  retryDelaySeconds?: number;
  log?: (message: string) => void;
}

export class LocalRunner {
  private readonly handlers = new Map<FunctionName, AnyHandler>();
  private readonly timers: NodeJS.Timeout[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly consumers: LocalConsumer[] = [];

  constructor(
    private readonly aws: EmbeddedAws,
    private readonly options: RunnerOptions,
  ) {}

  /** Sets the handlers' environment and imports them, as a Lambda cold start would. */
  async load(): Promise<void> {
    Object.assign(process.env, this.aws.env);
    for (const [name, spec] of functions()) {
      const module = (await import(pathToFileURL(resolve(this.options.projectRoot, spec.entry)).href)) as {
        handler: AnyHandler;
      };
      this.handlers.set(name, module.handler);
    }
  }

  async invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`handler ${name} is not loaded`);
    return handler(event, fakeContext(name, topology.functions[name]));
  }

  /** Receives one batch from the function's queue and runs it; returns how many messages it took. */
  async pollOnce(name: FunctionName): Promise<number> {
    const spec = topology.functions[name];
    if (spec.trigger.kind !== 'queue') throw new Error(`${name} is not triggered by a queue`);
    const queue = this.queue(spec.trigger.queue);
    const messages = await this.receive(queue, spec.trigger.batchSize);
    if (messages.length === 0) return 0;
    const event: SQSEvent = { Records: messages.map((m) => toRecord(m, queue, this.aws.env.AWS_REGION!)) };
    let failed: Set<string>;
    try {
      const response = (await this.invoke(name, event)) as SQSBatchResponse | undefined;
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.options.log?.(`${name} failed its whole batch: ${describe(error)}`);
      failed = new Set(messages.map((m) => m.MessageId!));
    }
    await this.settle(queue, messages, failed);
    return messages.length;
  }

  /** Runs queue consumers until every queue is empty and nothing is in flight. */
  async drain(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const consumers = functions().filter(([, spec]) => spec.trigger.kind === 'queue');
    for (;;) {
      let took = 0;
      for (const [name] of consumers) took += await this.pollOnce(name);
      for (const consumer of this.consumers) took += await consumer.pollOnce();
      if (took > 0) continue;
      const othersIdle = (await Promise.all(this.consumers.map((c) => c.idle()))).every(Boolean);
      if (othersIdle && (await this.allQueuesIdle())) return;
      if (Date.now() > deadline) throw new Error('queues did not drain in time');
      await sleep(200);
    }
  }

  /**
   * Starts the schedules (each fires once at start) and the queue pollers. `schedule`
   * replaces the topology's periods and input, e.g. to poll every few seconds in a demo.
   */
  start(schedule?: { everyMs: number; input: unknown }): void {
    this.running = true;
    for (const [name, spec] of functions()) {
      if (spec.trigger.kind === 'schedule') {
        const fire = () =>
          this.invoke(name, schedule?.input ?? {}).catch((error: unknown) =>
            this.options.log?.(`${name} failed: ${describe(error)}`),
          );
        void fire();
        this.timers.push(setInterval(fire, schedule?.everyMs ?? spec.trigger.everyMinutes * 60_000));
      } else if (spec.trigger.kind === 'queue') {
        this.loops.push(this.pollLoop(name));
      }
    }
    for (const consumer of this.consumers) this.loops.push(this.consumerLoop(consumer));
  }

  /** Adds a consumer that drain() and start() run next to the handlers' queues. */
  addConsumer(consumer: LocalConsumer): void {
    this.consumers.push(consumer);
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled(this.loops);
  }

  private async pollLoop(name: FunctionName): Promise<void> {
    while (this.running) {
      try {
        const took = await this.pollOnce(name);
        if (took === 0) await sleep(500);
      } catch (error) {
        if (!this.running) return;
        this.options.log?.(`poller ${name}: ${describe(error)}`);
        await sleep(1000);
      }
    }
  }

  private async consumerLoop(consumer: LocalConsumer): Promise<void> {
    while (this.running) {
      try {
        if ((await consumer.pollOnce()) === 0) await sleep(500);
      } catch (error) {
        if (!this.running) return;
        this.options.log?.(`${consumer.name}: ${describe(error)}`);
        await sleep(1000);
      }
    }
  }

  private queue(name: string): LocalQueue {
    const queue = this.aws.queues.find((q) => q.name === name);
    if (!queue) throw new Error(`no local queue ${name}`);
    return queue;
  }

  private async receive(queue: LocalQueue, batchSize: number): Promise<Message[]> {
    const messages: Message[] = [];
    while (messages.length < batchSize) {
      const { Messages = [] } = await this.aws.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      messages.push(...Messages);
      if (Messages.length < 10) break;
    }
    return messages;
  }

  private async settle(queue: LocalQueue, messages: Message[], failed: Set<string>): Promise<void> {
    const sqs = this.aws.clients.sqs;
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    const retry = messages.filter((m) => failed.has(m.MessageId!));
    for (let i = 0; i < done.length; i += 10) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: done.slice(i, i + 10).map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    for (let i = 0; i < retry.length; i += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.url,
          Entries: retry.slice(i, i + 10).map((m, n) => ({
            Id: String(n),
            ReceiptHandle: m.ReceiptHandle!,
            VisibilityTimeout: this.options.retryDelaySeconds ?? 2,
          })),
        }),
      );
    }
  }

  private async allQueuesIdle(): Promise<boolean> {
    for (const queue of this.aws.queues) {
      const { Attributes = {} } = await this.aws.clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      const pending =
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
      if (pending > 0) return false;
    }
    return true;
  }
}

/** An error as logs want it: with its stack. */
function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function functions(): [FunctionName, FunctionSpec][] {
  return Object.entries(topology.functions) as [FunctionName, FunctionSpec][];
}

function toRecord(message: Message, queue: LocalQueue, region: string): SQSRecord {
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

function fakeContext(name: string, spec: FunctionSpec): Context {
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `bantin-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:bantin-${name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/bantin-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

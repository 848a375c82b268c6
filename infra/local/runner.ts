/**
 * Runs the handlers the way Lambda would, from the same topology: a timer per schedule, and
 * per queue an event source (event-source.ts) that runs up to N invocations at once and leaves
 * visibility, retries and dead-lettering to the queue, as SQS does.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import type { Platform } from '../../functions/platform.js';
import { type FunctionName, type FunctionSpec, topology } from '../topology.js';
import type { EmbeddedAws, LocalQueue } from './embedded-aws.js';
import { SqsEventSource } from './event-source.js';

type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;
/** What a handler module exports: its factory, given the platform it runs on (functions/platform.ts). */
type HandlerModule = { createHandler(platform: Platform): AnyHandler };

/** A local stand-in for something AWS does on its own (e.g. SNS delivering to webhooks), polled like a queue. */
export interface LocalConsumer {
  name: string;
  /** Takes one batch; returns how many messages it took. */
  pollOnce(): Promise<number>;
  /** Nothing waiting and nothing in flight. */
  idle(): Promise<boolean>;
  /**
   * Idle but for deliveries it keeps retrying (a receiver outside that is down, retried for half
   * an hour): the first round and `--once` do not wait for those (attack run 28: one failing
   * webhook held every schedule back); what a stop leaves stays queued. Without it, `idle`.
   */
  idleButRetries?(): Promise<boolean>;
}

/** Invocations at once per queue consumer locally, unless BANTIN_LOCAL_CONCURRENCY says otherwise. */
export const DEFAULT_LOCAL_CONCURRENCY = 4;

export interface RunnerOptions {
  projectRoot: string;
  /** The platform of one function: its own environment and the stand-ins it may reach. */
  platformFor(name: FunctionName, spec: FunctionSpec): Platform;
  /**
   * Invocations at once per queue consumer, at most; each consumer's topology maxConcurrency
   * caps it too. Default: BANTIN_LOCAL_CONCURRENCY, else 4.
   */
  concurrency?: number;
  /** When set, failed messages come back after this many seconds instead of the queue's visibility timeout. */
  retryDelaySeconds?: number;
  log?: (message: string) => void;
}

export class LocalRunner {
  private readonly handlers = new Map<FunctionName, AnyHandler>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly sources = new Map<FunctionName, SqsEventSource>();
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly consumers: LocalConsumer[] = [];
  private readonly nextRuns = new Map<FunctionName, { at: number; everyMs: number }>();

  constructor(
    private readonly aws: EmbeddedAws,
    private readonly options: RunnerOptions,
  ) {}

  /**
   * Makes each handler from its module's factory with the function's own platform, as a Lambda
   * cold start would: no function sees another's environment or shares its clients.
   */
  async load(): Promise<void> {
    for (const [name, spec] of functions()) {
      const url = pathToFileURL(resolve(this.options.projectRoot, spec.entry)).href;
      const module = (await import(url)) as HandlerModule;
      this.handlers.set(name, module.createHandler(this.options.platformFor(name, spec)));
      if (spec.trigger.kind === 'queue') this.sources.set(name, this.eventSource(name, spec));
    }
  }

  async invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`handler ${name} is not loaded`);
    return handler(event, fakeContext(name, topology.functions[name]));
  }

  /** Invocations at once the local event source of a queue consumer allows. */
  concurrencyOf(name: FunctionName): number {
    const trigger = topology.functions[name].trigger;
    if (trigger.kind !== 'queue') throw new Error(`${name} is not triggered by a queue`);
    const local = this.options.concurrency ?? localConcurrency();
    return Math.max(1, Math.min(local, trigger.maxConcurrency));
  }

  /** Receives one batch from the function's queue and runs it; returns how many messages it took. */
  async pollOnce(name: FunctionName): Promise<number> {
    return this.source(name).pollOnce();
  }

  /**
   * Runs the queue consumers (as start() does) until every queue is empty and nothing is in
   * flight (`retries: false`: deliveries that consumers keep retrying are not waited for);
   * consumers it started stop again.
   */
  async drain(timeoutMs = 120_000, options: { retries?: boolean } = {}): Promise<void> {
    const retries = options.retries ?? true;
    const deadline = Date.now() + timeoutMs;
    const started = !this.running;
    if (started) for (const source of this.sources.values()) source.start();
    try {
      for (;;) {
        let took = 0;
        if (started) for (const consumer of this.consumers) took += await consumer.pollOnce();
        if (took === 0 && (await this.idle(retries))) return;
        if (Date.now() > deadline) throw new Error('queues did not drain in time');
        if (took === 0) await this.nextChange();
      }
    } finally {
      if (started) await Promise.all([...this.sources.values()].map((source) => source.stop()));
    }
  }

  /**
   * Waits until an invocation ends, when one runs: only a handler sends messages (which the
   * pollers take as they come), so nothing changes before that. Otherwise waits a little.
   */
  private async nextChange(): Promise<void> {
    const busy = [...this.sources.values()].filter((source) => source.busy > 0);
    await (busy.length > 0 ? Promise.race(busy.map((source) => source.nextEnd())) : sleep(100));
  }

  /** Starts every queue's event source (and the added consumers), as Lambda's event source mappings do. */
  startConsumers(): void {
    this.running = true;
    for (const source of this.sources.values()) source.start();
    for (const consumer of this.consumers) this.loops.push(this.consumerLoop(consumer));
  }

  /**
   * Starts the schedules, each firing first one period from now. `schedule` replaces the
   * topology's periods and input, e.g. to poll every few seconds in a demo.
   */
  startSchedules(schedule?: { everyMs: number; input: unknown }): void {
    for (const [name, spec] of functions()) {
      if (spec.trigger.kind !== 'schedule') continue;
      const everyMs = schedule?.everyMs ?? spec.trigger.everyMinutes * 60_000;
      const fire = () => {
        this.nextRuns.set(name, { at: Date.now() + everyMs, everyMs });
        this.invoke(name, schedule?.input ?? {}).catch((error: unknown) =>
          this.options.log?.(`${name} failed: ${describe(error)}`),
        );
      };
      this.nextRuns.set(name, { at: Date.now() + everyMs, everyMs });
      this.timers.push(setInterval(fire, everyMs));
    }
  }

  /** When a scheduled function runs next, and its period; undefined before its schedule starts. */
  nextRun(name: FunctionName): { at: Date; everyMs: number } | undefined {
    const next = this.nextRuns.get(name);
    return next && { at: new Date(next.at), everyMs: next.everyMs };
  }

  /**
   * Resolves once the running event sources have emptied every queue (or the service stops),
   * deliveries that consumers keep retrying aside.
   */
  async settled(): Promise<void> {
    while (this.running) {
      if (await this.idle(false)) return;
      await sleep(300);
    }
  }

  /** Adds a consumer that drain() and startConsumers() run next to the handlers' queues. */
  addConsumer(consumer: LocalConsumer): void {
    this.consumers.push(consumer);
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([...this.sources.values()].map((source) => source.stop()));
    await Promise.allSettled(this.loops);
  }

  private eventSource(name: FunctionName, spec: FunctionSpec): SqsEventSource {
    if (spec.trigger.kind !== 'queue') throw new Error(`${name} is not triggered by a queue`);
    const queue = this.queue(spec.trigger.queue);
    return new SqsEventSource({
      functionName: name,
      queue,
      batchSize: spec.trigger.batchSize,
      batchingWindowSeconds: spec.trigger.maxBatchingWindowSeconds,
      concurrency: this.concurrencyOf(name),
      timeoutSeconds: spec.timeoutSeconds,
      retryDelaySeconds: this.options.retryDelaySeconds,
      sqs: this.aws.clients.sqs,
      endWaits: () => this.aws.endReceiveWaits(queue.url),
      region: this.aws.env.AWS_REGION!,
      invoke: (event: SQSEvent) => this.invoke(name, event),
      log: this.options.log,
    });
  }

  private source(name: FunctionName): SqsEventSource {
    const source = this.sources.get(name);
    if (!source) throw new Error(`${name} is not a loaded queue consumer`);
    return source;
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

  /** Nothing waiting, hidden or delayed in any queue, no invocation running, every other consumer idle. */
  private async idle(retries: boolean): Promise<boolean> {
    if ([...this.sources.values()].some((source) => source.busy > 0)) return false;
    const idle = (c: LocalConsumer) => (retries || !c.idleButRetries ? c.idle() : c.idleButRetries());
    if (!(await Promise.all(this.consumers.map(idle))).every(Boolean)) return false;
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

/** BANTIN_LOCAL_CONCURRENCY, a whole number of at least 1; 4 when unset. */
export function localConcurrency(value = process.env.BANTIN_LOCAL_CONCURRENCY): number {
  if (value === undefined || value.trim() === '') return DEFAULT_LOCAL_CONCURRENCY;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`BANTIN_LOCAL_CONCURRENCY must be a whole number of at least 1, not "${value}"`);
  }
  return n;
}

/** An error as logs want it: with its stack. */
function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function functions(): [FunctionName, FunctionSpec][] {
  return Object.entries(topology.functions) as [FunctionName, FunctionSpec][];
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

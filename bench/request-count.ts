/**
 * Counts the AWS requests of a stretch of work, by function: a middleware goes on the stack of
 * every SDK client at its first send (each function makes its own clients from its platform),
 * and a request is charged to the function whose invocation made it (else to `runner`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MiddlewareStack } from '@smithy/types';

export interface RequestCounter {
  /** Runs one invocation of `fn`: the requests it makes are charged to it. */
  within<T>(fn: string, work: () => Promise<T>): Promise<T>;
  start(): void;
  stop(): void;
  /** `function service.Command` → requests, while started. */
  readonly counts: Map<string, number>;
}

/** The SDK clients Bantin's functions make, by the service their requests are billed under. */
const CLIENT_CLASSES = [
  ['dynamodb', DynamoDBClient],
  ['dynamodb', DynamoDBDocumentClient],
  ['s3', S3Client],
  ['sns', SNSClient],
  ['sqs', SQSClient],
] as const;
export type CountedService = (typeof CLIENT_CLASSES)[number][0];

/**
 * Calls `instrument` once with the middleware stack of every client of these kinds, at its first
 * send: each function makes its own clients from its platform (functions/platform.ts), so a
 * bench cannot reach them before. A document client shares its client's stack: instrumented once.
 */
export function onEveryClient(
  instrument: (service: CountedService, stack: MiddlewareStack<object, object>) => void,
): void {
  const seen = new WeakSet<object>();
  const instrumented = new WeakSet<object>();
  for (const [service, type] of CLIENT_CLASSES) {
    const prototype = type.prototype as unknown as {
      send: (...args: unknown[]) => unknown;
      middlewareStack: MiddlewareStack<object, object>;
      handlers?: unknown;
    };
    const send = prototype.send;
    prototype.send = function (this: typeof prototype, ...args: unknown[]) {
      if (!seen.has(this.middlewareStack)) {
        seen.add(this.middlewareStack);
        instrument(service, this.middlewareStack);
      }
      // A client that caches its middleware chains (cacheMiddleware) builds them again with it.
      if (this.handlers && !instrumented.has(this)) this.handlers = undefined;
      instrumented.add(this);
      return send.apply(this, args);
    };
  }
}

export function countRequests(): RequestCounter {
  const current = new AsyncLocalStorage<string>();
  const counts = new Map<string, number>();
  let counting = false;
  onEveryClient((service, stack) =>
    stack.add(
      (next, context) => async (request) => {
        if (counting) {
          const key = `${current.getStore() ?? 'runner'} ${service}.${(context.commandName ?? '').replace(/Command$/, '')}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return next(request);
      },
      { step: 'initialize', name: `benchRequestCount-${service}` },
    ),
  );
  return {
    within: (fn, work) => current.run(fn, work),
    start: () => {
      counting = true;
    },
    stop: () => {
      counting = false;
    },
    counts,
  };
}

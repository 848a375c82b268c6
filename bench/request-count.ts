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

export function countRequests(): RequestCounter {
  const current = new AsyncLocalStorage<string>();
  const counts = new Map<string, number>();
  let counting = false;
  const counted = new WeakSet<object>();
  const classes = [
    ['dynamodb', DynamoDBClient],
    ['dynamodb', DynamoDBDocumentClient],
    ['s3', S3Client],
    ['sns', SNSClient],
    ['sqs', SQSClient],
  ] as const;
  for (const [service, type] of classes) {
    const prototype = type.prototype as unknown as {
      send: (...args: unknown[]) => unknown;
      middlewareStack: MiddlewareStack<object, object>;
    };
    const send = prototype.send;
    prototype.send = function (this: typeof prototype, ...args: unknown[]) {
      // A document client shares its client's stack: one middleware counts both.
      if (!counted.has(this.middlewareStack)) {
        counted.add(this.middlewareStack);
        this.middlewareStack.add(
          (next, context) => async (request) => {
            if (counting) {
              const key = `${current.getStore() ?? 'runner'} ${service}.${(context.commandName ?? '').replace(/Command$/, '')}`;
              counts.set(key, (counts.get(key) ?? 0) + 1);
            }
            return next(request);
          },
          { step: 'initialize', name: `benchRequestCount-${service}` },
        );
      }
      return send.apply(this, args);
    };
  }
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

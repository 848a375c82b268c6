import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { sqsHandler } from '../../../functions/sqs-handler.js';
import { sqsRecord } from '../../support/sqs-record.js';

const Message = JSONStringified(z.object({ n: z.number().int() }).strict());

const batch = (...bodies: [string, string][]): SQSEvent => ({
  Records: bodies.map(([id, body]) => sqsRecord(body, { messageId: id })),
});

/** A logger that keeps what it is given. */
function recordingLogger() {
  const errors: { message: string; details: unknown[] }[] = [];
  return {
    errors,
    debug() {},
    warn() {},
    error(message: string, ...details: unknown[]) {
      errors.push({ message, details });
    },
  };
}

describe('sqsHandler, one message at a time', () => {
  it('handles each readable message in order and fails exactly the others, logging each with its stack', async () => {
    const logger = recordingLogger();
    const seen: number[] = [];
    const handler = sqsHandler({
      logger: logger as never,
      what: 'test message',
      body: Message,
      async handle(message, { messageId }) {
        if (message.n === 3) throw new Error(`cannot handle ${messageId}`);
        seen.push(message.n);
      },
    });
    const response = await handler(
      batch(['a', '{"n":1}'], ['b', 'not json'], ['c', '{"n":"two"}'], ['d', '{"n":3}'], ['e', '{"n":4}']),
    );
    expect(seen).toEqual([1, 4]);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['b', 'c', 'd']);
    expect(logger.errors.map((e) => e.message)).toEqual(Array(3).fill('test message failed'));
    const logged = logger.errors.map((e) => e.details[0] as { messageId: string; error: Error });
    expect(logged.map((d) => d.messageId)).toEqual(['b', 'c', 'd']);
    expect(logged[0]!.error.message).toMatch(/Invalid JSON/);
    expect(logged[1]!.error.message).toMatch(/body\.n/);
    expect(logged[2]!.error.message).toBe('cannot handle d');
    for (const { error } of logged) expect(error.stack).toContain('Error');
  });

  it('answers a batch that failed entirely with every message, without throwing', async () => {
    const handler = sqsHandler({
      logger: recordingLogger() as never,
      what: 'test message',
      body: Message,
      handle: async () => {},
    });
    const response = await handler(batch(['a', '{}'], ['b', '[]']));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }]);
  });
});

describe('sqsHandler, a whole batch at once', () => {
  it('hands over the readable messages together and fails the unreadable ones alone', async () => {
    const batches: number[][] = [];
    const handler = sqsHandler({
      logger: recordingLogger() as never,
      what: 'test message',
      body: Message,
      async handleBatch(messages) {
        batches.push(messages.map((m) => m.n));
      },
    });
    const response = await handler(batch(['a', '{"n":1}'], ['b', '{"x":1}'], ['c', '{"n":2}']));
    expect(batches).toEqual([[1, 2]]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
  });

  it('does not call the batch step when nothing is readable', async () => {
    let called = false;
    const handler = sqsHandler({
      logger: recordingLogger() as never,
      what: 'test message',
      body: Message,
      handleBatch: async () => {
        called = true;
      },
    });
    expect((await handler(batch(['a', 'oops']))).batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    expect(called).toBe(false);
  });

  it('fails the whole batch (so SQS delivers it again) when the batch step throws, and logs why', async () => {
    const logger = recordingLogger();
    const handler = sqsHandler({
      logger: logger as never,
      what: 'test message',
      body: Message,
      handleBatch: async () => {
        throw new Error('store unavailable');
      },
    });
    await expect(handler(batch(['a', '{"n":1}']))).rejects.toThrow('store unavailable');
    expect(logger.errors).toHaveLength(1);
    expect((logger.errors[0]!.details[0] as Error).message).toBe('store unavailable');
  });
});

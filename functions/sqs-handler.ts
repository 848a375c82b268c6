/**
 * The one shape of a queue consumer. Powertools' BatchProcessor runs each record, whose body is
 * parsed with the queue's body schema (here, not by Powertools' parser, which bundles all of
 * zod with its locales into every consumer's cold start); a message that does not parse, or
 * whose handling throws, fails alone (batchItemFailures: SQS retries it, then moves it to the
 * dead-letter queue) and is logged with its stack. Messages are handled one at a time.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ValidationError } from '../shared/domain/validation.js';
import * as z from '../shared/domain/zod.js';

interface Consumer<S extends z.core.$ZodType> {
  logger: Pick<Logger, 'debug' | 'warn' | 'error'>;
  /** What a message is, for logs: `ingest request`, `article event`. */
  what: string;
  /** Parses a message body (a string): `JSONStringified(schema)` for JSON messages. */
  body: S;
}

/** Each message on its own: a throw fails that message alone. */
interface PerMessage<S extends z.core.$ZodType> extends Consumer<S> {
  handle(message: z.output<S>, record: { messageId: string }): Promise<void>;
}

/**
 * The batch's readable messages at once (e.g. one write per feed for a whole batch): a throw
 * fails the whole batch, which SQS delivers again.
 */
interface PerBatch<S extends z.core.$ZodType> extends Consumer<S> {
  handleBatch(messages: z.output<S>[]): Promise<void>;
}

export function sqsHandler<S extends z.core.$ZodType>(
  consumer: PerMessage<S> | PerBatch<S>,
): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    // One processor per batch: its state (failures, records) belongs to this invocation.
    const processor = new BatchProcessor(EventType.SQS, { logger: consumer.logger });
    const readable: z.output<S>[] = [];
    const handleRecord = async (record: SQSRecord) => {
      const message = parseBody(consumer.body, record.body);
      if ('handle' in consumer) await consumer.handle(message, record);
      else readable.push(message);
    };
    const response = await processPartialResponse(event, handleRecord, processor, {
      ...(context ? { context } : {}),
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
    processor.failureMessages.forEach((record, i) => {
      // The logger writes an Error with its name, message, stack and cause.
      consumer.logger.error(`${consumer.what} failed`, {
        messageId: (record as SQSRecord).messageId,
        error: processor.errors[i],
      });
    });
    if ('handleBatch' in consumer && readable.length > 0) {
      try {
        await consumer.handleBatch(readable);
      } catch (error) {
        consumer.logger.error(`${consumer.what} batch failed; the whole batch is retried`, error as Error);
        throw error;
      }
    }
    return response;
  };
}

/** The record's body by the queue's schema; the error names each bad field under `body`. */
function parseBody<S extends z.core.$ZodType>(schema: S, body: string): z.output<S> {
  const result = z.safeParse(schema, body);
  if (result.success) return result.data;
  throw new ValidationError(
    'message',
    result.error.issues.map((issue) => ({
      path: ['body', ...issue.path].map(String).join('.'),
      message: issue.message,
    })),
  );
}

/**
 * A JSON message body parsed by `schema` (Powertools' JSONStringified, written here: its module
 * imports zod's namespace object, which keeps all of zod in the bundle).
 */
export function jsonBody<S extends z.core.$ZodType>(schema: S) {
  return z.pipe(
    z.pipe(
      z.string(),
      z.transform((text: string, context) => {
        try {
          return JSON.parse(text) as unknown;
        } catch (error) {
          context.issues.push({
            code: 'custom',
            message: `Invalid JSON - ${(error as Error).message}`,
            input: text,
            continue: false,
          });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );
}

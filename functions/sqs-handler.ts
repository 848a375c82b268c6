/**
 * The one shape of a queue consumer. Powertools' BatchProcessor parses each record with the
 * parser's SQS record schema and the queue's body schema; a message that does not parse, or
 * whose handling throws, fails alone (batchItemFailures: SQS retries it, then moves it to the
 * dead-letter queue) and is logged with its stack. Messages are handled one at a time.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';

interface Consumer<S extends z.ZodType> {
  logger: Pick<Logger, 'debug' | 'warn' | 'error'>;
  /** What a message is, for logs: `ingest request`, `article event`. */
  what: string;
  /** Parses a message body (a string): `JSONStringified(schema)` for JSON messages. */
  body: S;
}

/** Each message on its own: a throw fails that message alone. */
interface PerMessage<S extends z.ZodType> extends Consumer<S> {
  handle(message: z.output<S>, record: { messageId: string }): Promise<void>;
}

/**
 * The batch's readable messages at once (e.g. one write per feed for a whole batch): a throw
 * fails the whole batch, which SQS delivers again.
 */
interface PerBatch<S extends z.ZodType> extends Consumer<S> {
  handleBatch(messages: z.output<S>[]): Promise<void>;
}

export function sqsHandler<S extends z.ZodType>(
  consumer: PerMessage<S> | PerBatch<S>,
): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    // One processor per batch: its state (failures, records) belongs to this invocation.
    const processor = new BatchProcessor(EventType.SQS, {
      parser,
      innerSchema: consumer.body,
      logger: consumer.logger,
    });
    const readable: z.output<S>[] = [];
    const handleRecord = async (record: Omit<SQSRecord, 'body'> & { body: z.output<S> }) => {
      if ('handle' in consumer) await consumer.handle(record.body, record);
      else readable.push(record.body);
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

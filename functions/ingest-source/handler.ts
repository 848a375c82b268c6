/** SQS ingest queue: polls the requested source, stores new articles, publishes their events. */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { IngestRequestSchema } from '../../shared/domain/events.js';
import { fetchResource } from '../../shared/ingest/fetch/fetcher.js';
import { type IngestDeps, ingestSource } from '../../shared/ingest/ingest-source.js';
import {
  articlesFromEnv,
  contentFromEnv,
  createLogger,
  eventsFromEnv,
  loopbackAllowed,
  parseMessage,
  sourcesFromEnv,
} from '../wiring.js';

const logger = createLogger('ingest-source');
const processor = new BatchProcessor(EventType.SQS);
const deps: IngestDeps = {
  sources: sourcesFromEnv(),
  articles: articlesFromEnv(),
  content: contentFromEnv(),
  events: eventsFromEnv(),
  fetch: fetchResource,
  allowLoopback: loopbackAllowed(),
  log: (level, message, details) => logger[level](message, details ?? {}),
};

async function handleRecord(record: SQSRecord): Promise<void> {
  const request = parseMessage(IngestRequestSchema, record.body, 'ingest request');
  const outcome = await ingestSource(request.sourceId, deps);
  if (outcome) logger.info('source polled', { ...outcome, warnings: outcome.warnings.slice(0, 20) });
}

// A batch whose every record failed is still answered record by record, not thrown: a bad
// record fails alone (and reaches the dead-letter queue), and the invocation does not count as an error.
export const handler = (event: SQSEvent) =>
  processPartialResponse(event, handleRecord, processor, { throwOnFullBatchFailure: false });

/** SQS ingest queue: polls the requested source, stores new articles, publishes their events. */
import { IngestRequestSchema } from '../../shared/domain/events.js';
import { fetchResource } from '../../shared/ingest/fetch/fetcher.js';
import { type IngestDeps, ingestSource } from '../../shared/ingest/ingest-source.js';
import { contentFromEnv } from '../bucket-wiring.js';
import { eventsFromEnv } from '../event-wiring.js';
import { jsonBody, sqsHandler } from '../sqs-handler.js';
import { articlesFromEnv, createLogger, logTo, loopbackAllowed, sourcesFromEnv } from '../wiring.js';

const logger = createLogger('ingest-source');
const deps: IngestDeps = {
  sources: sourcesFromEnv(),
  articles: articlesFromEnv(),
  content: contentFromEnv(),
  events: eventsFromEnv(),
  fetch: fetchResource,
  allowLoopback: loopbackAllowed(),
  log: logTo(logger),
};

export const handler = sqsHandler({
  logger,
  what: 'ingest request',
  body: jsonBody(IngestRequestSchema),
  async handle(request) {
    const outcome = await ingestSource(request.sourceId, deps);
    if (outcome) logger.info('source polled', { ...outcome, warnings: outcome.warnings.slice(0, 20) });
  },
});
